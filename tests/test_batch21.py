"""Batch 21 平潭 pages (first contact in eval/README.md): a township titled by its name alone
(「2016年度平潭综合实验区大练乡决算说明」, no 人民政府) is a body — its name scopes questions in its document,
in a conversation and in a store of five."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from figure_helpers import printed_wan

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH21 = Path(__file__).parent.parent / "eval" / "docs" / "batch21"
DALIAN_2016 = BATCH21 / "pingtan_dalian_township_2016_final_accounts.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch21"), sorted(BATCH21.glob("*.txt")))


def _doc(engine: Engine, path: Path):
    return next(d for d in engine.catalogue.docs if d.file.endswith(path.name))


def test_a_township_titled_by_its_name_alone_is_its_department(engine: Engine) -> None:
    assert _doc(engine, DALIAN_2016).department.endswith("大练乡")


@pytest.mark.parametrize("doc_scope", [True, False])
def test_the_township_name_scopes_and_is_not_the_subject(engine: Engine, doc_scope: bool) -> None:
    doc = _doc(engine, DALIAN_2016)
    ans = engine.ask("大练乡2016年一共花了多少钱？", filters={"doc_id": doc.doc_id} if doc_scope else None)
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(DALIAN_2016, "本年支出")
    assert ans.sources[0].doc_id == doc.doc_id


def test_not_printed_for_the_township_is_not_found(engine: Engine) -> None:
    doc = _doc(engine, DALIAN_2016)
    ans = engine.ask("大练乡2016年机关运行经费是多少？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "not_found", ans.text


GRAIN_PARK_2016 = BATCH21 / "pingtan_grain_park_hq_2016_final_accounts.txt"
COMMAND_CENTRE_2016 = BATCH21 / "pingtan_social_service_command_center_2016_final_accounts.txt"


@pytest.mark.parametrize("role", ["施工单位", "监理单位"])
def test_a_role_asked_by_which_body_is_answered_by_the_body_named_in_it(engine: Engine, role: str) -> None:
    """「施工单位是哪家」: the clause naming the company in that role, not a sentence printing only the role."""
    doc = _doc(engine, GRAIN_PARK_2016)
    ans = engine.ask(f"粮食园区项目的{role}是哪家？", filters={"doc_id": doc.doc_id})
    named = re.search(rf"{role}为([^，。]+公司)", GRAIN_PARK_2016.read_text(encoding="utf-8"))
    assert named and ans.kind == "passage", ans.text
    assert named[1] in ans.text.splitlines()[0] and named[1] in ans.sources[0].quote


def test_when_a_body_was_set_up_is_the_sentence_printing_the_verb_with_its_date(engine: Engine) -> None:
    """「什么时候成立的」: 「…成立于2016年6月」, not 「我单位为2016年新成立单位」."""
    doc = _doc(engine, COMMAND_CENTRE_2016)
    ans = engine.ask("社会服务管理指挥中心是什么时候成立的？", filters={"doc_id": doc.doc_id})
    printed = re.search(r"成立于\d{4}年\d{1,2}月", COMMAND_CENTRE_2016.read_text(encoding="utf-8"))
    assert printed and ans.kind == "passage", ans.text
    assert printed[0] in ans.sources[0].quote
    assert all("新成立" not in s.quote for s in ans.sources), ans.text
