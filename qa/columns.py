"""Columns of wide government tables: which cell of a found row, and which of a pair of tables.

A government budget book prints one row under many columns — 2024年决算数, 2025年预算数, 调整预算数,
2025年执行数, 完成预算%, 比上年增长%, 增减额 — and often one table twice, for the whole region (全市,
全省) and for the government's own level (市本级, 省级).  The lookup finds the row by its name; this
module reads what the question asks of the columns (a year, a stage, a scope), reads the same from
each cell's column header path and table title, and ranks the cells of the found rows by how well
they agree.  When the question leaves the column open and the row prints other figures for it, the
answer names the column it used and the others (``ambiguity_note``), never a silent pick.

Hand-written because the genre is: the header words are budget words (``index.vocabulary``), and the
default stage of a year depends on the document (a 执行 year vs a 草案 year).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, replace

from index.facts import DocumentInfo, Fact
from index.names import FactIndex
from index.vocabulary import (
    BUDGET_NAMES,
    COLUMN_STAGES,
    QUESTION_STAGES,
    STAGE_PHRASING,
    TABLE_OWN_WORDS,
    TABLE_REGION_WORDS,
)
from qa.lookup import Match
from qa.understand import Query

# stages that stand in for each other when the one asked is not printed (a 2017年决算数 is its 执行数)
_RELATED = {frozenset({"outcome", "final"}), frozenset({"budget", "adjusted"})}
# of a year's money columns, the one a question naming no stage means: what happened, if printed
_DEFAULT_ORDER = {"outcome": 3.0, "final": 2.0, "adjusted": 1.0, "budget": 0.0}
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_COMPARED_YEAR = re.compile(r"(?:比|较|与|同)\s*((?:19|20)\d{2})\s*年")
_BASE = re.compile(
    r"(?:比|较|为|占|完成)(?:上年|(?:19|20)\d{2}年)?(调整预算|调整后预算|年初预算|预算|执行|决算)"
)
_PREVIOUS_COLUMN = re.compile(r"(?<![比较与同])(?:上年|上一年|去年)(?:度)?(决算|执行|预算|完成)")
_STAGE_NAMES = {"调整预算": "adjusted", "调整后预算": "adjusted", "年初预算": "budget", "预算": "budget"}
_STAGE_NAMES |= {"执行": "outcome", "决算": "final"}


@dataclass(frozen=True)
class ColumnRequest:
    """What a question asks of a wide table's columns."""

    year: int | None = None  # the year asked, 今年/去年 resolved against the document's years
    stage: str = ""  # budget | adjusted | outcome | final | rate | growth | diff | ""
    stage_named: bool = False  # printed in the question (False: defaulted from the year)
    base: str = ""  # what a rate or growth compares with: 「比上年执行数增长」 → outcome
    previous: bool = False  # 「上年决算数」: the column of the year before the table's
    scope: str = ""  # own (本级) | region (全市) | ""
    explicit_year: bool = False  # the question printed the year (a column of another year never answers)
    year_named: bool = False  # printed, or said as 今年/去年

    @property
    def empty(self) -> bool:
        return not (self.year or self.stage or self.previous or self.scope)


@dataclass(frozen=True)
class ColumnReading:
    """What a cell's column header path and table title say about it."""

    year: int | None
    stage: str
    base: str
    previous: bool
    scope: str


def _without_budget_names(text: str) -> str:
    return re.sub(BUDGET_NAMES, " ", text)


def question_stage(text: str, measure: str) -> tuple[str, str]:
    """The stage a question names (and, for a rate or growth, what it compares with)."""
    t = _without_budget_names(text)
    base = ""
    m = _BASE.search(t)
    if m:
        base = _STAGE_NAMES.get(m.group(1), "")
    for stage, pattern in QUESTION_STAGES:
        if re.search(pattern, t):
            if stage == "rate":
                return "rate", base or "budget"
            if measure == "percent_change":
                return "growth", base
            if measure == "change" and stage != "diff":
                return "diff", base
            # 「预算比上年执行数增长」: the stage is the first one printed, the other is the base
            if m and m.start() < (re.search(pattern, t).start()):  # type: ignore[union-attr]
                continue
            return stage, base
    if measure == "percent_change":
        return "growth", base
    if measure == "change":
        return "diff", base
    return "", base


def question_scope(text: str) -> str:
    own = max((text.rfind(w) for w in TABLE_OWN_WORDS), default=-1)
    region = max((text.rfind(w) for w in TABLE_REGION_WORDS), default=-1)
    if own < 0 and region < 0:
        return ""
    return "own" if own > region else "region"


