"""HTML disclosures → ``Document`` (lxml), in the two shapes portals publish.

* **A portal page** with the narrative inline and HTML ``<table>``s.  The article is the
  element holding most of the page's text (navigation, scripts and styles are dropped);
  it is read in order: headings (``<h1>``…, or the genre's markers 一、/（一） on a short line),
  paragraphs, and tables (``colspan``/``rowspan`` honoured) through ``index.grids``.
* **A PDF converted to absolutely positioned ``<div>``s** (one container per page, a div per
  text run, zero-width divs with a border for each ruling).  Such a page *is* a PDF page, so
  it is rebuilt as one: the rulings become table cells with pdfplumber's own edge → cell →
  table functions, each text box goes into the cell its left/top falls in, the rest are
  text lines, and the PDF parser's layout code (table titles and units, tables continued
  over pages, paragraph re-joining, heading paths) does the rest.

Only inline ``style`` positions are read (what converters that write one div per text run
emit); a page laid out through class-based CSS is read as a portal page.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree
from pdfplumber.table import Table as PlumberTable
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

from index.grids import SpanCell, cell_text, grid_tables
from index.meta import detect_metadata
from index.model import Document, Paragraph, ParseError, Table
from index.parse import file_sha256
from index.pdf_parser import (
    _assemble_tables,
    _cell_text,
    _GCell,
    _Grid,
    _Line,
    _narrative,
    _Page,
    _to_table,
    collapse_spacing,
    heading_level,
)

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "select", "button")
_BLOCKS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "tr", "td", "th", "tbody", "thead", "blockquote", "pre", "dl", "dt", "dd", "center", "body",
}  # fmt: skip
_SENTENCE_END = tuple("。；！？;!?")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


# --------------------------------------------------------------------------- reading


def _decode(data: bytes) -> str:
    """The page's text: BOM, then the declared charset, then UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    m = _CHARSET.search(data[:8192])
    candidates = [m.group(1).decode("ascii").lower()] if m else []
    for enc in [*candidates, "utf-8", "gb18030"]:
        try:
            return data.decode({"gb2312": "gb18030", "gbk": "gb18030"}.get(enc, enc))
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


def _style(el: Any) -> dict[str, str]:
    out = {}
    for part in (el.get("style") or "").split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip().lower()] = v.strip().lower()
    return out


def _length(value: str | None) -> float | None:
    """A CSS length in points ("12.5pt", "16px" = 12pt); None when absent or relative."""
    if not value:
        return None
    m = re.match(r"^(-?[\d.]+)\s*(pt|px)?$", value.strip())
    if not m:
        return None
    n = float(m.group(1))
    return n * 0.75 if m.group(2) == "px" else n


def _title_of(root: Any) -> str:
    for xp in ('//meta[@name="ArticleTitle"]/@content', "//h1", "//title"):
        found = root.xpath(xp)
        if found:
            text = found[0] if isinstance(found[0], str) else found[0].text_content()
            text = collapse_spacing(" ".join(str(text).split()))
            if text:
                return text
    return ""


# --------------------------------------------------------------------------- positioned shape


@dataclass
class _Box:
    text: str
    left: float
    top: float
    size: float
    height: float

    @property
    def width(self) -> float:
        """Estimated: wide (CJK) characters one em, others half."""
        return sum(
            self.size if unicodedata.east_asian_width(ch) in "WF" else self.size * 0.5 for ch in self.text
        )


def _positioned(el: Any, st: dict[str, str]) -> bool:
    return (
        st.get("position") == "absolute"
        and _length(st.get("top")) is not None
        and (_length(st.get("left")) is not None)
    )


def _page_of(el: Any) -> Any:
    parent = el.getparent()
    while parent is not None:
        st = _style(parent)
        if _length(st.get("width")) and _length(st.get("height")):
            return parent
        parent = parent.getparent()
    return None


