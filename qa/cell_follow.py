"""Follow-ups on a cell of a numbered table block: another column of the row, or a part of the row.

Government books print statements whose rows are numbered blocks (「七、2021年地方政府债务限额」 with
its parts 「一般债务」「专项债务」 under it) and whose columns are the levels of government (本地区 /
本级).  After a cell of such a table, 「省本级呢」 asks the same row in the 本级 column, and
「专项债务呢」「其中一般债务」 the part of that name under the row's block, in the same column: the
same label printed under other blocks (2020年末余额's 专项债务) is another figure.  The last answer's
cell says where to read; nothing is searched by name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.facts import Fact
from index.vocabulary import OWN_LEVEL_ROW, REGION_TOTAL_ROWS, SCOPE_LEVEL_WORD
from qa.answer import Answer
from qa.compose import clean_label
from qa.place_follow import cell_of_last
from qa.understand import Query, core

if TYPE_CHECKING:
    from qa.engine import Engine

_BLOCK = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")
_LEVEL = re.compile(r"^(?:那么?)?(" + SCOPE_LEVEL_WORD + r")(?:的)?(?:呢|是多少|多少)?[？?]?$")
_PART = re.compile(r"^(?:那么?|其中)?(?P<part>[\u4e00-\u9fff（）()]{2,12}?)(?:呢|是多少|多少|有多少)?[？?]?$")


def _table(eng: Engine, cell: Fact) -> list[Fact]:
    index = eng.indexes[cell.doc_id]
    return [f for f in index.facts if f.origin == "table" and f.table_idx == cell.table_idx]


def _block_rows(cells: list[Fact], row: int) -> list[Fact]:
    """The cells of the numbered block holding ``row`` (its head row and the parts under it)."""
    labels = {f.row_index: f.row_label for f in cells}
    rows = sorted(labels)
    heads = [r for r in rows if _BLOCK.match(labels[r])]
    start = max((r for r in heads if r <= row), default=None)
    if start is None:
        return []
    end = min((r for r in heads if r > start), default=rows[-1] + 1)
    return [f for f in cells if start <= (f.row_index or 0) < end]


def cell_follow_up(eng: Engine, q: Query, prev: Answer, unit: str | None) -> Answer | None:
    """The cell the follow-up asks for, answered from the last answer's table; None when it is no
    follow-up of this kind or the table has no such cell."""
    if q.departments and not q.inherited_department:
        return None
    cell = cell_of_last(eng, prev)
    if cell is None:
        return None
    cells = _table(eng, cell)
    text = q.norm
    target: Fact | None = None
    level = _LEVEL.match(text)
    if level:
        # 「省本级呢」: the row's 本级 column (「全省呢」: its whole-region column)
        own = OWN_LEVEL_ROW in level.group(1)
        columns = {f.column for f in cells}
        leaf = {c: c.rsplit("/", 1)[-1].strip() for c in columns}
        wanted = [
            c
            for c in columns
            if (leaf[c].endswith(OWN_LEVEL_ROW) if own else leaf[c] in REGION_TOTAL_ROWS) and c != cell.column
        ]
        if len(wanted) == 1:
            target = next((f for f in cells if f.row_index == cell.row_index and f.column == wanted[0]), None)
    else:
        part = _PART.match(text)
        block = _block_rows(cells, cell.row_index or 0) if part else []
        if block:
            name = core(part.group("part")) or part.group("part")
            rows = [
                f
                for f in block
                if f.column == cell.column
                and f.row_index != cell.row_index
                and core(clean_label(f.row_label)) == name
            ]
            target = rows[0] if len(rows) == 1 else None
    if target is None or target.unit != cell.unit:
        return None
    from qa.kinds.figure import compose_single
    from qa.lookup import Match, group_matches

    d = eng.docs.get(cell.doc_id)
    if d is None:
        return None
    return compose_single(eng, q, d, group_matches([Match(target, 99.0, exact_cell=True)]), unit)
