"""A row printing its total and one part (「201 一般公共服务支出 306.90 306.90」): is the part 基本 or 项目?

The row alone cannot say: 合计 = 基本支出 + 项目支出 holds either way.  Its parent level can: the 基本支出
of a 类 is the sum of the 基本支出 of its 款, and the 合计 row's is the sum over the 类.  Where exactly one
choice for the open rows under a parent makes both columns add up to the parent's printed figures, that
choice is proven and placed; where several do, nothing is placed.  Walks from the 合计 row down, so a row
placed this way can prove its own children in turn.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

from index.model import Cell, Row
from index.numbers import parse_cell

_MAX_OPEN = 14  # open children of one parent tried at most (2^14 choices)


@dataclass
class Open:
    """A row whose one printed part equals its total; which column it is in is open."""

    row: Row
    raw: str


def _code(row: Row) -> str | None:
    return row.code.digits if row.code is not None else None


def _value(row: Row, column: str) -> Decimal | None:
    c = row.cell(column)
    return c.value if c is not None else None


def _parts(row: Row, columns: tuple[str, str]) -> tuple[Decimal | None, Decimal | None]:
    """The row's two parts; a blank one counts as no money when the other is its whole 合计."""
    a, b = _value(row, columns[0]), _value(row, columns[1])
    total = next((c.value for c in row.cells if c.column not in columns), None)
    if a is None and b is not None and b == total:
        a = Decimal(0)
    if b is None and a is not None and a == total:
        b = Decimal(0)
    return a, b


def place(rows: list[Row], total_row: Row | None, columns: tuple[str, str], opened: list[Open]) -> int:
    """Place the open rows the parent levels prove; return how many were placed."""
    first, second = columns
    open_by_row = {id(o.row): o for o in opened}
    by_code = {_code(r): r for r in rows if _code(r)}
    kids: dict[str, list[Row]] = {}
    for r in rows:
        d = _code(r)
        if d is None or len(d) not in (3, 5, 7):
            continue
        parent = "" if len(d) == 3 else d[:-2]
        if parent == "" and total_row is None or parent and parent not in by_code:
            continue
        kids.setdefault(parent, []).append(r)
    placed = 0
    queue = [""] if total_row is not None else []
    queue += [d for d in kids if len(d) == 3]
    seen: set[str] = set()
    while queue:
        p = queue.pop(0)
        if p in seen or p not in kids:
            continue
        seen.add(p)
        parent = total_row if p == "" else by_code[p]
        assert parent is not None
        want = _parts(parent, columns)
        children = kids[p]
        if None not in want:
            placed += _solve(parent, children, columns, want, open_by_row)  # type: ignore[arg-type]
        queue += [_code(c) for c in children if _code(c) in kids]  # type: ignore[misc]
    return placed


def _solve(
    parent: Row,
    children: list[Row],
    columns: tuple[str, str],
    want: tuple[Decimal, Decimal],
    open_by_row: dict[int, Open],
) -> int:
    first, second = columns
    fixed = [Decimal(0), Decimal(0)]
    todo: list[Open] = []
    for c in children:
        if id(c) in open_by_row and c.cell(first) is None and c.cell(second) is None:
            todo.append(open_by_row[id(c)])
            continue
        a, b = _parts(c, columns)
        if a is None or b is None:
            return 0  # a child whose parts are unknown otherwise: the sums prove nothing
        fixed[0] += a
        fixed[1] += b
    if not todo or len(todo) > _MAX_OPEN:
        return 0
    raws = [c.raw for c in parent.cells] + [o.raw for o in todo]
    places = max((len(r.split(".")[1]) if "." in r else 0) for r in raws)
    slack = Decimal(len(children)) * Decimal(5) / Decimal(10) ** (places + 1)
    values = [parse_cell(o.raw)[0] for o in todo]  # type: ignore[index]
    found: list[tuple[bool, ...]] = []
    for choice in itertools.product((True, False), repeat=len(todo)):
        s1 = fixed[0] + sum((v for v, c in zip(values, choice, strict=True) if c), Decimal(0))
        s2 = fixed[1] + sum((v for v, c in zip(values, choice, strict=True) if not c), Decimal(0))
        if abs(s1 - want[0]) <= slack and abs(s2 - want[1]) <= slack:
            found.append(choice)
            if len(found) > 1:
                return 0
    if len(found) != 1:
        return 0
    label = parent.label or (str(parent.code) if parent.code else "合计")
    for o, to_first in zip(todo, found[0], strict=True):
        column = first if to_first else second
        parsed = parse_cell(o.raw)
        assert parsed is not None
        o.row.cells.append(Cell(column, o.raw, parsed[0], parsed[1]))
        why = f"{o.raw} 归入「{column}」：上级「{label}」各列等于下级之和，只有这样分配才相符"
        o.row.note = _drop_left(o.row.note, o.raw, why)
    return len(todo)


def _drop_left(note: str, raw: str, why: str) -> str:
    """The row's note no longer lists the figure as left out of the columns; it says how it was placed."""
    prefix = f"另印有数字 {raw} 未归入列："
    parts = [p for p in note.split("；") if p and not p.startswith(prefix)]
    return "；".join([*parts, why])
