"""Presentation helpers: tables as dataframes, the answering cell highlighted, quotes marked, charts.

Nothing here decides an answer; it only shows what the engine and the fact store hold.
"""

from __future__ import annotations

import re
from decimal import Decimal

import altair as alt
import pandas as pd

from index.numbers import MONEY_UNITS, NUMBER_RE, format_money, precision_yuan
from qa.answer import Source

ROW_NO = "行号"
LABEL = "名称"
_ROW_IN_SOURCE = re.compile(r"第(\d+)行")
_TOTAL_WORDS = {"合计", "小计", "总计"}
# Budget tables number their rows by level (一、 > 1、 > （1）); siblings share the style.
# Written by hand: the genre's own outline convention, no library knows it.
_MARKERS = (
    re.compile(r"^[一二三四五六七八九十]+[、.．]"),
    re.compile(r"^\d+[、.．]"),
    re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]"),
)


# -- tables --------------------------------------------------------------------------------
def cell_text(cell: dict, table_unit: str) -> str:
    unit = cell.get("unit") or ""
    raw = cell["raw"]
    return f"{raw}{unit}" if unit and unit != table_unit and not raw.endswith(unit) else raw


def table_frame(table: dict) -> pd.DataFrame:
    """A parsed table as printed (strings, so no figure is rounded); empty columns dropped."""
    rows = table["rows"]
    columns = [c for c in table["columns"] if c not in {ROW_NO, LABEL}]
    groups = {r.get("group") or "" for r in rows} - {""}
    has_codes = any(r.get("codes") for r in rows)
    records = []
    for r in rows:
        rec: dict[str, object] = {ROW_NO: r["index"]}
        if len(groups) > 1:
            rec["分组"] = r.get("group") or ""
        if has_codes:
            rec["编码"] = " ".join(r["codes"][0]["parts"]) if r.get("codes") else ""
        rec[LABEL] = r["label"]
        for c in columns:
            rec[c] = ""
        for c, text in (r.get("texts") or {}).items():
            if c in rec and c not in {ROW_NO, LABEL}:
                rec[c] = text
        for cell in r["cells"]:
            if cell["column"] not in {ROW_NO, LABEL}:
                rec[cell["column"]] = cell_text(cell, table.get("unit") or "")
        records.append(rec)
    df = pd.DataFrame(records)
    if df.empty:
        return pd.DataFrame(columns=[ROW_NO, LABEL, *columns])
    keep = [c for c in df.columns if c in {ROW_NO, LABEL} or (df[c].astype(str) != "").any()]
    return df[keep]


def row_of(source: Source) -> int | None:
    m = _ROW_IN_SOURCE.search(source.row or "")
    return int(m.group(1)) if m else None


