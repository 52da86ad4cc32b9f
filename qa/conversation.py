"""Conversation state: what a follow-up question inherits from the answers before it.

The engine keeps no state between calls; everything a follow-up needs travels in the
``context`` of the previous answers (``history``), so concurrent conversations on one
engine never see each other.  The rule (issue 11): a question that names its own subject is a
new question; only a question without one (「那2020年呢」「占比多少」「换成元」「它的负责人是谁」
「基本支出呢」) inherits, and the answer then says what it inherited.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from index.vocabulary import (
    ACROSS_DEPARTMENTS,
    BASIS_CUE,
    BASIS_QUESTION,
    BUDGET_STAGE_NAME,
    COLUMN_WORDS,
    COMPARISON_CUE,
    FLAT_TABLE_COUNT_COLUMNS,
    FOLLOW_UP_CUE,
    FOLLOW_UP_PRONOUN,
    GENERIC_TOTAL_SUBJECTS,
    INCOME_TOTAL_SUBJECTS,
    MONEY_ITEM_WORDS,
    OTHER_SIDE,
    OWN_UNIT_WORDS,
    PART_CUE,
    SCOPE_LEVEL_WORD,
    SIDE_WORDS,
    SUBJECTLESS_WORDS,
    SUM_WORDS,
    TOTAL_SUBJECTS,
    TOTAL_WORDS,
    WHOLE_INCOME_SUBJECTS,
    YEAR_SPENDING_SUBJECTS,
)
from qa.answer import Answer
from qa.compose import display_value, doc_label, passage_source
from qa.understand import Query, core, readings, subject_variants

if TYPE_CHECKING:
    from qa.engine import Engine

_FOLLOW_UP = re.compile(FOLLOW_UP_CUE)
_PRONOUN = re.compile(FOLLOW_UP_PRONOUN)
_ACROSS = re.compile(ACROSS_DEPARTMENTS)
_LEVEL = re.compile(SCOPE_LEVEL_WORD)
_PART_CUE = re.compile(PART_CUE)
# 「本级预算」「区办本级支出」「市本级支出」: the level or own unit a subject begins with (whose, not what)
_OWN_LEVEL_LEAD = re.compile(rf"^(?:[省市区县]?(?:{OWN_UNIT_WORDS})|{SCOPE_LEVEL_WORD})")
# 「绩效目标呢？」: a name and 呢, nothing asked of it
_NAME_ONLY = re.compile(r"(?:那么?)?[\u4e00-\u9fff“”]{2,}呢[？?]?")
_WHOLE = re.compile(SUM_WORDS)
_ASKS_BASIS = re.compile(BASIS_QUESTION)
_BASIS = re.compile(BASIS_CUE)
_COMPARISON = re.compile(COMPARISON_CUE)
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]?")
_MONEY = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?\s*(?:万元|亿元|元)")
_ITEM_START = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．](?!\d))"
)
_PROCUREMENT_TOPIC = re.compile(r"采购")  # a conversation about procurement: its rows are the answer
_UNIT_SWITCH = re.compile(r"(请)?(换成|换算成|用|以|改成|转成)?(亿元|万元|元)(表示|计|呢|显示|单位)?[？?。]?")


def unit_switch(eng: Engine, q: Query, history: list[Answer]) -> Answer | None:
    """「换成元」「用万元表示」: the last answer's money figures shown in the other unit."""
    m = _UNIT_SWITCH.fullmatch(q.norm)
    if not m:
        return None
    unit = m.group(3)
    prev = next((a for a in reversed(history) if a.figures), None)
    if prev is None:
        return Answer(
            q.text, "clarify", "上面还没有可以换算单位的金额。请先问一个金额，例如「三公经费是多少」。"
        )
    if not any(f.unit == "元" for f in prev.figures):
        shown = "、".join(f"{f.label}：{f.display}" for f in prev.figures[:3])
        return Answer(
            q.text,
            "clarify",
            f"上一个答案不是金额（{shown}），没有可以换算成{unit}的数字。",
            context=prev.context,
        )
    ans = Answer(
        question=q.text,
        kind=prev.kind,
        text="",
        sources=prev.sources,
        warnings=prev.warnings,
        context=prev.context,
    )
    lines = []
    for fig in prev.figures:
        new = replace(fig, display=display_value(fig.value, fig.unit, unit))
        ans.figures.append(new)
        lines.append(f"{new.label}：{new.display}")
    ans.text = "；".join(lines) + "。"
    return ans


def names_own_subject(q: Query) -> bool:
    """Does the question say what it is about (a name, a code, a table), not only how to measure it?"""
    if q.codes or q.table_hint:
        return True
    subject = _PRONOUN.sub("", q.subject)
    return bool(subject) and subject not in SUBJECTLESS_WORDS and len(core(subject) or subject) >= 2


