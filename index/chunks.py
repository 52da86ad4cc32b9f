"""Retrieval chunks: self-describing pieces of a document that link back to exact facts.

Narrative chunks are section-aware: paragraphs under one heading path are packed up to a size that
suits multilingual-e5-small (≈ 200–400 characters), split on Chinese sentence boundaries by
langchain-text-splitters, and carry the document and heading path in their text so each one stands
alone.  Table chunks are groups of rows that repeat the table title and unit and name every
cell's column; key/value forms (绩效目标表) give one chunk per form section.  Each chunk keeps the
paragraph indices or (table_idx, row indices) that key the facts it contains.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any

from index.model import Document, Paragraph, Row, Table

TEXT_TARGET = 360  # narrative chunk body size, characters (≈ 220 e5 tokens of Chinese)
TABLE_TARGET = 520  # table chunks may be larger: rows are terse, e5 reads up to 512 tokens
SECTION_SEP = " > "
VIEW_LIMIT = TABLE_TARGET  # an embedding view never exceeds a table chunk's target size


@functools.cache
def _splitter():  # -> RecursiveCharacterTextSplitter; imported on first use (langchain takes ~1.5 s to import)
    """Sentence ends first, then clause marks: a long sentence is cut at a comma before mid-word."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        separators=["\n\n", "\n", "。", "；", "！", "？", ";", "，", ",", "、", " ", ""],
        chunk_size=TEXT_TARGET,
        chunk_overlap=0,
        keep_separator="end",
        strip_whitespace=True,
    )


@dataclass
class Chunk:
    """One retrievable piece of a document, with what is needed to cite it and find its facts."""

    id: str  # stable: doc_id + position ("<doc_id>:p12.0", "<doc_id>:t3.1")
    text: str  # what is embedded and indexed: document label, section/table header, body
    doc_id: str
    file: str
    title: str  # document title
    department: str
    year: int | None
    kind: str  # 预算 | 决算
    chunk_kind: str  # text | table | form
    page: int | None = None
    heading_path: list[str] = field(default_factory=list)
    table_idx: int | None = None  # position in doc.tables
    table_title: str = ""  # Table.display_title
    rows: list[int] = field(default_factory=list)  # Row.index values (1-based)
    paragraphs: list[int] = field(default_factory=list)  # Paragraph.index values
    pages: list[int] = field(default_factory=list)  # every page the chunk's text is printed on
    body: str = ""  # the text without the header lines (what passages quote)
    # What e5 embeds when it differs from ``text`` (a table chunk's labels without its figures);
    # not stored: vectors are made from it once, ``text`` is what BM25, Chroma and answers see.
    embed_text: str = ""

    @property
    def embedding_text(self) -> str:
        return self.embed_text or self.text

    @property
    def section(self) -> str:
        return SECTION_SEP.join(self.heading_path)

    def metadata(self) -> dict[str, str | int]:
        """Flat scalar metadata, as Chroma and the BM25 corpus store it (lists as strings)."""
        md: dict[str, str | int] = {
            "doc_id": self.doc_id,
            "file": self.file,
            "title": self.title,
            "department": self.department,
            "kind": self.kind,
            "chunk_kind": self.chunk_kind,
            "heading_path": SECTION_SEP.join(self.heading_path),
            "table_title": self.table_title,
            "rows": ",".join(map(str, self.rows)),
            "paragraphs": ",".join(map(str, self.paragraphs)),
            "pages": ",".join(map(str, self.pages)),
            "body": self.body,
        }
        if self.year is not None:
            md["year"] = self.year
        if self.page is not None:
            md["page"] = self.page
        if self.table_idx is not None:
            md["table_idx"] = self.table_idx
        return md

    @classmethod
    def from_metadata(cls, chunk_id: str, text: str, md: dict[str, Any]) -> Chunk:
        def ints(s: Any) -> list[int]:
            return [int(x) for x in str(s or "").split(",") if x.strip()]

        heading = str(md.get("heading_path") or "")
        return cls(
            id=chunk_id,
            text=text,
            doc_id=str(md.get("doc_id", "")),
            file=str(md.get("file", "")),
            title=str(md.get("title", "")),
            department=str(md.get("department", "")),
            year=int(md["year"]) if md.get("year") is not None else None,
            kind=str(md.get("kind", "")),
            chunk_kind=str(md.get("chunk_kind", "")),
            page=int(md["page"]) if md.get("page") is not None else None,
            heading_path=heading.split(SECTION_SEP) if heading else [],
            table_idx=int(md["table_idx"]) if md.get("table_idx") is not None else None,
            table_title=str(md.get("table_title", "")),
            rows=ints(md.get("rows")),
            paragraphs=ints(md.get("paragraphs")),
            pages=ints(md.get("pages")),
            body=str(md.get("body", "")),
        )


