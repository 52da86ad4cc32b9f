"""Small tables a web page flattened into its sentence line, read back into rows.

A crawled 决算说明/预算说明 prints its 单位构成 table inside the sentence that introduces it, in one of two
ways:

- cells separated by spaces: 「单位名称 经费性质 人员编制数 在职人数 平潭一中 财政核拨 250 240 …」;
- cells run together, a row's counts merged into one run of digits and an empty cell a dash:
  「单位名称经费性质人员编制数在职人数某局本级财政核拨389383某看守所财政核拨————某中心财政拨款84三、…」.

Either way the result is the sentence before the table, one tab-separated line per row (the header
first), then the text after the table, so the text parser reads the rows as a grid.
"""

from __future__ import annotations

import re

from index.vocabulary import (
    FLAT_TABLE_COUNT_COLUMNS,
    FLAT_TABLE_HEADS,
    FLAT_TABLE_KIND_COLUMNS,
    FLAT_TABLE_PEOPLE_UNITS,
    FUNDING_KINDS,
    ORG_SUFFIX_CHARS,
)

# A cell of a flattened table that is a count or stands for one: a number, 「/」 or a dash (no figure)
FLAT_CELL = re.compile(r"^(?:\d+(?:\.\d+)?|/|[—－–\-]{1,4})$")
# a count printed with its word of people and perhaps a note: 「5名」「11人（含公共事务助理员4名、临聘人员2名）」
_UNIT_CELL = re.compile(rf"^(?P<count>\d+)[{FLAT_TABLE_PEOPLE_UNITS}](?P<note>[（(][^（()）]{{1,40}}[)）])?$")
# a count cell printed as a sum of counts of kinds: 「6（事业）+24（自收自支）」
_KINDS_COUNT = re.compile(r"^\d+[（(][^\s（()）]{1,8}[)）](?:[+＋]\d+[（(][^\s（()）]{1,8}[)）])+$")
_SPACED_HEAD = re.compile(rf"(?:^|\s|[:：])(?=(?:{'|'.join(FLAT_TABLE_HEADS)})\s)")
_COLUMN_WORDS = sorted((*FLAT_TABLE_KIND_COLUMNS, *FLAT_TABLE_COUNT_COLUMNS), key=len, reverse=True)
# 「单位名称经费性质人员编制数在职人数」, spaced or not: the name column, then known columns only
_GLUED_HEAD = re.compile(
    rf"(?P<name>{'|'.join(FLAT_TABLE_HEADS)})(?P<columns>(?:\s*(?:{'|'.join(_COLUMN_WORDS)}))+)"
)
_COLUMN = re.compile("|".join(_COLUMN_WORDS))
# the counts of a row: numbers, 「/」 or dashes, perhaps spaced
_COUNTS = re.compile(r"(?:\s*(?:\d+(?:\.\d+)?|/|[—－–\-]+))+")
_COUNT_TOKEN = re.compile(r"\d+(?:\.\d+)?|/|[—－–\-]+")
_KIND_AT_END = re.compile(rf"(?:{'|'.join(sorted(FUNDING_KINDS, key=len, reverse=True))})$")
_NOT_A_NAME = re.compile(r"[，。；;：:！？!?、]")
_MAX_NAME = 40
_NEXT_HEADING = re.compile(
    r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.、．]"
)
# 「区纪工委、廉政办」: one unit named by two bodies joined with 、, each a body's name
_BODIES_JOINED = re.compile(
    rf"[^，。；;：:！？!?、\s]{{2,20}}[{ORG_SUFFIX_CHARS}](?:、[^，。；;：:！？!?、\s]{{2,20}}[{ORG_SUFFIX_CHARS}])+"
)
# a row printed with its funding kind and no counts at all, the table's last, before the next heading
_KIND_ONLY_ROW = re.compile(
    rf"^\s*(?P<name>[^，。；;：:！？!?\s]{{2,{_MAX_NAME}}}?)(?P<kind>{'|'.join(sorted(FUNDING_KINDS, key=len, reverse=True))})"
    r"(?=\s*(?:[一二三四五六七八九十]{1,3}、|$))"
)


