"""Consistency check: discrepancies inside each document, each with both locations.

Budget tables carry their own arithmetic (a 类 row is the sum of its 款 rows, a
合计 column the sum of its groups, 收入合计 = 支出合计) and the narrative restates
table figures in 万元.  Where a printed figure breaks that arithmetic or
restates a figure differently, staff want to know, with both places to look.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from index.facts import Fact, row_code
from index.numbers import MONEY_UNITS, format_money

if TYPE_CHECKING:
    from index.store import Store

_TOTAL_LABEL = re.compile(r"^(合\s*计|总\s*计)$")
_INCOME_TOTAL = re.compile(r"收入(合计|总计)$|^收入总计$")
_SPEND_TOTAL = re.compile(r"支出(合计|总计)$|^支出总计$")


@dataclass
class Location:
    where: str  # "附件 3 …表 第5行「合计」" or "第二部分 / 三、… (第7页)"
    value: str  # as printed, with unit
    quote: str = ""
    page: int | None = None


@dataclass
class Finding:
    doc_id: str
    document: str
    kind: str  # code_sum | total_row | column_sum | balance | text_vs_table | text_vs_text | outlier
    message: str
    locations: list[Location] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _money(value: Decimal, unit: str) -> str:
    if unit in MONEY_UNITS:
        return format_money(value * MONEY_UNITS[unit], "万元" if unit == "万元" else "元")
    return f"{value}{unit}"


def _tol(unit: str) -> Decimal:
    # Table arithmetic is exact; allow one unit in the last printed place for rounding in 万元/亿元 tables.
    return Decimal("0.011") if unit in ("万元", "亿元") else Decimal("0.5")


def _cells(row: dict) -> dict[str, Decimal]:
    return {c["column"]: Decimal(c["value"]) for c in row["cells"] if not c.get("unit") or c["unit"] == ""}


def _where(t: dict, row: dict, column: str | None = None) -> str:
    page = f"第{row.get('page') or t['page']}页 " if (row.get("page") or t["page"]) else ""
    col = f"「{column}」" if column else ""
    code = row_code(row)
    label = f"{code} {row['label']}".strip()
    return f"{page}{t['display_title']} 第{row['index']}行 {label}{col}"


def _rows_sum_finding(
    doc_id: str,
    document: str,
    kind: str,
    message: str,
    t: dict,
    total_row: dict,
    part_rows: list[dict],
    col: str,
) -> Finding:
    """A total that is not the sum of its rows: the total's cell, then every part's cell."""
    unit = t["unit"]
    locations = [Location(_where(t, total_row, col), _money(_cells(total_row).get(col, Decimal(0)), unit))]
    locations += [
        Location(_where(t, r, col), _money(_cells(r).get(col, Decimal(0)), unit)) for r in part_rows
    ]
    return Finding(doc_id, document, kind, message, locations)


def _side_totals(rows: list[dict], side_total: re.Pattern[str], side: str) -> list[tuple[dict, Decimal]]:
    """Total rows of one side of a 收支 table, 总计 before 合计: (row, its first value)."""
    found = []
    for i, r in enumerate(rows):
        label = r["label"].replace(" ", "")
        own_side = side in (r.get("group") or "") and _TOTAL_LABEL.match(label)
        values = list(_cells(r).values())[:1]
        if values and (side_total.search(label) or own_side):
            found.append((0 if "总计" in label else 1, i, r, values[0]))
    return [(r, v) for _, _, r, v in sorted(found, key=lambda x: (x[0], x[1]))]


def check_tables(doc_id: str, document: str, tables: list[dict]) -> list[Finding]:
    findings: list[Finding] = []
    for t in tables:
        findings += check_table(doc_id, document, t)[0]
    return findings


def check_table(doc_id: str, document: str, t: dict) -> tuple[list[Finding], int]:
    """One stored table's own arithmetic: (findings, how many comparisons could be made).

    A table with comparisons and no arithmetic finding verifies itself (``index.parse_report``)."""
    findings: list[Finding] = []
    checks = 0
    for r in t["rows"]:
        if r.get("note"):
            findings.append(
                Finding(
                    doc_id,
                    document,
                    "layout_repair",
                    f"{t['display_title']} 第{r['index']}行 {r['label']}：{r['note']}",
                    [Location(_where(t, r), "")],
                )
            )
    if t["kind"] != "grid" or not t["rows"]:
        return findings, 0
    unit = t["unit"]
    rows = t["rows"]
    coded = [(r, row_code(r)) for r in rows if row_code(r)]
    # 1. code hierarchy: parent = sum of children, per column
    for parent_row, pc in coded:
        if len(pc) >= 7:
            continue
        children = [(r, c) for r, c in coded if len(c) == len(pc) + 2 and c.startswith(pc)]
        if not children:
            continue
        pcells = _cells(parent_row)
        for col in sorted(set(pcells) | {k for r, _ in children for k in _cells(r)}):
            total = pcells.get(col, Decimal(0))
            parts = sum((_cells(r).get(col, Decimal(0)) for r, _ in children), Decimal(0))
            checks += 1
            if abs(total - parts) > _tol(unit):
                msg = f"{pc} {parent_row['label']}「{col}」{_money(total, unit)} ≠ 下级科目之和 {_money(parts, unit)}"
                findings.append(
                    _rows_sum_finding(
                        doc_id, document, "code_sum", msg, t, parent_row, [r for r, _ in children], col
                    )
                )
    # 2. 合计 row = sum of the top-level coded rows
    if coded:
        top = min(len(c) for _, c in coded)
        top_rows = [r for r, c in coded if len(c) == top]
        for r in rows:
            if not _TOTAL_LABEL.match(r["label"].replace(" ", "")) or row_code(r):
                continue
            tc = _cells(r)
            for col, total in tc.items():
                parts = sum((_cells(x).get(col, Decimal(0)) for x in top_rows), Decimal(0))
                checks += 1
                if abs(total - parts) > _tol(unit):
                    msg = f"{t['display_title']} 合计「{col}」{_money(total, unit)} ≠ 各科目之和 {_money(parts, unit)}"
                    findings.append(
                        _rows_sum_finding(doc_id, document, "total_row", msg, t, r, top_rows, col)
                    )
    # 3. column arithmetic within each row: X/小计 = Σ X/*, 合计 = Σ top-level groups
    cols = [c for c in t["columns"] if c]
    groups: dict[str, list[str]] = defaultdict(list)
    for c in cols:
        if "/" in c:
            head, leaf = c.split("/", 1)
            groups[head].append(c)
    for r in rows:
        cells = _cells(r)
        if not cells:
            continue
        for head, members in groups.items():
            sub = f"{head}/小计"
            if sub not in members:
                continue
            # direct children; a child that is itself a group counts by its own 小计
            leaves = []
            for m in members:
                rest = m[len(head) + 1 :]
                if m == sub or rest.split("/")[-1].startswith("其中"):
                    continue
                if "/" not in rest or (rest.endswith("/小计") and rest.count("/") == 1):
                    leaves.append(m)
            if not leaves:
                continue
            total = cells.get(sub, Decimal(0))
            parts = sum((cells.get(m, Decimal(0)) for m in leaves), Decimal(0))
            checks += 1
            if abs(total - parts) > _tol(unit):
                findings.append(
                    Finding(
                        doc_id,
                        document,
                        "column_sum",
                        f"{r['label']}：「{sub}」{_money(total, unit)} ≠ 各列之和 {_money(parts, unit)}",
                        [Location(_where(t, r, sub), _money(total, unit))]
                        + [Location(_where(t, r, m), _money(cells.get(m, Decimal(0)), unit)) for m in leaves],
                    )
                )
        if "合计" in cols:
            tops = []
            for c in cols:
                if c == "合计" or c.startswith("其中"):
                    continue
                head = c.split("/")[0]
                if head in groups:
                    sub = f"{head}/小计"
                    if sub in groups[head] and sub not in tops:
                        tops.append(sub)
                    elif sub not in groups[head]:
                        tops = []
                        break
                elif "/" not in c:
                    tops.append(c)
            if len(tops) >= 2 and "合计" in cells:
                parts = sum((cells.get(c, Decimal(0)) for c in tops), Decimal(0))
                checks += 1
                if abs(cells["合计"] - parts) > _tol(unit):
                    findings.append(
                        Finding(
                            doc_id,
                            document,
                            "column_sum",
                            f"{r['label']}：「合计」{_money(cells['合计'], unit)} ≠ {' + '.join(tops)} = {_money(parts, unit)}",
                            [Location(_where(t, r, "合计"), _money(cells["合计"], unit))]
                            + [
                                Location(_where(t, r, c), _money(cells.get(c, Decimal(0)), unit))
                                for c in tops
                            ],
                        )
                    )
    # 4. 收入 total vs 支出 total: the 总计 of each side (a 决算 table's 本年收入合计 and 本年支出合计
    #    differ by the 结转和结余 rows; its two 总计 rows are equal), else the 合计 rows
    income = _side_totals(rows, _INCOME_TOTAL, "收入")
    spend = _side_totals(rows, _SPEND_TOTAL, "支出")
    checks += bool(income and spend)
    if income and spend and abs(income[0][1] - spend[0][1]) > _tol(unit):
        (ri, vi), (rs, vs) = income[0], spend[0]
        findings.append(
            Finding(
                doc_id,
                document,
                "balance",
                f"{t['display_title']}：收入合计 {_money(vi, unit)} ≠ 支出合计 {_money(vs, unit)}",
                [Location(_where(t, ri), _money(vi, unit)), Location(_where(t, rs), _money(vs, unit))],
            )
        )
    return findings, checks


def _fact_where(f: Fact) -> str:
    page = f"第{f.page}页 " if f.page else ""
    if f.origin == "table":
        return f"{page}{f.table_title} 第{f.row_index}行 {f.row_label}「{f.column}」"
    return f"{page}{f.section or '说明'}"


def _fact_value(f: Fact) -> str:
    unit = f.printed_unit
    if unit in MONEY_UNITS and f.printed.replace(" ", "").endswith(unit):
        return f.printed.replace(" ", "")
    return f"{f.printed.strip()}{unit}" if unit else f.printed


def _same(a: Fact, b: Fact) -> bool:
    # One step in the last printed place: publishers truncate as well as round (877,080元 → 87.70万元).
    return abs(a.value - b.value) < max(a.precision, b.precision)


def check_text(doc_id: str, document: str, facts: list[Fact]) -> list[Finding]:
    """Narrative figures vs the table figures they restate, and vs each other."""
    from index.names import FactIndex

    index = FactIndex(facts)

    def keys(f: Fact) -> set[str]:
        # the names a question could use for the figure: the same names the lookup matches
        return {n for n in index.names[id(f)] if len(n) >= 3}

    money = [f for f in facts if f.unit == "元" and f.measure == "amount"]
    table_by_key: dict[str, list[Fact]] = defaultdict(list)
    text_by_key: dict[str, list[Fact]] = defaultdict(list)
    for f in money:
        for k in keys(f):
            (table_by_key if f.origin == "table" else text_by_key)[k].append(f)
    findings: list[Finding] = []
    reported: set[tuple] = set()
    table_backed: set[tuple] = set()
    tt_findings: dict[tuple, Finding] = {}
    for k, texts in text_by_key.items():
        tables = [f for f in table_by_key.get(k, []) if "上年" not in f.column and "上年" not in f.row_label]
        # narrative vs narrative: the same subject printed with different values
        distinct: list[Fact] = []
        for f in texts:
            if not any(_same(f, g) for g in distinct):
                distinct.append(f)
        if len(distinct) > 1:
            key = ("tt", frozenset(id(f) for f in distinct))
            supported = [f for f in distinct if any(_same(f, t) for t in tables)]
            # the same conflict is seen under several names; keep the reading a table supports
            if key in reported and supported and key not in table_backed:
                findings[:] = [x for x in findings if x is not tt_findings.get(key)]
                reported.discard(key)
            if key not in reported:
                reported.add(key)
                if supported:
                    table_backed.add(key)
                msg = f"「{texts[0].subject}」在说明中前后不一致：" + "，".join(
                    _fact_value(f) for f in distinct
                )
                if supported and len(supported) < len(distinct):
                    msg += f"；表格支持 {_fact_value(supported[0])}"
                locs = [Location(_fact_where(f), _fact_value(f), f.quote, f.page) for f in distinct]
                locs += [
                    Location(_fact_where(t), _fact_value(t), t.quote, t.page) for t in tables[:2] if supported
                ]
                tt_findings[key] = Finding(doc_id, document, "text_vs_text", msg, locs)
                findings.append(tt_findings[key])
        # narrative vs table: a restated figure that no table cell of that row supports
        if not tables:
            continue
        for f in distinct:
            if any(_same(f, t) for t in tables) or any(r[0] == "tt" and id(f) in r[1] for r in reported):
                continue
            key = ("tv", id(f))
            if key in reported:
                continue
            reported.add(key)
            t = tables[0]
            findings.append(
                Finding(
                    doc_id,
                    document,
                    "text_vs_table",
                    f"说明中「{f.subject}」为 {_fact_value(f)}，表格中为 {_fact_value(t)}（{format_money(t.value, '万元')}）",
                    [
                        Location(_fact_where(f), _fact_value(f), f.quote, f.page),
                        Location(_fact_where(t), _fact_value(t), t.quote, t.page),
                    ],
                )
            )
    # a form figure far beyond the form's own total (a data-entry error such as "=122586100 万元")
    totals = {f.table_idx: f for f in facts if f.origin == "table" and f.row_label.strip() == "项目总金额"}
    for f in facts:
        if f.origin != "table" or f.unit != "元" or f.table_idx not in totals or f is totals[f.table_idx]:
            continue
        total = totals[f.table_idx]
        if total.value > 0 and f.value > total.value * 100:
            findings.append(
                Finding(
                    doc_id,
                    document,
                    "outlier",
                    f"{f.table_title}「{f.row_label}」印为 {_fact_value(f)}，是项目总金额 {_fact_value(total)} 的 "
                    f"{(f.value / total.value).quantize(Decimal(1))} 倍，疑为录入错误",
                    [
                        Location(_fact_where(f), _fact_value(f), f.quote, f.page),
                        Location(_fact_where(total), _fact_value(total), total.quote, total.page),
                    ],
                )
            )
    return findings


def check_store(store: Store) -> list[Finding]:
    findings: list[Finding] = []
    for d in store.documents():
        title = d.title
        findings += check_tables(d.doc_id, title, store.facts.tables(d.doc_id))
        findings += check_text(d.doc_id, title, store.facts.facts([d.doc_id]))
    return findings


def format_findings(findings: list[Finding], store: Store) -> str:
    if not findings:
        return "没有发现不一致。"
    out: list[str] = []
    by_doc: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_doc[f.document].append(f)
    for doc, fs in by_doc.items():
        out.append(f"## {doc}：{len(fs)} 处")
        for i, f in enumerate(fs, 1):
            out.append(f"{i}. [{f.kind}] {f.message}")
            for loc in f.locations:
                out.append(f"   - {loc.where}：{loc.value}")
    return "\n".join(out)
