"""Budget disclosure PDFs (with a text layer) → ``Document``, via pdfplumber.

Tables are read from pdfplumber's ruling-line table finder, not from the text layer: the
text layer drops empty cells and can put a number on a line apart from its label.  What is
written by hand here is specific to how this genre's PDFs are drawn (Word/WPS exports):

* cell backgrounds and paddings are white filled rectangles; they cut real cells into
  fragments, so they are dropped before table finding and only visible rulings count;
* a table that runs over a page break has no top (or bottom) border at the break, so each
  group of vertical rulings is closed with an explicit horizontal line;
* a table continues on the next page with or without its header repeated, and a cell's
  text can be split by the break ("信息网络及软件购" | "置更新");
* titles ("一、2017年度…收支预算总表"), units ("单位：万元") and notes ("注：…") are lines of
  text around the grid, sometimes letter-spaced ("财 政 业 务 费");
* narrative paragraphs are broken at line ends and pages and must be re-joined.

Grids are turned into ``Table`` objects by ``index.tables.build_table`` (shared with the
text parser); document metadata comes from ``index.meta.detect_metadata``.
"""

from __future__ import annotations

import contextlib
import re
import zlib
from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Collection
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfminer.psparser import LIT

from index import ocr as ocr_engine
from index import ruleless
from index.limits import ParseLimits
from index.meta import MetaLine, detect_metadata
from index.model import Document, Paragraph, ParseError, Table
from index.numbers import normalize_text, parse_cell
from index.parse import file_sha256
from index.plausibility import check_text_layer, text_layer_usable
from index.tables import GridRow, build_table
from index.textlayer import repair_displaced, text_layer_problem
from index.vocabulary import CONTINUED_TABLE_MARK

LITERAL_FORM = LIT("Form")

# --------------------------------------------------------------------------- text helpers

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef“”‘’…—·"
# Three or more CJK characters each separated by spaces: letter-spaced (justified) text.
_SPACED_RUN = re.compile(rf"(?:[{_CJK}{_CJK_PUNCT}] ){{2,}}[{_CJK}{_CJK_PUNCT}]")
_SPACE_PUNCT = re.compile(rf" +(?=[{_CJK_PUNCT}])|(?<=[{_CJK_PUNCT}]) +")


def collapse_spacing(text: str) -> str:
    """Remove the spaces a PDF puts between CJK characters (letter-spaced or justified text).

    "财 政 业 务 费 10.00 万 元" → "财政业务费10.00万元"; "2017 年度" → "2017年度".  Spaces between
    Latin words or numbers are kept.
    """
    text = _SPACED_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = _SPACE_PUNCT.sub("", text)
    text = re.sub(rf"(?<=[{_CJK}]) +(?=[\d{_CJK}])|(?<=[\d%]) +(?=[{_CJK}])", "", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _join_wrapped(a: str, b: str) -> str:
    """Join two pieces of one label or sentence broken at a line end."""
    if not a:
        return b
    if not b:
        return a
    if re.match(r"[A-Za-z0-9]", a[-1]) and re.match(r"[A-Za-z0-9]", b[0]):
        return f"{a} {b}"
    return a + b


def _cell_text(raw: str | None) -> str:
    if not raw:
        return ""
    out = ""
    for piece in raw.split("\n"):
        out = _join_wrapped(out, collapse_spacing(piece))
    return out


# Heading markers of this genre, by level: 第一部分 / 一、 / （一） / 1． / （1）.
_HEADING_MARKERS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(r"^第[一二三四五六七八九十]+部分")),
    (1, re.compile(r"^[一二三四五六七八九十]{1,3}[、．.]")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]")),
    (3, re.compile(r"^\d{1,2}\s*[．.、](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[)）]")),
]
_SENTENCE_END = "。；：！？;:!?"
_UNIT_RE = re.compile(r"[（(]?(?:金额|计量)?单位\s*[:：]\s*(亿元|万元|元)[)）]?")
# "部门：北京市审计局", "编制单位：…" printed beside a table title: who, not the title
_BODY_LABEL_RE = re.compile(
    r"(?:编制(?:部门|单位)|预算主管部门|部门名称|单位名称|预算单位|部门)\s*[:：]\s*\S*"
)
# A table number alone: "表一", "预算01表", "公开表3"
_TABLE_NUMBER_ONLY = re.compile(
    r"(?:预算|决算|公开)?\s*(?:\d{1,2}(?:-\d{1,2})?\s*表|表\s*(?:\d{1,2}(?:-\d{1,2})?|[一二三四五六七八九十]{1,3}))"
)
_CONTINUED_RE = re.compile(CONTINUED_TABLE_MARK)
_TOTAL_LABELS = {"合计", "总计", "小计", "收入合计", "支出合计", "收入总计", "支出总计"}
_CODE_RE = re.compile(r"^\d{3}(?:\s?\d{2}){0,3}$")
# "编制部门：…" / "部门（单位）：…" printed between a table's title and its grid
_COMPILER_RE = re.compile(r"(?:编制(?:部门|单位)|部门[（(]单位[)）])\s*[:：]\s*\S*")
_TITLE_NUMBER_RE = re.compile(
    r"^(?:(?P<cn>[一二三四五六七八九十]{1,3})[、．.]|(?P<ar>\d{1,2})\s*[、．.](?!\d)|(?P<att>(?:附件|附表|公开表)\s*[\d\-－—]+)"
    r"|(?P<tab>(?:预算|决算|公开)?(?:\d{1,2}(?:-\d{1,2})?表|表\d{1,2}(?:-\d{1,2})?(?=(?:19|20)\d{2}|\D))"
    r"|表[一二三四五六七八九十]{1,3}(?=[\u4e00-\u9fff]|(?:19|20)\d{2})))\s*"
)


def heading_level(text: str) -> int | None:
    for level, rx in _HEADING_MARKERS:
        if rx.match(text):
            return level
    return None


def _is_number(text: str) -> bool:
    # "2025年预算数" is a column header, not 2025 in the unit "年预算数"
    if re.match(r"^\s*(?:19|20)\d{2}\s*年", text):
        return False
    return parse_cell(text) is not None and bool(re.search(r"\d", text))


def _is_code(text: str) -> bool:
    return bool(_CODE_RE.match(normalize_text(text).strip()))


# --------------------------------------------------------------------------- page reading


@dataclass
class _Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    used: bool = False  # consumed as a table title, unit or note


@dataclass
class _GCell:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    full: bool = False  # its last text line reaches the right edge, so the text may go on below


@dataclass
class _Grid:
    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[_GCell | None]]  # rectangular; None where a spanning cell covers the slot
    ruleless: bool = False  # columns from the extents of OCR'd text (index.ruleless), not rulings

    @property
    def top(self) -> float:
        return self.bbox[1]

    def edges(self) -> list[float]:
        xs = sorted({c.x0 for r in self.rows for c in r if c} | {c.x1 for r in self.rows for c in r if c})
        return xs


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    grids: list[_Grid]
    text_usable: bool = True  # False: the text layer is (cid:N)/private-use glyphs (an OCR candidate)
    ocr: str = ""  # why the page was OCR'd ("image" | "garbled"), "" when its text layer was read


