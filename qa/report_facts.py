"""Government-wide reports: which year and which scope (全市 / 本级) a printed figure belongs to.

A 预算执行情况和预算草案 report prints the past year's outcome (完成, 执行) and the next year's plan
(预算安排) in one document, and the whole region (全市, 总预算) beside the government's own level
(市本级).  A figure's year and scope are read from its own context — the words before it in its
sentence, its table's title, the section headings it sits under — never from the document's
first year alone.  Budget-specific, so hand-written; the words live in ``index.vocabulary``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from index.facts import DocumentInfo, Fact
from index.segmenter import pos_cut
from index.vocabulary import (
    KIND_GOVERNMENT_BUDGET,
    KIND_GOVERNMENT_FINAL,
    OUTCOME_WORDS,
    OWN_SCOPE_WORDS,
    PLAN_WORDS,
    REGION_SCOPE_WORDS,
)
from qa import columns
from qa.lookup import FactIndex, Match, _best, _homophone, as_change, change_cell, search
from qa.understand import Query

_YEAR_MENTION = re.compile(r"(?<![比较与同和较])((?:19|20)\d{2})\s*年")


def document_years(d: DocumentInfo) -> list[int]:
    """Every year a document prints itself for (a combined report: the execution and the draft year)."""
    years = list((d.report or {}).get("years") or [])
    if d.year and d.year not in years:
        years.insert(0, d.year)
    return sorted({int(y) for y in years})


def part_year(d: DocumentInfo, year: int) -> bool:
    """Is ``year`` only the running year a final-account report tells so far (「2016年…决算和2017年上半年
    预算执行情况」)?  Such a report's own year is its first; a later one is a part of a year."""
    return d.kind == KIND_GOVERNMENT_FINAL and bool(d.year) and year > d.year and year in document_years(d)


def _before_figure(f: Fact) -> str:
    """The clause of the sentence up to the figure: what labels it.  A figure printed twice in one
    sentence (「…预计结余66.15万元，相应安排2019年我乡政府性基金支出66.15万元」) stands after its subject."""
    at = f.printed_at()
    if at >= 0 and f.origin == "text" and f.subject and f.quote.count(f.printed) > 1:
        named = f.quote.find(f.subject)
        later = f.quote.find(f.printed, named + len(f.subject)) if named >= 0 else -1
        at = later if later >= 0 else at
    return f.quote[:at] if at >= 0 else f.quote


def fact_year(f: Fact, years: list[int]) -> int | None:
    """The year of ``years`` a figure belongs to, from its own context; None when nothing says."""
    if len(years) < 2:
        return years[0] if years else None
    places = [_before_figure(f)] if f.origin == "text" else [f.table_title]
    places += list(reversed([p for p in f.section.split(" / ") if p]))
    for text in places:
        found = [int(y) for y in _YEAR_MENTION.findall(text) if int(y) in years]
        if found:
            return found[-1]
    before = _before_figure(f) if f.origin == "text" else f"{f.table_title}{f.column}"
    # the nearest word wins: 「…完成…，2026年预算安排…」 is the plan
    last_outcome = max((before.rfind(w) for w in OUTCOME_WORDS), default=-1)
    last_plan = max((before.rfind(w) for w in PLAN_WORDS), default=-1)
    if last_outcome < 0 and last_plan < 0:
        return None
    return years[0] if last_outcome > last_plan else years[-1]


def fact_scope(f: Fact) -> str:
    """'own' (本级), 'region' (全市 / 总预算) or '' for a figure, from the nearest context that says."""
    places = [_before_figure(f), f.table_title] + list(reversed([p for p in f.section.split(" / ") if p]))
    for text in places:
        own = max((text.rfind(w) for w in OWN_SCOPE_WORDS), default=-1)
        region = max((text.rfind(w) for w in REGION_SCOPE_WORDS), default=-1)
        if own >= 0 or region >= 0:
            return "own" if own > region else "region"
    return ""


