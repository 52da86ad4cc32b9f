"""A department's whole and its own unit (本级), both printed in one narrative.

「…办公室收入预算为20323.53万元，其中二级预算单位收入为6886.44万元，区办本级收入为13437.09万元…相应安排
支出预算13437.09万元，其中：…项目支出7710万元」: the 支出预算 and its parts are the 本级's (the figure equals the
本级's, printed as such), the 收入预算 the whole department's.  A question naming the department alone asks its
whole; one saying 本级 (or the own unit, 区办本级) asks that unit.  Figures of either scope that the
question's words find are ranked so; none is dropped when no figure of the other scope is found.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from index.facts import DocumentInfo, Fact
from index.vocabulary import GENERIC_TOTAL_SUBJECTS, OWN_SCOPE_WORDS, OWN_UNIT_WORDS, WHOLE_BUDGET_SUBJECTS
from qa import report_facts
from qa.lookup import FactIndex, Match
from qa.understand import Query, core

_OWN_SAID = re.compile(rf"{OWN_UNIT_WORDS}|{'|'.join(OWN_SCOPE_WORDS)}")
# 「本级项目支出」「区办本级的项目支出」: the own unit said before the thing asked
_OWN_LEAD = re.compile(rf"^[省市区县]?(?:{OWN_UNIT_WORDS}|{'|'.join(OWN_SCOPE_WORDS)})的?")


def level_apart(q: Query, info: DocumentInfo | None) -> Query:
    """「本级项目支出」: the level says whose, the rest what — a reading of the rest beside the whole subject (so
    项目支出 is found as well as a 区办本级支出 whose name is more alike)."""
    m = _OWN_LEAD.match(q.subject or "")
    rest = q.subject[m.end() :] if m else ""
    if not m or len(rest) < 2 or info is None or report_facts.is_government_report(info):
        return q
    if core(rest) in GENERIC_TOTAL_SUBJECTS or core(rest) in WHOLE_BUDGET_SUBJECTS:
        return q  # 「本级预算」「本级支出」: the own unit's whole, printed under its own name (区办本级支出)
    return replace(q, alternatives=[*q.alternatives, (rest, [m.group(0)])])


def _own_values(index: FactIndex) -> set[Decimal]:
    """The amounts a sentence prints as the own unit's part of a whole (「收入预算为20323.53万元，其中…区办本级
    收入为13437.09万元」); none when the document prints no whole beside its 本级 (a page of 长春市信访局(本级)
    is the 本级 throughout)."""
    return {
        f.value
        for f in index.facts
        if f.origin == "text"
        and f.unit == "元"
        and f.measure == "amount"
        and (f.context == "其中" or _unit_part(f))
        and _OWN_SAID.search(f.subject)
    }


def _unit_part(f: Fact) -> bool:
    """「人员支出383.75万元（…指挥部本级330.67万元，…服务中心53.08万元）」: a unit's part of the figure before its
    bracket, named by that unit (index/narrative.py puts the unit's name first and among its qualifiers)."""
    said = f.context.split()
    return bool(said) and f.subject.startswith(said[-1]) and len(f.subject) > len(said[-1])


def _whole_before(f: Fact, index: FactIndex) -> Fact | None:
    """The figure a 其中 part is printed under: the last figure of its paragraph before it that is no part."""
    whole = None
    for g in index.facts:
        if g is f:
            return whole
        if (
            g.origin == "text"
            and g.paragraph_idx == f.paragraph_idx
            and g.measure == "amount"
            and g.unit == "元"
            and g.context != "其中"
        ):
            whole = g
    return None


def _of_own_unit(f: Fact, index: FactIndex, own: set[Decimal]) -> bool:
    if f.origin != "text" or f.unit != "元":
        return False
    if _OWN_SAID.search(f.subject):
        return True
    if f.measure == "amount" and f.context != "其中":
        return f.value in own  # 「相应安排支出预算13437.09万元」: the own unit's figure, said again
    whole = _whole_before(f, index) if f.context == "其中" else None
    return whole is not None and (whole.value in own or bool(_OWN_SAID.search(whole.subject)))


def own_level_first(
    question: str, info: DocumentInfo | None, index: FactIndex, matches: list[Match]
) -> list[Match]:
    """Of figures of both scopes, those of the scope asked: the own unit's when 本级 is said, else the whole
    department's.  (A government report's 市本级 is a scope of its own, read by ``report_facts``.)"""
    if len(matches) < 2 or info is None or report_facts.is_government_report(info):
        return matches
    own = _own_values(index)
    if not own:
        return matches
    asked_own = bool(_OWN_SAID.search(question))
    mine = [m for m in matches if _of_own_unit(m.fact, index, own) == asked_own]
    return mine if mine and len(mine) < len(matches) else matches
