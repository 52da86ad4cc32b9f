"""Batch 16 (and 14, 15) 平潭 and 重庆 pages, questions written blind: open questions that ask no figure (answered
by the sentence holding their words), the reason printed for an item (its whole's, for a 其中 part; the item of
the size of change said), a stock left after a reform, a classification code a page does not print, and the
units a page lists — in a 单位构成 table run together with its sentence, or a line each read as one paragraph."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from index.flat_tables import flat_table
from qa.engine import Engine
from qa.understand import parse_question, rough_change
from tests.conftest import facts_engine

DOCS = Path(__file__).parent.parent / "eval" / "docs"
LAND_OFFICE_2016 = DOCS / "batch16" / "pingtan_land_expropriation_office_2016_final_accounts.txt"
DISCIPLINE_2016 = DOCS / "batch16" / "pingtan_discipline_commission_2016_final_accounts.txt"
FOREST_2016 = DOCS / "batch16" / "pingtan_forest_garden_bureau_2016_final_accounts.txt"
ORGANS_2016 = DOCS / "batch16" / "pingtan_organs_work_committee_2016_final_accounts.txt"
FTZ_2016 = DOCS / "batch15" / "pingtan_ftz_office_2016_final_accounts.txt"
OFFICE_2016 = DOCS / "batch14" / "pingtan_admin_committee_office_2016_final_accounts.txt"
CHONGQING_2018 = DOCS / "batch14" / "cq_transport_commission_2018_budget.txt"


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Engine]:
    """One engine per document, as the gate asks each question of its own document."""
    docs = (
        LAND_OFFICE_2016,
        DISCIPLINE_2016,
        FOREST_2016,
        ORGANS_2016,
        FTZ_2016,
        OFFICE_2016,
        CHONGQING_2018,
    )
    return {d: facts_engine(tmp_path_factory.mktemp(d.stem), [d]) for d in docs}


def _said(answer) -> str:
    return answer.text + " ".join(s.quote for s in answer.sources)


@pytest.mark.parametrize(
    ("question", "doc", "printed"),
    [
        # where from: no money, count or share word — the sentence that says it, not a figure lookup
        ("征安办的工作人员是从哪里来的？", LAND_OFFICE_2016, "由其他单位抽调"),
        # which measure: the item of the work summary that prints the thing asked (办法)
        ("2016年征安办牵头制订了哪个房票方面的办法？", LAND_OFFICE_2016, "房票安置办法"),
        # which month: the sentence that prints a month, over the ones that only repeat the words
        ("区直机关工委是从几月开始独立运行的？", ORGANS_2016, "8月独立运行"),
        # when: the sentence that prints the year it was formed
        ("重庆市交通委员会是什么时候组建的？", CHONGQING_2018, "2000年政府机构改革"),
    ],
)
def test_an_open_question_is_answered_by_the_sentence_holding_its_words(
    engines: dict[Path, Engine], question: str, doc: Path, printed: str
) -> None:
    answer = engines[doc].ask(question)
    assert answer.kind == "passage", answer.text
    assert printed in answer.sources[0].quote, answer.text


def test_the_first_sentence_of_an_open_answer_is_not_picked_by_the_departments_name(
    engines: dict[Path, Engine],
) -> None:
    # 「区征安办主要工作：」 shares only the department's short form with the question
    answer = engines[LAND_OFFICE_2016].ask("征安办的工作人员是从哪里来的？")
    assert "抽调" in answer.text.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "asks_passage", "noun"),
    [
        ("征安办的工作人员是从哪里来的？", True, ""),
        ("2016年征安办牵头制订了哪个房票方面的办法？", True, "办法"),
        ("大数据管理局局长是谁", True, "局长"),
        # a size or a comparison asked stays a figure
        ("东庠乡2017年港口设施具体建了哪个码头、工程量多大？", False, ""),
        ("2016年末，卫计局和环土局哪个的公务用车保有量多？", False, ""),
        ("谁的公务接待费更高？", False, ""),
        ("这个项目列在哪个科目", False, ""),
    ],
)
def test_which_questions_ask_words(question: str, asks_passage: bool, noun: str) -> None:
    q = parse_question(question)
    assert (q.intent == "passage") is asks_passage, (q.intent, q.measure)
    assert q.asked_noun == noun


def test_a_thing_asked_by_name_that_no_sentence_prints_is_not_found(engines: dict[Path, Engine]) -> None:
    answer = engines[LAND_OFFICE_2016].ask("征安办2016年建了哪个码头？")
    assert answer.kind == "not_found", answer.text


@pytest.mark.parametrize(
    ("question", "doc", "printed"),
    [
        # the reason printed in the sentence of the figure that says there is none (比2015年相同，…主要原因是)
        ("征安办为什么没有机关运行经费？", LAND_OFFICE_2016, "本单位不属于行政"),
        # 行政运行 printed as the only part (其中：) of its 款: the 款's reason, not 机关运行经费's by a synonym
        ("自贸办行政运行经费为什么比上年涨了那么多？", FTZ_2016, "2016年新增人员导致人员经费支出增加"),
        # of ten items named 一般行政管理事务, the one whose change is 一万多万元 (11211.3万元)
        ("管委办的一般行政管理事务为什么比上年多了一万多万元？", OFFICE_2016, "数字平潭"),
    ],
)
def test_the_reason_printed_for_the_item_asked(
    engines: dict[Path, Engine], question: str, doc: Path, printed: str
) -> None:
    answer = engines[doc].ask(question)
    assert answer.kind == "passage", answer.text
    assert printed in answer.text


@pytest.mark.parametrize(
    ("said", "low", "high"),
    [
        ("比上年多了一万多万元?", 100_000_000, 200_000_000),
        ("增加了100多万", 1_000_000, 2_000_000),
        ("多了二十多元", 20, 30),
        ("多了102万元", 969_000, 1_071_000),
    ],
)
def test_a_change_said_roughly_has_a_range(said: str, low: int, high: int) -> None:
    assert rough_change(said) == (Decimal(low), Decimal(high))


@pytest.mark.parametrize("said", ["多了多少万元", "多了一万多人", "增长了3个百分点"])
def test_no_size_of_money_said(said: str) -> None:
    assert rough_change(said) is None


def test_the_cars_left_after_the_reform_are_its_stock(engines: dict[Path, Engine]) -> None:
    answer = engines[DISCIPLINE_2016].ask("纪工委车改后公务用车还剩几辆？")
    assert answer.kind == "figure", answer.text
    assert answer.figures[0].value == 5  # 「车改后公务用车保有量5辆」, not 车改前 10 nor 共有车辆10辆


def test_the_posts_of_a_one_row_units_table(engines: dict[Path, Engine]) -> None:
    answer = engines[FOREST_2016].ask("森林与园林局的人员编制数是多少？")
    assert answer.kind == "figure", answer.text
    assert answer.figures[0].value == 6  # 「…森林与园林管理局财政拨款6 4」: 编制 6, 在职 4


def test_a_code_the_page_does_not_print_is_not_found(engines: dict[Path, Engine]) -> None:
    answer = engines[LAND_OFFICE_2016].ask("城乡社区管理事务—一般行政管理事务这个科目的功能分类编码是多少？")
    assert answer.kind == "not_found", answer.text
    assert "29.97" not in answer.text


@pytest.mark.parametrize(
    ("question", "doc", "units"),
    [
        ("纪工委2016年部门决算包括哪些单位？", DISCIPLINE_2016, ["区纪工委、廉政办", "区审计事务中心"]),
        (
            "自贸办列入2016年决算编制范围的单位有哪些？",
            FTZ_2016,
            [
                "自贸区平潭片区管委会综合事务协调办公室本级",
                "自贸区平潭片区海峡两岸电子商务服务中心",
                "自贸区平潭片区跨境贸易电子商务办公室",
            ],
        ),
        (
            "纳入重庆交委2018年部门预算的二级单位有哪些？",
            CHONGQING_2018,
            [
                "重庆市公路局",
                "重庆市交通行政执法总队",
                "重庆市道路运输管理局",
                "重庆市港航管理局",
                "重庆市交通干部学校",
                "重庆市交通运行监测与应急调度中心",
                "重庆市交委机关后勤服务中心",
                "重庆市交通委员会工程质量安全监督局",
            ],
        ),
    ],
)
def test_the_units_a_page_lists(
    engines: dict[Path, Engine], question: str, doc: Path, units: list[str]
) -> None:
    answer = engines[doc].ask(question)
    assert answer.kind == "list", answer.text
    items = [line.removeprefix("· ") for line in answer.text.splitlines() if line.startswith("· ")]
    assert all(u in items for u in units), items


def test_a_units_table_of_one_row_a_name_with_a_dun_and_a_last_row_without_counts() -> None:
    lines, _ = flat_table(
        "见下表:单位名称经费性质人员编制数在职人数平潭综合实验区森林与园林管理局财政拨款6 4 三、部门主要工作总结"
    )
    assert lines[-1] == "平潭综合实验区森林与园林管理局\t财政拨款\t6\t4"
    lines, _ = flat_table(
        "见下表：单位名称经费性质人员编制数在职人数区纪工委、廉政办财政核拨4743区审计事务中心财政核拨105三、"
    )
    assert lines[-2:] == ["区纪工委、廉政办\t财政核拨\t47\t43", "区审计事务中心\t财政核拨\t10\t5"]
    lines, rest = flat_table(
        "见下表:单位名称经费性质人员编制数在职人数甲服务中心财政核拨61乙办公室财政核拨 三、部门主要工作总结2016年"
    )
    assert lines[-1] == "乙办公室\t财政核拨\t\t"
    assert rest.startswith("三、部门主要工作总结")
    # a stretch of sentence with a 、 is no unit's name
    assert flat_table("单位名称经费性质人员编制数在职人数做好征迁、安置工作财政核拨4 3 三、") is None
