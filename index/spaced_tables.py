"""Tables in plain text whose cells are separated by single spaces (text copied out of a PDF).

Such text keeps no column positions: a blank cell simply disappears, and a header word
wrapped over two lines of its cell lands on a line of its own, so the order of the header
words no longer says which column is which.  A figure must never be put under a column it
may not belong to, so a row's numbers are named only where that is certain:

- the header is certain when one line names every numeric column (after the row words
  项目/科目名称/类 款 项) and every other header line only names rows, names one group over all
  columns (「项目 收入预算」) or repeats one word over every column (「决算数 决算数 …」);
- a row printing as many numbers as the certain header has columns is read left to right;
- otherwise the table's arithmetic decides (``index.sum_readings``): every order the header allows
  (a column wrapped out of the main line may stand anywhere) and every choice of blank cells is a
  reading; a reading stands when 合计 = the other columns and 合计 = 基本支出 + 项目支出; a column gets a
  figure only when all standing readings agree.  A row printing its total and one equal part is then
  placed by its parent level's sums where only one choice adds up (``index.level_sums``);
- the 三公 table's row of figures is placed by its own identities (``index.sangong_text``);
- a table whose levels do not add up (figures shifted against the row names) keeps no figure.
  Whatever is not proven stays in the row's note.

A 收入 | 支出 table printed on one line per row is cut into its two sides at the label of the
second side; a row printing one side only is put on the side its label names (…收入 / …支出).
Hand-written: no table library reads layout-free text; the rule-less OCR reader
(``index.ruleless``) has positions to go by, this text has not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from index import level_sums, sangong_text, sum_readings
from index.model import Cell, Code, Row, Table
from index.numbers import parse_cell, parse_number
from index.tables import clean_label, split_code
from index.vocabulary import COMPILER_LABELS, ROW_HEADER_WORDS, SANGONG_TEXT_TITLE, SIDE_WORDS

_NUMBER = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)$")
_CODE = re.compile(r"^\d{2,7}$")
# a number glued to the next side's label: 「47,483,458一、社会保障和就业支出」
_GLUED = re.compile(r"(?<=\d)(?=[\u4e00-\u9fff])")
_CJK_CHAR = re.compile(r"^[\u4e00-\u9fff]$")
_COMPILER = "|".join(COMPILER_LABELS)
_UNIT = re.compile(rf"^(?:(?:{_COMPILER})[:：].*?)?(?:金额)?单位[:：](亿元|万元|元)$")
_NOTE = re.compile(r"^(?:注|备注|说明|空表说明)\s*[:：]")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+、|\d{1,2}[.．])")
_TOTAL = re.compile(r"合计|总计|^小计$")
_LEVEL_WORDS = {"类", "款", "项"}
_SQUASH = re.compile(r"(?<=[\u4e00-\u9fff“”（）])\s+|\s+(?=[\u4e00-\u9fff“”（）])")

Heading = Callable[[str], bool]


def _squash(text: str) -> str:
    return _SQUASH.sub("", text.strip())


def unit_of(line: str) -> str | None:
    """The unit of a unit line (「单位：万元」, 「编制部门：X 单位：元」), else None."""
    m = _UNIT.match(_squash(line))
    return m.group(1) if m else None


def _next_nonblank(lines: Sequence[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def starts_table(lines: Sequence[str], i: int) -> bool:
    """A title line (…表, short, no tab) with a unit / 编制部门 line right under it."""
    s = _squash(lines[i])
    if "\t" in lines[i] or not s or len(s) > 60 or not re.search(r"表(?:[（(]续[)）])?$", s):
        return False
    j = _next_nonblank(lines, i + 1)
    return j < len(lines) and "\t" not in lines[j] and unit_of(lines[j]) is not None


@dataclass
class _Cut:
    """One body line cut into codes, label and numbers per side (left to right)."""

    codes: list[str]
    segments: list[tuple[str, list[str]]]  # (label, numbers as printed)
    side_codes: list[list[str]] = field(default_factory=list)  # codes of segments after the first


def _tokens(line: str) -> list[str]:
    return _GLUED.sub(" ", line.strip()).split()


def _code_run(toks: list[str]) -> int:
    """Length of the classification code opening ``toks`` (「301 08」, 「2080501」), 0 if none."""
    n = 0
    while (
        n < len(toks)
        and n < 3
        and _CODE.match(toks[n])
        and (len(toks[n]) in (3, 5, 7) if n == 0 else len(toks[n]) == 2)
    ):
        n += 1
    return n


def _cut(line: str) -> _Cut | None:
    """Cut a line ending in numbers into [codes…, label, numbers…]+; None for a line without numbers.

    A code opens a row when a name follows it, or when it has two levels (「301 08 229.67」, the name
    wrapped to the lines around); on a two-sided line the second side's code follows the first
    side's figures (「… 2,857.05 302 商品和服务支出 401.93」).
    """
    toks = _tokens(line)
    if not toks:
        return None
    if not _NUMBER.match(toks[-1]):
        # 「30103 奖金 916.98 30203 咨询费」: the second side printed no figure
        inner = [k for k, t in enumerate(toks) if _NUMBER.match(t) and ("." in t or "," in t)]
        if not inner:
            return None
    if len(toks) == 1 and _CODE.match(toks[0]) and len(toks[0]) in (5, 7):
        return None  # a code on a line of its own (its name wrapped below): not a row
    n = _code_run(toks)
    codes: list[str] = []
    # 「2080506 257.14 257.14」 (its name wrapped to the lines around): a bare 5- or 7-digit integer before
    # figures printed with decimals or separators is the row's code, not a figure
    # (a 3-digit one only before figures with decimals: a bare integer among them is no figure)
    coded_figures = (
        n == 1
        and len(toks) > 1
        and all(_NUMBER.match(t) and ("." in t or (len(toks[0]) > 3 and "," in t)) for t in toks[1:])
    )
    if n and n < len(toks) and (not _NUMBER.match(toks[n]) or n >= 2 or coded_figures):
        codes, toks = toks[:n], toks[n:]
    segments: list[tuple[str, list[str]]] = []
    side_codes: list[list[str]] = []
    text: list[str] = []
    nums: list[str] = []
    for t in toks:
        if _NUMBER.match(t):
            nums.append(t)
            continue
        if nums:
            # the next side's code printed after this side's figures, before its name
            # (all of them when this side printed no figure: only where the line's figures have decimals or
            # separators, so that a bare integer cannot be a figure)
            money_like = any("." in x or "," in x for x in toks if _NUMBER.match(x))
            first = 0 if money_like else 1
            k = next((k for k in range(first, len(nums)) if _code_run(nums[k:]) == len(nums) - k), None)
            nxt: list[str] = []
            if k is not None and not _ENUM.match(t):
                nums, nxt = nums[:k], nums[k:]
            segments.append((_label(text), nums))
            side_codes.append(nxt)
            text, nums = [], []
        text.append(t)
    segments.append((_label(text), nums))
    return _Cut(codes, segments, side_codes)


def _label(tokens: list[str]) -> str:
    while len(tokens) > 1 and tokens[0] in _LEVEL_WORDS:
        tokens = tokens[1:]  # 「类 款 项 合计 …」: the header's level words printed on the total row
    return clean_label(" ".join(tokens))


def _code_only(line: str) -> list[str] | None:
    toks = line.split()
    if toks and all(_CODE.match(t) for t in toks) and len(toks[0]) in (3, 5, 7) and len(toks) <= 3:
        return toks
    return None


# ---------------------------------------------------------------------------
# Header


@dataclass
class _Side:
    group: str  # 「收入」/「支出」 on a two-sided table, else ""
    columns: list[str]  # numeric column names, in printed order


@dataclass
class _Header:
    sides: list[_Side]
    certain: bool
    scheme: str = ""
    why: str = ""  # why the header is not certain
    wrapped: list[str] = field(
        default_factory=list
    )  # words of other lines: a column wrapped out of the main line
    group: str = ""
    leaf: str = ""


def _header_tokens(line: str) -> list[str]:
    """Tokens of a header line, letter-spaced words re-joined (「项 目」 → 项目)."""
    out: list[str] = []
    for t in line.split():
        if out and _CJK_CHAR.match(t) and _CJK_CHAR.match(out[-1][-1]) and len(out[-1]) == 1:
            out[-1] += t
        else:
            out.append(t)
    return out


def _row_word(t: str) -> bool:
    return t in ROW_HEADER_WORDS or t in {"类款项", "类款"}


def _fragment(t: str) -> bool:
    """A piece of a row word wrapped over lines (「功能分」「类科目」 of 功能分类科目编码)."""
    if len(t) == 1:  # 「码」 of 编码 wrapped alone
        return any(w.endswith(t) for w in ROW_HEADER_WORDS if len(w) > 1)
    return any(t in w for w in ROW_HEADER_WORDS if len(w) > len(t))


def _read_header(lines: list[str]) -> _Header:
    toks = [_header_tokens(ln) for ln in lines]
    scheme = ""
    for line in toks:
        for t in line:
            m = re.search(r"([\u4e00-\u9fff]*?分类)", t)
            if m and not scheme and m.group(1) not in {"分类"}:
                scheme = m.group(1)
    # the main line: the most column words (not one word repeated under every column)
    # (a line with row words between column words — 「项目 决算数 项目 决算数」 — is a two-sided table's)
    main, best = None, (False, 0, False)
    for k, line in enumerate(toks):
        cols = [t for t in line if not _row_word(t) and not _fragment(t)]
        rows_at = [n for n, t in enumerate(line) if _row_word(t)]
        two_sided = len(rows_at) >= 2 and any(not _row_word(t) for t in line[rows_at[0] : rows_at[-1]])
        if not two_sided and len(cols) > 1 and len(set(cols)) == 1:
            continue
        score = (two_sided, len(cols), bool(rows_at))
        if cols and score > best:
            main, best = k, score
    if main is None:
        return _Header([], False, scheme, "表头无法识别")
    sides: list[_Side] = []
    current: list[str] | None = None
    for t in toks[main]:
        if _row_word(t):
            if current is None or current:
                current = []
                sides.append(_Side("", current))
            continue
        if _fragment(t):
            continue
        if current is None:
            current = []
            sides.append(_Side("", current))
        current.append(t)
    sides = [s for s in sides if s.columns]
    certain, why = True, ""
    group, leaf = "", ""
    wrapped: list[str] = []
    ncols = sum(len(s.columns) for s in sides)
    for k, line in enumerate(toks):
        if k == main:
            continue
        words = [t for t in line if not _row_word(t) and not _fragment(t)]
        if not words:
            continue
        if len(sides) == 2 and k < main and len(words) == 2:
            sides[0].group, sides[1].group = words
            continue
        if len(sides) == 1 and k < main and len(words) == 1 and any(_row_word(t) for t in line):
            group = words[0]  # 「项目 收入预算」: one group over every column
            continue
        if len(words) > 1 and len(set(words)) == 1:
            leaf = words[0]  # 「决算数 决算数 …」 under every column: whichever column, its leaf
            if len(words) == ncols:
                continue
        else:
            wrapped += words
        certain, why = False, "表头文字跨行，列的顺序不确定"
    # a two-sided table names its sides on a line above (收入 | 支出); without one the sides stay unnamed
    for s in sides:
        s.columns = ["/".join(p for p in (group, c, leaf) if p) for c in s.columns]
    return _Header(sides, certain, scheme, why, wrapped, group, leaf)


# ---------------------------------------------------------------------------
# Rows


@dataclass
class _Body:
    cut: _Cut
    page: int | None
    codes: list[str] = field(default_factory=list)


def _assign(nums: list[str], side: _Side, header: _Header) -> tuple[dict[int, str], str]:
    """Which of a row's numbers belong to which column, where certain; and why the rest do not."""
    cols = side.columns
    if header.certain and len(nums) == len(cols):
        return dict(enumerate(nums)), ""
    why = (
        header.why
        if not header.certain
        else "这一行印出的数字少于列数（空白单元格在文本中被省略），不能确定所属列"
    )
    if not cols or not nums or not any(_TOTAL.search(part) for part in cols[0].split("/")):
        return {}, why
    values = [parse_number(n) for n in nums]
    if any(v is None for v in values):
        return {}, why
    first, rest = values[0], values[1:]
    # parts rounded as printed may miss the total by half a unit of the last digit each (万元 to 2 places)
    places = max((len(n.split(".")[1]) if "." in n else 0) for n in nums)
    slack = Decimal(len([v for v in rest if v])) * Decimal(5) / Decimal(10) ** (places + 1)
    if not rest or abs(sum(rest, Decimal(0)) - first) <= slack or all(v == first for v in rest):
        return {0: nums[0]}, why if rest else ""
    return {}, why


