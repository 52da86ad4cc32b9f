"""Grid → ``Table``: the table builder both parsers share.

A parser (plain text or pdfplumber) only has to cut a table into header rows and
body rows of cell strings; everything that needs knowledge of the genre lives
here: multi-row headers resolved into column paths ("基本支出/工资福利支出"), the
label and classification-code columns (类/款/项 over several columns, or one
string such as "2040501"), side-by-side 收入|支出 halves, labels wrapped over two
rows, and the key/value forms (绩效目标表).  Written by hand because these rules
are budget-specific; no table library knows them.

Cell conventions: ``None`` means "covered by a merged cell" (pdfplumber), ``""``
means an empty cell.  In body rows both are blank, and a blank cell means
"nothing budgeted": it produces no ``Cell``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from index.model import Cell, Code, Row, Table
from index.numbers import FOOTNOTE_TAIL, normalize_text, parse_cell, parse_number
from index.vocabulary import MONEY_UNIT_WORDS

GridCell = str | None

# ---------------------------------------------------------------------------
# Text helpers


_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’"
_BETWEEN_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_NEAR_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def strip_tags(text: str) -> str:
    """Drop HTML tags (``<p>…</p>``) that some publishers leave in form cells."""
    return html.unescape(_TAG.sub(" ", text)) if "<" in text else text


def clean_label(text: GridCell) -> str:
    """A header or label cell as one line: wrapped lines re-joined, letter spacing removed.

    Spaces next to Chinese characters are artefacts of wrapping or letter-spaced
    printing ("政府性 基金预 算", "合 计", "2021 年"), so they are dropped.
    """
    if not text:
        return ""
    s = strip_tags(text).replace("\r", "").replace("\n", "").strip()
    return FOOTNOTE_TAIL.sub("", _NEAR_CJK_SPACE.sub("", s))  # "中央专款 ①" → 中央专款


def clean_text(text: GridCell) -> str:
    """A free-text cell: tags stripped, line breaks removed, spaces between Chinese characters dropped."""
    if not text:
        return ""
    s = strip_tags(text).replace("\r", "").replace("\n", "")
    s = re.sub(r"\s+", " ", s).strip()
    return _BETWEEN_CJK_SPACE.sub("", s)


def _blank(cell: GridCell) -> bool:
    return cell is None or not str(cell).strip()


# ---------------------------------------------------------------------------
# Codes

_CODE_TOKEN = re.compile(r"^\d{2,7}$")
_CODE_IN_LABEL = re.compile(r"^(\d{3}(?:\s?\d{2}){0,2})(?:\s+|(?=[^\d\s]))(\S.*)$")
# Standard 类/款/项 widths (3+2+2 digits) of both 功能分类 and 经济分类 codes.
_LEVEL_SPLITS = {3: (3,), 5: (3, 2), 7: (3, 2, 2)}


def split_code(text: str) -> tuple[str, ...] | None:
    """Split a printed code into 类/款/项: "2040501" → ("204","05","01"), "201 03 02" → ("201","03","02").

    Returns None for text that is not a code.  Codes of other widths (a 6-digit
    unit code such as "113001") are returned whole.
    """
    s = normalize_text(text).strip()
    if not s:
        return None
    tokens = s.split()
    if not all(_CODE_TOKEN.match(t) for t in tokens):
        return None
    if len(tokens) == 1:
        t = tokens[0]
        if len(t) in _LEVEL_SPLITS:
            out, i = [], 0
            for width in _LEVEL_SPLITS[len(t)]:
                out.append(t[i : i + width])
                i += width
            return tuple(out)
        return (t,)
    return tuple(tokens)


def _scheme_of(path: str) -> str:
    """The classification a code column belongs to, named by its header ("部门预算经济分类…" → 部门预算经济分类)."""
    for part in path.split("/"):
        m = re.search(r"([\u4e00-\u9fff]*?分类)", part)
        if m:
            return m.group(1)
    return ""


# ---------------------------------------------------------------------------
# Headers

_TOTAL_WORDS = {"合计", "小计", "总计"}
_GENERIC_GROUP = {"项目"}  # a group header that only says "item" adds nothing to a path


def split_header(rows: Sequence[Sequence[GridCell]], max_header: int = 6) -> int:
    """How many leading rows of a grid are column headers.

    The header ends at the first row holding a number or a classification code;
    a grid with no such row (an empty published table) is all header.
    """
    for i, row in enumerate(rows[: max_header + 1]):
        cells = [clean_label(c) for c in row]
        if any(parse_number(c) is not None or _looks_code(c) for c in cells if c):
            return i
    return min(len(rows), max_header)


def _looks_code(text: str) -> bool:
    parts = split_code(text)
    return parts is not None and len("".join(parts)) >= 3


def _realign_subtotals(rows: list[list[str]]) -> None:
    """Move a group header onto its 小计 column when a text layer put it one or two cells off.

    In this genre every spending group (基本支出, 项目支出) starts with its 小计
    column; a group printed one cell left of its 小计 would give wrong paths to
    every column after it.
    """
    width = len(rows[0]) if rows else 0
    for r in range(1, len(rows)):
        above, here = rows[r - 1], rows[r]
        starts = [c for c in range(width) if above[c]]
        for s in (c for c in range(width) if here[c] in _TOTAL_WORDS):
            if above[s]:
                continue
            left = [p for p in starts if p < s]
            if not left:
                continue
            p = left[-1]
            # only when that group spans several columns and its start holds no own total
            nxt = [q for q in starts if q > p]
            end = nxt[0] if nxt else width
            if end - p < 2 or s - p > 2 or here[p] in _TOTAL_WORDS:
                continue
            if not any(here[c] for c in range(p, s)):
                continue
            above[s], above[p] = above[p], ""
            starts = [c for c in range(width) if above[c]]


def column_paths(header_rows: Sequence[Sequence[GridCell]], width: int | None = None) -> list[str]:
    """Resolve multi-row headers into one path per column, levels joined by "/".

    A header cell spans rightwards over the cells of its row that are empty or
    None, but never beyond the span of the header cell above it.  A generic
    "项目" over sub-headers is left out of the paths.
    """
    if width is None:
        width = max((len(r) for r in header_rows), default=0)
    rows = [[clean_label(c) for c in r] + [""] * (width - len(r)) for r in header_rows]
    rows = [r[:width] for r in rows if any(r)]
    _realign_subtotals(rows)
    parts: list[list[str]] = [[] for _ in range(width)]
    bounds = [(0, width)] * width
    for row in rows:
        new_bounds = list(bounds)
        c = 0
        while c < width:
            if not row[c]:
                c += 1
                continue
            end = c + 1
            limit = bounds[c][1]
            while end < limit and not row[end]:
                end += 1
            for k in range(c, end):
                parts[k].append(row[c])
                new_bounds[k] = (c, end)
            c = end
        bounds = new_bounds
    paths = []
    for p in parts:
        if len(p) > 1 and p[0] in _GENERIC_GROUP:
            p = p[1:]
        paths.append("/".join(p))
    return paths


# ---------------------------------------------------------------------------
# Column units and column numbers

# 「金额（万元）」「项目资金(万元)」「（单位：亿元）」: a column (or column group) printing its own unit.
_COLUMN_UNIT = re.compile(r"[（(]\s*(?:单位\s*[:：])?\s*(亿元|万元|元|%|％)\s*[)）]")
# 「执行数为调整预算数%」「比上年增减%」「完成率」「执行率」「占比」: a percentage column.
_PERCENT_COLUMN = re.compile(r"[%％]|(?:完成|执行|增长|增减|得分|比)率$|占比$|比重$|增幅$|降幅$")
# 决算 tables number their rows and columns (行次 column, 栏次 row): positions, not figures.
_POSITION_HEADERS = {"行次", "栏次"}


def column_unit(path: str) -> str:
    """The unit a column header prints for its own cells ("金额（万元）" → 万元, "完成率" → %), else ""."""
    for part in reversed(path.split("/")):
        m = _COLUMN_UNIT.search(part)
        if m:
            return "%" if m.group(1) in "%％" else m.group(1)
    return "%" if path and _PERCENT_COLUMN.search(path.split("/")[-1]) else ""


def _is_column_numbers(label: str, cells: list[Cell]) -> bool:
    """A 栏次 row ("栏次 | 1 | 2 | 3 …"): column numbers, not figures."""
    if label == "栏次":
        return True
    if label or len(cells) < 3:
        return False
    if not all(re.fullmatch(r"\d{1,2}", c.raw.strip()) for c in cells):
        return False
    values = [int(c.value) for c in cells]
    return len(set(values)) == len(values) and max(values) <= 60


# ---------------------------------------------------------------------------
# Column roles


def _label_score(path: str) -> int | None:
    """How much a column header says "this column names the row" (lower is better)."""
    leaf = path.split("/")[-1] if path else ""
    if not leaf:
        return None
    if "科目名称" in leaf or leaf in {"单位（科目名称）", "单位(科目名称)"}:
        return 0
    if leaf in {"项目", "项目名称", "科目", "名称", "预算项目"}:
        return 1
    if leaf.endswith(("项目", "名称", "品目")) and leaf != "单位名称":
        return 2
    if leaf == "单位名称":
        return 3
    return None


def _is_code_header(path: str) -> bool:
    leaf = path.split("/")[-1] if path else ""
    return leaf in {"类", "款", "项"} or "编码" in leaf or "代码" in leaf


@dataclass
class _Layout:
    """Roles of the columns of one (half of a) table."""

    cols: list[int]  # the grid columns of this segment
    label: int | None
    alt_labels: list[int]
    code_cols: list[int]
    group: str = ""


def _numberish(text: str) -> bool:
    """A number, perhaps with a short unit ("95%", "3 台"); not "2010301 行政运行"."""
    parsed = parse_cell(text)
    return parsed is not None and len(parsed[1]) <= 2


def _numeric_share(body: Sequence[Sequence[str]], col: int) -> tuple[int, int]:
    filled = [r[col] for r in body if col < len(r) and r[col]]
    numeric = sum(1 for v in filled if _numberish(v))
    return numeric, len(filled)


def _layouts(paths: list[str], body: list[list[str]]) -> list[_Layout]:
    width = len(paths)
    candidates: list[tuple[int, int]] = []
    for c, p in enumerate(paths):
        score = _label_score(p)
        if score is None:
            continue
        numeric, filled = _numeric_share(body, c)
        if (filled and numeric * 2 >= filled) or (score >= 2 and not filled):
            continue
        candidates.append((score, c))
    if not candidates:
        # No header names the label column ("预算科目", "地区", "县（区）"): the first column of
        # mostly non-numeric text names the rows; without one, integer columns to its right
        # would pass for code columns.
        for c in range(width):
            numeric, filled = _numeric_share(body, c)
            values = [r[c] for r in body if c < len(r) and r[c]]
            if filled and numeric * 2 < filled and not all(split_code(v) is not None for v in values):
                candidates.append((9, c))
                break
    code_cols = set()
    first_label = min((c for _, c in candidates), default=width)
    for c, p in enumerate(paths):
        values = [r[c] for r in body if c < len(r) and r[c]]
        all_codes = all(split_code(v) is not None for v in values)
        if _is_code_header(p) and all_codes or c < first_label and values and all_codes:
            code_cols.add(c)
    if not candidates:
        return [_Layout(list(range(width)), None, [], sorted(code_cols))]
    best = min(s for s, _ in candidates)
    labels = sorted(c for s, c in candidates if s == best)
    others = sorted(c for s, c in candidates if s != best)

    # Side by side: each label column (of any strong kind: 项目/科目名称) starts a half
    # that has numeric columns of its own, and the halves sit under different headers.
    sides = sorted(c for sc, c in candidates if sc <= 1)
    if len(sides) >= 2:
        bounds = [0, *sides[1:], width]
        segments = [list(range(bounds[i], bounds[i + 1])) for i in range(len(sides))]
        groups = [paths[c].rsplit("/", 1)[0] if "/" in paths[c] else "" for c in sides]
        texts = {c for _, c in candidates}
        has_numbers = all(any(c not in code_cols and c not in texts for c in seg) for seg in segments)
        distinct = all(groups) and len(set(groups)) == len(groups)
        if has_numbers and (distinct or _same_leaves(paths, segments)):
            return [
                _Layout(
                    seg,
                    sides[i],
                    [c for c in sorted(texts) if c in seg and c != sides[i]],
                    [c for c in sorted(code_cols) if c in seg],
                    groups[i],
                )
                for i, seg in enumerate(segments)
            ]
    return [_Layout(list(range(width)), labels[0], labels[1:] + others, sorted(code_cols))]


def _same_leaves(paths: list[str], segments: list[list[int]]) -> bool:
    seqs = [tuple(paths[c].split("/")[-1] for c in seg) for seg in segments]
    return len(set(seqs)) == 1


# ---------------------------------------------------------------------------
# Arithmetic of a header tree (for repairing rows that lost a blank cell)


def _constraints(paths: list[str], numeric_cols: list[int]) -> list[tuple[int, list[int]]]:
    """(total column, addend columns) pairs implied by the header tree.

    A 合计/小计/总计 column equals the sum of its sibling columns; a sibling that
    is a group contributes its own 小计 (or the sum of its leaves).  Columns
    headed 其中… are "of which" and never addends.
    """
    cols = {c: paths[c].split("/") for c in numeric_cols if paths[c]}
    groups: dict[tuple[str, ...], list[int]] = {}
    for c, parts in cols.items():
        for depth in range(len(parts)):
            groups.setdefault(tuple(parts[:depth]), []).append(c)

    def contribution(prefix: tuple[str, ...]) -> list[int] | None:
        members = [c for c in groups.get(prefix, []) if len(cols[c]) > len(prefix)]
        if not members:
            return None
        direct_total = [c for c in members if len(cols[c]) == len(prefix) + 1 and cols[c][-1] in _TOTAL_WORDS]
        if direct_total:
            return [direct_total[0]]
        out: list[int] = []
        for child in _children(prefix):
            if child[-1].startswith("其中"):
                continue
            sub = contribution(child)
            if sub is None:
                return None
            out.extend(sub)
        return out

    def _children(prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        seen: list[tuple[str, ...]] = []
        for c in groups.get(prefix, []):
            if len(cols[c]) > len(prefix):
                child = tuple(cols[c][: len(prefix) + 1])
                if child not in seen:
                    seen.append(child)
        return seen

    result = []
    for prefix in groups:
        for child in _children(prefix):
            leaf_cols = [c for c in groups.get(prefix, []) if tuple(cols[c]) == child]
            if child[-1] not in _TOTAL_WORDS or not leaf_cols:
                continue
            addends: list[int] = []
            ok = True
            for sib in _children(prefix):
                if sib == child or sib[-1].startswith("其中") or sib[-1] in _TOTAL_WORDS:
                    continue
                sub = contribution(sib) if any(len(cols[c]) > len(sib) for c in groups.get(sib, [])) else None
                if sub is None:
                    sub = [c for c in groups.get(prefix, []) if tuple(cols[c]) == sib]
                if not sub:
                    ok = False
                    break
                addends.extend(sub)
            if ok and addends:
                result.append((leaf_cols[0], addends))
    return result


def _values(row: Sequence[str], cols: Iterable[int]) -> dict[int, Decimal] | None:
    out = {}
    for c in cols:
        v = row[c] if c < len(row) else ""
        if not v:
            out[c] = Decimal(0)
            continue
        parsed = parse_cell(v)
        if parsed is None or parsed[1]:
            return None
        out[c] = parsed[0]
    return out


def _holds(row: Sequence[str], constraints: list[tuple[int, list[int]]], numeric: list[int]) -> bool | None:
    vals = _values(row, numeric)
    if vals is None:
        return None
    return all(vals[t] == sum((vals[a] for a in adds), Decimal(0)) for t, adds in constraints)


def _repair_shift(
    row: list[str], constraints: list[tuple[int, list[int]]], numeric: list[int], paths: list[str]
) -> tuple[list[str], str] | None:
    """Insert or remove exactly one blank cell when that alone makes the row's arithmetic hold.

    When several positions work (the arithmetic cannot tell 工资福利支出 from
    商品服务支出 once both move), the one that moves the fewest printed values
    wins; a tie between different outcomes leaves the row as printed.
    """
    if not constraints or _holds(row, constraints, numeric) is not False:
        return None
    width = len(row)
    first = min(numeric)
    found: dict[tuple[str, ...], tuple[int, str]] = {}

    def consider(cand: list[str], moved: int, how: str) -> None:
        if _holds(cand, constraints, numeric):
            key = tuple(cand)
            if key not in found or moved < found[key][0]:
                found[key] = (moved, how)

    for pos in range(first, width):
        moved = sum(1 for v in row[pos:] if v)
        if not row[-1]:  # inserting pushes one trailing blank off the end
            consider(
                row[:pos] + [""] + row[pos:-1],
                moved,
                f"原文此行少印一个空单元格，已在「{paths[pos]}」列前补上",
            )
        if not row[pos]:
            consider(
                row[:pos] + row[pos + 1 :] + [""],
                moved,
                f"原文此行多印一个空单元格，已删去「{paths[pos]}」列的空格",
            )
    if not found:
        return None
    best = min(m for m, _ in found.values())
    winners = [(cand, how) for cand, (m, how) in found.items() if m == best]
    if len(winners) != 1:
        return None
    cand, how = winners[0]
    checks = "；".join(
        f"{paths[t]} = " + " + ".join(paths[a] for a in adds) for t, adds in constraints if paths[t]
    )
    return list(cand), f"{how}（按原样读取时，表内算术不成立：{checks}）"


# ---------------------------------------------------------------------------
# The builder


@dataclass
class GridRow:
    """One body row of a grid and the page it was printed on."""

    cells: list[GridCell]
    page: int | None = None


def _as_grid_row(r: GridRow | Sequence[GridCell]) -> GridRow:
    return r if isinstance(r, GridRow) else GridRow(list(r))


_ENUM_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|其中)"
)
_OPEN = "（(《“"
_CLOSE = "）)》”"


def _unbalanced(text: str) -> bool:
    return sum(text.count(c) for c in _OPEN) > sum(text.count(c) for c in _CLOSE)


def _continues(prev_label: str, label: str) -> bool:
    """Is ``label`` the wrapped rest of ``prev_label`` (a label printed over two rows)?"""
    if not prev_label or not label or _ENUM_START.match(label):
        return False
    return (
        _unbalanced(prev_label)
        or prev_label.endswith(("、", "及", "和", "与", "（", "("))
        or label[0] in _CLOSE
    )


def build_table(
    title: str,
    unit: str,
    header_rows: Sequence[Sequence[GridCell]],
    body_rows: Sequence[GridRow | Sequence[GridCell]],
    *,
    number: str = "",
    heading_path: Sequence[str] = (),
    page: int | None = None,
    pages: Sequence[int] = (),
    note: str = "",
    repair_shifts: bool = False,
) -> Table:
    """Build a grid ``Table`` from header rows and body rows of cell strings.

    - ``header_rows``: the column-header rows (see ``split_header``); resolved
      into column paths by ``column_paths``.
    - ``body_rows``: ``GridRow(cells, page)`` (or plain cell lists, page None).
      Blank cells produce nothing; numeric cells become ``Cell``s via
      ``index.numbers.parse_cell``; other text goes to ``Row.texts``.
    - The label column (科目名称/项目/单位（科目名称）/…) gives ``Row.label``; code
      columns (类/款/项, 编码/代码, or digit-only columns left of the label)
      give ``Row.codes`` with the scheme named in the header (功能分类,
      部门预算经济分类 …; "" when unnamed).  A code printed in the label cell
      ("2040501 行政运行") is split off too.  Rows whose 类/款 are blank inherit
      them from the row above.
    - Side-by-side tables (收入 | 支出, each with its own 项目/金额) yield the
      left half's rows, then the right half's, ``Row.group`` = the side header.
    - A label wrapped onto a following row (with nothing else in it) is joined.
    - ``repair_shifts``: for text sources that drop a blank cell, a row that
      breaks the header arithmetic (合计 = 基本支出/小计 + 项目支出/小计 …) and
      is fixed by inserting/removing exactly one blank cell is repaired, and
      ``Row.note`` says so.
    Rows are numbered 1.. in emitted order (``Row.index``).
    """
    grid = [_as_grid_row(r) for r in body_rows]
    width = max([len(r) for r in header_rows] + [len(g.cells) for g in grid] + [0])
    paths = column_paths(header_rows, width)
    body: list[list[str]] = []
    for g in grid:
        cells = [clean_text(c) if c is not None else "" for c in g.cells]
        body.append(cells + [""] * (width - len(cells)))
    layouts = _layouts(paths, body)
    side_by_side = len(layouts) > 1
    col_units = [column_unit(p) for p in paths]
    money = {u for u in col_units if u in MONEY_UNIT_WORDS}
    if not unit and len(money) == 1 and all(u in money or u == "%" or not u for u in col_units):
        unit = money.pop()  # every money column prints the same unit: it is the table's
    col_units = ["" if u == unit else u for u in col_units]

    rows: list[Row] = []
    for lay in layouts:
        text_cols = {lay.label, *lay.alt_labels} - {None}
        numeric_cols = [c for c in lay.cols if c not in text_cols and c not in lay.code_cols]
        constraints = _constraints(paths, numeric_cols) if repair_shifts and not side_by_side else []
        last_codes: dict[str, tuple[str, ...]] = {}
        prev: Row | None = None
        for g, cells in zip(grid, body, strict=True):
            cells = list(cells)
            repair_note = ""
            if constraints:
                fixed = _repair_shift(cells, constraints, numeric_cols, paths)
                if fixed:
                    cells, repair_note = fixed
            label = clean_label(cells[lay.label]) if lay.label is not None else ""
            if not label:
                label = next((clean_label(cells[c]) for c in lay.alt_labels if cells[c]), "")
            codes = _row_codes(cells, lay, paths, last_codes)
            if not codes and label:
                m = _CODE_IN_LABEL.match(label)
                if m and split_code(m.group(1)):
                    codes = [Code(split_code(m.group(1)) or (), _scheme_of(paths[lay.label or 0]))]
                    label = m.group(2).strip()
            out_cells: list[Cell] = []
            texts: dict[str, str] = {}
            for c in lay.cols:
                v = cells[c]
                if not v or c == lay.label or (c in lay.code_cols and split_code(v)):
                    continue
                col = _prefixed(lay.group if side_by_side else "", paths[c] or f"列{c + 1}")
                position = paths[c].split("/")[-1] in _POSITION_HEADERS
                parsed = parse_cell(v) if c not in text_cols and not position else None
                if parsed is not None and len(parsed[1]) <= 4:
                    # a unit printed in the cell wins; then the column's; then the table's (at fact time)
                    out_cells.append(Cell(col, v, parsed[0], parsed[1] or col_units[c]))
                elif c in lay.alt_labels and clean_label(v) == label:
                    continue
                else:
                    texts[col] = v
            if not label and texts and out_cells:
                # a row whose label cell is blank but which prints what it is in another text column
                # (采购: 经济科目 "会议费" under a merged 专项名称): the right-most text names it best
                label = clean_label(list(texts.values())[-1])
            if _is_column_numbers(label, out_cells):
                continue
            if not (label or codes or out_cells or texts):
                continue
            only_label = label and not codes and not out_cells and not texts
            if only_label and prev is not None and _continues(prev.label, label):
                prev.label += label
                continue
            row = Row(
                label=label,
                index=0,
                cells=out_cells,
                codes=codes,
                texts=texts,
                page=g.page if g.page is not None else page,
                group=lay.group if side_by_side else "",
                note=repair_note,
            )
            rows.append(row)
            prev = row
    for i, row in enumerate(rows, 1):
        row.index = i

    columns = [_prefixed(lay.group if side_by_side else "", paths[c]) for lay in layouts for c in lay.cols]
    all_pages = sorted(
        set(pages) | {r.page for r in rows if r.page is not None} | ({page} if page else set())
    )
    return Table(
        title=clean_label(title),
        unit=unit,
        columns=columns,
        rows=rows,
        number=number,
        kind="grid",
        page=page if page is not None else (all_pages[0] if all_pages else None),
        pages=all_pages,
        heading_path=list(heading_path),
        note=note,
    )


def _prefixed(group: str, path: str) -> str:
    """A side's column path starts with the side's header ("收入/金额")."""
    if not group or path == group or path.startswith(group + "/"):
        return path
    return f"{group}/{path}"


def _row_codes(
    cells: list[str], lay: _Layout, paths: list[str], last: dict[str, tuple[str, ...]]
) -> list[Code]:
    """Codes of one row, one per scheme; blank 类/款 cells inherit from the row above."""
    by_scheme: dict[str, list[int]] = {}
    for c in lay.code_cols:
        by_scheme.setdefault(_scheme_of(paths[c]), []).append(c)
    codes = []
    for scheme, cols in by_scheme.items():
        levels: list[tuple[int, tuple[str, ...]]] = []
        for pos, c in enumerate(cols):
            parts = split_code(cells[c]) if cells[c] else None
            if parts:
                levels.append((pos, parts))
        if not levels:
            continue
        flat = tuple(p for _, ps in levels for p in ps)
        if len(flat) == 1 and len(flat[0]) not in (2, 3, 5, 7):
            codes.append(Code(flat, "单位编码"))  # a unit code (e.g. 113001), not a classification
            continue
        first_pos = levels[0][0]
        if len(levels[0][1][0]) == 2 and first_pos > 0 and scheme in last:
            flat = last[scheme][:first_pos] + flat
        last[scheme] = flat
        codes.append(Code(flat, scheme))
    return codes


# ---------------------------------------------------------------------------
# Key/value forms (绩效目标表)

_MONEY_KEY = re.compile(r"金额|总额|资金|预算|经费|支出")
_NOT_MONEY_KEY = re.compile(r"编码|电话|时间|日期|率|代码")
_KEY_UNIT = re.compile(r"[（(](万元|元|亿元)[)）]")
_INDICATOR_HEAD = re.compile(r"一级指标")
_VALUE_HEADERS = ("目标值", "指标值", "指标值（包含数字及文字描述）")
_UNIT_HEADERS = ("度量单位", "计量单位", "单位")


def build_form(
    title: str,
    rows: Sequence[GridRow | Sequence[GridCell]],
    *,
    number: str = "",
    heading_path: Sequence[str] = (),
    page: int | None = None,
    pages: Sequence[int] = (),
    note: str = "",
    money_unit: str = "元",
) -> Table:
    """Build a key/value form (整体绩效目标表, 项目绩效目标表) as ``Table(kind="form")``.

    Each key/value pair becomes a Row (label = key, value in column "值"; a row
    printing two pairs gives two Rows).  A key alone on its row opens a section
    (``Row.group``).  After the 一级指标/二级指标/三级指标 header, each indicator
    is a Row labelled with its 三级指标, ``group`` = "一级/二级" (carried down
    over blank cells), value in the header's value column ("目标值"/"指标值") with
    the printed unit ("≥300 项" → 300 项, or the 度量单位 column).  Money keys
    (金额/资金/预算 …) are numbers in the unit named in the key ("（万元）",
    inherited within a section) else ``money_unit``.  ``subject`` = the 项目名称,
    else the 部门/单位名称.
    """
    grid = [_as_grid_row(r) for r in rows]
    out: list[Row] = []
    group = ""
    group_unit = ""
    sub_header: list[str] = []
    ind_cols: dict | None = None
    ind_levels = ["", ""]
    subject = ""
    unit_name = ""

    def add(
        label: str,
        value: str,
        column: str,
        grp: str,
        unit_hint: str,
        pg: int | None,
        any_number: bool = False,
    ) -> None:
        row = Row(label=label, index=0, group=grp, page=pg if pg is not None else page)
        parsed = parse_cell(value)
        if parsed is not None and (parsed[1] or unit_hint or any_number):
            row.cells.append(Cell(column, value, parsed[0], parsed[1] or unit_hint))
        else:
            row.texts[column] = value
        out.append(row)

    for g in grid:
        cells = [clean_text(c) for c in g.cells]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        labels = [clean_label(c) for c in cells]
        if any(_INDICATOR_HEAD.search(x) for x in labels[:2]) and any("三级" in x for x in labels):
            ind_cols = {"value": len(labels) - 1, "unit": -1, "level3": 2}
            value_name = next((x for x in labels if x in _VALUE_HEADERS or x.endswith("值")), "目标值")
            for i, x in enumerate(labels):
                if "三级" in x:
                    ind_cols["level3"] = i
                if x in _UNIT_HEADERS:
                    ind_cols["unit"] = i
                if x == value_name:
                    ind_cols["value"] = i
            ind_cols["name"] = value_name
            unit_name = labels[ind_cols["unit"]] if ind_cols["unit"] >= 0 else ""
            ind_levels = ["", ""]
            continue
        if ind_cols is not None:
            _indicator_row(cells, ind_cols, unit_name, ind_levels, add, g.page)
            continue
        filled = [(i, c) for i, c in enumerate(cells) if c]
        if len(filled) == 1 and filled[0][0] == 0:
            group, group_unit, sub_header = labels[0], "", []
            continue
        if len(cells) == 3 and len(filled) == 3 and not any(parse_cell(c) for _, c in filled[1:]):
            # "年度主要任务 | 任务名称 | 主要内容": a section with its own column heads
            short = all(len(c) <= 8 for _, c in filled[1:])
            if short:
                group, sub_header = labels[0], [labels[i] for i, _ in filled[1:]]
                continue
        if not cells[0] and group and len(filled) >= 2:
            key, value = labels[filled[0][0]], " ".join(c for _, c in filled[1:])
            column = sub_header[1] if len(sub_header) >= 2 else "值"
            group_unit = _key_unit(key) or group_unit
            hint = (group_unit or money_unit) if _is_money_key(key) or _is_money_key(group) else ""
            add(key, value, column, group, hint, g.page)
            continue
        if len(filled) >= 3 and filled[0][0] == 0 and len(cells) == 3 and not _pairs_like(cells):
            # "预算情况 | 部门预算总额（万元） | 9653.46": section, key, value on one row
            group, sub_header = labels[0], []
            key = labels[1]
            group_unit = _key_unit(key) or ""
            hint = (group_unit or money_unit) if _is_money_key(key) else ""
            add(key, cells[2], "值", group, hint, g.page)
            continue
        for k in range(0, len(cells) - 1, 2):
            key, value = labels[k], cells[k + 1]
            if not key or not value:
                continue
            hint = (_key_unit(key) or money_unit) if _is_money_key(key) else ""
            add(key, value, "值", group, hint, g.page)
            if not subject and key == "项目名称":
                subject = clean_label(value)
        if cells[0] and len(filled) == 2 and not subject and "名称" in labels[0] and "项目" not in labels[0]:
            subject = clean_label(cells[1])
    for i, row in enumerate(out, 1):
        row.index = i
    all_pages = sorted(set(pages) | {r.page for r in out if r.page is not None})
    columns = ["项目", "值"] + sorted({c.column for r in out for c in r.cells} - {"值"})
    return Table(
        title=clean_label(title),
        unit="",
        columns=columns,
        rows=out,
        number=number,
        kind="form",
        subject=subject,
        page=page if page is not None else (all_pages[0] if all_pages else None),
        pages=all_pages,
        heading_path=list(heading_path),
        note=note,
    )


def _is_money_key(key: str) -> bool:
    return bool(_MONEY_KEY.search(key)) and not _NOT_MONEY_KEY.search(key)


def _key_unit(key: str) -> str:
    m = _KEY_UNIT.search(key)
    return m.group(1) if m else ""


def _pairs_like(cells: list[str]) -> bool:
    return len(cells) >= 4 and len(cells) % 2 == 0


_UNITISH = re.compile(r"^(%|％|[\u4e00-\u9fff]{1,4})$")


def _indicator_row(
    cells: list[str], cols: dict, unit_name: str, levels: list[str], add: Callable[..., None], pg: int | None
) -> None:
    """One indicator row: carry 一级/二级 down, find the 三级 name, the value and its unit.

    Text layers shift these rows by a cell or two, so the parts are read from
    the filled cells right to left (unit, value, name) rather than by position.
    """
    filled = [(i, c) for i, c in enumerate(cells) if c]
    unit = ""
    if unit_name and len(filled) >= 2 and _UNITISH.match(filled[-1][1]) and parse_cell(filled[-1][1]) is None:
        # a printed 度量单位 ("%", "项", "定性指标")
        unit = filled[-1][1]
        filled = filled[:-1]
    shifted_left = (
        filled and filled[-1][0] < cols["level3"] and not unit and parse_cell(filled[-1][1]) is None
    )
    if len(filled) <= 1 or shifted_left:
        # only 一级/二级 cells: a section without an indicator of its own
        for i, text in filled:
            if i == 0:
                levels[0], levels[1] = clean_label(text), ""
            elif i == 1:
                levels[1] = clean_label(text)
        return
    value = filled[-1][1]
    name = clean_label(filled[-2][1])
    prefix = filled[:-2]
    if prefix:
        if prefix[0][0] == 0:
            levels[0] = clean_label(prefix[0][1])
            levels[1] = clean_label(prefix[1][1]) if len(prefix) > 1 else ""
        elif len(prefix) >= 2:
            levels[0], levels[1] = clean_label(prefix[-2][1]), clean_label(prefix[-1][1])
        else:
            levels[1] = clean_label(prefix[0][1])
    group = "/".join(x for x in levels if x)
    hint = unit if unit and unit not in {"定性指标", "定量指标"} else ""
    if "（万元）" in name or "(万元)" in name:
        hint = hint or "万元"
    add(name, value, cols["name"], group, hint, pg, True)