def _is_white(color: Any) -> bool:
    """Is a fill colour white?  Pattern fills come as a pattern name (a str, or a tuple holding
    one), which is never white; comparing it with a number was a TypeError on real files."""
    if color is None or isinstance(color, str):
        return False
    if isinstance(color, int | float):
        return color >= 0.99
    try:
        vals = tuple(color)
    except TypeError:
        return False
    if not vals or not all(isinstance(v, int | float) for v in vals):
        return False
    if len(vals) in (1, 3):
        return min(vals) >= 0.99
    if len(vals) == 4:  # CMYK white
        return max(vals) <= 0.01
    return False


def _visible(obj: dict[str, Any]) -> bool:
    """Drop white filled rectangles (cell backgrounds/paddings): they are not rulings."""
    return not (
        obj.get("object_type") == "rect"
        and obj.get("fill")
        and not obj.get("stroke")
        and _is_white(obj.get("non_stroking_color"))
    )


def _closing_lines(page: Any) -> list[dict[str, Any]]:
    """Horizontal lines closing each group of vertical rulings at its top and bottom.

    A table broken by a page has no border at the break; without one, pdfplumber loses the
    first (or last) row on the page.
    """
    verticals = sorted(
        (e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= 3),
        key=lambda e: e["top"],
    )
    groups: list[dict[str, float]] = []
    for e in verticals:
        for g in groups:
            if e["top"] <= g["bottom"] + 1 and e["bottom"] >= g["top"] - 1:
                g.update(
                    top=min(g["top"], e["top"]),
                    bottom=max(g["bottom"], e["bottom"]),
                    x0=min(g["x0"], e["x0"]),
                    x1=max(g["x1"], e["x0"]),
                    n=g["n"] + 1,
                )
                break
        else:
            groups.append({"top": e["top"], "bottom": e["bottom"], "x0": e["x0"], "x1": e["x0"], "n": 1})
    lines = []
    for g in groups:
        if g["n"] < 2 or g["x1"] - g["x0"] < 10:
            continue
        for y in (g["top"], g["bottom"]):
            lines.append(
                {"object_type": "line", "x0": g["x0"], "x1": g["x1"], "top": y, "bottom": y}
                | {"width": g["x1"] - g["x0"], "height": 0}
            )
    return lines


def _closing_verticals(page: Any) -> list[dict[str, Any]]:
    """Vertical lines at the open ends of tables whose horizontal rulings run past the column rules.

    Tables ruled with horizontal lines that run past the outermost column rules (no left or
    right border: 河北's §-numbered tables) would lose their label column and their last
    column: pdfplumber makes cells only between vertical edges.  A table is a stack of
    horizontal rulings of one span held together by column rules between them; an end that
    already has a rule is left alone.
    """
    edges = page.edges
    verticals = [
        {"x0": x, "top": top, "bottom": bottom}
        for top, bottom, x in _joined_rulings(edges, "v")
        if bottom - top >= 3
    ]
    spans: dict[tuple[int, int], list[float]] = {}
    for x0, x1, top in _joined_rulings(edges, "h"):
        if x1 - x0 >= 100:
            # one table's rules may start a point apart (59.0 and 59.8): one span
            key = next(
                (k for k in spans if abs(k[0] - x0) <= 3 and abs(k[1] - x1) <= 3), (round(x0), round(x1))
            )
            spans.setdefault(key, []).append(top)
    lines = []
    for (x0, x1), ys in spans.items():
        ys = sorted(set(round(y, 1) for y in ys))
        inner = [v for v in verticals if x0 + 2 < v["x0"] < x1 - 2]
        stacks: list[list[float]] = [[ys[0]]]
        for y in ys[1:]:
            held = any(v["top"] <= stacks[-1][-1] + 2 and v["bottom"] >= y - 2 for v in inner)
            if held:
                stacks[-1].append(y)
            else:
                stacks.append([y])
        for stack in stacks:
            if len(stack) < 2:
                continue
            top, bottom = stack[0], stack[-1]
            for x in (x0, x1):
                closed = any(
                    abs(v["x0"] - x) <= 3 and v["top"] <= top + 3 and v["bottom"] >= bottom - 3
                    for v in verticals
                )
                if not closed:
                    lines.append(
                        {"object_type": "line", "x0": x, "x1": x, "top": top, "bottom": bottom}
                        | {"width": 0, "height": bottom - top}
                    )
    return lines


def _joined_rulings(edges: list[dict[str, Any]], orientation: str) -> list[tuple[float, float, float]]:
    """Rulings of one orientation as (start, end, position), segments that touch on one line joined.

    Some publishers draw each rule as one thin filled rectangle per cell (江苏's 表一…表N: 59–319,
    319–321, 319–418 …): no single edge spans the table, so its open ends were never closed and
    only the middle column became a table.
    """
    rows: dict[float, list[tuple[float, float]]] = {}
    for e in edges:
        if e["orientation"] != orientation:
            continue
        if orientation == "h":
            rows.setdefault(round(e["top"], 1), []).append((e["x0"], e["x1"]))
        else:
            rows.setdefault(round(e["x0"], 1), []).append((e["top"], e["bottom"]))
    out = []
    for top, segs in rows.items():
        segs.sort()
        x0, x1 = segs[0]
        for a, b in segs[1:]:
            if a <= x1 + 1.5:
                x1 = max(x1, b)
            else:
                out.append((x0, x1, top))
                x0, x1 = a, b
        out.append((x0, x1, top))
    return out


def _center_in(obj: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return bbox[0] <= cx < bbox[2] and bbox[1] <= cy < bbox[3]


def _cell_full(chars: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> bool:
    """Does the last text line of a cell reach its right edge (so the text was wrapped)?"""
    if not chars:
        return False
    last_top = max(c["top"] for c in chars)
    last = [c for c in chars if abs(c["top"] - last_top) < 2]
    width = sum(c["x1"] - c["x0"] for c in last) / len(last)
    return bbox[2] - max(c["x1"] for c in last) <= 1.6 * width


def _grid(page: Any, table: Any, page_no: int) -> _Grid | None:
    texts = table.extract()
    chars = page.chars
    # Characters by vertical centre, so each ruled row looks only at its own band (in page order).
    centres = sorted(((c["top"] + c["bottom"]) / 2, i) for i, c in enumerate(chars))
    ys = [y for y, _ in centres]
    rows: list[list[_GCell | None]] = []
    for prow, trow in zip(table.rows, texts, strict=True):
        band = sorted(i for _, i in centres[bisect_left(ys, prow.bbox[1]) : bisect_left(ys, prow.bbox[3])])
        row_chars = [chars[i] for i in band if _center_in(chars[i], prow.bbox)]
        out: list[_GCell | None] = []
        for bbox, raw in zip(prow.cells, trow, strict=True):
            if bbox is None:
                out.append(None)
                continue
            text = _cell_text(raw)
            full = _cell_full([c for c in row_chars if _center_in(c, bbox)], bbox) if text else False
            out.append(_GCell(text, bbox[0], bbox[2], bbox[1], bbox[3], full))
        rows.append(out)
    rows = [sub for row in rows for sub in _split_stacked(row, chars)]
    filled = [r for r in rows if any(c and c.text for c in r)]
    ncols = max((sum(1 for c in r if c and c.text) for r in filled), default=0)
    if len(rows) < 2 or ncols < 2:
        return None  # a framed text box, not a table
    return _Grid(page_no, tuple(table.bbox), rows)


def _text_bands(chars: list[dict[str, Any]]) -> list[tuple[float, float]]:
    """Text lines of a set of characters, as (top, bottom) bands: characters overlapping vertically."""
    bands: list[list[float]] = []
    for c in sorted(chars, key=lambda c: c["top"]):
        mid = (c["top"] + c["bottom"]) / 2
        if bands and mid <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], c["bottom"])
        else:
            bands.append([c["top"], c["bottom"]])
    return [(a, b) for a, b in bands]


