"""Money printed in 亿元 (government debt tables, budget reports) is answered in 亿元 as printed.

On the real Xinjiang 2019 debt table (亿元, two decimals; 乌鲁木齐市 2019年债务限额 1,222.89), a
question naming no unit gets 「1,222.89亿元」 first, not 「12228900.00万元」 (the figure's value stays in
元); 「多少万元」 still gets 万元; the grounding check of the eval reads a bare cell of a 亿元 table.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from eval.scoring import quote_prints
from index.numbers import format_money
from qa.engine import Engine
from qa.understand import parse_question
from tests.conftest import facts_engine

XINJIANG = Path(__file__).parent / "corpus" / "wild" / "xinjiang_region_2019_government_debt_final_table.xlsx"
URUMQI_LIMIT = Decimal("122289000000")  # 1,222.89亿元


@pytest.fixture(scope="module")
def debt_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("debt_store"), [XINJIANG])


def test_a_yi_table_is_answered_in_yi(debt_engine: Engine) -> None:
    ans = debt_engine.ask("乌鲁木齐市2019年债务限额是多少")
    assert ans.kind == "figure", ans.text
    fig = ans.figures[0]
    assert Decimal(fig.value) == URUMQI_LIMIT
    assert fig.display.startswith("1,222.89亿元"), fig.display


def test_the_unit_the_question_names_wins(debt_engine: Engine) -> None:
    ans = debt_engine.ask("乌鲁木齐市2019年债务限额是多少万元")
    assert ans.figures[0].display.startswith("12228900.00万元"), ans.figures[0].display


def test_question_unit_yi() -> None:
    assert parse_question("全省债务余额一共多少亿").unit == "亿元"
    assert parse_question("债务余额是多少亿元").unit == "亿元"
    assert "亿" not in parse_question("全省债务余额一共多少亿").subject


def test_format_yi_keeps_every_printed_digit() -> None:
    assert format_money(Decimal("82280000"), "亿元") == "0.8228亿元（82,280,000元）"
    assert format_money(URUMQI_LIMIT, "亿元") == "1,222.89亿元（122,289,000,000元）"


def test_grounding_reads_a_bare_cell_of_a_yi_table() -> None:
    assert quote_prints("乌鲁木齐市 2019年债务限额：1,222.89", URUMQI_LIMIT, "元")
    assert not quote_prints("乌鲁木齐市 2019年债务限额：1,222.88", URUMQI_LIMIT, "元")