def resolve_follow_up(eng: Engine, q: Query, prev: Answer) -> tuple[Query, str]:
    """Fill what a follow-up leaves out from the last answer; returns the query and what was inherited.

    Subject-less questions inherit the subject (and its columns and codes); 「基本支出呢」 keeps the
    row and switches the column; 「江苏高院呢」 keeps the subject and switches the department.  A
    question with its own subject is new (「基本支出多少」 never repeats the previous figure); it keeps
    the previous department only when phrased as a follow-up (「那公务接待费呢」).
    """
    ctx = prev.context or {}
    if not ctx.get("subject") and not ctx.get("doc_ids"):
        return q, ""
    if not q.departments:
        from qa.place_follow import follow_place

        placed = follow_place(eng, q, prev)  # 「余额呢」「乌鲁木齐呢」 after a cell of a table by area
        if placed is not None:
            return placed
    if q.unknown_org and not q.departments and names_other_department(eng, q, ctx):
        return q, ""  # 「那交通建设局2017年的…」 in a conversation about 政协: that body's own document
    follow_words = bool(_FOLLOW_UP.search(q.norm))
    bare = _PRONOUN.sub("", _PART_CUE.sub("", q.subject))
    column_only = bare in COLUMN_WORDS and (follow_words or bool(_PART_CUE.search(q.norm)))
    if column_only and prev.figures and prev.figures[0].unit not in ("元", "%"):
        # 「公用支出呢」 after 「在职几个人」: a row of counts has no money column; the money of that name
        column_only = bare in FLAT_TABLE_COUNT_COLUMNS
    if column_only and prev.sources and not any(s.table for s in prev.sources):
        # 「那它的人员支出呢」 after a figure printed in a sentence (机关运行经费0.00万元): no row has that
        # column — the word names a thing of its own
        column_only = False
    own = names_own_subject(q) and not column_only
    level = bare if follow_words and _LEVEL.fullmatch(bare) and ctx.get("subject") else ""
    if level:
        own = False  # 「那省本级呢」 after 全省…: the same subject at the level named
    # (the year word of 「年初呢」 is read as a year's: its bare words are looked at too)
    said = _FOLLOW_UP.sub("", q.norm).rstrip("？?")
    side = (
        (_other_side(bare, ctx.get("subject", "")) or _other_side(said, ctx.get("subject", "")))
        if follow_words
        else ""
    )
    if side:
        own = False  # 「支出呢」 after 「社会保险基金收入」: the same fund's 支出
    if follow_words and ctx.get("body") and of_body(q, ctx):
        own = True  # 「绿色财政研究服务中心呢」「它的三公经费呢」: the unit carries the question
    if (
        not own
        and q.measure == "percent_share"
        and not q.share_of
        and ctx.get("part_of")
        and not re.search(r"全部|所有|总|合计|整体", q.norm)
    ):
        q.share_of = ctx[
            "part_of"
        ]  # 「占多少」 after 「其中事业收入呢」: of that whole, not the document's total
    if own and not follow_words and names_other_place(eng, q, ctx):
        return q, ""  # 「新疆…喀什地区的债务余额」 in a conversation about 淮安: another document's place
    if own and not follow_words:
        # a new question: its own subject, but the department the conversation is about stays
        # (「机关运行经费安排了多少」 after three questions about one bureau is about that bureau)
        note = keep_department(q, ctx)
        if note:
            q.near_section = _quoted_section(prev, q)
        topic = ctx.get("subject", "")
        if note and topic and not whole_or_sibling(topic) and topic not in q.subject:
            # the topic so far favours rows under it (「服务类」 after 「政府采购」), never excludes others
            q.alternatives = [*q.alternatives, (q.subject, [topic])]
            q.asks_procurement = q.asks_procurement or _PROCUREMENT_TOPIC.search(topic) is not None
        return q, note
    inherited = ""
    topic = ctx.get("subject", "")
    if own and _WHOLE.search(q.norm):
        # 「那政府采购一共多少」 after a part of it (小微企业预留…): the whole, not a part of the topic
        topic = ""
    elif not names_own_scope(q):
        # 「公务接待费呢」 after the 三公 paragraph: read on in it; one naming its own scope (局本级, a
        # unit) asks outside that paragraph
        q.near = _paragraph_of(eng, prev)
    # 「那2018年安排了多少钱还本付息」 after 「其中专项债务呢」 of 2017: another year's question starts afresh
    # (「那2020年预算呢」 names no thing of its own: the topic stays)
    new_year = bool(q.year and ctx.get("year") and q.year != ctx["year"]) and (
        core(q.subject) not in GENERIC_TOTAL_SUBJECTS
    )
    if (
        own
        and topic
        and not whole_or_sibling(topic)
        and topic not in q.subject
        and not q.departments
        and not new_year
    ):
        # 「专项债务呢」「其中一般债务」 after 「债务余额」: a part of what was asked; the topic favours
        # rows under it (the 余额 columns, not the 限额 ones), never excludes others
        q.alternatives = [*q.alternatives, (q.subject, [topic])]
        q.topic = topic
        kept = _LEVEL.search(topic)
        if kept and not _LEVEL.search(q.norm):
            q.scope_level = kept.group(0)
    if column_only and whole_or_sibling(ctx.get("subject", "")):
        # 「那基本支出呢」 after the whole budget (or after 人员经费): a part of it, not a column of it
        column_only, own = False, True
        q.subject, q.subjects, q.alternatives = bare, subject_variants(bare), readings(bare, [bare])
        q.columns = [c for c in q.columns if c != bare]
    if own and ctx.get("subject") and _PART_CUE.search(q.norm) and not q.departments:
        # 「其中事业收入呢」: a part of the whole just given (its 占多少 is of it), named as printed
        # (本年收入) when one figure was given
        q.part_of = prev.figures[0].label if len(prev.figures) == 1 else ctx["subject"]
    if column_only:
        # "基本支出呢": the same row, another column
        q.columns = [bare]
        bare = ""
    if not own:
        subject = ctx.get("subject", "") or _whole_answered(q, prev)
        if subject:
            inherited = f"按上一问的「{subject}」理解"
        if level:
            subject = level + (_LEVEL.sub("", subject) or subject)
            inherited += f"，改问{level}"
        if side:
            subject, inherited = side, inherited + f"，改问「{side}」"
        subject = _sided_part(q, prev, subject)
        q.subject = subject
        q.subjects = subject_variants(subject)
        q.alternatives = readings(subject, subject.split())
        if ctx.get("topic") and not side:
            # 「市本级呢」 after 「专项债务」 of 「政府债务余额」: still a part of that whole
            q.topic = _LEVEL.sub("", ctx["topic"]) or ctx["topic"]
            q.alternatives = [*q.alternatives, (subject, [q.topic])]
        kept = _LEVEL.search(subject)
        if kept and not _LEVEL.search(q.norm):
            q.scope_level = kept.group(0)  # 「比上年增长多少」 after 「那省本级呢」 is still about 省本级
        if subject and re.search(r"买|购", q.norm) and "购" not in subject:
            # 「今年安排买几辆」 after 「有几辆车」: the purchase of it (购置车辆)
            # (the bare subject is no reading: the stock 「共有车辆4辆」 printed under a section titled
            # 资产购置 would pass for the purchase)
            q.alternatives = [(w, []) for v in subject_variants(subject) for w in ("购置" + v, v + "购置")]
        if not q.columns and ctx.get("columns"):
            q.columns = list(ctx["columns"])
        if not q.codes and ctx.get("codes"):
            q.codes = list(ctx["codes"])
    new_department = bool(q.departments)
    if not q.departments and ctx.get("departments"):
        q.departments = list(ctx["departments"])
        q.inherited_department = True
    if (
        not own
        and not side  # 「支出呢」 names a subject of its own: its amount, as 「专项债务呢」 would
        and q.measure == "amount"
        and ctx.get("measure")
        and not q.year
        and q.intent == "figure"
        and not q.explicit_money  # 「金额是多少」 after a share asks for the money itself
    ):
        q.measure = ctx["measure"] if ctx["measure"] != "previous" else "amount"
    if (
        own
        and follow_words
        and q.measure == "amount"
        and not q.explicit_money
        and ctx.get("measure") in {"count", "quantity", "percent_share"}
        # 「那县政协2017年公务接待费是多少」 after 「几辆公车」: a whole question of another body, its own measure
        and not new_department
        # 「机关运行经费呢」 after 「在职多少人」: an item of money is asked as money
        and not re.search(MONEY_ITEM_WORDS, q.subject or "")
        # 「其中增值税呢」 after 「完成预算多少」: the completion rate was the whole's; a part asks its amount
        and not (q.part_of and re.fullmatch(BUDGET_STAGE_NAME, ctx.get("share_of", "")))
    ):
        q.measure = ctx["measure"]  # 「离退休的呢」 after 「实际有多少人」 asks for people, not money
    elif (
        own
        and follow_words
        and q.measure == "amount"
        and ctx.get("measure") in {"amount", "change", "percent_change", "previous"}
        and (ctx.get("measure") != "amount" or any(f.unit == "元" for f in prev.figures[:1]))
        and not re.search(r"率|比例|比重|满意|占|人数|几", q.norm)
    ):
        q.explicit_money = True  # 「公车呢」 after the money of 公务接待费: its money, not the cars held
    # the year carries over only within the same department (江苏高院呢 asks about its own year)
    if not q.year and not new_department and ctx.get("year") and q.relative_year != "previous":
        q.year = ctx["year"]
    if own and q.unknown_org and not new_department and ctx.get("departments"):
        # 「国库支付中心的三公经费呢」: a unit under the conversation's department, its row
        from qa.scope import as_body

        as_body(q, q.unknown_org)
    if own and not new_department and not q.unknown_org:
        q.near_section = _quoted_section(prev, q)  # 「那培训费安排了多少」: a sibling item of that section
    if not new_department and (not own or follow_words) and not (q.year and q.year != ctx.get("year")):
        # 「支出呢」「年末滚存结余呢」 after 2016年社保基金收入决算 of a 决算 report: the same document, when it
        # answers, before another of the same body and year (that year's budget report)
        q.follow_docs = list(ctx.get("doc_ids") or [])
    if (
        follow_words
        and q.intent == "passage"
        and not q.wants_why
        and prev.kind == "figure"
        and _NAME_ONLY.fullmatch(q.norm)
    ):
        # 「绩效目标呢」「内设机构呢」 after a figure: a figure again, and what such a name prints as a figure is
        # how many there are (「共设置绩效目标15个」), not its passage
        q.intent, q.measure = "figure", "count"
        q.subject, q.subjects, q.alternatives = said, subject_variants(said), readings(said, [said])
    q.unknown_org = ""
    return q, inherited


