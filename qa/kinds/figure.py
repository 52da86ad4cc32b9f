"""Figures: the printed cell or sentence that answers, with every place it is printed.

Deterministic lookup over the fact store first; when it finds nothing by name, retrieval
proposes rows and sentences and the figure linked to them answers (cited, with a note).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from index.facts import DocumentInfo, Fact
from index.segmenter import pos_cut
from index.vocabulary import (
    BOUGHT_ASKED,
    BOUGHT_PRINTED,
    BUDGET_NAMES,
    BUDGET_STAGE_NAME,
    BUDGET_STAGES,
    COLUMN_WORDS,
    DOWN_WORDS,
    GENERIC_TOTAL_SUBJECTS,
    INCOME_TOTAL_SUBJECTS,
    MONEY_ITEM_WORDS,
    MONEY_STAGES,
    PART_YEAR_WORDS,
    SPECIAL_FUND_WORDS,
    STAGE_COLUMNS,
    STOCK_ASKED,
    STOCK_PRINTED,
    SUM_WORDS,
    TOTAL_SUBJECTS,
    UP_WORDS,
    WHOLE_BUDGET_SUBJECTS,
    WHOLE_BUDGET_WORD,
    WHOLE_INCOME_SUBJECTS,
    YEAR_SPENDING_SUBJECTS,
)
from qa import catalogue, columns, own_level, place_rows, report_facts, scope, table_totals, unit_slips
from qa.answer import Answer
from qa.compose import AnswerBuilder, best_label, display_value, doc_label, sources_line, where
from qa.kinds import computed as computed_kind
from qa.kinds import place_compute, printed_list
from qa.lookup import (
    FactIndex,
    FigureGroup,
    Match,
    _best,
    column_score,
    corroborate,
    group_matches,
    part_head,
    search,
    table_over_text,
    total_matches,
    words_before,
)
from qa.understand import Query, core, core_forms

if TYPE_CHECKING:
    from qa.engine import Engine

log = logging.getLogger(__name__)
_BARE_TOTALS = {"合计", "支出预算"}  # total names that name a part too (a table's 合计, 项目支出预算)

# characters of phrasing, not of names: never evidence that a question is about something unprinted
_FUNCTION_CHARS = set("的了是在都什么怎么哪里上下这那呢吗和与及也还就要会能该给被把从对向为到跟比更最很")


def _unread_rivals(eng: Engine, q: Query, index: FactIndex, matches: list[Match]) -> list[Match]:
    """A follow-up reads on in the paragraph the last answer quoted (``Query.near`` lifts its sentences):
    the figures that would answer the question asked alone stay in sight, a little below, so where they
    print another value the answer says the document disagrees (「公务接待费支出决算为1.53万元」 in the
    quoted paragraph, 0 in the 三公 table and in two other sentences)."""
    top = max(matches, key=lambda m: m.score)
    if top.fact.origin != "text" or (top.fact.doc_id, top.fact.paragraph_idx) != q.near:
        return matches
    plain = [
        m
        for m in matches_for(eng, replace(q, near=()), index)
        if (m.fact.doc_id, m.fact.paragraph_idx) != q.near or m.fact.origin == "table"
    ]
    if not plain:
        return matches
    best = max(m.score for m in plain)
    lift = top.score - best - 1.0

    def name(f) -> str:
        return core(f.row_label if f.origin == "table" else f.subject)

    # only figures printed under the very name answered: another item or scope is no disagreement
    lifted = {
        id(m.fact): replace(m, score=m.score + lift)
        for m in plain
        if m.score >= best - 2 and name(m.fact) == name(top.fact)
    }
    kept = [m for m in matches if id(m.fact) not in lifted]
    return kept + list(lifted.values())


def _whole_of_parts(groups: list[FigureGroup]) -> FigureGroup | None:
    """A group whose value is the sum of the other equally named groups printed in one table."""
    if len(groups) < 3:
        return None
    top = groups[0].score
    near = [g for g in groups if g.score >= top - 2 and g.unit == "元"]
    for whole in near:
        others = [g for g in near if g is not whole and all(f.origin == "table" for f in g.facts)]
        tables = {f.table_title for g in others for f in g.facts}
        if len(others) >= 2 and len(tables) == 1 and sum(g.value for g in others) == whole.value:
            return whole
    return None


def _other_table(rival: FigureGroup, main: FigureGroup) -> bool:
    """A rival printed only in tables that the main figure is not printed in (another scope)."""
    if any(f.origin == "text" for f in rival.facts):
        return False
    main_tables = {f.table_title for f in main.facts if f.origin == "table"}
    return bool(main_tables) and not ({f.table_title for f in rival.facts} & main_tables)


def answer_figure(eng: Engine, q: Query, docs: list[DocumentInfo], unit: str | None) -> Answer:
    per_doc: list[tuple[DocumentInfo, list[FigureGroup], str]] = []
    computed: list[Answer] = []
    if (
        not q.subject
        and not q.codes
        and q.measure == "previous"
        and q.relative_year == "previous"
        and q.stage in ("", "执行数")
    ):
        # 「区综合执法局上年执行数是多少」: a year-before figure naming no item is the whole budget's, as
        # 「上年预算是多少」 (a year said by number, or a 决算 asked of a budget, is no such figure)
        whole = WHOLE_BUDGET_WORD
        q = replace(q, subject=whole, subjects=[whole], alternatives=[(whole, [])], stage="", columns=[])
    summed = computed_kind.sum_of_named(eng, q, docs, unit)
    if summed is not None:
        return summed
    if q.measure in {"count", "quantity"}:
        units = count_units_listed(eng, q, docs)
        if units is not None:
            return units
    placed = place_compute.answer(eng, q, docs, unit)
    if placed is not None:
        return placed
    for d in docs:
        index = eng.indexes.get(d.doc_id)
        if index is None:
            continue
        if stage_unprinted(q, index) and not report_facts.outcome_part(q, d):
            continue  # 「决算支出」 asked of a budget that prints no final-account figure
        # 「比年初预算数多了多少」 is computed from the row's two stages, never a printed 比上年 change
        skip = q.compare_stage or names_unprinted(eng, q, d.doc_id)
        dq = report_facts.query_for(q, d)
        matches = [] if skip else report_facts.prefer_context(dq, d, matches_for(eng, dq, index), index)
        if matches and not skip and _change_of_another_item(dq, index, matches):
            # the item's own amounts are printed: its change is computed from them, when they allow it
            arith = computed_kind.arithmetic(eng, q, d, index, unit)
            if arith is not None:
                computed.append(arith)
                continue
        if matches and report_facts.is_government_report(d):
            matches = report_facts.of_asked_context(dq, d, index, matches)
        note = ""
        if not matches and not skip and report_facts.is_government_report(d):
            # the stage words found rows only in tables of another year or scope: the row by its name,
            # its column by ``qa.columns``
            plain = columns.without_stage_columns(dq)
            if plain is not dq:
                matches = report_facts.prefer_context(plain, d, matches_for(eng, plain, index), index)
        if not matches and q.measure in {"amount", "count", "percent_share"}:
            matches = report_facts.prefer_context(dq, d, retrieved_matches(eng, dq, d, index), index)
            if matches:
                name = matches[0].fact.row_label or matches[0].fact.subject
                note = f"文件中没有与问题完全相同的名称，按检索到的「{name}」作答，请核对。"
        if matches and report_facts.is_government_report(d):
            matches = report_facts.printed_for_year(q, d, matches)
            matches = report_facts.of_year_asked(q, d, matches)
            if not matches:
                continue  # only figures of the report's own years: the year asked is not printed
        if matches and report_facts.is_government_report(d) and not matches[0].exact_cell:
            # a wide table's row answered in a column the question did not name: say which, and the others
            note = " ".join(n for n in (note, columns.note_for(dq, d, index, matches)) if n)
        if matches and q.near_section and not skip:
            # the section the conversation quotes: its sentences naming the item stay candidates
            shown = {id(m.fact) for m in matches}
            matches = matches + [
                m
                for m in _as_asked(eng, dq, index, search(dq, index, margin=12.0))
                if id(m.fact) not in shown and m.fact.origin == "text" and m.fact.section == q.near_section
            ]
        if matches and dq.near and not skip and not report_facts.is_government_report(d):
            # (a government report prints one name for several years and scopes: those are no rivals)
            matches = _unread_rivals(eng, dq, index, matches)
        if matches:
            # (the section's sentences added above count neither a stock nor a purchase)
            matches = of_said_size(q, stock_first(q, bought_first(q, index, matches)))
            per_doc.append((d, same_section_first(q, table_over_text(group_matches(matches))), note))
            continue
        arith = computed_kind.arithmetic(eng, q, d, index, unit)
        if arith is not None:
            computed.append(arith)
    if not per_doc and not computed and q.measure in {"count", "quantity"}:
        listed = count_listed(eng, q, docs)
        if listed is not None:
            return listed
    if not per_doc and computed:
        return (
            computed[0]
            if len(computed) == 1
            else scope.clarify(eng, q, [eng.docs[c.context["doc_ids"][0]] for c in computed])
        )
    if not per_doc:
        return figure_not_found(eng, q, docs)
    if len(per_doc) > 1:
        # 「乌鲁木齐市债务限额」 over a store: the documents whose tables by area print the place named
        placed = [
            p
            for p in per_doc
            if any(not h.generic for h in place_rows.named_place(q, p[0], eng.indexes[p[0].doc_id]))
        ]
        per_doc = placed or per_doc
    if len(per_doc) > 1 and q.year and not any(w in q.norm for w in PART_YEAR_WORDS):
        # 「2017年…总收入」 asked of a 2017 budget report and of a 2016 final-account report that also tells
        # 2017's first half: the year's own figure, not the part-year one
        whole = [p for p in per_doc if not report_facts.part_year(p[0], q.year)]
        per_doc = whole or per_doc
    if len(per_doc) > 1 and q.follow_docs:
        per_doc = [p for p in per_doc if p[0].doc_id in q.follow_docs] or per_doc
    if len(per_doc) > 1 and not q.years and len(q.departments) < 2:
        best = max(g[0].score for _, g, _ in per_doc)
        per_doc = [p for p in per_doc if p[1][0].score >= best - 5]
    if len(per_doc) == 1:
        d, groups, note = per_doc[0]
        ans = compose_single(eng, q, d, groups, unit)
        if note:
            ans.warnings.insert(0, note)
            ans.text = ans.text.replace("\n", f"\n⚠ {note}\n", 1) if "\n" in ans.text else ans.text
        return ans
    per_doc = in_asked_order(eng, q, per_doc)
    if scope.one_department(eng, [d for d, _, _ in per_doc]):
        # several years of one department: each year, labelled (the years as asked, else newest first)
        return compose_multi(eng, q, per_doc, unit)
    if len(per_doc) <= 3 or re.search(r"分别|各|每个|每年", q.norm):
        return compose_multi(eng, q, per_doc, unit)
    return scope.clarify(eng, q, [d for d, _, _ in per_doc])


def in_asked_order(eng: Engine, q: Query, per_doc: list) -> list:
    """Documents in the order the question names them (「2024年和2026年」「广州和长春」); years no
    question named come newest first (the current figure before the past ones)."""

    def position(d: DocumentInfo) -> tuple:
        year_at = q.years.index(d.year) if d.year in q.years else len(q.years)
        key = eng.catalogue.key_of(d)
        names = [n for n, k in {**eng.aliases, **q.short_forms}.items() if k == key] + [key]
        at = min((q.norm.find(n) for n in names if n and n in q.norm), default=len(q.norm))
        return (at, year_at, -(d.year or 0))

    return sorted(per_doc, key=lambda p: position(p[0]))


def retrieved_matches(eng: Engine, q: Query, d: DocumentInfo, index: FactIndex) -> list[Match]:
    """Figures the question names far from any printed label: let retrieval find the rows.

    The exact lookup found nothing by name.  Rather than give up, the cells and sentences of the
    top retrieved chunks are candidates, ranked with what retrieval knows: the chunk's rank (and
    whether dense and BM25 agree on it) and how well the question's subject names the cell's row,
    column or table title.  A candidate must still resemble what was asked; the answer then says
    which printed name it used.
    """
    if not q.subject or len(core(q.subject)) < 2 or eng.store.retrieval_warming:
        return []
    try:
        retrieval = eng.store.retrieval
    except Exception:
        return []
    if retrieval is None:
        return []
    hits = retrieval.retriever().search(q.text, k=5, filters={"doc_id": d.doc_id})
    if not hits:
        return []
    from rapidfuzz import fuzz

    from qa.lookup import column_score, measure_ok, name_score, opposite_side, year_ends

    subjects = [c for v in q.subjects for c in core_forms(v)] or [core(q.subject)]
    opposite = opposite_side(q.subject)
    said, other_end = year_ends([q.subject])
    best_by_fact: dict[int, Match] = {}
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        agreed = bool(hit.dense_rank and hit.bm25_rank and hit.dense_rank <= 2 and hit.bm25_rank <= 2)
        for f in index.facts:
            linked = (
                f.origin == "table" and f.table_idx == chunk.table_idx and f.row_index in chunk.rows
            ) or (f.origin == "text" and chunk.chunk_kind == "text" and f.paragraph_idx in chunk.paragraphs)
            if not linked or not measure_ok(f, q.measure):
                continue
            if not index.is_primary(f) and not (q.columns and column_score(f, q.columns)):
                continue
            if opposite and opposite in f.row_label and _OTHER_SIDE[opposite] not in f.row_label:
                continue  # 「…支出」 asked: a 收入 row is never the answer
            names = index.names[id(f)]
            if any(w in n for w in other_end for n in names) and not any(w in n for w in said for n in names):
                continue  # 「年初结转和结余」 asked: the 年末 row is never the answer
            by_name = max((name_score(s, n) for s in subjects for n in index.names[id(f)]), default=0.0)
            header = core(f"{f.row_label}{f.column}{f.table_title}" if f.origin == "table" else f.quote)
            by_header = max((fuzz.partial_ratio(s, header) for s in subjects if len(s) >= 2), default=0.0)
            score = max(by_name, 0.5 * by_name + 0.5 * by_header) - 3.0 * rank + (5.0 if agreed else 0.0)
            if q.columns and f.origin == "table":
                score += column_score(f, q.columns) / 20
            if score >= (62.0 if agreed else 70.0) and by_name >= 50:
                key = id(f)
                if key not in best_by_fact or score > best_by_fact[key].score:
                    best_by_fact[key] = Match(f, score)
    out = list(best_by_fact.values())
    if not out:
        return []
    best = max(m.score for m in out)
    return sorted((m for m in out if m.score >= best - 3), key=lambda m: -m.score)


def stage_unprinted(q: Query, index: FactIndex) -> bool:
    """Does the question ask for a stage (决算数, 执行数, 调整预算) this document prints nowhere?"""
    if q.stage in {"", "年初预算", "完成率", "执行率"}:
        return False
    words = [w for w in STAGE_COLUMNS.get(q.stage, ()) if w not in {"预算数", "年初"}]
    return not any(
        any(w in f.column or w in f.row_label or (f.origin == "text" and w in f.quote) for w in words)
        for f in index.facts
    )


def names_unprinted(eng: Engine, q: Query, doc_id: str) -> bool:
    """Does every reading of the subject contain a word this document never prints (无人机)?

    Three or more characters in a row, none of them in any printed two-character sequence, are
    a thing the document is not about; a one-character typo (治里) never is.
    """
    bigrams = eng.bigrams.get(doc_id)
    if not bigrams:
        return False

    def longest_unknown(text: str) -> int:
        t = catalogue.core_text(text)
        run = best = 0
        for i, ch in enumerate(t):
            left = t[i - 1 : i + 1] if i > 0 else ""
            right = t[i : i + 2] if i + 1 < len(t) else ""
            known = (
                ch in _FUNCTION_CHARS
                or not "\u4e00" <= ch <= "\u9fff"
                or (left and left in bigrams)
                or (right and right in bigrams)
            )
            run = 0 if known else run + 1
            best = max(best, run)
        return best

    variants = [_without_places(v) for v in (q.subjects or [q.subject]) if v]
    return bool(variants) and all(longest_unknown(v) >= 3 for v in variants)


def _without_places(text: str) -> str:
    """「平顶山全市地方政府性债务余额」: a place the question names is its scope, not a thing it asks
    about; a government report need not print its own city's name."""
    return "".join(t.word for t in pos_cut(text) if not (t.flag == "ns" and len(t.word) >= 2))


