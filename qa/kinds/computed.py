"""Computed figures: a share, a change, a sum of named figures, and figures across documents.

Nothing here is printed as such: every figure is computed in code (Decimal) from cited
figures, and its first source states the computation, followed by the operands.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from index.facts import DocumentInfo
from index.vocabulary import (
    AS_OF_AFTER,
    AS_OF_BEFORE,
    DOWN_WORDS,
    OWN_SCOPE_WORDS,
    OWN_UNIT_WORDS,
    RANK_MOST,
    REGION_SCOPE_WORDS,
    STAGE_COLUMNS,
    SUM_WORDS,
    UP_WORDS,
    WHOLE_ASKED_WORDS,
    WHOLE_OF_PARTS,
)
from qa import scope
from qa.answer import Answer, Figure, Source
from qa.catalogue import department_key
from qa.compose import AnswerBuilder, best_label, display_value, sources_line
from qa.lookup import (
    FactIndex,
    FigureGroup,
    Match,
    corroborate,
    group_matches,
    name_score,
    search,
    total_matches,
)
from qa.understand import Query, core, subject_variants

if TYPE_CHECKING:
    from qa.engine import Engine

log = logging.getLogger(__name__)


def _printed_whole(q: Query, index: FactIndex) -> bool:
    """Is the whole that is asked (「税收返还和转移支付合计」) printed under one name of its own?"""
    whole = search(replace(q, columns=[]), index)
    return bool(whole) and whole[0].score >= 85.0


def sum_of_named(eng: Engine, q: Query, docs: list[DocumentInfo], unit: str | None) -> Answer | None:
    """ "基本支出和项目支出一共多少": the sum of each named figure, computed from the cited figures; a whole
    the genre defines by its parts (「三公经费预算多少」 of a budget that prints only 因公出国（境）费, 公务接待费
    and 公务用车购置及运行费) likewise, when the document does not print the whole."""
    if q.measure != "amount" or q.codes or q.table_hint:
        return None
    whole, names = _parts_of_whole(q.subject)
    if not names and not re.search(r"一共|总共|合计|加起来|之和|总和|共计", q.norm):
        return None
    names = names or [p for p in re.split(r"和|与|以及|及|加上|、|＋|\+", q.subject) if len(core(p)) >= 2]
    if len(names) < 2:
        return None
    found_in: list[tuple[DocumentInfo, list[tuple[str, FigureGroup]]]] = []
    for d in docs:
        index = eng.indexes.get(d.doc_id)
        if index is not None and (_printed_whole(q, index) or _names_whole(whole, index)):
            return None  # the document prints the total itself: that printed figure answers
        groups: list[tuple[str, FigureGroup]] = []
        for name in names:
            part = replace(
                q, subject=name, subjects=subject_variants(name), alternatives=[(name, [])], columns=[]
            )
            found = search(part, index) if index else []
            if not found:
                break
            groups.append((name, corroborate(group_matches(found)[0], index)))
        distinct = {id(g.best_fact) for _, g in groups}
        if len(groups) == len(names) and len(distinct) == len(groups):
            found_in.append((d, groups))
    if not found_in:
        return None
    if len(found_in) > 1:
        return scope.clarify(eng, q, [d for d, _ in found_in])
    d, groups = found_in[0]
    total = sum((g.value for _, g in groups), Decimal(0))
    b = AnswerBuilder(q.text, eng.docs)
    how = " + ".join(f"{best_label(g, n)} {display_value(g.value, '元', unit)}" for n, g in groups)
    fig = b.add_computed(
        whole or "、".join(best_label(g, n) for n, g in groups) + " 合计",
        total,
        "元",
        [g.best_fact for _, g in groups],
        unit,
        how,
    )
    b.answer.text = f"{fig.label}：{fig.display}（计算得出：{how}）。\n{sources_line(groups[0][1], eng.docs)}"
    b.answer.warnings.append("这个合计文件中没有直接印出，由引用的各项数字相加得出。")
    b.answer.context = scope.context_of(eng, q, d)
    return b.answer


def _names_whole(whole: str, index: FactIndex) -> bool:
    """Does any amount of the document name the whole (「“三公”经费年初预算安排2.8亿元」)?"""
    said = core(whole)
    return bool(said) and any(
        f.unit == "元" and any(said in n for n in index.names[id(f)]) for f in index.facts
    )


def _parts_of_whole(subject: str) -> tuple[str, list[str]]:
    """A whole the genre defines by its parts, and the parts (三公经费 → its three parts), else ("", [])."""
    said = re.sub(r"[“”\"]", "", subject)
    for whole, parts in WHOLE_OF_PARTS.items():
        if whole in said and not core(re.sub(WHOLE_ASKED_WORDS, "", said.replace(whole, "", 1))):
            return whole, list(parts)
    return "", []


def arithmetic(eng: Engine, q: Query, d: DocumentInfo, index: FactIndex, unit: str | None) -> Answer | None:
    """Figures not printed but computable from printed ones: a share, a previous-year amount, a change."""
    if q.measure == "percent_share" and re.fullmatch(r"(?:年初|调整后?)?预算数?", q.share_of or ""):
        return _completion(eng, q, d, index, unit)
    if q.measure == "percent_share":
        part = search(replace(q, measure="amount"), index, measure="amount")
        if not part:
            return None
        total = _whole_named(q, index) if q.share_of else []
        if not total and (not q.share_of or re.search(r"全部|所有|总|合计|整体", q.share_of)):
            total = total_matches(index)  # 「占全部支出的比重」: the document's total
        if not total:
            return None
        pg, tg = group_matches(part)[0], group_matches(total)[0]
        printed = _printed_share(q, pg, index)
        if printed is not None:
            from qa.kinds.figure import compose_single

            return compose_single(eng, q, d, [printed], unit)
        if tg.value == 0 or pg.value == tg.value:
            return None
        pf, tf = _same_place(pg, tg)
        named = bool(q.share_of) and q.share_of in q.text  # 「支出占收入的比例」 may pass 100%
        if pf.value > tf.value > 0 and not named:
            return None  # a part is never more than the whole it is of: the part found is no part of it
        share = (pf.value / tf.value * 100).quantize(Decimal("0.01"))
        b = AnswerBuilder(q.text, eng.docs)
        label = best_label(pg, q.subject)
        how = f"{display_value(pf.value, '元', unit)} ÷ {display_value(tf.value, '元', unit)} × 100%"
        b.add_computed(f"{label}占比", share, "%", [pf, tf], unit, how)
        b.answer.text = (
            f"{label}占{best_label(tg, q.share_of or '支出合计')}的 {share}%（计算得出："
            f"{display_value(pf.value, '元', unit)} ÷ {display_value(tf.value, '元', unit)}）。"
            f"\n{sources_line(pg, eng.docs)}"
        )
        b.answer.warnings.append("该占比文件中没有直接印出，由引用的两个数字相除得出。")
        b.answer.context = scope.context_of(eng, q, d)
        return b.answer
    if q.compare_stage:
        return _stage_difference(eng, q, d, index, unit)
    if q.measure == "percent_change":
        return _rate_of_change(eng, q, d, index, unit)
    if q.measure in {"previous", "change"}:
        current = search(replace(q, measure="amount"), index, measure="amount")
        other = search(q, index, measure="change" if q.measure == "previous" else "previous")
        if not current or not other:
            return None
        cg, og = group_matches(current)[0], group_matches(other)[0]
        b = AnswerBuilder(q.text, eng.docs)
        label = best_label(cg, q.subject)
        if q.measure == "previous":
            sign = -1 if og.best_fact.direction == "减少" else 1
            value = cg.value - sign * og.value
            how = f"{display_value(cg.value, '元', unit)} − {display_value(og.value, '元', unit)}"
            b.add_computed(f"{label}（上年）", value, "元", [cg.best_fact, og.best_fact], unit, how)
        else:
            # 「比2018年少了多少钱」: the size of the change and its direction (增加/减少), as the printed ones
            value = cg.value - og.value
            word = "减少" if value < 0 else "增加"
            how = f"{display_value(cg.value, '元', unit)} − 上年 {display_value(og.value, '元', unit)}"
            b.add_computed(f"{label}比上年{word}", abs(value), "元", [cg.best_fact, og.best_fact], unit, how)
        said = "上年为" if q.measure == "previous" else f"比上年{word}"
        b.answer.text = f"{label}{said} {display_value(abs(value) if q.measure == 'change' else value, '元', unit)}（计算得出：{how}）。\n{sources_line(cg, eng.docs)}"
        b.answer.warnings.append("该数字文件中没有直接印出，由引用的数字计算得出。")
        b.answer.context = scope.context_of(eng, q, d)
        return b.answer
    return None


_SAME_WHOLE = 90.0  # the whole a printed share names is the one asked (no part of it that names it inside)


def _printed_share(q: Query, part: FigureGroup, index: FactIndex) -> FigureGroup | None:
    """「政府采购服务支出170万元，占政府采购支出总额的74%」: the share the sentence printing the part prints
    beside it, of the whole asked (any whole when none is named), answers before any computed one."""
    want = core(q.share_of) if q.share_of else ""
    found = [
        Match(f, 100.0)
        for pf in part.facts
        if pf.origin == "text"
        for f in index.facts
        if f.origin == "text"
        and f.measure == "percent_share"
        and f.unit == "%"
        and f.quote == pf.quote
        and f.doc_id == pf.doc_id
        and core(f.subject) == core(pf.subject)
        and (not want or name_score(want, core(f.share_of)) >= _SAME_WHOLE)
    ]
    return group_matches(found)[0] if found else None


def _whole_named(q: Query, index: FactIndex) -> list:
    """「占一般性转移支付的比例」: the figure of the whole the question names, not the document's total (by
    its name alone: not read on in the paragraph the last answer quoted, where the parts are printed)."""
    whole = q.share_of
    asked = replace(
        q,
        near=(),
        near_section="",
        topic="",
        subject=whole,
        subjects=subject_variants(whole),
        alternatives=[(whole, [])],
        share_of="",
        columns=[],
        codes=[],
        measure="amount",
    )
    return search(asked, index, measure="amount")


def _same_place(pg: FigureGroup, tg: FigureGroup) -> tuple:
    """The part and the whole as printed in one place when both are (one sentence or paragraph, one
    table), so a share is computed from figures of the same precision; else each one's best."""
    for pf in pg.facts:
        for tf in tg.facts:
            if pf.origin == tf.origin and (
                (pf.origin == "table" and pf.table_idx == tf.table_idx)
                or (pf.origin == "text" and pf.page == tf.page)
            ):
                return pf, tf
    return pg.best_fact, tg.best_fact


