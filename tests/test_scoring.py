"""eval.scoring: each question type passes and fails for the right reason; grounding is checked apart.

Answers are built with the real contract classes (qa.answer) and serialised with
``to_dict()``, exactly as ``budgetqa ask --json`` prints them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from eval.scoring import check_grounding, display_step, quote_prints, score, units_compatible
from qa.answer import Answer, Figure, Source

SEED = "2021年郑州市大数据管理局部门预算"
DEPT = "郑州市大数据管理局"


def src(quote: str, **kw) -> Source:
    return Source(document=SEED, department=DEPT, year=2021, quote=quote, **kw)


def answer(kind="figure", text="", figures=(), sources=(), options=()) -> dict:
    return Answer(
        question="q",
        kind=kind,
        text=text,
        figures=list(figures),
        sources=list(sources),
        options=list(options),
    ).to_dict()


def money(value, display="", source=0, label="全市政务数据治理项目") -> Figure:
    return Figure(label=label, value=Decimal(str(value)), unit="元", display=display, source=source)


def q(qtype: str, gold: dict, text: str = "问题") -> dict:
    return {
        "id": "t-1",
        "doc": "zhengzhou_bigdata_2021_budget.txt",
        "question": text,
        "type": qtype,
        "gold": gold,
    }


AMOUNT = q("amount", {"yuan": 4900000, "display": "490.00万元"}, "全市政务数据治理项目多少钱")
NARRATIVE = src("5、全市政务数据治理项目490.00万元。", section="第二部分 / 三、 / （三）")
TABLE_ROW = src(
    "201 03 02 郑州市大数据管理局机关 全市政务数据治理经费 … 次 1 4,900,000",
    table="郑州市大数据管理局政府采购预算表",
    row="全市政务数据治理经费（第10行）",
    column="金额",
)


# --- amount -------------------------------------------------------------------------------------


def test_amount_right_and_grounded_in_narrative():
    a = answer(
        text="全市政务数据治理项目：490.00万元（4,900,000元）。",
        figures=[money(4900000)],
        sources=[NARRATIVE],
    )
    s = score(AMOUNT, a)
    assert s.passed and s.reason == ""
    assert s.grounded is True and s.grounding_reason == ""
    assert "490.00万元" in s.expected and "4900000元" in s.expected
    assert s.got.startswith("[figure] 全市政务数据治理项目：490.00万元")


def test_amount_grounded_in_table_row_printed_in_yuan():
    s = score(AMOUNT, answer(figures=[money(4900000)], sources=[TABLE_ROW]))
    assert s.passed and s.grounded is True


def test_amount_wrong_value_fails_with_both_numbers():
    a = answer(figures=[money(1580000)], sources=[src("大数据、电子政务工作管理项目158万元")])
    s = score(AMOUNT, a)
    assert not s.passed
    assert "1580000" in s.reason and "4900000" in s.reason and "± 50" in s.reason
    assert s.grounded is True  # grounded, just the wrong figure


def test_amount_points_at_a_later_figure_that_would_have_passed():
    a = answer(figures=[money(1580000), money(4900000, source=1)], sources=[NARRATIVE, TABLE_ROW])
    s = score(AMOUNT, a)
    assert not s.passed and "figures[1] has it" in s.reason


@pytest.mark.parametrize(
    ("gold_yuan", "display", "value", "ok"),
    [
        # 626.43万元 is exact to 100元: half a step (50元) either side passes.
        (6264308, "626.43万元", 6264308, True),
        (6264308, "626.43万元", 6264300, True),
        (6264308, "626.43万元", 6264358, True),  # exactly +50
        (6264308, "626.43万元", 6264258, True),  # exactly -50
        (6264308, "626.43万元", 6264359, False),
        (6264308, "626.43万元", 6264400, False),
        (15000, "1.5万元", 15000, True),  # exact to 1000元
        (15000, "1.5万元", 15500, True),
        (15000, "1.5万元", 15501, False),
        (4900000, "490万元", 4904999, True),  # exact to 10000元
        (4900000, "490万元", 4905001, False),
        # Printed in 元: exact to 1元, with or without fen printed.
        (4900000, "4,900,000元", 4900000, True),
        (4900000, "4,900,000元", "4900000.5", True),
        (4900000, "4,900,000元", 4900001, False),
        (873617, "873,617.00元", 873617, True),
        (873617, "873,617.00元", "873617.4", True),
        (873617, "873,617.00元", 873618, False),
        (8873600, "887.36万元", 8873600, True),
        (8873600, "887.36万元", 873617, False),  # the Putuo 职业年金 error must not pass
        (120000000, "1.2亿元", 125000000, True),
        (120000000, "1.2亿元", 125000001, False),
    ],
)
def test_amount_precision_follows_the_printed_display(gold_yuan, display, value, ok):
    question = q("amount", {"yuan": gold_yuan, "display": display})
    s = score(question, answer(figures=[money(value)], sources=[src("x")]))
    assert s.passed is ok, s.reason


def test_amount_must_be_in_yuan():
    fig = Figure(
        label="全市政务数据治理项目", value=Decimal("490.00"), unit="万元", display="490.00万元", source=0
    )
    s = score(AMOUNT, answer(figures=[fig], sources=[NARRATIVE]))
    assert not s.passed and "元" in s.reason and "万元" in s.reason


def test_amount_without_figure_fails():
    s = score(
        AMOUNT,
        answer(
            kind="passage",
            text="全市政务数据治理工作一是补充完善政务数据服务查询平台功能",
            sources=[NARRATIVE],
        ),
    )
    assert not s.passed and s.reason == "no figure in the answer"
    assert s.grounded is None  # nothing to ground


def test_not_found_answer_to_answerable_question():
    s = score(AMOUNT, answer(kind="not_found", text="这些文件中没有找到相关内容。"))
    assert not s.passed and s.reason == "said not found" and s.grounded is None


def test_clarify_answer_fails_and_names_options():
    a = answer(
        kind="clarify",
        text="您问的是哪个部门？",
        options=["郑州市大数据管理局 2021", "上海市普陀区财政局 2025"],
    )
    s = score(AMOUNT, a)
    assert not s.passed and "clarify" in s.reason and "普陀" in s.reason


def test_engine_error_fails():
    a = {
        "question": "q",
        "kind": "error",
        "text": "KeyError: 'x'",
        "figures": [],
        "sources": [],
        "warnings": [],
    }
    s = score(AMOUNT, a)
    assert not s.passed and s.reason == "engine error: KeyError: 'x'"


# --- count --------------------------------------------------------------------------------------


def count_fig(value, unit, source=0) -> Figure:
    return Figure(label="编制", value=Decimal(value), unit=unit, display=f"{value}{unit}", source=source)


STAFF = q("count", {"value": 54, "unit": "人"}, "大数据局编制多少人")
STAFF_QUOTE = src("部门机关及归口预算管理单位人员共有编制54人，其中：行政编制37人，事业编制17人")


@pytest.mark.parametrize("unit", ["人", "名", "", "个"])
def test_count_right_with_compatible_units(unit):
    s = score(STAFF, answer(figures=[count_fig(54, unit)], sources=[STAFF_QUOTE]))
    assert s.passed, s.reason
    assert s.grounded is True


def test_count_wrong_value():
    s = score(STAFF, answer(figures=[count_fig(47, "人")], sources=[STAFF_QUOTE]))
    assert not s.passed and "47人" in s.reason and "54人" in s.reason


@pytest.mark.parametrize("unit", ["辆", "元", "%"])
def test_count_incompatible_unit(unit):
    s = score(STAFF, answer(figures=[count_fig(54, unit)], sources=[STAFF_QUOTE]))
    assert not s.passed and "unit" in s.reason


def test_count_decimal_value_equal():
    cars = q("count", {"value": 1, "unit": "辆"})
    s = score(
        cars, answer(figures=[count_fig("1.0", "辆")], sources=[src("本单位公务用车 1 辆（机要通信车）")])
    )
    assert s.passed and s.grounded is True


@pytest.mark.parametrize(
    ("gold_unit", "unit", "ok"),
    [
        ("台（套）", "台", True),
        ("台（套）", "套", True),
        ("台(套)", "台（套）", True),
        ("个", "项", True),
        ("项", "个", True),
        ("辆", "个", True),
        ("家", "家", True),
        ("批", "批次", True),  # 「累计接待82批次」 answers a count of 批
        ("批次", "人次", False),
        ("人", "", True),
        ("", "辆", True),
        ("人", "辆", False),
        ("项", "人", False),
        ("个", "元", False),
        ("个", "%", False),
    ],
)
def test_units_compatible(gold_unit, unit, ok):
    assert units_compatible(gold_unit, unit) is ok


# --- percent ------------------------------------------------------------------------------------


def pct(value, source=0) -> Figure:
    return Figure(
        label="人员经费占比", value=Decimal(str(value)), unit="%", display=f"{value}%", source=source
    )


SHARE = q("percent", {"value": 84.89}, "人员经费占基本支出的比例")
SHARE_QUOTE = src("人员经费531.75万元，占84.89%，主要包括：基本工资、津贴补贴")


@pytest.mark.parametrize(
    ("value", "ok"), [(84.89, True), (84.9, True), (84.88, True), (84.91, False), (48.89, False)]
)
def test_percent_within_one_hundredth(value, ok):
    s = score(SHARE, answer(figures=[pct(value)], sources=[SHARE_QUOTE]))
    assert s.passed is ok, s.reason


def test_percent_unit_must_be_percent():
    fig = Figure(label="人员经费", value=Decimal("84.89"), unit="元", display="84.89元", source=0)
    s = score(SHARE, answer(figures=[fig], sources=[SHARE_QUOTE]))
    assert not s.passed and "%" in s.reason


def test_percent_computed_in_code_is_not_grounded_in_a_quote_that_does_not_print_it():
    s = score(SHARE, answer(figures=[pct(84.89)], sources=[src("人员经费531.75万元；公用经费94.68万元")]))
    assert s.passed and s.grounded is False and "84.89%" in s.grounding_reason


# --- text and list ------------------------------------------------------------------------------

DEFINITION = q("text", {"any": ["因公出国（境）费", "公务接待费"]}, "什么是三公经费")


def test_text_in_answer_ignores_whitespace_and_width():
    a = answer(kind="passage", text="“三公”经费是指……安排的因公出国 (境) 费、公务用车购置及运行费")
    s = score(DEFINITION, a)
    assert s.passed and s.grounded is None


def test_text_in_quote_only():
    a = answer(
        kind="passage", text="见名词解释。", sources=[src("其中，公务接待费反映单位按规定开支的各类公务接待")]
    )
    assert score(DEFINITION, a).passed


def test_text_missing():
    a = answer(kind="passage", text="机关运行经费是指为保障行政机构运行用于购买货物和服务的各项资金。")
    s = score(DEFINITION, a)
    assert not s.passed and "none of the expected phrases" in s.reason


LIST = q("list", {"all": ["办公费", "印刷费", "差旅费"]}, "机关运行经费包括哪些")


def test_list_all_items_present():
    a = answer(kind="list", text="办公费 29.72 万元，印刷费 0.30 万元、邮电费 1.00 万元、差旅费 17.00 万元")
    assert score(LIST, a).passed


def test_list_missing_item_named_and_quotes_do_not_count():
    a = answer(kind="list", text="办公费、差旅费", sources=[src("办公费、印刷费、差旅费")])
    s = score(LIST, a)
    assert not s.passed and "印刷费" in s.reason and "1 of 3" in s.reason


# --- not found ----------------------------------------------------------------------------------

NOT_FOUND = q("not_found", {}, "2019年会议费是多少")


def test_not_found_right():
    s = score(NOT_FOUND, answer(kind="not_found", text="这些文件中没有2019年会议费。"))
    assert s.passed and s.grounded is None


def test_not_found_guessed_instead():
    s = score(NOT_FOUND, answer(figures=[money(15000)], sources=[src("公务用车运行维护费 1.50 万元")]))
    assert not s.passed and "instead of not found" in s.reason and s.grounded is None


# --- grounding ----------------------------------------------------------------------------------


def test_right_number_without_source_is_a_grounding_failure():
    s = score(AMOUNT, answer(figures=[money(4900000, source=None)], sources=[NARRATIVE]))
    assert s.passed and s.grounded is False and "cites no source" in s.grounding_reason


def test_source_index_out_of_range():
    s = score(AMOUNT, answer(figures=[money(4900000, source=2)], sources=[NARRATIVE]))
    assert s.grounded is False and "source 2" in s.grounding_reason and "1 source" in s.grounding_reason


def test_empty_quote():
    s = score(AMOUNT, answer(figures=[money(4900000)], sources=[src("  ")]))
    assert s.grounded is False and "no quote" in s.grounding_reason


def test_quote_that_does_not_print_the_figure():
    s = score(
        AMOUNT, answer(figures=[money(4900000)], sources=[src("大数据、电子政务工作管理项目289.00万元")])
    )
    assert s.passed and s.grounded is False and "does not print 4900000元" in s.grounding_reason


@pytest.mark.parametrize(
    ("quote", "value", "grounded"),
    [
        ("本单位2019年度没有使用政府性基金预算拨款安排的支出。", 0, True),
        ("本部门没有机关运行经费支出。", 0, True),
        ("本部门没有机关运行经费支出。", 100, False),  # none said is 0, never another figure
        ("机关运行经费用于办公及印刷费。", 0, False),  # a sentence that says no absence prints no 0
    ],
)
def test_a_zero_is_grounded_by_a_sentence_saying_there_is_none(quote: str, value: int, grounded: bool):
    s = score(
        q("amount", {"yuan": value, "display": "0万元"}), answer(figures=[money(value)], sources=[src(quote)])
    )
    assert s.grounded is grounded, s.grounding_reason


@pytest.mark.parametrize(
    ("quote", "value", "unit", "ok"),
    [
        ("全市政务数据治理项目490.00万元", 4900000, "元", True),
        ("全市政务数据治理项目 490 万元", 4900000, "元", True),
        ("全市政务数据治理经费 1 4,900,000", 4900000, "元", True),  # bare cell in a 元 table
        ("全市政务数据治理经费 4, 900, 000", 4900000, "元", True),  # separators with spaces
        ("全市政务数据治理项目４９０.００万元", 4900000, "元", True),  # full-width digits
        ("基本支出 626.43 万元", 6264308, "元", True),  # rounded narrative, exact table figure
        ("基本支出 626.43", 6264300, "元", True),  # bare cell in a 万元 table
        ("基本支出 626.43", 6264308, "元", True),  # a bare 万元 cell, at its printed precision
        ("基本支出 626.43", 6264350, "元", True),  # exactly half a step
        ("基本支出 626.43", 6264351, "元", False),
        ("基本支出：17,123.19 项目支出：11,543.27", 171231900, "元", True),  # 项 of 项目 is not a unit
        ("全市政务数据治理 490 项目支出", 4900000, "元", True),
        ("全市政务数据治理 490 项", 4900000, "元", False),  # 490项 is a count
        ("编制 490 人员经费 5", 4900000, "元", True),
        ("2021年 90", 20210000, "元", False),  # a year is not money
        ("3、公务用车费 15,000", 15000, "元", True),
        ("3、公务用车费 15,000", 32000, "元", False),  # the row number 3 is not 3万元
        ("三公经费预算 3 万元", 32000, "元", True),  # printed to 1万元: 32000 rounds to 3万元
        ("编制54人", 540000, "元", False),  # 54 followed by 人 is not money
        ("职业年金 887.36万元", 873617, "元", False),
        ("编制54人", 54, "人", True),
        ("编制五十四人", 54, "人", True),  # Chinese numerals in the quote
        ("公务用车 1 辆", 2, "辆", False),
        ("占84.89%", Decimal("84.89"), "%", True),
        ("占84.9%", Decimal("84.89"), "%", True),
        ("占84.7%", Decimal("84.89"), "%", False),
        ("比上年减少-12.50万元", -125000, "元", True),
    ],
)
def test_quote_prints(quote, value, unit, ok):
    assert quote_prints(quote, Decimal(value), unit) is ok


def test_check_grounding_direct():
    a = answer(figures=[money(4900000)], sources=[TABLE_ROW])
    assert check_grounding(a) == (True, "")


@pytest.mark.parametrize(
    ("display", "step"),
    [
        ("490.00万元", 100),
        ("490万元", 10000),
        ("1.5万元", 1000),
        ("4,900,000元", 1),
        ("873,617.00元", 1),
        ("31,214,205.80元", 1),
        ("1.2亿元", 10_000_000),
        ("490.00万元（4,900,000元）", 100),
        ("４９０.００万元", 100),
        ("4900000", 1),
    ],
)
def test_display_step(display, step):
    assert display_step(display) == Decimal(step)