def question_scope(q: Query) -> str:
    """The scope a question names: 'own' (市本级), 'region' (全市), or ''.  A follow-up that names
    none keeps the scope of the subject it inherited (「比上年增长多少」 after 「那省本级呢」)."""
    for text in (q.norm, q.scope_level):
        if any(w in text for w in OWN_SCOPE_WORDS):
            return "own"
        if any(w in text for w in REGION_SCOPE_WORDS):
            return "region"
    return ""


def wanted_year(q: Query, years: list[int]) -> int | None:
    """The year of a multi-year report a question asks about (「去年完成」 is the execution year)."""
    if len(years) < 2:
        return None
    if q.year in years:
        return q.year
    if q.relative_year == "previous" or q.stage in {"完成", "执行数", "决算", "实际"}:
        return years[0]
    if q.relative_year in ("current", "next"):
        return years[-1]  # 「今年…安排多少」: the draft year of the report (as ``qa.columns`` reads a table)
    return None


# a question naming which way a figure moved is answered by its size and that word (下降30.9%); one
# asking 「增减了多少」 by the signed figure printed
_ONE_WAY = re.compile(r"下降|减少|降低|增长|增加|提高|上升|降幅|增幅")
_BOTH_WAYS = re.compile(r"增减|变化|变动|升降")


def prefer_context(
    q: Query, d: DocumentInfo, matches: list[Match], index: FactIndex | None = None
) -> list[Match]:
    """Re-rank matches of a government report by the year and scope the question names.

    A figure of the other year or the other scope is dropped when one of the asked year/scope
    answers; a figure whose context says nothing is kept (it may be the only printing).  A table
    cell is re-read by its column (``qa.columns``): the cell of its row whose column header and
    table title agree with the year, stage and scope asked.
    """
    if not matches or not is_government_report(d):
        return matches
    years = document_years(d)
    year = wanted_year(q, years)
    scope = question_scope(q)
    request = columns.document_request(q, d, index, years) if index is not None else None
    grand = not re.search(r"总计|合计|总收入|总支出", q.norm)
    out: list[Match] = []
    for m in matches:
        if m.exact_cell:
            out.append(m)  # row and column named by the question (``Match.exact_cell``)
            continue
        if request is not None and index is not None and m.fact.origin == "table":
            cell = columns.rescore(q, request, index, m)
            if cell is None:
                continue  # every cell of the row is of another year than the one asked
            m = cell
            if change_cell(m.fact, q.measure) and _ONE_WAY.search(q.norm) and not _BOTH_WAYS.search(q.norm):
                m = Match(as_change(m.fact, q.measure), m.score)  # -30.9 read as 减少 30.9
        score = m.score
        if grand and re.search(r"总计$", m.fact.row_label or m.fact.subject):
            score -= 10.0  # 「收入总计」 adds transfers and balances: not the 收入 asked
        if request is not None and m.fact.origin == "table":
            out.append(Match(m.fact, score))
            continue
        if year is not None:
            fy = fact_year(m.fact, years)
            score += 8.0 if fy == year else (-20.0 if fy is not None else 0.0)
        if scope:
            fs = fact_scope(m.fact)
            score += 8.0 if fs == scope else (-20.0 if fs else 0.0)
        out.append(Match(m.fact, score))
    return _best(out)


# how far below the best name a sentence of the asked year and scope is still looked for
_CONTEXT_MARGIN = 25.0


