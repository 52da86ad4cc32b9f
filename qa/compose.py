"""Composition: turn looked-up facts into an ``Answer`` a citizen can read and staff can check.

No figure is produced here that is not a stored fact, except simple arithmetic
on cited facts, which the answer labels as computed and cites every operand of.
"""

from __future__ import annotations

import re
from decimal import Decimal

from index.facts import DocumentInfo, Fact
from index.numbers import decimals_of, format_money
from index.ocr import OCR_WARNING
from index.vocabulary import STAGE_LEAF
from qa.answer import Answer, Figure, Source
from qa.lookup import FigureGroup


def doc_label(info: DocumentInfo | None) -> str:
    if info is None:
        return ""
    return info.title or f"{info.year or ''}年{info.department}{info.kind}"


def passage_source(info: DocumentInfo, passage: dict, quote: str) -> Source:
    """The source of a quoted sentence: a stored paragraph (page, heading) or a table row read as prose."""
    return Source(
        document=doc_label(info),
        department=info.department,
        year=info.year,
        quote=quote,
        page=passage["page"],
        section=passage["heading"] or None,
        table=passage.get("table"),
        row=passage.get("row"),
        file=info.file,
        doc_id=info.doc_id,
    )


def source_for(f: Fact, info: DocumentInfo | None) -> Source:
    row = None
    if f.origin == "table":
        code = f" {_code_display(f.code)}" if f.code else ""
        row = f"{f.row_label}{code}（第{f.row_index}行）" if f.row_index else f.row_label
    return Source(
        document=doc_label(info),
        department=info.department if info else "",
        year=info.year if info else None,
        quote=f.quote,
        page=f.page,
        section=f.section or None,
        table=f.table_title or None,
        row=row,
        column=f.column or None,
        file=info.file if info else None,
        figure=f.printed if f.measure != "text" else None,
        doc_id=f.doc_id,
        table_idx=f.table_idx,
        row_index=f.row_index,
        ocr=f.ocr,
    )


def _code_display(code: str) -> str:
    if len(code) == 7:
        return f"{code[:3]} {code[3:5]} {code[5:]}"
    if len(code) == 5:
        return f"{code[:3]} {code[3:]}"
    return code


def display_value(value: Decimal, unit: str, prefer: str | None, places: int | None = None) -> str:
    if unit == "元":
        return format_money(value, prefer or "万元", places)
    if unit == "%":
        return f"{_plain(value)}%"
    return f"{_plain(value)}{unit}"