def _positions(nums: list[str], placed: dict[str, str]) -> tuple[dict[int, str], dict[int, str]]:
    """Which printed figure each placed column took (left to right: equal figures keep their order)."""
    assigned: dict[int, str] = {}
    names: dict[int, str] = {}
    for column, raw in placed.items():
        k = next(
            k for k, n in enumerate(nums) if n == raw and k not in assigned and k > max(assigned, default=-1)
        )
        assigned[k], names[k] = raw, column
    return assigned, names


def _sum_placements(header: _Header, body: list[_Body]) -> tuple[list[dict[str, str]] | None, str]:
    """Per body row, the columns the table's arithmetic proves (index.sum_readings), and the name of a
    column wrapped out of the main header line (its place among the others unknown), if any."""
    if len(header.sides) != 1:
        return None, ""
    cols = header.sides[0].columns
    rows = [[n for _, ns in b.cut.segments for n in ns] for b in body]
    width = max((len(r) for r in rows), default=0)
    if header.certain:
        orders, extra = [cols], ""
    elif header.wrapped and width <= len(cols) + 1:
        # one column wrapped out of the main line, place unknown: every place is a reading (and none,
        # when no row prints it); a row printing fewer figures than columns is read the same way
        extra = "/".join(p for p in (header.group, "".join(header.wrapped), header.leaf) if p)
        orders = [[*cols[:p], extra, *cols[p:]] for p in range(len(cols) + 1)]
        if width < len(cols) + 1:
            orders.append(list(cols))
    else:
        return None, ""
    return sum_readings.place(orders, rows), extra


