"""Batch 21 平潭 pages (first contact in eval/README.md): a township titled by its name alone
(「2016年度平潭综合实验区大练乡决算说明」, no 人民政府) is a body — its name scopes questions in its document,
in a conversation and in a store of five."""

from __future__ import annotations

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


FINANCE_2019 = BATCH21 / "pingtan_financial_services_office_2019_budget.txt"
KEY_PROJECTS_2019 = BATCH21 / "pingtan_key_projects_office_2019_budget.txt"


def test_a_part_under_the_whole_asked_outranks_a_same_named_figure(engine: Engine) -> None:
    # 「1. 财政拨款收入468.30万元，其中政府性基金143.5万元」, not 「政府性基金支出143.02万元」 of another whole
    doc = _doc(engine, DALIAN_2016)
    ans = engine.ask("大练乡财政拨款收入里政府性基金有多少？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == 1_435_000
    assert "不一致" not in ans.text, ans.text


def test_a_word_inside_a_printed_name_may_be_left_out(engine: Engine) -> None:
    # 「其中：政府购买服务项目采购预算额55.5万元」 asked 「其中政府购买服务采购多少」 with no question before
    doc = _doc(engine, KEY_PROJECTS_2019)
    ans = engine.ask("其中政府购买服务采购多少？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == 555_000


def test_a_list_whose_kind_is_printed_after_its_items(engine: Engine) -> None:
    # 「共设置绩效目标4个，分别是专项业务费、…、两岸青年创新创业大赛经费等项目」, not the glossary's 项目支出
    doc = _doc(engine, FINANCE_2019)
    ans = engine.ask("金融办2019年设置的绩效目标有哪些项目？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "list", ans.text
    assert "（共4项）" in ans.text and "· 两岸青年创新创业大赛经费\n" in ans.text, ans.text
