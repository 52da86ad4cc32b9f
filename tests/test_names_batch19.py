"""Names of batch 19 平潭 pages: a township titled with its place before the year (「平潭2019年度芦洋乡人民政府…」)
is asked as 芦洋乡 / 芦洋乡政府, and a mass organisation by its fixed abbreviation (归国华侨联合会 → 侨联)."""

from __future__ import annotations

from pathlib import Path

import pytest
from figure_helpers import printed_wan

from qa.catalogue import name_forms
from qa.engine import Engine
from tests.conftest import facts_engine

BATCH19 = Path(__file__).parent.parent / "eval" / "docs" / "batch19"
LUYANG_2019 = BATCH19 / "pingtan_luyang_township_2019_budget.txt"
QIAOLIAN_2019 = BATCH19 / "pingtan_returned_overseas_chinese_federation_2019_budget.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch19"), sorted(BATCH19.glob("*.txt")))


def _doc(engine: Engine, path: Path):
    return next(d for d in engine.catalogue.docs if d.file.endswith(path.name))


def test_a_township_titled_after_its_place_is_known_by_its_own_name(engine: Engine) -> None:
    luyang = _doc(engine, LUYANG_2019)
    assert {"芦洋乡", "芦洋乡政府", "平潭芦洋乡"} <= name_forms(luyang.department, luyang.region or "")
    assert engine.catalogue.aliases.get("芦洋乡") == engine.catalogue.key_of(luyang)


def test_a_mass_organisation_is_known_by_its_fixed_abbreviation(engine: Engine) -> None:
    qiaolian = _doc(engine, QIAOLIAN_2019)
    assert {"侨联", "平潭侨联", "区侨联"} <= name_forms(qiaolian.department, qiaolian.region or "")
    assert engine.catalogue.aliases.get("平潭侨联") == engine.catalogue.key_of(qiaolian)


def test_both_named_in_one_question_of_the_store(engine: Engine) -> None:
    ans = engine.ask("区侨联和芦洋乡2019年公务接待费预算加起来多少？")
    assert ans.kind != "not_found" and ans.figures, ans.text
    ans = engine.ask("芦洋乡2019年行政运行预算多少？")
    assert ans.kind != "not_found" and "2017" not in ans.text, ans.text
    assert ans.figures and ans.figures[0].value == printed_wan(LUYANG_2019, r"行政运行（项级科目\d+）"), (
        ans.text
    )


def test_a_part_of_the_income_is_no_answer_to_a_spending_question(engine: Engine) -> None:
    """「部门收入预算为…，其中：一般公共预算拨款899.1元」 (its unit misprinted) is the income's part: 「一般公共预算拨款
    支出」 asked is the sentence of that name (899.1万元), never it; the income asked still finds it."""
    ans = engine.ask("芦洋乡2019年一般公共预算拨款支出是多少？")
    want = printed_wan(LUYANG_2019, r"年度一般公共预算拨款支出")
    assert ans.figures and ans.figures[0].value == want, ans.text
    ans = engine.ask("芦洋乡2019年一般公共预算拨款收入是多少？")
    assert ans.kind != "not_found" and ans.figures, ans.text


def test_an_amount_the_page_says_is_none_is_zero_with_that_sentence(engine: Engine) -> None:
    """「政府性基金预算拨款安排了多少」 answered by 「没有使用政府性基金预算拨款安排的支出」: 0, the sentence cited."""
    doc = _doc(engine, QIAOLIAN_2019)
    ans = engine.ask("侨联2019年政府性基金预算拨款安排了多少？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure" and ans.figures[0].value == 0 and ans.figures[0].unit == "元", ans.text
    quote = ans.sources[ans.figures[0].source].quote
    assert "没有使用政府性基金预算拨款" in quote and "文件说明" in ans.text
