"""Batch 15 (and 14) 平潭 pages, questions written blind: a 功能分类 code asked of a named item in the ways people
ask it, staff and cars of a unit (or the department's own level) a 单位构成 table prints, and a count of
applications in the work summary."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import printed_wan

from qa.code_follow import item_asked
from qa.engine import Engine
from tests.conftest import facts_engine

DOCS = Path(__file__).parent.parent / "eval" / "docs"
TAIWAN_2016 = DOCS / "batch15" / "pingtan_taiwan_work_dept_2016_final_accounts.txt"
OFFICE_2018 = DOCS / "batch15" / "pingtan_admin_committee_office_2018_budget.txt"
OFFICE_2016 = DOCS / "batch14" / "pingtan_admin_committee_office_2016_final_accounts.txt"
APPROVAL_2016 = DOCS / "batch14" / "pingtan_administrative_approval_bureau_2016_final_accounts.txt"
SOCIAL_2018 = DOCS / "batch14" / "pingtan_social_affairs_bureau_2018_budget.txt"
LAND_2018 = DOCS / "batch14" / "pingtan_environment_land_resources_bureau_2018_budget.txt"


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Engine]:
    """One engine per document, as the gate asks each question of its own document."""
    docs = (TAIWAN_2016, OFFICE_2018, OFFICE_2016, APPROVAL_2016, SOCIAL_2018, LAND_2018)
    return {d: facts_engine(tmp_path_factory.mktemp(d.stem), [d]) for d in docs}


@pytest.mark.parametrize(
    ("asked", "item"),
    [
        ("台工部的台湾事务支出对应的功能分类", "台工部的台湾事务"),
        ("中小企业发展专项对应的功能分类科目编码审批局", "中小企业发展专项"),
        ("环土局征地拆迁补偿列在功能分类科目编码下", "环土局征地拆迁补偿"),
        ("财政对城乡居民基本养老保险基金的补助在社会事业局功能分类", "财政对城乡居民基本养老保险基金的补助"),
        ("差旅费的科目编码", "差旅费"),
    ],
)
def test_item_whose_code_is_asked(asked: str, item: str) -> None:
    assert item_asked(asked) == item


@pytest.mark.parametrize(
    ("question", "doc", "code"),
    [
        ("台工部的“台湾事务”支出对应的功能分类科目编码是什么？", TAIWAN_2016, "2012505"),
        ("中小企业发展专项对应的功能分类科目编码是多少？审批局2016年决算", APPROVAL_2016, "2150805"),
        # said without the 和 printed between its parts (征地和拆迁补偿), the code leading the figure's label
        ("环土局征地拆迁补偿列在哪个功能分类科目编码下？", LAND_2018, "2120801"),
        (
            "“财政对城乡居民基本养老保险基金的补助”在社会事业局2018年预算里用的是哪个功能分类科目编码？",
            SOCIAL_2018,
            "2082602",
        ),
    ],
)
def test_code_of_a_named_item(engines: dict[Path, Engine], question: str, doc: Path, code: str) -> None:
    ans = engines[doc].ask(question)
    assert ans.kind == "passage" and f"科目编码：{code}" in ans.text, ans.text
    assert any(code in (s.quote or "") for s in ans.sources)  # cited where the code is printed


@pytest.mark.parametrize(
    ("question", "doc", "row", "value"),
    [
        # the place said short (平潭…) of a row printed 平潭综合实验区…: a row, not an unknown body
        ("平潭发展研究中心在职几个人？", OFFICE_2018, "平潭综合实验区发展研究中心", "3"),
        ("平潭司法办公室在职人数多少？", OFFICE_2016, "平潭综合实验区司法办公室", "52"),
        # 本级 of a department whose own row prints more bodies before its name
        ("台湾工作部本级在职的有多少人？", TAIWAN_2016, "平潭综合实验区党工委管委会台湾工作部本级", "20"),
    ],
)
def test_staff_of_a_row(engines: dict[Path, Engine], question: str, doc: Path, row: str, value: str) -> None:
    ans = engines[doc].ask(question)
    assert ans.kind == "figure", ans.text
    assert ans.text.startswith(row) and ans.figures[0].value == Decimal(value) and "在职人数" in ans.text, (
        ans.text
    )


def test_unit_not_in_the_table_is_still_unknown(engines: dict[Path, Engine]) -> None:
    assert engines[OFFICE_2018].ask("平潭气象局在职几个人？").kind == "not_found"


def test_cars_of_the_own_level(engines: dict[Path, Engine]) -> None:
    ans = engines[OFFICE_2018].ask("管委会办公室本级一共有几辆车？")
    assert ans.kind == "figure" and "22辆" in ans.text, ans.text


def test_count_of_applications(engines: dict[Path, Engine]) -> None:
    # 「多少件申请」: 申请 is what is counted, not the 请 of a polite question
    ans = engines[APPROVAL_2016].ask("截至2016年11月底，审批局产业奖补窗口受理了多少件申请？")
    assert ans.kind == "figure" and "431件" in ans.text, ans.text


def test_two_bodies_cars_each_at_its_own_date(tmp_path: Path) -> None:
    """「公安局（截至2017年底）的车辆比检察院2016年末的车辆多几辆」: each body's stock at the date said beside it —
    the 2017 year-end stock printed by the 2018 budget, the 2016 one by the 2016 final account."""
    police = DOCS / "batch15" / "pingtan_public_security_bureau_2018_budget.txt"
    procuratorate = DOCS / "batch15" / "pingtan_procuratorate_2016_final_accounts.txt"
    engine = facts_engine(tmp_path, [police, procuratorate])
    ans = engine.ask("平潭综合实验区公安局（截至2017年底）的车辆比平潭县人民检察院2016年末的车辆多几辆？")
    assert ans.kind == "figure", ans.text
    expected = _printed_cars(police) - _printed_cars(procuratorate)
    assert Decimal(ans.figures[0].value) == expected and ans.figures[0].unit == "辆", ans.text


def _printed_cars(path: Path) -> Decimal:
    """The stock of cars a page prints (「共有车辆89辆」)."""
    m = re.search(r"共有车辆\s*(\d+)\s*辆", path.read_text(encoding="utf-8"))
    assert m, path
    return Decimal(m.group(1))


@pytest.mark.parametrize(
    "question",
    [
        "管委会办公室本级项目支出是多少？",  # 本级 said before the item: whose, not part of its name
        "管委会办公室区办本级的项目支出是多少？",  # the own unit's row prints only staff: money is asked
    ],
)
def test_an_item_of_the_own_unit(engines: dict[Path, Engine], question: str) -> None:
    """「…区办本级收入为13437.09万元…相应安排支出预算13437.09万元，其中：…项目支出7710万元」: the 本级's 项目支出,
    neither 区办本级支出 (a name more alike) nor the staff count of the unit's row."""
    ans = engines[OFFICE_2018].ask(question)
    assert ans.kind == "figure" and ans.figures[0].unit == "元", ans.text
    assert Decimal(ans.figures[0].value) == printed_wan(OFFICE_2018, r"项目支出"), ans.text