# 「少了几辆」「多几个人」: a change counted, never a rate
_COUNTED_CHANGE = re.compile(r"(?:几|多少)(?:个|项|辆|台|套|人|名|家|次)")


_OWN_NAME = 95.0  # a name this alike is the item's own, not a neighbour sharing words with it


def _change_of_another_item(q: Query, index: FactIndex, matches: list[Match]) -> bool:
    """「车辆运行经费比2017年多了多少」 of a budget that prints 车辆运行经费 for both years but no change of it:
    the printed change found (机关运行经费 …增加496.36万元) is a neighbour's, named only alike, while the item's
    own amounts are printed under its very name."""
    if q.measure not in {"change", "percent_change"} or max(m.score for m in matches) >= _OWN_NAME:
        return False
    own = [m for m in search(replace(q, measure="amount"), index, measure="amount") if m.score >= _OWN_NAME]
    named = {n for m in own for n in index.names[id(m.fact)]}
    changes = [
        n for f in index.facts if f.measure in {"change", "percent_change"} for n in index.names[id(f)]
    ]
    # the item's own printed change, under its name or a longer one (委托业务费财政拨款): no neighbour's
    return bool(own) and not any(a in b or b in a for a in named for b in changes)


def _whole_change(q: Query, index: FactIndex) -> list[Match]:
    """The change printed for the year's whole spending or income, found by the names totals are printed under."""
    income = core(q.subject) in WHOLE_INCOME_SUBJECTS
    names = [t for t in (INCOME_TOTAL_SUBJECTS if income else TOTAL_SUBJECTS) if core(t) not in _BARE_TOTALS]
    return search(replace(q, subject=names[0], subjects=names, alternatives=[(t, []) for t in names]), index)