def _edges(st: dict[str, str]) -> list[dict[str, Any]]:
    """The rulings one empty positioned box draws (its visible borders)."""
    left, top = _length(st.get("left")) or 0.0, _length(st.get("top")) or 0.0
    width, height = _length(st.get("width")) or 0.0, _length(st.get("height")) or 0.0

    def visible(side: str) -> bool:
        v = st.get(f"border-{side}") or st.get("border") or ""
        return bool(v) and "none" not in v and not re.match(r"^0(?:\.0+)?(?:pt|px)?(?:\s|$)", v)

    out = []

    def h(y: float) -> None:
        out.append({"x0": left, "x1": left + width, "top": y, "bottom": y, "orientation": "h"})

    def v(x: float) -> None:
        out.append({"x0": x, "x1": x, "top": top, "bottom": top + height, "orientation": "v"})

    if visible("top"):
        h(top)
    if visible("bottom"):
        h(top + height)
    if visible("left"):
        v(left)
    if visible("right"):
        v(left + width)
    for e in out:
        e.update(object_type="line", width=e["x1"] - e["x0"], height=e["bottom"] - e["top"])
    return [e for e in out if e["width"] >= 3 or e["height"] >= 3]


def _grids(edges: list[dict[str, Any]], boxes: list[_Box], page_no: int) -> tuple[list[_Grid], set[int]]:
    """Tables from rulings (pdfplumber's lattice functions), with the text boxes put in their cells."""
    if not edges:
        return [], set()
    merged = merge_edges(edges, 3, 3, 3, 3)
    cells = intersections_to_cells(edges_to_intersections(merged, 3, 3))
    grids, used = [], set()
    for table_cells in cells_to_tables(cells):
        table = PlumberTable(None, table_cells)
        rows: list[list[_GCell | None]] = []
        taken: set[int] = set()
        for prow in table.rows:
            out: list[_GCell | None] = []
            for bbox in prow.cells:
                if bbox is None:
                    out.append(None)
                    continue
                x0, top, x1, bottom = bbox
                inside = [
                    i
                    for i, b in enumerate(boxes)
                    if i not in taken and x0 <= b.left + 1 < x1 and top <= b.top + b.height / 2 < bottom
                ]
                taken.update(inside)
                lines: dict[float, list[_Box]] = defaultdict(list)
                for i in sorted(inside, key=lambda i: (boxes[i].top, boxes[i].left)):
                    key = next((k for k in lines if abs(k - boxes[i].top) < 2), boxes[i].top)
                    lines[key].append(boxes[i])
                raw = "\n".join(
                    " ".join(b.text for b in sorted(ln, key=lambda b: b.left)) for ln in lines.values()
                )
                full = False
                if lines:
                    last = sorted(lines[max(lines)], key=lambda b: b.left)[-1]
                    full = x1 - (last.left + last.width) <= 1.6 * last.size
                out.append(_GCell(_cell_text(raw), x0, x1, top, bottom, full))
            rows.append(out)
        filled = [r for r in rows if any(c and c.text for c in r)]
        ncols = max((sum(1 for c in r if c and c.text) for r in filled), default=0)
        if len(rows) < 2 or ncols < 2:
            continue  # a framed text box, not a table: its text stays in the narrative
        used |= taken
        grids.append(_Grid(page_no, tuple(table.bbox), rows))
    return grids, used


def _lines(boxes: list[_Box], page_no: int) -> list[_Line]:
    """Text runs on one baseline joined into a line (a space where the converter left a gap)."""
    rows: dict[float, list[_Box]] = defaultdict(list)
    for b in sorted(boxes, key=lambda b: (b.top, b.left)):
        key = next((k for k in rows if abs(k - b.top) < 1.5), b.top)
        rows[key].append(b)
    out = []
    for top, row in sorted(rows.items()):
        row.sort(key=lambda b: b.left)
        text, end = "", None
        for b in row:
            gap = end is not None and b.left - end > 0.5 * b.size
            text = f"{text} {b.text}" if gap else text + b.text
            end = b.left + b.width
        text = collapse_spacing(text)
        if not text:
            continue
        size = max(row, key=lambda b: len(b.text)).size
        bottom = max(b.top + b.height for b in row)
        out.append(_Line(text, page_no, row[0].left, end or row[0].left, top, bottom, size))
    return out