def _group_in(eng: Engine, q: Query, d: DocumentInfo) -> FigureGroup | None:
    """The figure one document prints for the question (money or count), or None."""
    from qa.kinds.figure import matches_for, names_unprinted

    index = eng.indexes.get(d.doc_id)
    if index is None or names_unprinted(eng, q, d.doc_id):
        return None
    found = matches_for(eng, q, index)
    if not found:
        return None
    return corroborate(group_matches(found)[0], index)


def _prints_change(eng: Engine, q: Query, d: DocumentInfo) -> bool:
    """Does the newer document print the change asked itself, against the year asked?"""
    from qa.kinds.figure import matches_for, names_unprinted

    index = eng.indexes.get(d.doc_id)
    if index is None or names_unprinted(eng, q, d.doc_id):
        return False
    against = {q.compare_year, None} if d.year and q.compare_year == d.year - 1 else {q.compare_year}
    return any(
        m.fact.measure == q.measure and m.fact.compare_year in against for m in matches_for(eng, q, index)
    )


def _label_of(d: DocumentInfo) -> str:
    return f"{d.department}（{d.year}年{d.kind}）" if d.year else d.department


def _as_asked(eng: Engine, q: Query, d: DocumentInfo) -> str:
    """A department named in an answer across bodies by the words the question used for it (「县政协」),
    with the place the question named for it (平潭县政协 when the question says 平潭县…和县政协), the
    full printed name in brackets: the user reads the name they wrote first.  The full label when the
    question wrote no name of it (「哪个部门…最多」)."""
    key = eng.catalogue.key_of(d)
    names = {**eng.aliases, **q.short_forms}
    said = max(
        (
            a
            for a, k in names.items()
            if a in q.norm and department_key(k) == key and a not in eng.catalogue.place_aliases
        ),
        key=len,
        default="",
    )
    if not said:
        return _label_of(d)
    if key != said and key.endswith(said) and key[: -len(said)].rstrip("省市区县") in q.norm:
        said = key  # 「平潭县人大常委会和县政协」: 县政协 of the 平潭县 the question named
    when = f"，{d.year}年{d.kind}" if d.year else ""
    return f"{said}（{d.department}{when}）" if said != d.department else _label_of(d)


