"""The 三公 table of a text-layer document: one row of figures under a header wrapped over lines.

The header words of this table wrap (「因公出国 / （境）费」, the 公务用车 group over 小计/购置/运行) and
a blank cell prints nothing, so neither the order of the header words nor the count of the figures says
which figure is which.  The table's own arithmetic does: 合计 = 出国 + 公务用车小计 + 接待 and
小计 = 购置 + 运行 (``SANGONG_IDENTITIES``).  Every reading of the row is tried — any order of the columns
that keeps the order of words printed on one header line, with as many columns blank as figures are
missing — and a column gets a figure only when every reading that satisfies the identities gives it the
same printed figure.  Whatever stays open is left to the row's note, never guessed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from index.numbers import parse_number
from index.vocabulary import (
    SANGONG_CAR_GROUP,
    SANGONG_CAR_PARTS,
    SANGONG_IDENTITIES,
    SANGONG_STAGE_WORDS,
    SANGONG_TEXT_COLUMNS,
)

_MAX_READINGS = 400_000  # orders × blank choices tried at most; beyond that nothing is placed


@dataclass(frozen=True)
class SangongHeader:
    keys: tuple[str, ...]  # the columns the header names (SANGONG_TEXT_COLUMNS keys)
    names: dict[str, str]  # key → column path
    before: frozenset[tuple[str, str]]  # (a, b): a is printed left of b on one header line
    stages: tuple[str, ...]  # 预算数/决算数 under every column, or () for one figure per column


def _norm(word: str) -> str:
    return re.sub(r"^\d{4}年", "", word.replace("(", "（").replace(")", "）"))


def _keys_of(word: str) -> frozenset[str]:
    """The columns whose full name ``word`` is, or is a piece of (two characters at least)."""
    w = _norm(word)
    if len(w) < 2 or re.search(SANGONG_CAR_GROUP, w):
        return frozenset()  # the group header over 小计/购置/运行 is no column
    exact = frozenset(k for k, names, _ in SANGONG_TEXT_COLUMNS if w in names)
    return exact or frozenset(k for k, names, _ in SANGONG_TEXT_COLUMNS if any(w in n for n in names))


def _line_order(words: list[str]) -> tuple[list[frozenset[str]], set[tuple[str, str]]]:
    """The column blocks one header line prints, left to right, and the order they fix.

    A word naming one column is a block; a piece shared by several columns (「公务用车」 of 购置费 and
    运行维护费) is a block only where it is printed once for each of them, side by side.
    """
    blocks: list[frozenset[str]] = []
    k = 0
    while k < len(words):
        keys = _keys_of(words[k])
        run = 1
        while k + run < len(words) and words[k + run] == words[k]:
            run += 1
        if len(keys) == 1 or (len(keys) > 1 and run == len(keys)):
            blocks.append(keys)
        k += run if len(keys) > 1 else 1
    before = {(a, b) for x, y in itertools.combinations(blocks, 2) for a in x for b in y if a != b}
    return blocks, before


def read_header(lines: list[str]) -> SangongHeader | None:
    """The columns a 三公 header names and the order constraints its lines print; None if not one."""
    found: dict[str, str] = {}
    before: set[tuple[str, str]] = set()
    group, car_group, stages = "", "", ()
    for line in lines:
        words = line.split()
        squashed = "".join(words)
        if "三公" in squashed and not group:
            group = squashed
            continue
        if words and all(w in SANGONG_STAGE_WORDS for w in words):
            stages = tuple(dict.fromkeys(words))
            continue
        m = re.search(SANGONG_CAR_GROUP, squashed)
        if m and not car_group:
            car_group = m.group(0)
        blocks, order = _line_order(words)
        before |= order
        for w in words:
            keys = _keys_of(w)
            if len(keys) == 1:
                found.setdefault(next(iter(keys)), w)
        for block in blocks:
            for key in block:
                found.setdefault(key, "")
    keys = tuple(k for k, _, _ in SANGONG_TEXT_COLUMNS if k in found)
    if not {"total", "car", "car_buy", "car_run"} <= set(keys):
        return None
    if any((a, b) in before and (b, a) in before for a, b in before):
        return None  # the lines contradict each other: not read
    budget = not stages and any("预算" in ln for ln in lines)
    names: dict[str, str] = {}
    for k, _, printed in SANGONG_TEXT_COLUMNS:
        if k not in found:
            continue
        if k == "running":
            names[k] = printed + ("预算数" if budget else "")
            continue
        parts = [group] if group else []
        if k in SANGONG_CAR_PARTS:
            parts.append(car_group or "公务用车购置及运行费")
        parts.append(printed)
        names[k] = "/".join(parts)
    return SangongHeader(keys, names, frozenset(before), stages)


def _orders(header: SangongHeader):
    for order in itertools.permutations(header.keys):
        pos = {k: n for n, k in enumerate(order)}
        if all(pos[a] < pos[b] for a, b in header.before):
            yield order


def _holds(values: dict[str, Decimal], places: int) -> bool:
    for whole, parts in SANGONG_IDENTITIES:
        # a blank cell is no money: a blank 小计 over printed parts is no reading
        present = [values.get(p, Decimal(0)) for p in parts]
        slack = Decimal(len([v for v in present if v])) * Decimal(5) / Decimal(10) ** (places + 1)
        if abs(sum(present, Decimal(0)) - values.get(whole, Decimal(0))) > slack:
            return False
    return True


def place(header: SangongHeader, nums: list[str]) -> dict[str, str]:
    """Column path → printed figure for the columns every consistent reading of the row agrees on."""
    values = [parse_number(n) for n in nums]
    if not nums or any(v is None for v in values):
        return {}
    width = len(header.stages) or 1
    if len(nums) % width or len(nums) // width > len(header.keys):
        return {}
    blanks = len(header.keys) - len(nums) // width
    places = max((len(n.split(".")[1]) if "." in n else 0) for n in nums)
    orders = list(_orders(header))
    choices = list(itertools.combinations(range(len(header.keys)), blanks))
    if len(orders) * len(choices) > _MAX_READINGS:
        return {}
    agreed: dict[tuple[str, int], str | None] | None = None
    for order in orders:
        for blank in choices:
            printed = [k for n, k in enumerate(order) if n not in blank]
            reading: dict[tuple[str, int], str] = {}
            for n, k in enumerate(printed):
                for s in range(width):
                    reading[(k, s)] = nums[n * width + s]
            ok = all(
                _holds(
                    {k: values[n * width + s] for n, k in enumerate(printed)},  # type: ignore[misc]
                    places,
                )
                for s in range(width)
            )
            if not ok:
                continue
            if agreed is None:
                agreed = {(k, s): reading.get((k, s)) for k in header.keys for s in range(width)}
            else:
                for key, raw in agreed.items():
                    if raw is not None and reading.get(key) != raw:
                        agreed[key] = None
    if not agreed:
        return {}
    out: dict[str, str] = {}
    for (k, s), raw in agreed.items():
        if raw is not None:
            name = header.names[k]
            out[f"{name}/{header.stages[s]}" if header.stages else name] = raw
    return out
