"""What parsing made of one document: pages, tables, facts, OCR'd pages, tables that verify.

A budget table carries its own arithmetic (合计 row = sum of its rows, 收入总计 = 支出总计,
小计 columns = sum of their columns).  A table whose own totals add up was read right; one
that breaks them was misread or misprinted.  The share of tables that verify is the
honest measure of how well a document was read, so it is stored with the document and
shown in ``budgetqa docs --json``.  The checks are ``index.consistency``'s, not new ones.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from index.consistency import check_table

if TYPE_CHECKING:
    from index.facts import Fact
    from index.model import Document, Table

# Findings that are notes about how a row was read, not a failed sum.
_NOT_ARITHMETIC = {"layout_repair"}


@dataclass
class ParseReport:
    """One document's parse, in numbers (stored as JSON with the document)."""

    pages: int | None  # None for formats without pages
    tables: int
    facts: int
    ocr_pages: int  # pages read by OCR (0 unless an OCR step marked them)
    tables_verified: int  # tables whose own totals add up
    tables_checkable: int  # tables that print totals to check at all
    meta_source: str  # "document" | "region" (only a region printed) | "file name"
    years: list[int] = field(default_factory=list)
    level: str = ""
    unverified: list[str] = field(default_factory=list)  # titles of checkable tables that do not add up

    def to_dict(self) -> dict:
        return asdict(self)


def table_dict(table: Table) -> dict:
    """A table in the stored form (``FactStore.tables``) that ``index.consistency`` reads."""
    from index.facts import _row_to_json

    return {
        "display_title": table.display_title,
        "kind": table.kind,
        "unit": table.unit,
        "columns": list(table.columns),
        "page": table.page,
        "rows": [_row_to_json(r) for r in table.rows],
    }


def table_verifies(table: Table) -> bool | None:
    """True when a table's totals add up, False when one does not, None when it prints none."""
    findings, checks = check_table("", "", table_dict(table))
    if not checks:
        return None
    return not any(f.kind not in _NOT_ARITHMETIC for f in findings)


def _ocr_pages(doc: Document) -> int:
    """Pages an OCR step marked on the document (``ocr_pages``: a count or a list of pages)."""
    marked = getattr(doc, "ocr_pages", None)
    if isinstance(marked, int):
        return marked
    return len(marked) if marked else 0


def parse_report(doc: Document, facts: list[Fact] | None = None) -> ParseReport:
    """Count what was read from ``doc`` and check each table's own arithmetic."""
    if facts is None:
        from index.facts import make_facts

        facts = make_facts(doc)
    verified = checkable = 0
    unverified: list[str] = []
    for t in doc.tables:
        ok = table_verifies(t)
        if ok is None:
            continue
        checkable += 1
        if ok:
            verified += 1
        else:
            unverified.append(t.display_title or f"第{t.page}页的表")
    return ParseReport(
        pages=doc.pages,
        tables=len(doc.tables),
        facts=len(facts),
        ocr_pages=_ocr_pages(doc),
        tables_verified=verified,
        tables_checkable=checkable,
        meta_source=getattr(doc, "meta_source", "document"),
        years=list(getattr(doc, "years", []) or ([doc.year] if doc.year else [])),
        level=getattr(doc, "level", ""),
        unverified=unverified,
    )
