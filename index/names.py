"""The names a printed figure can be asked by: shared by the lookup (qa/) and the checks (index/).

A name is reduced to what identifies it (``core``: 全市政务数据治理项目 → 全市政务数据治理), and each
fact gets the names a question could use for it (its row label, a column leaf, a table's topic).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import replace

from index.facts import Fact
from index.numbers import normalize_text
from index.vocabulary import (
    BODY_SHORT_ENDINGS,
    CODE_COLUMN_WORDS,
    GENERIC_SUFFIXES,
    STAGE_LEAF,
    STAGE_SUBJECT,
    STAGE_TAIL,
    USE_NAME_MARK,
)

GENERIC_LABELS = {"合计", "总计", "小计", "金额", "预算数", "本年预算", "", "合 计"}


_GENERIC_WORDS = {"项目", "经费", "支出", "预算", "资金", "工作", "费用", "情况", "项目支出", "预算数"}


def core_forms(text: str) -> list[str]:
    """A name and its shorter forms without generic suffixes, most specific first (see ``_core_forms``)."""
    return list(_core_forms(text))


@functools.lru_cache(maxsize=32_768)  # ≈ 200 bytes each; the same labels are reduced on every question
def _core_forms(text: str) -> tuple[str, ...]:
    """A name and its shorter forms without generic suffixes, most specific first.

    全市政务数据治理项目 → [全市政务数据治理项目, 全市政务数据治理]; 财政拨款支出预算 →
    [财政拨款支出预算, 财政拨款支出, 财政拨款].  Stripping stops before a bare generic word:
    项目预算资金 is never reduced to 项目 (it would then equal 项目支出).
    """
    s = normalize_text(text)
    s = re.sub(r"[“”\"'‘’「」《》\s]", "", s)
    s = s.replace("(", "（").replace(")", "）")
    s = re.sub(
        r"^(其中[:：]?|[（(]?\d{1,2}[)）、.．]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])+",
        "",
        s,
    )
    s = re.sub(r"（(类|款|项)）", "", s)
    s = s.replace("的", "").replace("、", "")
    s = re.sub(r"(?<=一般|专项)政府(?=债)", "", s)  # 专项政府债务余额 is printed as often as 专项债务余额
    s = re.sub(r"(?<=[\u4e00-\u9fff])[A-Z]$|(?<=[\u4e00-\u9fff])类$", "", s)
    s = s.strip("：:、，,。；; ")
    forms = [s] if s else []
    for _ in range(2):
        for suf in GENERIC_SUFFIXES:
            if s.endswith(suf) and len(s) > len(suf) + 1:
                shorter = s[: -len(suf)]
                if shorter in _GENERIC_WORDS:
                    break
                s = shorter
                forms.append(s)
                break
    return tuple(forms)


def core(text: str) -> str:
    """A name reduced to what identifies it (the shortest of ``core_forms``).

    全市政务数据治理项目 / 全市政务数据治理经费 / 全市政务数据治理工作 → 全市政务数据治理.
    """
    forms = core_forms(text)
    return forms[-1] if forms else ""


def strip_trailing_paren(text: str) -> str:
    """行政运行（政府办公厅（室）及相关机构事务） → 行政运行; keeps short inner ones like 因公出国（境）费."""
    s = text
    if s.endswith("）") or s.endswith(")"):
        depth = 0
        for i in range(len(s) - 1, -1, -1):
            ch = s[i]
            if ch in "）)":
                depth += 1
            elif ch in "（(":
                depth -= 1
                if depth == 0:
                    inner = s[i + 1 : -1]
                    if len(inner) >= 4 and i > 0:
                        return s[:i]
                    break
    return s


def table_topic(title: str) -> str:
    """What a table is about: 郑州市大数据管理局一般公共预算“三公”经费支出情况表 → “三公”经费."""
    t = re.sub(r"^(附件|附表)?\s*[\d\-一二三四五六七八九十]*[、.．\s]*", "", title)
    t = re.sub(r"「.*」$", "", t)
    t = re.sub(r"^\d{4}\s*年度?", "", t)
    t = re.sub(r"^.*?(局|厅|院|委|办|中心|部门)(?=.)", "", t, count=1)
    t = re.sub(r"^(部门|一般公共预算|财政拨款)+", "", t)
    t = re.sub(r"(支出)?(预算)?(情况|总体情况|明细)?表$", "", t)
    return t


def sentence_head(quote: str) -> str:
    """What a sentence of figures is about: the words before its first amount, without their stage.

    「2019年市本级一般公共预算收入年初预算为525800万元，实际完成566579万元，为预算的107.8%，增长16.4%」:
    the later figures are labelled only 「实际完成」「预算的」, but they are all 市本级一般公共预算收入's.
    """
    m = re.search(r"\d[\d,.]*\s*(?:亿元|万元|元)", quote)
    if not m:
        return ""
    clause = re.split(r"[，。；：,;:]", quote[: m.start()])[-1]
    clause = re.sub(r"[（(][^（）()]*[）)]", "", clause)
    clause = re.sub(r"^(?:其中|截至|截止)?\s*(?:(?:19|20)\d{2}\s*年(?:底|末|度)?)?", "", clause)
    clause = re.sub(STAGE_TAIL, "", clause)
    return clause if len(clause) >= 2 else ""


_ITEM_PATH = re.compile(r"[（(]\s*项\s*[)）]")
_PURPOSE = re.compile(r"主要用于([^，,。；;、]{4,20}?)等(?:项目)?(?:支出|经费|工作)?[，,。；;]")


# 「区党工委党群工作部收入预算为…」「平潭政协部门收入…」: the department's whole income or spending, its
# name (any form of it) printed before the word
# (a department's ending, never a unit's: 「其他公立医院支出」 is an item of spending)
_BODY_WHOLE = re.compile(
    rf"^[^\d]{{2,24}}?(?:[局委部办厅府]|{'|'.join(BODY_SHORT_ENDINGS)})(?:部门)?(?P<whole>收入|支出)(?:预算)?$"
)


def fact_names(f: Fact, wide: bool) -> list[str]:
    """The names a fact can be asked by."""
    names: list[str] = []
    if f.origin == "text":
        names.append(f.subject)
        short = strip_trailing_paren(f.subject)
        if short != f.subject and len(short) >= 2:
            names.append(short)  # 「政府采购金额（以合同签订为准）」 is asked as 政府采购金额
        whole = _BODY_WHOLE.match(f.subject)
        if whole:
            names.append(whole["whole"])
        dated = _undated_clause(f)
        if dated:
            names.append(dated)
        if re.fullmatch(STAGE_SUBJECT, f.subject.strip()):
            head = sentence_head(f.quote)
            if head:
                names.append(head)
        # a qualifier names the figure only when it is the subject's full printed path
        # (“一般公共服务支出（类）财政事务（款）行政运行（项）”), not the whole it is part of (其中 …)
        c = core(f.subject)
        names.extend(n for n in f.context.split() if n and c and c in core(n) and n != f.subject)
        names.extend(n.removeprefix(USE_NAME_MARK) for n in f.context.split() if n.startswith(USE_NAME_MARK))
        purpose = _PURPOSE.search(f.quote) if _ITEM_PATH.search(f.context) else None
        if purpose:
            names.append(
                purpose[1]
            )  # 「大气（项），主要用于扬尘污染防治监管等项目支出」: asked by what it is for
        return names
    label = f.row_label.replace(" ", "")
    if wide or label in GENERIC_LABELS:
        parts = [p for p in f.column.split("/") if p and p not in GENERIC_LABELS]
        if parts:
            # the leaf names the cell; a group header names only its own 小计/合计
            names.append(parts[-1])
            if len(parts) >= 2 and re.fullmatch(STAGE_LEAF, parts[-1]):
                names.append(parts[-2])  # 「项目支出/决算数」: the stage under a header, the header names it
        elif label in GENERIC_LABELS:
            names.append(table_topic(f.table_title))
    if label and label not in GENERIC_LABELS:
        names.append(f.subject)
        if f.subject != label:
            names.append(label)
        short = strip_trailing_paren(label)
        if short != label:
            names.append(short)
    for extra in f.context.split():
        if 1 < len(extra) <= 20:
            names.append(extra)
    return names


# a year inside a name (「…的2025年度项目」), not one dating the sentence (「2025年部门预算安排…」)
_YEAR_IN_NAME = re.compile(r"(?<=的)\s*(?:19|20)\d{2}\s*年度?")


def _undated_clause(f: Fact) -> str:
    """「编报绩效目标的2025年度项目43个」: a year printed inside the name cut the sentence figure's
    subject to 项目; the clause before the figure without that year (编报绩效目标的项目) names it, or ""."""
    at = f.printed_at()
    if at <= 0:
        return ""
    before = re.split(r"[，,。；;：:、（）()]", f.quote[:at])[-1]
    if not _YEAR_IN_NAME.search(before):
        return ""
    name = _YEAR_IN_NAME.sub("", before).strip()
    return name if 2 < len(name) <= 20 and name.endswith(f.subject) and name != f.subject else ""


def _code_column(f: Fact) -> bool:
    leaf = f.column.split("/")[-1] if f.column else ""
    return f.origin == "table" and any(w in leaf for w in CODE_COLUMN_WORDS)


class FactIndex:
    """Facts of the documents in scope, with what lookups need precomputed."""

    def __init__(self, facts: list[Fact]) -> None:
        # a cell under 科目编码 is a code a parser read as a number, never a figure: it becomes the
        # code of its row's other cells
        codes = {
            (f.doc_id, f.table_idx, f.row_index): re.sub(r"\D", "", f.printed)
            for f in facts
            if _code_column(f) and re.fullmatch(r"\d{3}(\d{2}){0,2}", re.sub(r"\D", "", f.printed))
        }
        facts = [
            replace(f, code=codes[(f.doc_id, f.table_idx, f.row_index)])
            if not f.code and (f.doc_id, f.table_idx, f.row_index) in codes
            else f
            for f in facts
            if not _code_column(f)
        ]
        self.facts = facts
        rows: dict[tuple, list[Fact]] = defaultdict(list)
        for f in facts:
            if f.origin == "table":
                rows[(f.doc_id, f.table_idx, f.row_index)].append(f)
        rows_per_table: dict[tuple, set[int]] = defaultdict(set)
        for doc_id, t_idx, r_idx in rows:
            rows_per_table[(doc_id, t_idx)].add(r_idx)
        self.primary: set[int] = set()
        self.wide: set[int] = set()
        for key, row_facts in rows.items():
            # the first cell of each kind in a row is the row's own figure (合计 before its parts)
            kinds: dict[str, list[Fact]] = defaultdict(list)
            for f in row_facts:
                kinds["money" if f.unit == "元" else "percent" if f.unit == "%" else "count"].append(f)
            for same in kinds.values():
                self.primary.add(id(min(same, key=lambda f: f.id or 0)))
            table_rows = rows_per_table[(key[0], key[1])]
            if len(table_rows) == 1 and len(row_facts) > 2:
                self.wide.update(id(f) for f in row_facts)
        # Targets in a 绩效目标表 (indicator rows) are not budgets: rank them below budget figures.
        self.penalty: dict[int, float] = {
            id(f): 8.0 for f in facts if f.origin == "table" and f.group and "绩效" in f.table_title
        }
        self.names: dict[int, list[str]] = {}
        for f in facts:
            self.names[id(f)] = list(
                dict.fromkeys(c for n in fact_names(f, id(f) in self.wide) for c in core_forms(n) if c)
            )

    def is_primary(self, f: Fact) -> bool:
        return f.origin == "text" or id(f) in self.primary or id(f) in self.wide
