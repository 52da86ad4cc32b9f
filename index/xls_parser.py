"""Old Excel (.xls, BIFF) workbooks → ``Document`` via xlrd; the table logic is ``index.spreadsheet``'s.

``formatting_info=True`` gives number formats, merged ranges and hidden rows/columns; the
print area comes from the workbook's built-in ``Print_Area`` names.  Date cells are turned
into dates with the workbook's date mode.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlrd

from index.model import Document, ParseError
from index.spreadsheet import CellValue, Sheet, workbook_document


def _print_areas(book: Any) -> dict[int, tuple[int, int, int, int]]:
    out = {}
    for name in book.name_obj_list:
        if name.name.lower().replace("_xlnm.", "") != "print_area" or name.scope < 0:
            continue
        try:
            _, rlo, rhi, clo, chi = name.area2d(clipped=True)
        except Exception:  # a print area spanning several ranges or sheets: read the used range
            continue
        out[name.scope] = (rlo, clo, rhi - 1, chi - 1)
    return out


def _value(book: Any, cell: Any) -> CellValue:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def _format(book: Any, cell: Any) -> str:
    try:
        xf = book.xf_list[cell.xf_index]
        return book.format_map[xf.format_key].format_str or "General"
    except (IndexError, KeyError, AttributeError):
        return "General"


def _sheet(book: Any, index: int, areas: dict[int, tuple[int, int, int, int]]) -> Sheet:
    sh = book.sheet_by_index(index)
    cells = {}
    for r in range(sh.nrows):
        for c in range(sh.ncols):
            cell = sh.cell(r, c)
            value = _value(book, cell)
            if value is not None and value != "":
                cells[(r, c)] = (value, _format(book, cell))
    return Sheet(
        name=sh.name,
        cells=cells,
        merges=[(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells],
        hidden_rows={r for r, info in sh.rowinfo_map.items() if info.hidden},
        hidden_cols={c for c, info in sh.colinfo_map.items() if info.hidden},
        print_area=areas.get(index),
        hidden=sh.visibility != 0,
    )


def parse_xls(path: Path | str) -> Document:
    """Parse an .xls budget workbook: one table per printed sheet table (see ``index.spreadsheet``)."""
    path = Path(path)
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    # xlrd raises many unrelated types (CompDocError, struct.error …) on damaged files
    except Exception as exc:
        raise ParseError(path.name, f"无法读取的 XLS 文件（{type(exc).__name__}: {str(exc)[:120]}）") from exc
    try:
        areas = _print_areas(book)
        sheets = [_sheet(book, i, areas) for i in range(book.nsheets)]
    finally:
        book.release_resources()
    return workbook_document(path, sheets)