def matches_for(eng: Engine, q: Query, index: FactIndex) -> list[Match]:
    info = eng.docs.get(index.facts[0].doc_id) if index.facts else None
    q = own_level.level_apart(q, info)
    found = _as_asked(eng, q, index, _matches_for(eng, q, index))
    return own_level.own_level_first(q.norm, info, index, found)


def _as_asked(eng: Engine, q: Query, index: FactIndex, found: list[Match]) -> list[Match]:
    """Only the figures of the stage and the kind of count asked."""
    info = eng.docs.get(index.facts[0].doc_id) if index.facts else None
    if q.stage in BUDGET_STAGES and info is not None and "决算" in (info.kind or ""):
        # 「年初预算数是多少」 of a final account: only a figure printed as that stage answers — a cell of its
        # column, a sentence figure labelled with it (「年初预算为21.00万元」); a sentence figure naming no
        # stage is the year's 决算数 (「本年支出2194.05万元」), never the budget asked
        found = [
            m
            for m in found
            if (m.fact.origin == "text" and words_before(m.fact, q.columns) > 0)
            or (m.fact.origin == "table" and column_score(m.fact, q.columns) > 0)
        ]
    return found


def _matches_for(eng: Engine, q: Query, index: FactIndex) -> list[Match]:
    generic_total = (q.asks_total or re.search(SUM_WORDS, q.norm)) and (
        not q.subject or core(q.subject) in GENERIC_TOTAL_SUBJECTS
    )
    # 「长春市信访局的支出预算」: the spending budget named alone is the grand total, never the
    # 项目支出预算 whose name contains it
    generic_total = generic_total or (
        q.measure == "amount"
        and core(q.subject) in WHOLE_BUDGET_SUBJECTS
        and not (q.columns or q.codes or q.table_hint or q.body)
    )
    completion = q.measure == "percent_share" and re.fullmatch(BUDGET_STAGE_NAME, q.share_of)
    if completion and (generic_total or core(q.subject) in GENERIC_TOTAL_SUBJECTS) and not q.codes:
        # 「支出是年度预算的百分之多少」: the completion printed for the whole spending
        return completion_of_whole(index, core(q.subject))
    if generic_total or (not q.subject and not q.codes and q.measure == "amount"):
        if q.measure in {"change", "percent_change"} and q.subject:
            # 「总支出比上年下降了百分之几」: the change printed for the year's whole spending (「（二）2017年支出
            # …比2016年决算数减少91.29万元，下降5.23％」), named as the totals are
            return _whole_change(q, index)
        if q.measure != "amount":
            return []
        found = total_matches(index)
        if core(q.subject or "") in {"预算", "部门预算"} and not any(m.fact.origin == "table" for m in found):
            # a narrative states the department's budget as its 收入预算 first (「收入预算4353.57万元…相应
            # 安排支出预算4353.57万元」): 「预算总共多少」 is either, the first stated ranking first (a table of
            # its units' staff prints no total of money: the totals are the sentences')
            found = _best(found + total_matches(index, income=True), margin=12.0)
        return found
    whole = core(q.subject) in WHOLE_INCOME_SUBJECTS or core(q.subject) in YEAR_SPENDING_SUBJECTS
    if q.measure == "amount" and whole and not q.codes:
        # 「本年收入决算数」「本年支出是多少」: the year's whole income or spending, not 事业收入, 经营支出 or
        # another part (a narrative prints no table whose columns would say which)
        totals = total_matches(index, income=core(q.subject) in WHOLE_INCOME_SUBJECTS)
        if totals and (not q.columns or all(m.fact.origin == "text" for m in totals)):
            return totals
    if not q.subject and not q.codes and q.measure == "percent_share" and "预算" in q.share_of:
        return completion_of_whole(index)
    info = eng.docs.get(index.facts[0].doc_id) if index.facts else None
    placed = place_rows.place_cells(q, info, index)
    if placed:
        return placed  # 「乌鲁木齐市债务余额」: the place's row × the measure's column of a table by area
    totals = table_totals.table_total(q, info, index)
    if totals:
        return totals  # 「全省一般公共预算收入一共多少」: the 合计 row of the table the question names
    final = info is not None and "决算" in (info.kind or "") and not report_facts.is_government_report(info)
    if final and not q.columns and q.measure == "amount":
        # a final account prints 年初预算 / 调整预算 / 决算数 side by side: "how much" means 决算数
        q = replace(q, columns=list(STAGE_COLUMNS["决算"]))
    found = search(q, index)
    whole_side = core(q.subject) in WHOLE_INCOME_SUBJECTS or core(q.subject) in YEAR_SPENDING_SUBJECTS
    if not found and whole_side and q.measure in {"change", "percent_change"} and not q.codes:
        # 「总收入比上年下降了百分之几」: the change printed for the year's whole income (「（一）2017年收入…下降3.71％」)
        found = _whole_change(q, index)
    if q.year and any(_other_year_row(m.fact, q.year) for m in found):
        # 「2021年末…债务余额」: a row printing another year (「2020年末…余额」) named it best; the row of
        # the year asked, a little less alike, is looked for among weaker names
        dated = [m for m in search(q, index, margin=25.0) if not _other_year_row(m.fact, q.year)]
        found = _best(dated) if dated else found
    matches = own_side(q, general_funds_first(q, found))
    if not matches and q.measure == "previous" and info is not None and info.year:
        matches = previous_year_column(q, info.year, index)
    # a government's final accounts (政府决算) too: a row's 决算数, not the 年初预算数 printed before it
    government_final = info is not None and "决算" in (info.kind or "") and not q.columns
    if (final or government_final) and q.measure == "amount" and q.stage in {"", "决算", "执行数", "实际"}:
        matches = [final_of(m, index) for m in matches]
    if not matches:
        matches = place_rows.place_cells(q, info, index, whole_by_default=True)  # 「债务限额多少」: the total
    if q.year and len(matches) > 1:
        # 「到2021年底…债务余额」: of rows 「2020年末…余额」 and 「2021年…余额决算数」, the row of the year asked
        dated = [
            m for m in matches if str(q.year) in m.fact.row_label or not _LABEL_YEAR.search(m.fact.row_label)
        ]
        matches = dated or matches
    if q.count_unit and q.measure in {"count", "quantity"}:
        # 「公务接待了几批次」: of 「10批次、152人次」 the figure printed in the unit asked
        # (「一共接待了多少人」 of 「累计接待22批次、接待总人数317人」: the counting word asked decides, so a
        # count in that unit naming the subject comes before a count in another unit)
        matches = [m for m in matches if m.fact.unit == q.count_unit] or counted_in_unit(q, index) or matches
    combined = [m for m in columns_combined(q, index) if _column_of_stage(m.fact.column or "", q.stage)]
    if combined:
        matches = combined  # 「一般公共预算项目支出」: the 合计 row of the 一般公共预算 table × 项目支出
    column = next((w for w in COLUMN_WORDS if q.subject and core(w) == core(q.subject)), "")
    if q.measure == "amount" and column and all(_in_fund(m) for m in matches):
        matches = column_of_totals(column, index) or matches
    if q.measure == "amount" and not q.explicit_money and q.stage not in MONEY_STAGES:
        # "满意度目标", "预算执行率要达到多少": the thing asked about decides the measure
        for other in ("percent_share", "count"):
            if other == "count" and re.search(MONEY_ITEM_WORDS, q.subject or ""):
                continue  # 「区办本级的项目支出」: an item of money named, never the staff of the unit's row
            alt = search(q, index, measure=other)
            if alt and (not matches or alt[0].score > matches[0].score + 2):
                matches = alt
    if not matches and q.measure == "percent_change" and not re.search(r"百分|%|率|幅|几成|个点", q.norm):
        matches = search(q, index, measure="change")  # 「增长了多少」 may ask for money; 「百分之几」 never
    if not matches and q.measure == "change" and not q.explicit_money and not _COUNTED_CHANGE.search(q.norm):
        # 「同比降了多少」 where only 「下降45.86%」 is printed
        matches = search(q, index, measure="percent_change")
    if not matches and q.measure == "count":
        matches = search(q, index, measure="quantity")
    if not matches and q.measure == "quantity":
        matches = search(q, index, measure="count")
    if not matches and q.measure in {"count", "quantity"} and q.count_unit:
        matches = counted_in_unit(q, index)
    return asked_way_first(q, stock_first(q, bought_first(q, index, matches)))


