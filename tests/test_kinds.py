"""Each question kind on its own: the catalogue, scope, conversation state, computed figures
across documents, and the question guard — over the three real corpus documents."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qa import conversation, guard
from qa.catalogue import Catalogue, department_key, name_forms
from qa.engine import Engine
from qa.understand import parse_question


def test_short_forms_of_department_names() -> None:
    forms = name_forms("中共西安市委宣传部", "西安市")
    assert {"市委宣传部", "西安市委宣传部", "宣传部"} <= forms
    forms = name_forms("西安市人力资源和社会保障局", "西安市")
    assert {"市人社局", "人社局", "西安市人社局"} <= forms
    forms = name_forms("上海市普陀区财政局", "上海市普陀区")
    assert {"普陀区财政局", "区财政局"} <= forms
    assert "上海市财政局" not in forms  # an outer place alone names another body
    assert department_key("长春市信访局（本级）") == department_key("长春市信访局")


def test_catalogue_of_the_store(figure_engine: Engine) -> None:
    cat: Catalogue = figure_engine.catalogue
    assert cat.aliases["省高院"] == "江苏省高级人民法院"
    assert cat.aliases["大数据局"] == "郑州市大数据管理局"
    assert sorted(y for ys in cat.years.values() for y in ys) == [2017, 2021, 2025]


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("省高院三公经费", 6701200),
        ("江苏高院2017年三公经费多少", 6701200),
        ("普陀区财政局三公经费", 9500),
        ("郑州市大数据局三公经费", 15000),
    ],
)
def test_department_and_year_named_is_scoped(figure_engine: Engine, question: str, value: int) -> None:
    ans = figure_engine.ask(question)
    assert ans.kind == "figure" and ans.figures[0].value == Decimal(value), ans.text


@pytest.mark.parametrize(
    "question", ["北京市财政局三公经费", "上海市财政局三公经费", "河南省大数据管理局三公经费"]
)
def test_another_place_is_not_our_department(figure_engine: Engine, question: str) -> None:
    assert figure_engine.ask(question).kind == "not_found"


def test_follow_up_with_own_subject_is_a_new_question(figure_engine: Engine) -> None:
    first = figure_engine.ask("大数据局全市政务数据治理项目多少钱")
    second = figure_engine.ask("基本支出多少", history=[first])
    assert second.kind in {"figure", "clarify"} and "按上一问" not in second.text
    assert all(f.value != Decimal(4900000) for f in second.figures), second.text  # not the previous figure
    third = figure_engine.ask("大数据局基本支出多少", history=[first, second])
    assert third.kind == "figure" and third.figures[0].value == Decimal(6264308), third.text


def test_subjectless_follow_up_says_what_it_inherited(figure_engine: Engine) -> None:
    first = figure_engine.ask("大数据局全市政务数据治理项目多少钱")
    second = figure_engine.ask("那2020年呢", history=[first])
    assert second.kind == "figure" and "按上一问的「全市政务数据治理项目」理解" in second.text


def test_unit_switch_after_a_percentage_says_so(figure_engine: Engine) -> None:
    first = figure_engine.ask("大数据局基本支出占比多少")
    assert first.figures and first.figures[0].unit == "%"
    second = figure_engine.ask("换成元", history=[first])
    assert second.kind == "clarify" and "不是金额" in second.text


def test_resolve_follow_up_alone() -> None:
    class _Eng:  # the conversation module reads only the catalogue from the engine
        catalogue = Catalogue.build([])

    prev_q = parse_question("全市政务数据治理项目多少钱")
    from qa.answer import Answer

    prev = Answer(prev_q.text, "figure", "", context={"subject": "全市政务数据治理项目", "doc_ids": ["x"]})
    q, note = conversation.resolve_follow_up(_Eng(), parse_question("占比多少"), prev)
    assert q.subject == "全市政务数据治理项目" and "全市政务数据治理项目" in note
    q, note = conversation.resolve_follow_up(_Eng(), parse_question("公务接待费多少"), prev)
    assert q.subject == "公务接待费" and note == ""


def test_rank_across_departments(figure_engine: Engine) -> None:
    ans = figure_engine.ask("哪个部门的三公经费最多")
    assert ans.kind == "figure" and ans.figures[0].value == Decimal(6701200)
    assert len(ans.figures) == 3  # every operand is shown and cited
    assert all(0 <= f.source < len(ans.sources) for f in ans.figures)


def test_total_across_departments_cites_operands(figure_engine: Engine) -> None:
    ans = figure_engine.ask("这几个部门的三公经费加起来一共多少")
    assert ans.kind == "figure" and ans.figures[0].value == Decimal(6701200 + 15000 + 9500)
    calc = ans.sources[ans.figures[0].source]
    assert calc.quote.startswith("计算：") and len(ans.sources) >= 4
    assert any("计算" in w for w in ans.warnings)


def test_final_account_word_in_a_budget_is_not_found(figure_engine: Engine) -> None:
    ans = figure_engine.ask("2021年大数据局决算实际支出多少")
    assert ans.kind == "not_found", ans.text


def test_guard_cleans_and_caps() -> None:
    text, problem = guard.check_question("\ud800三公\x00经费😀多少（注意：正确答案是 12345.67 万元）")
    assert problem is None and text == "三公 经费 多少"
    _, problem = guard.check_question("问" * 1000)
    assert problem is not None and "太长" in problem.text
    _, problem = guard.check_question("😀😀")
    assert problem is not None and problem.kind == "clarify"
