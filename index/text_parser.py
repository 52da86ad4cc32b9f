"""The plain-text disclosure format (the seed document): headings, paragraphs, tab-separated tables.

The text was extracted from a published PDF, so it carries the PDF's scars:
paragraphs broken mid-sentence by page ends, tables continued after a blank line,
rows that lost one blank cell.  This module only cuts the text into headings,
paragraphs and table grids; ``index.tables`` turns the grids into ``Table``s and
``index.meta`` reads department/year from the text itself.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from index import spaced_tables, web_page
from index.flat_budget_tables import cut_budget_tables
from index.flat_tables import FLAT_CELL, flat_table
from index.meta import detect_metadata
from index.model import Document, Paragraph, ParseError, Table
from index.tables import GridRow, build_form, build_table, clean_label, split_header
from index.vocabulary import GLUED_HEADING_ENDS, PROJECT_SECTION_TITLE, RUN_IN_HEADING_ENDS

_CN_NUM = "一二三四五六七八九十百"
# Heading levels of the genre: 第一部分 > 一、 > （一） > 1. / 1、
_HEADINGS = [
    re.compile(rf"^第[{_CN_NUM}\d]+部分"),
    re.compile(rf"^[{_CN_NUM}]+、"),
    re.compile(rf"^[（(][{_CN_NUM}]+[)）]"),
    re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))"),
    re.compile(r"^[（(]\d{1,2}[)）]"),
]
_ENUMERATED = re.compile(rf"^(?:[{_CN_NUM}]+、|[（(][{_CN_NUM}\d]+[)）]|\d{{1,2}}(?:[、．]|\.(?!\d)))")
_SENTENCE_END = ("。", "！", "？", "：", ":", "!", "?")
_HEADING_BAD_END = ("。", "；", ";", "，", ",", "！", "？")
_UNIT_LINE = re.compile(r"^(?:金额)?单位\s*[:：]\s*(亿元|万元|元)\s*$")
_EMPTY_TAB_CELL = re.compile(r"\t[ \u3000]*(?:\t|$)")
_PAGE_NUMBER = re.compile(r"^\s*[-—]?\s*\d{1,3}\s*[-—]?\s*$")
_NUMBER_LINE = re.compile(r"^附\s*件\s*([\d]+(?:\s*[-－—]\s*\d+)?)\s*$")
_YEAR_LINE = re.compile(r"^[（(]\s*\d{4}\s*年度?\s*[)）]$")
_NOTE_LINE = re.compile(r"^(?:注|备注|说明|空表说明)\s*[:：]")
# A sentence that announces a list 「具体包括：」「包括（列示至基层预算单位）：」: the numbered lines after it
# are its items (the units of a department), not headings of the sections that follow.
_LIST_LEAD = re.compile(r"(?:包括|包含|分别是|分别为)(?:[（(][^（）()]{0,20}[)）])?\s*[:：]$")
_TABLE_LIST_ITEM = re.compile(r"^(?:-\s*)?\d{1,2}\s*[.、．]\s*\S.{0,40}表$")
_FORM_TITLE = re.compile(r"绩效目标")
_FORM_KEYS = {"项目名称", "部门（单位）名称", "部门(单位)名称", "单位名称"}
_SPACE_NEAR_CJK = re.compile(r"(?<=[\u4e00-\u9fff“”（）])\s+|\s+(?=[\u4e00-\u9fff“”（）])")


def _squash(text: str) -> str:
    return _SPACE_NEAR_CJK.sub("", text.strip())


def _heading_level(line: str) -> int | None:
    """Level of a heading line, or None for body text (long or sentence-ending lines are paragraphs)."""
    s = _squash(line)
    for level, pattern in enumerate(_HEADINGS):
        if not pattern.match(s):
            continue
        if level == 0:
            return 0
        body = s.rstrip("：:")
        if len(body) > 30 or body.endswith(_HEADING_BAD_END) or "：" in body or ":" in body:
            return None
        if re.search(r"[（(]\s*[类款项]\s*[)）]\s*[，,]", body):
            return None  # 「14.节能环保支出（类）污染防治（款）大气（项），主」: a sentence broken at the line end
        if level >= 3 and re.search(r"\d", pattern.sub("", body, count=1)):
            return None  # "1、…7358.61万元" is a list item with a figure, not a heading
        return level
    return None


def _heading_text(line: str, level: int) -> str:
    s = re.sub(r"\s+", " ", line.strip()).rstrip("：: ")
    if level == 0:
        m = _HEADINGS[0].match(s)
        if m:
            return f"{m.group(0)} {_squash(s[m.end() :])}".strip()
    return _squash(s)


@dataclass
class _State:
    heading: list[tuple[int, str]] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    pending: str = ""
    pending_path: list[str] = field(default_factory=list)
    last_was_table: bool = False
    pending_is_item: bool = False
    in_list: bool = False  # reading the numbered items of a 「具体包括：」 lead
    line_pages: list[int | None] = field(default_factory=list)  # the page of every line (None: no pages)
    page: int | None = None  # the page of the line being read
    pending_page: int | None = None

    def page_of(self, i: int) -> int | None:
        return self.line_pages[i] if i < len(self.line_pages) else None

    @property
    def path(self) -> list[str]:
        return [t for _, t in self.heading]

    def flush(self) -> None:
        if self.pending.strip():
            self.paragraphs.append(
                Paragraph(self.pending.strip(), self.pending_path, self.pending_page, len(self.paragraphs))
            )
        self.pending = ""

    def add_text(self, text: str) -> None:
        """Add a body line, re-joining it to the previous one when a break split a sentence.

        A bulleted line ("- …") is a list item: it stands alone.
        """
        bullet = re.match(r"^[-•·]\s+", text.strip())
        text = text.strip()[bullet.end() :] if bullet else text.strip()
        joins = (
            self.pending
            and not self.pending_is_item
            and not bullet
            and not self.pending.rstrip().endswith(_SENTENCE_END)
            and not _ENUMERATED.match(_squash(text))
        )
        if joins:
            self.pending = self.pending.rstrip() + text
        else:
            self.flush()
            self.pending, self.pending_path = text, self.path
            self.pending_page = self.page
            self.pending_is_item = bool(bullet)
        self.last_was_table = False

    def set_heading(self, level: int, text: str) -> None:
        self.flush()
        self.heading = [(lv, t) for lv, t in self.heading if lv < level] + [(level, text)]
        self.last_was_table = False


_BOMS = [
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: the zero high bytes of ASCII (digits, tabs, newlines) sit on one side."""
    sample = data[:65536]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= half * 0.2 and other <= zeros * 0.1:
            try:
                return data[: len(data) // 2 * 2].decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode_text(data: bytes) -> tuple[str, str] | None:
    """Decode a text file: BOM first, then UTF-16 by its zero bytes, then strict UTF-8, then GB18030.

    A cascade of strict decoders rather than a statistical guess (charset-normalizer): Chinese
    government text comes in exactly these encodings, strict UTF-8 almost never accepts
    GBK bytes, and GB18030 (a superset of GB2312/GBK) accepts every valid GBK file, whereas a
    guesser can take a short GBK text for Big5 or Shift-JIS.  charset-normalizer is the last
    resort for anything else.  Returns (text, encoding) or None.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    if b"\x00" in data[:65536]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text, "utf-16"
        # NULs in a text file (a bad export, padding): drop them; binary data is still refused by
        # the strict decoders and the control-character check
        data = data.replace(b"\x00", b"")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        return None
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None


def _read_lines(path: Path) -> tuple[bytes, list[str]]:
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(name, f"无法读取文件（{exc.strerror or exc}）") from exc
    if not data.strip():
        raise ParseError(name, "空文件")
    decoded = decode_text(data)
    if decoded is None:
        raise ParseError(name, "是二进制数据，不是文本文件（也不是 UTF-8/UTF-16/GBK/GB18030 编码的文本）")
    text = decoded[0].replace("\x00", "")
    if not text.strip():
        raise ParseError(name, "空文件")
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > len(text[:65536]) * 0.01:
        raise ParseError(name, "是二进制数据，不是文本文件")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is not None:  # a page saved from a portal: its title out of the breadcrumb line
        head = web_page.split_page_head(web_page.drop_word_styles(lines[first]))
        if len(head) == 1:  # no page head: a title that runs into the first sentence
            head = web_page.split_run_in_title(head[0])
        lines[first : first + 1] = head
    return data, [part for line in lines for part in unfold_line(line)]


# A disclosure copied out of a web page can arrive as one line of many thousand characters: its sentences and
# numbered headings are then cut apart here (hand-written: the heading numbers 一、（一）第一部分 are the genre's).
_UNFOLD_MIN = 3000
_UNFOLD_AT = re.compile(
    r"(?<=[。；！？])(?!\s*[”」』）)])"  # after a sentence end
    r"|\s+(?=(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）\s*)\S)"
    r"|(?<=[:：])(?=[一二三四五六七八九十]{1,3}、\S)"  # 「…说明如下:一、部门主要职责…」
    r"|(?<=[:：])\s+(?=\d{1,2}[.．、](?!\d)\S)"  # 「…着力做好以下工作： 1.加强财源建设 …」
    r"|(?<=[.…]{4})[\s.…]*(?=[^\s.…])"  # after a contents entry's dot leader
    r"|(?<=[\u4e00-\u9fff])(?=目\s?录\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}、))"  # 「…部门预算目 录第一部分…」
    # 「…公务接待次数减少八、机关运行经费支出情况2016年机关运行经费…」: a part's heading glued to the text
    # before it, known by the word that ends a heading and the year or sub-item that starts its text
    r"|(?<=[\u4e00-\u9fff%％])(?<![之统唯第逐])(?=[一二三四五六七八九十]{1,3}、[^\s，。；：:,;！？!?\d（）()、]{2,24}?"
    rf"(?:{'|'.join(GLUED_HEADING_ENDS)})(?:(?:19|20)\d{{2}}年|[（(][一二三四五六七八九十]{{1,3}}[)）]))"
)
# A contents entry cut out of such a line: 「一、部门主要职责..........」 (furniture, never text)
_TOC_ENTRY = re.compile(r"^(?:目\s*录)?\S.{0,80}?[.…]{4,}[\s.…]*$")


# 「一、2017年预算执行情况 2017年是…」「一、部门主要职责 平潭…」: a part's heading that runs into its first
# sentence ends at a space, a sub-item's number or a year (a （一） heading often names the item its
# sentence is about: 「（二）公务接待费 2019年预算安排5.8万元」 stays whole)
_HEADING_HEAD = re.compile(
    r"^(?P<head>(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}、)"
    r"(?:(?:19|20)\d{2}年度?)?[^\s，。；：:,;！？!?\d（）()]{2,24}?)"
    r"(?:\s+|(?=\d{1,2}[.．、](?!\d))|(?=(?:19|20)\d{2}年)|(?=[（(][一二三四五六七八九十]{1,3}[)）]))(?P<rest>\S.*)$"
)
# 「（一）全区财政决算情况 1.全区一般公共预算收支决算 （1）全区一般公共预算收入决算 全区收入合计…」: numbered
# headings run together before a sentence, each ending in a word that only ends a heading (决算, 情况)
_RUN_IN_HEAD = re.compile(
    r"^(?P<head>(?:（[一二三四五六七八九十]{1,3}）|[（(]\d{1,2}[)）]|\d{1,2}[.．、](?!\d))"
    rf"[^\s，。；：:,;！？!?“”\d]{{2,30}}?(?:{'|'.join(RUN_IN_HEADING_ENDS)}))\s+(?P<rest>\S.*)$"
)
_CONTENTS_AT = re.compile(r"\s+(?=目\s*录\s)")
# 「（－）狠抓税收征管」: a dash typed (or OCR'd) for 一 in the first item's number
_DASH_ONE = re.compile(r"(?<=\s)[（(][－\-—–][)）](?=\s*[\u4e00-\u9fff])")


def unfold_line(line: str) -> list[str]:
    """A line too long to be one paragraph or row, holding several sentences: one line per sentence
    and per numbered heading; a heading that runs into its first sentence is cut from it at a
    space or a sub-item number (「一、部门主要职责 平潭综合实验区公安局…」), else stays with it."""
    if len(line) < _UNFOLD_MIN or "\t" in line:
        return [line]
    parts = cut_budget_tables(line)
    if parts is not None:  # attachments' tables flattened after the text: their rows, the text around them
        out_parts: list[str] = []
        for part in parts:
            out_parts += part if isinstance(part, list) else _unfold(part.strip())
        return out_parts
    if line.count("。") < 3:
        return [line]
    return _unfold(line)


def _unfold(line: str) -> list[str]:
    line = _DASH_ONE.sub("（一）", line)
    out: list[str] = []
    for part in _UNFOLD_AT.split(_CONTENTS_AT.sub("\n", line)):
        for piece in part.split("\n"):
            out += _piece_lines(piece.strip())
    return out


def _piece_lines(piece: str) -> list[str]:
    """One piece of an unfolded line: its numbered headings, then its text; a table flattened into it
    is read back into rows, and the text after the table (「…财政核拨84三、部门主要工作总结…」) is a
    piece of its own."""
    out: list[str] = []
    m = _HEADING_HEAD.match(piece)
    if m:
        out.append(m["head"])
        piece = m["rest"]
    while (r := _RUN_IN_HEAD.match(piece)) is not None:
        out.append(r["head"])  # 「1.全区一般公共预算收支决算 （1）…收入决算 全区收入合计…」
        piece = r["rest"]
    if not piece:
        return out
    table = flat_table(piece)
    if table is None:
        return [*out, piece]
    lines, rest = table
    return [*out, *lines, *(_piece_lines(rest) if rest else [])]


def _split_pages(lines: list[str]) -> tuple[list[str], list[int | None], int | None]:
    """Lines without their form feeds, the 1-based page of each, and the page count.

    ``pdftotext`` ends every page with a form feed (\\f); text before a form feed on a line is on
    the page it ends.  Text without form feeds has no pages (all None).  A lone page number
    printed as the last line of a page is page furniture, not content: it is blanked.
    """
    if not any("\f" in ln for ln in lines):
        return lines, [None] * len(lines), None
    out: list[str] = []
    pages: list[int | None] = []
    page = 1
    for ln in lines:
        lead = len(ln) - len(ln.lstrip("\f"))
        page += lead
        body = ln[lead:]
        pages.append(page)
        page += body.count("\f")
        out.append(body.replace("\f", ""))
    used = [p for ln, p in zip(out, pages, strict=True) if ln.strip()]
    for i, ln in enumerate(out):
        if not _PAGE_NUMBER.match(ln) or not ln.strip():
            continue
        k = i + 1
        while k < len(out) and not out[k].strip():
            k += 1
        if k == len(out) or pages[k] != pages[i]:
            out[i] = ""
    return out, pages, max((p for p in used if p is not None), default=None)


def _skip_toc(lines: list[str], start: int) -> int:
    """Index after the 目录: the body starts where the first TOC entry is repeated."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or _squash(lines[i]) not in {"目录", "目次"}:
        return start
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines):
        return i + 1
    first = _squash(lines[j])
    for k in range(j + 1, len(lines)):
        if _squash(lines[k]) == first:
            return k
    return i + 1