def _is_name(text: str) -> bool:
    """Can ``text`` be a row's unit name (not a stretch of sentence)?"""
    return 2 <= len(text) <= _MAX_NAME and (
        not _NOT_A_NAME.search(text) or bool(_BODIES_JOINED.fullmatch(text))
    )


def flat_table(piece: str) -> tuple[list[str], str] | None:
    """The lines of a table flattened into ``piece`` (the sentence before it first, then one
    tab-separated line per row) and the text after it; None when the piece holds no such table."""
    return _spaced(piece) or _glued(piece)


def _is_count(cell: str) -> bool:
    return bool(FLAT_CELL.match(cell) or _KINDS_COUNT.match(cell) or _UNIT_CELL.match(cell))


def _spaced_rows(cells: list[str], width: int) -> int:
    """How many rows of ``width`` cells follow a header of that width: each row a name, then cells that
    are numbers (or 「/」) exactly where the first row's are."""
    shape = [_is_count(c) for c in cells[width : 2 * width]]
    if len(shape) < width or shape[0] or not shape[-1]:
        return 0
    n = 0
    for at in range(width, len(cells) - width + 1, width):
        row = cells[at : at + width]
        if [_is_count(c) for c in row] != shape or re.search(r"\d", row[0]):
            break
        n += 1
    return n


def _spaced(piece: str) -> tuple[list[str], str] | None:
    """Cells separated by spaces: the widest reading with at least three rows, or with fewer under a header
    whose number columns are all counts (「单位名称 经费性质 人员编制数 在职人数 平潭县政协 行政 13 18」)."""
    m = _SPACED_HEAD.search(piece)
    if not m:
        return None
    cells = _names_joined(piece[m.end() :].split())
    best_width, best_rows = 0, 0
    for width in range(2, 7):
        if any(FLAT_CELL.match(c) or re.search(r"\d", c) for c in cells[:width]):
            break  # a header cell holds no number
        rows = _spaced_rows(cells, width)
        counts_head = rows and all(
            h.endswith("数")
            for h, n in zip(cells[:width], cells[width : 2 * width], strict=True)
            if FLAT_CELL.match(n) or _UNIT_CELL.match(n)
        )
        if (rows >= 3 or counts_head) and rows > best_rows:
            best_width, best_rows = width, rows
    if not best_width:
        return None
    used = best_width * (best_rows + 1)
    table = ["\t".join(cells[at : at + best_width]) for at in range(0, used, best_width)]
    if short := _short_last_row(cells[used:], [_is_count(c) for c in cells[best_width : 2 * best_width]]):
        # 「…平潭互联网中心 财政核拨 5 三、部门主要工作总结」: the last unit, short of a count, before the next heading
        table.append("\t".join(cells[used : used + short] + [""] * (best_width - short)))
        used += short
    table, notes = _bare_counts(table)
    before = piece[: m.start()].strip()
    return [*([before] if before else []), *table, *notes], " ".join(cells[used:])


def _bare_counts(table: list[str]) -> tuple[list[str], list[str]]:
    """Rows whose counts carry their word of people (「5名」「10人」) read as bare counts, as a grid prints them;
    a count's note (「11人（含公共事务助理员4名、临聘人员2名）」) is kept as printed, a line after the table."""
    rows, notes = [], []
    for line in table:
        cells = []
        for cell in line.split("\t"):
            m = _UNIT_CELL.match(cell)
            cells.append(m["count"] if m else cell)
            if m and m["note"]:
                notes.append(cell)
        rows.append("\t".join(cells))
    return rows, notes


def _short_last_row(cells: list[str], shape: list[bool]) -> int:
    """How many cells a table's last row takes when it prints fewer counts than its header has columns, ending
    the text or followed by the next heading (「一、」「（三）」); 0 when the cells read otherwise."""
    n = 0
    while n < len(cells) and n < len(shape) and _is_count(cells[n]) == shape[n]:
        n += 1
    if n < 2 or n >= len(shape) or re.search(r"\d", cells[0]) or not _is_name(cells[0]):
        return 0
    return n if n == len(cells) or _NEXT_HEADING.match(cells[n]) else 0