def _place_by_levels(rows: list[Row], columns: list[str], opened: list[level_sums.Open]) -> None:
    """Rows printing a total and one equal part: 基本 or 项目 as the parent levels' sums prove (level_sums)."""
    basic = [c for c in columns if any(p.endswith("基本支出") for p in c.split("/"))]
    project = [c for c in columns if any(p.endswith("项目支出") for p in c.split("/"))]
    if len(basic) != 1 or len(project) != 1:
        return
    total = next((r for r in rows if r.code is None and _TOTAL.search(r.label)), None)
    level_sums.place(rows, total, (basic[0], project[0]), opened)


def _side_of(label: str, sides: list[_Side]) -> int | None:
    """The side a one-sided row of a 收入 | 支出 table is on, named by its label."""
    hits = [k for k, s in enumerate(sides) if s.group and s.group[-2:] in label]
    if len(hits) == 1:
        return hits[0]
    hits = [k for k, w in enumerate(SIDE_WORDS) if w in label]
    return hits[0] if len(hits) == 1 else None


def _split_two_labels(segment: tuple[str, list[str]], raw_tokens: list[str]) -> list[tuple[str, list[str]]]:
    """「二、政府性基金预算 二、卫生健康支出 1,439,040」: a left label with no figure, then the right side."""
    label, nums = segment
    starts = [k for k, t in enumerate(raw_tokens) if _ENUM.match(t)]
    if len(starts) < 2:
        return [segment]
    k = starts[-1]
    return [(clean_label(" ".join(raw_tokens[:k])), []), (clean_label(" ".join(raw_tokens[k:])), nums)]


