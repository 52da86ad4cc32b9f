"""Batch 23 平潭 2017 决算 pages (first contact in eval/README.md): small 指挥部/领导小组办公室 pages whose 单位构成
table of one row prints the counts run together (「财政核拨07」) under a name other than the department's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH23 = Path(__file__).parent.parent / "eval" / "docs" / "batch23"
ROAD_SAFETY = BATCH23 / "pingtan_road_traffic_safety_office_2017_final_accounts.txt"
RAILWAY = BATCH23 / "pingtan_railway_construction_office_2017_final_accounts.txt"
JINJINGWAN = BATCH23 / "pingtan_jinjingwan_avenue_hq_2017_final_accounts.txt"
RING_ROAD = BATCH23 / "pingtan_ring_island_highway_hq_2017_final_accounts.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch23"), sorted(BATCH23.glob("*.txt")))


def _doc(engine: Engine, path: Path):
    return next(d for d in engine.catalogue.docs if d.file.endswith(path.name))


def _staff_row(path: Path) -> tuple[str, str]:
    """The one row's name and its two counts as the page prints them (spaced or run together)."""
    m = re.search(r"在职人数\s*(\S+?)\s*财政核拨\s*(\d+(?:\s+\d+)?)", path.read_text(encoding="utf-8"))
    assert m, path.name
    return m[1], m[2]


@pytest.mark.parametrize(
    ("path", "asked"),
    [
        (ROAD_SAFETY, "道安办在职人数是多少？"),
        (RAILWAY, "铁路办2017年在职人数是多少？"),
        (JINJINGWAN, "金井湾大道指挥部有多少在职人员？"),
        (RING_ROAD, "环岛公路指挥部在职人数是多少？"),
    ],
)
def test_a_one_row_staff_table_is_the_departments_own_row(engine: Engine, path: Path, asked: str) -> None:
    """「平潭道路交通安全综合整治工作领导小组 财政核拨07」 under a 领导小组办公室: the table's only row is the
    department's, whatever name it prints; 「在职人员」 asks its 在职人数 column."""
    name, counts = _staff_row(path)
    ans = engine.ask(asked, filters={"doc_id": _doc(engine, path).doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].label.endswith("在职人数") or "在职人数" in ans.text
    # two counts printed spaced, or run together with no other cut (「07」: 编制 0, 在职 7; 「010」: 0 and 10,
    # as 「01」 is no count)
    staff = counts.split()[-1] if " " in counts else counts[1:]
    assert int(ans.figures[0].value) == int(staff)
    assert name in ans.text


@pytest.mark.parametrize(
    "asked",
    [
        "再问一下铁路办，2017年末有几辆车？",
        "顺便问一句铁路办2017年末有几辆车？",
        "另外问下铁路办，年末有几辆车？",
    ],
)
def test_a_lead_in_of_asking_is_no_part_of_the_body_named_after_it(engine: Engine, asked: str) -> None:
    """「再问一下铁路办，2017年末有几辆车？」 after another department's questions: 再问一下 opens the switch, the
    body is 铁路办 and what is asked 车辆 (not 「再车」)."""
    first = engine.ask("环岛公路建设指挥部2017年年初结转和结余有多少？")
    ans = engine.ask(asked, history=[first])
    assert ans.kind == "figure", ans.text
    assert ans.sources[0].doc_id == _doc(engine, RAILWAY).doc_id
    printed = re.search(r"本部门共有车辆(\d+)辆", RAILWAY.read_text(encoding="utf-8"))
    assert printed and int(ans.figures[0].value) == int(printed[1])