def across_documents(eng: Engine, q: Query, docs: list[DocumentInfo], unit: str | None) -> Answer | None:
    """Figures computed across documents: a change between two years of one department, a rank
    of departments (哪个部门…最多), a total over documents (这几个部门加起来).  Each computed figure
    cites its operands; a question about one document returns None (the figure kind answers it).
    """
    # (a sum word of the thing's own name, 「支出总计」, asks no sum)
    summing = len(q.departments) >= 2 and any(
        m.group(0) not in q.subject for m in re.finditer(SUM_WORDS, q.norm)
    )
    # (「2210201住房公积金，A比B多多少」: a coded item of each body named, the difference of the two)
    differing = len(q.departments) == 2 and bool(_COMPARED.search(q.norm))
    if q.intent != "figure" or (q.codes and not summing and not differing):
        return None  # (「A和B的提租补贴（2210202）合计」: a coded item summed over the bodies named)
    if q.compare_year and q.year and len(q.departments) == 2 and q.measure in {"change", "amount"}:
        # 「万里街道2025年预算总额比区城管执法局2026年预算多多少」: each department in its own year (「A 2019年
        # 和B 2018年的…加起来」: their sum)
        asked = _asked_years(eng, q)
        return _total(eng, q, asked, unit) if summing else _department_difference(eng, q, asked, unit)
    if q.compare_year and (q.year or len(docs) > 1) and q.measure in {"change", "percent_change", "amount"}:
        return _year_change(eng, q, docs, unit)
    if len(docs) < 2:
        return None
    if re.search(RANK_MOST, q.norm) and re.search(r"哪个|哪家|哪一个|哪年|哪一年|谁", q.norm):
        subject = _RANKED_WORDS.sub("", q.subject) or q.subject
        if subject != q.subject:
            q = replace(q, subject=subject, subjects=subject_variants(subject), alternatives=[(subject, [])])
        return _rank(eng, q, docs, unit)
    named = len({eng.catalogue.key_of(d) for d in docs}) >= 2 and len(q.departments) >= 2
    if (
        named
        and _WHO_MORE.search(q.norm)
        and _WHICH_MORE.search(q.norm)
        and not _HOW_MUCH_MORE.search(q.norm)
    ):
        # 「东庠乡和白青乡谁的三公经费多？」: the named bodies ranked by the figure
        subject = re.sub(r"(?:更|较)?[多少高低大小]$", "", q.subject)
        probe = replace(q, subject=subject, subjects=subject_variants(subject), alternatives=[(subject, [])])
        return _rank(eng, probe, docs, unit)
    if re.search(SUM_WORDS, q.norm) and (
        named or re.search(r"部门|单位|几年|两年|三年|各年|这些|它们", q.norm)
    ):
        return _total(eng, q, docs, unit)
    if named and len(q.departments) == 2 and q.measure in {"change", "amount"} and "比" in q.norm:
        return _department_difference(eng, q, docs, unit)
    if named and len(q.departments) == 2 and q.measure == "count" and _COMPARED.search(q.norm):
        # 「公务用车保有量，A比B多几辆」: two bodies' printed counts, A − B
        return _department_difference(eng, q, docs, unit)
    if named and len(q.departments) == 2 and _APART.search(q.norm):
        # 「东庠乡和白青乡政府采购支出相差多少」: two bodies, neither first: the larger less the smaller
        return _department_difference(eng, q, docs, unit, larger_first=True)
    if named and len(q.departments) == 2 and _WHO_MORE.search(q.norm) and _HOW_MUCH_MORE.search(q.norm):
        # 「石泉路街道和区生态环境局谁的政府采购金额多？多多少？」: the larger less the smaller
        return _department_difference(eng, q, docs, unit, larger_first=True)
    return None


