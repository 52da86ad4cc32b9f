"""Batch 23 平潭 2017 决算 pages (first contact in eval/README.md): small 指挥部/领导小组办公室 pages whose 单位构成
table of one row prints the counts run together (「财政核拨07」) under a name other than the department's; offices whose
whole spending is one or two code lines, whose duties, offices and work are printed as lists in running text."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH23 = Path(__file__).parent.parent / "eval" / "docs" / "batch23"
RING_ROAD = BATCH23 / "pingtan_ring_island_highway_hq_2017_final_accounts.txt"
ZHONGLOU = BATCH23 / "pingtan_zhonglou_township_2017_final_accounts.txt"
ROAD_SAFETY = BATCH23 / "pingtan_road_traffic_safety_office_2017_final_accounts.txt"
RAILWAY = BATCH23 / "pingtan_railway_construction_office_2017_final_accounts.txt"
JINJINGWAN = BATCH23 / "pingtan_jinjingwan_avenue_hq_2017_final_accounts.txt"


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


# --- lists asked (lists23) ---


@pytest.mark.parametrize(
    ("part", "asked", "items"),
    [
        # 「本部门包括下设综合部、工程部、征迁部三个部门」: 「哪几个部门」 asks for 部门 (部 is no measure word
        # there); 「本部门」 and 「部门决算」 name no kind of item
        ("railway_construction", "铁路办下面设了哪几个部门？", ["综合部", "工程部", "征迁部"]),
        ("ring_island", "环岛公路指挥部下设哪几个部门？", ["综合部", "工程部", "征迁部"]),
        # 「重点完成了以下工作：（一）…。」 and its next items a paragraph each
        (
            "road_traffic_safety",
            "道安办2017年重点完成了哪些工作？",
            ["积极开展交通安全宣传", "组织召开道安会议"],
        ),
    ],
)
def test_a_list_printed_in_the_running_text_answers_which(
    engine: Engine, part: str, asked: str, items: list[str]
) -> None:
    ans = engine.ask(asked, filters=_in(engine, part))
    assert ans.kind == "list", ans.text
    assert all(any(i in line for line in ans.text.splitlines()) for i in items), ans.text
    assert all(any(i in s.quote for s in ans.sources) for i in items)


def test_a_glossary_definition_is_no_list_of_the_kind_asked(engine: Engine) -> None:
    # 「（十）项目支出：指在基本支出之外…」 names 项目 but lists nothing: the duties printed name the projects
    ans = engine.ask("金井湾大道建设指挥部负责哪些项目？", filters=_in(engine, "jinjingwan"))
    assert "名词解释" not in ans.text
    quotes = " ".join(s.quote for s in ans.sources)
    assert "金井湾大道道路工程" in quotes and "金井安置小区一期" in quotes


# --- a zero asked why (lists23) ---


def test_why_a_zero_is_the_reason_printed_with_that_items_none(engine: Engine) -> None:
    # 「为什么是零」 asks no change: not the reason of 政府性基金's none (another zero, printed before), but
    # 「2017年没有财政拨款基本支出决算数，主要是…」 under the figure's own heading
    ans = engine.ask("金井湾大道指挥部2017年财政拨款基本支出为什么是零？", filters=_in(engine, "jinjingwan"))
    assert ans.kind == "passage"
    assert "财政拨款经费均安排在项目支出经费中列支" in ans.text and "政府性基金" not in ans.text
    assert any("项目支出经费中列支" in s.quote for s in ans.sources)


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
        (RING_ROAD, "环岛公路指挥部2017年支出同比下降多少个百分点（下降率）？", r"2017年支出[^。]*?下降"),
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