def _positioned_pages(root: Any) -> list[_Page]:
    pages: dict[Any, dict[str, list]] = {}
    order: list[Any] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        st = _style(el)
        if not _positioned(el, st):
            continue
        container = _page_of(el)
        if container not in pages:
            pages[container] = {"boxes": [], "edges": []}
            order.append(container)
        if any(isinstance(k.tag, str) and _positioned(k, _style(k)) for k in el.iterdescendants()):
            continue  # a positioned group: its own positioned children are read instead
        text = " ".join(el.text_content().split())
        if text:
            size = _length(st.get("font-size")) or 12.0
            height = _length(st.get("line-height")) or size
            pages[container]["boxes"].append(
                _Box(text, _length(st.get("left")) or 0.0, _length(st.get("top")) or 0.0, size, height)
            )
        else:
            pages[container]["edges"].extend(_edges(st))
    out = []
    for number, container in enumerate(order, start=1):
        st = _style(container) if container is not None else {}
        boxes, edges = pages[container]["boxes"], pages[container]["edges"]
        width = _length(st.get("width")) or max((b.left + b.width for b in boxes), default=595.0)
        height = _length(st.get("height")) or max((b.top + b.height for b in boxes), default=842.0)
        grids, used = _grids(edges, boxes, number)
        lines = _lines([b for i, b in enumerate(boxes) if i not in used], number)
        out.append(_Page(number, width, height, lines, grids))
    return out


def _from_pages(path: Path, title: str, pages: list[_Page]) -> Document:
    pdf_tables, starts = _assemble_tables(pages)
    narrative = _narrative(pages, starts)
    tables = [_to_table(t, narrative.table_paths.get(id(t), [])) for t in pdf_tables]
    lines = [x for x in [title, *narrative.cover] if x] + [ln.text for p in pages for ln in p.lines]
    meta = detect_metadata(lines)
    return Document(
        file=path.name,
        sha256=file_sha256(path),
        **meta.document_fields(),
        pages=len(pages),
        paragraphs=narrative.paragraphs,
        tables=tables,
    )


# --------------------------------------------------------------------------- portal shape


def _text_len(el: Any) -> int:
    return len("".join(el.text_content().split()))


def _article(body: Any) -> Any:
    """The element holding the article: descend while one child holds most of the text."""
    node = body
    while True:
        kids = [k for k in node if isinstance(k.tag, str)]
        total = _text_len(node)
        best = max(kids, key=_text_len, default=None)
        if best is None or total == 0 or _text_len(best) < 0.6 * total or best.tag == "table":
            return node
        node = best


def table_rows(table: Any) -> list[list[SpanCell]]:
    """An HTML table as span cells: rowspan slots are skipped when placing later rows' cells."""
    occupied: set[tuple[int, int]] = set()
    rows: list[list[SpanCell]] = []
    trs = [tr for tr in table.iter("tr") if _owner_table(tr) is table]
    for r, tr in enumerate(trs):
        c, row = 0, []
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            while (r, c) in occupied:
                c += 1
            cs = _span(td.get("colspan"))
            rs = _span(td.get("rowspan"))
            row.append(SpanCell(cell_text(_block_text(td)), c, cs, rs))
            for dr in range(rs):
                for dc in range(cs):
                    occupied.add((r + dr, c + dc))
            c += cs
        rows.append(row)
    return rows


def _owner_table(el: Any) -> Any:
    p = el.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), 200))
    except ValueError:
        return 1


def _block_text(el: Any) -> str:
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for p in el.iter("p", "div", "li"):
        if p is not el:
            p.tail = "\n" + (p.tail or "")
    return el.text_content()