def _plain(value: Decimal) -> str:
    s = format(value, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def where(f: Fact) -> str:
    """Short location for the answer text: 「附件 5-2 …表 第N行」 or 「第二部分 / 三、… 」."""
    page = f"第{f.page}页 " if f.page else ""
    if f.origin == "table":
        col = f"「{f.column}」" if f.column else ""
        row = f" 第{f.row_index}行" if f.row_index else ""
        return f"{page}{f.table_title}{row}{col}".strip()
    sect = f.section.split(" / ")[-1:] if f.section else []
    return f"{page}{' / '.join(sect) or '说明'}".strip()


class AnswerBuilder:
    """Collects sources and figures so figure.source indices stay right."""

    def __init__(self, question: str, docs: dict[str, DocumentInfo]) -> None:
        self.answer = Answer(question=question, kind="figure", text="")
        self.docs = docs
        self._source_keys: dict[tuple, int] = {}

    def add_source(self, f: Fact) -> int:
        key = (f.doc_id, f.origin, f.table_idx, f.row_index, f.paragraph_idx, f.column, f.printed)
        if key not in self._source_keys:
            self._source_keys[key] = len(self.answer.sources)
            self.answer.sources.append(source_for(f, self.docs.get(f.doc_id)))
            if f.ocr and OCR_WARNING not in self.answer.warnings:
                self.answer.warnings.append(OCR_WARNING)
        return self._source_keys[key]

    def add_group(self, label: str, group: FigureGroup, prefer: str | None) -> Figure:
        best = group.best_fact
        idx = self.add_source(best)
        for f in sorted(group.facts, key=_source_order):
            if f is not best:
                self.add_source(f)
        fig = Figure(
            label=label,
            value=group.value,
            unit=group.unit,
            display=display_value(group.value, group.unit, *_printed_unit(best, prefer)),
            source=idx,
        )
        self.answer.figures.append(fig)
        return fig

    def add_computed(
        self,
        label: str,
        value: Decimal,
        unit: str,
        operands: list[Fact],
        prefer: str | None,
        how: str = "",
    ) -> Figure:
        """A figure computed in code from cited facts: its own source states the computation.

        The computation source comes first so the figure points at a quote that prints it; the
        operands follow, each with the place it is printed.
        """
        display = display_value(value, unit, *_printed_unit_of(operands, prefer))
        info = self.docs.get(operands[0].doc_id) if operands else None
        calc = Source(
            document=doc_label(info),
            department=info.department if info else "",
            year=info.year if info else None,
            quote=f"计算：{how or label} = {display}",
            section="由下列引用的数字计算得出",
            file=info.file if info else None,
        )
        idx = len(self.answer.sources)
        self.answer.sources.append(calc)
        for f in operands:
            self.add_source(f)
        fig = Figure(label=label, value=value, unit=unit, display=display, source=idx)
        self.answer.figures.append(fig)
        return fig


def _printed_unit(f: Fact, prefer: str | None) -> tuple[str | None, int | None]:
    """The unit (and decimals) to show money in when the question names none: 亿元 where the
    document prints 亿元 (4,978.30 in a 亿元 debt table is not shown as 49,783,000.00万元)."""
    if prefer in (None, "亿元") and f.printed_unit == "亿元":
        return "亿元", decimals_of(f.printed)
    return prefer, None


def fact_display(f: Fact, prefer: str | None) -> str:
    """One cited fact's value as the document prints it (亿元 stays 亿元) unless a unit is asked."""
    return display_value(f.value, f.unit, *_printed_unit(f, prefer))


def _printed_unit_of(facts: list[Fact], prefer: str | None) -> tuple[str | None, int | None]:
    """A computation shows 亿元 when every operand is printed in 亿元, at their finest decimals."""
    if prefer in (None, "亿元") and facts and all(f.printed_unit == "亿元" for f in facts):
        return "亿元", max(decimals_of(f.printed) for f in facts)
    return prefer, None


def _source_order(f: Fact) -> tuple:
    return (f.origin != "text", f.page or 0, f.table_idx or 0, f.row_index or 0)


def sources_line(group: FigureGroup, docs: dict[str, DocumentInfo], limit: int = 4) -> str:
    facts = sorted(group.facts, key=_source_order)
    seen: list[str] = []
    for f in facts:
        w = where(f)
        if w not in seen:
            seen.append(w)
    more = f" 等{len(seen)}处" if len(seen) > limit else ""
    doc = doc_label(docs.get(facts[0].doc_id))
    return f"来源：{doc} · " + "；".join(seen[:limit]) + more


_ENUM = re.compile(
    r"^(其中[:：]?|[（(]?\d{1,2}[)）、.．]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])+"
)


def clean_label(label: str) -> str:
    """A printed label without its list numbering: 「3、公务用车费」 → 公务用车费."""
    return _ENUM.sub("", label.strip()).strip() or label.strip()


def best_label(group: FigureGroup, fallback: str) -> str:
    """An official name for the figure, from the facts that matched the question best.

    A table row label if one of them is a named row, else the sentence subject; facts that
    only corroborate the value (an exact twin found by value) never name it.
    """
    top = group.score
    best = [m.fact for m in group.matches if m.score >= top - 0.5]
    for f in sorted(best, key=lambda f: (f.origin != "table", f.precision)):
        label = f.row_label.replace(" ", "")
        if f.origin == "table" and label and label not in {"合计", "小计", "总计"}:
            return clean_label(f.subject if f.subject and f.subject != f.row_label else f.row_label)
    for f in best:
        if f.origin == "text" and f.subject:
            return clean_label(f.subject)
    for f in best:
        parts = [p for p in f.column.split("/") if p and p not in {"合计", "小计"}]
        if len(parts) >= 2 and re.fullmatch(STAGE_LEAF, parts[-1]):
            parts.pop()  # 「项目支出/决算数」 is named by its header, the leaf is only the stage
        if parts:
            return clean_label(parts[-1])
    return fallback