def _build(
    title: str,
    unit: str,
    header: _Header,
    body: list[_Body],
    *,
    number: str,
    heading_path: list[str],
    note: str,
    header_lines: Sequence[str] = (),
) -> Table:
    two = len(header.sides) == 2
    sangong = sangong_text.read_header(list(header_lines)) if re.search(SANGONG_TEXT_TITLE, title) else None
    code_col = f"{header.scheme}科目编码" if header.scheme else "科目编码"
    by_sum, extra = _sum_placements(header, body) if not two and sangong is None else (None, "")
    rows: list[Row] = []
    opened: list[level_sums.Open] = []
    for n_body, b in enumerate(body):
        segments = b.cut.segments
        if two and len(segments) == 1:
            raw = segments[0][0]
            tokens = [t for t in re.split(r"(?=[一二三四五六七八九十]+、)", raw) if t]
            segments = _split_two_labels(segments[0], tokens) if len(tokens) > 1 else segments
        placed: list[tuple[int | None, str, list[str]]] = []
        right_codes: list[str] = []
        if two and len(segments) == 2:
            placed = [(0, *segments[0]), (1, *segments[1])]
            right_codes = b.cut.side_codes[0] if b.cut.side_codes else []
        elif two:
            placed = [(_side_of(label, header.sides), label, nums) for label, nums in segments]
        else:
            label = segments[0][0]
            nums = [n for _, ns in segments for n in ns]
            placed = [(0 if header.sides else None, label, nums)]
        for side_k, label, nums in placed:
            if not label and not nums and not b.codes:
                continue
            cells: list[Cell] = []
            why = "未能确定这一行属于收入还是支出一侧"
            assigned: dict[int, str] = {}
            if sangong is not None and not two and not label and not b.codes:
                # the 三公 row of figures only: its own arithmetic says which figure is which
                placed_by_sum = sangong_text.place(sangong, nums)
                used: set[int] = set()
                for column, raw in placed_by_sum.items():
                    k = next(k for k, n in enumerate(nums) if n == raw and k not in used)
                    used.add(k)
                    parsed = parse_cell(raw)
                    if parsed is not None:
                        cells.append(Cell(column, raw, parsed[0], parsed[1]))
                assigned = {k: nums[k] for k in used}
                why = "表头文字跨行，这些数字按“三公”经费的合计关系也不能唯一确定所属列"
            elif side_k is not None:
                side = header.sides[side_k]
                assigned, why = _assign(nums, side, header)
                names = {
                    k: f"{side.group}/{side.columns[k]}" if two and side.group else side.columns[k]
                    for k in assigned
                }
                proven = by_sum[n_body] if by_sum is not None else {}
                if len(proven) > len(assigned):
                    # the table's arithmetic places more of the row than the header alone
                    assigned, names = _positions(nums, proven)
                for k, raw in sorted(assigned.items()):
                    parsed = parse_cell(raw)
                    if parsed is not None:
                        cells.append(Cell(names[k], raw, parsed[0], parsed[1]))
            left = [n for k, n in enumerate(nums) if k not in assigned]
            note_text = f"另印有数字 {' '.join(left)} 未归入列：{why}" if left else ""
            codes = []
            printed = right_codes if two and side_k == 1 and len(placed) == 2 else b.codes
            if printed and not (two and side_k == 1 and len(placed) == 2 and printed is b.codes):
                parts = split_code(" ".join(printed))
                if parts:
                    codes = [Code(parts, header.scheme)]
            if not label and not cells and not codes:
                continue
            one_open = (
                not two
                and len(left) == 1
                and len(cells) == 1
                and _TOTAL.search(cells[0].column)
                and parse_number(left[0]) == cells[0].value
            )
            rows.append(
                Row(
                    label=label,
                    index=len(rows) + 1,
                    cells=cells,
                    codes=codes,
                    page=b.page,
                    group=header.sides[side_k].group if two and side_k is not None else "",
                    note=note_text,
                )
            )
            if one_open:
                opened.append(level_sums.Open(rows[-1], left[0]))
    if opened and len(header.sides) == 1:
        _place_by_levels(rows, header.sides[0].columns, opened)
    if sangong is not None:
        leaves = sangong.stages or ("",)
        columns = [f"{sangong.names[k]}/{s}".rstrip("/") for k in sangong.keys for s in leaves]
    elif two:
        columns = [f"{s.group}/{c}" if s.group else c for s in header.sides for c in ["项目", *s.columns]]
    else:
        columns = [code_col, "科目名称", *(header.sides[0].columns if header.sides else [])]
    pages = sorted(
        {r.page for r in rows if r.page is not None} | {b.page for b in body if b.page is not None}
    )
    if not header.certain and header.why and body:
        note = "\n".join(
            p for p in (note, f"（读取说明：{header.why}，只保留能由表头和合计核对确定的数字）") if p
        )
    return Table(
        title=clean_label(title),
        unit=unit,
        columns=columns,
        rows=rows,
        number=number,
        page=pages[0] if pages else None,
        pages=pages,
        heading_path=list(heading_path),
        note=note,
    )


