"""Batch 23 平潭 2017 决算 pages (first contact in eval/README.md): small coordinating offices whose whole
spending is one or two code lines, whose duties, offices and work are printed as lists in running text."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH23 = Path(__file__).parent.parent / "eval" / "docs" / "batch23"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch23"), sorted(BATCH23.glob("*.txt")))


def _in(engine: Engine, part: str) -> dict:
    """The filter that scopes a question to the one batch-23 page whose file name holds ``part``."""
    return {"doc_id": next(d.doc_id for d in engine.catalogue.docs if part in d.file)}


# --- codes asked (lists23) ---


def test_a_departments_money_asked_by_its_function_code_reads_its_code_lines(engine: Engine) -> None:
    # 「哪个功能科目编码」 (功能 without 分类) asks a code as 「哪个功能分类科目编码」 does
    ans = engine.ask("铁路办的钱记在哪个功能科目编码下面？", filters=_in(engine, "railway_construction"))
    assert ans.kind == "passage" and "2140201" in ans.text
    assert "2140201" in ans.sources[0].quote


def test_the_code_an_item_was_moved_to_is_the_one_printed_after_the_move(engine: Engine) -> None:
    # 「工作经费调整在“2140102…”」: not 2010302, the code it was listed under before
    ans = engine.ask(
        "道安办2017年的工作经费调整到哪个科目列支？给科目编码。",
        filters=_in(engine, "road_traffic_safety"),
    )
    assert ans.kind == "passage" and "2140102" in ans.text and "2010302" not in ans.text
    assert "调整在" in ans.sources[0].quote and "2140102" in ans.sources[0].quote