# 「A比B多多少」: one body's figure against another's
_COMPARED = re.compile(r"比.+?(?:多|少|高|低|大|小)了?(?:多少|几)")
# 「A和B谁的…多？多多少？」: which of two is larger, and by how much
_WHO_MORE = re.compile(r"谁|哪个|哪家|哪一个")
_HOW_MUCH_MORE = re.compile(r"[多少高低]了?多少|相差|差多少|差了多少|差额")
# 「A、B、C三家里…最高的是哪家」: the bodies counted and the which-word are no part of the thing ranked
_RANKED_WORDS = re.compile(
    r"^[、，,和与及]*(?:\d{1,2}|[两二三四五六七八九十])(?:个|家)[\u4e00-\u9fff]{0,2}?[里中当]中?的?|"
    r"(?:的是)?哪(?:个|家|一个|一家)[\u4e00-\u9fff]{0,2}$"
)
# 「谁的三公经费多」「哪家更高」: the question ends on the direction, not on 多少
_WHICH_MORE = re.compile(r"(?:更|较)?[多少高低大小][？?。]?$")
# 「A和B…相差多少」「差距多大」: a difference of two bodies asked without saying which is first
_APART = re.compile(r"相差|差多少|差了多少|差额|差距|差异")
# 「少了几个」「多几辆」: a change counted, not money
_COUNTED = re.compile(r"(?:几|多少)(?:个|项|辆|台|套|人|名|家)")


def _asked_years(eng: Engine, q: Query) -> list[DocumentInfo]:
    """The documents of two named departments, each in the year written beside it: the first
    named with ``q.year``, the other with ``q.compare_year`` (「A 2025年…比 B 2026年…」)."""
    from qa.kinds.figure import in_asked_order

    pool = eng.catalogue.of_departments(q.departments)
    ordered = [p[0] for p in in_asked_order(eng, replace(q, years=[]), [(d, [], "") for d in pool])]
    keys = list(dict.fromkeys(eng.catalogue.key_of(d) for d in ordered))
    if len(keys) != 2:
        return []
    wanted = {keys[0]: q.year, keys[1]: q.compare_year}
    found = [d for d in ordered if d.year == wanted[eng.catalogue.key_of(d)]]
    if q.as_of:
        # 「截至2017年底」: a stock at a year's end is printed by the next year's budget too — for a body with
        # no document of the year said, that one
        have = {eng.catalogue.key_of(d) for d in found}
        found += [
            d
            for d in ordered
            if eng.catalogue.key_of(d) not in have
            and "预算" in (d.kind or "")
            and d.year == (wanted[eng.catalogue.key_of(d)] or 0) + 1
        ]
    return found