def _name_piece(line: str) -> bool:
    """One word of Chinese text (a piece of a row name wrapped over lines)."""
    return len(line.split()) == 1 and bool(re.search(r"[\u4e00-\u9fff]{1}", line)) and not _NUMBER.match(line)


def _header_word(line: str) -> bool:
    t = _squash(line)
    return _row_word(t) or _fragment(t) or t in _LEVEL_WORDS or bool(re.search(r"分类|编码|决算数|预算数", t))


def _extend_label(b: _Body, text: str, *, at_end: bool) -> None:
    label, nums = b.cut.segments[0]
    joined = label + text.strip() if at_end else text.strip() + label
    b.cut.segments[0] = (clean_label(joined), nums)


def read_table(
    lines: Sequence[str],
    pages: Sequence[int | None],
    i: int,
    *,
    is_text: Heading,
    number: str = "",
    heading_path: Sequence[str] = (),
) -> tuple[Table, int]:
    """Read the table whose title is line ``i``; return it and the index of the line after it.

    The table runs over page breaks while the next page opens on one of its rows or repeats its
    header; it ends at a 注/说明 line, the next table's title, or prose (``is_text``).
    """
    title_page = pages[i]
    title = lines[i]
    j = _next_nonblank(lines, i + 1)
    unit = unit_of(lines[j]) or ""
    j = _next_nonblank(lines, j + 1)
    header_lines: list[str] = []
    header_set: set[str] = set()
    body: list[_Body] = []
    pending_code: list[str] | None = None
    last_page = pages[j] if j < len(pages) else title_page
    piece: tuple[int, str] | None = None  # a one-word line just read: maybe the head of the next row's name
    tail_for: tuple[int, _Body] | None = None  # a row whose name may go on in the next one-word line
    prev = -1  # the last non-blank line read
    while j < len(lines):
        raw = lines[j].strip()
        if not raw:
            j += 1
            continue
        s = _squash(raw)
        if _NOTE.match(s) or "\t" in lines[j] or starts_table(lines, j):
            break
        cut = _cut(raw)
        if body and pages[j] != last_page and cut is None and s not in header_set:
            # the next page does not continue the table — unless it opens on the head of a row's name
            k = _next_nonblank(lines, j + 1)
            if not (_name_piece(raw) and k < len(lines) and _cut(lines[k].strip()) is not None):
                break
        last_page = pages[j]
        if cut is None:
            if not body:
                header_lines.append(raw)
                header_set.add(s)
            elif s in header_set:
                pass  # the header repeated on a continuation page
            elif is_text(raw):
                break
            else:
                code = _code_only(raw)
                if code:
                    pending_code = code
                elif _name_piece(raw) and tail_for is not None and tail_for[0] == prev:
                    _extend_label(tail_for[1], raw, at_end=True)
                    tail_for = None
                elif _name_piece(raw):
                    piece = (j, raw)
                # else: a wrapped or garbled piece of a label; the row's code still names it
            prev = j
            j += 1
            continue
        codes = cut.codes
        tail_for = None
        if not codes and pending_code:
            codes = pending_code
            # the name printed between the code and its figures is scrambled in such text: not used
            cut = _Cut(codes, [("", cut.segments[0][1]), *cut.segments[1:]])
        elif codes and not cut.segments[0][0]:
            # 「机关事业单位职业年金缴 / 2080506 257.14 257.14 / 费支出」: the name wrapped around the
            # figures, head on the line above and tail on the line below
            head = None
            if piece is not None and piece[0] == prev:
                head = piece[1]
            elif (
                not body
                and header_lines
                and _name_piece(header_lines[-1])
                and not _header_word(header_lines[-1])
            ):
                head = header_lines.pop()  # the head of the first row's name, read as header so far
            if head is not None:
                b = _Body(cut, pages[j], codes)
                _extend_label(b, head, at_end=False)
                tail_for = (j, b)
                pending_code = None
                body.append(b)
                piece = None
                prev = j
                j += 1
                continue
        pending_code = None
        piece = None
        body.append(_Body(cut, pages[j], codes))
        prev = j
        j += 1
    notes = []
    k = _next_nonblank(lines, j)
    while k < len(lines) and _NOTE.match(_squash(lines[k])):
        notes.append(lines[k].strip())
        j = k + 1
        k = _next_nonblank(lines, j)
    header = _read_header(header_lines)
    table = _build(
        title,
        unit,
        header,
        body,
        number=number,
        heading_path=list(heading_path),
        note="\n".join(notes),
        header_lines=header_lines,
    )
    distrust_if_levels_disagree(table)
    if table.page is None:
        table.page = title_page
        table.pages = [title_page] if title_page is not None else []
    elif title_page is not None and title_page not in table.pages:
        table.pages = sorted({title_page, *table.pages})
        table.page = table.pages[0]
    return table, j


