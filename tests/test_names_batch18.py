"""Names of batch 18 平潭 pages: a title run in between the 目录 and the first sentence, and the short forms
people say for a committee named by its words (旅游委, 旅发委) or by its place's level word (团区委)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from figure_helpers import printed_wan

from index.parse import parse_document
from index.web_page import split_run_in_title
from qa.catalogue import name_forms
from qa.engine import Engine
from tests.conftest import facts_engine

BATCH18 = Path(__file__).parent.parent / "eval" / "docs" / "batch18"
TOURISM_2017 = BATCH18 / "pingtan_tourism_development_commission_2017_final_accounts.txt"
YOUTH_2019 = BATCH18 / "pingtan_youth_league_committee_2019_budget.txt"
REGISTRY_2019 = BATCH18 / "pingtan_real_estate_registration_center_2019_budget.txt"
AODONG_2017 = BATCH18 / "pingtan_aodong_town_2017_final_accounts.txt"
PUBLICITY_2019 = (
    Path(__file__).parent.parent
    / "eval"
    / "docs"
    / "pingtan"
    / "pingtan_publicity_department_2019_budget.txt"
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch18"), sorted(BATCH18.glob("*.txt")))


def test_a_title_between_the_contents_and_the_first_sentence_is_the_title() -> None:
    """「目录一、…十一、附表：2017年度部门决算表 2017年度…部门决算说明 按照《…》…」: the dated span that runs into
    the first sentence, wherever the contents end; the contents are dropped."""
    line = TOURISM_2017.read_text(encoding="utf-8").split("\n")[0]
    title, body = split_run_in_title(line)
    assert re.fullmatch(r"(?:19|20)\d{2}年度\S+部门决算说明", title), title
    assert body.startswith("按照《") and "目录" not in body and "附表" not in title
    doc = parse_document(TOURISM_2017)
    assert doc.title == title and doc.department and doc.department in title
    # a 目录 whose dated entries run into no sentence opener keeps its line whole
    publicity = PUBLICITY_2019.read_text(encoding="utf-8").split("\n")[0]
    assert split_run_in_title(publicity) == [publicity]


def test_committees_are_known_by_their_short_forms(engine: Engine) -> None:
    cat = engine.catalogue
    tourism = next(d for d in cat.docs if d.file.endswith(TOURISM_2017.name))
    youth = next(d for d in cat.docs if d.file.endswith(YOUTH_2019.name))
    assert "旅发委" in name_forms(tourism.department, tourism.region or "")
    assert cat.short_forms_in("旅游委2017年一共花了多少钱？") == {"旅游委": cat.key_of(tourism)}
    assert {"团区委", "平潭团区委"} <= name_forms(youth.department, youth.region or "")


def test_two_bodies_said_by_short_forms_in_one_question(engine: Engine) -> None:
    ans = engine.ask("不动产登记中心2019年收入预算比团区委多多少？")
    want = printed_wan(REGISTRY_2019, r"收入预算为?") - printed_wan(YOUTH_2019, r"收入预算为?")
    assert ans.figures and ans.figures[0].value == want, ans.text
    ans = engine.ask("2017年旅游委和敖东镇，谁的三公经费更高？")
    assert ans.kind != "not_found" and "旅游" in ans.text, ans.text