def _department_difference(
    eng: Engine, q: Query, docs: list[DocumentInfo], unit: str | None, larger_first: bool = False
) -> Answer | None:
    """「2026年广州市信访局的支出预算比长春市信访局多多少」: A − B, each figure cited; with
    ``larger_first`` (「谁多？多多少？」) the larger less the smaller."""
    from qa.kinds.figure import in_asked_order

    subject = re.sub(r"[多少高低]+$", "", q.subject)  # 「…金额多？多多少」 leaves 多多 behind
    # 「白青乡比东庠乡多支出了多少」: the direction said before the thing compared
    subject = re.sub(r"^[多少]了?(?=[\u4e00-\u9fff]{2})", "", subject)
    subject = re.sub(r"(?:相差|差距|差额|差异)$", "", subject)
    measure = "count" if q.measure == "count" else "amount"
    probe = replace(q, measure=measure, subject=subject, subjects=subject_variants(subject))
    if subject != q.subject:
        probe.alternatives = [(re.sub(r"[多少高低]+$", "", a), c) for a, c in q.alternatives]
    mine, other = _compared_subjects(eng, q)
    found_other: list[tuple[DocumentInfo, FigureGroup]] = []
    if mine and not other:
        # the thing both sides name, as each side said it (the question's subject runs the two together)
        subject = mine
        probe = replace(probe, subject=mine, subjects=subject_variants(mine), alternatives=[(mine, [])])
    if other:
        # 「卫计局…一般公共预算拨款支出比平潭2016年全区医疗卫生与计划生育支出少多少」: each side names its own
        # thing
        subject = mine
        probe = replace(probe, subject=mine, subjects=subject_variants(mine), alternatives=[(mine, [])])
        probe_other = replace(
            probe, subject=other, subjects=subject_variants(other), alternatives=[(other, [])]
        )
        found_other = _per_document(eng, probe_other, docs)
    found = _per_document(eng, probe, docs)
    newest: dict[str, tuple[DocumentInfo, FigureGroup]] = {}
    for d, g in found + found_other:
        key = eng.catalogue.key_of(d)
        if key not in newest or (d.year or 0) > (newest[key][0].year or 0):
            newest[key] = (d, g)
    if len(newest) != 2:
        return None
    ordered = in_asked_order(eng, q, [(d, [g], "") for d, g in newest.values()])
    if found_other:
        first = eng.catalogue.key_of(ordered[0][0])
        second = eng.catalogue.key_of(ordered[1][0])
        a_side = [(d, g) for d, g in found if eng.catalogue.key_of(d) == first]
        b_side = [(d, g) for d, g in found_other if eng.catalogue.key_of(d) == second]
        if not a_side or not b_side:
            return None
        ordered = [(a_side[0][0], [a_side[0][1]], ""), (b_side[0][0], [b_side[0][1]], "")]
    if larger_first:
        ordered.sort(key=lambda p: -p[1][0].value)
    (da, ga), (db, gb) = (ordered[0][0], ordered[0][1][0]), (ordered[1][0], ordered[1][1][0])
    if ga.unit != gb.unit:
        return None
    diff = ga.value - gb.value
    label = best_label(ga, subject)
    shown_a, shown_b = display_value(ga.value, ga.unit, unit), display_value(gb.value, gb.unit, unit)
    word = "多" if diff >= 0 else "少"
    name_a, name_b = da.department, db.department
    if da.year != db.year:  # each department in its own year
        name_a, name_b = f"{name_a}（{da.year}年）", f"{name_b}（{db.year}年）"
    how = f"{name_a} {shown_a} − {name_b} {shown_b}"
    b = AnswerBuilder(q.text, eng.docs)
    b.add_computed(
        f"{label}：{da.department}比{db.department}{word}",
        abs(diff),
        ga.unit,
        [ga.best_fact, gb.best_fact],
        unit,
        how,
    )
    b.answer.text = (
        f"{label}：{da.department}比{db.department}{word} {display_value(abs(diff), ga.unit, unit)}（计算得出：{how}）。"
        f"\n{sources_line(ga, eng.docs)}\n{sources_line(gb, eng.docs)}"
    )
    b.answer.warnings.append("这个差额文件中没有直接印出，由两份文件中引用的数字相减得出。")
    b.answer.context = scope.context_of(eng, q, None, [da, db])
    return b.answer


def _compared_subjects(eng: Engine, q: Query) -> tuple[str, str]:
    """「A的X比B的Y少多少」 naming two things: (X, Y); ("", "") when the side after 比 names none of its own."""
    m = re.search(r"^(.+?)比(.+?)(?:多|少|高|低|大|小)了?(?:多少|几)", q.norm)
    if not m:
        return "", ""
    aliases = sorted(
        (a for a, name in {**eng.aliases, **q.short_forms}.items() if name in q.departments),
        key=len,
        reverse=True,
    )

    def bare(text: str) -> str:
        for a in aliases:
            text = text.replace(a, "")
        # 「（截至2017年底）」「2016年末」: the date each side's stock is counted at, no part of the thing
        text = re.sub(rf"(?:{AS_OF_BEFORE})?\s*(?:19|20)\d{{2}}\s*年度?(?:{AS_OF_AFTER})?|的", "", text)
        text = re.sub(r"[（(]\s*[)）]", "", text)
        # 「管委会办公室区办本级的项目支出」: the department's own unit (区办本级, 局本级) says whose, not what
        text = re.sub(rf"[省市区县]?(?:{OWN_UNIT_WORDS})", "", text)
        text = re.sub("|".join((*REGION_SCOPE_WORDS, *OWN_SCOPE_WORDS)) + r"|[（(][县区市][)）]", "", text)
        return text.strip()

    left, right = bare(m.group(1)), bare(m.group(2))
    a, b = core(left), core(right)
    if len(a) >= 2 and a == b:
        return left, ""  # 「A（截至2017年底）的车辆比B 2016年末的车辆」: one thing, said on both sides
    if len(a) < 2 or len(b) < 2 or a in b or b in a:
        return "", ""  # 「预算总额比…2026年预算多多少」: one thing, said shorter the second time
    return left, right