def _sided_part(q: Query, prev: Answer, subject: str) -> str:
    """「比上年增长百分之几」 after 「其中政府性基金多少」 asked as a part of 「收入多少」: the change of that part of
    the income, never the 政府性基金支出 of another section; the part named with the side (收入, 支出) of the
    whole it was asked as a part of, when its own name says none."""
    from qa.lookup import opposite_side

    if q.measure not in {"change", "percent_change"} or not subject or opposite_side(subject):
        return subject
    whole = (prev.context or {}).get("part_of", "")
    sides = [w for w in SIDE_WORDS if w in whole]
    return subject + sides[0] if len(sides) == 1 else subject


def change_of_whole(eng: Engine, q: Query, prev: Answer, docs, unit: str | None) -> Answer | None:
    """A change asked of a part (「其中政府性基金多少」 of 「收入多少」) that the page prints only for the whole the
    part was asked of: the whole's printed change, saying that the part's own is not printed; else None."""
    whole = (prev.context or {}).get("part_of", "")
    if q.measure not in {"change", "percent_change"} or not whole or whole == q.subject:
        return None
    asked = replace(q, subject=whole, subjects=subject_variants(whole), alternatives=readings(whole, [whole]))
    answer = eng._by_kind(asked, docs, unit)
    if answer.kind != "figure" or not answer.figures:
        return None
    answer.text = f"没有单列「{q.subject}」的变化，下面是它所在的整体——" + answer.text
    return answer


