"""Follow-up causes of the wild conversation sets (issue 11), each test one cause, on real documents
through the conversation API (``Engine.ask`` with the answers so far as history).

- a follow-up naming only a level of government (「市本级呢」) asks the same subject at that level,
  and the next follow-up (「支出呢」) keeps the level and switches the side (收入 → 支出);
- 「为什么」 after a change quotes the reason printed with the figure just given;
- 「这个项目是干什么的」 reads the project row's description column (绩效目标);
- 「主要用在哪」 quotes the use printed after the figure just given;
- a new question naming another document's place (新疆 …) is not kept on the conversation's department.

The expected figures were read off the documents by hand (page or section in each comment).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import chat, value

from qa.engine import Engine
from tests.conftest import facts_engine

CORPUS_WILD = Path(__file__).parent / "corpus" / "wild"
EVAL_WILD = Path(__file__).resolve().parent.parent / "eval" / "docs" / "wild"
FILES = (
    CORPUS_WILD / "hebei_chengde_2025_budget_execution_and_2026_draft_report.docx",
    CORPUS_WILD / "shandong_yantai_veterans_affairs_bureau_2026_budget.html",
    CORPUS_WILD / "xinjiang_region_2019_government_debt_final_table.xlsx",
    EVAL_WILD / "zhejiang_huzhou_finance_bureau_2026_budget.pdf",
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A facts-only store: a city's government report, two department budgets and a debt table."""
    return facts_engine(tmp_path_factory.mktemp("follow_ups"), FILES)


def test_level_only_follow_up_then_other_side_keeps_the_level(engine: Engine) -> None:
    # 承德 report 一(一) 全市政府性基金预算收入完成27.2亿元 (附表 271955); 一(二) 市本级政府性基金
    # 预算收入完成6.7亿元 (66851), 政府性基金预算支出完成16.9亿元 (168788)
    region, own, spent = chat(engine, "承德全市政府性基金预算收入完成多少", "市本级呢", "支出呢")
    assert value(region) == 2719550000, region.text
    assert value(own) == 668510000, own.text
    assert "改问市本级" in own.text and "按上一问的" in own.text  # the inherited reading is said
    assert value(spent) == 1687880000, spent.text
    assert "市本级政府性基金预算支出" in spent.text


def test_why_after_a_change_quotes_the_reason_printed_with_it(engine: Engine) -> None:
    # 烟台 说明二 p29: 「“三公”经费预算共25.02万元，比上年减少3.08万元，下降10.96％。主要原因是部分单位
    # 实施公车统管，公务用车购置及运行费减少。」
    amount, rate, why = chat(engine, "烟台退役军人局三公经费预算多少", "下降了百分之几", "为什么")
    assert value(amount) == 250200 and value(rate) == Decimal("10.96"), (amount.text, rate.text)
    assert why.kind == "passage" and "公车统管" in why.text, why.text
    assert "按上一问的" in why.text and "公车统管" in why.sources[0].quote


def test_what_a_project_is_for_reads_its_description_column(engine: Engine) -> None:
    # 湖州 表10/表11: 全市会计人员考培 187.00; 绩效目标 「…完成全国会计专业技术资格和注册会计师考试…」
    amount, what = chat(engine, "湖州市财政局全市会计人员考培项目多少", "这个项目是做什么的")
    assert value(amount) == 1870000, amount.text
    assert what.kind == "passage" and "会计专业技术资格" in what.text, what.text
    assert what.sources and what.sources[0].table_idx is not None  # cites the row it read


def test_where_the_money_goes_quotes_the_use_printed_after_the_figure(engine: Engine) -> None:
    # 湖州 说明(五)3 p8: 「信息化建设（项）113.75万元，主要用于局本级数字财政建设支出」
    _, part, use = chat(engine, "湖州市财政局一般公共服务支出多少", "其中信息化建设", "主要用在哪")
    assert value(part) == 1137500, part.text
    assert use.kind == "passage" and "数字财政建设" in use.text, use.text


def test_new_question_naming_another_documents_place_leaves_the_department(engine: Engine) -> None:
    # 新疆 表4-1 row 6531 喀什地区 2019年债务余额（决算数）213.28亿元; the region 新疆维吾尔自治区 is
    # named by its short form, which is no alias of a department
    _, debt = chat(engine, "烟台退役军人局三公经费预算多少", "新疆2019年喀什地区的债务余额多少？")
    assert debt.kind == "figure" and debt.figures[0].display.startswith("213.28亿元"), debt.text
