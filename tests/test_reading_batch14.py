"""Reading batch 14's pages (written blind, eval/docs/batch14): duties asked colloquially, a reason printed once
for a run of items (「主要原因同上」), an explanation printed with no cue word, and counts of units printed one
unit a line (「重庆市港航管理局(包含…６个三级预算单位)」)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH14 = Path(__file__).parent.parent / "eval" / "docs" / "batch14"
OFFICE = BATCH14 / "pingtan_admin_committee_office_2016_final_accounts.txt"
APPROVAL = BATCH14 / "pingtan_administrative_approval_bureau_2016_final_accounts.txt"
SOCIAL = BATCH14 / "pingtan_social_affairs_bureau_2018_budget.txt"
TRANSPORT = BATCH14 / "cq_transport_commission_2018_budget.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch14_text"), [OFFICE, APPROVAL, SOCIAL, TRANSPORT])


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


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("重庆交委部门预算包括几个二级事业单位？", 8),  # 「下属的8个二级事业单位16个三级事业单位」
        ("市交委机关有多少个内设处室？", 19),  # 「…纪检组19个内设处室)」: a count closing a bracket
        ("重庆市港航管理局包含几个三级预算单位？", 6),  # the unit whose line holds the count, not the first
        ("重庆市公路局有几个三级预算单位", 4),
    ],
)
def test_counts_of_units_printed_one_a_line(engine: Engine, question: str, count: int) -> None:
    a = engine.ask(question, filters={"file": TRANSPORT.name})
    assert a.kind == "figure", a.text
    assert a.figures[0].value == count, a.text
    assert not a.warnings, a.warnings  # one unit's count, not several units' counts in disagreement