@dataclass
class _Flow:
    paragraphs: list[Paragraph]
    tables: list[Table]
    lines: list[str]
    stack: list[tuple[int, str]]
    titles: list[str] = field(default_factory=list)  # centred titles, read first for metadata
    centred: list[str] = field(default_factory=list)  # a title centred over several short lines

    def path(self) -> list[str]:
        return [t for _, t in self.stack]

    def flush_title(self) -> None:
        if self.centred:
            self.titles.append("".join(self.centred))
            self.centred.clear()
            self.text(self.titles[-1], "p")

    def centred_line(self, el: Any) -> bool:
        """Buffer a short centred line not ending a sentence (part of a title wrapped by hand)."""
        style = (el.get("style") or "").replace(" ", "").lower()
        if not ((el.get("align") or "").lower() == "center" or "text-align:center" in style):
            return False
        text = collapse_spacing(" ".join(el.text_content().replace("\u3000", " ").split()))
        if not text or len(text) > 40 or text.endswith(_SENTENCE_END) or heading_level(text) is not None:
            return False
        if self.centred and text.startswith("—"):
            self.flush_title()
        self.centred.append(text)
        return True

    def text(self, raw: str, tag: str) -> None:
        for piece in raw.split("\n"):
            text = collapse_spacing(" ".join(piece.replace("\u3000", " ").split()))
            if not text:
                continue
            self.lines.append(text)
            m = re.fullmatch(r"h([1-6])", tag)
            level = int(m.group(1)) - 1 if m else heading_level(text)
            short = len(text) <= 40 and not text.endswith(_SENTENCE_END) and "。" not in text
            if level is not None and (m or short):
                self.stack[:] = [(lv, t) for lv, t in self.stack if lv < level] + [(level, text)]
                continue
            self.paragraphs.append(Paragraph(text, self.path(), None, len(self.paragraphs)))

    def walk(self, el: Any) -> None:
        if el.tag == "table" and not any(True for _ in el.iter("table") if _ is not el):
            self.flush_title()
            result = grid_tables(table_rows(el), heading_path=self.path())
            self.tables.extend(result.tables)
            self.lines.extend(t.title for t in result.tables if t.title)
            for t in result.texts:
                self.text(t, "p")
            return
        has_blocks = any(isinstance(k.tag, str) and k.tag in _BLOCKS for k in el.iterdescendants())
        if not has_blocks:
            if el.tag in ("p", "div") and self.centred_line(el):
                return
            self.flush_title()
            self.text(_block_text(el), el.tag)
            return
        if el.text and el.text.strip():
            self.text(el.text, "p")
        for kid in el:
            if isinstance(kid.tag, str):
                self.walk(kid)
            if kid.tail and kid.tail.strip():
                self.text(kid.tail, "p")


def _from_flow(path: Path, title: str, root: Any) -> Document:
    body = root.find("body")
    article = _article(body if body is not None else root)
    flow = _Flow([], [], [], [])
    flow.walk(article)
    flow.flush_title()
    if not flow.paragraphs and not flow.tables:
        raise ParseError(path.name, "网页里没有找到正文或表格")
    meta = detect_metadata([x for x in [title] if x] + flow.titles + flow.lines)
    return Document(
        file=path.name,
        sha256=file_sha256(path),
        **meta.document_fields(),
        pages=None,
        paragraphs=flow.paragraphs,
        tables=flow.tables,
    )


# --------------------------------------------------------------------------- entry point


def _mostly_positioned(root: Any) -> bool:
    """Is most of the page's text in absolutely positioned leaf boxes (a converted PDF)?

    A portal's positioned menus or pop-ups hold a small share of its text; a converted PDF
    holds nearly all of it.
    """
    body = root.find("body")
    total = _text_len(body if body is not None else root)
    if total == 0:
        return False
    positioned = 0
    for el in root.iter():
        if not isinstance(el.tag, str) or "absolute" not in (el.get("style") or ""):
            continue
        if len(el) == 0 and _positioned(el, _style(el)):
            positioned += _text_len(el)
    return positioned >= 0.5 * total


def parse_html(path: Path | str) -> Document:
    """Parse an HTML budget disclosure (portal page, or a PDF converted to positioned divs)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(path.name, f"无法读取文件（{exc.strerror or exc}）") from exc
    if not data.strip():
        raise ParseError(path.name, "空文件")
    try:
        root = lxml.html.document_fromstring(_decode(data))
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(path.name, f"无法解析的 HTML（{exc}）") from exc
    for bad in root.xpath("|".join(f"//{t}" for t in _DROP)):
        bad.drop_tree()
    title = _title_of(root)
    if _mostly_positioned(root):
        pages = _positioned_pages(root)
        if any(p.lines or p.grids for p in pages):
            return _from_pages(path, title, pages)
    return _from_flow(path, title, root)