def _chars_text(chars: list[dict[str, Any]]) -> str:
    """One line of characters as text: a space where the gap is wider than a third of a character."""
    out = ""
    prev = None
    for c in sorted(chars, key=lambda c: c["x0"]):
        if prev is not None and c["x0"] - prev["x1"] > 0.33 * max(prev["size"], 1):
            out += " "
        out += c["text"]
        prev = c
    return collapse_spacing(out)


def _split_stacked(row: list[_GCell | None], chars: list[dict[str, Any]]) -> list[list[_GCell | None]]:
    """A ruled row holding several printed rows stacked (columns ruled, rows not) → one row each.

    Tables ruled only by columns (no line between rows; 河北's §-numbered tables) come out of
    pdfplumber as one tall row whose cells hold every line of their column.  Where a cell holds several
    lines of numbers and another cell several lines too, the row is cut at the text lines of the
    whole row.
    """
    cells = [c for c in row if c]
    if len(cells) < 2:
        return [row]
    # Only the characters of this row's band are looked at per cell: scanning the page's every
    # character for every cell of every row was a fifth of a text PDF's parse time (profiled).
    top, bottom = min(c.top for c in cells), max(c.bottom for c in cells)
    near = [ch for ch in chars if top <= (ch["top"] + ch["bottom"]) / 2 < bottom]
    per_cell = {id(c): [ch for ch in near if _center_in(ch, (c.x0, c.top, c.x1, c.bottom))] for c in cells}
    numeric = multi = 0
    for c in cells:
        lines = [
            _chars_text([ch for ch in per_cell[id(c)] if a <= (ch["top"] + ch["bottom"]) / 2 <= b])
            for a, b in _text_bands(per_cell[id(c)])
        ]
        multi += len(lines) >= 2
        numeric += len(lines) >= 2 and sum(_is_number(t) for t in lines) >= 2
    if numeric < 1 or multi < 2:
        return [row]
    bands = _text_bands([ch for c in cells for ch in per_cell[id(c)]])
    out: list[list[_GCell | None]] = []
    for a, b in bands:
        sub: list[_GCell | None] = []
        for c in row:
            if c is None:
                sub.append(None)
                continue
            text = _chars_text([ch for ch in per_cell[id(c)] if a <= (ch["top"] + ch["bottom"]) / 2 <= b])
            sub.append(_GCell(text, c.x0, c.x1, a, b, False))
        out.append(sub)
    return out


def _page_lines(page: Any, boxes: list[tuple[float, float, float, float]], page_no: int) -> list[_Line]:
    outside = page.filter(
        lambda o: o.get("object_type") != "char" or not any(_center_in(o, b) for b in boxes)
    )
    lines = []
    for tl in outside.extract_text_lines(return_chars=True):
        text = collapse_spacing(tl["text"])
        if not text:
            continue
        sizes = Counter(round(c["size"], 1) for c in tl["chars"])
        lines.append(
            _Line(text, page_no, tl["x0"], tl["x1"], tl["top"], tl["bottom"], sizes.most_common(1)[0][0])
        )
    return lines


def _flate_size(data: bytes, cap: int) -> int:
    """Decoded size of zlib data, decoding at most ``cap + 1`` bytes (a bomb is never inflated)."""
    try:
        return len(zlib.decompressobj().decompress(data, cap + 1))
    except zlib.error:
        return len(data)


def _stream_size(stream: Any, cap: int) -> int:
    """Decoded size of a PDF stream, bounded: leading FlateDecode stages are inflated up to ``cap``.

    pdfminer inflates a whole stream in memory before reading it; a 1 MB stream of zeros becomes
    1 GB.  Other filters (rare for page content) are bounded by the sandbox's memory limit.
    """
    raw = stream.rawdata if stream.rawdata is not None else (stream.data or b"")
    data = raw
    for name, _params in stream.get_filters():
        if name not in LITERALS_FLATE_DECODE:
            break
        if _flate_size(data, cap) > cap:
            return cap + 1
        data = zlib.decompressobj().decompress(data, cap + 1)
    return len(data)


def _page_content_size(page_obj: Any, cap: int) -> int:
    """Bytes of drawing commands on a page: its content streams and the form XObjects it draws."""
    streams = [resolve1(s) for s in (page_obj.contents or [])]
    resources = resolve1(page_obj.resources) or {}
    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    if isinstance(xobjects, dict):
        for ref in list(xobjects.values())[:1000]:
            obj = resolve1(ref)
            if isinstance(obj, PDFStream) and obj.get("Subtype") is LITERAL_FORM:
                streams.append(obj)
    total = 0
    for stream in streams:
        if isinstance(stream, PDFStream):
            total += _stream_size(stream, cap)
            if total > cap:
                break
    return total


def _declared_pages(pdf: Any) -> int | None:
    """The page count the document declares (/Pages /Count), read without building the pages."""
    try:
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:  # a damaged page tree: let pdfplumber try
        return None
    return count if isinstance(count, int) else None


def _read_pages(path: Path, limits: ParseLimits | None = None) -> list[_Page]:
    name = path.name
    limits = limits or ParseLimits.from_env()
    if path.stat().st_size == 0:
        raise ParseError(name, "空文件")
    try:
        pdf = pdfplumber.open(path)
    except MemoryError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for damaged or locked files
        raise ParseError(name, _open_error(exc)) from exc
    pages: list[_Page | None] = []
    sha = file_sha256(path)
    ocr_budget = _max_ocr_pages()
    # Pages without a usable text layer are OCR'd side by side (one core each); at most a few
    # wait at once, so memory stays bounded by a few page images, not by the file.
    pool: ocr_engine.OcrPool | None = None
    waiting: deque[tuple[int, Future, Any, int, str]] = deque()

    def finish_one() -> None:
        index, future, page, number, problem = waiting.popleft()
        pages[index] = _ocr_page(page, number, problem, future.result())

    try:
        try:
            declared = _declared_pages(pdf)
            if declared is not None and declared > limits.max_pages:
                raise ParseError(name, _too_many_pages(declared, limits))
            raw_pages = pdf.pages
            if len(raw_pages) > limits.max_pages:
                raise ParseError(name, _too_many_pages(len(raw_pages), limits))
            cap = limits.max_page_content_bytes
            for number, raw in enumerate(raw_pages, start=1):
                if _page_content_size(raw.page_obj, cap) > cap:
                    raise ParseError(
                        name,
                        f"第 {number} 页的内容流过大（超过 {limits.max_page_content_mb:g} MB，"
                        "不像正常的公开文件，可能是恶意构造的 PDF），已拒绝",
                    )
                page = raw.dedupe_chars().filter(_visible)
                problem = text_layer_problem(page)
                if problem and ocr_budget > 0:
                    ocr_budget -= 1
                    pool = pool or ocr_engine.OcrPool()
                    waiting.append((len(pages), pool.submit(page, (sha, number)), page, number, problem))
                    pages.append(None)
                    if len(waiting) > 2 * pool.workers:
                        finish_one()
                    continue
                repair_displaced(page)
                found = page.find_tables(
                    {
                        "explicit_horizontal_lines": _closing_lines(page),
                        "explicit_vertical_lines": _closing_verticals(page),
                    }
                )
                grids = [g for g in (_grid(page, t, number) for t in found) if g]
                lines = _page_lines(page, [g.bbox for g in grids], number)
                usable = text_layer_usable("".join(c["text"] for c in raw.chars))
                pages.append(_Page(number, float(raw.width), float(raw.height), lines, grids, usable))
                raw.close()  # drop the page's cached objects: memory stays per page, not per file
            while waiting:
                finish_one()
        except (ParseError, MemoryError):
            raise
        except ocr_engine.OcrUnavailable as exc:
            raise ParseError(name, f"有页面没有可用的文字层，需要文字识别（OCR）：{exc}") from exc
        except Exception as exc:
            raise ParseError(name, _open_error(exc)) from exc
    finally:
        if pool is not None:
            pool.close()
        # closing iterates the page tree again: on a damaged file that raises too (it was the
        # traceback "iterating pdf.pages" users saw); the file's own error has been said already
        with contextlib.suppress(Exception):
            pdf.close()
        with contextlib.suppress(Exception):
            pdf.stream.close()
    read = [p for p in pages if p is not None]
    if not read:
        raise ParseError(name, "PDF 没有页面")
    if not any(p.lines or p.grids for p in read):
        raise ParseError(name, "PDF 没有文字层，页面图像里也没有识别出文字（空白页？）")
    return read


