"""Figures computed over a table whose rows are places: a difference of two columns of one row and the
place ranked first in a column.

「2019年新疆全区债务余额比债务限额少多少」 is the row of the place asked (``qa.place_rows``) read in
two columns, 限额 − 余额; 「各地州市里哪个的债务限额最高」 is the column asked read down the place rows
(the region's total and 本级 rows left out).  Nothing here is printed as such: each figure is computed
in Decimal from the cited cells, and its first source states the computation.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from index.facts import DocumentInfo, Fact
from index.vocabulary import COLUMN_DIFFERENCE, OWN_LEVEL_ROW, RANK_MOST, REGION_TOTAL_ROWS, WHICH_PLACE
from qa import place_follow, place_rows, scope
from qa.answer import Answer
from qa.compose import AnswerBuilder, fact_display
from qa.understand import Query

if TYPE_CHECKING:
    from qa.engine import Engine

_LOWEST = re.compile(r"最少|最低|最小")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def answer(eng: Engine, q: Query, docs: list[DocumentInfo], unit: str | None) -> Answer | None:
    """A column difference or a ranked place of one document's table by area; None when neither fits."""
    if len(docs) != 1 or q.codes:
        return None
    d = docs[0]
    index = eng.indexes.get(d.doc_id)
    if index is None or not place_rows.place_tables(index):
        return None
    share = place_follow.SHARE_OF_WHOLE.search(q.norm)
    if share:
        return _share_of_whole(eng, q, d, index, unit, share.group(0))
    if re.search(COLUMN_DIFFERENCE, q.norm):
        return _difference(eng, q, d, index, unit)
    if re.search(RANK_MOST, q.norm) and re.search(WHICH_PLACE, q.norm):
        return _ranked(eng, q, d, index, unit)
    return None


def _cell(q: Query, d: DocumentInfo, index, norm: str) -> Fact | None:
    found = place_rows.place_cells(replace(q, norm=norm, measure="amount"), d, index, whole_by_default=True)
    return found[0].fact if len(found) == 1 else None


def _difference(eng: Engine, q: Query, d: DocumentInfo, index, unit: str | None) -> Answer | None:
    """「A比B少多少」: the place's row read in the column of A and in the column of B, B − A or A − B."""
    m = re.search(COLUMN_DIFFERENCE, q.norm)
    left, right = m.group("a"), m.group("b")
    fa = _cell(q, d, index, left)
    if fa is None:
        return None
    said_a = [w for w in place_rows.column_segments(fa.column) if w in left]
    context = left
    for w in said_a:
        context = context.replace(w, " ")
    fb = _cell(q, d, index, f"{context} {right}")
    if fb is None or fb is fa or (fb.table_idx, fb.row_index) != (fa.table_idx, fa.row_index):
        return None
    if fa.unit != fb.unit or fa.column == fb.column:
        return None
    diff = fa.value - fb.value
    word = "多" if diff >= 0 else "少"
    place = fa.row_label.strip()
    shown_a, shown_b = fact_display(fa, unit), fact_display(fb, unit)
    big, small = (fa, fb) if diff >= 0 else (fb, fa)
    how = f"{big.column} {fact_display(big, unit)} − {small.column} {fact_display(small, unit)}"
    b = AnswerBuilder(q.text, eng.docs)
    fig = b.add_computed(f"{place} {fa.column}比{fb.column}{word}", abs(diff), fa.unit, [fa, fb], unit, how)
    b.answer.text = (
        f"{place}：{fa.column} {shown_a}，{fb.column} {shown_b}；{fa.column}比{fb.column}{word} "
        f"{fig.display}（计算得出：{how}）。\n来源：{fa.table_title} 「{place}」行"
    )
    b.answer.warnings.append("这个差额文件中没有直接印出，由同一行的两个数字相减得出。")
    b.answer.context = scope.context_of(eng, q, d)
    return b.answer


