"""Two- and three-turn conversations: follow-ups resolved against the previous answer (history).

Each turn is asked with the answers so far as ``history``; the expected figures were read off
the documents by hand. Follow-up forms from issue 4: 「那2020年呢」「换成元」「它的负责人是谁」「占比多少」,
plus switching department (「江苏高院呢」) and column (「基本支出呢」).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from figure_helpers import check_display, check_grounded

from qa.answer import Answer
from qa.engine import Engine


def figure(value, unit="元", asked=None, label=None):
    """Expect a figure answer with ``value``; ``asked`` is the unit the display must lead with."""
    return ("figure", Decimal(str(value)), unit, asked, label)


def text(*words):
    """Expect a passage/list answer whose text contains all ``words``."""
    return ("text", words)


def conv(*turns, xfail=None, id=None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(list(turns), marks=marks, id=id)


CONVERSATIONS = [
    conv(
        ("大数据局全市政务数据治理项目多少钱", figure(4900000)),
        ("换成元", figure(4900000, asked="元")),
        id="unit-switch-yuan",
    ),
    conv(
        ("大数据局全市政务数据治理项目多少钱", figure(4900000)),
        ("它的负责人是谁", text("樊帆")),
        id="who-is-responsible",
    ),
    conv(
        ("大数据、电子政务工作管理项目多少", figure(1580000)),
        ("它的负责人是谁", text("王珂")),
        id="who-is-responsible-conflicting-project",
    ),
    conv(
        ("一网通办专网业务系统对接项目多少钱", figure(4984200)),
        ("负责人是谁", text("盛铎")),
        ("联系人呢", text("联系人", "盛铎")),
        id="responsible-then-contact",
    ),
    conv(
        ("普陀区财政局信息化建设多少", figure(1666600)),
        ("换成元", figure(1666600, asked="元")),
        ("换成万元", figure(1666600, asked="万元")),
        id="unit-switch-twice",
    ),
    conv(
        ("普陀区财政局职业年金", figure(873617)),
        ("换成元", figure(873617, asked="元")),
        id="unit-switch-keeps-warning",
    ),
    conv(
        ("大数据局编制多少人", figure(54, "人")),
        ("在职职工呢", figure(47, "人")),
        id="count-follow-up",
    ),
    conv(
        ("江苏高院提租补贴多少元", figure(19599900, asked="元")),
        ("换成万元", figure(19599900, asked="万元")),
        id="unit-switch-wan",
    ),
    conv(
        ("大数据局基本支出多少", figure(6264308)),
        ("占比多少", figure("6.49", "%")),
        id="share-of-basic",
    ),
    conv(
        ("大数据局人员经费", figure(5317548)),
        ("占比多少", figure("84.89", "%")),
        id="share-of-personnel",
    ),
    conv(
        ("江苏高院因公出国经费多少", figure(1800000)),
        ("占比多少", figure("26.86", "%")),
        id="share-of-abroad",
    ),
    conv(
        ("大数据局全市政务数据治理经费多少", figure(4900000)),
        ("那2020年呢", figure(5000000)),
        id="previous-year-project",
    ),
    conv(
        ("基础地理信息数据年度更新维护项目多少", figure(3770000)),
        ("那2020年呢", figure(3800000)),
        ("换成元", figure(3800000, asked="元")),
        id="previous-year-then-yuan",
    ),
    conv(
        ("江苏高院案件审判支出多少", figure(17333000)),
        ("那2016年呢", figure(19333000)),  # 1733.3 + 200 (p.22: 与上年相比减少200万元)
        id="previous-year-computed",
    ),
    conv(
        ("江苏高院2017年支出总计", figure(288493800)),
        ("比上年增加多少", figure(18082900)),  # p.19 增加1808.29万元
        ("增长百分之多少", figure("6.69", "%")),
        id="change-then-growth",
    ),
    conv(
        ("大数据局三公经费多少", figure(15000)),
        ("江苏高院呢", figure(6701200)),
        ("换成元", figure(6701200, asked="元")),
        id="switch-department-then-yuan",
    ),
    conv(
        ("江苏高院住房公积金", figure(10291500)),
        ("普陀区财政局呢", figure(2049197)),
        id="switch-department",
    ),
    conv(
        ("三公经费是多少", None),  # several documents: labelled answers or clarify
        ("普陀区财政局的呢", figure(9500)),
        id="multi-document-then-one",
    ),
    conv(
        ("大数据局差旅费项目支出", figure(250000)),
        ("基本支出呢", figure(170000)),
        id="switch-column",
    ),
    conv(
        ("普陀区财政局行政运行", figure("16231840.80")),
        ("项目支出呢", figure("138514.80")),
        ("换成元", figure("138514.80", asked="元")),
        id="switch-column-then-yuan",
    ),
]


def _check(ans: Answer, expect) -> None:
    if expect is None:
        assert ans.kind in {"figure", "clarify"}
        return
    if expect[0] == "text":
        assert ans.kind in {"passage", "list", "figure"}, (ans.kind, ans.text)
        for word in expect[1]:
            assert word in ans.text, (word, ans.text)
        return
    _, value, unit, asked, _ = expect
    assert ans.kind == "figure", (ans.question, ans.kind, ans.text)
    fig = ans.figures[0]
    assert fig.unit == unit and Decimal(fig.value) == value, (ans.question, fig)
    if not any("计算" in w for w in ans.warnings):
        check_grounded(ans, fig)
    check_display(fig, asked)


@pytest.mark.parametrize("turns", CONVERSATIONS)
def test_conversation(figure_engine: Engine, turns) -> None:
    history: list[Answer] = []
    for question, expect in turns:
        ans = figure_engine.ask(question, history=list(history))
        _check(ans, expect)
        history.append(ans)


def test_enough_conversations() -> None:
    assert len(CONVERSATIONS) >= 15
    assert sum(len(c.values[0]) == 3 for c in CONVERSATIONS) >= 4


def test_unit_switch_keeps_sources_and_warning(figure_engine: Engine) -> None:
    first = figure_engine.ask("普陀区财政局职业年金")
    second = figure_engine.ask("换成元", history=[first])
    assert second.warnings == first.warnings and any("887.36" in w for w in second.warnings)
    assert [s.quote for s in second.sources] == [s.quote for s in first.sources]
    assert second.figures[0].display.startswith("873,617元")


def test_follow_up_without_history_is_not_a_guess(figure_engine: Engine) -> None:
    """「占比多少」 alone names nothing: no figure may be invented."""
    ans = figure_engine.ask("占比多少")
    assert ans.kind in {"not_found", "clarify"}, (ans.kind, ans.text)


def test_new_full_question_ignores_history(figure_engine: Engine) -> None:
    first = figure_engine.ask("大数据局全市政务数据治理项目多少钱")
    ans = figure_engine.ask("江苏高院奖励金多少", history=[first])
    assert ans.kind == "figure" and ans.figures[0].value == Decimal(19000)