def _relative_year(text: str, years: list[int], outcome_years: list[int]) -> int | None:
    """「今年」「明年」「去年」 of a government document: its plan year, its outcome year."""
    if not years:
        return None
    plan = max(years)
    outcome = max(outcome_years) if outcome_years else None
    if re.search(r"明年|下一?年", text):
        return plan if len(years) >= 2 else plan + 1
    if re.search(r"今年|本年|当年", text):
        return plan
    if re.search(r"前年", text):
        return (outcome or plan) - 1
    if re.search(r"(?<![比较与同])(?:去年|上年|上一年)(?!决算|执行|预算|完成|度)", text):
        return outcome if outcome is not None else plan - 1
    return None


def request_for(q: Query, years: list[int], outcome_years: list[int]) -> ColumnRequest:
    """Read a question's column request (year, stage, scope)."""
    text = q.norm
    stage, base = question_stage(text, q.measure)
    previous = bool(_PREVIOUS_COLUMN.search(text))
    year = q.year
    if year is None and q.compare_year and stage in {"growth", "diff"}:
        year = q.compare_year + 1  # 「比2024年决算增长」: the growth of the year after
    explicit = year is not None
    if year is None and not previous:
        year = _relative_year(text, years, outcome_years)
    year_named = year is not None
    if year is None and not previous and years:
        # no year named: an outcome (完成, 决算, 完成率) is of the latest outcome year, anything else of
        # the document's newest year (the draft year of a 执行+草案 report); the answer says so
        outcome = stage in {"outcome", "final", "rate", "adjusted"} and outcome_years
        year = max(outcome_years) if outcome else max(years)
    named = bool(stage)
    if not stage and year is not None and len(years) >= 2 and year == max(years):
        stage = "budget"  # the plan year of a 执行+草案 document: its 预算数
    return ColumnRequest(
        year=year,
        stage=stage,
        stage_named=named,
        base=base,
        previous=previous,
        scope=question_scope(text) or question_scope(q.scope_level),  # a follow-up's inherited 省本级
        explicit_year=explicit,
        year_named=year_named,
    )


def header_stage(column: str, unit: str) -> tuple[str, str]:
    """The stage a column header prints, and what a rate or growth column compares with."""
    col = re.sub(r"\s", "", column)
    base = ""
    m = _BASE.search(col)
    if m:
        base = _STAGE_NAMES.get(m.group(1), "")
    for stage, pattern in COLUMN_STAGES:
        if re.search(pattern, col):
            if stage == "diff" and unit == "%":
                stage = "growth"
            elif stage == "growth" and unit == "元":
                stage = "diff"
            elif stage in {"rate", "growth"} and unit != "%":
                continue  # 「完成数」 beside 「完成预算%」: a money cell is no ratio
            return stage, base if stage in {"rate", "growth", "diff"} else ""
    return "", ""


def _title_year(title: str) -> int | None:
    m = _YEAR.search(title)
    return int(m.group(1)) if m else None


def read_cell(f: Fact) -> ColumnReading:
    """Year, stage and scope of a table cell, from its column path, then its table title."""
    col = re.sub(r"\s", "", f.column)
    stage, base = header_stage(col, f.unit)
    compared = {int(y) for y in _COMPARED_YEAR.findall(col)}
    own_years = [int(y) for y in _YEAR.findall(col) if int(y) not in compared]
    previous = bool(_PREVIOUS_COLUMN.search(col))
    title_year = _title_year(f.table_title)
    if own_years:
        year = own_years[-1]
    elif previous:
        year = title_year - 1 if title_year else None
    else:
        year = title_year
    scope = question_scope(col) or question_scope(f.table_title) or "region"
    return ColumnReading(year, stage, base, previous, scope)


_READINGS: weakref.WeakKeyDictionary[FactIndex, dict[int, ColumnReading]] = weakref.WeakKeyDictionary()
_ROWS: weakref.WeakKeyDictionary[FactIndex, dict[tuple, list[Fact]]] = weakref.WeakKeyDictionary()


def _reading(index: FactIndex, f: Fact) -> ColumnReading:
    cache = _READINGS.setdefault(index, {})
    r = cache.get(id(f))
    if r is None:
        r = cache[id(f)] = read_cell(f)
    return r


def row_cells(index: FactIndex, f: Fact) -> list[Fact]:
    """Every cell printed on the row of table cell ``f``."""
    rows = _ROWS.get(index)
    if rows is None:
        rows = {}
        for g in index.facts:
            if g.origin == "table":
                rows.setdefault((g.doc_id, g.table_idx, g.row_index), []).append(g)
        _ROWS[index] = rows
    return rows.get((f.doc_id, f.table_idx, f.row_index), [f])