def _year_change(eng: Engine, q: Query, docs: list[DocumentInfo], unit: str | None) -> Answer | None:
    """「X 2019年三公经费比2018年减少了多少」: the same figure in two documents of one department."""
    pool = list(eng.docs.values())
    if q.departments:
        pool = eng.catalogue.of_departments(q.departments, pool)
    year = q.year or max((d.year or 0) for d in docs)
    if year == q.compare_year:
        return None
    q = replace(q, year=year)
    now = [d for d in pool if d.year == q.year]
    then = [d for d in pool if d.year == q.compare_year]
    pairs = [
        (a, b)
        for a in now
        for b in then
        if eng.catalogue.key_of(a) == eng.catalogue.key_of(b) and a.kind == b.kind
    ] or [(a, b) for a in now for b in then if eng.catalogue.key_of(a) == eng.catalogue.key_of(b)]
    if len(pairs) != 1:
        return None
    a, b = pairs[0]
    if q.measure in {"change", "percent_change"} and a.kind == b.kind and _prints_change(eng, q, a):
        # 「比2016年决算数减少2,892.19万元，下降10.71％」: the printed change answers (a budget's change
        # against last year's budget is no answer to a question against last year's final account)
        return None
    probe = replace(q, measure="count" if _COUNTED.search(q.norm) else "amount")
    ga, gb = _group_in(eng, probe, a), _group_in(eng, probe, b)
    if ga is None or gb is None or ga.unit != gb.unit:
        return None
    label = best_label(ga, q.subject)
    diff = ga.value - gb.value
    b_ = AnswerBuilder(q.text, eng.docs)
    shown_a, shown_b = display_value(ga.value, ga.unit, unit), display_value(gb.value, gb.unit, unit)
    if q.measure == "percent_change":
        if gb.value == 0:
            return None
        rate = (diff / gb.value * 100).quantize(Decimal("0.01"))
        how = f"({q.year}年 {shown_a} − {q.compare_year}年 {shown_b}) ÷ {shown_b} × 100%"
        b_.add_computed(
            f"{label}{q.year}年比{q.compare_year}年增长率", rate, "%", [ga.best_fact, gb.best_fact], unit, how
        )
        word = "增长" if rate >= 0 else "下降"
        b_.answer.text = f"{label}{q.year}年比{q.compare_year}年{word} {abs(rate)}%（计算得出：{how}）。"
    else:
        how = f"{q.year}年 {shown_a} − {q.compare_year}年 {shown_b}"
        word = "增加" if diff >= 0 else "减少"
        b_.add_computed(
            f"{label}{q.year}年比{q.compare_year}年{word}",
            abs(diff),
            ga.unit,
            [ga.best_fact, gb.best_fact],
            unit,
            how,
        )
        b_.answer.text = (
            f"{label}{q.year}年比{q.compare_year}年{word} {display_value(abs(diff), ga.unit, unit)}"
            f"（计算得出：{how}）。"
        )
    b_.answer.text += f"\n{sources_line(ga, eng.docs)}\n{sources_line(gb, eng.docs)}"
    b_.answer.warnings.append("这个数字文件中没有直接印出，由两份文件中引用的数字计算得出。")
    b_.answer.context = scope.context_of(eng, q, a)
    return b_.answer


def _per_document(eng: Engine, q: Query, docs: list[DocumentInfo]) -> list[tuple[DocumentInfo, FigureGroup]]:
    probe = replace(q, measure="amount" if q.measure in {"change", "percent_share"} else q.measure)
    out = []
    for d in docs:
        g = _group_in(eng, probe, d)
        if g is not None:
            out.append((d, g))
    return out


def _rank(eng: Engine, q: Query, docs: list[DocumentInfo], unit: str | None) -> Answer | None:
    """「哪个部门的三公经费最多」: the figure in every document, ranked; each one cited."""
    found = _per_document(eng, q, docs)
    if len(found) < 2 or len({g.unit for _, g in found}) != 1:
        return None
    lowest = bool(re.search(r"最少|最低|最小|更少|更低|较少|较低", q.norm))
    ranked = sorted(found, key=lambda x: x[1].value, reverse=not lowest)
    b = AnswerBuilder(q.text, eng.docs)
    top_d, top_g = ranked[0]
    label = best_label(top_g, q.subject)
    b.add_group(f"{_label_of(top_d)} {label}", top_g, unit)
    for d, g in ranked[1:]:
        b.add_group(f"{_label_of(d)} {best_label(g, q.subject)}", g, unit)
    word = ("更少" if lowest else "更多") if len(ranked) == 2 else ("最少" if lowest else "最多")
    lines = [
        f"{label}{word}的是{_as_asked(eng, q, top_d)}：{display_value(top_g.value, top_g.unit, unit)}。",
        "各文件的数字：",
    ]
    for d, g in ranked:
        lines.append(f"· {_label_of(d)}：{display_value(g.value, g.unit, unit)}。{sources_line(g, eng.docs)}")
    missing = [d for d in docs if all(d is not x for x, _ in found)]
    if missing:
        lines.append("没有找到这个数字的文件：" + "；".join(_label_of(d) for d in missing) + "。")
    b.answer.text = "\n".join(lines)
    b.answer.warnings.append("排序由引用的各文件数字比较得出。")
    b.answer.context = scope.context_of(eng, q, None, [d for d, _ in ranked])
    return b.answer