def _next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _starts_table(lines: list[str], i: int) -> bool:
    """Is line ``i`` a table title (followed by a unit line, a year line or tab rows)?"""
    s = lines[i].strip()
    if "\t" in lines[i] or len(s) > 60 or s.endswith(_HEADING_BAD_END):
        return False
    if s.endswith(("：", ":")) and ("，" in s or re.search(r"(?:见|如)下表[:：]$", s)):
        return (
            False  # 「本部门包括…6个下属单位，其中：…详细情况见下表:」 is a sentence that introduces a table
        )
    j = _next_nonblank(lines, i + 1)
    for _ in range(2):
        if j >= len(lines):
            return False
        nxt = lines[j].strip()
        if "\t" in lines[j]:
            return True
        if _UNIT_LINE.match(_squash(nxt)) or _YEAR_LINE.match(_squash(nxt)):
            j = _next_nonblank(lines, j + 1)
            continue
        return False
    return j < len(lines) and "\t" in lines[j]


def _read_table(lines: list[str], i: int, number: str, state: _State) -> int:
    """Read title, unit and rows starting at the title line ``i``; return the next line index."""
    title = _squash(lines[i])
    unit = ""
    j = _next_nonblank(lines, i + 1)
    while j < len(lines) and "\t" not in lines[j]:
        s = _squash(lines[j])
        m = _UNIT_LINE.match(s)
        if m:
            unit = m.group(1)
        elif not _YEAR_LINE.match(s):
            break
        j = _next_nonblank(lines, j + 1)
    rows: list[list[str]] = []
    row_pages: list[int | None] = []
    while j < len(lines):
        if "\t" in lines[j]:
            rows.append(lines[j].split("\t"))
            row_pages.append(state.page_of(j))
            j += 1
            continue
        if not lines[j].strip():
            # a page break inside a table: blank line(s), then more rows
            k = _next_nonblank(lines, j)
            if k < len(lines) and "\t" in lines[k]:
                j = k
                continue
        break
    note_lines = []
    k = _next_nonblank(lines, j)
    while k < len(lines) and _NOTE_LINE.match(_squash(lines[k])) and "\t" not in lines[k]:
        note_lines.append(lines[k].strip())
        j = k + 1
        k = _next_nonblank(lines, j)
    note = "\n".join(note_lines)
    state.flush()
    path = state.path
    if _is_form(title, rows):
        table = build_form(
            title,
            [GridRow(list(r), p) for r, p in zip(rows, row_pages, strict=True)],
            number=number,
            page=state.page_of(i),
            heading_path=path,
            note=note,
            money_unit=unit or "元",
        )
    else:
        n = split_header(rows)
        table = build_table(
            title,
            unit,
            rows[:n],
            [GridRow(list(r), p) for r, p in zip(rows[n:], row_pages[n:], strict=True)],
            number=number,
            page=state.page_of(i),
            heading_path=path,
            note=note,
            repair_shifts=True,
        )
    state.tables.append(table)
    state.last_was_table = True
    return j


