"""Batch 19 平潭 pages, questions written blind: 基本支出's parts printed in the sentence after it
(「1.基本支出2,408.61万元。其中，人员支出2,032.17万元」) beside 人员经费 of 财政拨款基本支出 in another section —
the part named exactly as asked answers, not its synonym (and the other is no disagreement).  A township named
with its place word and no level word (「平潭芦洋乡人民政府」) is asked as 芦洋乡; 「X用的科目编码」 asks X's code."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.engine import Engine
from tests.conftest import facts_engine

ROOT = Path(__file__).parent.parent / "eval" / "docs"
LIUSHUI = ROOT / "batch19" / "pingtan_liushui_town_2017_final_accounts.txt"
LUYANG = ROOT / "batch19" / "pingtan_luyang_township_2019_budget.txt"
SCENIC = ROOT / "batch19" / "pingtan_scenic_area_administration_2017_final_accounts.txt"
TOURISM = ROOT / "batch18" / "pingtan_tourism_development_commission_2017_final_accounts.txt"


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Engine]:
    return {d: facts_engine(tmp_path_factory.mktemp(d.stem), [d]) for d in (LIUSHUI, LUYANG, SCENIC, TOURISM)}


@pytest.mark.parametrize(
    ("question", "doc", "printed", "not_printed"),
    [
        # 「1.基本支出2,408.61万元。其中，人员支出2,032.17万元」 vs 「财政拨款基本支出…其中：（一）人员经费2,017.17万元」
        ("流水镇2017年基本支出里人员支出有多少", LIUSHUI, "2032.17万元", "2017.17"),
        ("流水镇2017年度财政拨款基本支出中的人员经费是多少？", LIUSHUI, "2017.17万元", "2032.17"),
        # 「1.基本支出20.69万元。其中：人员支出20.68万元」 vs 「财政拨款基本支出16.88万元，其中：人员经费16.88万元」
        ("2017年旅游委基本支出里的人员支出是多少？", TOURISM, "20.68万元", "16.88"),
        # 「（二）公用经费17.04万元」 of 财政拨款基本支出, beside 「其中：…公用支出17.05万元」
        ("风景区管理局2017年财政拨款基本支出中的公用经费是多少？", SCENIC, "17.04万元", "17.05"),
    ],
)
def test_part_named_as_asked(
    engines: dict[Path, Engine], question: str, doc: Path, printed: str, not_printed: str
) -> None:
    answer = engines[doc].ask(question)
    assert printed in answer.text, answer.text
    assert not_printed not in answer.text, answer.text  # no 「前后不一致」 with the synonym's figure


@pytest.mark.parametrize(
    ("question", "doc", "printed"),
    [
        # 「十、其他优抚支出-越战退役人员补助（项级科目2080899）1.86万元」, the department 平潭芦洋乡人民政府
        ("芦洋乡越战退役人员补助用的是哪个项级科目编码？", LUYANG, "2080899"),
        # 「城乡社区支出-城乡社区规划与管理支出（科目编码2120201）210万元」
        ("流水镇决算里“城乡社区规划与管理支出”用的科目编码是多少？", LIUSHUI, "2120201"),
        # 「政府购买服务项目采购预算额237.3万元」: the department's short name is no part of the item
        ("芦洋乡政府购买服务项目采购预算额是多少？", LUYANG, "237.30万元"),
        # 「一般公共预算拨款支出899.1万元」 (named whole) over 「其中：一般公共预算拨款899.1元」 (named cut)
        ("芦洋乡2019年一般公共预算拨款支出是多少？", LUYANG, "一般公共预算拨款支出：899.10万元"),
    ],
)
def test_township_items(engines: dict[Path, Engine], question: str, doc: Path, printed: str) -> None:
    answer = engines[doc].ask(question)
    assert printed in answer.text, answer.text


def test_unprinted_item_of_a_township_is_not_found(engines: dict[Path, Engine]) -> None:
    # no 会议费 is printed: 「芦洋乡部门政府采购预算总额」 is no answer because it starts with the department's name
    assert engines[LUYANG].ask("芦洋乡2019年会议费预算安排了多少？").kind == "not_found"