def doc_label(doc: Document) -> str:
    """ "2021年 郑州市大数据管理局 部门预算" — who/when, so a chunk names its document."""
    who = doc.department or doc.title
    year = f"{doc.year}年" if doc.year else ""
    return f"{year}{who}{doc.kind}".strip()


def chunk_document(doc: Document) -> list[Chunk]:
    """All chunks of a document: narrative sections first, then tables, in document order."""
    chunks = _text_chunks(doc)
    for t_idx, table in enumerate(doc.tables):
        if table.kind == "form":
            chunks.extend(_form_chunks(doc, t_idx, table))
        else:
            chunks.extend(_grid_chunks(doc, t_idx, table))
    return chunks


def _base(doc: Document, **kw: Any) -> Chunk:
    return Chunk(
        doc_id=doc.doc_id,
        file=doc.file,
        title=doc.title,
        department=doc.department,
        year=doc.year,
        kind=doc.kind,
        **kw,
    )


# Bump when what is embedded for a chunk changes: the vector collection is named after it, so a
# store built before re-embeds its documents (from their kept copies) on the next write.
EMBEDDING_VIEW_VERSION = 2


# ---------------------------------------------------------------- narrative


def _sections(paragraphs: list[Paragraph]) -> list[list[Paragraph]]:
    """Consecutive paragraphs under the same heading path."""
    out: list[list[Paragraph]] = []
    for p in paragraphs:
        if not p.text.strip():
            continue
        if out and out[-1][0].heading_path == p.heading_path:
            out[-1].append(p)
        else:
            out.append([p])
    return out


def _pieces(p: Paragraph) -> list[str]:
    text = " ".join(p.text.split())
    return [text] if len(text) <= TEXT_TARGET else _splitter().split_text(text)


def _text_chunks(doc: Document) -> list[Chunk]:
    label = doc_label(doc)
    chunks: list[Chunk] = []
    for section in _sections(doc.paragraphs):
        heading = list(section[0].heading_path)
        header = f"{label}\n{SECTION_SEP.join(heading)}" if heading else label
        # Pack whole paragraphs (or sentence pieces of a long one) up to the target size.
        groups: list[list[tuple[Paragraph, str]]] = [[]]
        size = 0
        for p in section:
            for piece in _pieces(p):
                if groups[-1] and size + len(piece) > TEXT_TARGET:
                    groups.append([])
                    size = 0
                groups[-1].append((p, piece))
                size += len(piece)
        seen: dict[int, int] = {}
        for group in groups:
            first = group[0][0].index
            part = seen.get(first, 0)
            seen[first] = part + 1
            body = "\n".join(piece for _, piece in group)
            paras = sorted({p.index for p, _ in group})
            page = next((p.page for p, _ in group if p.page is not None), None)
            chunks.append(
                _base(
                    doc,
                    id=f"{doc.doc_id}:p{first}.{part}",
                    text=f"{header}\n{body}",
                    chunk_kind="text",
                    page=page,
                    heading_path=heading,
                    paragraphs=paras,
                    pages=sorted({p.page for p, _ in group if p.page is not None}),
                    body=body,
                )
            )
    return chunks


# ---------------------------------------------------------------- tables


def _short_column(column: str) -> str:
    return column.replace("/", "·")


def row_text(row: Row, form: bool = False) -> str:
    """A row as one self-describing line: "[group] 301 01 基本工资：合计 1,608,216；基本支出·小计 …".

    In a key/value form a row with a single value reads "项目负责人：樊帆" (the value column's
    name, 值/内容, says nothing).
    """
    head = " ".join(p for p in (str(row.code) if row.code else "", row.label) if p)
    values: list[tuple[str, str]] = []
    for col, text in row.texts.items():
        text = " ".join(str(text).split())
        if text and text != row.label:
            values.append((col if col != row.label else "", text))
    values.extend((cell.column, cell.raw) for cell in row.cells)
    if form and len(values) == 1:
        parts = [values[0][1]]
    else:
        parts = [f"{_short_column(col)} {val}" if col else val for col, val in values]
    line = f"{head}：{'；'.join(parts)}" if parts else head
    return f"[{row.group}] {line}" if row.group else line


def _table_header(doc: Document, table: Table) -> str:
    unit = f"（单位：{table.unit}）" if table.unit else ""
    return f"{doc_label(doc)}\n{table.display_title}{unit}"


def _pack_rows(header: str, rows: list[Row], target: int, form: bool = False) -> list[list[tuple[Row, str]]]:
    groups: list[list[tuple[Row, str]]] = [[]]
    size = len(header)
    for row in rows:
        line = row_text(row, form)
        if groups[-1] and size + len(line) > target:
            groups.append([])
            size = len(header)
        groups[-1].append((row, line))
        size += len(line) + 1
    return [g for g in groups if g]


