"""Batch 18 平潭 pages, questions written blind: an item named from 用于 (「用于社会福利的彩票公益金支出」) listed
after its 类 (「其他支出-…」), and 机关运行经费 printed by a 事业单位 as 事业运行经费 under its heading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.engine import Engine
from qa.lookup import name_score
from qa.understand import parse_question
from tests.conftest import facts_engine

DOCS = Path(__file__).parent.parent / "eval" / "docs" / "batch18"
AODONG = DOCS / "pingtan_aodong_town_2017_final_accounts.txt"
ESTATE = DOCS / "pingtan_real_estate_registration_center_2019_budget.txt"
LANCHENG = DOCS / "pingtan_lancheng_area_development_bureau_2018_budget.txt"


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Engine]:
    return {d: facts_engine(tmp_path_factory.mktemp(d.stem), [d]) for d in (AODONG, ESTATE, LANCHENG)}


def test_use_word_opening_an_item_is_kept() -> None:
    # 「用了多少」 drops its verb; 「用于…支出」 is the printed name's first word
    assert parse_question("用于社会福利的彩票公益金支出比2016年减少了百分之几？").subject.startswith("用于")


def test_class_before_an_item_is_no_rest_of_a_whole() -> None:
    assert name_score("彩票公益金支出", "其他支出-用于社会福利彩票公益金支出") > 80
    # 「其他X」 itself is still the rest of a whole
    assert name_score("社会保障", "其他社会保障") == 60.0


@pytest.mark.parametrize(
    ("question", "doc", "printed"),
    [
        # 「（二）其他支出-用于社会福利的彩票公益金支出（科目编码2296002）32万元。较2016年决算数减少5万元，减少13.51%」
        ("敖东镇用于社会福利的彩票公益金支出比2016年减少了百分之几？", AODONG, "13.51%"),
        # a flattened staff table: 「区不动产登记中心本级财政核拨1025(其中16名为自收自支人员)」 counts 自收自支人员
        ("不动产登记中心的人里面有多少是自收自支人员？", ESTATE, "16名"),
    ],
)
def test_batch18_items(engines: dict[Path, Engine], question: str, doc: Path, printed: str) -> None:
    answer = engines[doc].ask(question)
    assert printed in answer.text, answer.text


def test_budget_of_an_item_after_a_count_asks_money(engines: dict[Path, Engine]) -> None:
    # 「它有几辆车」 then 「政府采购预算呢」: a budget is money (「本级部门政府采购预算总额130万元」)
    engine = engines[ESTATE]
    history = [engine.ask("不动产登记中心2019年公车运行费多少？")]
    history.append(engine.ask("它有几辆车", history=history))
    answer = engine.ask("政府采购预算呢", history=history)
    assert "130.00万元" in answer.text, answer.text


def test_an_item_named_in_the_use_of_a_code_line_is_listed_under_its_code(
    engines: dict[Path, Engine],
) -> None:
    """「221（项级科目）46.96万元。主要用于…，包括在职人员住房公积金和提租补贴。」: the line's code (a 类 code printed
    with its level alone), and the department's lines both listed, largest first."""
    text = LANCHENG.read_text(encoding="utf-8")
    code = re.search(r"(\d{3})（项级科目）[\d.]+万元。[^。]*住房公积金和提租补贴", text)[1]
    ans = engines[LANCHENG].ask("岚城局的住房公积金和提租补贴列在哪个科目？")
    assert ans.kind == "passage" and f"：{code}。" in ans.text, ans.text
    lines = engines[LANCHENG].ask("岚城局的支出列在哪个科目？")
    assert re.findall(r"\d{3,7}(?=（)", lines.text) == re.findall(r"(\d{3,7})（项级科目）", text), lines.text
