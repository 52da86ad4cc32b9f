"""Batch 23 平潭 pages (first contact in eval/README.md): 2017 final accounts of four project offices and a
township, each item's change printed after the item's figure."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH23 = Path(__file__).parent.parent / "eval" / "docs" / "batch23"
JINJINGWAN = BATCH23 / "pingtan_jinjingwan_avenue_hq_2017_final_accounts.txt"
RING_ISLAND = BATCH23 / "pingtan_ring_island_highway_hq_2017_final_accounts.txt"
ZHONGLOU = BATCH23 / "pingtan_zhonglou_township_2017_final_accounts.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch23"), sorted(BATCH23.glob("*.txt")))


def _doc(engine: Engine, path: Path):
    return next(d for d in engine.catalogue.docs if d.file.endswith(path.name))


def _printed_rate(path: Path, pattern: str) -> Decimal:
    """The rate the page prints at the end of ``pattern`` (the expected value comes from the file)."""
    m = re.search(pattern + r"\s*(?P<num>[\d.]+)\s*[%％]", path.read_text(encoding="utf-8"))
    assert m, pattern
    return Decimal(m["num"])


@pytest.mark.parametrize(
    ("path", "asked", "printed"),
    [
        # 「行政运行2.27万元，主要用于专项业务工作经费支出,较上年…下降52.11%」: the use clause names no item
        (JINJINGWAN, "行政运行这一项比上年下降了百分之几？", r"行政运行[\d.]+万元，主要用于[^。]*?下降"),
        # 「农林水支出…316.05万元（其中…），总体较2016年决算数增加…，增长109.04 %」: 总体 is the 类 item
        (ZHONGLOU, "中楼乡农林水支出比2016年增长多少？", r"农林水支出[^。]*?总体[^。]*?增长"),
        # 「…下降多少个百分点（下降率）？」: the bracket glosses what is asked, it names nothing
        (RING_ISLAND, "环岛公路指挥部2017年支出同比下降多少个百分点（下降率）？", r"2017年支出[^。]*?下降"),
    ],
)
def test_an_items_printed_rate(engine: Engine, path: Path, asked: str, printed: str) -> None:
    ans = engine.ask(asked, filters={"doc_id": _doc(engine, path).doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].unit == "%"
    assert ans.figures[0].value == _printed_rate(path, printed)


def test_a_change_of_an_income_part_is_not_the_spending_of_its_name(engine: Engine) -> None:
    """「比上年增长百分之几」 after 「其中政府性基金多少」 asked of the income: 政府性基金支出's rate is another
    figure's (its section prints the spending); the page prints the change of the income only, given as the
    whole's, saying so."""
    scope = {"doc_id": _doc(engine, ZHONGLOU).doc_id}
    whole = engine.ask("中楼乡2017年收入是多少？", filters=scope)
    part = engine.ask("其中政府性基金多少？", history=[whole], filters=scope)
    change = engine.ask("比上年增长百分之几？", history=[whole, part], filters=scope)
    spending_rate = _printed_rate(ZHONGLOU, r"政府性基金支出[\d.]+万元[^。]*?下降")
    assert not any(f.value == spending_rate and "支出" in f.label for f in change.figures), change.text
    assert change.kind == "figure", change.text
    assert "没有单列" in change.text
    assert change.figures[0].value == _printed_rate(ZHONGLOU, r"（一）2017年收入[^。]*?增长")