def asked_way_first(q: Query, matches: list[Match]) -> list[Match]:
    """「预算比2017年少了多少」 naming no item exactly: of the changes its words find (a 政府性基金预算 增加, the
    一般公共预算 支出 减少), those of the way asked; a change of the item named exactly stays whichever way it
    went (its other way is answered signed)."""
    if q.measure != "change" or len(matches) < 2 or matches[0].score >= 99.0:
        return matches
    way = [m for m in matches if _of_asked_way(q.norm, m.fact)]
    return way if way and len(way) < len(matches) else matches


def of_said_size(q: Query, matches: list[Match]) -> list[Match]:
    """「一般行政管理事务为什么比上年多了一万多万元」 where many items of that name print a change: the
    one whose change is of the size said."""
    if q.rough is None or len(matches) < 2:
        return matches
    low, high = q.rough
    return [m for m in matches if m.fact.unit == "元" and low <= abs(m.fact.value) <= high] or matches


def stock_first(q: Query, matches: list[Match]) -> list[Match]:
    """「年底还有几辆公车」: of 「公务用车购置0辆…年末公务用车保有量11辆」, the stock the year ends with."""
    if q.measure in {"count", "quantity"} and len(matches) > 1 and re.search(STOCK_ASKED, q.norm):
        return [m for m in matches if _printed_as(m.fact, STOCK_PRINTED)] or matches
    return matches


