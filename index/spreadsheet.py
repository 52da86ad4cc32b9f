"""Worksheets (XLSX via openpyxl, XLS via xlrd) → ``Document``: the logic both formats share.

Each reader only turns its file into ``Sheet``s (typed cell values with their number
formats, merged ranges, hidden rows/columns, print area); everything else happens here once:

* the printed part of a sheet: the print area when one is set, else the cells that hold
  values (a used range bloated to column 16382 costs nothing); hidden rows and columns
  (helper columns such as "非打印区域（过程）", collapsed detail rows) are not printed and
  are skipped; identifiers a finance system left in the export ("DEBT_T_XXGK_XEYE",
  "AD_CODE_GK#65", "VALID#") are dropped;
* numbers as printed: the cell's number format decides decimals, thousands separators,
  percent and the zero section, and the value is rounded with ``Decimal`` from the float's
  shortest repr — 182506.58999999997 under "#,##0.00" is 182,506.59, never float arithmetic;
* Excel date serials as dates ("2026年1月");
* one sheet → its published tables via ``index.grids`` (caption rows, units, notes);
  sheets without a figure (cover, contents) → paragraphs.

The number-format renderer is hand-written because no library renders Excel formats to
exact decimals; it reads only what changes a printed figure.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from index.grids import SpanCell, cell_text, grid_tables, is_machine_text
from index.meta import detect_metadata
from index.model import Document, Paragraph, ParseError, Table
from index.parse import file_sha256
from index.pdf_parser import collapse_spacing

CellValue = str | int | float | Decimal | bool | dt.datetime | dt.date | dt.time | None


@dataclass
class Sheet:
    """One worksheet as a reader found it (0-based rows and columns)."""

    name: str
    cells: dict[tuple[int, int], tuple[CellValue, str]]  # (row, col) → (value, number format)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 inclusive
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    print_area: tuple[int, int, int, int] | None = None  # r0, c0, r1, c1 inclusive
    hidden: bool = False  # the whole sheet is hidden


# --------------------------------------------------------------------------- number formats

_QUOTED = re.compile(r'"[^"]*"')


def _sections(fmt: str) -> list[str]:
    out, cur, quoted = [], "", False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _placeholders(section: str) -> str:
    """The section with quoted text, escapes, paddings, fills and [colour] codes removed."""
    s = _QUOTED.sub("", section)
    s = re.sub(r"\\.|_.|\*.|\[[^\]]*\]", "", s)
    return s


def _general(d: Decimal) -> str:
    """Excel's General: about 11 significant digits, which hides binary float noise."""
    if d == d.to_integral_value() and abs(d) < Decimal("1e15"):
        return str(int(d))
    q = d.quantize(Decimal(1).scaleb(d.adjusted() - 11), ROUND_HALF_UP).normalize()
    text = format(q, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def render_number(value: int | float | Decimal, fmt: str) -> str:
    """A number as Excel prints it under ``fmt`` ("#,##0.00", "0.0%", "General" …), exactly."""
    d = (
        value
        if isinstance(value, Decimal)
        else Decimal(repr(value))
        if isinstance(value, float)
        else Decimal(value)
    )
    fmt = (fmt or "General").strip()
    if fmt.lower() in {"general", "@", ""}:
        return _general(d)
    sections = _sections(fmt)
    if d == 0 and len(sections) >= 3:
        section = sections[2]
        literal = "".join(m.strip('"') for m in _QUOTED.findall(section)).strip()
        if literal and not re.search(r"[0#?]", _placeholders(section)):
            return literal  # accounting formats print zero as "-"
    elif d < 0 and len(sections) >= 2:
        section = sections[1]
    else:
        section = sections[0]
    body = _placeholders(section)
    if not re.search(r"[0#?]", body):
        return _general(d)
    percent = "%" in body
    m = re.search(r"\.([0#?]+)", body)
    decimals = len(m.group(1)) if m else 0
    grouping = "," in body.split(".")[0]
    if percent:
        d = d * 100
    q = d.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{abs(q):,.{decimals}f}" if grouping else f"{abs(q):.{decimals}f}"
    sign = "-" if q < 0 else ""
    return f"{sign}{text}{'%' if percent else ''}"


def render_date(value: dt.datetime | dt.date, fmt: str) -> str:
    """A date cell as printed: "2026年1月" for Chinese formats, else ISO."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and "h" not in fmt.lower():
        value = value.date()
    if "年" in fmt:
        text = f"{value.year}年"
        if "m" in fmt.lower() or "月" in fmt:
            text += f"{value.month}月"
        if "d" in fmt.lower() or "日" in fmt:
            text += f"{value.day}日"
        return text
    return value.isoformat()


def render(value: CellValue, fmt: str) -> str:
    """The printed text of one cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime | dt.date):
        return render_date(value, fmt)
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return render_number(value, fmt)
    return cell_text(str(value))