def _total(eng: Engine, q: Query, docs: list[DocumentInfo], unit: str | None) -> Answer | None:
    """「这几个部门加起来一共多少」: the sum over documents, computed from each cited figure."""
    found = _per_document(eng, q, docs)
    if len(found) < 2 or len({g.unit for _, g in found}) != 1:
        return None
    total = sum((g.value for _, g in found), Decimal(0))
    b = AnswerBuilder(q.text, eng.docs)
    label = best_label(found[0][1], q.subject)
    how = " + ".join(f"{_label_of(d)} {display_value(g.value, g.unit, unit)}" for d, g in found)
    fig = b.add_computed(
        f"{label} 合计（{len(found)}份文件）",
        total,
        found[0][1].unit,
        [g.best_fact for _, g in found],
        unit,
        how,
    )
    lines = [f"{fig.label}：{fig.display}（计算得出：{how}）。"]
    for d, g in found:
        lines.append(f"· {_label_of(d)}：{display_value(g.value, g.unit, unit)}。{sources_line(g, eng.docs)}")
    b.answer.text = "\n".join(lines)
    b.answer.warnings.append("这个合计文件中没有直接印出，由引用的各文件数字相加计算得出。")
    b.answer.context = scope.context_of(eng, q, None, [d for d, _ in found])
    return b.answer


def _rate_of_change(
    eng: Engine, q: Query, d: DocumentInfo, index: FactIndex, unit: str | None
) -> Answer | None:
    """「会议费比上年减少了百分之几」 when no rate is printed: (this year − last year) ÷ last year,
    from the printed current figure and the printed previous-year figure (or printed change)."""
    current = search(replace(q, measure="amount"), index, measure="amount")
    if not current:
        return None
    cg = group_matches(current)[0]
    previous = search(replace(q, measure="previous"), index, measure="previous")
    if previous:
        pg = group_matches(previous)[0]
        before, operands = pg.value, [cg.best_fact, pg.best_fact]
        how_prev = f"上年 {display_value(pg.value, '元', unit)}"
    else:
        change = search(replace(q, measure="change"), index, measure="change")
        if not change:
            return None
        chg = group_matches(change)[0]
        sign = -1 if chg.best_fact.direction == "减少" else 1
        before = cg.value - sign * chg.value
        operands = [cg.best_fact, chg.best_fact]
        how_prev = f"上年 {display_value(before, '元', unit)}（{display_value(cg.value, '元', unit)} − 变化 {display_value(sign * chg.value, '元', unit)}）"
    if before == 0:
        return None
    rate = ((cg.value - before) / before * 100).quantize(Decimal("0.01"))
    label = best_label(cg, q.subject)
    how = f"({display_value(cg.value, '元', unit)} − {how_prev}) ÷ 上年 × 100%"
    b = AnswerBuilder(q.text, eng.docs)
    b.add_computed(f"{label}比上年变化率", abs(rate), "%", operands, unit, how)
    word = "增长" if rate >= 0 else "下降"
    b.answer.text = f"{label}比上年{word} {abs(rate)}%（计算得出：{how}）。\n{sources_line(cg, eng.docs)}"
    b.answer.warnings.append("该百分比文件中没有直接印出，由引用的数字计算得出。")
    b.answer.context = scope.context_of(eng, q, d)
    return b.answer


def _completion(eng: Engine, q: Query, d: DocumentInfo, index: FactIndex, unit: str | None) -> Answer | None:
    """「公益性岗位补贴决算完成了年初预算的多少」 when no rate is printed: 决算数 ÷ 年初预算数 of one
    sentence (「年初预算为105.00万元，支出决算为50.11万元」) or one table row, never of two places."""
    stage = "调整预算" if "调整" in (q.share_of or "") else "年初预算"

    def staged(name: str) -> FigureGroup | None:
        words = [w for w in STAGE_COLUMNS[name] if w not in {"预算数", "年初"}] or list(STAGE_COLUMNS[name])
        found = search(replace(q, measure="amount", columns=words, share_of=""), index, measure="amount")
        return group_matches(found)[0] if found else None

    done, base = staged("决算"), staged(stage)
    if done is None or base is None or base.value == 0:
        return None
    df, bf = done.best_fact, base.best_fact
    same_sentence = df.origin == bf.origin == "text" and df.quote == bf.quote
    same_row = df.origin == bf.origin == "table" and (df.table_idx, df.row_index) == (
        bf.table_idx,
        bf.row_index,
    )
    if df is bf or not (same_sentence or same_row):
        return None
    rate = (done.value / base.value * 100).quantize(Decimal("0.01"))
    label = best_label(done, q.subject)
    shown_d, shown_b = display_value(done.value, "元", unit), display_value(base.value, "元", unit)
    how = f"决算数 {shown_d} ÷ {stage}数 {shown_b} × 100%"
    b = AnswerBuilder(q.text, eng.docs)
    b.add_computed(f"{label}完成{stage}的比例", rate, "%", [df, bf], unit, how)
    b.answer.text = f"{label}决算完成{stage}的 {rate}%（计算得出：{how}）。\n{sources_line(done, eng.docs)}"
    b.answer.warnings.append("该比例文件中没有直接印出，由同一处印出的决算数和预算数相除得出。")
    b.answer.context = scope.context_of(eng, q, d)
    return b.answer


