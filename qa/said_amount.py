"""「离岛免税办那24.94万主要花在哪些方面」「那笔173万的其他商业服务业支出主要是办什么活动」: a use question that
says an amount points at the item printing that amount (rounded as said); its answer is the use printed after
it (「主要用于…」), else the reason printed there (「其他支出58.22，…主要原因是司法救助案件…增多」)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from index.vocabulary import SAID_AMOUNT
from qa.answer import Answer
from qa.compose import doc_label, passage_source
from qa.reasons import _REASON, _USE, _read_on, asks_use
from qa.understand import Query

if TYPE_CHECKING:
    from qa.engine import Engine

_SAID = re.compile(SAID_AMOUNT)
# a number printed in the text, with its unit when one follows (「58.22，较…」 prints none)
_PRINTED = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万元|亿元|万|元)?")
_SCALE = {"万": Decimal(10000), "亿": Decimal(100000000), "": Decimal(1)}


def said_amount(text: str) -> tuple[Decimal, int, str] | None:
    """The amount a question says (「那笔173万」「58.22万元」): its number, the decimals it is said with, its
    unit (万, 亿 or 元); None when it says none."""
    m = _SAID.search(text)
    if m is None:
        return None
    try:
        value = Decimal(m["n"])
    except InvalidOperation:
        return None
    places = len(m["n"].split(".")[1]) if "." in m["n"] else 0
    return value, places, m["unit"] if m["unit"] in {"万", "亿"} else ""


def _matches(printed: re.Match[str], said: tuple[Decimal, int, str]) -> bool:
    """Is the printed number the amount said, rounded (or cut) to the decimals it was said with?"""
    value, places, unit = said
    printed_unit = (printed[3] or "").rstrip("元") or ("" if printed[3] else unit)
    if printed_unit != unit:
        return False
    number = Decimal(printed[1].replace(",", "") + (printed[2] or ""))
    step = Decimal(1).scaleb(-places)
    return number.quantize(step) == value or (number // step) * step == value


def _asked_words(q: Query) -> set[str]:
    from qa.passages_fallback import bigrams

    return bigrams(_SAID.sub("", q.subject or "")) - bigrams("".join(q.named_as))


def amount_use(eng: Engine, q: Query, docs: list) -> Answer | None:
    """The use (else the reason) printed after the figure a use question says; None when it says no amount
    or no printed figure of that amount is followed by one."""
    if not asks_use(q) or (said := said_amount(q.text)) is None:
        return None
    from qa.passages_fallback import bigrams

    wanted = _asked_words(q)
    # (overlap of the item's words with the figure's sentence, document, paragraphs, i, sentence start, figure end)
    places = []
    for d in docs:
        paragraphs = eng.store.facts.paragraphs(d.doc_id)
        for i, para in enumerate(paragraphs):
            text = para["text"]
            for m in _PRINTED.finditer(text):
                if _matches(m, said):
                    opening = max(text.rfind(stop, 0, m.start()) for stop in "。；：:") + 1
                    overlap = len(wanted & bigrams(text[opening : m.start()]))
                    places.append((overlap, d, paragraphs, i, opening, m.end()))
    places.sort(key=lambda p: -p[0])  # the figure printed with the item's words first, else in page order
    for cue in (_USE, _REASON):
        for _, d, paragraphs, i, at, end in places:
            found = _read_on(paragraphs, i, end, cue)
            if found is None:
                continue
            k, words = found
            p = paragraphs[k]
            sources = [passage_source(d, paragraphs[i], paragraphs[i]["text"][at:].strip())] if k != i else []
            quote = paragraphs[i]["text"][at:] if k == i else p["text"]
            quote = quote[: quote.find(words) + len(words)] if words in quote else quote
            return Answer(
                question=q.text,
                kind="passage",
                text=f"{words}\n来源：{doc_label(d)} · {p['heading'] or '说明'}",
                sources=[*sources, passage_source(d, p, quote.strip())],
                context={"doc_ids": [d.doc_id]},
            )
    return None