def bought_first(q: Query, index: FactIndex, matches: list[Match]) -> list[Match]:
    """「那一年新买了几辆公务车」: the count the year bought (「2017年公务用车购置2辆」), named a little less
    alike than the stock (「共有车辆86辆」) the thing's name finds first."""
    if q.measure not in {"count", "quantity"} or not re.search(BOUGHT_ASKED, q.norm):
        return matches
    if any(_printed_as(m.fact, BOUGHT_PRINTED) for m in matches):
        return [m for m in matches if _printed_as(m.fact, BOUGHT_PRINTED)]
    wider = [m for m in search(q, index, measure="count", margin=30.0) if _printed_as(m.fact, BOUGHT_PRINTED)]
    return _best(wider) if wider else matches


def _printed_as(f, words: str) -> bool:
    """Is the count printed as a stock (「年末公务用车保有量11辆」「共有车辆11辆」) or as what the year
    bought (「公务用车购置0辆」), by its name or the words of its clause before it?"""
    at = f.printed_at() if f.origin == "text" else -1
    clause = re.split(r"[，,；;。：:]", f.quote[:at])[-1] if at > 0 else ""
    return bool(re.search(words, f"{f.subject}{f.row_label}{clause}"))


_STAGE_WORDS = {w for words in STAGE_COLUMNS.values() for w in words if len(w) >= 3}


def _column_of_stage(column: str, stage: str) -> bool:
    """Does a column fit the stage asked? One naming a stage (决算数) answers only that stage: a
    「…支出年初预算」 question is not answered from a 决算数 column of the same name."""
    if not stage or not any(w in column for w in _STAGE_WORDS):
        return True
    return any(w in column for w in STAGE_COLUMNS.get(stage, ()))


def counted_in_unit(q: Query, index: FactIndex) -> list[Match]:
    """「公务接待了几次」 where the document prints 「发生国内接待1次」: no name matches the subject, but
    one count in the unit asked (次) names the subject's last word (接待)."""
    head = core(q.subject)[-2:]
    if len(head) < 2:
        return []
    found = [
        Match(f, 80.0)
        for f in index.facts
        if f.unit == q.count_unit
        and f.measure in {"count", "quantity"}
        and index.is_primary(f)
        and any(head in n for n in index.names[id(f)])
    ]
    return found if len({m.fact.value for m in found}) == 1 else []


_OTHER_SIDE = {"收入": "支出", "支出": "收入"}
_LABEL_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")


def _other_year_row(f, year: int) -> bool:
    """A table row whose label prints a year, not the one asked (「一、2020年末地方政府债务余额」)."""
    return f.origin == "table" and bool(_LABEL_YEAR.search(f.row_label)) and str(year) not in f.row_label


_OTHER_STAGE = re.compile(r"预算数|年初预算|调整预算|全年预算")
_FINAL_STAGE = re.compile(r"决算|执行数|实际")
# a sentence prints the outcome after the plan: 「预算安排3160.93万元，支出1441.22万元」
_FINAL_SAID = re.compile(r"决算|执行数|实际|支出|完成")


def completion_of_whole(index: FactIndex, side: str = "") -> list[Match]:
    """「预算完成了百分之几」 naming nothing: the completion printed for the largest whole
    (「…支出年初预算为4628.17万元，支出决算为4733.14万元，完成年初预算的102.27%」), not an item's;
    ``side`` (支出 / 收入) the whole's side when the question names it."""
    amounts: dict[str, Decimal] = {}
    for f in index.facts:
        if f.origin == "text" and f.unit == "元":
            amounts[f.quote] = max(amounts.get(f.quote, Decimal(0)), f.value)
    done = [
        f
        for f in index.facts
        if f.origin == "text"
        and f.measure == "percent_share"
        and re.fullmatch(BUDGET_STAGE_NAME, f.share_of)
        and f.quote in amounts
    ]
    sided = [f for f in done if side in ("支出", "收入") and side in f.subject]
    done = sided or done
    if not done:
        return []
    top = max(amounts[f.quote] for f in done)
    return [Match(f, 90.0) for f in done if amounts[f.quote] == top][:1]


_BUDGET_NAME = re.compile(BUDGET_NAMES)


def _stage_budget_before(quote: str, at: int) -> bool:
    """Is 预算 said as a stage right before the figure at ``at``?  「一般公共预算拨款支出」 names a budget."""
    window = _BUDGET_NAME.sub(lambda m: " " * len(m[0]), quote[max(0, at - 16) : at])
    return "预算" in window[-6:]


def final_of(m: Match, index: FactIndex) -> Match:
    """Of a final account asked plainly, the 决算数 of the row (or sentence) that matched, not the
    年初预算 printed beside it (「预算数/合计 76.43」 → 「决算数/合计 46.21」)."""
    f = m.fact
    if f.origin == "table" and _OTHER_STAGE.search(f.column):
        leaf = f.column.split("/")[-1]
        for g in index.facts:
            if (
                g.origin == "table"
                and g.table_idx == f.table_idx
                and g.row_index == f.row_index
                and g.unit == f.unit
                and _FINAL_STAGE.search(g.column)
                and (g.column.split("/")[-1] == leaf or "/" not in f.column + g.column)
            ):
                return Match(g, m.score)
    if f.origin == "text" and f.printed:
        at = f.printed_at()
        # 「一般公共预算拨款支出87,158.93万元」 names a fund, not a stage; the 决算数 of an amount is an
        # amount, never the change printed after 「比上年决算数」
        if at >= 0 and _stage_budget_before(f.quote, at):
            for g in index.facts:
                if (
                    g is f
                    or g.quote != f.quote
                    or g.unit != f.unit
                    or not g.printed
                    or g.measure != f.measure
                ):
                    continue
                gat = g.printed_at()
                if gat > at and _FINAL_SAID.search(g.quote[max(at, gat - 8) : gat]):
                    return Match(g, m.score)
    return m