def _too_many_pages(n: int, limits: ParseLimits) -> str:
    return f"页数太多（{n} 页，上限 {limits.max_pages} 页，可用 BUDGETQA_MAX_PAGES 调整）"


def _max_ocr_pages() -> int:
    """At most this many pages of one document are OCR'd (``BUDGETQA_OCR_MAX_PAGES``; 0 = none)."""
    import os

    try:
        return int(os.environ.get("BUDGETQA_OCR_MAX_PAGES", "200"))
    except ValueError:
        return 200


# --------------------------------------------------------------------------- OCR'd pages


def _ocr_page(page: Any, number: int, problem: str, result: ocr_engine.OcrPage) -> _Page:
    """A page without a usable text layer, read by OCR into the same lines and grids.

    Table grids come from the ruling lines on the page image, handed to pdfplumber's table
    finder as explicit lines; each cell holds the OCR boxes whose centre falls in it.
    """
    grids: list[_Grid] = []
    if len(result.horizontals) >= 2 and len(result.verticals) >= 2:
        found = page.find_tables(
            {
                "vertical_strategy": "explicit",
                "horizontal_strategy": "explicit",
                "explicit_vertical_lines": [s.as_line() for s in result.verticals],
                "explicit_horizontal_lines": [s.as_line() for s in result.horizontals],
            }
        )
        for t in found:
            grid = _ocr_grid(t, result.boxes, number)
            if grid:
                grids.append(grid)
    inside = [g.bbox for g in grids]
    rest = [b for b in result.boxes if not any(_center_in(_box_dict(b), bb) for bb in inside)]
    # tables printed without rules: OCR boxes clustered into rows and columns
    held: set[int] = set()
    for t in ruleless.find_tables(rest):
        rows = [
            [
                _GCell(_OCR_DASH_YI.sub("一", collapse_spacing(text)), a, b, top, bottom)
                for text, (a, b) in zip(row, t.columns, strict=True)
            ]
            for row, (top, bottom) in zip(t.rows, t.row_extents, strict=True)
        ]
        grids.append(_Grid(number, t.bbox, rows, ruleless=True))
        held |= t.boxes
    rest = [b for i, b in enumerate(rest) if i not in held]
    return _Page(number, float(page.width), float(page.height), _ocr_lines(rest, number), grids, ocr=problem)


def _box_dict(b: ocr_engine.OcrBox) -> dict[str, float]:
    return {"x0": b.x0, "x1": b.x1, "top": b.top, "bottom": b.bottom}


def _ocr_grid(table: Any, boxes: list[ocr_engine.OcrBox], page_no: int) -> _Grid | None:
    rows: list[list[_GCell | None]] = []
    for prow in table.rows:
        out: list[_GCell | None] = []
        for bbox in prow.cells:
            if bbox is None:
                out.append(None)
                continue
            inside = sorted(
                (b for b in boxes if _center_in(_box_dict(b), bbox)), key=lambda b: (round(b.top / 4), b.x0)
            )
            text = ""
            for b in inside:
                text = _join_wrapped(text, _OCR_DASH_YI.sub("一", collapse_spacing(b.text)))
            out.append(_GCell(text, bbox[0], bbox[2], bbox[1], bbox[3], False))
        rows.append(out)
    filled = [r for r in rows if any(c and c.text for c in r)]
    ncols = max((sum(1 for c in r if c and c.text) for r in filled), default=0)
    if len(rows) < 2 or ncols < 2:
        return None
    return _Grid(page_no, tuple(table.bbox), rows)


_OCR_DASH_YI = re.compile(r"(?<![\dA-Za-z\-—])[-—]{1,2}(?=[\u4e00-\u9fff])")


