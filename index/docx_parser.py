"""Word (DOCX) disclosures → ``Document`` via python-docx.

Paragraphs and tables are read in body order, so each table gets the heading path it is
printed under.  Word tables become span cells (``gridBefore``/``gridSpan``/``vMerge``) and go
through ``index.grids`` like every other grid: one Word table may stack several published
tables (附表1…附表5), each with its own caption rows and column layout.

Hand-written here (genre layout, not Word): a title centred over several short paragraphs
is re-joined; headings are Word heading styles or the genre's markers (一、 /（一） / 1.) on a
short line.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from index.grids import SpanCell, cell_text, grid_tables
from index.meta import detect_metadata
from index.model import Document, Paragraph, ParseError, Table
from index.parse import file_sha256
from index.pdf_parser import collapse_spacing, heading_level

_SENTENCE_END = tuple("。；！？;!?：:")


def table_rows(table: DocxTable) -> list[list[SpanCell]]:
    """A Word table as rows of span cells; vertically merged cells become row spans."""
    rows: list[list[SpanCell]] = []
    open_cells: dict[int, SpanCell] = {}  # grid column → the cell a vertical merge continues
    for tr in table._tbl.tr_lst:
        col = tr.grid_before
        row: list[SpanCell] = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue" and col in open_cells:
                open_cells[col].rowspan += 1
            else:
                cell = SpanCell(cell_text(_Cell(tc, table).text), col, span)
                row.append(cell)
                if tc.vMerge == "restart":
                    open_cells[col] = cell
                else:
                    open_cells.pop(col, None)
            col += span
        rows.append(row)
    return rows


def _heading(par: DocxParagraph, text: str) -> int | None:
    style = (par.style.name if par.style is not None else "") or ""
    m = re.match(r"(?:Heading|标题)\s*(\d)", style)
    if m:
        return int(m.group(1))
    level = heading_level(text)
    if level is not None and len(text) <= 40 and not text.endswith(_SENTENCE_END[:-2]) and "。" not in text:
        return level
    return None


def _centered(par: DocxParagraph) -> bool:
    return par.alignment == WD_ALIGN_PARAGRAPH.CENTER or (
        par.style is not None and par.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    )


def parse_docx(path: Path | str) -> Document:
    """Parse a DOCX budget disclosure: paragraphs with heading paths, and its tables."""
    path = Path(path)
    try:
        word: Any = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ParseError(
            path.name, f"无法读取的 DOCX 文件（{type(exc).__name__}: {str(exc)[:120]}）"
        ) from exc
    paragraphs: list[Paragraph] = []
    tables: list[Table] = []
    lines: list[str] = []
    stack: list[tuple[int, str]] = []
    title_run: list[str] = []  # consecutive centred short paragraphs (a title wrapped by hand)
    titles: list[str] = []  # the centred titles, read first for metadata

    def path_now() -> list[str]:
        return [t for _, t in stack]

    def add_paragraph(text: str) -> None:
        lines.append(text)
        paragraphs.append(Paragraph(text, path_now(), None, len(paragraphs)))

    def flush_title() -> None:
        if title_run:
            titles.append("".join(title_run))
            add_paragraph(titles[-1])
            title_run.clear()

    for block in word.iter_inner_content():
        if isinstance(block, DocxTable):
            flush_title()
            result = grid_tables(table_rows(block), heading_path=path_now())
            tables.extend(result.tables)
            lines.extend(t.title for t in result.tables if t.title)
            for text in result.texts:
                add_paragraph(collapse_spacing(text.replace("\n", "")))
            continue
        text = collapse_spacing(block.text.replace("\n", " ").replace("\u3000", " "))
        if not text:
            continue
        level = _heading(block, text)
        if level is not None:
            flush_title()
            lines.append(text)
            stack[:] = [(lv, t) for lv, t in stack if lv < level] + [(level, text)]
            continue
        if _centered(block) and len(text) <= 40 and not text.endswith(_SENTENCE_END):
            if title_run and text.startswith(("——", "—")):
                flush_title()
            title_run.append(text)
            continue
        flush_title()
        add_paragraph(text)
    flush_title()
    if not paragraphs and not tables:
        raise ParseError(path.name, "文档里没有任何文字或表格")
    meta = detect_metadata([*titles, *lines])
    return Document(
        file=path.name,
        sha256=file_sha256(path),
        **meta.document_fields(),
        pages=None,
        paragraphs=paragraphs,
        tables=tables,
    )
