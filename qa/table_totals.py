"""The total of a table the question names: 「省本级一般公共预算支出决算数合计」 → the 合计 row of
「2021年省本级一般公共预算支出决算表」, never its first row.

Government accounts print one table per fund and scope (一般公共预算收入决算表, 省本级 and 全省 side by
side); a question naming the table's topic asks for the table's own total (本年收入合计, 合计), in the
column of the stage it names (决算数 of a final account when it names none).  Budget-specific naming,
so hand-written; the words live in ``index.vocabulary``.
"""

from __future__ import annotations

import re

from index.facts import DocumentInfo, Fact
from index.names import FactIndex, core
from index.vocabulary import OWN_LEVEL_ROW, REGION_TOTAL_ROWS, TABLE_TITLE_TAILS
from qa.lookup import Match, column_score, measure_ok
from qa.understand import Query

TOTAL_SCORE = 96.0
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?")
_NUMBERING = re.compile(
    r"^(?:§\s*\d+|[（(]?[一二三四五六七八九十\d]+[)）、.．]"
    # a department budget's table number: 表九, 公开表3, 预算10表, 附件5-1
    r"|(?:公开|部门|预算)?表\s*[一二三四五六七八九十\d]+(?:-\d+)?|预算\s*\d+\s*表|附[件表]\s*\d+(?:-\d+)?)\s*"
)
_TOTAL_ROW = re.compile(r"(合计|总计)$")
_COMPLETION = re.compile(r"完成.{0,8}(百分之|%|比例|多少)")
_CHANGE_COLUMN = re.compile(r"比上年|同比|增长|增减")
_TOTAL_ASKED = re.compile(r"合计|总计|一共|总共|总额|总数|共计|全部|加起来")


def _scope_words(d: DocumentInfo | None) -> list[str]:
    """Words that name the scope of a government table (省本级, 全省, 河北省, 河北), longest first."""
    names = [n for n in ((d.region if d else "") or "",) if n]
    words = [*REGION_TOTAL_ROWS, OWN_LEVEL_ROW, "省级", "市级", "区级", "县级"]
    for n in names:
        words += [n, n[:-1] if len(n) > 2 and n[-1] in "省市区县" else n]
        words += [n[-1] + OWN_LEVEL_ROW] if n[-1] in "省市区县" else []
    words += ["省本级", "市本级", "区本级", "县本级"]
    return sorted(set(w for w in words if w not in {"合计", "总计"}), key=len, reverse=True)


def _strip(text: str, words: list[str]) -> str:
    for w in words:
        text = text.replace(w, "")
    return text


def topic(title: str, words: list[str]) -> str:
    """「§2 2021年省本级一般公共预算支出决算表」 → 一般公共预算支出."""
    t = re.sub(r"\s", "", _NUMBERING.sub("", title.strip()))
    t = _YEAR.sub("", t)
    for tail in TABLE_TITLE_TAILS:
        if t.endswith(tail):
            t = t[: -len(tail)]
            break
    return _strip(t, words)


def _scope(text: str, region: str) -> str:
    if OWN_LEVEL_ROW in text or re.search(r"[省市区县]级", text):
        return "own"
    if region and region in text or re.search(r"全[省市区县州]", text):
        return "region"
    return ""


def table_total(q: Query, d: DocumentInfo | None, index: FactIndex) -> list[Match]:
    """The total row's cell of the table whose topic the question's subject names; empty otherwise."""
    completion = bool(_COMPLETION.search(q.norm))
    if q.measure not in {"amount", "percent_change"} and not completion or q.codes or not q.subject:
        return []
    government = d is not None and "政府" in (d.kind or "")
    if not (government or _TOTAL_ASKED.search(q.norm)):
        return []
    words = _scope_words(d)
    want = core(_strip(re.sub(r"合计|总计|总额|决算数|预算数|完成.*$", "", q.subject), words))
    if len(want) < 4:
        return []
    region = (d.region if d else "") or ""
    asked_scope = (
        _scope(q.norm, region) or _scope(q.scope_level, region) or ("region" if q.departments else "")
    )
    by_table: dict[int, list[Fact]] = {}
    for f in index.facts:
        if f.origin == "table" and f.table_idx is not None and f.table_title:
            by_table.setdefault(f.table_idx, []).append(f)
    out: list[Match] = []
    for facts in by_table.values():
        title = facts[0].table_title
        if core(topic(title, words)) != want:
            continue
        if asked_scope and _scope(title, region) not in {asked_scope, ""}:
            continue
        rows = [f for f in facts if _TOTAL_ROW.search(re.sub(r"\s", "", f.row_label))]
        rows = [f for f in rows if f.row_label.strip().endswith("合计")] or rows
        if q.measure == "percent_change":
            out += [
                Match(f, TOTAL_SCORE, exact_cell=True)
                for f in rows
                if f.unit == "%" and _CHANGE_COLUMN.search(f.column)
            ][:1]
            continue
        if completion:
            out += [
                Match(f, TOTAL_SCORE, exact_cell=True) for f in rows if f.unit == "%" and "完成" in f.column
            ][:1]
            continue
        rows = [f for f in rows if measure_ok(f, "amount")]
        stage = [f for f in rows if column_score(f, q.columns) > 0] if q.columns else []
        if not stage and d is not None and "决算" in (d.kind or ""):
            stage = [f for f in rows if "决算" in f.column]
        chosen = stage or rows[:1]
        out += [Match(f, TOTAL_SCORE, exact_cell=True) for f in chosen[:1]]
    return out