# --------------------------------------------------------------------------- sheet → rows


def _region(sheet: Sheet) -> tuple[int, int, int, int] | None:
    filled = [(r, c) for (r, c), (v, _) in sheet.cells.items() if v is not None and str(v).strip()]
    if not filled:
        return None
    r0 = min(r for r, _ in filled)
    r1 = max(r for r, _ in filled)
    c0 = min(c for _, c in filled)
    c1 = max(c for _, c in filled)
    if sheet.print_area:
        pr0, pc0, pr1, pc1 = sheet.print_area
        r0, c0, r1, c1 = max(r0, pr0), max(c0, pc0), min(r1, pr1), min(c1, pc1)
        if r0 > r1 or c0 > c1:
            return None
    return r0, c0, r1, c1


def sheet_rows(sheet: Sheet) -> list[list[SpanCell]]:
    """The printed rows of a sheet as span cells (visible columns renumbered from 0)."""
    region = _region(sheet)
    if region is None:
        return []
    r0, c0, r1, c1 = region
    rows = [r for r in range(r0, r1 + 1) if r not in sheet.hidden_rows]
    cols = [c for c in range(c0, c1 + 1) if c not in sheet.hidden_cols]
    col_pos = {c: i for i, c in enumerate(cols)}
    row_set = set(rows)
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for mr0, mc0, mr1, mc1 in sheet.merges:
        vis_r = [r for r in range(mr0, mr1 + 1) if r in row_set]
        vis_c = [c for c in range(mc0, mc1 + 1) if c in col_pos]
        if not vis_r or not vis_c:
            continue
        spans[(vis_r[0], vis_c[0])] = (len(vis_r), len(vis_c))
        # the text of a merged range sits in its top-left cell, even when that one is hidden
        if (vis_r[0], vis_c[0]) != (mr0, mc0) and (mr0, mc0) in sheet.cells:
            sheet.cells[(vis_r[0], vis_c[0])] = sheet.cells[(mr0, mc0)]
        for r in vis_r:
            for c in vis_c:
                if (r, c) != (vis_r[0], vis_c[0]):
                    covered.add((r, c))
    by_row: dict[int, list[tuple[int, CellValue, str]]] = {}
    for (r, c), (value, fmt) in sheet.cells.items():
        if r in row_set and c in col_pos and (r, c) not in covered:
            by_row.setdefault(r, []).append((c, value, fmt))
    out: list[list[SpanCell]] = []
    for r in rows:
        row: list[SpanCell] = []
        for c, value, fmt in sorted(by_row.get(r, []), key=lambda x: x[0]):
            text = render(value, fmt)
            if not text or is_machine_text(text):
                continue
            rs, cs = spans.get((r, c), (1, 1))
            row.append(SpanCell(text, col_pos[c], cs, rs))
        out.append(row)
    return out


# --------------------------------------------------------------------------- workbook → Document

_TOC_LEADER = re.compile(r"[.…·．]{4,}\s*\d*$")


def workbook_document(path: Path, sheets: list[Sheet]) -> Document:
    """One table per printed sheet table; text-only sheets become paragraphs; metadata from the text."""
    tables: list[Table] = []
    paragraphs: list[Paragraph] = []
    lines: list[str] = []
    for sheet in sheets:
        if sheet.hidden:
            continue
        name = sheet.name.strip()
        result = grid_tables(sheet_rows(sheet), heading_path=[name], default_title=name)
        for text in result.texts:
            if _TOC_LEADER.search(text):
                continue
            lines.append(text)
            paragraphs.append(
                Paragraph(collapse_spacing(text.replace("\n", " ")), [name], None, len(paragraphs))
            )
        lines.extend(t.title for t in result.tables if t.title)
        tables.extend(result.tables)
    if not tables and not paragraphs:
        raise ParseError(path.name, "工作簿里没有任何可打印的内容（所有工作表都是空的或隐藏的）")
    if not tables:
        raise ParseError(path.name, "工作簿里没有找到含数字的表格（不是预算表？）")
    meta = detect_metadata(lines)
    return Document(
        file=path.name,
        sha256=file_sha256(path),
        **meta.document_fields(),
        pages=None,
        paragraphs=paragraphs,
        tables=tables,
    )
