"""Lists a table prints as structure: the rows under a code (「法院（款）下面有哪些项」), the 类 rows."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from index.facts import DocumentInfo, Fact, row_code
from index.numbers import MONEY_UNITS
from index.vocabulary import ECONOMIC_CLASS_CODES
from qa import scope
from qa.answer import Answer
from qa.compose import AnswerBuilder, display_value, doc_label
from qa.lookup import search
from qa.understand import Query, core, subject_variants

if TYPE_CHECKING:
    from qa.engine import Engine

log = logging.getLogger(__name__)


def row_fact(
    d: DocumentInfo, t: dict, r: dict, *, subject: str, quote: str, printed: str, column: str = ""
) -> Fact:
    """A citation of a stored table row (a form field, a listed row) in the shape sources are made from."""
    return Fact(
        doc_id=d.doc_id,
        origin="table",
        subject=subject,
        measure="text",
        value=Decimal(0),
        unit="",
        printed=printed,
        printed_unit=t["unit"] or "",
        precision=Decimal(1),
        quote=quote,
        page=r.get("page") or t["page"],
        section=t["heading"],
        table_idx=t["table_idx"],
        row_index=r["index"],
        table_title=t["display_title"],
        row_label=r["label"],
        code=row_code(r),
        column=column,
    )


def table_list(eng: Engine, q: Query, docs: list[DocumentInfo]) -> Answer | None:
    """Lists a table prints as structure: the 类 rows of a classification, or the rows under a code.

    「法院（款）下面有哪些项」 → the rows whose code extends 法院's; 「有哪些类级科目」 → the 3-digit rows;
    a column word keeps only rows with a figure in that column (「项目支出里有哪些…」).
    """
    if len(docs) != 1 or not re.search(r"哪些|哪几|有什么|包括|包含|分为", q.norm):
        return None
    d = docs[0]
    tables = eng.store.facts.tables(d.doc_id)
    coded = [t for t in tables if t["kind"] == "grid" and any(r.get("codes") for r in t["rows"])]
    if q.table_hint:
        hinted = [
            t
            for t in coded
            if re.search(rf"(附件|附表)\s*{re.escape(q.table_hint)}(?![\d-])", t["display_title"])
        ]
        coded = hinted or coded
    if not coded:
        return None

    def in_column(r: dict, t: dict, words: list[str]) -> bool:
        # a column word filters only in a table that has such a column
        words = [w for w in words if any(w in col for col in t["columns"])]
        if not words:
            return True
        return any(any(w in c["column"] for w in words) and Decimal(c["value"]) != 0 for c in r["cells"])

    chosen: tuple[dict, list[dict], str] | None = None
    applied: list[str] = []
    if re.search(r"类级|类科目|哪些类", q.norm):
        for t in coded:
            rows = [r for r in t["rows"] if len(row_code(r)) == 3 and in_column(r, t, q.columns)]
            if len(rows) >= 2:
                chosen = (t, rows, "类级科目")
                applied = [w for w in q.columns if any(w in col for col in t["columns"])]
                break
    else:
        index = eng.indexes.get(d.doc_id)
        if index is None:
            return None
        for subject, _ctx in q.alternatives or [(q.subject, [])]:
            name = re.sub(r"(下面|下属|下设|底下|之下|里面|里|中|下)$", "", subject)
            name = re.sub(r"（(类|款|项)）|\((类|款|项)\)", "", name)
            name = re.sub(r"(科目|明细|项目|子项)$", "", name)
            if len(core(name)) < 2:
                continue
            probe = replace(
                q,
                subject=name,
                subjects=subject_variants(name),
                alternatives=[(name, [])],
                columns=[],
                measure="amount",
            )
            words = [w for w in q.columns if w not in name]
            for m in search(probe, index):
                pf = m.fact
                if pf.origin != "table" or len(pf.code) not in (3, 5):
                    continue
                t = next((x for x in coded if x["table_idx"] == pf.table_idx), None)
                if t is None:
                    continue
                rows = [
                    r
                    for r in t["rows"]
                    if row_code(r).startswith(pf.code)
                    and len(row_code(r)) == len(pf.code) + 2
                    and in_column(r, t, words)
                ]
                if len(rows) >= 2:
                    chosen = (t, rows, pf.row_label)
                    applied = [w for w in words if any(w in col for col in t["columns"])]
                    break
            code = ECONOMIC_CLASS_CODES.get(core(name)) or ECONOMIC_CLASS_CODES.get(name)
            for t in coded if chosen is None and code else []:
                # a table printing only the 款 rows of a 类 (30201 办公费 … without 302): rows by code
                rows = [r for r in t["rows"] if row_code(r).startswith(code) and len(row_code(r)) == 5]
                rows = [r for r in rows if in_column(r, t, words)]
                if len(rows) >= 2:
                    chosen = (t, rows, name)
                    applied = [w for w in words if any(w in col for col in t["columns"])]
                    break
            if chosen is not None:
                break
    if chosen is None:
        return None
    t, rows, what = chosen
    unit_of = t["unit"]
    b = AnswerBuilder(q.text, eng.docs)
    b.answer.kind = "list"
    lines = []
    for r in rows:
        cells = [c for c in r["cells"] if not applied or any(w in c["column"] for w in applied)]
        cell = cells[0] if cells else (r["cells"][0] if r["cells"] else None)
        shown = ""
        if cell is not None and unit_of in MONEY_UNITS:
            value = Decimal(cell["value"]) * MONEY_UNITS[unit_of]
            shown = f"：{display_value(value, '元', q.unit)}"
        lines.append(f"· {row_code(r)} {r['label']}{shown}")
        quote = " ".join([row_code(r), r["label"], *(f"{c['column']}：{c['raw']}" for c in r["cells"])])
        b.add_source(
            row_fact(
                d,
                t,
                r,
                subject=r["label"],
                quote=quote.strip(),
                printed=cell["raw"] if cell else "",
                column=cell["column"] if cell else "",
            )
        )
    col = f"（{'、'.join(applied)}有数的）" if applied else ""
    head = f"{what}下{col}共{len(rows)}项：" if what != "类级科目" else f"类级科目{col}共{len(rows)}项："
    page = f"第{t['page']}页 " if t["page"] else ""
    b.answer.text = head + "\n" + "\n".join(lines) + f"\n来源：{doc_label(d)} · {page}{t['display_title']}"
    b.answer.context = scope.context_of(eng, q, d)
    return b.answer