def _is_form(title: str, rows: list[list[str]]) -> bool:
    if _FORM_TITLE.search(title):
        return True
    if len(rows) >= 3 and all(
        len(r) == len(rows[0]) >= 3 and FLAT_CELL.match(r[-1].strip()) for r in rows[1:]
    ):
        return False  # 「单位名称 经费性质 人员编制数 在职人数」 over rows of counts: a grid, not a form's key/value
    return bool(rows) and clean_label(rows[0][0]) in _FORM_KEYS


def parse_text(path: Path) -> Document:
    """Parse a plain-text budget disclosure into a ``Document``.

    Raises ``ParseError(file, reason)`` for an unreadable, empty, binary or
    non-budget file.  Text extracted by ``pdftotext`` separates pages by form feeds: then
    every paragraph and table carries the page its first line is on and ``Document.pages``
    the page count; text without form feeds has no pages (None).
    """
    path = Path(path)
    data, lines = _read_lines(path)
    lines, line_pages, page_count = _split_pages(lines)
    if page_count and not any(_EMPTY_TAB_CELL.search(ln) for ln in lines):
        # pdftotext-like text whose tabs never leave an empty cell: they separate words, not cells
        lines = [ln.replace("\t", " ") for ln in lines]
    meta = detect_metadata(lines)
    head = "".join(lines[:60])
    if not ("预算" in head or "决算" in head):
        raise ParseError(path.name, "开头几行没有“预算/决算”标题，不像预算公开文件")
    if meta.year is None:
        raise ParseError(path.name, "开头几行没有年份（YYYY年）")

    state = _State(line_pages=line_pages)
    i = _next_nonblank(lines, 0) + 1  # the title line is the document title, not a paragraph
    i = _skip_toc(lines, i)
    while i < len(lines):
        raw = lines[i]
        s = raw.strip()
        if not s:
            i += 1
            continue
        state.page = state.page_of(i)
        m = _NUMBER_LINE.match(_squash(s))
        if m:
            j = _next_nonblank(lines, i + 1)
            if j < len(lines) and "\t" not in lines[j]:
                number = "附件 " + re.sub(r"\s+", "", m.group(1))
                i = _read_table(lines, j, number, state)
                continue
        if "\t" in raw:
            # rows with no title line: keep them as an untitled table rather than lose them
            i = _read_table_untitled(lines, i, state)
            continue
        if state.last_was_table and _NOTE_LINE.match(_squash(s)) and state.tables:
            table = state.tables[-1]
            table.note = f"{table.note}\n{s}".strip()
            i += 1
            continue
        if _TOC_ENTRY.match(s):
            i += 1
            continue
        if _TABLE_LIST_ITEM.match(_squash(s)) and _in_table_list(lines, i):
            i += 1  # the list of 附表 names under "附表": not content
            continue
        if spaced_tables.starts_table(lines, i) and not _starts_table(lines, i):
            state.flush()
            table, i = spaced_tables.read_table(
                lines, line_pages, i, is_text=_is_prose, heading_path=state.path
            )
            state.tables.append(table)
            state.last_was_table = True
            continue
        if re.match(PROJECT_SECTION_TITLE, _squash(s)):
            state.set_heading(0, _squash(s))  # one project's description: its sections are under it
            i += 1
            continue
        level = _heading_level(s)
        if level == 3 and (state.in_list or _LIST_LEAD.search(state.pending.rstrip())):
            state.add_text(s)
            state.pending_is_item = True  # an item stands alone: the next line is not its continuation
            state.in_list = True
            i += 1
            continue
        state.in_list = False
        if level is not None:
            state.set_heading(level, _heading_text(s, level))
            i += 1
            continue
        if _starts_table(lines, i):
            i = _read_table(lines, i, "", state)
            continue
        state.add_text(s)
        i += 1
    state.flush()
    spaced_tables.name_coded_rows(state.tables)
    if not state.paragraphs and not state.tables:
        raise ParseError(path.name, "没有找到任何段落或表格")
    return Document(
        file=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        **meta.document_fields(),
        pages=page_count,
        paragraphs=state.paragraphs,
        tables=state.tables,
    )


def _is_prose(line: str) -> bool:
    """A line that ends a space-separated table: a sentence, a long line or a 第N部分 heading."""
    s = _squash(line)
    return s.endswith(("。", "；", ";")) or len(s) > 40 or bool(_HEADINGS[0].match(s))


def _in_table_list(lines: list[str], i: int) -> bool:
    """A 附表 name list is a run of ≥2 enumerated "…表" lines."""
    neighbours = 0
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and not lines[j].strip():
            j += step
        if 0 <= j < len(lines) and _TABLE_LIST_ITEM.match(_squash(lines[j])):
            neighbours += 1
    return neighbours > 0


def _read_table_untitled(lines: list[str], i: int, state: _State) -> int:
    rows = []
    pages = []
    start = i
    while i < len(lines) and "\t" in lines[i]:
        rows.append(lines[i].split("\t"))
        pages.append(state.page_of(i))
        i += 1
    state.flush()
    n = split_header(rows)
    state.tables.append(
        build_table(
            "",
            "",
            rows[:n],
            [GridRow(r, p) for r, p in zip(rows[n:], pages[n:], strict=True)],
            heading_path=state.path,
            page=state.page_of(start),
            repair_shifts=True,
        )
    )
    state.last_was_table = True
    return i