def _whole_answered(q: Query, prev: Answer) -> str:
    """「比上年多了多少」 after 「2016年花了多少钱」 (asked by no name, answered 本年支出): the change of the whole
    the last answer gave, named as it printed it; "" when it gave no one whole."""
    labels = {f.label for f in prev.figures}  # (one figure, or the same printed twice apart)
    if q.measure not in {"change", "percent_change", "previous"} or len(labels) != 1:
        return ""
    label = labels.pop()
    wholes = WHOLE_INCOME_SUBJECTS | YEAR_SPENDING_SUBJECTS
    return label if label in wholes or core(label) in wholes else ""


def names_own_scope(q: Query) -> bool:
    """Does the question name a scope of its own (a unit, 局本级, 市本级)?  Such a question asks
    outside the paragraph the last answer quoted (scope resolution sets ``q.body`` for 局本级 only
    later, so its words are looked at here)."""
    return bool(q.body or _LEVEL.search(q.norm) or re.search(OWN_UNIT_WORDS, q.norm))


def _quoted_section(prev: Answer, q: Query) -> str:
    """The section of the narrative sentence the last answer's figure was quoted from, or "".

    Only for a question naming a sibling item in the same scope: one naming its own scope (局本级,
    a unit) asks outside that section."""
    if not prev.figures or not prev.sources or names_own_scope(q):
        return ""
    src = prev.sources[prev.figures[0].source]
    return (src.section or "") if not src.table and src.doc_id else ""


def asks_another_measure(q: Query, prev: Answer) -> bool:
    """Does a follow-up that inherited its subject ask a count of a money figure (or money of a
    count)?  Then the sentence the last answer quoted is read first: it names what was counted."""
    was = (prev.context or {}).get("measure")
    return {was, q.measure} == {"amount", "count"} and bool(prev.figures)


def repeats_the_whole(q: Query, answer: Answer, prev: Answer) -> bool:
    """Does the answer to a part asked of the last figure (「其中货物采购呢」), or to a follow-up naming
    another subject (「服务类采购呢」 after 政府采购支出总额), give that figure again?"""
    asked = core(q.subject) if q.subject else ""
    was = (prev.context or {}).get("subject", "")
    another = (
        bool(asked)
        and _FOLLOW_UP.search(q.norm) is not None
        and asked != (core(was) if was else "")
        and _same_place(answer, prev)  # (the same value printed elsewhere may be the other item's own)
    )
    repeated = bool(
        (q.part_of or another)
        and answer.kind == "figure"
        and answer.figures
        and prev.figures
        and answer.figures[0].value == prev.figures[0].value
        and answer.figures[0].unit == prev.figures[0].unit
    )
    if repeated and q.part_of and asked and _same_place(answer, prev):
        # 「其中工程采购多少」 after 「政府采购支出总额90.00万元，其中：…政府采购工程支出90.00万元」: a part named in the
        # whole's own sentence, as much as the whole, is that part, not the whole again
        return core(answer.figures[0].label) == core(prev.figures[0].label)
    if repeated and q.part_of and asked and not _same_place(answer, prev):
        # 「其中项目支出呢」 after 本年支出 24.94万元 where 「2.项目支出24.94万元」 is printed (its 基本支出 is 0): the
        # part's own figure, read where the part is named, may equal its whole
        from qa.lookup import name_score

        return name_score(asked, core(answer.figures[0].label)) < 90
    return repeated


def _same_place(answer: Answer, prev: Answer) -> bool:
    """Is the answer's first figure read from the very place the last answer's was (same quote, cell)?"""
    if not answer.figures or not prev.figures:
        return False
    a, b = answer.sources[answer.figures[0].source], prev.sources[prev.figures[0].source]
    return (a.doc_id, a.quote, a.table, a.row, a.column) == (b.doc_id, b.quote, b.table, b.row, b.column)


def share_carried(q: Query, prev: Answer) -> bool:
    """Was the question's share measure carried over from the last answer, not asked in its words?"""
    return (
        q.measure == "percent_share"
        and (prev.context or {}).get("measure") == "percent_share"
        and not re.search(r"占|比例|比重|百分|%|％|率|几成", q.norm)
    )


def no_share_said(answer: Answer) -> bool:
    """Does the answer give no share of its own: not found, or a share of 0 computed (not printed)?"""
    if answer.kind == "not_found":
        return True
    first = answer.figures[0] if answer.figures else None
    return (
        first is not None
        and first.unit == "%"
        and first.value == 0
        and answer.sources[first.source].doc_id is None
    )


