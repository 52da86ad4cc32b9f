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


GRAIN_2016 = BATCH21 / "pingtan_grain_park_hq_2016_final_accounts.txt"


def test_an_item_said_without_the_insert_of_its_printed_name(engine: Engine) -> None:
    # printed 「储备粮（油）库建设（项）…较2015年决算数增加1073.79万元」, asked without 「（油）」
    doc = _doc(engine, GRAIN_2016)
    ans = engine.ask("储备粮库建设这一项比2015年多花了多少？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(
        GRAIN_2016, r"储备粮（油）库建设（项）财政拨款支出[\d.]+万元，较2015年决算数增加"
    )


def test_a_note_in_brackets_before_the_question_mark_names_nothing(engine: Engine) -> None:
    # the previous year's amount: this year's minus the printed increase
    ans = engine.ask("粮食园区建设指挥部2015年储备粮（油）库建设支出是多少（按2016年决算推算）？")
    assert ans.kind == "figure", ans.text
    now = printed_wan(GRAIN_2016, r"储备粮（油）库建设（项）财政拨款支出")
    up = printed_wan(GRAIN_2016, r"储备粮（油）库建设（项）财政拨款支出[\d.]+万元，较2015年决算数增加")
    assert ans.figures[0].value == now - up


def test_a_change_after_the_whole_asked_by_no_name_is_of_that_whole(engine: Engine) -> None:
    # 「花了多少钱」 is answered 本年支出; 「比上年多了多少」 then asks its printed change
    first = engine.ask("粮食园区建设指挥部2016年花了多少钱？")
    assert first.kind == "figure", first.text
    ans = engine.ask("比上年多了多少？", history=[first])
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(
        GRAIN_2016, r"2016本年支出\s*[\d.]+\s*万元，比2015年决算数增加"
    )