def fit(req: ColumnRequest, r: ColumnReading) -> float:
    """How well a cell's column agrees with the request (same scale as ``report_facts``: ±8 / −20)."""
    score = 0.0
    if req.previous:
        score += 8.0 if r.previous else -8.0
    elif req.year is not None and r.year is not None:
        score += 8.0 if r.year == req.year else -20.0
    if req.stage and r.stage:
        if r.stage == req.stage:
            score += 8.0
            if req.base and r.base:
                score += 2.0 if r.base == req.base else -2.0
        elif frozenset({r.stage, req.stage}) in _RELATED:
            score += 2.0
        else:
            score -= 12.0
    elif not req.stage:
        score += _DEFAULT_ORDER.get(r.stage, -1.0)
    if req.scope:
        score += 8.0 if r.scope == req.scope else -20.0
    return score


def rank_adjust(req: ColumnRequest, r: ColumnReading) -> float:
    """What the chosen cell's column adds to its row's rank among other rows and sentences: its year
    and scope, as ``report_facts`` adds them to a sentence (±8 / −20), and a stage that is not the
    one asked (a sentence's stage is weighed by the lookup's own words, never rewarded here)."""
    stage = fit(replace(req, year=None, previous=False, scope=""), r)
    year_scope = fit(replace(req, stage="", base=""), r) - fit(
        replace(req, stage="", base="", year=None, previous=False, scope=""), r
    )
    return year_scope + min(stage, 0.0)


def _unit_fits(f: Fact, matched: Fact, req: ColumnRequest, measure: str) -> bool:
    """A cell that can answer: a % cell for a rate or growth, money for an amount, else the unit
    of the cell the lookup matched (a count stays a count)."""
    if req.stage in {"rate", "growth"} or measure in {"percent_share", "percent_change"}:
        return f.unit == "%"
    if measure in {"amount", "previous", "change"}:
        return f.unit == "元"
    return f.unit == matched.unit


def _header_words(question: str, column: str) -> float:
    """A column the question names by its own words (「债务余额」 beside 「债务限额」, 「省本级支出」
    beside 「小计」): the header's parts without years and formula marks, printed in the question."""
    text = re.sub(r"\s", "", question)
    named = 0
    for part in column.split("/"):
        words = re.sub(r"(?:19|20)\d{2}年|[（(][^）)]*[）)]|[\d=+\-()（）%％]", "", part.replace(" ", ""))
        # 「一般债务限额」 names both parts of 「债务限额/一般债务」, 「债务余额/一般债务」 one
        if len(words) >= 2 and words in text:
            named += 1
    return 4.0 * named


def document_request(q: Query, d: DocumentInfo, index: FactIndex, years: list[int]) -> ColumnRequest:
    """The request of ``q`` read against a document: which of its years are outcomes (执行/决算)."""
    outcome_years = sorted(
        {
            y
            for f in index.facts
            if f.origin == "table"
            for y in [_reading(index, f).year]
            if y is not None and _reading(index, f).stage in {"outcome", "final"}
        }
    )
    return request_for(q, years, outcome_years)


def rescore(q: Query, req: ColumnRequest, index: FactIndex, m: Match) -> Match | None:
    """The best cell of a matched row for the request, with its score; None when no cell can answer
    (every cell is of another year than the one the question prints)."""
    f = m.fact
    cells = [g for g in row_cells(index, f) if _unit_fits(g, f, req, q.measure)] or [f]
    # the header words the question prints choose first; year, stage and scope rank what they leave
    # (「一般债务限额」 of a 决算 table is the 限额 column, not the 余额（决算数） beside it)
    named = {id(g): _header_words(q.norm, g.column) for g in cells}
    most = max(named.values(), default=0.0)
    best: tuple[float, Fact] | None = None
    for g in cells:
        if named[id(g)] < most:
            continue
        r = _reading(index, g)
        if req.explicit_year and not req.previous and r.year is not None and r.year != req.year:
            continue
        if req.scope and r.scope != req.scope:
            continue  # 「市本级…」 of a table of the whole region (or the other way round) is another figure
        s = fit(req, r) + named[id(g)]
        if best is None or s > best[0] or (s == best[0] and g is f):
            best = (s, g)
    if best is None:
        return None
    return Match(best[1], m.score + rank_adjust(req, _reading(index, best[1])))