def _paragraph_of(eng: Engine, prev: Answer) -> tuple:
    """(doc_id, paragraph_idx) of the sentence the last answer's figure was read from, or ()."""
    if not prev.figures:
        return ()
    src = prev.sources[prev.figures[0].source]
    index = eng.indexes.get(src.doc_id or "") if not src.table and src.quote else None
    if index is None:
        return ()
    f = next((f for f in index.facts if f.origin == "text" and f.quote == src.quote), None)
    return (f.doc_id, f.paragraph_idx) if f is not None and f.paragraph_idx is not None else ()


def _other_side(bare: str, subject: str) -> str:
    """「支出呢」 after 「全市一般公共预算收入」 → 全市一般公共预算支出 (the last 收入 made 支出); 「年初呢」
    after 「年末结转和结余」 → 年初结转和结余; or ""."""
    other = OTHER_SIDE.get(bare, "")
    at = subject.rfind(other) if other else -1
    if at < 0 or bare in subject:
        return ""
    return subject[:at] + bare + subject[at + len(other) :]


def _place_stem(region: str) -> str:
    """新疆维吾尔自治区 → 新疆, 河北省 → 河北, 淮安市 → 淮安: how people name a place."""
    stem = re.sub(r"(维吾尔|壮族|回族)?自治区$|特别行政区$|[省市区县州]$", "", region or "")
    return stem if len(stem) >= 2 else ""


def names_other_place(eng: Engine, q: Query, ctx: dict) -> bool:
    """Does a new question name the place of a document of another department than the
    conversation's (and not the conversation's own place)?  Then it keeps no department."""
    current = set(ctx.get("departments") or [])
    if not current or q.departments:
        return False
    own = {_place_stem(d.region or "") for d in eng.docs.values() if d.department in current} - {""}
    if any(st in q.norm for st in own):
        return False
    return any(
        (st := _place_stem(d.region or "")) and st in q.norm
        for d in eng.docs.values()
        if d.department not in current
    )


def names_other_department(eng: Engine, q: Query, ctx: dict) -> bool:
    """Does the body a question names (not read as a department) name documents of the store's other
    departments only, never the conversation's own?  Then it is no unit under the conversation's one."""
    current = set(ctx.get("departments") or [])
    if not current:
        return False
    from qa.catalogue import resolve_org

    like = resolve_org(eng, q.unknown_org, list(eng.docs.values()), printed=False)
    return bool(like) and not any(d.department in current for d in like)


def of_body(q: Query, ctx: dict) -> bool:
    """A follow-up about a unit under the department (not a department of the store).

    「B呢」 after 「A的预算多少」 asks the same of unit B; 「它的三公经费呢」 after a unit asks that
    unit's 三公经费.  Rewrites the subject so the unit's row is what the lookup reads."""
    old_body, prev = ctx["body"], ctx.get("subject", "")
    if q.unknown_org and q.unknown_org != old_body:
        new_body = q.unknown_org
        rest = prev.replace(old_body, "") if old_body in prev else prev
        subject = new_body + re.sub(r"^的", "", rest)
    elif q.norm.startswith("它") and q.subject:
        new_body = old_body
        subject = new_body + _PRONOUN.sub("", q.subject).lstrip("的")
        rest = subject[len(new_body) :]
        if rest not in q.columns:
            q.columns = [*q.columns, rest]  # the unit's row, that column (「“三公”经费合计」)
    else:
        return False
    q.body, q.unknown_org = new_body, ""
    q.subject, q.subjects = subject, subject_variants(subject)
    rest = subject[len(new_body) :]
    q.alternatives = [(subject, []), *([(rest, [new_body])] if len(core(rest) or rest) >= 2 else [])]
    return True


def whole_or_sibling(subject: str) -> bool:
    """Is the previous subject the whole budget (支出总计, 总支出) or itself a part named by a column
    word (人员经费)?  Then 「基本支出呢」「公用经费呢」 name a new part, not a column of that row.  A level's
    or the department's own unit's whole (本级预算, 区办本级支出) is a whole too: its level says whose."""
    subject = _OWN_LEVEL_LEAD.sub("", subject or "") or subject
    c = core(subject) if subject else ""
    if not c or c in GENERIC_TOTAL_SUBJECTS or subject in TOTAL_WORDS:
        return True
    # a total's name with nothing but generic words around it (部门支出预算), not a row named with a
    # stage word after it (城乡社区支出预算 is the row 城乡社区支出)
    return any(
        c == core(t)
        or t in subject
        and (not t.endswith("预算") or (core(subject.replace(t, "")) or "") in GENERIC_TOTAL_SUBJECTS)
        for t in TOTAL_SUBJECTS + INCOME_TOTAL_SUBJECTS
    ) or any(core(w) in {c, re.sub(rf"{BUDGET_STAGE_NAME}$", "", c)} for w in COLUMN_WORDS)
    # (「项目支出预算」: a column word said with its stage)


def _short_form_of(org: str, department: str) -> bool:
    """Is ``org`` (信访局, 市信访局, 财政局) a short form of ``department`` (广州市信访局)?"""
    from qa.catalogue import department_key, org_stems

    place, stems = org_stems(org)
    key = department_key(department)
    return not place and any(len(st) >= 2 and st in key for st in stems)


