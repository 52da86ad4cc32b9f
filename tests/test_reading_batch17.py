"""Reading batch 17's pages (written blind, eval/docs/batch17): a body named by its own short form that drops
words of its name (离岛免税办 of 离岛免税领导小组办公室), the stock at one end of the year never answered by the
other end's (年初 / 年末结转和结余), a count asked 「几批」 of 「接待13批次」, and a part equal to its whole."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import printed_wan

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH17 = Path(__file__).parent.parent / "eval" / "docs" / "batch17"
DUTY_FREE = BATCH17 / "pingtan_offshore_duty_free_office_2016_final_accounts.txt"
INVESTMENT = BATCH17 / "pingtan_investment_promotion_bureau_2016_final_accounts.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch17_reading"), sorted(BATCH17.glob("*.txt")))


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        ("离岛免税办2016年本年支出多少？", r"本年支出"),
        ("离岛免税办2016年本年收入多少？", r"本年收入"),
        ("2016离岛免税办年初结转和结余是多少？", r"年初结转和结余"),
        ("离岛免税办2016年初结转和结余是多少？", r"年初结转和结余"),
        ("2016年离岛免税办年末结转和结余是多少？", r"年末结转和结余"),
    ],
)
def test_a_short_form_that_drops_words_of_the_name(engine: Engine, question: str, printed: str) -> None:
    """离岛免税办: 办公室 said 办 and 领导小组 dropped, in a store of five departments."""
    a = engine.ask(question)
    assert a.kind == "figure", a.text
    assert a.sources[0].file == DUTY_FREE.name, a.text
    assert Decimal(a.figures[0].value) == printed_wan(DUTY_FREE, printed), a.text
    assert not a.warnings, a.text  # 年初 0.00 and 年末 3.00 are two figures, not one printed twice


@pytest.mark.parametrize("end", ["年初", "年末"])
def test_one_end_of_the_year_is_never_the_other(engine: Engine, end: str) -> None:
    a = engine.ask(f"招商局2016年{end}结转和结余是多少？")
    assert a.kind == "figure", a.text
    assert Decimal(a.figures[0].value) == printed_wan(INVESTMENT, end + r"结转和结余"), a.text


def test_a_count_asked_in_batches(engine: Engine) -> None:
    a = engine.ask("离岛免税办2016年公务接待了几批？")
    assert a.kind == "figure" and a.figures[0].unit == "批次", a.text
    assert Decimal(a.figures[0].value) == 13 and "累计接待13批次" in a.sources[0].quote


def test_a_part_that_equals_its_whole(engine: Engine) -> None:
    """「其中项目支出呢」 after 本年支出 24.94万元: 「2.项目支出24.94万元」 (its 基本支出 is 0) is the part's own."""
    first = engine.ask("离岛免税办2016年本年支出多少？")
    a = engine.ask("其中项目支出呢？", history=[first])
    assert a.kind == "figure" and a.figures[0].label == "项目支出", a.text
    assert Decimal(a.figures[0].value) == printed_wan(DUTY_FREE, r"项目支出"), a.text