def _in_fund(m: Match) -> bool:
    return any(w in m.fact.table_title for w in SPECIAL_FUND_WORDS)


def column_of_totals(word: str, index: FactIndex) -> list[Match]:
    """「基本支出」 printed only as a column: its cell in the totals row (合计 × 基本支出)."""
    totals = {core(t) for t in TOTAL_SUBJECTS} | {"合计", "总计"}
    out = []
    for f in index.facts:
        if f.origin != "table" or f.unit != "元" or any(w in f.table_title for w in SPECIAL_FUND_WORDS):
            continue
        if core(f.row_label) in totals and word in f.column.replace(" ", ""):
            out.append(Match(f, 90.0))
    return out


def same_section_first(q: Query, groups: list[FigureGroup]) -> list[FigureGroup]:
    """A follow-up in a conversation quoting one narrative section: a sentence of that section naming
    the item answers before a table cell of another scope (a value more than a tenth away; a near
    one is the same figure misprinted, and the table answers it, ``table_over_text``)."""
    if not q.near_section or len(groups) < 2 or not groups[0].has_table:
        return groups
    top = groups[0]
    # 「那接待费年初预算是多少」: a sentence that does not print the stage asked (「公务接待费支出0万元」 is the
    # 决算) is no answer to it, however near
    stage_words = list(STAGE_COLUMNS.get(q.stage, ())) if q.stage else []
    for g in groups[1:6]:
        in_section = any(
            f.origin == "text"
            and f.section == q.near_section
            and (not stage_words or words_before(f, stage_words) > 0)
            for f in g.facts
        )
        far = abs(g.value - top.value) > max(abs(g.value), abs(top.value)) / 10
        if in_section and far and g.unit == top.unit and g.score >= top.score - 10:
            return [g] + [x for x in groups if x is not g]
    return groups


def previous_year_column(q: Query, year: int, index: FactIndex) -> list[Match]:
    """「去年呢」 of a table that heads its columns by year (「2020年/…“三公”经费预算/小计」 in a 2021
    budget) rather than 上年: the same row's cell in the column of the year before the document's."""
    before = f"{year - 1}年"
    asked = replace(q, measure="amount", columns=[*q.columns, before])
    found = search(asked, index, measure="amount")
    return [
        m for m in found if m.fact.origin == "table" and m.fact.column.replace(" ", "").startswith(before)
    ]


def columns_combined(q: Query, index: FactIndex) -> list[Match]:
    """A subject made only of two or more column words (「一般公共预算项目支出」「财政拨款基本支出」)
    names no row: it is the totals row's cell of the table whose title and column carry all of them."""
    if q.measure != "amount" or q.codes or not q.subject:
        return []
    words = sorted((w for w in COLUMN_WORDS if w in q.subject), key=len, reverse=True)
    words = [w for i, w in enumerate(words) if not any(w in longer for longer in words[:i])]
    rest = q.subject
    for w in words:
        rest = rest.replace(w, "")
    if len(words) < 2 or re.sub(r"[的和与及中里]|经费|支出|预算|资金", "", rest):
        return []
    totals = {core(t) for t in TOTAL_SUBJECTS} | {"合计", "总计"}
    out = []
    for f in index.facts:
        if f.origin != "table" or f.unit != "元" or core(f.row_label) not in totals:
            continue
        if _in_fund(Match(f, 0)) and not _in_fund_asked(q):
            continue
        where_ = re.sub(r"\s", "", f.table_title + f.column)
        if all(w in where_ for w in words) and any(w in f.column for w in words):
            out.append(Match(f, 92.0))
    return out


def _in_fund_asked(q: Query) -> bool:
    return any(w in q.norm for w in SPECIAL_FUND_WORDS)


def own_side(q: Query, matches: list[Match]) -> list[Match]:
    """A 收支总表 prints an income item and a spending item on one row: 「一般公共服务支出」 is read
    from the 支出 side, never from the 收入 cell of its row (and the other way round)."""
    wants = "支出" if "支出" in q.subject and "收入" not in q.subject else ""
    wants = wants or ("收入" if "收入" in q.subject and "支出" not in q.subject else "")
    if not wants:
        return matches
    other = "收入" if wants == "支出" else "支出"
    kept = [m for m in matches if not (m.fact.origin == "table" and m.fact.column.startswith(other))]
    return kept or matches


def general_funds_first(q: Query, matches: list[Match]) -> list[Match]:
    """「基本支出」 asked plainly is the department's, not the (often empty) 政府性基金 or 国有资本经营
    table's own 「其中：基本支出」 row: those tables answer only when the question names their fund."""
    if any(w in q.norm for w in SPECIAL_FUND_WORDS):
        return matches
    general = [m for m in matches if not any(w in m.fact.table_title for w in SPECIAL_FUND_WORDS)]
    return general or matches


def count_units_listed(eng: Engine, q: Query, docs: list[DocumentInfo]) -> Answer | None:
    """「部门预算一共包括几个单位」: the units the document lists (「具体包括：」 1.… 2.…), counted."""
    found = printed_list.units_counted(eng, q, docs)
    if found is None:
        return None
    d, lst = found
    n = max(len(lst.items), lst.total)  # a long table's list shows its first rows; all of them count
    kind = lst.lead.rsplit("中的", 1)[1] if lst.kind == "table" and "中的" in lst.lead else "单位"
    b = AnswerBuilder(q.text, eng.docs)
    paras = [payload[0] for k, payload in lst.sources if k == "para"]
    fact = Fact(
        doc_id=d.doc_id,
        origin="text",
        subject=kind,
        measure="count",
        value=Decimal(n),
        unit="个",
        printed=lst.lead.strip(),
        printed_unit="",
        precision=Decimal(1),
        quote=lst.lead.strip(),
        page=lst.page,
        section=lst.heading,
        paragraph_idx=paras[0]["idx"] if paras else None,
    )
    items = "、".join(lst.items) + ("等" if n > len(lst.items) else "")
    b.add_computed(kind, Decimal(n), "个", [fact], None, f"原文列出的{kind}逐个计数（{items}）")
    where_ = lst.heading.split(" / ")[-1] if lst.heading else "说明"
    page = f"第{lst.page}页 " if lst.page else ""
    b.answer.text = f"{kind}：{n}个（按原文列举计数）：{items}。\n来源：{doc_label(d)} · {page}{where_}"
    b.answer.warnings.append(f"文件没有直接印出这个数，按原文列出的{kind}逐个计数。")
    b.answer.context = scope.context_of(eng, q, d)
    return b.answer


