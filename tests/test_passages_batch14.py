"""Text answers on batch 14's pages (written blind, eval/docs/batch14): duties asked colloquially, a reason
printed once for a run of items (「主要原因同上」), and an explanation printed with no cue word."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH14 = Path(__file__).parent.parent / "eval" / "docs" / "batch14"
OFFICE = BATCH14 / "pingtan_admin_committee_office_2016_final_accounts.txt"
APPROVAL = BATCH14 / "pingtan_administrative_approval_bureau_2016_final_accounts.txt"
SOCIAL = BATCH14 / "pingtan_social_affairs_bureau_2018_budget.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch14_text"), [OFFICE, APPROVAL, SOCIAL])


def test_what_a_body_manages_is_its_duties(engine: Engine) -> None:
    a = engine.ask("管委会办公室主要管些什么事？", filters={"file": OFFICE.name})
    assert a.kind == "passage"
    assert "开放开发的综合协调工作" in a.text
    assert "开放开发的综合协调工作" in OFFICE.read_text(encoding="utf-8")


def test_a_reason_same_as_above_is_the_one_printed_above(engine: Engine) -> None:
    page = APPROVAL.read_text(encoding="utf-8")
    assert "主要原因同上" in page
    a = engine.ask("审批局2016年机关服务为什么比上年增加", filters={"file": APPROVAL.name})
    assert a.kind == "passage"
    # the first item's reason, which 「同上」 points to, is in the answer with the words of the page
    assert "2015年4月成立" in a.text and "2015年4月成立" in page
    assert all(s.quote in page or s.quote.replace(" ", "") in page.replace(" ", "") for s in a.sources)


def test_an_uncued_sentence_after_an_items_change_explains_it(engine: Engine) -> None:
    a = engine.ask("城市低保的钱为什么比17年减少了？", filters={"file": SOCIAL.name})
    assert a.kind == "passage"
    assert "城镇居民脱贫" in a.text
