"""Reading batch 15's pages (written blind, eval/docs/batch15): 三公 lines that name the unit paying
(「（二）公务接待费 2018年区办本级预算安排500万元」), a title glued to its 目录, and what money is used for,
asked alone or after its amount."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import printed_wan

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH15 = Path(__file__).parent.parent / "eval" / "docs" / "batch15"
OFFICE = BATCH15 / "pingtan_admin_committee_office_2018_budget.txt"
POLICE = BATCH15 / "pingtan_public_security_bureau_2018_budget.txt"
LAND = (
    Path(__file__).parent.parent
    / "eval"
    / "docs"
    / "batch14"
    / "pingtan_environment_land_resources_bureau_2018_budget.txt"
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch15_reading"), [OFFICE, POLICE, LAND])


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        ("管委办2018年公务接待费预算是多少？", r"公务接待费\s*2018年区办本级预算安排"),
        ("管委会办公室2018年出国（境）经费预算多少？", r"因公出国（境）经费\s*2018年区办本级预算安排"),
    ],
)
def test_the_unit_paying_is_no_name_of_the_item(engine: Engine, question: str, printed: str) -> None:
    a = engine.ask(question, filters={"file": OFFICE.name})
    assert a.kind == "figure", a.text
    assert Decimal(a.figures[0].value) == printed_wan(OFFICE, printed), a.text
    # the document is cited by its own title, not by the first sentence after its contents
    assert a.sources[0].document.endswith("部门预算") and "审议通过" not in a.sources[0].document


def test_what_an_item_is_spent_on(engine: Engine) -> None:
    a = engine.ask("公安局的信息化建设经费主要花在什么上？", filters={"file": POLICE.name})
    assert a.kind == "passage" and "金盾工程" in a.text, a.text
    b = engine.ask("管委会办公室的一般行政管理事务经费主要用在什么地方？", filters={"file": OFFICE.name})
    assert b.kind == "passage" and "驻京办经费" in b.text, b.text


def test_an_amount_and_its_use_asked_together(engine: Engine) -> None:
    a = engine.ask(
        "国土资源事务里的2200102一般行政管理事务安排了多少？主要干什么用？", filters={"file": LAND.name}
    )
    assert a.kind == "figure", a.text
    assert Decimal(a.figures[0].value) == printed_wan(LAND, r"2200102一般行政管理事务"), a.text
    assert "用途：" in a.text and "地质灾害" in a.text


BATCH16 = Path(__file__).parent.parent / "eval" / "docs" / "batch16"
EXPROPRIATION = BATCH16 / "pingtan_land_expropriation_office_2016_final_accounts.txt"
ASSETS = BATCH16 / "pingtan_state_assets_bureau_2016_final_accounts.txt"
ORGANS = BATCH16 / "pingtan_organs_work_committee_2016_final_accounts.txt"


@pytest.fixture(scope="module")
def engine16(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch16_names"), [EXPROPRIATION, ASSETS, ORGANS])


@pytest.mark.parametrize(
    ("question", "path"),
    [
        ("平潭征安办2016年一共支出多少？", EXPROPRIATION),  # the page calls itself 「区征安办」
        ("区直机关工委2016年本年支出是多少？", ORGANS),  # 工作委员会 said 工委
        ("平潭国资局2016年本年支出是多少？", ASSETS),  # 管理局 said 局
    ],
)
def test_short_forms_no_name_begins_with(engine16: Engine, question: str, path: Path) -> None:
    a = engine16.ask(question)
    assert a.kind == "figure", a.text
    assert Decimal(a.figures[0].value) == printed_wan(path, r"本年支出"), a.text


def test_a_sum_of_two_bodies_named_by_short_forms(engine16: Engine) -> None:
    a = engine16.ask("2016年平潭征安办和国资局的本年支出加起来是多少？")
    assert a.kind == "figure", a.text
    both = printed_wan(EXPROPRIATION, r"本年支出") + printed_wan(ASSETS, r"本年支出")
    assert Decimal(a.figures[0].value) == both, a.text