def highlight(df: pd.DataFrame, row: int | None, columns: list[str]):
    """A Styler marking the answering row (light) and its cells in ``columns`` (strong)."""

    def css(data: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame("", index=data.index, columns=data.columns)
        if row is None:
            return out
        mask = data[ROW_NO] == row
        out.loc[mask, :] = "background-color: #fff3bf"
        for column in columns:
            if column in data.columns:
                out.loc[mask, column] = "background-color: #ffa94d; font-weight: bold"
        return out

    return df.style.apply(css, axis=None)


def window(df: pd.DataFrame, row: int | None, size: int = 12) -> pd.DataFrame:
    """The rows around the answering row when a table is long."""
    if len(df) <= size or row is None:
        return df
    pos = int((df[ROW_NO] == row).to_numpy().argmax())
    start = max(0, min(pos - size // 2, len(df) - size))
    return df.iloc[start : start + size]


def answer_columns(table: dict, row: int | None, column: str | None) -> list[str]:
    """The column to mark; in key/value forms the figure sits in the row's value cell."""
    if column in table["columns"]:
        return [column]
    r = next((r for r in table["rows"] if r["index"] == row), None)
    return [c["column"] for c in r["cells"]] if r else []


def find_table(tables: list[dict], source: Source) -> dict | None:
    if not source.table:
        return None
    return next((t for t in tables if t["display_title"] == source.table), None)


# -- quotes --------------------------------------------------------------------------------
def _matches(raw: str, after: str, value: Decimal, unit: str, table_unit: str) -> bool:
    number = Decimal(raw.replace(",", ""))
    if unit != "元":
        return number == value
    if after.startswith("亿"):
        units = ["亿元"]
    elif after.startswith("万"):
        units = ["万元"]
    elif after.startswith("元"):
        units = ["元"]
    elif table_unit in MONEY_UNITS:
        units = [table_unit]
    else:
        units = ["元", "万元"]
    return any(abs(number * MONEY_UNITS[u] - value) <= precision_yuan(raw, u) / 2 for u in units)


def mark_quote(quote: str, value: Decimal | None, unit: str, table_unit: str = "") -> str:
    """The printed text, escaped as plain text, with the answering figure highlighted.

    Streamlit's own ``:orange-background[…]`` marks the figure, so no raw HTML is ever rendered."""
    if value is None:
        return plain(quote)
    out, last = [], 0
    for m in NUMBER_RE.finditer(quote):
        raw = m.group("num")
        if _matches(raw, quote[m.end() : m.end() + 1], value, unit, table_unit):
            out.append(plain(quote[last : m.start("num")], line_start=last == 0))
            out.append(f":orange-background[**{plain(raw, line_start=False)}**]")
            last = m.end("num")
    out.append(plain(quote[last:], line_start=last == 0))
    return "".join(out)


# -- document text as plain text ---------------------------------------------------------
# Markdown (and Streamlit's extensions :emoji:, :red[…], $math$) gives these ASCII marks a meaning
# anywhere in a line; CommonMark lets any ASCII punctuation be backslash-escaped, which shows the
# character itself. So a document's `![](http://…)`, `[x](…)`, `<img onerror>` or `<script>` reads
# as text, and nothing is fetched or run. "." and "-" only matter in `www.` autolinks and at the start
# of a line (lists, rules), so figures such as 490.00 and codes such as 5-2 stay as printed.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]()#!|<>~$:&])")
_MD_LIST_BULLET = re.compile(r"(?m)^(\s*)([-+=])")
_MD_LIST_NUMBER = re.compile(r"(?m)^(\s*\d+)([.)])")


# GFM turns bare URLs into links after escapes are resolved, so escaping cannot stop it: an invisible
# WORD JOINER inside "://" and "www." keeps the text as printed to the eye and unlinked.
_AUTOLINK = re.compile(r"(?i)(:)(//)|(www)(\.)")


def plain(text: object, *, line_start: bool = True) -> str:
    """Text from a document or a user, safe to hand to any Streamlit element that renders Markdown.

    ``line_start=False`` for a fragment that continues a line (list markers cannot start there).
    """
    raw = _AUTOLINK.sub(
        lambda m: "\u2060".join(g for g in m.groups() if g), "" if text is None else str(text)
    )
    out = _MD_INLINE.sub(r"\\\1", raw)
    if not line_start:
        return out
    out = _MD_LIST_BULLET.sub(r"\1\\\2", out)
    return _MD_LIST_NUMBER.sub(r"\1\\\2", out)


# -- breakdown charts ----------------------------------------------------------------------
def _is_total(part: str) -> bool:
    return part.replace(" ", "") in _TOTAL_WORDS


def _yuan(cell: dict | None, table_unit: str) -> Decimal:
    if cell is None:
        return Decimal(0)  # a blank cell in a budget table means none budgeted
    unit = cell.get("unit") or table_unit
    return Decimal(cell["value"]) * MONEY_UNITS.get(unit, Decimal(1))


def _column_parts(table: dict, answer_col: str) -> list[tuple[str, str]]:
    """(name, column) of the parts of a total column, or the siblings of a part column."""
    numeric = {c["column"] for r in table["rows"] for c in r["cells"]}
    path = answer_col.split("/")
    parent, n = path[:-1], len(path) - 1
    cols = [c.split("/") for c in table["columns"]]
    has_total = any(len(q) == n + 1 and q[:n] == parent and _is_total(q[n]) for q in cols)
    if not (_is_total(path[-1]) or has_total):
        return []  # e.g. 单价/数量/金额: different measures, not parts of one whole
    parts: list[tuple[str, str]] = []
    seen: set[str] = set()
    for q in cols:
        if len(q) <= n or q[:n] != parent or _is_total(q[n]) or q[n] in seen:
            continue
        head = q[: n + 1]
        if len(q) == n + 1:
            column = "/".join(q)
        else:
            total = next(
                (c for c in cols if len(c) == n + 2 and c[: n + 1] == head and _is_total(c[-1])), None
            )
            if total is None:
                continue
            column = "/".join(total)
        if column in numeric:
            seen.add(q[n])
            parts.append((q[n], column))
    return parts


def _style(label: str) -> int:
    for i, marker in enumerate(_MARKERS):
        if marker.match(label):
            return i
    return len(_MARKERS)


def _row_parts(table: dict, row: dict, column: str) -> list[dict]:
    """Children of the answering row (by code, or by outline numbering), else its siblings."""
    rows = [r for r in table["rows"] if r is not row]
    codes = row.get("codes") or []
    if codes:
        p = codes[0]["parts"]
        coded = [r for r in rows if r.get("codes") and r["codes"][0]["scheme"] == codes[0]["scheme"]]
        children = [
            r
            for r in coded
            if len(r["codes"][0]["parts"]) == len(p) + 1 and r["codes"][0]["parts"][: len(p)] == p
        ]
        if len(children) >= 2:
            return children
        siblings = [
            r
            for r in [row, *coded]
            if len(r["codes"][0]["parts"]) == len(p) and r["codes"][0]["parts"][:-1] == p[:-1]
        ]
        return sorted(siblings, key=lambda r: r["index"])
    same_group = [r for r in rows if (r.get("group") or "") == (row.get("group") or "")]
    if _is_total(row["label"]):
        coded = [r for r in same_group if r.get("codes")]
        if coded:
            depth = min(len(r["codes"][0]["parts"]) for r in coded)
            return [r for r in coded if len(r["codes"][0]["parts"]) == depth]
        styled = [r for r in same_group if _style(r["label"]) < len(_MARKERS)]
        if not styled:
            return []
        top = min(_style(r["label"]) for r in styled)
        return [r for r in styled if _style(r["label"]) == top]
    level = _style(row["label"])
    if level == len(_MARKERS):
        return []
    block: list[dict] = []
    ordered = [r for r in table["rows"] if (r.get("group") or "") == (row.get("group") or "")]
    pos = ordered.index(row)
    for step in (-1, 1):  # walk out to the nearest more senior heading on each side
        i = pos + step
        while 0 <= i < len(ordered) and _style(ordered[i]["label"]) >= level:
            if _style(ordered[i]["label"]) == level:
                block.append(ordered[i])
            i += step
    return sorted([row, *block], key=lambda r: r["index"])


def breakdown(table: dict, row_no: int | None, column: str | None) -> tuple[pd.DataFrame, str] | None:
    """Parts of the answering figure (or the figure among its siblings) for a chart, or None."""
    row = next((r for r in table["rows"] if r["index"] == row_no), None)
    if row is None or not column:
        return None
    unit = table.get("unit") or ""
    cells = {c["column"]: c for c in row["cells"]}
    if column in cells and (cells[column].get("unit") or unit) not in MONEY_UNITS:
        return None
    items: list[tuple[str, Decimal, bool]] = []
    title = ""
    cols = _column_parts(table, column)
    if len(cols) >= 2:
        items = [(name, _yuan(cells.get(c), unit), c == column) for name, c in cols]
        parent = "/".join(column.split("/")[:-1])
        title = f"{parent or row['label'] or '合计'}的构成"
    else:
        parts = _row_parts(table, row, column)
        if 2 <= len(parts) <= 30:
            names = [r["label"] for r in parts]
            for r in parts:
                cell = next((c for c in r["cells"] if c["column"] == column), None)
                name = r["label"] if names.count(r["label"]) == 1 else f"{r['label']}（第{r['index']}行）"
                items.append((name, _yuan(cell, unit), r is row))
            mine = any(r is row for r in parts)
            title = f"同级项目对比（{column}）" if mine else f"{row['label']}的构成（{column}）"
    if len(items) < 2 or not any(v for _, v, _ in items):
        return None
    data = pd.DataFrame(
        {
            "项目": [name for name, _, _ in items],
            # float only for drawing the bar; the tooltip shows the exact printed amount
            "万元": [float(v / MONEY_UNITS["万元"]) for _, v, _ in items],
            "金额": [format_money(v) for _, v, _ in items],
            "本题": ["本题" if mine else "其他" for _, _, mine in items],
        }
    )
    return data, title


def compare_frame(labels: list[str], values: list[Decimal]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "项目": labels,
            "万元": [float(v / MONEY_UNITS["万元"]) for v in values],
            "金额": [format_money(v) for v in values],
            "本题": ["本题"] * len(labels),
        }
    )


def bar_chart(data: pd.DataFrame, title: str) -> alt.Chart:
    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X("万元:Q", title="金额（万元）"),
            y=alt.Y("项目:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color(
                "本题:N", scale=alt.Scale(domain=["本题", "其他"], range=["#e8590c", "#74c0fc"]), legend=None
            ),
            tooltip=["项目:N", "金额:N"],
        )
        .properties(height=alt.Step(30))
    )