def _share_of_whole(
    eng: Engine, q: Query, d: DocumentInfo, index, unit: str | None, said: str
) -> Answer | None:
    """「喀什地区债务余额占全区的比例」: the place's cell ÷ the region's total row in the same column."""
    from decimal import Decimal

    norm = q.norm.replace(said, " ")
    if not any(not h.generic for h in place_rows.named_place(replace(q, norm=norm), d, index)):
        return None  # the share of a place needs the place
    part = _cell(q, d, index, norm)
    if part is None or part.unit != "元":
        return None
    whole = next(
        (
            f
            for h in place_rows.whole_region(d, index)
            if h.table_idx == part.table_idx and h.axis == "row"
            for f in place_rows.place_tables(index)[(h.table_idx, h.axis)]
            if f.row_label == h.label and f.column == part.column
        ),
        None,
    )
    if whole is None or not whole.value or whole.row_index == part.row_index:
        return None
    share = (part.value / whole.value * 100).quantize(Decimal("0.01"))
    place, total = part.row_label.strip(), whole.row_label.strip()
    how = f"{place} {fact_display(part, unit)} ÷ {total} {fact_display(whole, unit)} × 100%"
    b = AnswerBuilder(q.text, eng.docs)
    fig = b.add_computed(f"{place} {part.column}占{total}的比例", share, "%", [part, whole], unit, how)
    b.answer.text = (
        f"{place}{part.column}占{total}的 {fig.display}（计算得出：{how}）。"
        f"\n来源：{part.table_title}「{part.column}」列"
    )
    b.answer.warnings.append("这个占比文件中没有直接印出，由同一列的两个数字相除得出。")
    b.answer.context = scope.context_of(eng, q, d)
    return b.answer


def _is_part(label: str, region: list[str]) -> bool:
    """A place row of the table, not its total (合计, 全区, the region's own name) nor a 本级 row."""
    bare = re.sub(r"\s", "", label)
    if bare in REGION_TOTAL_ROWS or bare.endswith(OWN_LEVEL_ROW):
        return False
    return not any(bare == n or bare.startswith(n) and len(bare) - len(n) <= 3 for n in region if len(n) >= 2)


def _ranked(eng: Engine, q: Query, d: DocumentInfo, index, unit: str | None) -> Answer | None:
    """「哪个地区债务限额最高」: the column the question names, read down every place row; the first
    place by value, with the next ones, each cell cited."""
    region = [n for n in (d.region, d.department) if n]
    years = [int(y) for y in _YEAR.findall(q.norm)]
    best: tuple[tuple[int, int], list[Fact]] | None = None
    for (_table, axis), facts in place_rows.place_tables(index).items():
        if axis != "row":
            continue
        by_column: dict[str, list[Fact]] = {}
        for f in facts:
            if f.unit == "%" or not _is_part(f.row_label, region):
                continue
            if years and (ys := [int(y) for y in _YEAR.findall(f.column)]) and not set(years) & set(ys):
                continue
            by_column.setdefault(f.column, []).append(f)
        for column, cells in by_column.items():
            said, unsaid = place_rows.column_fit(column, q.norm)
            if said == 0 or len(cells) < 3:
                continue
            key = (said, -unsaid)
            if best is None or key > best[0]:
                best = (key, cells)
    if best is None:
        return None
    lowest = bool(_LOWEST.search(q.norm))
    ranked = sorted(best[1], key=lambda f: f.value, reverse=not lowest)
    if len(ranked) > 1 and ranked[0].value == ranked[1].value:
        return None  # a tie: no single place answers
    top = ranked[0]
    word = "最低" if lowest else "最高"
    b = AnswerBuilder(q.text, eng.docs)
    shown = ranked[:3]
    for f in shown:
        b.add_source(replace(f, subject=f"{f.row_label.strip()} {f.column}"))
    lines = [
        f"{top.column}{word}的是{top.row_label.strip()}：{fact_display(top, unit)}"
        f"（比较{len(ranked)}个地区的这一列得出）。",
        "依次为：" + "；".join(f"{f.row_label.strip()} {fact_display(f, unit)}" for f in shown) + "。",
        f"来源：{top.table_title}「{top.column}」列",
    ]
    b.answer.text = "\n".join(lines)
    b.answer.kind = "passage"
    b.answer.warnings.append("排序由表中引用的各地区数字比较得出（不含全区合计和本级）。")
    b.answer.context = scope.context_of(eng, q, d)
    return b.answer
