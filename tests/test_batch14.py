"""Batch 14 (five 平潭 pages and a 重庆 page, questions written blind): items asked in everyday words
(给职工交…, …方面, 这块钱, 部门预算中，…, 医保), the printed total of 政府采购 over its parts, changes printed
against a year said by two digits (比17年), a heading glued to the sentence before it, and 去年（2016）."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import printed_wan

from index.facts import make_facts
from index.parse import parse_document
from qa.engine import Engine
from qa.understand import parse_question
from tests.conftest import facts_engine

BATCH14 = Path(__file__).parent.parent / "eval" / "docs" / "batch14"
APPROVAL_2016 = BATCH14 / "pingtan_administrative_approval_bureau_2016_final_accounts.txt"
LAND_2018 = BATCH14 / "pingtan_environment_land_resources_bureau_2018_budget.txt"
PLANNING_2016 = BATCH14 / "pingtan_planning_bureau_2016_final_accounts.txt"
SOCIAL_2018 = BATCH14 / "pingtan_social_affairs_bureau_2018_budget.txt"
CHONGQING = BATCH14 / "cq_transport_commission_2018_budget.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch14"), sorted(BATCH14.glob("*.txt")))


def _figure(engine: Engine, question: str) -> Decimal:
    ans = engine.ask(question)
    assert ans.kind == "figure", (question, ans.text)
    return Decimal(ans.figures[0].value)


@pytest.mark.parametrize(
    ("question", "path", "printed"),
    [
        ("审批局2016年给职工交住房公积金花了多少？", APPROVAL_2016, r"2210201住房公积金"),
        ("环土局给职工交住房公积金的预算是多少？", LAND_2018, r"2210201住房公积金"),
        ("平潭社会事业局2018年殡葬方面预算多少？", SOCIAL_2018, r"2081004殡葬"),
        ("审批局2016年底还结转结余了多少钱？", APPROVAL_2016, r"年末结转和结余"),
        (
            "平潭综合实验区社会事业局2018年部门预算中，农村特困人员救助供养支出安排了多少？",
            SOCIAL_2018,
            r"2082102农村特困人员救助供养支出",
        ),
        ("平潭综合实验区规划局2016年决算中机关运行经费支出是多少？", PLANNING_2016, r"机关运行经费支出"),
        (
            "社会事业局2018年给城乡居民医保的财政补助安排了多少？",
            SOCIAL_2018,
            r"财政对城乡居民基本医疗保险基金的补助",
        ),
    ],
)
def test_an_item_asked_in_everyday_words_is_its_printed_row(
    engine: Engine, question: str, path: Path, printed: str
) -> None:
    assert _figure(engine, question) == printed_wan(path, printed)


def test_filler_words_are_no_part_of_the_subject() -> None:
    q = parse_question("环境监测站站房建设这块钱预算了多少？")
    assert q.subject.startswith("环境监测站站房建设") and "这" not in q.subject
    assert q.unit is None  # 这块钱 points at the item: no unit asked
    q = parse_question("平潭综合实验区社会事业局2018年部门预算中，农村特困人员救助供养支出安排了多少？")
    assert not q.asks_total  # 部门预算中 says where it is printed, not the whole budget


def test_the_printed_procurement_total_wins_over_its_parts(engine: Engine) -> None:
    total = printed_wan(SOCIAL_2018, r"政府采购预算总额")
    assert _figure(engine, "平潭区社会事业局2018年政府采购预算总额是多少？") == total
    assert _figure(engine, "社会事业局2018年政府采购预算一共多少？") == total


def test_a_change_against_a_year_said_by_two_digits(engine: Engine) -> None:
    assert _figure(engine, "2081099其他社会福利支出比17年减少了多少？") == printed_wan(
        SOCIAL_2018, r"专项打拐儿童生活费。与17年相比，减少"
    )
    ans = engine.ask("社会事业局本级的“2010301行政运行”比17年预算减少了百分之多少？")
    assert ans.kind == "figure" and Decimal(ans.figures[0].value) == Decimal("20.77"), ans.text
    facts = [f for f in make_facts(parse_document(SOCIAL_2018)) if "比17年预算减少301.58" in f.quote]
    assert facts and all(f.compare_year == 2017 and "行政运行" in f.subject for f in facts)


def test_a_heading_glued_to_the_sentence_before_it_starts_its_own_part(engine: Engine) -> None:
    # 「…公务接待次数减少八、机关运行经费支出情况2016年机关运行经费支出17.43万元…比2015年增加3.4万元」
    assert _figure(engine, "规划局2016年机关运行经费比2015年多了多少？") == printed_wan(
        PLANNING_2016, r"比2015年增加"
    )
    facts = [f for f in make_facts(parse_document(PLANNING_2016)) if f.subject == "机关运行经费"]
    assert any(f.measure == "amount" and f.section.startswith("八、") for f in facts)
    assert not any(f.measure == "change" and f.direction == "减少" for f in facts)


def test_a_year_in_brackets_after_qu_nian_is_the_year_asked(engine: Engine) -> None:
    q = parse_question("审批局去年（2016）公用支出花了多少？")
    assert q.year == 2016 and q.relative_year == "" and q.measure == "amount"
    assert _figure(engine, "审批局去年（2016）公用支出花了多少？") == printed_wan(APPROVAL_2016, r"公用支出")
    assert parse_question("今年（2017年）预算全区一般公共预算总收入安排多少？").relative_year == "current"


def test_an_item_asked_by_its_one_printed_use(engine: Engine) -> None:
    # 「（四）2110299其他环境监测与监察支出1210万元。主要用于环境监测站站房建设。」
    ans = engine.ask("环境监测站站房建设这块钱预算了多少？")
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == printed_wan(LAND_2018, r"2110299其他环境监测与监察支出")


def test_the_department_s_budget_income_is_its_printed_income_budget(engine: Engine) -> None:
    value = _figure(engine, "换个问题：平潭社会事业局2018年部门预算收入一共多少？")
    assert value == printed_wan(SOCIAL_2018, r"部门收入预算为")


def test_a_relative_year_said_before_the_department_is_no_part_of_its_name(engine: Engine) -> None:
    value = _figure(engine, "今年社会事业局的残疾人就业和扶贫（2081105）预算是多少？")
    assert value == printed_wan(SOCIAL_2018, r"（五十三）2081105残疾人就业和扶贫")


def test_a_bare_budget_change_is_read_in_the_way_asked(engine: Engine) -> None:
    """「市交委2018年预算比2017年少了多少」 over 「一般公共预算财政拨款支出…比2017年减少145261.52万元」 and
    「政府性基金预算支出…比2017年增加18610万元」: 少了 asks the decrease, not the other fund's increase."""
    ans = engine.ask("市交委2018年预算比2017年少了多少？")
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == printed_wan(
        CHONGQING, r"一般公共预算财政拨款支出[\d.]+万元，比2017年减少"
    ), ans.text