def _table_chunk(
    doc: Document, t_idx: int, table: Table, part: int, header: str, body: str, rows: list[Row], kind: str
) -> Chunk:
    page = next((r.page for r in rows if r.page is not None), table.page)
    view = embedding_view(header, rows, form=kind == "form") if rows else ""
    return _base(
        doc,
        id=f"{doc.doc_id}:t{t_idx}.{part}",
        text=f"{header}\n{body}",
        chunk_kind=kind,
        page=page,
        heading_path=list(table.heading_path),
        table_idx=t_idx,
        table_title=table.display_title,
        rows=[r.index for r in rows],
        pages=sorted({r.page for r in rows if r.page is not None} or ({table.page} if table.page else set())),
        body=body,
        embed_text=view,
    )


_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def embedding_view(header: str, rows: list[Row], form: bool = False) -> str:
    """A table chunk as e5 should read it: header, its column names once, then each row's label
    (and its text cells), without the figures and codes.

    The figures are most of a table chunk's tokens (each row repeats its column names and numbers)
    and carry no meaning for e5, while its cost grows with every token: an exact figure is
    answered from the fact store and BM25 indexes the full text, numbers and codes included.
    """
    columns: list[str] = []
    lines: list[str] = []
    group = None
    for row in rows:
        for cell in row.cells:
            col = _view_column(cell.column)
            if col and col not in columns:
                columns.append(col)
        words = [" ".join(str(t).split()) for c, t in row.texts.items() if c != row.label]
        words = [w for w in words if w and w != row.label and _WORDS.search(w)]
        line = f"{row.label}：{'；'.join(words)}" if words else row.label
        if row.group != group:
            group = row.group
            line = f"[{group}] {line}" if group else line
        if line:
            lines.append(line)
    head = f"{header}\n{'、'.join(columns)}" if columns and not form else header
    return "\n".join([head, *lines])[:VIEW_LIMIT]


def _view_column(column: str, limit: int = 16) -> str:
    """A column path with each level cut to ``limit`` characters: a header cell that printed a
    whole paragraph (a 绩效目标 statement) would otherwise fill the view of every chunk."""
    return "·".join(p if len(p) <= limit else p[:limit] + "…" for p in column.split("/") if p)


def _grid_chunks(doc: Document, t_idx: int, table: Table) -> list[Chunk]:
    header = _table_header(doc, table)
    chunks = []
    for part, group in enumerate(_pack_rows(header, table.rows, TABLE_TARGET)):
        body = "\n".join(line for _, line in group)
        chunks.append(_table_chunk(doc, t_idx, table, part, header, body, [r for r, _ in group], "table"))
    if table.note or not chunks:
        # The note (注/备注/空表说明) answers "why is this table empty" and defines terms.
        body = _note(table.note) if table.note else "（空表）"
        chunks.append(_table_chunk(doc, t_idx, table, len(chunks), header, body, [], "table"))
    return chunks


def _note(note: str) -> str:
    note = " ".join(note.split())
    return note if re.match(r"^(注|备注|说明)", note) else f"注：{note}"


def _form_chunks(doc: Document, t_idx: int, table: Table) -> list[Chunk]:
    """One chunk per form section (the top level of Row.group); an oversized one is split by rows.

    Indicator rows are grouped "产出目标/数量"; the section is "产出目标" and the sub-group stays
    on the row's line, so a form gives a handful of chunks, not one per indicator.
    """
    header = _table_header(doc, table)
    sections: list[tuple[str, list[Row]]] = []
    for row in table.rows:
        top = row.group.split("/")[0]
        if sections and sections[-1][0] == top:
            sections[-1][1].append(row)
        else:
            sections.append((top, [row]))
    chunks: list[Chunk] = []
    for top, rows in sections:
        sec_header = f"{header}\n{top}" if top else header
        lines = [_within(r, top) for r in rows]
        for packed in _pack_rows(sec_header, lines, TABLE_TARGET, form=True):
            body = "\n".join(line for _, line in packed)
            chunk = _table_chunk(
                doc, t_idx, table, len(chunks), sec_header, body, [r for r, _ in packed], "form"
            )
            chunks.append(chunk)
    if table.note:
        chunks.append(_table_chunk(doc, t_idx, table, len(chunks), header, _note(table.note), [], "form"))
    return chunks


def _within(row: Row, top: str) -> Row:
    """The row with its group relative to the section already named in the chunk header."""
    group = row.group[len(top) :].lstrip("/") if row.group.startswith(top) else row.group
    return replace(row, group=group)
