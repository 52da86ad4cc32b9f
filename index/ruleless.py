"""Tables without ruling lines on OCR'd pages: text boxes clustered into rows and columns.

A scanned table printed without rules gives OCR nothing but text boxes.  Boxes on one visual
line (their vertical centres inside each other's extent) are a row; a row of two or more runs
separated by wide gaps, in a block of at least three such rows of which two hold numbers, is a
table row.  Columns are the x-extents of the block's runs merged where they overlap (numbers in
a column are aligned, so their extents overlap); a run falls into the column holding its centre.

Hand-written because no library does this on OCR boxes (pdfplumber's "text" strategy needs
PDF characters, which an image page has not); the rules are the layout of any printed table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Runs on one line further apart than this many line heights are different cells.
GAP_HEIGHTS = 1.5
MIN_ROWS = 3

_NUMBER = re.compile(r"^[-+—]?[\d,，.]+%?$")


@dataclass(frozen=True)
class Run:
    """A run of text on one line: consecutive boxes closer than a cell gap."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def is_number(self) -> bool:
        return bool(_NUMBER.match(self.text.replace(" ", "")))


@dataclass(frozen=True)
class RulelessTable:
    """Rows × columns of cell texts (\"\" where a row prints nothing in a column), with extents."""

    rows: list[list[str]]
    columns: list[tuple[float, float]]
    row_extents: list[tuple[float, float]]
    bbox: tuple[float, float, float, float]
    boxes: frozenset[int]  # indices of the boxes it holds


def _visual_lines(boxes: list) -> list[list[int]]:
    order = sorted(range(len(boxes)), key=lambda i: ((boxes[i].top + boxes[i].bottom) / 2, boxes[i].x0))
    lines: list[list[int]] = []
    for i in order:
        b = boxes[i]
        mid = (b.top + b.bottom) / 2
        if lines:
            last = lines[-1]
            top = min(boxes[j].top for j in last)
            bottom = max(boxes[j].bottom for j in last)
            if top <= mid <= bottom:
                last.append(i)
                continue
        lines.append([i])
    return lines


def _runs(boxes: list, line: list[int]) -> list[tuple[Run, list[int]]]:
    line = sorted(line, key=lambda i: boxes[i].x0)
    groups: list[list[int]] = [[line[0]]]
    for i in line[1:]:
        prev = boxes[groups[-1][-1]]
        b = boxes[i]
        if b.x0 - prev.x1 > GAP_HEIGHTS * max(prev.bottom - prev.top, b.bottom - b.top):
            groups.append([i])
        else:
            groups[-1].append(i)
    out = []
    for g in groups:
        bs = [boxes[i] for i in g]
        text = "".join(b.text for b in bs)
        out.append(
            (
                Run(
                    text,
                    min(b.x0 for b in bs),
                    max(b.x1 for b in bs),
                    min(b.top for b in bs),
                    max(b.bottom for b in bs),
                ),
                g,
            )
        )
    return out


def find_tables(boxes: list) -> list[RulelessTable]:
    """Rule-less tables among OCR boxes (anything with text, x0, x1, top, bottom)."""
    if not boxes:
        return []
    lines = [_runs(boxes, ln) for ln in _visual_lines(boxes)]
    tables: list[RulelessTable] = []
    block: list[list[tuple[Run, list[int]]]] = []

    def flush() -> None:
        if len(block) >= MIN_ROWS and sum(any(r.is_number for r, _ in ln) for ln in block) >= 2:
            table = _table(block)
            if table is not None:
                tables.append(table)
        block.clear()

    for ln in lines:
        if len(ln) >= 2:
            if block:
                prev_bottom = max(r.bottom for r, _ in block[-1])
                height = max(r.bottom - r.top for r, _ in ln)
                if min(r.top for r, _ in ln) - prev_bottom > 3 * height:
                    flush()  # a wide vertical gap: another table
            block.append(ln)
        else:
            flush()
    flush()
    return tables


def _table(block: list[list[tuple[Run, list[int]]]]) -> RulelessTable | None:
    spans = sorted((r.x0, r.x1) for ln in block for r, _ in ln)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    if len(columns) < 2:
        return None
    rows: list[list[str]] = []
    extents: list[tuple[float, float]] = []
    held: set[int] = set()
    for ln in block:
        cells = [""] * len(columns)
        for run, idx in ln:
            centre = (run.x0 + run.x1) / 2
            k = next((k for k, (a, b) in enumerate(columns) if a <= centre <= b), None)
            if k is None:
                continue
            cells[k] = f"{cells[k]}{run.text}"
            held.update(idx)
        rows.append(cells)
        extents.append((min(r.top for r, _ in ln), max(r.bottom for r, _ in ln)))
    bbox = (columns[0][0], extents[0][0], columns[-1][1], extents[-1][1])
    return RulelessTable(rows, [(a, b) for a, b in columns], extents, bbox, frozenset(held))