def keep_department(q: Query, ctx: dict) -> str:
    """A new question naming no department (and not asking across departments) keeps the one
    the conversation named, and its year; returns the note saying so, or ""."""
    departments = ctx.get("departments") or []
    if q.departments or len(departments) != 1 or _ACROSS.search(q.norm):
        return ""
    if q.unknown_org:
        # 「信访局的机关运行经费」: a short form several departments share, one of them the
        # conversation's, means that one; any other body named is a new scope
        if not _short_form_of(q.unknown_org, departments[0]):
            return ""
        drop = q.unknown_org
        q.subject = re.sub(r"^的", "", q.subject.replace(drop, ""))
        q.subjects = subject_variants(q.subject)
        q.alternatives = [(re.sub(r"^的", "", a.replace(drop, "")), c) for a, c in q.alternatives]
        q.unknown_org = ""
    q.departments = list(departments)
    q.inherited_department = True
    if not q.year and ctx.get("year") and q.relative_year != "previous" and not q.compare_year:
        q.year = ctx["year"]
    return f"按上文所问的部门「{departments[0]}」理解"


def say_inherited(answer: Answer, note: str) -> None:
    """Tell the reader how a follow-up was read: 「按上一问的「政务数据治理项目」理解」."""
    if answer.kind in {"figure", "list", "passage"} and note not in answer.text:
        answer.text = f"（{note}）" + answer.text
    answer.context = {**answer.context, "inherited": note}


_CLAUSE_START = re.compile(r"[。；;！？]|\d")
_READ_ON = 3  # paragraphs after the quoted one a follow-up may read on in (same section)


def _clause_before(f) -> str:
    """The words printed before a sentence figure, back to the figure or sentence end before it
    (「…690.47万元；在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额」 → from 在)."""
    at = f.printed_at()
    if at <= 0:
        return f.subject
    before = f.quote[:at]
    cut = max((m.end() for m in _CLAUSE_START.finditer(before)), default=0)
    return before[cut:]


def same_sentence(eng: Engine, q: Query, prev: Answer, unit: str | None) -> Answer | None:
    """「涉及资金多少」 after 「做了几个项目的绩效自评」 (7个): a follow-up that names no figure of its
    own asks another figure of the sentence the last answer quoted (「…7个项目…共涉及资金940.15万元」),
    or of the sentences printed right after it in its section (「留给中小企业的有多少」 after the
    政府采购预算 reads the next paragraph's 面向中小企业预留…; 「中小企业中标的有多少」 the clause
    「由中小企业供应商中标或成交的，采购金额…」).

    Used only when the question found nothing by its (inherited) name; the figure whose own clause
    shares the most of the question's words wins, the earliest on a tie (the text is read on)."""
    from rapidfuzz import fuzz

    from qa.kinds.figure import compose_single
    from qa.lookup import Match, group_matches, measure_ok
    from qa.passages_fallback import bigrams

    if not prev.figures or q.intent != "figure":
        return None
    cited = prev.sources[prev.figures[0].source]
    d = eng.docs.get(cited.doc_id or "")
    index = eng.indexes.get(d.doc_id) if d else None
    if index is None or cited.table or not cited.quote:
        return None
    first = prev.figures[0]
    # every sentence printing the last figure (a count is often printed in two sentences)
    quotes = {cited.quote} | {
        f.quote for f in index.facts if f.origin == "text" and f.value == first.value and f.unit == first.unit
    }
    # and the paragraphs read on after the quoted one, in its section
    quoted = next((f for f in index.facts if f.origin == "text" and f.quote == cited.quote), None)
    start = quoted.paragraph_idx if quoted is not None else None

    # paragraphs that print a figure: the lines of a list of uses (「1.开展…；2.参加…」) between are read over
    figured = {
        f.paragraph_idx for f in index.facts if f.origin == "text" and quoted and f.section == quoted.section
    }

    def read_on(f) -> bool:
        return (
            start is not None
            and f.paragraph_idx is not None
            and f.section == quoted.section
            and start <= f.paragraph_idx
            and sum(1 for p in figured if p is not None and start < p <= f.paragraph_idx) <= _READ_ON
        )

    shown = {f.value for f in prev.figures}
    found = [
        f
        for f in index.facts
        if f.origin == "text"
        and (f.quote in quotes or read_on(f))
        and measure_ok(f, q.measure)
        and f.value not in shown
    ]
    if q.count_unit and q.measure in {"count", "quantity"}:
        # 「一共接待了多少人」 of 「累计接待22批次、接待总人数317人」: the counting word asked decides
        found = [f for f in found if f.unit == q.count_unit] or found
    if not found:
        return None
    # the question's own words (「涉及」 of 「涉及多少钱」), not a subject it inherited
    asked = core(q.subject) if q.subject and q.subject in q.norm else core(q.norm) or q.norm
    # 「年末保有多少辆」: the words before the question's 多少辆 name the figure
    asked = re.sub(r"(?:是|为|共)?(?:多少|几)[^\d]{0,2}$", "", asked) or asked
    wanted = bigrams(asked)

    def near(f) -> float:
        clause = _clause_before(f)
        words = len(wanted & bigrams(clause)) / len(wanted) if wanted else 0.0
        at = f.printed_at()
        before = f.quote[max(0, at - 12) : at] if at > 0 else f.subject
        same = 0.05 if f.quote in quotes else 0.0  # the quoted sentence itself first
        return max(fuzz.partial_ratio(asked, before) / 100, words) + same

    # in printed order (facts are stored sentence by sentence); max keeps the first of equals
    best = max(sorted(found, key=lambda f: f.paragraph_idx or 0), key=near)
    if near(best) < 0.5:
        return None
    parts = [p for p in re.split(r"[，,；;。：:、]", _clause_before(best)) if p]
    clause = parts[-1] if parts else ""
    if len(parts) > 1 and len(clause) <= 4 and len(parts[-2]) <= 20:
        clause = parts[-2] + clause  # 「由中小企业供应商中标或成交的，采购金额」: who is in the clause before
    at = best.printed_at()
    short = re.split(r"[，,；;。：:、]", best.quote[max(0, at - 12) : at])[-1] if at > 0 else ""
    clause = re.sub(
        r"^(?:年度?(?![末初])|月|日)?(?:本部门|本单位)?", "", clause
    )  # 「2024年本部门…」 cut at its digits
    words = clause if 2 <= len(clause) <= 24 else short
    words = re.sub(r"^(其中|共|总共|合计)", "", words)
    ans = compose_single(eng, q, d, group_matches([Match(best, 90.0)]), unit)
    if len(words) >= 2 and ans.figures:
        # named by the words printed before it (共涉及资金), not by the sentence's first subject
        old = ans.figures[0].label
        ans.figures[0] = replace(ans.figures[0], label=words)
        ans.text = ans.text.replace(f"{old}：", f"{words}：", 1)
        if q.measure in {"count", "quantity"}:
            # 「那卫计局呢」 after 「年末保有多少辆」 asks the same count: the figure's own name carries on
            ans.context = {**ans.context, "subject": words}
    return ans


