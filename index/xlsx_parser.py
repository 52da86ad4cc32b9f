"""XLSX workbooks → ``Document`` via openpyxl; the table logic is ``index.spreadsheet``'s.

Read with ``data_only=True``: a formula cell prints its cached value, as Excel shows it.
Not read-only mode: merged ranges, hidden rows/columns and the print area are needed, and
read-only worksheets do not expose them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from index.model import Document, ParseError
from index.spreadsheet import Sheet, workbook_document


def _print_area(ws: Any) -> tuple[int, int, int, int] | None:
    area = ws.print_area
    if not area:
        return None
    boxes = []
    for part in str(area).split(","):
        ref = part.split("!")[-1].replace("$", "").strip()
        try:
            c0, r0, c1, r1 = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if None in (c0, r0, c1, r1):
            continue
        boxes.append((r0 - 1, c0 - 1, r1 - 1, c1 - 1))
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _cells(ws: Any) -> dict[tuple[int, int], tuple[Any, str]]:
    # openpyxl keeps the cells that exist in a sparse dict; iterating the "used range" instead
    # would visit every empty slot of a range bloated to column 16382.
    store = getattr(ws, "_cells", None)
    source = store.values() if isinstance(store, dict) else (c for row in ws.iter_rows() for c in row)
    out = {}
    for cell in source:
        if cell.value is None:
            continue
        out[(cell.row - 1, cell.column - 1)] = (cell.value, cell.number_format or "General")
    return out


def _sheet(ws: Any) -> Sheet:
    hidden_cols: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min:
            hidden_cols.update(range(dim.min - 1, (dim.max or dim.min)))
    hidden_rows = {idx - 1 for idx, dim in ws.row_dimensions.items() if dim.hidden}
    merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
    return Sheet(
        name=ws.title,
        cells=_cells(ws),
        merges=merges,
        hidden_rows=hidden_rows,
        hidden_cols=hidden_cols,
        print_area=_print_area(ws),
        hidden=ws.sheet_state != "visible",
    )


def parse_xlsx(path: Path | str) -> Document:
    """Parse an XLSX budget workbook: one table per printed sheet table (see ``index.spreadsheet``)."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:  # a file object: openpyxl refuses paths not ending in .xlsx
            wb = load_workbook(fh, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ParseError(
            path.name, f"无法读取的 XLSX 文件（{type(exc).__name__}: {str(exc)[:120]}）"
        ) from exc
    try:
        sheets = [_sheet(ws) for ws in wb.worksheets]
    finally:
        wb.close()
    return workbook_document(path, sheets)