def ambiguity_note(req: ColumnRequest, index: FactIndex, top: Fact, rows: list[Fact]) -> str:
    """When the question leaves the year or the stage open and the rows that name the same item
    print other figures for what it did name, say which column answered and what the others print."""
    if top.origin != "table" or (req.stage_named and (req.year_named or req.previous)):
        return ""
    chosen = _reading(index, top)
    label = _row_name(top)
    seen = {top.value}
    others = []
    for f in rows:
        if f.origin != "table" or _row_name(f) != label:
            continue
        for g in row_cells(index, f):
            r = _reading(index, g)
            if g.value in seen or g.unit != top.unit or r.scope != chosen.scope or not r.stage:
                continue
            if req.stage_named and r.stage != chosen.stage:
                continue
            if not req.stage_named and r.stage in {"rate", "growth", "diff"}:
                continue
            if (req.year_named or req.previous) and r.year != chosen.year:
                continue
            seen.add(g.value)
            others.append(g)
    if not others:
        return ""
    from qa.compose import display_value

    listed = "；".join(
        f"{g.table_title}「{g.column}」{display_value(g.value, g.unit, None)}" for g in others[:4]
    )
    return f"问题没有指明年份或口径，上面按「{top.column}」作答；同一项目另有：{listed}。"


def _row_name(f: Fact) -> str:
    from index.names import core

    return core(f.row_label)


def note_for(q: Query, d: DocumentInfo, index: FactIndex, matches: list[Match]) -> str:
    """``ambiguity_note`` for the best of a document's matches, over the rows that matched."""
    from qa.report_facts import document_years

    top = max(matches, key=lambda m: m.score).fact
    if top.origin != "table":
        return ""
    req = document_request(q, d, index, document_years(d))
    return ambiguity_note(req, index, top, [m.fact for m in matches])


def refine_query(q: Query) -> Query:
    """The question as a government table book reads it: a rate or growth question asks a % cell, a
    year asks its column (not a 上年 column), and the stage, scope and phrasing words are no part of
    the row's name (「全市非税收入2026年预算安排了多少」 asks the row 非税收入)."""
    stage, _ = question_stage(q.norm, q.measure)
    measure = q.measure
    if stage == "rate":
        measure = "percent_share"
    elif measure == "previous" and not _PREVIOUS_COLUMN.search(q.norm):
        measure = "amount"  # 「去年收了多少」 / 「2017年决算数」: that year's column, read by ``rescore``
    elif measure == "previous":
        measure = "amount"
    extra = []
    for v in [q.subject, *q.subjects]:
        for c in clean_subject(v, q.norm):
            if c != v and c not in extra:
                extra.append(c)
    if measure == q.measure and not extra:
        return q
    subjects = [*q.subjects, *(e for e in extra if e not in q.subjects)]
    alternatives = [*q.alternatives, *((e, []) for e in extra if e not in {a for a, _ in q.alternatives})]
    stage_word = {"percent_share": "完成率"}.get(measure, q.stage) if stage == "rate" else q.stage
    columns = [] if stage == "rate" else q.columns
    return replace(
        q,
        measure=measure,
        subjects=subjects,
        alternatives=alternatives,
        stage=stage_word,
        columns=columns,
        relative_year="" if q.measure == "previous" else q.relative_year,
    )


def clean_subject(subject: str, question: str) -> list[str]:
    """Forms of a subject without the words that ask for a column: scope (全市, 市本级), stage (预算,
    执行数, 完成), phrasing (准备, 打算), a trailing 收 of 「增值税收了多少」; a name in brackets
    (「卖地收入（国有土地使用权出让收入）」) is a form of its own."""
    s = subject
    s = re.sub(r"[省市区县州]?(?:" + "|".join(TABLE_OWN_WORDS) + ")", "", s)
    s = re.sub("|".join(TABLE_REGION_WORDS), "", s)
    s = re.sub(STAGE_PHRASING, "", s)
    s = re.sub(
        r"完成(?:调整)?预算%?$|(?:年初|调整后?)?预算(?:数|安排)?$|安排$|执行数?$|完成数?$|决算数?$", "", s
    )
    if re.search(r"收了|收入了", question) and s.endswith("收") and len(s) > 2:
        s = s[:-1]  # 「增值税收了多少」: 收 is the verb; 「税收」 alone is the thing
    forms = [s]
    if re.search(r"[（(][^）)]*[）)]", s):
        forms = [re.sub(r"[（(][^）)]*[）)]", "", s), *re.findall(r"[（(]([^）)]{4,})[）)]", s)]
    return [f.strip("的") for f in forms if len(f.strip("的")) >= 2]


def without_stage_columns(q: Query) -> Query:
    """The question without the column words its stage added (执行数, 决算数 …); ``rescore`` reads
    the stage from the question itself."""
    from index.vocabulary import STAGE_COLUMNS

    stage_words = {w for words in STAGE_COLUMNS.values() for w in words}
    columns = [w for w in q.columns if w not in stage_words]
    return q if columns == q.columns else replace(q, columns=columns)
