"""Score one answer (the ``ask --json`` contract) against one gold question.

One pure function, :func:`score`, used by ``budgetqa eval`` and by CI, so a
question passes or fails for the same reason everywhere.  Money is compared
with ``Decimal`` at the precision of the gold's printed display: a figure
printed as 490.00万元 is only known to 100元, so any answer within half a step
of the gold passes.  Grounding is scored apart from correctness: a right number
whose cited quote does not print it is still a grounding failure.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from index.numbers import (
    MONEY_UNITS,
    NUMBER_RE,
    chinese_to_arabic,
    decimals_of,
    normalize_text,
    precision_yuan,
)
from index.vocabulary import NONE_SAID

TYPES = ("amount", "count", "percent", "text", "list", "not_found")
FIGURE_TYPES = ("amount", "count", "percent")
PERCENT_TOLERANCE = Decimal("0.01")

# A printed money figure in a gold display: "490.00万元", "4,900,000元", "1.5 万元".
_DISPLAY_RE = re.compile(
    r"(?P<sign>[-−])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)?"
)
# Characters that, printed right after a number, say it is not money (count units, %, dates).
# A count character only counts as a unit when no other CJK character follows: "54人，" is a count,
# "17,123.19 项目支出" is not ("项" starts the next label).
_NON_MONEY_AFTER = re.compile(r"\s*(?:%|[年月日]|[人辆个项台套家名位次件户座条所](?![\u4e00-\u9fff]))")
_MONEY_AFTER = re.compile(r"\s*(?P<unit>亿元|万元|元)")
# Budget count words that mean the same thing ("编制54名" = "编制54人"; 台（套） counts 台 or 套).
_COUNT_ALIASES = {"名": "人", "位": "人", "套": "台", "件": "个", "项": "个", "批次": "批"}
_GENERIC_COUNT = "个"  # the generic classifier: compatible with any count unit
_NOT_COUNT_UNITS = {"%", *MONEY_UNITS}


@dataclass
class Score:
    """Outcome for one question; ``grounded`` is None where grounding does not apply."""

    passed: bool
    reason: str  # why it failed ("" when passed)
    grounded: bool | None  # figure questions with a figure: is figures[0] printed in its cited quote?
    grounding_reason: str  # why grounding failed ("" when grounded or not applicable)
    expected: str  # the gold, human-readable
    got: str  # the answer, human-readable (kind, first line of text, figures[0])

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def score(question: dict[str, Any], answer: dict[str, Any]) -> Score:
    """Score ``answer`` (an ``Answer.to_dict()``) against gold ``question`` (one question-file line)."""
    qtype = question.get("type", "")
    gold = question.get("gold") or {}
    expected = describe_gold(qtype, gold)
    got = describe_answer(answer)
    grounded, grounding_reason = (None, "")
    if qtype in FIGURE_TYPES and _figures(answer):
        grounded, grounding_reason = check_grounding(answer)
    passed, reason = _judge(qtype, gold, answer)
    return Score(passed, "" if passed else reason, grounded, grounding_reason, expected, got)


def _judge(qtype: str, gold: dict[str, Any], answer: dict[str, Any]) -> tuple[bool, str]:
    kind = answer.get("kind", "")
    if kind == "error":
        return False, f"engine error: {_first_line(answer.get('text', ''))}"
    if qtype == "not_found":
        if kind == "not_found":
            return True, ""
        return False, f"answered instead of not found (kind {kind})"
    if kind == "not_found":
        return False, "said not found"
    if kind == "clarify":
        return False, "asked to clarify: " + " / ".join(str(o) for o in answer.get("options") or [])
    if qtype == "amount":
        return _judge_amount(gold, answer)
    if qtype == "count":
        return _judge_count(gold, answer)
    if qtype == "percent":
        return _judge_percent(gold, answer)
    if qtype == "text":
        return _judge_text(gold, answer)
    if qtype == "list":
        return _judge_list(gold, answer)
    return False, f"unknown question type {qtype!r}"


# --- figure types -------------------------------------------------------------------------------


def _judge_amount(gold: dict[str, Any], answer: dict[str, Any]) -> tuple[bool, str]:
    fig = _first_figure(answer)
    if fig is None:
        return False, "no figure in the answer"
    target = to_decimal(gold.get("yuan"))
    if target is None:
        return False, "gold.yuan is not a number"
    step = display_step(str(gold.get("display", "")))
    value = to_decimal(fig.get("value"))
    if value is None:
        return False, f"figures[0].value {fig.get('value')!r} is not a number"
    if fig.get("unit") != "元":
        return False, f"figures[0] unit is {fig.get('unit')!r}, money must be in 元"
    if abs(value - target) * 2 <= step:
        return True, ""
    hint = _other_figure_hint(answer, lambda f: f.get("unit") == "元" and _close(f, target, step))
    return False, f"wrong amount: {_plain(value)}元, expected {_plain(target)}元 ± {_plain(step / 2)}{hint}"


def _judge_count(gold: dict[str, Any], answer: dict[str, Any]) -> tuple[bool, str]:
    fig = _first_figure(answer)
    if fig is None:
        return False, "no figure in the answer"
    target = to_decimal(gold.get("value"))
    value = to_decimal(fig.get("value"))
    if value is None or target is None:
        return False, f"figures[0].value {fig.get('value')!r} is not a number"
    gold_unit, unit = str(gold.get("unit", "")), str(fig.get("unit", ""))
    if not units_compatible(gold_unit, unit):
        return False, f"figures[0] unit is {unit!r}, expected {gold_unit!r}"
    if value != target:
        hint = _other_figure_hint(answer, lambda f: to_decimal(f.get("value")) == target)
        return False, f"wrong count: {_plain(value)}{unit}, expected {_plain(target)}{gold_unit}{hint}"
    return True, ""


def _judge_percent(gold: dict[str, Any], answer: dict[str, Any]) -> tuple[bool, str]:
    fig = _first_figure(answer)
    if fig is None:
        return False, "no figure in the answer"
    target = to_decimal(gold.get("value"))
    value = to_decimal(fig.get("value"))
    if value is None or target is None:
        return False, f"figures[0].value {fig.get('value')!r} is not a number"
    if normalize_text(str(fig.get("unit", ""))) not in ("%", ""):
        return False, f"figures[0] unit is {fig.get('unit')!r}, expected %"
    if abs(value - target) <= PERCENT_TOLERANCE:
        return True, ""
    return False, f"wrong percentage: {_plain(value)}%, expected {_plain(target)}% ± {PERCENT_TOLERANCE}"


def display_step(display: str) -> Decimal:
    """How exact a gold display is, in 元 (490.00万元 → 100; 4,900,000元 or 873,617.00元 → 1).

    Figures printed in 元 are taken as exact to 1元 even when fen are printed, as
    the issue says; a display with no unit is read as 元.
    """
    m = _DISPLAY_RE.search(normalize_text(display))
    if not m:
        return Decimal(1)
    unit = m.group("unit") or "元"
    return max(precision_yuan(m.group("num"), unit), Decimal(1))


def display_yuan(display: str) -> Decimal | None:
    """The value in 元 of a gold display ("490.00万元" → 4900000), or None when none is printed."""
    m = _DISPLAY_RE.search(normalize_text(display))
    if not m:
        return None
    value = Decimal(m.group("num").replace(",", "")) * MONEY_UNITS[m.group("unit") or "元"]
    return -value if m.group("sign") else value


def units_compatible(gold_unit: str, unit: str) -> bool:
    """Count units match: equal after NFKC and aliasing (名→人, 套→台, 项→个, 批次→批); "" or a bare 个 match any count
    unit."""
    a, b = _unit_words(gold_unit), _unit_words(unit)
    if not a or not b:
        return True
    if a & b:
        return True
    if a & _NOT_COUNT_UNITS or b & _NOT_COUNT_UNITS:
        return False
    # Only a printed 个 is generic: 项 means 个 for projects, but not 个 of anything (项 ≠ 人).
    return _GENERIC_COUNT in (_fold(gold_unit), _fold(unit))


def _unit_words(unit: str) -> set[str]:
    """ "台（套）" → {"台"}; "名" → {"人"}; "" → set()."""
    words = re.split(r"[()/、\s]+", normalize_text(unit).strip())
    return {_COUNT_ALIASES.get(w, w) for w in words if w}


# --- text types ---------------------------------------------------------------------------------


def _judge_text(gold: dict[str, Any], answer: dict[str, Any]) -> tuple[bool, str]:
    phrases = [p for p in gold.get("any") or [] if isinstance(p, str)]
    haystacks = [_fold(answer.get("text", ""))]
    haystacks += [_fold(s.get("quote", "")) for s in answer.get("sources") or [] if isinstance(s, dict)]
    for phrase in phrases:
        needle = _fold(phrase)
        if needle and any(needle in h for h in haystacks):
            return True, ""
    return False, "none of the expected phrases in the answer or its quotes"


def _judge_list(gold: dict[str, Any], answer: dict[str, Any]) -> tuple[bool, str]:
    text = _fold(answer.get("text", ""))
    missing = [item for item in gold.get("all") or [] if _fold(str(item)) not in text]
    if missing:
        return False, f"missing {len(missing)} of {len(gold.get('all') or [])}: " + "、".join(missing)
    return True, ""


def _fold(text: str) -> str:
    """NFKC, no whitespace, case-folded: how text and quotes are compared."""
    return re.sub(r"\s+", "", normalize_text(str(text))).casefold()


# --- grounding ----------------------------------------------------------------------------------


def check_grounding(answer: dict[str, Any]) -> tuple[bool, str]:
    """Is figures[0] cited, and does the cited quote print it (in 元, 万元 or 亿元, at the quote's precision)?"""
    fig = _first_figure(answer)
    if fig is None:
        return False, "no figure"
    src = fig.get("source")
    sources = answer.get("sources") or []
    if not isinstance(src, int) or isinstance(src, bool):
        return False, "figures[0] cites no source"
    if not 0 <= src < len(sources):
        return False, f"figures[0] cites source {src}, but the answer has {len(sources)} source(s)"
    quote = str((sources[src] or {}).get("quote") or "")
    if not quote.strip():
        return False, f"source {src} has no quote"
    value = to_decimal(fig.get("value"))
    if value is None:
        return False, "figures[0].value is not a number"
    unit = normalize_text(str(fig.get("unit", "")))
    if quote_prints(quote, value, unit):
        return True, ""
    if value == 0 and re.search(NONE_SAID, quote):
        # 「本部门没有机关运行经费支出」 prints that there is none: 0 is the statement, not a guess
        return True, ""
    shown = f"{_plain(value)}{unit}"
    return False, f"quote of source {src} does not print {shown}: {_first_line(quote)[:80]}"


def quote_prints(quote: str, value: Decimal, unit: str) -> bool:
    """Whether ``quote`` prints ``value`` (money in 元 when ``unit`` is 元).

    Written by hand because the genre prints the same money in 元 in tables and in
    万元 in the narrative, with separators and spaces: a table row "4,900,000" or a
    sentence "490.00 万元" both print 4900000元.  A number is compared at its printed
    precision; a bare number (a table cell) is read as 元, 万元 or 亿元, and a bare integer
    must match exactly, so a small row number cannot pass for a sum.
    """
    for text in dict.fromkeys((quote, chinese_to_arabic(quote))):
        for printed, factor, step in _numbers_in(text, money=unit in MONEY_UNITS):
            if abs(printed * factor - value) * 2 <= step:
                return True
    return False


def _numbers_in(text: str, money: bool) -> list[tuple[Decimal, Decimal, Decimal]]:
    """Numbers printed in ``text`` as (number, factor to the figure's unit, tolerance step in that unit)."""
    s = normalize_text(text)
    s = re.sub(r"(?<=\d)[ \t]*([,.])[ \t]*(?=\d)", r"\1", s)  # "4, 900, 000" / "490 . 00"
    found: list[tuple[Decimal, Decimal, Decimal]] = []
    for m in NUMBER_RE.finditer(s):
        raw = m.group("num")
        number = Decimal(raw.replace(",", ""))
        if m.group("sign"):
            number = -number
        step = Decimal(1).scaleb(-decimals_of(raw))
        after = s[m.end() :]
        if not money:
            found.append((number, Decimal(1), step))
            continue
        unit_m = _MONEY_AFTER.match(after)
        if unit_m:
            factor = MONEY_UNITS[unit_m.group("unit")]
            found.append((number, factor, step * factor))
        elif not _NON_MONEY_AFTER.match(after):
            # A bare cell, in a 元 or a 万元 table.  With printed decimals it is compared at its
            # precision (229.43 in a 万元 table prints 2,294,335元); a bare integer must match
            # exactly, so a row number ("3、") cannot pass for 3万元.
            # Government-wide tables (debt, budget books) print bare cells in 亿元 the same way.
            found.append((number, Decimal(1), step if "." in raw else Decimal(0)))
            for factor in (MONEY_UNITS["万元"], MONEY_UNITS["亿元"]):
                found.append((number, factor, step * factor if "." in raw else Decimal(0)))
    return found


# --- helpers ------------------------------------------------------------------------------------


def to_decimal(value: Any) -> Decimal | None:
    """A JSON number (or numeric string) as Decimal; bools and junk are None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def describe_gold(qtype: str, gold: dict[str, Any]) -> str:
    if qtype == "amount":
        return f"{gold.get('display', '')}（{_plain(to_decimal(gold.get('yuan')))}元）"
    if qtype == "count":
        return f"{_plain(to_decimal(gold.get('value')))}{gold.get('unit', '')}"
    if qtype == "percent":
        return f"{_plain(to_decimal(gold.get('value')))}%"
    if qtype == "text":
        return "any of: " + " | ".join(map(str, gold.get("any") or []))
    if qtype == "list":
        return "all of: " + "、".join(map(str, gold.get("all") or []))
    if qtype == "not_found":
        return "not found"
    return repr(gold)


def describe_answer(answer: dict[str, Any]) -> str:
    """ "[figure] 全市政务数据治理项目：490.00万元… · figures[0] 490.00万元（4,900,000元）"."""
    text = f"[{answer.get('kind', '?')}] {_first_line(answer.get('text', ''))}"
    fig = _first_figure(answer)
    if fig is not None:
        shown = fig.get("display") or f"{fig.get('value')}{fig.get('unit', '')}"
        text += f" · figures[0] {shown} = {fig.get('value')}{fig.get('unit', '')}"
    return text


def _figures(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in answer.get("figures") or [] if isinstance(f, dict)]


def _first_figure(answer: dict[str, Any]) -> dict[str, Any] | None:
    figs = _figures(answer)
    return figs[0] if figs else None


def _close(fig: dict[str, Any], target: Decimal, step: Decimal) -> bool:
    value = to_decimal(fig.get("value"))
    return value is not None and abs(value - target) * 2 <= step


def _other_figure_hint(answer: dict[str, Any], matches: Any) -> str:
    """Point at a later figure that would have passed: the engine found it but ranked it wrong."""
    for i, fig in enumerate(_figures(answer)[1:], start=1):
        if matches(fig):
            return f" (figures[{i}] has it)"
    return ""


def _first_line(text: Any) -> str:
    lines = str(text or "").strip().splitlines()
    return lines[0] if lines else ""


def _plain(value: Decimal | None) -> str:
    """A Decimal without exponent noise: 4.9E+6 → "4900000"."""
    if value is None:
        return "?"
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
