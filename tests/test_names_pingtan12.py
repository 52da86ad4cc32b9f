"""Names of batch 12 平潭 pages as people say them: short forms by the characters of the own name
(环土局, 卫生计生局), 政协 / 人大 for the bodies named by their place, and two of them in one question."""

from __future__ import annotations

from pathlib import Path

import pytest
from figure_helpers import printed_wan

from qa.catalogue import Catalogue, name_forms
from qa.engine import Engine
from tests.conftest import facts_engine

BATCH12 = Path(__file__).parent.parent / "eval" / "docs" / "pingtan12"
CPPCC_2017 = BATCH12 / "pingtan_cppcc_2017_final_accounts.txt"
NPC_2017 = BATCH12 / "pingtan_npc_standing_committee_2017_final_accounts.txt"
LAND_2016 = BATCH12 / "pingtan_environment_land_resources_bureau_2016_final_accounts.txt"
HEALTH_2016 = BATCH12 / "pingtan_health_family_planning_bureau_2016_final_accounts.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("pingtan12"), sorted(BATCH12.glob("*.txt")))


def _doc_of(engine: Engine, path: Path):
    return next(d for d in engine.catalogue.docs if d.file.endswith(path.name))


def test_the_cppcc_is_known_by_its_short_forms(engine: Engine) -> None:
    d = _doc_of(engine, CPPCC_2017)
    forms = name_forms(d.department, d.region or "")
    assert {"县政协", "平潭县政协", "政协平潭县委员会", "政协"} <= forms
    assert "政协福建省委员会" not in forms  # the province's own 政协 is another body


def test_the_npc_standing_committee_is_known_by_its_short_forms(engine: Engine) -> None:
    d = _doc_of(engine, NPC_2017)
    assert {"县人大常委会", "县人大", "人大常委会"} <= name_forms(d.department, d.region or "")


def test_a_short_form_of_one_department_s_own_name_resolves_to_it(engine: Engine) -> None:
    cat = engine.catalogue
    land = cat.key_of(_doc_of(engine, LAND_2016))
    health = cat.key_of(_doc_of(engine, HEALTH_2016))
    assert cat.short_forms_in("环土局2016年项目支出有多少？") == {"环土局": land}
    assert cat.short_forms_in("卫生计生局2016年三公经费花了多少？") == {"卫生计生局": health}
    assert cat.short_forms_in("卫计局2016年三公经费花了多少？") == {}  # an alias already knows it
    assert cat.short_forms_in("环局支出多少") == {}  # two characters before the ending: too short


def test_a_short_form_two_departments_share_names_neither() -> None:
    from index.facts import DocumentInfo

    docs = [
        DocumentInfo(str(i), "", f"{i}.txt", "", "某某市", name, 2020, "", None, 0, 0, 0, "")
        for i, name in enumerate(["某某市环境保护局", "某某市环境与国土资源局"])
    ]
    assert Catalogue.build(docs).short_forms_in("环境局的支出") == {}


def test_questions_naming_short_forms_are_answered(engine: Engine) -> None:
    ans = engine.ask("环土局2016年项目支出有多少？")
    assert ans.figures and ans.figures[0].value == printed_wan(LAND_2016, r"项目支出")
    ans = engine.ask("县政协2017年本年支出是多少")
    assert ans.figures and ans.figures[0].value == printed_wan(CPPCC_2017, r"本年支出")


def test_two_short_forms_in_one_question(engine: Engine) -> None:
    ans = engine.ask("2017年县人大常委会的本年支出比县政协多多少？")
    want = printed_wan(NPC_2017, r"本年支出") - printed_wan(CPPCC_2017, r"本年支出")
    assert ans.figures and ans.figures[0].value == want
    ans = engine.ask("环土局2016年三公经费比卫计局2016年多多少？")
    assert ans.figures and ans.kind == "figure"
    assert "卫生和计划生育局" in ans.text and "环境与国土资源局" in ans.text


def test_a_new_body_s_money_question_after_a_count_asks_money(engine: Engine) -> None:
    first = engine.ask("县人大常委会2017年在职多少人？")
    ans = engine.ask("机关运行经费呢？", history=[first])
    assert ans.figures and ans.figures[0].unit == "元"
    ans = engine.ask("那县政协2017年公务接待费是多少？", history=[first])
    assert ans.figures and ans.figures[0].unit == "元"


def test_the_body_s_short_form_inside_an_item_s_name_stays_in_the_question(engine: Engine) -> None:
    ans = engine.ask("平潭县人大2017年开人大会议花了多少钱？")
    assert ans.figures and "人大会议" in ans.text
