"""Assertions shared by the figure and conversation tests: grounding and display in the asked unit."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from index.numbers import normalize_text, to_yuan
from qa.answer import Answer, Figure

if TYPE_CHECKING:
    from qa.engine import Engine

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def printed_wan(path: Path, pattern: str) -> Decimal:
    """A 万元 figure as the document prints it after ``pattern``, in 元 (the expected value comes from the file,
    not from the test)."""
    m = re.search(pattern + r"\s*(?P<num>[\d,]+(?:\.\d+)?)\s*万元", path.read_text(encoding="utf-8"))
    assert m, pattern
    return to_yuan(Decimal(m["num"].replace(",", "")), "万元")


def printed_numbers(text: str) -> list[str]:
    """Numbers as printed in ``text`` (full-width folded, thousands separators removed)."""
    s = normalize_text(text)
    s = re.sub(r"(?<=\d),(?=\d{3})", "", s)
    return _NUMBER.findall(s)


def quote_prints(quote: str, value: Decimal, unit: str) -> bool:
    """Does the cited quote print ``value``?

    Money (``unit == "元"``) may be printed in 元 (exact) or in 万元 rounded to the digits
    printed (490.00 → 4,900,000 ± 50; 498 → 4,984,200 ± 5,000): that is how these documents
    restate table figures in their narrative. Other units must match exactly.
    """
    for raw in printed_numbers(quote):
        n = Decimal(raw)
        if n == value:
            return True
        if unit == "元":
            decimals = len(raw.split(".")[1]) if "." in raw else 0
            half_step = Decimal(10000) * Decimal(1).scaleb(-decimals) / 2
            if abs(n * 10000 - value) <= half_step:
                return True
    return False


def primary_display(display: str) -> str:
    """The first (asked-unit) part of a display such as ``490.00万元（4,900,000元）``."""
    return re.split(r"[（(]", display, maxsplit=1)[0].strip()


def check_grounded(ans: Answer, fig: Figure) -> None:
    """The figure points at a source whose printed text shows the figure."""
    assert 0 <= fig.source < len(ans.sources), (fig, len(ans.sources))
    quote = ans.sources[fig.source].quote
    assert quote_prints(quote, Decimal(fig.value), fig.unit), (fig.value, quote)


def check_display(fig: Figure, asked_unit: str | None) -> None:
    """Money is shown in the unit asked (万元 when none is asked) and in the other unit too."""
    value = Decimal(fig.value)
    first = primary_display(fig.display)
    numbers = [Decimal(n) for n in printed_numbers(first)]
    assert numbers, fig.display
    if fig.unit != "元":
        assert numbers[0] == value, fig.display
        return
    assert "万元" in fig.display and re.search(r"\d元", fig.display), fig.display  # both units
    if asked_unit == "元":
        assert first.endswith("元") and not first.endswith("万元"), fig.display
        assert numbers[0] == value, fig.display
    else:
        assert first.endswith("万元"), fig.display
        assert abs(numbers[0] * 10000 - value) <= 50, fig.display


def chat(engine: Engine, *questions: str) -> list[Answer]:
    """Ask ``questions`` in order, each with the answers so far as its history (a conversation)."""
    history: list[Answer] = []
    for question in questions:
        history.append(engine.ask(question, history=list(history)))
    return history


def value(ans: Answer, i: int = 0) -> Decimal:
    """The value of figure ``i`` of a figure answer (fails, showing the answer, on any other kind)."""
    assert ans.kind == "figure", (ans.question, ans.kind, ans.text)
    return Decimal(ans.figures[i].value)
