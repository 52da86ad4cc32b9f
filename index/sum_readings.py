"""Which printed figure of a text-layer row is in which column, where the table's arithmetic proves it.

Text copied out of a PDF drops blank cells and may wrap a header word so that its column's place among
the others is unknown.  A *reading* is one order of the columns (the header's possible orders) and one
choice of the columns the printed figures fill, left to right, the others blank.  A reading stands when
the row satisfies the genre's identities (``TEXT_SUM_IDENTITIES``: a 合计 is the sum of the other
columns; 合计 = 基本支出 + 项目支出), blank cells counting as no money.  A column gets a figure only when
every standing reading of every order the whole table allows gives it the same printed figure.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal

from index.numbers import parse_number
from index.vocabulary import TEXT_SUM_IDENTITIES

_MAX_CHOICES = 5000  # blank choices tried per row and order at most; beyond that nothing is placed


def _leaf_has(column: str, word: str) -> bool:
    return any(word in part for part in column.split("/"))


def _identities(order: Sequence[str]) -> list[tuple[int, list[int]]]:
    """(whole, parts) as positions in ``order`` for the identities whose columns the table has."""
    out: list[tuple[int, list[int]]] = []
    for whole_word, part_words in TEXT_SUM_IDENTITIES:
        wholes = [k for k, c in enumerate(order) if _leaf_has(c, whole_word)]
        if len(wholes) != 1 or wholes[0] != 0:
            continue  # a total is the first column of its table in this genre
        w = wholes[0]
        if part_words == "*":
            parts = [k for k in range(len(order)) if k != w]
        else:
            found = [[k for k, c in enumerate(order) if _leaf_has(c, p)] for p in part_words]
            if any(len(f) != 1 for f in found):
                continue
            parts = [f[0] for f in found]
        out.append((w, parts))
    return out


def _places(nums: Sequence[str]) -> int:
    return max((len(n.split(".")[1]) if "." in n else 0) for n in nums)


def readings(order: Sequence[str], nums: Sequence[str]) -> list[dict[str, str]] | None:
    """The standing readings of one row under one column order; None when too many to try."""
    values = [parse_number(n) for n in nums]
    if not nums or any(v is None for v in values) or len(nums) > len(order):
        return []
    ids = _identities(order)
    if not ids:
        return []  # no 合计 first: an order this genre does not print
    places = _places(nums)
    choices = list(itertools.combinations(range(len(order)), len(nums)))
    if len(choices) > _MAX_CHOICES:
        return None
    out: list[dict[str, str]] = []
    for filled in choices:
        at = dict(zip(filled, values, strict=True))
        ok = True
        for w, parts in ids:
            got = [at.get(p, Decimal(0)) for p in parts]
            slack = Decimal(len([g for g in got if g])) * Decimal(5) / Decimal(10) ** (places + 1)
            if abs(sum(got, Decimal(0)) - at.get(w, Decimal(0))) > slack:  # type: ignore[operator]
                ok = False
                break
        if ok:
            out.append({order[p]: nums[n] for n, p in enumerate(filled)})
    return out


def place(orders: Sequence[Sequence[str]], rows: Sequence[Sequence[str]]) -> list[dict[str, str]] | None:
    """Column → printed figure per row, agreed by every standing reading of every order that reads the
    whole table (each row has a standing reading); None when no order does or the arithmetic is silent."""
    per_order: list[list[list[dict[str, str]]]] = []
    for order in orders:
        per_row: list[list[dict[str, str]]] = []
        for nums in rows:
            found = readings(order, nums) if nums else [{}]
            if found is None:
                return None
            per_row.append(found)
        per_order.append(per_row)
    # the orders reading the most rows; a row no order reads (a slip of the document) places nothing
    score = [sum(1 for f in per_row if f) for per_row in per_order]
    if not score or max(score) == 0:
        return None
    kept = [per_row for per_row, n in zip(per_order, score, strict=True) if n == max(score)]
    out: list[dict[str, str]] = []
    for k in range(len(rows)):
        agreed: dict[str, str] | None = None
        for per_row in kept:
            if not per_row[k]:
                agreed = {}
            for reading in per_row[k]:
                if agreed is None:
                    agreed = dict(reading)
                else:
                    agreed = {c: v for c, v in agreed.items() if reading.get(c) == v}
        out.append(agreed or {})
    return out