def count_listed(eng: Engine, q: Query, docs: list[DocumentInfo]) -> Answer | None:
    """ "有几个内设机构": count the items of the printed list that names them (办公室、法规处、…)."""
    subject = core(q.subject)
    if len(subject) < 2:
        return None
    for d in docs:
        for p in eng.store.facts.paragraphs(d.doc_id):
            for sent in re.split(r"(?<=[。；])", p["text"]):
                # 「内设机构：A、B」 or with the count between the words: 「内设十个机构，分别是：A、B」
                spread = r"[^：:。；，]{0,4}?".join(re.escape(ch) for ch in subject)
                m = re.search(spread + r"[^：:。；]{0,12}?[：:]\s*([^。；]+)", catalogue.core_text(sent))
                if not m:
                    continue
                items = [i for i in re.split(r"[、，,]", m.group(1)) if i.strip()]
                if len(items) < 2 or any(re.search(r"\d", i) for i in items):
                    continue  # a breakdown with its own figures is not a list of names
                b = AnswerBuilder(q.text, eng.docs)
                fact = Fact(
                    doc_id=d.doc_id,
                    origin="text",
                    subject=q.subject,
                    measure="count",
                    value=Decimal(len(items)),
                    unit="个",
                    printed=sent.strip(),
                    printed_unit="",
                    precision=Decimal(1),
                    quote=sent.strip(),
                    page=p["page"],
                    section=p["heading"],
                    paragraph_idx=p["idx"],
                )
                how = f"原文列出的{q.subject}逐个计数（{'、'.join(i.strip() for i in items)}）"
                b.add_computed(q.subject, Decimal(len(items)), "个", [fact], None, how)
                b.answer.text = (
                    f"{q.subject}：{len(items)}个（按原文列举计数）：{'、'.join(i.strip() for i in items)}。"
                    f"\n来源：{doc_label(d)} · {p['heading'] or '说明'}"
                )
                b.answer.warnings.append("文件没有直接印出这个数，按原文列出的名称逐个计数。")
                b.answer.context = scope.context_of(eng, q, d)
                return b.answer
    return None


def figure_not_found(eng: Engine, q: Query, docs: list[DocumentInfo]) -> Answer:
    what = q.subject or "、".join(q.codes) or "这个问题"
    measure_words = {
        "percent_share": "占比",
        "percent_change": "增长率",
        "change": "增减额",
        "previous": "上年数",
        "count": "数量",
        "unit_price": "单价",
        "quantity": "数量",
    }
    m = measure_words.get(q.measure, "数字")
    if q.stage in BUDGET_STAGES and q.measure == "amount":
        # 「年初预算数是多少」 of a final account printing only its 决算数: the stage is what is missing
        m = f"{q.stage}数"
        what = q.subject or "、".join(q.codes) or "本年收支"
    return scope.not_found(eng, q, docs, f"这些文件中没有找到「{what}」的{m}")


def _against_asked_way(question: str, f) -> bool:
    """A printed change of the other direction than the question asks (「多了多少」 of a 减少):
    its value is answered signed.  A question naming both ways (「增减」) or neither asks no way."""
    if f.measure != "change" or f.unit == "%" or f.direction not in {"增加", "减少"}:
        return False
    asked = re.sub(r"多少|百分之几|几", "", question)  # 「多少」 is no way
    up, down = bool(re.search(UP_WORDS, asked)), bool(re.search(DOWN_WORDS, asked))
    if up == down:
        return False
    return (f.direction == "减少") if up else (f.direction == "增加")


def _of_asked_way(question: str, f) -> bool:
    """A printed change of the very way the question asks (「少了多少」 of a 减少); never a 持平."""
    if f.measure != "change" or f.direction not in {"增加", "减少"}:
        return False
    asked = re.sub(r"多少|百分之几|几", "", question)
    up, down = bool(re.search(UP_WORDS, asked)), bool(re.search(DOWN_WORDS, asked))
    return up != down and (f.direction == "增加") == up


def _flat_change(f) -> str:
    """「比2018年」 for a change printed as 持平/一致 without a number, else ""."""
    if (
        f.measure != "change"
        or f.direction != "持平"
        or f.value
        or re.search(r"\d\s*(?:%|[万亿]?元)", f.printed)
    ):
        return ""
    return f"比{f.compare_year}年" if f.compare_year else "比上年"


def _way(f, label: str) -> str:
    """A change is answered by its size; the word before it says which way (「下降30.9%」), as the
    printed sign (-30.9) or the sentence did."""
    if f.measure not in {"change", "percent_change"} or re.search(r"增|减|降|升|多|少|涨", label):
        return ""
    if f.direction == "减少":
        return "下降" if f.unit == "%" else "减少"
    if f.direction == "增加":
        return "增长" if f.unit == "%" else "增加"
    return ""


def _parts_of_other_wholes(g: FigureGroup, main: FigureGroup) -> bool:
    """Two sentence figures that are no disagreement: parts printed after 其中 under different wholes
    (专项债务 of the 全市 余额 and of the 市本级 余额), or a part of the very sentence answered
    (「…支出124.8亿元…，其中当年安排…101.3亿元」)."""
    a, b = main.best_fact, g.best_fact
    if a.origin != "text" or b.origin != "text":
        return False
    ha, hb = part_head(a), part_head(b)
    return bool(ha and hb and ha != hb) or (a.quote == b.quote and bool(ha or hb))


def _unqualified(q: Query, g: FigureGroup, main: FigureGroup) -> bool:
    """A rival lacking a qualifier the question names and the answer prints (「面向中小企业预留」 of
    政府采购预算 8536.39 beside 「面向中小企业预留政府采购项目预算金额2603.50万元」): another figure."""

    def printed(f) -> str:
        return core(f"{f.subject}{f.row_label}{f.column}{f.table_title}{f.quote}")

    words = {core(w) for _, ctx in q.alternatives for w in ctx}
    words = {w for w in words if len(w) >= 4}
    a, b = printed(main.best_fact), printed(g.best_fact)
    return any(w in a and w not in b for w in words)


def _named_otherwise(q: Query, g: FigureGroup, main: FigureGroup) -> bool:
    """A sentence figure named exactly as asked (「人员支出」) beside one printed under another name
    (「人员经费」 of 财政拨款基本支出): the question names one of the two, the other is another figure."""
    a, b = main.best_fact, g.best_fact
    if a.origin != "text" or b.origin != "text":
        return False
    mine, theirs = (re.sub(r"[\s“”\"]", "", f.subject) for f in (a, b))
    asked = q.norm
    return len(mine) >= 2 and mine in asked and theirs not in asked and not theirs.startswith(mine)


def _other_scopes(g: FigureGroup, main: FigureGroup) -> bool:
    """A report's 全市 figure and its 市本级 figure of one name are two figures, not a disagreement."""
    a, b = report_facts.fact_scope(main.best_fact), report_facts.fact_scope(g.best_fact)
    return bool(a and b and a != b)


