"""Span grids → ``Table``s: the one path Word, HTML and spreadsheet tables take.

A Word table, an HTML ``<table>`` and a worksheet all arrive as rows of cells with column
and row spans.  What they share, and what no table library knows, is how this genre lays a
table out inside such a grid, so it is written here once (by hand, because it is
budget-specific):

* caption rows above the header — the number ("附表3", "表一", "公开表5", "表4-1"), the
  title ("2025年全市一般公共预算收入完成情况表") and the unit ("单位：万元") — often inside
  the grid itself, merged across it;
* several published tables stacked in one Word table (附表1…附表5), each with its own
  column layout, so columns are resolved per stacked table;
* legend rows under the header ("公式 | A=B+C | B | C", "栏次 | 1 | 2 | 3");
* notes below the body ("注：…", "备注：…").

Header paths, label and code columns, side-by-side halves and forms are left to
``index.tables`` (``build_table`` / ``build_form``), like every other parser does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from index.model import Table
from index.numbers import normalize_text, parse_cell
from index.tables import GridRow, build_form, build_table, clean_label, split_header

_CN = "一二三四五六七八九十百零〇"
# "附表1", "附表 1-2", "表一", "表4-1", "公开表5", "公开01表", "预算01表", "附件3"
_NUMBER = re.compile(
    rf"^(?:(?:附|公开|预算|决算)?表\s*[\d{_CN}]+(?:\s*[-－—]\s*\d+)?|(?:公开|预算|决算)\d+(?:-\d+)?表|附件\s*\d+(?:\s*[-－—]\s*\d+)?)$"
)
_UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(亿元|万元|元)")
_COMPILER = re.compile(r"^(?:编制(?:单位|部门)|部门（单位）|部门\(单位\)|单位名称|部门名称)\s*[:：]")
_NOTE = re.compile(r"^(?:注|备注|说明|空表说明)\s*\d*\s*[:：．.、]")
_TITLE_END = re.compile(r"(?:表|表\s*[（(]续[)）]|情况|明细|汇总)$")
_LEGEND_LABELS = {"公式", "栏次", "行次"}
_LEGEND_CELL = re.compile(r"^(?:[A-Z](?:\s*[=＝+＋\-－*×/]\s*[A-Z0-9]+)*|\d{1,2})$")
_FORM_TITLE = re.compile(r"绩效目标|绩效自评")
_FORM_KEYS = {"项目名称", "部门（单位）名称", "部门(单位)名称", "单位名称", "部门名称"}
# Export artefacts of finance systems: "DEBT_T_XXGK_XEYE", "AD_CODE_GK#65", "VALID#", SQL fragments.
_MACHINE = re.compile(
    r"^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?:#\S*)?|[A-Z][A-Z0-9_]*#\S*|.*\bAND\s+T\.[A-Z_]+.*)$"
)


@dataclass
class SpanCell:
    """One cell as a grid source gives it: text, first grid column and spans."""

    text: str
    col: int
    colspan: int = 1
    rowspan: int = 1


@dataclass
class GridBlock:
    """One published table cut out of a grid: its captions, grid rows and notes."""

    number: str = ""
    title: str = ""
    unit: str = ""
    rows: list[list[SpanCell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)  # other caption text (编制单位：…)


@dataclass
class GridResult:
    """What a grid holds: its tables, and text that is not a table (cover pages, 1×1 frames)."""

    tables: list[Table] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def cell_text(text: str | None) -> str:
    """A cell's text with line breaks and full-width spaces normalised, outer space stripped."""
    if not text:
        return ""
    s = text.replace("\u3000", " ").replace("\xa0", " ").replace("\r", "\n")
    lines = [ln.strip() for ln in s.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def is_machine_text(text: str) -> bool:
    """An identifier a finance system left in the export, not printed text."""
    return bool(_MACHINE.match(text.strip()))


def _distinct(row: Sequence[SpanCell]) -> list[str]:
    out: list[str] = []
    for c in row:
        t = c.text.strip()
        if t and t not in out:
            out.append(t)
    return out


def _flat(text: str) -> str:
    return clean_label(normalize_text(text)) if text else ""


def _caption_kind(texts: list[str]) -> str:
    """'number' | 'unit' | 'note' | 'text' (one free text) | '' (a grid row)."""
    if not texts:
        return ""
    flat = [_flat(t) for t in texts]
    if any(_UNIT.search(t) for t in flat):
        rest = [t for t in flat if not _UNIT.search(t)]
        if all(_NUMBER.match(t) or _COMPILER.match(t) or re.fullmatch(r"\d{4}年度?", t) for t in rest):
            return "unit"
    if all(_NUMBER.match(t) for t in flat):
        return "number"
    if len(flat) == 1:
        if _NOTE.match(flat[0]):
            return "note"
        if parse_cell(flat[0]) is None and not re.fullmatch(r"[\d\s.,]+", flat[0]):
            return "text"
    if len(flat) == 2 and _NUMBER.match(flat[0]) and _TITLE_END.search(flat[1]):
        return "number"  # "表一 | 2025年…情况表" on one row
    return ""


def split_blocks(rows: Sequence[Sequence[SpanCell]]) -> list[GridBlock]:
    """Cut a grid into its published tables at caption rows (number, title, unit).

    A single free-text row counts as a title only before a table's grid rows start, or when
    it reads like a title (…表/…情况) and a number, unit or grid row follows; inside a body
    it is a section row ("一般债务") and stays a row.
    """
    kept = [list(r) for r in rows if _distinct(r) and not all(is_machine_text(t) for t in _distinct(r))]
    kinds = [_caption_kind(_distinct(r)) for r in kept]
    blocks: list[GridBlock] = []
    cur = GridBlock()

    def close() -> None:
        nonlocal cur
        if cur.rows or cur.title or cur.number or cur.notes:
            blocks.append(cur)
        cur = GridBlock()

    for i, (row, kind) in enumerate(zip(kept, kinds, strict=True)):
        texts = _distinct(row)
        nxt = kinds[i + 1] if i + 1 < len(kinds) else None
        if kind == "number":
            if cur.rows or cur.number:
                close()
            flat = [_flat(t) for t in texts]
            cur.number = flat[0]
            if len(flat) > 1:
                cur.title = flat[1]
            continue
        if kind == "unit":
            if cur.rows and not _header_only(cur.rows):
                close()
            for t in texts:
                m = _UNIT.search(_flat(t))
                if m:
                    cur.unit = m.group(1)
                elif not _NUMBER.match(_flat(t)):
                    cur.captions.append(_flat(t))
                else:
                    cur.number = cur.number or _flat(t)
            continue
        if kind == "note" and cur.rows:
            cur.notes.append(cell_text(texts[0]))
            continue
        if kind == "text":
            flat = _flat(texts[0])
            titleish = bool(_TITLE_END.search(flat)) and nxt in {"number", "unit", "", None}
            if not cur.rows and not cur.title:
                cur.title = flat
                continue
            if cur.rows and titleish and nxt in {"unit", "number"}:
                close()
                cur.title = flat
                continue
            if cur.notes:
                cur.notes.append(cell_text(texts[0]))  # a note's second paragraph
                continue
        if kind == "note" and not cur.rows:
            cur.captions.append(_flat(texts[0]))
            continue
        cur.rows.append(row)
    close()
    return blocks


def _header_only(rows: list[list[SpanCell]]) -> bool:
    return all(parse_cell(c.text) is None for r in rows for c in r if c.text)


def place(rows: Sequence[Sequence[SpanCell]]) -> list[list[str | None]]:
    """Lay span cells out as a rectangular grid, then keep only columns where some cell starts.

    A cell's text sits in its first slot; the other slots it covers are ``None`` (as
    ``index.tables`` expects for merged cells).  Grid columns that no printed cell starts
    in (Word's fine layout grid, padding columns of a sheet) are dropped, so a stacked
    table's columns are its own.
    """
    width = max((c.col + c.colspan for r in rows for c in r), default=0)
    grid: list[list[str | None]] = [[""] * width for _ in rows]
    for i, row in enumerate(rows):
        for c in row:
            for dr in range(c.rowspan):
                if i + dr >= len(grid):
                    break
                for dc in range(c.colspan):
                    if c.col + dc < width:
                        grid[i + dr][c.col + dc] = None
            grid[i][c.col] = c.text
    keep = [k for k in range(width) if any(r[k] for r in grid)]
    return [[r[k] for k in keep] for r in grid]


def _is_legend(row: list[str | None]) -> bool:
    cells = [_flat(c) for c in row if c]
    if len(cells) < 2:
        return False
    if cells[0] in _LEGEND_LABELS:
        return True
    return all(_LEGEND_CELL.match(c) for c in cells) and any(re.match(r"[A-Z]", c) for c in cells)


_BODY_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}\s*[、.．](?!\d)|[（(][一二三四五六七八九十\d]+[)）]|其中|合\s*计|总\s*计|小\s*计)"
)