def _ocr_lines(boxes: list[ocr_engine.OcrBox], page_no: int) -> list[_Line]:
    """OCR boxes → text lines: boxes on one visual line that nearly touch are one line.

    The font size is estimated from the box height (the detector pads boxes by about a third)
    and snapped to the page's usual size, so that body text reads as one size.
    """
    if not boxes:
        return []
    boxes = sorted(boxes, key=lambda b: ((b.top + b.bottom) / 2, b.x0))
    visual: list[list[ocr_engine.OcrBox]] = []
    for b in boxes:
        mid = (b.top + b.bottom) / 2
        if visual:
            last = visual[-1]
            top = min(x.top for x in last)
            bottom = max(x.bottom for x in last)
            if top <= mid <= bottom:
                last.append(b)
                continue
        visual.append([b])
    heights = sorted(b.height for b in boxes)
    usual = heights[len(heights) // 2]
    lines: list[_Line] = []
    for group in visual:
        group.sort(key=lambda b: b.x0)
        runs: list[list[ocr_engine.OcrBox]] = [[group[0]]]
        for b in group[1:]:
            prev = runs[-1][-1]
            if b.x0 - prev.x1 > 2 * max(prev.height, b.height):
                runs.append([b])
            else:
                runs[-1].append(b)
        for run in runs:
            text = ""
            for b in run:
                text = _join_wrapped(text, b.text)
            # OCR reads 一 as a dash before a character (一般 → -般); a dash is never printed there.
            text = _OCR_DASH_YI.sub("一", collapse_spacing(text))
            if not text:
                continue
            height = max(b.height for b in run)
            size = usual if abs(height - usual) <= 0.25 * usual else height
            lines.append(
                _Line(
                    text,
                    page_no,
                    min(b.x0 for b in run),
                    max(b.x1 for b in run),
                    min(b.top for b in run),
                    max(b.bottom for b in run),
                    round(size * 0.75, 1),
                )
            )
    return lines


def _open_error(exc: BaseException) -> str:
    chain = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 5:
        chain.append(e)
        e = (
            e.__cause__
            or e.__context__
            or (e.args[0] if e.args and isinstance(e.args[0], BaseException) else None)
        )
    names = " ".join(type(x).__name__ for x in chain) + " " + " ".join(str(x) for x in chain)
    if re.search(r"encrypt|password", names, re.IGNORECASE):
        return "PDF 已加密（有密码），请另存一份未加密的副本"
    return f"无法读取的 PDF（{type(chain[-1]).__name__}: {str(chain[-1])[:120]}）"


# --------------------------------------------------------------------------- tables


@dataclass
class _LCell:
    """A cell in a logical column (after x-position mapping)."""

    text: str = ""
    full: bool = False
    span_end: int = -1  # last logical column a merged text cell covers (it is placed in its first)


@dataclass
class _Column:
    x0: float
    x1: float
    header: list[tuple[str, int]]  # per header row: (text, id of the printed cell, 0 = none)

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _PdfTable:
    title: str
    number: str
    unit: str
    page: int
    pages: list[int]
    columns: list[_Column]
    edges: list[float]
    header_texts: list[list[str]]  # normalised header rows as printed (to spot a repeated header)
    body: list[tuple[list[_LCell], int]] = field(default_factory=list)
    note: str = ""
    ruleless: bool = False  # read from a rule-less OCR'd grid: later pages are matched by ``spans``
    spans: list[tuple[float, float]] = field(default_factory=list)


def _is_body_row(row: list[_GCell | None]) -> bool:
    texts = [c.text for c in row if c and c.text]
    if not texts:
        return True  # blank rows only occur in the body (empty tables are padded with them)
    if any(_is_number(t) for t in texts) or _is_code(texts[0]):
        return True
    return len(texts) == 1 and texts[0].replace(" ", "") in _TOTAL_LABELS


def _header_count(grid: _Grid) -> int:
    for i, row in enumerate(grid.rows):
        if _is_body_row(row):
            return i
    return len(grid.rows)


def _columns(grid: _Grid, n_header: int) -> list[_Column]:
    """Logical columns: the grid's x-slots grouped under the lowest header cell above them.

    Sparse grids put a parent row's value in another slot than its children's; mapping every
    cell by its x-centre to the header's span puts both under the same column.
    """
    xs = sorted({c.x0 for r in grid.rows for c in r if c})
    right = grid.bbox[2]
    slots = [(x, xs[i + 1] if i + 1 < len(xs) else right) for i, x in enumerate(xs)]
    header_cells = [(i, c) for i, r in enumerate(grid.rows[:n_header]) for c in r if c and c.text]

    def owner(x0: float, x1: float) -> _GCell | None:
        mid = (x0 + x1) / 2
        below = [c for _, c in header_cells if c.x0 <= mid < c.x1]
        return max(below, key=lambda c: c.top) if below else None

    groups: list[tuple[float, float, _GCell | None]] = []
    for x0, x1 in slots:
        cell = owner(x0, x1)
        if groups and cell is not None and groups[-1][2] is cell:
            groups[-1] = (groups[-1][0], x1, cell)
        else:
            groups.append((x0, x1, cell))
    columns = []
    for x0, x1, _ in groups:
        mid = (x0 + x1) / 2
        header = []
        for i in range(n_header):
            hit = [c for c in grid.rows[i] if c and c.text and c.x0 <= mid < c.x1]
            header.append((hit[0].text, id(hit[0])) if hit else ("", 0))
        columns.append(_Column(x0, x1, header))
    return columns


def _map_row(row: list[_GCell | None], columns: list[_Column]) -> list[_LCell]:
    """Put each printed cell under the logical column its x-position falls in."""
    out = [_LCell() for _ in columns]
    for cell in row:
        if not cell or not cell.text:
            continue
        covered = [k for k, col in enumerate(columns) if cell.x0 - 1 <= col.center <= cell.x1 + 1]
        mid = (cell.x0 + cell.x1) / 2
        if _is_number(cell.text) or not covered:
            k = min(range(len(columns)), key=lambda i: abs(columns[i].center - mid))
        else:
            k = covered[0]
        out[k].text = _join_wrapped(out[k].text, cell.text) if out[k].text else cell.text
        out[k].full = cell.full
        if covered and len(covered) > 1 and k == covered[0]:
            out[k].span_end = covered[-1]
    return out


def _place_merged_labels(body: list[tuple[list[_LCell], int]]) -> None:
    """A label merged over several columns belongs next to its value.

    "合计" spanning 类/款/项/科目名称 goes under 科目名称 when the column after the span holds
    numbers; otherwise it stays in the first column of its span.
    """
    width = len(body[0][0]) if body else 0
    numeric = {k for k in range(width) if any(_is_number(r[k].text) for r, _ in body)}
    for cells, _ in body:
        for k, c in enumerate(cells):
            end = c.span_end
            if end > k and end + 1 in numeric and not cells[end].text:
                cells[end].text, c.text = c.text, ""


def _same_layout(a: list[float], b: list[float], tol: float = 4.0) -> bool:
    """Does grid edge list ``b`` fit the column layout ``a`` (a continuation may drop inner edges)?"""
    if not a or not b or abs(a[0] - b[0]) > tol or abs(a[-1] - b[-1]) > tol:
        return False
    return all(any(abs(x - y) <= tol for y in a) for x in b)


def _is_fragment(row: list[_LCell], prev: list[_LCell]) -> bool:
    """A row holding only the rest of a label wrapped out of the previous row's cell."""
    texts = [(k, c.text) for k, c in enumerate(row) if c.text]
    if not texts or any(_is_number(t) or _is_code(t) or heading_level(t) is not None for _, t in texts):
        return False
    return all(prev[k].text and prev[k].full for k, _ in texts)


def _split_title(text: str) -> tuple[str, str]:
    """ "一、2017年度…总表" → ("一", "2017年度…总表"); "附件 5-2 …" → ("附件 5-2", "…")."""
    m = _TITLE_NUMBER_RE.match(text)
    if not m:
        tail = re.search(r"[（(]((?:预算|决算|公开)?表\s*\d{1,2}(?:-\d{1,2})?)[)）]$", text)
        if tail:  # "支出总表（预算表3）"
            return tail.group(1), text[: tail.start()].strip()
        return "", text
    number = m.group("cn") or m.group("ar") or m.group("tab") or re.sub(r"\s+", " ", m.group("att"))
    return number, text[m.end() :].strip()


@dataclass
class _Caption:
    """What is printed just above a grid: its title, unit, and whether it says 「续表」."""

    title: str = ""
    unit: str = ""
    continued: bool = False  # 「续表」「表3（续）」: the rest of the table on the page before


def _without_continued_mark(text: str) -> tuple[str, bool]:
    """ "收支总表（续）" → ("收支总表", True); "续表" → ("", True); text without a mark → (text, False)."""
    rest = _CONTINUED_RE.sub("", text).strip()
    return (rest, True) if rest != text.strip() else (text, False)


def _title_above(page: _Page, grid: _Grid, floor: float) -> _Caption:
    """Find the caption (title, unit, 续表 mark) in the lines just above ``grid``; mark them used."""
    cands = [
        ln
        for ln in page.lines
        if not ln.used
        and floor - 2 <= ln.top
        and ln.bottom <= grid.top + 3
        and ln.x1 > grid.bbox[0]
        and ln.x0 < grid.bbox[2]
    ]
    cands.sort(key=lambda ln: -ln.top)
    unit, title_lines, marker, continued = "", [], "", False
    for ln in cands[:4]:
        if grid.top - ln.bottom > 6 * (ln.bottom - ln.top) + 20:
            break
        m = _UNIT_RE.search(ln.text)
        rest = _BODY_LABEL_RE.sub("", _COMPILER_RE.sub("", _UNIT_RE.sub("", ln.text))).strip()
        rest, marked = _without_continued_mark(rest)
        continued = continued or marked
        if m or _BODY_LABEL_RE.search(ln.text) or _COMPILER_RE.match(ln.text) or (marked and not rest):
            ln.used = True
            unit = unit or (m.group(1) if m else "")
            if _TABLE_NUMBER_ONLY.fullmatch(rest):
                marker = rest  # "表一 单位：万元": the number of the title above
                continue
            if not rest:
                continue
        text = rest or ln.text
        if _TABLE_NUMBER_ONLY.fullmatch(text) and not title_lines:
            ln.used = True
            marker = text  # "公开01表" printed on its own line under the title
            continue
        if text[-1] in _SENTENCE_END or heading_level(text) == 0:
            break
        if not (re.search(r"表$", text) or unit or marked):
            break
        ln.used = True
        title_lines = [text]
        above = [x for x in cands if x.top < ln.top and not x.used]
        # the table's number on the line above: "一、" / "附件3" starting a title, or "表1" alone
        # (set apart from the title by up to two line heights)
        if above and heading_level(text) is None:
            prev = above[0]
            alone = bool(_TABLE_NUMBER_ONLY.fullmatch(prev.text))
            gap = (2.0 if alone else 1.0) * (ln.bottom - ln.top)
            numbered = alone or _TITLE_NUMBER_RE.match(prev.text)
            if numbered and ln.top - prev.bottom < gap and prev.text[-1] not in _SENTENCE_END:
                prev.used = True
                title_lines.insert(0, prev.text)
        first = next((x for x in above if x.used and x.text == title_lines[0]), ln)
        marker = marker or _title_head(title_lines, [x for x in above if not x.used], first)
        break
    if marker and title_lines and not _TITLE_NUMBER_RE.match(title_lines[0]):
        title_lines.insert(0, marker)
    return _Caption("".join(title_lines), unit, continued)


def _title_head(title_lines: list[str], above: list[_Line], first: _Line) -> str:
    """Lines of a title printed above the line found first; returns a number printed alone above it.

    Budget books print 「表十六：」 on a line of its own over the title, a subtitle under it
    (「2019年省级一般公共预算支出表」 /「（按经济科目分类）」), or a title wrapped after a 、
    (「…“三公”经费、会议费、」/「培训费、机关运行经费预算表」): without these lines the table is
    named by its subtitle or half its title, and a question naming 表十六 finds nothing.
    """
    top_line, height = first, first.bottom - first.top
    for prev in above[:3]:
        if top_line.top - prev.bottom > 1.5 * height:
            break
        text = prev.text.strip()
        number = text.rstrip("：: ")
        if _TABLE_NUMBER_ONLY.fullmatch(number):
            prev.used = True
            return number
        subtitle = re.fullmatch(r"[（(][^（()）]+[)）]", title_lines[0].strip())
        broken = title_lines[0] and text[-1] in "、，,（(和及与"
        if text[-1] in _SENTENCE_END or not (subtitle and re.search(r"表$", text) or broken):
            break
        prev.used = True
        title_lines.insert(0, text)
        top_line = prev
    return ""


def _note_below(page: _Page, grid: _Grid, ceiling: float) -> str:
    for ln in sorted(page.lines, key=lambda x: x.top):
        if ln.used or ln.top < grid.bbox[3] - 2 or ln.top > ceiling:
            continue
        if re.match(r"^(注|备注|说明)\s*[:：]", ln.text) and ln.top - grid.bbox[3] < 40:
            ln.used = True
            return _note_lines(page, ln, ceiling)
        break
    return ""


def _note_lines(page: _Page, first: _Line, ceiling: float) -> str:
    """A note of several lines (「注：1.…」 then 「2.…主要是…」, wrapped): the lines that follow it
    closely, up to the next table or a gap (the notes explain the table's changes)."""
    text, prev = first.text, first
    for ln in sorted(page.lines, key=lambda x: x.top):
        if ln.top <= prev.top or ln.used or ln.top > ceiling:
            continue
        height = max(prev.bottom - prev.top, 1.0)
        if ln.top - prev.bottom > 1.2 * height or _is_furniture(ln, page):
            break
        ln.used = True
        text = _join_wrapped(text, ln.text)
        prev = ln
    return text


def _assemble_tables(pages: list[_Page]) -> tuple[list[_PdfTable], dict[int, list[tuple[float, _PdfTable]]]]:
    """Group the grids of all pages into tables: new ones under a title, continuations without.

    Returns the tables and, per page, where each table (part) starts (to order the narrative).
    """
    tables: list[_PdfTable] = []
    starts: dict[int, list[tuple[float, _PdfTable]]] = {}
    last: _PdfTable | None = None
    last_bottom = (0, 0.0)  # (page, y) where the previous grid ended
    running = _running_lines(pages)
    for page in pages:
        grids = sorted(page.grids, key=lambda g: (g.top, g.bbox[0]))
        for gi, grid in enumerate(grids):
            above = [
                g
                for g in grids[:gi]
                if g.bbox[3] <= grid.top and g.bbox[2] > grid.bbox[0] and g.bbox[0] < grid.bbox[2]
            ]
            floor = max((g.bbox[3] for g in above), default=0.0)
            caption = _title_above(page, grid, floor)
            title, unit = caption.title, caption.unit
            if last is not None and _continues(last, grid, caption, pages, last_bottom, running):
                _continue_table(last, grid)
            else:
                last = _new_table(grid, title, unit)
                tables.append(last)
            starts.setdefault(page.number, []).append((grid.top, last))
            later = [g.top for g in grids[gi + 1 :] if g.top >= grid.bbox[3]]
            note = _note_below(page, grid, min(later, default=page.height))
            if note:
                last.note = _join_wrapped(last.note, note)
            last_bottom = (page.number, grid.bbox[3])
    return tables, starts


def _continues(
    last: _PdfTable,
    grid: _Grid,
    caption: _Caption,
    pages: list[_Page],
    last_bottom: tuple[int, float],
    running: set[str],
) -> bool:
    """Does ``grid`` go on with the table before it (a table printed over several pages)?

    It does when nothing but page furniture lies between them, its columns are the previous
    grid's, and it has no caption of its own, or says 「续表」, or repeats the table's number and
    title (the header row repeated or not: ``_continue_table`` drops a repeated one).
    """
    repeated = bool(caption.title) and _split_title(caption.title) == (last.number, last.title)
    untitled = not caption.title and not caption.unit
    if not (repeated or untitled or caption.continued):
        return False
    if _text_between(pages, last_bottom, (grid.page, grid.top), running):
        return False
    if grid.ruleless and last.ruleless:
        return _same_columns(last.spans, _spans(grid))
    return _same_layout(last.edges, grid.edges())


def _spans(grid: _Grid) -> list[tuple[float, float]]:
    """The x-extents of a grid's columns (from its first row: every row has every column)."""
    return [(c.x0, c.x1) for c in grid.rows[0] if c] if grid.rows else []


def _same_columns(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    """Do the columns of a rule-less grid ``b`` fall in those of ``a``, in order?

    Rule-less columns are the extents of the text printed in them, so they differ from page to
    page by the widths of the numbers; each of ``b``'s columns must overlap one of ``a``'s, the
    first (labels) the first, and no two the same one (a page may print fewer columns).
    """
    if not a or not b or len(b) > len(a):
        return False
    owners = []
    for x0, x1 in b:
        hit = [k for k, (a0, a1) in enumerate(a) if x0 < a1 and a0 < x1]
        if len(hit) != 1:
            return False
        owners.append(hit[0])
    return owners[0] == 0 and all(p < q for p, q in zip(owners, owners[1:], strict=False))


def _text_between(
    pages: list[_Page], start: tuple[int, float], end: tuple[int, float], running: Collection[str] = ()
) -> bool:
    """Is there narrative text between two positions (page, y)?  Furniture and running heads do not count."""
    for page in pages:
        if not start[0] <= page.number <= end[0]:
            continue
        for ln in page.lines:
            if ln.used or _is_furniture(ln, page) or ln.text in running:
                continue
            if ln.bottom <= 0 or ln.top >= page.height:
                continue  # drawn outside the page (clipped away): not printed
            pos = (page.number, ln.top)
            if start < pos and pos < end:
                return True
    return False


def _is_furniture(line: _Line, page: _Page) -> bool:
    """Page numbers and running heads/feet."""
    t = line.text.replace(" ", "")
    return bool(re.fullmatch(r"[-—–－一]?\d{1,3}[-—–－一]?|第\d+页(共\d+页)?|\d+/\d+", t))


def _caption_rows(grid: _Grid) -> tuple[int, str, str]:
    """Leading grid rows that are the table's caption drawn inside its frame: a title row
    ("支出总表（预算表3）") and a "预算单位：XX局 … 单位：万元" row.  Returns (how many, title, unit)."""
    n, title, unit = 0, "", ""
    for row in grid.rows[:3]:
        texts = [c.text for c in row if c and c.text]
        if not texts or len(texts) > 2 or any(_is_number(t) for t in texts):
            break
        caption = True
        for text in texts:
            m = _UNIT_RE.search(text)
            unit = unit or (m.group(1) if m else "")
            rest = _BODY_LABEL_RE.sub("", _UNIT_RE.sub("", text)).strip()
            if rest and len(texts) == 1 and "表" in rest and not title and len(rest) <= 60:
                title = rest
            elif rest:
                caption = False
        if not caption:
            break
        n += 1
    return n, title, unit


def _new_table(grid: _Grid, title: str, unit: str) -> _PdfTable:
    skip, caption_title, caption_unit = _caption_rows(grid)
    if skip:
        grid = _Grid(grid.page, grid.bbox, grid.rows[skip:], grid.ruleless)
        title, unit = title or caption_title, unit or caption_unit
    n_header = _header_count(grid)
    columns = _columns(grid, n_header)
    number, title = _split_title(title)
    t = _PdfTable(
        title=title,
        number=number,
        unit=unit,
        page=grid.page,
        pages=[grid.page],
        columns=columns,
        edges=grid.edges(),
        header_texts=[_row_key(r) for r in grid.rows[:n_header]],
        ruleless=grid.ruleless,
        spans=_spans(grid),
    )
    _add_body(t, grid.rows[n_header:], grid.page)
    return t


def _row_key(row: list[_GCell | None]) -> str:
    return "|".join(c.text for c in row if c and c.text)


def _continue_table(t: _PdfTable, grid: _Grid) -> None:
    rows = grid.rows
    n = len(t.header_texts)
    if n and len(rows) > n and [_row_key(r) for r in rows[:n]] == t.header_texts:
        rows = rows[n:]  # the header repeated on the new page
    if grid.page not in t.pages:
        t.pages.append(grid.page)
    _add_body(t, rows, grid.page)


def _add_body(t: _PdfTable, rows: list[list[_GCell | None]], page: int) -> None:
    for row in rows:
        cells = _map_row(row, t.columns)
        if not any(c.text for c in cells):
            continue
        if t.body and _is_fragment(cells, t.body[-1][0]):
            prev = t.body[-1][0]
            for k, c in enumerate(cells):
                if c.text:
                    prev[k].text = _join_wrapped(prev[k].text, c.text)
                    prev[k].full = c.full
            continue
        t.body.append((cells, page))


def _header_grid(t: _PdfTable) -> list[list[str | None]]:
    """Header rows for ``build_table``, one text per column.

    A printed header cell's text is repeated in every column it spans: the PDF gives the
    spans exactly, so nothing is left for the builder to infer (or to re-align).
    """
    n = len(t.columns[0].header) if t.columns else 0
    return [[col.header[i][0] for col in t.columns] for i in range(n)]


def _to_table(t: _PdfTable, heading_path: list[str]) -> Table:
    _place_merged_labels(t.body)
    keep = [
        k
        for k, col in enumerate(t.columns)
        if any(h for h, _ in col.header) or any(r[k].text for r, _ in t.body)
    ]
    header = [[row[k] for k in keep] for row in _header_grid(t)]
    body = [GridRow([cells[k].text for k in keep], page) for cells, page in t.body]
    return build_table(
        t.title,
        t.unit,
        header,
        body,
        number=t.number,
        heading_path=heading_path,
        page=t.page,
        pages=t.pages,
        note=t.note,
    )


# --------------------------------------------------------------------------- narrative


@dataclass
class _Block:
    lines: list[_Line]
    big: bool

    @property
    def text(self) -> str:
        out = ""
        for ln in self.lines:
            out = _join_wrapped(out, ln.text)
        return out


@dataclass
class _Narrative:
    paragraphs: list[Paragraph]
    cover: list[str]  # lines of the cover (document title, department)
    table_paths: dict[int, list[str]]  # id(_PdfTable) → heading path where it starts


def _body_size(pages: list[_Page]) -> float:
    sizes: Counter[float] = Counter()
    for p in pages:
        for ln in p.lines:
            if not ln.used:
                sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 12.0


def _running_lines(pages: list[_Page]) -> set[str]:
    """Text repeated in the top or bottom margin of three or more pages (running heads/feet)."""
    seen: Counter[str] = Counter()
    for p in pages:
        for t in {ln.text for ln in p.lines if ln.top < p.height * 0.08 or ln.bottom > p.height * 0.92}:
            seen[t] += 1
    return {t for t, n in seen.items() if n >= 3}


def _centered(ln: _Line, page: _Page, left: float, right: float) -> bool:
    """A short line centred on the page (a title or heading, possibly wrapped).

    A line filling most of the text width is a paragraph's indented first line that wrapped early
    (「…预算总计211」 / 「万元，占基本支出…」), centred only by chance, unless it opens with a
    heading's number (「1.坚决打赢…」)."""
    return (
        abs((ln.x0 + ln.x1) / 2 - (left + right) / 2) < ln.size
        and (ln.x1 - ln.x0 < 0.8 * (right - left) or heading_level(ln.text) is not None)
        and ln.x0 > left + 2 * ln.size
        and ln.x1 < right - 2 * ln.size
    )


def _breaks(block: _Block, ln: _Line, page: _Page, left: float, right: float) -> bool:
    """Does ``ln`` start a new block after ``block``?  (Re-joins lines broken mid-sentence.)"""
    prev = block.lines[-1]
    big = ln.size >= block.lines[0].size * 1.15 or ln.size * 1.15 <= block.lines[0].size
    if heading_level(ln.text) is not None or big:
        return True
    prev_short = prev.x1 < right - 1.5 * prev.size
    indented = ln.x0 > left + 0.8 * ln.size
    text = block.text
    headingish = (
        block.big
        or (heading_level(text) is not None and len(text) <= 40 and not re.search(r"[，。；]", text))
        or _centered(block.lines[0], page, left, right)
    )
    if headingish and _centered(prev, page, left, right):
        return not _centered(ln, page, left, right) or prev.text[-1] in _SENTENCE_END
    if headingish and prev_short:
        return True
    if prev.text[-1] in _SENTENCE_END:
        return indented or prev_short
    return False  # a line not ending a sentence goes on in the next line


def _narrative(pages: list[_Page], starts: dict[int, list[tuple[float, _PdfTable]]]) -> _Narrative:
    body = _body_size(pages)
    running = _running_lines(pages)
    cover: list[str] = []
    paragraphs: list[Paragraph] = []
    table_paths: dict[int, list[str]] = {}
    stack: list[tuple[int, str]] = []
    block: _Block | None = None

    # 「…二级预算单位包括：」 then 「1.烟台市退役军人事务局」 「2.…」: short numbered lines after a lead
    # ending in ：are the items of its list, not headings (as headings they would print nowhere)
    item_level: list[int | None] = [None]
    items_seen = [0]  # items read since the lead

    def flush() -> None:
        nonlocal block
        if block is None:
            return
        text, first = block.text, block.lines[0]
        level = heading_level(text)
        headingish = block.big or (level is not None and len(text) <= 40 and text[-1] not in "。；！？;!?：")
        lead = bool(paragraphs) and paragraphs[-1].text.rstrip()[-1:] in ("：", ":") and item_level[0] == -1
        is_item = headingish and not block.big and level is not None and (item_level[0] == level or lead)
        if not is_item and items_seen[0] == 1 and item_level[0] not in (None, -1):
            # 「其中：」 「（一）公共安全（类）」 「1．法院…」: one "item" followed by its own text was a heading
            first_item = paragraphs.pop()
            stack[:] = [(lv, t) for lv, t in stack if lv < item_level[0]] + [(item_level[0], first_item.text)]
        if is_item:
            headingish = False
            item_level[0] = level
            items_seen[0] += 1
        elif item_level[0] is not None and item_level[0] != level:
            item_level[0] = None
        if not is_item:
            items_seen[0] = 0
        if headingish:
            level = 0 if level is None else level
            stack[:] = [(lv, t) for lv, t in stack if lv < level] + [(level, text)]
            item_level[0] = None
        elif (
            is_item or len(text) >= 8 or re.search(r"[，。；：、]", text)
        ):  # shorter text without punctuation: chart labels
            paragraphs.append(Paragraph(text, [t for _, t in stack], first.page, len(paragraphs)))
            if text.rstrip()[-1:] in ("：", ":") and item_level[0] is None:
                item_level[0] = -1  # a lead: the numbered lines right after it are its items
        block = None

    in_cover = True
    for page in pages:
        body_lines = [ln for ln in page.lines if abs(ln.size - body) < 0.6]
        right = max((ln.x1 for ln in body_lines), default=page.width)
        left = Counter(round(ln.x0) for ln in body_lines).most_common(1)[0][0] if body_lines else 0.0
        events: list[tuple[float, int, Any]] = [(ln.top, 1, ln) for ln in page.lines]
        events += [(y, 0, t) for y, t in starts.get(page.number, [])]
        in_toc = False
        for _, kind, item in sorted(events, key=lambda e: (e[0], e[1])):
            if kind == 0:
                flush()
                table_paths.setdefault(id(item), [t for _, t in stack])
                in_cover = False
                continue
            ln: _Line = item
            if ln.used or _is_furniture(ln, page) or ln.text in running:
                continue
            compact = ln.text.replace(" ", "")
            if compact in ("目录", "目次"):
                flush()
                in_toc, in_cover = True, False
                continue
            if in_toc or re.search(r"[.…·．]{6,}", ln.text):
                continue
            big = ln.size >= body * 1.15
            if in_cover and page.number == 1 and big:
                cover.append(ln.text)
                continue
            in_cover = False
            if ln.size < body * 0.8:
                continue  # chart labels, footnote marks
            if block is not None and _breaks(block, ln, page, left, right):
                flush()
            if block is None:
                block = _Block([ln], big)
            else:
                block.lines.append(ln)
    flush()
    return _Narrative(paragraphs, cover, table_paths)


# --------------------------------------------------------------------------- entry point


def parse_pdf(path: Path | str) -> Document:
    """Parse a budget disclosure PDF into a ``Document`` (tables, paragraphs, metadata, pages).

    Raises ``ParseError`` for an empty, damaged or encrypted file, a PDF without a text
    layer, or one with nothing budget-like in it.
    """
    path = Path(path)
    pages = _read_pages(path)
    # OCR hook: pages whose text layer is unusable are flagged (Document.unusable_pages); a file
    # made mostly of them is refused here until OCR replaces their text
    check_text_layer(sum(not p.text_usable for p in pages), len(pages), path.name)
    pdf_tables, starts = _assemble_tables(pages)
    narrative = _narrative(pages, starts)
    tables = [_to_table(t, narrative.table_paths.get(id(t), [])) for t in pdf_tables]
    ocr_pages = [p.number for p in pages if p.ocr]
    _mark_ocr(ocr_pages, narrative.paragraphs, tables)
    all_lines = narrative.cover + [ln.text for p in pages for ln in p.lines]
    text = "\n".join(all_lines)
    if not tables and not re.search(r"预算|决算|万元|财政拨款", text):
        raise ParseError(path.name, "没有找到预算表格或预算文字（不是预算公开文件？）")
    meta = detect_metadata(
        [MetaLine(ln.text, p.number, ln.size) for p in pages for ln in p.lines], tables=tables
    )
    return Document(
        file=path.name,
        sha256=file_sha256(path),
        **{**meta.document_fields(), "title": meta.title or "".join(narrative.cover[:1])},
        pages=len(pages),
        paragraphs=narrative.paragraphs,
        tables=tables,
        # OCR hook: pages whose text layer is unusable are flagged here, never silently trusted;
        # index.plausibility refuses a document made mostly of them.
        unusable_pages=[p.number for p in pages if not p.text_usable],
        ocr_pages=ocr_pages,
    )


def _mark_ocr(ocr_pages: list[int], paragraphs: list[Paragraph], tables: list[Table]) -> None:
    """Flag everything read from an OCR'd page (its figures must be checked against the original)."""
    marked = set(ocr_pages)
    for p in paragraphs:
        p.ocr = p.page in marked
    for t in tables:
        t.ocr = bool(marked.intersection(t.pages or [t.page]))