def compose_single(
    eng: Engine, q: Query, d: DocumentInfo, groups: list[FigureGroup], unit: str | None
) -> Answer:
    b = AnswerBuilder(q.text, eng.docs)
    main_groups = [g for g in groups if not g.procurement] if not q.asks_procurement else groups
    if not main_groups:
        main_groups = groups
    # one row split into parts elsewhere (5-2表: 津贴补贴 行政 + 事业 = 附件6 津贴补贴): the total answers
    parts: list[FigureGroup] = []
    whole = _whole_of_parts(main_groups[:6])
    if whole is not None:
        parts = [g for g in main_groups[:6] if g is not whole and g.score >= whole.score - 2]
        main_groups = [whole] + [g for g in main_groups if g is not whole and g not in parts]
    main = corroborate(main_groups[0], eng.indexes[d.doc_id])
    label = best_label(main, q.subject)
    slipped = None
    in_wan = (
        unit_slips.printed_in_wan(main.best_fact, eng.indexes[d.doc_id]) if len(main.facts) == 1 else None
    )
    if in_wan is not None:
        # 「比上年减少40.11元」 beside 「比上年减少40.11万元」 for the same change: the 万元 printing leads, the
        # other is shown as a disagreement, never answered alone
        slipped, main = main, FigureGroup(in_wan.value, in_wan.unit, [Match(in_wan, main.score)])
        main_groups = [main] + main_groups[1:]
    signed = None
    if _against_asked_way(q.text, main.best_fact):
        # 「比上年多多少」 of a printed 减少5965万元: the asked difference is −5965万元, a figure computed
        # from the printed one (its source states the computation)
        printed = f"{main.best_fact.direction}{display_value(main.value, main.unit, unit)}"
        signed = b.add_computed(
            label,
            -main.value,
            main.unit,
            [main.best_fact],
            unit,
            how=f"文件印「{printed}」，按所问的方向记为负数",
        )
        b.answer.warnings.append("文件所说的变化与所问的方向相反，按所问的方向记为负数（计算得出）。")
    flat = _flat_change(main.best_fact)
    if flat:
        # 「与2018年持平」 prints no number: the change of zero is read from it, and its source says so
        label = f"{label}{flat}变化"
        fig = b.add_computed(
            label,
            Decimal(0),
            main.unit,
            [main.best_fact],
            unit,
            how=f"文件印「{main.best_fact.printed}」，即变化为0",
        )
        b.answer.warnings.append("文件说持平，没有印出变化的数字：变化为0（计算得出）。")
        lines = [f"{label}：持平（{fig.display}）。"]
    else:
        fig = b.add_group(label, main, unit)
        lines = [f"{label}：{_way(main.best_fact, label)}{fig.display}。"]
    if signed is not None:
        lines[0] = lines[0][:-1] + f"，即所问的变化为 {signed.display}。"
    if parts:
        for g in parts:
            b.add_group(best_label(g, q.subject), g, unit)
        lines.append(
            "其中："
            + "；".join(f"{display_value(g.value, g.unit, unit)}（{where(g.best_fact)}）" for g in parts)
            + "。"
        )
    # groups that name the same thing with another value: the documents disagree
    rivals = [
        g
        for g in main_groups[1:]
        if g.score >= main.score - 2
        and g.unit == main.unit
        and not _parts_of_other_wholes(g, main)
        and not _unqualified(q, g, main)
        and not _named_otherwise(q, g, main)
        and not (report_facts.is_government_report(d) and _other_scopes(g, main))
    ]
    if rivals:
        parts = [f"{display_value(main.value, main.unit, unit)}（{where(main.best_fact)}）"]
        for g in rivals:
            b.add_group(best_label(g, q.subject), g, unit)
            parts.append(f"{display_value(g.value, g.unit, unit)}（{where(g.best_fact)}）")
        if all(_other_table(g, main) for g in rivals):
            # the same name in different tables: different scopes (基本支出表 vs 三公表), not an error
            warning = (
                "同名项目在不同表中的数字不同（统计口径不同，例如只含基本支出）：" + "；".join(parts) + "。"
            )
            if main.has_table and any(f.origin == "text" for f in main.facts):
                warning += "上面采用说明文字与表格一致的数字。"
        else:
            warning = "文件中这个数字前后不一致：" + "；".join(parts) + "。"
            if main.has_table and not all(g.has_table for g in rivals):
                warning += "上面采用有表格印证的数字。"
        b.answer.warnings.append(warning)
    if slipped is not None:
        f = slipped.best_fact
        b.add_group(label, slipped, unit)
        b.answer.warnings.append(
            f"文件中这个数字前后不一致：「{unit_slips.printed_clause(main.best_fact)}」（{where(main.best_fact)}）；"
            f"「{unit_slips.printed_clause(f)}」（{where(f)}），同一数字一处印作万元、一处印作元。"
            "上面采用印作万元的数字。"
        )
    if not q.asks_procurement:
        for g in groups:
            if g.procurement and g is not main and g not in rivals and g.score >= main.score - 6:
                f = g.best_fact
                lines.append(
                    f"另：{where(f)}中「{f.row_label or f.subject}」为 {display_value(g.value, g.unit, unit)}，"
                    "这是其中列入政府采购预算的金额。"
                )
                break
    lines.append(sources_line(main, eng.docs))
    if b.answer.warnings:
        lines.insert(1, "⚠ " + " ".join(b.answer.warnings))
    b.answer.text = "\n".join(lines)
    b.answer.context = scope.context_of(eng, q, d)
    return b.answer


def compose_multi(
    eng: Engine, q: Query, per_doc: list[tuple[DocumentInfo, list[FigureGroup], str]], unit: str | None
) -> Answer:
    b = AnswerBuilder(q.text, eng.docs)
    years_only = scope.one_department(eng, [d for d, _, _ in per_doc])
    asked = bool(q.years) or len(q.departments) > 1
    if asked:
        head = "以下按所问年份分别列出：" if years_only else "以下按所问部门分别列出："
    elif years_only:
        head = "问题没有指明年份，以下按年份分别列出（新的在前）："
    else:
        head = "问题没有指明部门或年份，以下分别列出各文件中的数字："
    lines = [head]
    for d, groups, _ in per_doc:
        g = groups[0]
        label = best_label(g, q.subject)
        fig = b.add_group(f"{d.department} {d.year or ''} {label}".strip(), g, unit)
        lines.append(
            f"· {d.department}（{f'{d.year}年' if d.year else '年份未知的'}{d.kind}）{label}：{fig.display}。"
            f"{sources_line(g, eng.docs)}"
        )
    if not asked:
        b.answer.warnings.append("问题可对应多个文件，已分别列出；指明部门或年份可得到单一答案。")
    b.answer.text = "\n".join(lines)
    b.answer.context = scope.context_of(eng, q, None, [d for d, _, _ in per_doc])
    return b.answer