def header_rows(grid: list[list[str | None]]) -> int:
    """How many leading rows are column headers.

    ``split_header`` ends the header at the first row with a number or a code; a body whose
    first rows hold no figure (empty lines of a 结余 table, a section row "一般债务") would be
    read as header.  A row labelled like a body row (一、… / 1. / 其中 / 合计), or one whose only
    text sits in the label column(s), ends the header first.
    """
    n = split_header(grid)
    if not grid:
        return n
    first = grid[0]
    lead = _flat(first[0] or "") if first else ""
    label_cols = {0} | {k for k, c in enumerate(first) if c and lead and _flat(c) == lead}
    for i in range(1, min(n, len(grid))):
        filled = [k for k, c in enumerate(grid[i]) if c]
        if not filled:
            continue
        if _BODY_START.match(_flat(grid[i][filled[0]] or "")) or set(filled) <= label_cols:
            return i
    return n


def _is_form(title: str, grid: list[list[str | None]]) -> bool:
    if _FORM_TITLE.search(title):
        return True
    first = next((_flat(c) for r in grid[:1] for c in r if c), "")
    return first in _FORM_KEYS


def block_table(
    block: GridBlock,
    *,
    heading_path: Sequence[str] = (),
    page: int | None = None,
    default_title: str = "",
    default_unit: str = "",
) -> Table | None:
    """Build the ``Table`` of one block, or None when it holds no figure (a text frame)."""
    grid = [r for r in place(block.rows) if any(c for c in r)]
    grid = [r for r in grid if not _is_legend(r)]
    if not grid:
        return None
    title = block.title or default_title
    note = "\n".join(block.notes)
    if _is_form(title, grid):
        return build_form(
            title,
            [GridRow([c if c is not None else "" for c in r], page) for r in grid],
            number=block.number,
            heading_path=heading_path,
            page=page,
            note=note,
            money_unit=block.unit or default_unit or "元",
        )
    n = header_rows(grid)
    if n >= len(grid):
        return None
    header, body = grid[:n], grid[n:]
    unit = block.unit or default_unit
    # "单位：万元" printed in a header cell (the header row's last cell)
    for r in header:
        for k, c in enumerate(r):
            m = _UNIT.search(_flat(c or ""))
            if m:
                unit = unit or m.group(1)
                r[k] = ""
    table = build_table(
        title,
        unit,
        header,
        [GridRow(list(r), page) for r in body],
        number=block.number,
        heading_path=heading_path,
        page=page,
        note=note,
    )
    if not any(r.cells for r in table.rows):
        return None
    return table


def grid_tables(
    rows: Sequence[Sequence[SpanCell]],
    *,
    heading_path: Sequence[str] = (),
    page: int | None = None,
    default_title: str = "",
    default_unit: str = "",
) -> GridResult:
    """All published tables in one grid; what is not a table comes back as text lines."""
    out = GridResult()
    for block in split_blocks(rows):
        table = block_table(
            block,
            heading_path=heading_path,
            page=page,
            default_title=default_title,
            default_unit=default_unit,
        )
        if table is not None:
            out.tables.append(table)
            continue
        for text in [block.number, block.title, *block.captions]:
            if text:
                out.texts.append(text)
        for r in block.rows:
            line = " ".join(c for c in _distinct(r))
            if line:
                out.texts.append(line)
        out.texts.extend(block.notes)
    return out
