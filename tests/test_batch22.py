"""Batch 22 平潭 pages (first contact in eval/README.md): a budget covering its own unit (本级) and a unit under
it prints each figure for the whole and, in a bracket after it, for each unit; a short form said after the place
word its body's full name begins with (福建师大平潭附中筹建办 of 福建师范大学平潭附属中学筹建工作领导小组办公室)."""

from __future__ import annotations

from pathlib import Path

import pytest
from figure_helpers import printed_wan

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH22 = Path(__file__).parent.parent / "eval" / "docs" / "batch22"
AOQIAN_2018 = BATCH22 / "pingtan_aoqian_area_project_hq_2018_budget.txt"
SCHOOL_2017 = BATCH22 / "pingtan_fjnu_affiliated_school_prep_office_2017_final_accounts.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch22"), sorted(BATCH22.glob("*.txt")))


def _doc(engine: Engine, path: Path):
    return next(d for d in engine.catalogue.docs if d.file.endswith(path.name))


@pytest.mark.parametrize(
    ("asked", "printed"),
    [
        ("澳前片区项目建设服务中心2018年的公用经费是多少？", r"公用支出[\d.]+万元（[^）]*?服务中心"),
        ("澳前片区指挥部本级2018年项目支出安排了多少？", r"项目支出[\d.]+万元（[^）]*?本级"),
        ("项目支出安排了多少？", "项目支出"),
        ("公用支出是多少？", "公用支出"),
    ],
)
def test_a_units_part_in_the_bracket_answers_for_that_unit_only(
    engine: Engine, asked: str, printed: str
) -> None:
    doc = _doc(engine, AOQIAN_2018)
    ans = engine.ask(asked, filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(AOQIAN_2018, printed)


def test_a_change_after_the_bracket_is_the_wholes(engine: Engine) -> None:
    doc = _doc(engine, AOQIAN_2018)
    ans = engine.ask("澳前片区项目建设指挥部2018年预算比上年少了多少钱？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(AOQIAN_2018, "支出预算[\\d.]+万元（[^）]*），比上年减少")


@pytest.mark.parametrize("doc_scope", [True, False])
def test_a_short_form_after_the_place_its_full_name_begins_with(engine: Engine, doc_scope: bool) -> None:
    doc = _doc(engine, SCHOOL_2017)
    ans = engine.ask(
        "福建师大平潭附中筹建办2017年收入多少？", filters={"doc_id": doc.doc_id} if doc_scope else None
    )
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(SCHOOL_2017, "本年收入")
    assert ans.sources[0].doc_id == doc.doc_id


def test_a_part_as_much_as_its_whole_in_the_wholes_sentence(engine: Engine) -> None:
    """「政府采购支出总额90.00万元，其中：政府采购货物支出0.00万元、政府采购工程支出90.00万元」: 「其中工程采购多少」 is
    the 工程 part (as much as the whole), not the 货物 part, and its label is the part's printed name."""
    doc = _doc(engine, SCHOOL_2017)
    scope = {"doc_id": doc.doc_id}
    whole = engine.ask("附中筹建办2017年政府采购支出多少？", filters=scope)
    part = engine.ask("其中工程采购多少？", history=[whole], filters=scope)
    assert part.kind == "figure", part.text
    assert part.figures[0].label == "政府采购工程支出"
    assert part.figures[0].value == printed_wan(SCHOOL_2017, "政府采购工程支出")


def test_a_comparisons_bi_ends_the_first_bodys_name(engine: Engine) -> None:
    """「附中筹建办比经发局多多少」: 比 begins the second body, it is no part of one body's name."""
    ans = engine.ask("2017年政府采购支出，附中筹建办比经发局多多少？")
    assert ans.kind == "figure", ans.text
    assert len({s.doc_id for s in ans.sources if s.doc_id}) == 2
    assert ans.figures[0].value == printed_wan(SCHOOL_2017, "政府采购支出总额") - printed_wan(
        BATCH22 / "pingtan_economic_development_bureau_2017_final_accounts.txt", "政府采购支出总额"
    )
