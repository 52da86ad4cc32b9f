"""Batch 19 (平潭 pages, questions written blind): a year said by two digits in 「比16年多了多少」, a rate printed
after a 其中 part of 0 (the whole's), and an item's
previous-year amount printed in a later paragraph of its part (「公务接待费 2019年预算安排12.50万元。」「主要用于…」
「2018年预算安排为21.5万元，与上年相比支出减少42%」)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import printed_wan

from index.facts import make_facts
from index.parse import parse_document
from qa.engine import Engine
from qa.understand import normalize_question
from tests.conftest import facts_engine

BATCH19 = Path(__file__).parent.parent / "eval" / "docs" / "batch19"
ENFORCEMENT = BATCH19 / "pingtan_comprehensive_law_enforcement_bureau_2019_budget.txt"
SCENIC = BATCH19 / "pingtan_scenic_area_administration_2017_final_accounts.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch19"), [ENFORCEMENT, SCENIC])


def _figure(engine: Engine, question: str) -> Decimal:
    ans = engine.ask(question)
    assert ans.kind == "figure", (question, ans.text)
    return Decimal(ans.figures[0].value)


def test_a_two_digit_year_before_a_change_word_is_a_year() -> None:
    assert "2016年多了" in normalize_question("风景名胜区管理局17年收入比16年多了多少")
    assert "2017年收入" in normalize_question("风景名胜区管理局17年收入比16年多了多少")
    assert "2010年多" not in normalize_question("工作了10年多")  # a count of years stays a count


def test_a_change_against_a_two_digit_year(engine: Engine) -> None:
    increase = printed_wan(SCENIC, r"2017年收入[\d.]+万元，比2016年决算数增加")
    assert _figure(engine, "风景名胜区管理局17年收入比16年多了多少") == increase


def test_an_earlier_years_amount_in_a_later_paragraph_is_the_items(engine: Engine) -> None:
    facts = [f for f in make_facts(parse_document(ENFORCEMENT)) if "2018年预算安排为" in (f.quote or "")]
    assert facts and all(f.subject == "公务接待费" for f in facts)
    before = printed_wan(ENFORCEMENT, r"2018年预算安排为")
    now = printed_wan(ENFORCEMENT, r"公务接待费\s*2019年预算安排")
    assert _figure(engine, "综合执法局公务接待费2018年预算多少") == before
    assert (
        _figure(engine, "综合执法局公务接待费2019年预算比2018年少了多少钱？") == before - now
    )  # 少了: its size
    rate = re.search(r"与上年相比支出减少(\d+)%", ENFORCEMENT.read_text(encoding="utf-8"))
    assert rate
    assert _figure(engine, "综合执法局公务接待费比上年减少了百分之多少？") == Decimal(rate[1])


def test_a_rate_after_a_part_of_nothing_is_the_wholes(tmp_path: Path) -> None:
    luyang = BATCH19 / "pingtan_luyang_township_2019_budget.txt"
    rates = [
        f
        for f in make_facts(parse_document(luyang))
        if f.measure == "percent_change" and "其中：公车运行费" in (f.quote or "")
    ]
    assert rates and all(f.subject == "公务用车购置及运行费" for f in rates)
    rate = re.search(r"公车购置费0万元，比上年减少([\d.]+)%", luyang.read_text(encoding="utf-8"))
    assert rate
    engine = facts_engine(tmp_path, [luyang])
    assert _figure(engine, "2019年公车运行费比上年减少百分之几？") == Decimal(rate[1])


def test_a_year_before_figure_naming_no_item_is_the_whole_budgets(engine: Engine) -> None:
    before = printed_wan(ENFORCEMENT, r"比上年执行数")
    assert _figure(engine, "区综合执法局上年执行数是多少？") == before