def _sources_of_first(prev: Answer) -> list:
    """The sources that cite the last answer's first figure: from its source up to the next figure's."""
    start = prev.figures[0].source
    later = [f.source for f in prev.figures[1:] if f.source > start]
    return prev.sources[start : min(later, default=len(prev.sources))]


def reason_of_last(eng: Engine, q: Query, prev: Answer) -> Answer | None:
    """「为什么」「为啥减少」 after a change: the reason printed right after the figure the last answer
    quoted (「…下降10.96％。主要原因是部分单位实施公车统管…」), within its item; 「主要用在哪」「这笔钱干嘛的」
    likewise the use printed after it (「…113.75万元，主要用于…」) — ``qa.reasons``.  The paragraph is found
    by the last answer's cited sentence or printed figure, never by the question's words (which name nothing)."""
    from qa.reasons import printed_after

    return printed_after(eng, q, prev)


_TOTAL_ROW = re.compile(r"^(合计|总计|本年支出合计|支出合计|支出总计)$")


def part_of_whole(eng: Engine, q: Query, prev: Answer, unit: str | None) -> Answer | None:
    """「那基本支出呢」 after the department's whole budget: the part printed with that whole.

    The part is read where the whole just given is printed beside it: the 合计 row of a table whose
    total cell is that whole (表三 部门支出总体情况表: 总计 / 基本支出 / 项目支出), or the sentence the
    last answer quoted (「支出预算35,874.49万元，其中：基本支出10,440.01万元」), never a table of one
    fund (一般公共预算基本支出表) that prints a part of another whole."""
    from qa.kinds.figure import compose_single
    from qa.lookup import Match, group_matches, measure_ok, name_score

    ctx = prev.context or {}
    part = core(q.subject)
    if not prev.figures or q.measure != "amount" or q.codes or q.body or q.table_hint:
        return None
    if part not in {core(w) for w in COLUMN_WORDS} or not whole_or_sibling(ctx.get("subject", "")):
        return None
    sibling = any(core(w) == core(ctx.get("subject", "")) for w in COLUMN_WORDS)
    whole = prev.figures[0]
    if whole.unit != "元":
        return None
    value = Decimal(str(whole.value))  # a Figure's value is a number of the JSON contract
    cited = prev.sources[whole.source]
    d = eng.docs.get(cited.doc_id or "")
    index = eng.indexes.get(d.doc_id) if d else None
    if index is None:
        return None
    if q.departments and not q.inherited_department and eng.catalogue.key_of(d) not in q.departments:
        return None  # 「另外，区征安办的基本支出」: another department named, not a part of this one's whole
    quotes = {s.quote for s in prev.sources if not s.table and s.doc_id == d.doc_id}
    if sibling:
        # 「项目支出呢」 after 基本支出: the other column of the totals row just cited
        rows = {(s.table_idx, s.row_index) for s in prev.sources if s.table and s.doc_id == d.doc_id}
    else:
        rows = {
            (f.table_idx, f.row_index)
            for f in index.facts
            if f.origin == "table"
            and f.unit == "元"
            and f.value == value
            and _TOTAL_ROW.match(re.sub(r"\s", "", f.row_label))
        }
    found: list[Match] = []
    for f in index.facts:
        if not measure_ok(f, "amount"):
            continue
        if f.origin == "table" and (f.table_idx, f.row_index) in rows and f.value != value:
            leaf = [core(p) for p in f.column.replace(" ", "").split("/")]
            # the part's own cell (基本支出, 基本支出/小计), not one of its columns (基本支出/人员经费)
            if part in leaf and leaf[leaf.index(part) + 1 :] in ([], ["小计"], ["合计"]):
                found.append(Match(f, 95.0))
        elif f.origin == "text" and f.quote in quotes and name_score(part, core(f.subject)) >= 90:
            found.append(Match(f, 95.0))
    if not found:
        return None
    groups = group_matches(found)
    if len(groups) > 1:
        return None  # the whole's own places disagree on the part: the ordinary lookup decides
    return compose_single(eng, q, d, groups, unit)


