"""A money figure printed without its 万: 「收入预算为259.5万元，比上年减少40.11元」 beside 「支出预算259.5万元，
比上年减少40.11万元」 — the same change of the same whole, its digits printed twice, once in 元 and once in 万元.

Which printing is right is not ours to decide in silence: the answer leads with the one printed in the unit of
its sentence's whole (万元) and says the document prints the other too, both cited.
"""

from __future__ import annotations

import re
from decimal import Decimal

from index.facts import Fact
from index.names import FactIndex

_WAN = Decimal(10_000)
# the last money figure printed before a change in its sentence: the whole it is the change of
_WHOLE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万元")


def _whole_before(f: Fact) -> str:
    at = f.printed_at()
    found = _WHOLE.findall(f.quote[: max(at, 0)])
    return found[-1].replace(",", "") if found else ""


def printed_in_wan(f: Fact, index: FactIndex) -> Fact | None:
    """The same figure of the same whole printed in 万元 elsewhere in the document, when ``f`` is a sentence
    figure printed in bare 元 right after a whole printed in 万元; else None."""
    if f.origin != "text" or f.unit != "元" or f.printed_unit != "元":
        return None
    whole = _whole_before(f)
    if not whole:
        return None
    for g in index.facts:
        if (
            g.doc_id == f.doc_id
            and g.origin == "text"
            and g.printed_unit == "万元"
            and g.measure == f.measure
            and g.direction == f.direction
            and g.value == f.value * _WAN
            and _whole_before(g) == whole
        ):
            return g
    return None


def printed_clause(f: Fact) -> str:
    """The words from the whole's clause to the figure: 「支出预算259.5万元，比上年减少40.11万元」."""
    at = f.printed_at()
    if at < 0:
        return f.printed
    end = at + len(f.printed)
    wholes = list(_WHOLE.finditer(f.quote, 0, at))
    start = wholes[-1].start() if wholes else at
    start = max(f.quote.rfind(p, 0, start) for p in "，。；;") + 1
    return f.quote[start:end]