def _names_joined(cells: list[str]) -> list[str]:
    """A unit's name printed in several spaced pieces (「平潭县 人大常委会 财政全额拨款 22 30」): under a header
    with a 经费性质 column, the pieces before a row's funding kind are one name."""
    width = next((i for i, c in enumerate(cells) if c not in (*FLAT_TABLE_HEADS, *_COLUMN_WORDS)), len(cells))
    if width < 3 or cells[1] not in FLAT_TABLE_KIND_COLUMNS:
        return cells
    out, pending = cells[:width], []
    for cell in cells[width:]:
        if _is_count(cell):
            out += [*pending, cell]
            pending = []
        elif _KIND_AT_END.search(cell) and 1 < len(pending) <= 3:
            name = "".join(pending)
            out += (
                [name, cell] if len(name) <= _MAX_NAME and not _NOT_A_NAME.search(name) else [*pending, cell]
            )
            pending = []
        else:
            pending.append(cell)
    return out + pending


def two_counts(digits: str) -> tuple[str, str] | None:
    """Two counts of one unit printed without a space between them (「389383」 人员编制数 389, 在职人数 383):
    the cut that leaves two numbers (no leading zero) closest to each other, as a unit's posts and
    staff are; None for a single digit."""
    best: tuple[int, str, str] | None = None
    for at in range(1, len(digits)):
        a, b = digits[:at], digits[at:]
        if (len(a) > 1 and a[0] == "0") or (len(b) > 1 and b[0] == "0"):
            continue
        gap = abs(int(a) - int(b))
        if best is None or gap < best[0]:
            best = (gap, a, b)
    return (best[1], best[2]) if best else None


def _cells(run: str, width: int) -> tuple[list[str], int] | None:
    """The ``width`` count cells at the start of a run of counts, and how much of the run they take."""
    tokens = list(_COUNT_TOKEN.finditer(run))
    if not tokens:
        return None
    if len(tokens) >= width:
        return [t[0] for t in tokens[:width]], tokens[width - 1].end()
    if len(tokens) != 1:
        return None
    raw = tokens[0][0]
    if raw[0] in "—－–-" and len(raw) % width == 0:  # 「————」: one dash pair per empty cell
        size = len(raw) // width
        return [raw[i : i + size] for i in range(0, len(raw), size)], tokens[0].end()
    if width == 2 and raw.isdigit() and (pair := two_counts(raw)):
        return list(pair), tokens[0].end()
    return None


def _glued(piece: str) -> tuple[list[str], str] | None:
    """Cells run together: a row is a name, its 经费性质 (a word of the genre) when the header has that
    column, then its counts; the table ends at the first stretch that reads otherwise."""
    m = _GLUED_HEAD.search(piece)
    if not m:
        return None
    columns = _COLUMN.findall(m["columns"])
    kinds = [c for c in columns if c in FLAT_TABLE_KIND_COLUMNS]
    width = len(columns) - len(kinds)
    if len(kinds) > 1 or (kinds and columns[0] != kinds[0]) or not width:
        return None  # the name, then at most one kind column, then the counts
    header = [m["name"], *columns]
    rest = piece[m.end() :]
    rows: list[str] = []
    while (run := _COUNTS.search(rest)) is not None:
        text = rest[: run.start()].strip()
        kind = ""
        if kinds:
            k = _KIND_AT_END.search(text)
            if not k:
                break
            kind, text = k[0], text[: k.start()].strip()
        if not _is_name(text):
            break
        cells = _cells(run[0], width)
        if cells is None:
            break
        rows.append("\t".join([text, *([kind] if kind else []), *cells[0]]))
        rest = rest[run.start() + cells[1] :]
    last = _KIND_ONLY_ROW.match(rest) if kinds and rows else None
    if last and _is_name(last["name"]):
        # 「…电子商务办公室财政核拨 三、部门主要工作总结」: the last unit, its counts left empty
        rows.append("\t".join([last["name"], last["kind"], *[""] * width]))
        rest = rest[last.end() :]
    # one row is a table only under a header with a funding-kind column, the row printing its kind
    if len(rows) < (1 if kinds else 2):
        return None
    before = piece[: m.start()].strip()
    return [*([before] if before else []), "\t".join(header), *rows], rest.strip()
