"""Batch 17 (five 平潭 2016 决算 pages written blind, eval/docs/batch17): a change asked without its way
(「比2015年变化了百分之几」) is the printed rate, a count asked 「年末共有」 is the year-end stock, a counting unit
named as what is counted (「公务接待批次」), and two bodies' printed counts compared (「A比B多几辆」)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.engine import Engine
from qa.understand import parse_question
from tests.conftest import facts_engine

BATCH17 = Path(__file__).parent.parent / "eval" / "docs" / "batch17"
COURT = BATCH17 / "pingtan_court_2016_final_accounts.txt"
PUBLICITY = BATCH17 / "pingtan_publicity_dept_2016_final_accounts.txt"
MARKET = BATCH17 / "pingtan_market_supervision_bureau_2016_final_accounts.txt"
INVESTMENT = BATCH17 / "pingtan_investment_promotion_bureau_2016_final_accounts.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch17_compute"), sorted(BATCH17.glob("*.txt")))


@pytest.mark.parametrize("asked", ["比2015年变化了百分之几？", "变化率是多少？", "比上年变动了百分之几？"])
def test_change_asked_without_its_way_is_the_printed_rate(engine: Engine, asked: str) -> None:
    """「公务用车运行费下降0.38 %」: 「变化了百分之几」 asks that rate, not the item's share of the year's spending."""
    first = engine.ask("平潭县人民法院2016年公务用车运行费是多少？")
    assert "46.08万元" in first.text, first.text
    a = engine.ask(asked, history=[first])
    assert a.kind == "figure", a.text
    assert "0.38%" in a.text and "占" not in a.text, a.text


def test_a_share_of_the_year_is_still_a_share() -> None:
    assert parse_question("公务用车运行费占本年支出的百分之几？").measure == "percent_share"
    assert parse_question("比2015年变化了百分之几？").measure == "percent_change"


@pytest.mark.parametrize("asked", ["法院年末共有多少辆车？", "法院年末一共有几辆车？", "法院年底有几辆车？"])
def test_year_end_said_in_a_count_dates_the_stock(engine: Engine, asked: str) -> None:
    """「2016年末，本部门部门共有车辆18辆」: 年末 dates the cars counted, it is no part of their name."""
    first = engine.ask("平潭县人民法院2016年公务用车运行费是多少？")
    a = engine.ask(asked, history=[first])
    assert a.kind == "figure", a.text
    assert a.figures[0].value == 18 and a.figures[0].unit == "辆", a.text
    assert a.sources[0].file == COURT.name


def test_year_end_stock_names_keep_their_year_end() -> None:
    """年末结转和结余 / 年末余额 are printed names; only a count's 年末 is its date."""
    assert "年末" in parse_question("2016年年末结转和结余是多少？").subject
    assert "年末" not in parse_question("法院年末共有多少辆车？").subject


def test_counting_unit_named_as_what_is_counted(engine: Engine) -> None:
    """「公务接待批次是多少」: 批次 is the unit counted (「累计接待158批次」), as in 「公务接待多少批次」."""
    a = engine.ask("2016年平潭招商局公务接待批次是多少？")
    assert a.kind == "figure", a.text
    assert a.figures[0].value == 158 and a.figures[0].unit == "批次", a.text


def test_which_of_two_bodies_has_more_batches(engine: Engine) -> None:
    """招商局 「累计接待158批次」 against 市场监管局 「累计接待 122 批次」."""
    a = engine.ask("2016年平潭招商局和市场监管局，哪个公务接待批次更多？")
    assert a.kind == "figure", a.text
    assert a.text.startswith("累计接待更多的是平潭招商局"), a.text
    assert {s.file for s in a.sources} == {INVESTMENT.name, MARKET.name}


@pytest.mark.parametrize(
    ("asked", "way"),
    [
        ("2016年末公务用车保有量，平潭县法院比区党工委宣传部多几辆？", "多"),
        ("平潭县法院比区党工委宣传部多几辆车？", "多"),
        ("区党工委宣传部比平潭县法院少几辆车？", "少"),
    ],
)
def test_counts_of_two_bodies_differ(engine: Engine, asked: str, way: str) -> None:
    """法院 「年末公务用车保有量18辆」 less 宣传部 「年末公务用车保有量3辆」: 15辆, computed from both pages."""
    a = engine.ask(asked)
    assert a.kind == "figure", a.text
    assert a.figures[0].value == 15 and a.figures[0].unit == "辆", a.text
    assert f"{way} 15辆" in a.text, a.text
    assert {s.file for s in a.sources} == {COURT.name, PUBLICITY.name}