def _cited_paragraph(eng: Engine, prev: Answer) -> tuple | None:
    """(document, its paragraphs, index of the paragraph printing the last answer's first figure, where
    the figure ends in it), or None when that figure was not read from a sentence."""
    if not prev.figures:
        return None
    src = prev.sources[prev.figures[0].source]
    d = eng.docs.get(src.doc_id or "")
    if d is None or src.table or not src.quote:
        return None
    paragraphs = eng.store.facts.paragraphs(d.doc_id)
    # a quote is stored with its stray spaces removed, the paragraph keeps them
    printed = re.compile(r"\s*".join(re.escape(ch) for ch in re.sub(r"\s+", "", src.quote)))
    for i, p in enumerate(paragraphs):
        m = printed.search(p["text"])
        if m is None:
            continue
        figure = re.sub(r"\s+", "", src.figure or "")
        at = p["text"].find(figure, m.start()) if figure else -1
        return d, paragraphs, i, (at + len(figure) if at >= 0 else m.end())
    return None


def _said(eng: Engine, q: Query, prev: Answer, d, paragraph: dict, sentence: str) -> Answer:
    return Answer(
        question=q.text,
        kind="passage",
        text=f"{sentence}\n来源：{doc_label(d)} · {paragraph['heading'] or '说明'}",
        sources=[passage_source(d, paragraph, sentence)],
        context={**(prev.context or {}), "doc_ids": [d.doc_id]},
    )


def basis_of_last(eng: Engine, q: Query, prev: Answer) -> Answer | None:
    """「这个数是怎么定出来的」 after a figure: the sentence stating its basis (根据…方案、定额…), read in the
    figure's own sentence, then back to where its item starts (「（三）公务用车购置及运行费 根据区公务用车改革
    方案，…每部定额3.8万元」 before 「2019年预算安排12.4万元」), then the sentence after it."""
    if not _ASKS_BASIS.search(q.norm):
        return None
    cited = _cited_paragraph(eng, prev)
    if cited is None:
        return None
    d, paragraphs, i, _ = cited
    heading = paragraphs[i]["heading"]
    order = [i]
    for j in range(i - 1, max(-1, i - 1 - _READ_ON), -1):
        if paragraphs[j]["heading"] != heading or _ITEM_START.match(paragraphs[j + 1]["text"]):
            break  # the figure's item starts at the paragraph after j
        order.append(j)
    order += [j for j in (i + 1,) if j < len(paragraphs) and paragraphs[j]["heading"] == heading]
    for j in order:
        for sentence in re.findall(r"[^。！？]*[。！？]?", paragraphs[j]["text"]):
            if _BASIS.search(sentence):
                return _said(eng, q, prev, d, paragraphs[j], sentence.strip())
    return None


def comparison_after_last(eng: Engine, q: Query, prev: Answer) -> Answer | None:
    """「跟上年比呢」 where no previous year's figure is printed: the sentence comparing the last figure
    with the year before, printed after it in its item (「…预算安排20万元。主要用于…。与上年持平。」),
    before any other figure's sentence."""
    if q.measure not in {"previous", "change", "percent_change"}:
        return None
    cited = _cited_paragraph(eng, prev)
    if cited is None:
        return None
    d, paragraphs, i, end = cited
    heading = paragraphs[i]["heading"]
    for j in range(i, min(len(paragraphs), i + 1 + _READ_ON)):
        p = paragraphs[j]
        if j > i and (p["heading"] != heading or _ITEM_START.match(p["text"])):
            break
        for sentence in _SENTENCE.findall(p["text"][end if j == i else 0 :]):
            if _COMPARISON.search(sentence):
                # 「与2015年相比，公务接待费支出下降29.64%」: a change printed in it is the figure asked
                return _printed_change(eng, q, d, sentence) or _said(eng, q, prev, d, p, sentence.strip())
            if _MONEY.search(sentence) and not _PARTS_OF_LAST.match(sentence):
                return None  # another figure's sentence: the comparison is of that one
    return None


# 「…预算安排39万元，其中：公车运行费39万元，公车购置费0万元。与上年预算支出数持平。」: the rest of the quoted
# figure's sentence lists its parts, and the comparison after them is still the figure's
_PARTS_OF_LAST = re.compile(r"^[，,：:\s]*(?:其中|包括|含)")


def _printed_change(eng: Engine, q: Query, d, sentence: str) -> Answer | None:
    """The change a comparing sentence prints (「…支出下降29.64%」) as a figure, or None (「与上年持平」 prints
    none: the sentence answers)."""
    from qa.kinds.figure import compose_single
    from qa.lookup import Match, group_matches

    index = eng.indexes.get(d.doc_id)
    said = re.sub(r"\s+", "", sentence)
    if index is None or not said:
        return None
    printed = [
        f
        for f in index.facts
        if f.origin == "text"
        and f.measure in {"change", "percent_change"}
        and f.direction in {"增加", "减少"}
        and (said in re.sub(r"\s+", "", f.quote or "") or re.sub(r"\s+", "", f.quote or "") in said)
    ]
    if not printed:
        return None
    printed.sort(key=lambda f: f.measure != q.measure)  # the measure asked first
    return compose_single(eng, q, d, group_matches([Match(printed[0], 90.0)]), None)
