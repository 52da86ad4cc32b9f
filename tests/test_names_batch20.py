"""Names of batch 20 平潭 pages: a body asked by a short form that drops its name's first word and keeps a word
printed inside it with the name's ending (住房公积金管理中心 → 公积金中心), in its own document and in a store."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import printed_wan

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH20 = Path(__file__).parent.parent / "eval" / "docs" / "batch20"
FUND_CENTRE_2019 = BATCH20 / "pingtan_housing_provident_fund_center_2019_budget.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch20"), sorted(BATCH20.glob("*.txt")))


def _doc(engine: Engine, path: Path):
    return next(d for d in engine.catalogue.docs if d.file.endswith(path.name))


def test_a_short_form_dropping_the_first_word_names_its_body(engine: Engine) -> None:
    centre = engine.catalogue.key_of(_doc(engine, FUND_CENTRE_2019))
    assert engine.catalogue.short_forms_in("公积金中心今年公用支出安排了多少") == {"公积金中心": centre}
    assert engine.catalogue.short_forms_in("区公积金中心有几辆车").get("区公积金中心") == centre


def test_a_common_two_character_word_with_the_ending_names_no_body(engine: Engine) -> None:
    assert engine.catalogue.short_forms_in("管理中心今年公用支出安排了多少") == {}


@pytest.mark.parametrize("doc_scope", [True, False])
def test_the_short_form_is_answered_in_its_document_and_in_the_store(engine: Engine, doc_scope: bool) -> None:
    doc = _doc(engine, FUND_CENTRE_2019)
    filters = {"doc_id": doc.doc_id} if doc_scope else None
    ans = engine.ask("公积金中心2019年公用支出安排了多少？", filters=filters)
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(FUND_CENTRE_2019, "公用支出")
    assert ans.sources[0].doc_id == doc.doc_id


HOSPITAL_HQ_2017 = BATCH20 / "pingtan_tertiary_hospital_hq_2017_final_accounts.txt"


@pytest.mark.parametrize(("asked", "unit"), [("项目设置了多少张床位？", "张"), ("编制床位数是多少？", "床")])
def test_beds_counted_in_zhang_and_chuang(engine: Engine, asked: str, unit: str) -> None:
    """「设置床位1000张」「编制床位数1500床」: beds of a hospital project are counts in the word printed."""
    doc = _doc(engine, HOSPITAL_HQ_2017)
    ans = engine.ask(asked, filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    printed = re.search(rf"(?:设置床位|编制床位数)(\d+){unit}", HOSPITAL_HQ_2017.read_text(encoding="utf-8"))
    assert printed and ans.figures[0].unit == unit
    assert ans.figures[0].value == Decimal(printed[1])


def test_a_change_printed_without_its_wan_is_shown_beside_the_wan_printing(engine: Engine) -> None:
    # 「收入预算为259.5万元，比上年减少40.11元」 and 「支出预算259.5万元，比上年减少40.11万元」: the same change of the
    # same whole, once without its 万 — never answered as 40.11元 alone
    doc = _doc(engine, FUND_CENTRE_2019)
    history = [engine.ask("平潭住房公积金管理中心2019年收入预算多少？", filters={"doc_id": doc.doc_id})]
    ans = engine.ask("比上年减少多少", history=history, filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == 401_100
    assert "前后不一致" in ans.text and "减少40.11元" in ans.text, ans.text