def of_asked_context(q: Query, d: DocumentInfo, index: FactIndex, matches: list[Match]) -> list[Match]:
    """A report's sentence figure of the year and scope asked, when the best-named one is of another:
    「2025年全市实现一般公共预算收入335.3亿元」 under 一、2025年执行情况 answers 「2025年…完成了多少」,
    not the better-named 「全市一般公共预算收入342亿元」 of the 2026 draft; 「全市…实际完成154.9亿元」
    answers 全市, not the 市本级 sentence beside it.  Such sentences are looked for among weaker
    names, then ranked by context like any other match."""
    if not matches or matches[0].fact.origin != "text" or matches[0].exact_cell:
        return matches
    years = document_years(d)
    year, scope = wanted_year(q, years), question_scope(q)

    def fits(f: Fact) -> bool:
        return (year is None or fact_year(f, years) in (year, None)) and (
            not scope or fact_scope(f) in (scope, "")
        )

    def agrees(f: Fact) -> bool:
        return (year is None or fact_year(f, years) == year) and (not scope or fact_scope(f) == scope)

    if fits(matches[0].fact):
        return matches
    wider = [
        m for m in search(q, index, margin=_CONTEXT_MARGIN) if m.fact.origin == "text" and agrees(m.fact)
    ]
    return prefer_context(q, d, wider, index) or matches


_PREVIOUS_YEAR_WORDS = re.compile(r"上年|上一年|去年|前一年")


def printed_for_year(q: Query, d: DocumentInfo, matches: list[Match]) -> list[Match]:
    """A year the report is not about (「2020年…」 of the 2021 final accounts, 「2024年…」 of the
    2025/2026 report) is answered only by a figure whose own context prints that year — a 2017年决算数
    column, a sentence 「2018年…」 — or calls it 上年 when it is the year just before; never by a
    figure of the report's own years."""
    years = document_years(d)
    if not q.year or not years or q.year in years:
        return matches

    def prints(f: Fact) -> bool:
        if f.origin == "table":
            own = clause = f"{f.column} {f.table_title} {f.row_label}"
        else:
            own = _before_figure(f)
            clause = re.split(r"[，,；;。]", own)[-1]  # 「上年结转66.4亿元等，全市…支出」: not 上年's
        if str(q.year) in own:
            return True
        return q.year == years[0] - 1 and bool(_PREVIOUS_YEAR_WORDS.search(clause))

    return [m for m in matches if prints(m.fact)]


def outcome_part(q: Query, d: DocumentInfo) -> bool:
    """Does a two-year report answer the outcome stage asked (「2016年…支出执行数」) by its execution part
    (一、2016年预算执行情况), whatever words its sentences use (完成, 实现, none)?"""
    return (
        is_government_report(d)
        and len(document_years(d)) >= 2
        and q.stage in {"执行数", "完成", "实际"}
        and q.year in (None, document_years(d)[0])
    )


def of_year_asked(q: Query, d: DocumentInfo, matches: list[Match]) -> list[Match]:
    """A year of a two-year report named in the question (「2019年增值税预计收多少」 of a 2018 execution /
    2019 draft report) is answered by a figure of that year or of no stated year, never by one whose
    own context says the other year (2018年…增值税预计完成150万元): that year's figure is not printed."""
    years = document_years(d)
    if not q.year or len(years) < 2 or q.year not in years:
        return matches

    def of_year(f: Fact) -> bool:
        if f.origin != "text":
            return True  # a table cell's year is its column's, read by ``qa.columns`` in ``prefer_context``
        printed = {int(y) for y in _YEAR_MENTION.findall(_before_figure(f))}
        if printed:  # 「2017年，财政部核定我省地方政府债务限额13103.3亿元」 under 「（一）2018年…」
            return q.year in printed
        return fact_year(f, years) in (q.year, None)

    return [m for m in matches if of_year(m.fact)]


def is_government_report(d: DocumentInfo) -> bool:
    return d.kind in (KIND_GOVERNMENT_BUDGET, KIND_GOVERNMENT_FINAL)


def query_for(q: Query, d: DocumentInfo) -> Query:
    """The question as a government report reads it.

    「去年完成了多少」 of a two-year report is the execution year's figure (an amount of that year), not
    a 上年 column; 「承德全市…」: the place is the report's region, not part of the thing asked; in
    「一般公共预算收入」 the words 一般公共预算 name the budget, not a column of a department table.
    """
    if not is_government_report(d):
        return q
    return columns.refine_query(_report_query(q, d))


