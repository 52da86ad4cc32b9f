"""Budget tables a web page flattened into its one line, read back into rows.

A crawled 决算说明 can print its attachments after its text, each a table flattened into the same line:
「附件7 一般公共预算财政拨款基本支出决算表 编制单位：某镇 2017年度 金额单位：万元 项 目 合 计 人员经费 公用经费
经济分类科目编码 科目名称 合 计 1,333.54 1,042.69 290.85 301 工资福利支出 950.91 950.91 30101 基本工资 …」.

Only tables whose rows are ``code name amounts`` under one row of column words are read. An empty cell
leaves no mark, so a row's amounts are placed under its columns only when that is certain: the first amount
is always the first column (a total: a row with any amount has its total), and the others only when every
row of the table prints either all its columns or none.  When that fails, only the total column is kept:
a cell that cannot be placed is not guessed.  Any other table (two-sided 总表, header of two levels,
statistics forms) stays text.
"""

from __future__ import annotations

import re

from index.vocabulary import (
    FLAT_BUDGET_CODE_HEAD,
    FLAT_BUDGET_ITEM_WORD,
    FLAT_BUDGET_LEVEL_WORDS,
    FLAT_BUDGET_TABLE_MAKER,
    FLAT_BUDGET_TOTAL_ROW,
)

_ANNEX = re.compile(
    r"(?P<number>附件\s*\d{1,2})\s+(?P<title>[^\s：:，。]{2,40}表)\s+"
    rf"{FLAT_BUDGET_TABLE_MAKER}\s*[:：]\s*\S+\s+(?:(?:19|20)\d{{2}}年度?\s+)?"
    r"金额单位\s*[:：]\s*(?P<unit>亿元|万元|元)\s+"
)
_END = re.compile(r"\s(?:注\s*[:：]|来源\s*[:：])|\s附件下载")
_CODE = re.compile(r"^\d{3,7}$")
_AMOUNT = re.compile(r"^-?\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?$|^-?\d+\.\d{1,2}$")
_CODE_HEAD = re.compile(rf"\S*(?:{'|'.join(FLAT_BUDGET_CODE_HEAD)})")


def _words(tokens: list[str]) -> list[str]:
    """Header tokens with a word printed one character at a time (「项 目」「合 计」) joined in pairs."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if len(tokens[i]) == 1 and i + 1 < len(tokens) and len(tokens[i + 1]) == 1:
            out.append(tokens[i] + tokens[i + 1])
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


def _table(title: str, unit: str, body: str) -> list[str] | None:
    """The lines of one attachment's table (title, unit, tab-separated rows), or None when its rows cannot
    be read with certainty."""
    tokens = body.split()
    head_end = next((i for i, t in enumerate(tokens) if _CODE_HEAD.fullmatch(t)), None)
    if head_end is None:
        return None
    columns = _words(tokens[:head_end])
    if columns and columns[0] == FLAT_BUDGET_ITEM_WORD:
        columns = columns[1:]
    if not columns or FLAT_BUDGET_TOTAL_ROW not in columns[0]:
        return None
    if any(_AMOUNT.match(c) or _CODE.match(c) for c in columns):
        return None
    i = head_end
    while i < len(tokens) and _CODE_HEAD.fullmatch(tokens[i]):
        i += 1
    while i < len(tokens) and tokens[i] in FLAT_BUDGET_LEVEL_WORDS:
        i += 1
    rest = tokens[i:]
    # the total row: 「合计」 or 「合 计」
    if rest[:1] == [FLAT_BUDGET_TOTAL_ROW]:
        rest = rest[1:]
    elif "".join(rest[:2]) == FLAT_BUDGET_TOTAL_ROW:
        rest = rest[2:]
    else:
        return None  # a header of two levels (sub-columns after 科目名称) or no total row: not read
    rows: list[tuple[str, str, list[str]]] = [("", FLAT_BUDGET_TOTAL_ROW, [])]
    for t in rest:
        if _CODE.match(t):
            rows.append((t, "", []))
        elif _AMOUNT.match(t):
            rows[-1][2].append(t)
        elif rows[-1][2] or not rows[-1][0]:
            return None  # a word after a row's amounts, or before any code: not a row of this shape
        else:
            code, name, amounts = rows[-1]
            rows[-1] = (code, name + t, amounts)
    if len(rows) < 3 or any(not name for _, name, _ in rows):
        return None
    width = len(columns)
    if any(len(a) > width for _, _, a in rows):
        return None
    if any(len(a) not in (0, width) for _, _, a in rows):
        columns = columns[:1]  # the other cells cannot be placed: only the total column is certain
    head = "\t".join([FLAT_BUDGET_CODE_HEAD[0], FLAT_BUDGET_CODE_HEAD[1], *columns])
    lines = [title, f"金额单位：{unit}", head]
    for code, name, amounts in rows:
        cells = (amounts + [""] * width)[: len(columns)]
        lines.append("\t".join([code, name, *cells]))
    return lines


def cut_budget_tables(line: str) -> list[str | list[str]] | None:
    """``line`` in pieces: text (a str) and the lines of each attachment's table read back (a list);
    None when the line holds no table that can be read."""
    starts = list(_ANNEX.finditer(line))
    if not starts:
        return None
    out: list[str | list[str]] = []
    at = 0
    found = False
    for k, m in enumerate(starts):
        stop = starts[k + 1].start() if k + 1 < len(starts) else len(line)
        end = _END.search(line, m.end(), stop)
        body_end = end.start() if end else stop
        lines = _table(f"{m['number']} {m['title']}", m["unit"], line[m.end() : body_end])
        if lines is None:
            continue
        found = True
        if m.start() > at:
            out.append(line[at : m.start()])
        out.append(lines)
        at = body_end
    if not found:
        return None
    if at < len(line):
        out.append(line[at:])
    return out
