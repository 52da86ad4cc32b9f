"""Follow-ups on a cell of a table by area: the conversation keeps the place and the measure.

After 「新疆2019年地方政府债务限额是多少」 (the region's row × 债务限额), people ask by what changes:
「余额呢」 (the same row, the 余额 column), 「其中专项债务」 (the same row, the 专项债务 part of the
column just read), 「乌鲁木齐呢」 (another row, the same column), 「占全区的比例」 (the same cell
against the region's total row).  The last answer's cell says which row and column are kept; the
question's words say which of them change.  The rewritten question names both, so the ordinary
place lookup (``qa.place_rows.place_cells``) reads the cell and cites it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from index.facts import Fact
from index.names import core
from index.vocabulary import NEUTRAL_COLUMN_WORDS
from qa import place_rows
from qa.answer import Answer
from qa.understand import Query, readings, subject_variants

if TYPE_CHECKING:
    from qa.engine import Engine

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# what a follow-up says besides a place and a measure
_FILLER = re.compile(r"那么?|其中|另外|的|呢|是|为|有|多少|几|吗|请问|问下|一下|[？?。，,！!\s]")
# 「占全区的比例」: the cell against the region's total row of the same column
SHARE_OF_WHOLE = re.compile(
    r"占(?:全[\u4e00-\u9fff]|合计|总计|总额|总数|本地区)[\u4e00-\u9fff]{0,4}?的?(?:比例|比重|百分比|百分之几|多少|几)"
)


def cell_of_last(eng: Engine, prev: Answer, *, by_area: bool = False) -> Fact | None:
    """The table cell the last answer gave (its first figure), or None; with ``by_area``, only a
    cell of a table whose rows are places (the follow-ups of this module).  ``qa.cell_follow``
    reads the same cell for its numbered blocks."""
    if not prev.figures:
        return None
    src = prev.sources[prev.figures[0].source]
    if src.table_idx is None or src.row_index is None or not src.column or not src.doc_id:
        return None
    index = eng.indexes.get(src.doc_id)
    if index is None:
        return None
    if by_area:
        facts = place_rows.place_tables(index).get((src.table_idx, "row")) or []
    else:
        facts = [f for f in index.facts if f.origin == "table" and f.table_idx == src.table_idx]
    return next((f for f in facts if f.row_index == src.row_index and f.column == src.column), None)


def _words(column: str) -> list[str]:
    """The words a question may say for a header path: each segment, its core, and its last two
    characters (「余额」 for 债务余额, 「限额」 for 债务限额)."""
    out = []
    for seg in place_rows.column_segments(column):
        if seg in NEUTRAL_COLUMN_WORDS:
            continue
        out += [seg, core(seg) or seg] + ([seg[-2:], seg[:-1]] if len(seg) >= 4 else [])
    return [w for w in dict.fromkeys(out) if len(w) >= 2]


def _said(column: str, text: str) -> int:
    """How strongly the question names a header path: 2 per segment printed whole, 1 per tail."""
    score = 0
    for seg in place_rows.column_segments(column):
        if seg in NEUTRAL_COLUMN_WORDS:
            continue
        if place_rows.column_fit(seg, text)[0]:
            score += 2
        elif len(seg) >= 4 and (seg[-2:] in text or seg[:-1] in text):
            score += 1  # 「余额」 for 债务余额; 「一般债务」 for a header printed 一般债券
    return score


def _uncovered(text: str, words: list[str]) -> str:
    """The characters of ``text`` no word of ``words`` covers."""
    covered = [False] * len(text)
    for w in words:
        start = text.find(w)
        while start >= 0:
            covered[start : start + len(w)] = [True] * len(w)
            start = text.find(w, start + 1)
    return "".join(ch for ch, c in zip(text, covered, strict=True) if not c)


def _pick_column(cell: Fact, columns: list[str], text: str) -> str:
    """The column the question moves to: the most of its words said, then the most words shared
    with the column just read (「其中专项债务」 after 余额 is 余额/专项债务), then the shortest path."""
    kept = set(place_rows.column_segments(cell.column))

    def key(column: str) -> tuple[int, int, int]:
        segs = place_rows.column_segments(column)
        return (_said(column, text), len(kept & set(segs)), -len(segs))

    return max(columns, key=key)


def follow_place(eng: Engine, q: Query, prev: Answer) -> tuple[Query, str] | None:
    """The question rewritten to name the place and the measure it keeps from the last cell, with the
    note saying so; None when the last answer was no cell of a table by area or the question asks
    about something else (words that are neither a place nor a measure of the table)."""
    cell = cell_of_last(eng, prev, by_area=True)
    if cell is None or q.codes:
        return None
    d = eng.docs.get(cell.doc_id)
    index = eng.indexes.get(cell.doc_id)
    table = place_rows.place_tables(index).get((cell.table_idx, "row"), [])
    column_years = {int(y) for y in _YEAR.findall(cell.column)}
    if q.year and column_years and q.year not in column_years:
        return None  # 「2020年的呢」: a year the table does not print is not this cell
    share = SHARE_OF_WHOLE.search(q.norm)
    text = q.norm.replace(share.group(0), " ") if share else q.norm
    asked = replace(q, norm=text)
    hits = [
        h
        for h in place_rows.named_place(asked, d, index)
        if h.table_idx == cell.table_idx and h.axis == "row"
    ]
    place = hits[0].label if hits else cell.row_label
    text = text.replace(hits[0].form, " ") if hits else text
    columns = list(dict.fromkeys(f.column for f in table if f.unit == cell.unit))
    said = [c for c in columns if _said(c, text) > 0]
    if q.norm.startswith("其中"):
        # 「其中一般债务」: a part of the column just read, under its own header
        head = cell.column.split("/")[0]
        said = [c for c in said if c.split("/")[0] == head] or said
    column = _pick_column(cell, said, text) if said else cell.column
    if not hits and not said and not share:
        return None
    rest = _uncovered(_YEAR.sub(" ", text), _words(column) + list(NEUTRAL_COLUMN_WORDS))
    if len(_FILLER.sub("", rest)) >= 2:
        return None  # 「乌鲁木齐的还本付息呢」: something the cell does not measure
    named = f"{place.strip()} {column}"
    norm = named + (share.group(0) if share else "")
    q = replace(
        q,
        norm=norm,
        subject=named,
        subjects=subject_variants(named),
        alternatives=readings(named, [named]),
        measure="percent_share" if share else ("amount" if q.measure == "percent_share" else q.measure),
        year=q.year or (min(column_years) if column_years else None),
        departments=q.departments or ([d.department] if d and d.department else []),
        inherited_department=not q.departments,
        unknown_org="",
    )
    return q, f"按上一问的「{cell.row_label.strip()} {cell.column}」理解"