def _scope_typo_fixed(q: Query) -> Query:
    """「市本极」 typed for 市本级 (one same-sounding character): the scope word as printed, so the
    question keeps its scope (``question_scope``) and its subject loses it like any scope word."""
    fixed = q.text
    for word in OWN_SCOPE_WORDS:  # 全市 is never respelled: 「全是」 is a word of its own
        if word in q.norm:
            continue
        for i in range(len(fixed) - len(word) + 1):
            window = fixed[i : i + len(word)]
            diff = [(a, b) for a, b in zip(word, window, strict=True) if a != b]
            if len(diff) == 1 and word[0] == window[0] and _homophone(*diff[0]):
                fixed = fixed[:i] + word + fixed[i + len(word) :]
    if fixed == q.text:
        return q
    wrong = {q.text[i : i + 1]: fixed[i : i + 1] for i in range(len(fixed)) if q.text[i] != fixed[i]}

    def fix(text: str) -> str:
        for a, b in wrong.items():
            text = text.replace(a, b)
        return text

    return replace(
        q,
        text=fixed,
        norm=fix(q.norm),
        subject=fix(q.subject),
        subjects=[fix(v) for v in q.subjects],
        alternatives=[(fix(v), ctx) for v, ctx in q.alternatives],
    )


def _report_query(q: Query, d: DocumentInfo) -> Query:
    q = _scope_typo_fixed(q)
    if q.measure == "previous" and q.relative_year == "previous" and len(document_years(d)) >= 2:
        q = replace(q, measure="amount")
    where = f"{d.region}{d.department}{d.title}"
    subject = _strip_place(q.subject, where)
    columns = [w for w in q.columns if not re.search(re.escape(w) + r"(?:收入|支出)", q.norm)]
    subjects = [_strip_place(v, where) for v in q.subjects]
    # 「市本级政府债务限额」 is printed so as often as under a 市本级 heading: the name with its scope word
    # is a reading too (``prefer_context`` still ranks by the scope the question names)
    subjects += [w for v in q.subjects if (w := _strip_place(v, where, keep_scope=True)) not in subjects]
    # 「政府性基金收入」 is printed 「政府性基金预算收入」: a report names each budget's 预算收入/预算支出
    subjects += [
        re.sub(r"(收入|支出)$", r"预算\1", v) for v in subjects if re.search(r"(?<!预算)(收入|支出)$", v)
    ]
    if subject == q.subject and columns == q.columns and subjects == q.subjects:
        return q
    scope_only = re.compile(r"[省市区县州]?(?:" + "|".join(OWN_SCOPE_WORDS + REGION_SCOPE_WORDS) + ")")
    alternatives = [(_strip_place(v, where), ctx) for v, ctx in q.alternatives if not scope_only.fullmatch(v)]
    alternatives += [(v, []) for v in subjects if v not in {a for a, _ in alternatives}]
    return replace(q, subject=subject, subjects=subjects, alternatives=alternatives, columns=columns)


def _strip_place(text: str, where: str = "", keep_scope: bool = False) -> str:
    """A leading place name (承德, 平顶山市) and the scope words (市本级) of a question about a region's
    report: they say which part of the report, and ``prefer_context`` applies them.  A place the
    report does not name itself for (「苏州市…」 of 江苏's book) is a row of its 分地区 tables: kept."""
    tokens = pos_cut(text)
    if len(tokens) > 1 and tokens[0].flag == "ns" and len(tokens[0].word) >= 2:
        stem = re.sub(r"[省市区县州]$", "", tokens[0].word)
        if not where or stem in where:
            text = text[len(tokens[0].word) :]
    if keep_scope:
        return text
    own = re.search(r"[省市区县州]?(?:" + "|".join(OWN_SCOPE_WORDS) + ")", text)
    if own and len(text) - len(own.group(0)) >= 2:
        text = text.replace(own.group(0), "", 1)
    return text
