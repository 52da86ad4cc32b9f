"""Batch 15 (five 平潭 pages written blind): a change printed after a 其中 list, and the whole of a department
against its own level (本级)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import printed_wan

from qa.engine import Engine
from tests.conftest import facts_engine

DOCS = Path(__file__).resolve().parent.parent / "eval" / "docs" / "batch15"
OFFICE = DOCS / "pingtan_admin_committee_office_2018_budget.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch15"), (OFFICE,))


def test_change_after_a_parts_list_is_the_wholes(engine: Engine) -> None:
    """「公务用车购置及运行费…安排93.2万元，其中：公共运行费93.2万元，公车购置费0万元。与上年相比支出下降3%」:
    the 3% is the item the paragraph opens with, not its last 其中 part."""
    answer = engine.ask("管委会办公室2018年公务用车购置及运行费比上年下降了百分之几？")
    assert answer.kind == "figure", answer.text
    assert "3%" in answer.text


def test_units_under_the_department_pointed_at(engine: Engine) -> None:
    """「管委会办公室下面那些二级预算单位…收入」: 下面那些 points at the units, it is no part of their name."""
    answer = engine.ask("管委会办公室下面那些二级预算单位2018年收入一共多少？")
    assert answer.kind == "figure", answer.text
    assert "6886.44万元" in answer.text


def test_name_only_follow_up_after_a_figure_asks_its_count(tmp_path: Path) -> None:
    """「绩效目标呢？」 after a figure: 「共设置绩效目标15个」's count, not the passage; then 「涉及多少钱？」 reads on
    in that sentence."""
    police = DOCS / "pingtan_public_security_bureau_2018_budget.txt"
    engine = facts_engine(tmp_path, (police,))
    history = [engine.ask("平潭综合实验区公安局2018年的政府采购预算是多少？")]
    history.append(engine.ask("绩效目标呢？", history=history))
    assert history[-1].kind == "figure", history[-1].text
    assert "15个" in history[-1].text
    money = engine.ask("涉及多少钱？", history=history)
    assert money.kind == "figure", money.text
    assert "9270" in money.text


def test_count_read_on_over_a_list_of_uses(tmp_path: Path) -> None:
    """「一共出去了多少人次？」 after 因公出国（境）费: the 人次 printed after the lines of its uses
    (「1.开展…；2.参加…；3.…；4.…」), which hold no figure and are read over."""
    taiwan = DOCS / "pingtan_taiwan_work_dept_2016_final_accounts.txt"
    engine = facts_engine(tmp_path, (taiwan,))
    history = [engine.ask("平潭综合实验区台湾工作部2016年三公经费决算是多少？")]
    history.append(engine.ask("其中因公出国（境）费呢？", history=history))
    answer = engine.ask("一共出去了多少人次？", history=history)
    assert answer.kind == "figure", answer.text
    assert "24人次" in answer.text


def test_carried_to_the_next_year_is_the_year_end_stock(tmp_path: Path) -> None:
    """「2016年底结转到下一年的钱」: said for the stock printed 年末结转和结余."""
    engine = facts_engine(tmp_path, (DOCS / "pingtan_procuratorate_2016_final_accounts.txt",))
    answer = engine.ask("检察院2016年底结转到下一年的钱有多少？")
    assert answer.kind == "figure", answer.text
    assert "72.93万元" in answer.text


def test_housing_fund_printed_without_its_gong(tmp_path: Path) -> None:
    """「2010201住房积金（项）财政拨款支出12.39万元」: 住房公积金 printed short of its 公."""
    engine = facts_engine(tmp_path, (DOCS / "pingtan_ftz_office_2016_final_accounts.txt",))
    answer = engine.ask("自贸办2016年住房公积金花了多少？")
    assert answer.kind == "figure", answer.text
    assert "12.39万元" in answer.text


def test_this_kuan_points_at_the_item(tmp_path: Path) -> None:
    """「政府办公厅（室）及相关机构事务这一款」: 这一款 points at the 款 named, it is no part of its name."""
    engine = facts_engine(tmp_path, (DOCS / "pingtan_ftz_office_2016_final_accounts.txt",))
    answer = engine.ask("自贸办政府办公厅（室）及相关机构事务这一款比2015年增长了百分之几？")
    assert answer.kind == "figure", answer.text
    assert "596.46%" in answer.text


def test_the_department_asked_alone_is_its_whole_and_its_ben_ji_is_the_own_unit(engine: Engine) -> None:
    """「收入预算为20323.53万元，其中二级预算单位收入…区办本级收入为13437.09万元…相应安排支出预算13437.09万元，
    其中：…项目支出7710万元」: the department's budget is the whole it opens with (the 支出预算 that follows is the
    本级's, its figure equal to the 本级's); after 「本级呢」, 「其中项目支出」 is the part of that 本级 budget."""
    history = [engine.ask("管委会办公室2018年预算一共多少钱？")]
    assert history[-1].kind == "figure", history[-1].text
    assert Decimal(history[-1].figures[0].value) == printed_wan(OFFICE, r"办公室收入预算为")
    history.append(engine.ask("本级呢？", history=history))
    assert Decimal(history[-1].figures[0].value) == printed_wan(OFFICE, r"区办本级收入为")
    part = engine.ask("其中项目支出多少？", history=history)
    assert part.kind == "figure", part.text
    assert Decimal(part.figures[0].value) == printed_wan(OFFICE, r"项目支出"), part.text


def test_ben_ji_said_of_one_of_two_bodies_compared(tmp_path: Path) -> None:
    """「A的项目支出比管委会办公室区办本级的项目支出多多少」: 区办本级 says whose (the own unit), not what."""
    police = DOCS / "pingtan_public_security_bureau_2018_budget.txt"
    engine = facts_engine(tmp_path, (police, OFFICE))
    answer = engine.ask(
        "2018年预算中，平潭综合实验区公安局的项目支出比管委会办公室区办本级的项目支出多多少？"
    )
    assert answer.kind == "figure", answer.text
    expected = printed_wan(police, r"项目支出") - printed_wan(OFFICE, r"项目支出")
    assert Decimal(answer.figures[0].value) == expected, answer.text