def _stage_difference(
    eng: Engine, q: Query, d: DocumentInfo, index: FactIndex, unit: str | None
) -> Answer | None:
    """「一般公共预算财政拨款支出比年初预算数多了多少」: 决算数 − 年初预算数 of one printed row."""

    def in_stage(stage: str) -> dict[tuple, FigureGroup]:
        words = [w for w in STAGE_COLUMNS[stage] if w not in {"预算数", "年初"}] or list(STAGE_COLUMNS[stage])
        found = search(replace(q, measure="amount", columns=words), index, measure="amount")
        rows = {}
        for m in found:
            f = m.fact
            if f.origin == "table" and any(w in f.column for w in words):
                rows.setdefault((f.table_idx, f.row_index), group_matches([m])[0])
        return rows

    final, base = in_stage("决算"), in_stage(q.compare_stage)
    shared = [k for k in final if k in base]
    if not shared:
        return _printed_stage_change(eng, q, d, index, unit)
    fg, bg = final[shared[0]], base[shared[0]]
    diff = fg.value - bg.value
    label = best_label(fg, q.subject)
    shown_f, shown_b = display_value(fg.value, "元", unit), display_value(bg.value, "元", unit)
    b = AnswerBuilder(q.text, eng.docs)
    if q.measure == "percent_change":
        if bg.value == 0:
            return None
        rate = (diff / bg.value * 100).quantize(Decimal("0.01"))
        how = f"(决算数 {shown_f} − {q.compare_stage}数 {shown_b}) ÷ {shown_b} × 100%"
        b.add_computed(
            f"{label}决算比{q.compare_stage}变化率", abs(rate), "%", [fg.best_fact, bg.best_fact], unit, how
        )
        b.answer.text = f"{label}决算数比{q.compare_stage}数{'增长' if rate >= 0 else '下降'} {abs(rate)}%（计算得出：{how}）。"
    else:
        how = f"决算数 {shown_f} − {q.compare_stage}数 {shown_b}"
        word = "多" if diff >= 0 else "少"
        b.add_computed(
            f"{label}决算数比{q.compare_stage}数{word}",
            abs(diff),
            "元",
            [fg.best_fact, bg.best_fact],
            unit,
            how,
        )
        b.answer.text = f"{label}决算数比{q.compare_stage}数{word} {display_value(abs(diff), '元', unit)}（计算得出：{how}）。"
    b.answer.text += f"\n{sources_line(fg, eng.docs)}"
    b.answer.warnings.append("该数字文件中没有直接印出，由同一行的两个数字计算得出。")
    b.answer.context = scope.context_of(eng, q, d)
    return b.answer


def _printed_stage_change(
    eng: Engine, q: Query, d: DocumentInfo, index: FactIndex, unit: str | None
) -> Answer | None:
    """The narrative's own 「比年初预算增加1668.14万元」 when the tables do not hold both stages."""
    cue = re.compile(rf"(比|较|与){q.compare_stage}")
    found = [
        m
        for measure in ("change", "amount")
        for m in search(replace(q, measure=measure, columns=[]), index, measure=measure)
        if m.fact.origin == "text" and cue.search(m.fact.quote)
    ]
    for m in found:
        # the figure printed right after the comparison is the change
        tail = m.fact.quote[cue.search(m.fact.quote).end() :]
        if m.fact.printed and m.fact.printed in tail[:30]:
            g = group_matches([m])[0]
            b = AnswerBuilder(q.text, eng.docs)
            label = f"{best_label(g, q.subject)}（比{q.compare_stage}）"
            fig = b.add_group(label, g, unit)
            b.answer.text = f"{label}：{fig.display}。\n{sources_line(g, eng.docs)}"
            b.answer.context = scope.context_of(eng, q, d)
            return b.answer
    return None


_FELL = re.compile(r"(?:减少|下降|降低|少)\s*$")


def signed_as_asked(q: Query, ans: Answer, unit: str | None) -> None:
    """「比去年多多少」 answered by a decrease (「减少19.79万元」): the amount asked is negative,
    -19.79万元.  The figure then cites a source stating that reading of the printed (or computed)
    decrease, followed by the places it is printed, and a warning says so."""
    if ans.kind != "figure" or not ans.figures or q.measure != "change":
        return
    asked = q.norm.replace("多少", "")  # 「多了多少」 asks 多, its 少 is the question word
    if not re.search(UP_WORDS, asked) or re.search(DOWN_WORDS, asked):
        return
    fig = ans.figures[0]
    if fig.unit != "元" or fig.value <= 0:
        return
    shown = re.split(r"[（(]", fig.display, maxsplit=1)[0]
    at = ans.text.find(shown)
    if at < 0 or not (_FELL.search(ans.text[:at]) or _FELL.search(fig.label)):
        return
    cited = ans.sources[fig.source]
    display = display_value(-fig.value, "元", unit or ("万元" if shown.endswith("万元") else "元"))
    ans.sources.insert(
        0,
        Source(
            document=cited.document,
            department=cited.department,
            year=cited.year,
            quote=f"计算：所问为增加多少，减少{fig.display}记为 {display}",
            section="由下列引用的数字计算得出",
            file=cited.file,
            doc_id=cited.doc_id,
        ),
    )
    for other in ans.figures[1:]:
        other.source += 1  # the statement of the reading comes first, the printed places after it
    label = re.sub(r"(?:减少|下降)$", "增加", fig.label)  # 「比2024年增加 -10.00万元」
    ans.figures[0] = Figure(label=label, value=-fig.value, unit="元", display=display, source=0)
    ans.text = ans.text.rstrip() + f"\n按所问（增加多少）计：{display}。"
    ans.warnings.append("所问为增加多少，实际是减少，答案记为负数。")
