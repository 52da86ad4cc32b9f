"""Batch 14 (five 平潭 pages and a 重庆 page, written blind): store differences between two bodies,
follow-ups after a count or a three-public item, and short forms of department names."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from index.text_parser import unfold_line
from qa.engine import Engine
from tests.conftest import facts_engine
from tests.figure_helpers import printed_wan

DOCS = Path(__file__).resolve().parent.parent / "eval" / "docs" / "batch14"
PLANNING = DOCS / "pingtan_planning_bureau_2016_final_accounts.txt"
APPROVAL = DOCS / "pingtan_administrative_approval_bureau_2016_final_accounts.txt"
OFFICE = DOCS / "pingtan_admin_committee_office_2016_final_accounts.txt"
SOCIAL = DOCS / "pingtan_social_affairs_bureau_2018_budget.txt"
LAND = DOCS / "pingtan_environment_land_resources_bureau_2018_budget.txt"
TRANSPORT = DOCS / "cq_transport_commission_2018_budget.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(
        tmp_path_factory.mktemp("batch14"), (PLANNING, APPROVAL, OFFICE, SOCIAL, LAND, TRANSPORT)
    )


def _yuan(answer) -> Decimal:
    assert answer.kind == "figure", answer.text
    return Decimal(str(answer.figures[0].value))


def test_heading_glued_to_the_sentence_before_it_is_cut() -> None:
    """「…公务接待次数减少八、机关运行经费支出情况2016年机关运行经费支出17.43万元」: the 减少 before the heading
    is not the direction of the figure after it."""
    lines = unfold_line(PLANNING.read_text(encoding="utf-8"))
    assert "八、机关运行经费支出情况" in lines


def test_amount_after_a_glued_heading(engine: Engine) -> None:
    a = engine.ask("平潭综合实验区规划局2016年决算中机关运行经费支出是多少？")
    assert _yuan(a) == printed_wan(PLANNING, "2016年机关运行经费支出")


def test_difference_of_two_bodies_of_the_store(engine: Engine) -> None:
    a = engine.ask("2016年平潭综合实验区规划局的机关运行经费比区行政审批局多多少？")
    expected = printed_wan(PLANNING, "2016年机关运行经费支出") - printed_wan(
        APPROVAL, "2016年机关运行经费支出"
    )
    assert _yuan(a) == expected
    assert len({s.doc_id for s in a.sources} - {None}) == 2  # each operand cited (the computation has none)


def test_difference_of_a_coded_item_of_two_bodies(engine: Engine) -> None:
    a = engine.ask("2018年预算里2210201住房公积金，平潭社会事业局比平潭环境与国土资源局多多少？")
    expected = printed_wan(SOCIAL, "2210201住房公积金") - printed_wan(LAND, "2210201住房公积金")
    assert _yuan(a) == expected


def test_zone_place_word_names_the_body_by_its_full_place(engine: Engine) -> None:
    """「平潭社会事业局」 (a title's 平潭 without its level word) is asked as 平潭综合实验区社会事业局 too."""
    a = engine.ask("2018年重庆市交通委员会的因公出国（境）费预算比平潭综合实验区社会事业局多多少？")
    expected = printed_wan(TRANSPORT, "因公出国\\(境\\)费用") - printed_wan(
        SOCIAL, "因公出国（境）经费2018年预算安排"
    )
    assert _yuan(a) == expected


def test_year_word_glued_to_the_short_name(engine: Engine) -> None:
    a = engine.ask("今年社会事业局的残疾人就业和扶贫（2081105）预算是多少？")
    assert _yuan(a) == printed_wan(SOCIAL, "2081105残疾人就业和扶贫")


def test_committee_office_short_form(engine: Engine) -> None:
    """管委办: 管委会办公室 with 会 dropped and 办公室 said 办."""
    a = engine.ask("管委办2016年一共花了多少钱？")
    assert _yuan(a) == printed_wan(OFFICE, "本年支出")


def test_count_follow_up_in_the_counting_word_asked(engine: Engine) -> None:
    history = [engine.ask("平潭综合实验区行政审批局2016年决算的“三公”经费公共财政拨款支出是多少？")]
    history.append(engine.ask("其中公务接待费呢？", history=history))
    a = engine.ask("一共接待了多少人？", history=history)
    assert a.kind == "figure" and a.figures[0].unit == "人", a.text
    assert Decimal(str(a.figures[0].value)) == 317


def test_printed_percent_change_after_a_count_is_a_figure(engine: Engine) -> None:
    history = [engine.ask("平潭规划局2016年三公经费一共花了多少？")]
    history.append(engine.ask("其中公务接待费呢？", history=history))
    history.append(engine.ask("接待了多少批次？", history=history))
    a = engine.ask("跟2015年比下降了多少？", history=history)
    assert a.kind == "figure" and a.figures[0].unit == "%", a.text
    assert Decimal(str(a.figures[0].value)) == Decimal("29.64")


def test_comparison_after_the_parts_of_the_figure(engine: Engine) -> None:
    """「…预算安排39万元，其中：公车运行费39万元，公车购置费0万元。与上年预算支出数持平。」"""
    history = [engine.ask("平潭综合实验区环境与国土资源局2018年公务接待费预算安排了多少？")]
    history.append(engine.ask("那公务用车购置及运行费呢？", history=history))
    a = engine.ask("跟上年比有变化吗？", history=history)
    assert "持平" in a.text


def test_committee_short_form_of_one_word(engine: Engine) -> None:
    """交委: 交通委员会's one word shortened to its first character before 委."""
    a = engine.ask("重庆市交委2018年项目支出预算是多少？")
    assert a.kind == "figure" and a.context["departments"] == ["重庆市交通委员会"]
    assert "交委" not in a.context["subject"]


def test_new_item_after_a_change_asks_its_amount(engine: Engine) -> None:
    history = [engine.ask("重庆市交委2018年项目支出预算是多少？")]
    history.append(engine.ask("比2017年变化了多少？", history=history))
    a = engine.ask("那基本支出呢？", history=history)
    assert _yuan(a) == printed_wan(TRANSPORT, "基本支出")


def test_printed_zero_amount_before_a_computed_zero_share(engine: Engine) -> None:
    history = [engine.ask("社会事业局2018年政府采购预算一共多少？")]
    history.append(engine.ask("其中服务类的呢？", history=history))
    history.append(engine.ask("占总额的比例是多少？", history=history))
    a = engine.ask("工程类呢？", history=history)
    assert a.kind == "figure" and a.figures[0].unit == "元", a.text
    assert _yuan(a) == printed_wan(SOCIAL, "政府采购工程支出")