def _parent(row: Row) -> str | None:
    """The code of the row one level up (「20805」 of 2080501, 「208」 of 20805); "" for the 合计 row."""
    if row.code is None:
        return None
    d = row.code.digits
    return d[:-2] if len(d) in (5, 7) else "" if len(d) == 3 else None


def distrust_if_levels_disagree(table: Table) -> bool:
    """Drop the figures of a table whose levels do not add up (合计 ≠ Σ类, 类 ≠ Σ款, 款 ≠ Σ项).

    Text copied out of a PDF may print a column of figures shifted against the row names (each name
    beside the figure of another row); such a table would answer with the wrong row's figure.  A
    parent that misses the sum of its printed children now and then may be the document's own slip or a
    row the text lost; two parents in three missing it (of four checked at least) is a table that cannot
    be trusted: its figures go to the rows' notes.
    """
    by_code = {r.code.digits: r for r in table.rows if r.code is not None}
    total = next((r for r in table.rows if r.code is None and _TOTAL.search(r.label)), None)
    children: dict[str, list[Row]] = {}
    for r in table.rows:
        p = _parent(r)
        if p is not None and (p in by_code or (p == "" and total is not None)):
            children.setdefault(p, []).append(r)
    checks = misses = 0
    for p, kids in children.items():
        parent = by_code[p] if p else total
        assert parent is not None
        for c in parent.cells:
            parts = [k.cell(c.column) for k in kids]
            if any(x is None for x in parts):
                continue
            places = max((len(x.raw.split(".")[1]) if "." in x.raw else 0) for x in [c, *parts])  # type: ignore[union-attr]
            slack = Decimal(len(parts)) * Decimal(5) / Decimal(10) ** (places + 1)
            checks += 1
            if abs(sum((x.value for x in parts), Decimal(0)) - c.value) > slack:  # type: ignore[union-attr]
                misses += 1
    if checks < 4 or misses * 3 < checks * 2:
        return False  # a few misses may be rows the text lost, not a shift
    why = f"本表{misses}/{checks}处上级科目与下级科目之和对不上（文本中金额与科目错位），不采用本表数字"
    for r in table.rows:
        if r.cells:
            printed = " ".join(c.raw for c in r.cells)
            r.note = "；".join(p for p in (f"印有数字 {printed} 未采用：{why}", r.note) if p)
            r.cells = []
    table.note = "\n".join(p for p in (table.note, f"（读取说明：{why}）") if p)
    return True


def name_coded_rows(tables: Sequence[Table]) -> None:
    """Name a row whose name was scrambled (only its code is readable) after a row of the same document
    printing the same classification code with a name: one code is one 科目 throughout a document."""
    names: dict[str, str] = {}
    for t in tables:
        for r in t.rows:
            if r.code is not None and r.label and len(r.code.digits) in (3, 5, 7):
                names.setdefault(r.code.digits, r.label)
    for t in tables:
        for r in t.rows:
            if r.code is not None and not r.label and r.code.digits in names:
                r.label = names[r.code.digits]
                r.note = "；".join(
                    p for p in (r.note, "名称取自本文件中同一科目编码的行（此行名称文字错乱）") if p
                )
