"""Tables without ruling lines on OCR'd pages: text boxes clustered into rows and columns.

A scanned table printed without rules gives OCR nothing but text boxes.  Boxes on one visual
line (their vertical centres inside each other's extent) are a row; a row of two or more runs
separated by wide gaps, in a block of at least three such rows of which two hold numbers, is a
table row.  Columns are the x-extents of the block's runs merged where they overlap (numbers in
a column are aligned, so their extents overlap); a run falls into the column holding its centre.

A classification code printed close to its name is often read as one box (「2010301行政运行」,
「01行政运行」 under 项); such a run is cut into the code and the name (code widths from
``index.vocabulary``), and the pieces go into the columns the other rows print codes and names in.

Hand-written because no library does this on OCR boxes (pdfplumber's "text" strategy needs
PDF characters, which an image page has not); the rules are the layout of any printed table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from index.vocabulary import CLASSIFICATION_CODE_WIDTHS, NOT_CODE_FOLLOWERS, SUBCODE_WIDTH

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
    glued: bool = False  # a piece of a run cut at a code glued to its name (its extent is estimated)

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


_GLUED_CODE = re.compile(r"^(\d+)\s*(?=[\u4e00-\u9fff])")
_SUBCODE = re.compile(rf"^0\d{{{SUBCODE_WIDTH - 1}}}$")


def split_glued_code(run: Run, subcodes: bool = False) -> list[Run]:
    """「2010301行政运行」 read as one run → the code and the name, each with an estimated extent.

    A run is cut when it starts with a classification code of a standard width (类 201, 类款
    20103, 类款项 2010301; with ``subcodes``, a 款/项 code 01) followed by a Chinese name that is
    not a unit or a count (「100万元」「12人」 are left whole).  The cut is placed by character
    widths (a digit is half as wide as a Chinese character), with a small gap on each side so
    the two pieces never touch.
    """
    m = _GLUED_CODE.match(run.text)
    if not m:
        return [run]
    code, name = m.group(1), run.text[m.end() :].strip()
    width_ok = len(code) in CLASSIFICATION_CODE_WIDTHS or (subcodes and len(code) == SUBCODE_WIDTH)
    if not width_ok or not name or name[0] in NOT_CODE_FOLLOWERS:
        return [run]
    units = 0.5 * len(code) + sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in name)
    unit = (run.x1 - run.x0) / units
    cut = run.x0 + 0.5 * len(code) * unit
    return [
        replace(run, text=code, x1=cut - 0.25 * unit, glued=True),
        replace(run, text=name, x0=cut + 0.25 * unit, glued=True),
    ]


def _split_codes(block: list[list[tuple[Run, list[int]]]]) -> list[list[tuple[Run, list[int]]]]:
    """Cut the glued codes of a block; 2-digit 款/项 codes only where the block prints such codes apart."""
    subcodes = any(_SUBCODE.match(r.text) for ln in block for r, _ in ln)
    return [[(piece, idx) for run, idx in ln for piece in split_glued_code(run, subcodes)] for ln in block]


def _merge_spans(spans: list[tuple[float, float]]) -> list[list[float]]:
    columns: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return columns


def _overlap(run: Run, a: float, b: float) -> float:
    return min(run.x1, b) - max(run.x0, a)


def _columns(block: list[list[tuple[Run, list[int]]]]) -> list[list[float]]:
    """Column extents: the runs' extents merged where they overlap.

    The pieces of a cut run have estimated extents, so they do not widen the columns the other
    rows make; a piece that overlaps no such column makes its own, kept clear of them.
    """
    solid = [(r.x0, r.x1) for ln in block for r, _ in ln if not r.glued]
    columns = _merge_spans(solid)
    extra = []
    for ln in block:
        for r, _ in ln:
            centre = (r.x0 + r.x1) / 2
            if not r.glued or any(_overlap(r, a, b) > 0 for a, b in columns):
                continue
            left = max((b for a, b in columns if b < centre), default=float("-inf"))
            right = min((a for a, b in columns if a > centre), default=float("inf"))
            x0, x1 = max(r.x0, left + 0.01), min(r.x1, right - 0.01)
            if x0 < x1:
                extra.append((x0, x1))
    return _merge_spans(solid + extra) if extra else columns


def _table(block: list[list[tuple[Run, list[int]]]]) -> RulelessTable | None:
    block = _split_codes(block)
    columns = _columns(block)
    if len(columns) < 2:
        return None
    rows: list[list[str]] = []
    extents: list[tuple[float, float]] = []
    held: set[int] = set()
    for ln in block:
        cells = [""] * len(columns)
        for run, idx in ln:
            centre = (run.x0 + run.x1) / 2
            if run.glued:  # an estimated extent: the column it overlaps most, else the nearest
                k = max(
                    range(len(columns)),
                    key=lambda k: (
                        _overlap(run, *columns[k]),
                        -abs((columns[k][0] + columns[k][1]) / 2 - centre),
                    ),
                )
            else:
                k = next((k for k, (a, b) in enumerate(columns) if a <= centre <= b), None)
            if k is None:
                continue
            cells[k] = f"{cells[k]}{run.text}"
            held.update(idx)
        rows.append(cells)
        extents.append((min(r.top for r, _ in ln), max(r.bottom for r, _ in ln)))
    bbox = (columns[0][0], extents[0][0], columns[-1][1], extents[-1][1])
    return RulelessTable(rows, [(a, b) for a, b in columns], extents, bbox, frozenset(held))
