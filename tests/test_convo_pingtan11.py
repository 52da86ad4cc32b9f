"""Conversations and store questions over five 平潭 one-line pages (eval/docs/pingtan11): what batch 11 taught.

A follow-up's lead-in (「再问个别的：」「换个部门，」) is no part of its subject; 政协 and a party committee's
department (党工委党群工作部) are asked by their short forms; a part asked after the 三公 total is read in the
三公 section (its heading holds quotes); 「这个数是怎么定出来的」 and 「跟上年比呢」 are answered by the
sentences printed with the figure; a follow-up naming another item never repeats the figure just given;
two bodies' figures asked 「加起来」 are summed, each body in the year written beside it.
Expected values are read from the files, never written in the test.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import printed_wan

from index.store import Store
from qa.engine import Engine
from qa.understand import parse_question
from tests.conftest import facts_engine

PINGTAN11 = Path(__file__).parent.parent / "eval" / "docs" / "pingtan11"
CPPCC_2019 = PINGTAN11 / "pingtan_cppcc_2019_budget.txt"
EDUCATION_2016 = PINGTAN11 / "pingtan_education_bureau_2016_final_accounts.txt"
PARTY_2018 = PINGTAN11 / "pingtan_party_mass_work_dept_2018_budget.txt"
SUAO_2017 = PINGTAN11 / "pingtan_suao_town_2017_final_accounts.txt"
TRANSPORT_2017 = PINGTAN11 / "pingtan_transport_construction_bureau_2017_final_accounts.txt"


@pytest.fixture(scope="module")
def engine11(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("pingtan11"), sorted(PINGTAN11.glob("*.txt")))


def _talk(engine: Engine, *questions: str):
    history: list = []
    for q in questions:
        history.append(engine.ask(q, history=list(history)))
    return history


def test_a_lead_in_is_no_part_of_the_subject() -> None:
    for text, subject in (
        ("再问个别的：教育局2016年政府采购支出总额是多少？", "政府采购支出"),
        ("换个部门，党群工作部2018年机关运行经费多少？", "机关运行经费"),
        ("另外问一下，平潭县政协2019年预算里公车运行费安排了多少？", "公车运行费"),
        ("对比一下，交建局2017年住房公积金支出多少？", "住房公积金支出"),
    ):
        q = parse_question(
            text, {"教育局": "教育局", "党群工作部": "党群工作部", "政协": "政协", "交建局": "交建局"}
        )
        assert q.subject == subject, (text, q.subject)


def test_short_forms_name_their_department(engine11: Engine) -> None:
    cppcc = next(d for d in engine11.docs.values() if d.file == CPPCC_2019.name)
    party = next(d for d in engine11.docs.values() if d.file == PARTY_2018.name)
    assert engine11.aliases.get("政协") == cppcc.department
    assert engine11.aliases.get("党群工作部") == party.department
    # the department's whole income, its name printed before 收入预算
    ans = engine11.ask("党群工作部2018年收入预算多少？")
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(PARTY_2018, r"党群工作部收入预算为"), ans.text


def test_a_part_of_the_sangong_total_is_read_in_its_section(engine11: Engine) -> None:
    # the 三公 heading holds quotes (「八、一般公共预算拨款“三公”经费支出决算情况」); read as a heading, the
    # 接待费 of the 三公 section answers, not the 公用经费 item of the section before
    *_, ans = _talk(engine11, "交建局2017年三公经费一共花了多少？", "其中公务接待费呢？")
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(TRANSPORT_2017, r"（三）公务接待费"), ans.text


def test_how_a_figure_was_set_is_the_sentence_stating_its_basis(engine11: Engine) -> None:
    *_, ans = _talk(engine11, "平潭县政协2019年预算里公车运行费安排了多少？", "这个数是怎么定出来的？")
    assert ans.kind == "passage", ans.text
    assert "根据区公务用车改革方案" in ans.text and "定额" in ans.text, ans.text
    # the conversation's department carries on after the passage
    assert ans.context.get("departments"), ans.context


def test_a_comparison_printed_after_the_figure_answers_compared_with_last_year(engine11: Engine) -> None:
    first, ans = _talk(engine11, "那区党群工作部2018年的公务接待费预算是多少？", "跟上年比呢？")
    # said in words (the comparison sentence) or as the same figure last year, quoting that sentence
    said = ans.text + "".join(s.quote or "" for s in ans.sources)
    assert ans.kind in {"passage", "figure"} and "与上年持平" in said, ans.text
    if ans.kind == "figure":
        assert ans.figures[0].value == first.figures[0].value  # 持平: last year's is this year's


def test_a_follow_up_naming_another_item_never_repeats_the_figure(engine11: Engine) -> None:
    first, ans = _talk(engine11, "交建局2017年政府采购支出总额多少？", "服务类采购呢？")
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value != first.figures[0].value, ans.text
    assert ans.figures[0].value == printed_wan(TRANSPORT_2017, r"政府采购服务支出"), ans.text


def test_two_bodies_summed_each_in_its_own_year(engine11: Engine) -> None:
    ans = engine11.ask("平潭县政协2019年和党群工作部2018年的公车运行费预算加起来是多少？")
    expected = printed_wan(CPPCC_2019, r"公车运行费") + printed_wan(PARTY_2018, r"公车运行费")
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == expected, ans.text


def test_a_coded_item_of_two_bodies_summed(engine11: Engine) -> None:
    ans = engine11.ask("苏澳镇2017年和交建局2017年的住房公积金（2210201）支出一共多少？")
    expected = printed_wan(SUAO_2017, r"住房公积金（科目编码：2210201）") + printed_wan(
        TRANSPORT_2017, r"2210201住房改革支出—住房公积金"
    )
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == expected, ans.text


def test_a_grant_to_a_committee_names_no_body() -> None:
    q = parse_question("苏澳镇人民政府2017年决算中对村民委员会和村党支部的补助是多少？")
    assert not q.unknown_org, q.unknown_org
    assert "村民委员会和村党支部的补助" in q.subject and q.subject.count("村民委员会") == 1, q.subject


def test_a_bare_comparison_asks_the_change(engine11: Engine) -> None:
    for text in ("比上年呢？", "同比呢？", "和2017年比呢", "较上年呢"):
        assert parse_question(text).measure == "change", text
    *_, ans = _talk(engine11, "交建局2017年三公经费一共花了多少？", "其中公务接待费呢？", "同比呢？")
    printed = re.search(r"公务接待费支出增长(\d+(?:\.\d+)?)%", TRANSPORT_2017.read_text(encoding="utf-8"))
    assert ans.kind == "figure", ans.text
    assert printed and ans.figures[0].value == Decimal(printed[1]), ans.text


def test_a_heading_run_into_its_first_item_is_a_heading(engine11: Engine) -> None:
    # 「五、一般公共预算“三公”经费支出情况（一）因公出国（境）经费2018年…」: the part's heading ends where
    # its first numbered item starts
    ans = engine11.ask("党群工作部2018年公务接待费预算多少？")
    assert ans.kind == "figure", ans.text
    assert "三公" in (ans.sources[ans.figures[0].source].section or ""), ans.sources


PUBLICITY_2019 = PINGTAN11.parent / "pingtan" / "pingtan_publicity_department_2019_budget.txt"


def test_an_item_asked_after_money_is_its_money_not_a_count(tmp_path: Path) -> None:
    store = Store(tmp_path / "store", retrieval=False)
    store.ingest([PUBLICITY_2019])
    engine = Engine(store, auto_ingest=False)
    *_, ans = _talk(engine, "宣传部公务接待费安排了多少？", "比上年少了多少？", "公车呢？")
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].unit == "元", ans.text  # the 公务用车 money, not the cars held


def test_people_name_a_congress_and_a_conference_by_their_short_forms() -> None:
    from qa.catalogue import name_forms

    assert {"政协", "平潭政协"} <= name_forms("平潭县政协", "平潭县")
    assert {"人大", "区人大", "人大常委会"} <= name_forms("平潭综合实验区人大常委会", "平潭综合实验区")
    assert "党群工作部" in name_forms("平潭综合实验区党工委党群工作部", "平潭综合实验区")


def test_a_follow_up_naming_another_body_of_the_store_leaves_the_conversations(engine11: Engine) -> None:
    # 「交通建设局」 is no alias (the name prints 交通与建设局) but names that body, not a unit of 政协
    *_, ans = _talk(engine11, "政协2019年部门预算总共多少钱？", "那交通建设局2017年的公务用车运行费是多少？")
    assert ans.kind == "figure", ans.text
    assert ans.sources[ans.figures[0].source].file == TRANSPORT_2017.name, ans.text
    # 党群工作部 is said 党群部
    *_, ans = _talk(engine11, "政协2019年部门预算总共多少钱？", "那党群部2018年的公车运行费呢？")
    assert ans.kind == "figure", ans.text
    assert ans.sources[ans.figures[0].source].file == PARTY_2018.name, ans.text
