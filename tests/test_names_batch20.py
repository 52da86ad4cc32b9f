"""Names of batch 20 平潭 pages: a body asked by a short form that drops its name's first word and keeps a word
printed inside it with the name's ending (住房公积金管理中心 → 公积金中心), in its own document and in a store."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import printed_wan

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH20 = Path(__file__).parent.parent / "eval" / "docs" / "batch20"
FUND_CENTRE_2019 = BATCH20 / "pingtan_housing_provident_fund_center_2019_budget.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch20"), sorted(BATCH20.glob("*.txt")))


def _doc(engine: Engine, path: Path):
    return next(d for d in engine.catalogue.docs if d.file.endswith(path.name))


def test_a_short_form_dropping_the_first_word_names_its_body(engine: Engine) -> None:
    centre = engine.catalogue.key_of(_doc(engine, FUND_CENTRE_2019))
    assert engine.catalogue.short_forms_in("公积金中心今年公用支出安排了多少") == {"公积金中心": centre}
    assert engine.catalogue.short_forms_in("区公积金中心有几辆车").get("区公积金中心") == centre


def test_a_common_two_character_word_with_the_ending_names_no_body(engine: Engine) -> None:
    assert engine.catalogue.short_forms_in("管理中心今年公用支出安排了多少") == {}


@pytest.mark.parametrize("doc_scope", [True, False])
def test_the_short_form_is_answered_in_its_document_and_in_the_store(engine: Engine, doc_scope: bool) -> None:
    doc = _doc(engine, FUND_CENTRE_2019)
    filters = {"doc_id": doc.doc_id} if doc_scope else None
    ans = engine.ask("公积金中心2019年公用支出安排了多少？", filters=filters)
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(FUND_CENTRE_2019, "公用支出")
    assert ans.sources[0].doc_id == doc.doc_id


HOSPITAL_HQ_2017 = BATCH20 / "pingtan_tertiary_hospital_hq_2017_final_accounts.txt"


@pytest.mark.parametrize(("asked", "unit"), [("项目设置了多少张床位？", "张"), ("编制床位数是多少？", "床")])
def test_beds_counted_in_zhang_and_chuang(engine: Engine, asked: str, unit: str) -> None:
    """「设置床位1000张」「编制床位数1500床」: beds of a hospital project are counts in the word printed."""
    doc = _doc(engine, HOSPITAL_HQ_2017)
    ans = engine.ask(asked, filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    printed = re.search(rf"(?:设置床位|编制床位数)(\d+){unit}", HOSPITAL_HQ_2017.read_text(encoding="utf-8"))
    assert printed and ans.figures[0].unit == unit
    assert ans.figures[0].value == Decimal(printed[1])


HOSPITAL_HQ_2017 = BATCH20 / "pingtan_tertiary_hospital_hq_2017_final_accounts.txt"


def test_the_one_code_line_answers_where_the_money_is_listed(engine: Engine) -> None:
    """「（一）2100201 综合医院33.04万元」 is the department's one code line; a measure printed later (「地下建筑面积
    40180㎡」) is no code."""
    doc = _doc(engine, HOSPITAL_HQ_2017)
    code = re.search(r"(\d{7})\s*综合医院", HOSPITAL_HQ_2017.read_text(encoding="utf-8"))[1]
    ans = engine.ask("三甲医院指挥部的钱列在哪个功能分类科目？给出编码", filters={"doc_id": doc.doc_id})
    assert ans.kind == "passage", ans.text
    assert re.findall(r"\d{5,7}", ans.text.split("\n")[0]) == [code]


def test_where_the_whole_spending_went_after_it_then_why(engine: Engine) -> None:
    """「都花在哪个科目上」 after the department's 本年支出: its code line (not the reason printed after it); 「为什么
    减少」 after that: the reason printed with the line."""
    history = [engine.ask("三甲医院指挥部2017年决算支出多少？")]
    assert history[0].figures[0].value == printed_wan(HOSPITAL_HQ_2017, "本年支出")
    history.append(engine.ask("都花在哪个科目上？", history=list(history)))
    assert "综合医院" in history[-1].text and "主要原因" not in history[-1].text
    why = engine.ask("为什么减少这么多？", history=list(history))
    assert "竣工验收" in why.text


NANHAI_2016 = BATCH20 / "pingtan_nanhai_township_2016_final_accounts.txt"
YUTOU_2017 = BATCH20 / "pingtan_yutou_township_2017_final_accounts.txt"


def test_a_change_after_an_aside_in_brackets_is_of_the_item_before_them(engine: Engine) -> None:
    # 「文化体育与传媒支出（科目编码207）8.01万元（其中…文化行政运行的金额为8.01万元）较2015年决算数减少0.87万元，
    # 下降9.80 %」: the change is the 类's, not the aside's
    doc = _doc(engine, NANHAI_2016)
    ans = engine.ask("南海乡文化体育与传媒支出比2015年下降了百分之几？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    printed = re.search(
        r"较2015年决算数减少[\d.]+万元，下降([\d.]+)\s*%", NANHAI_2016.read_text(encoding="utf-8")
    )
    assert printed and ans.figures[0].value == Decimal(printed[1])


def test_a_change_asked_in_wan_by_a_verb_of_more(engine: Engine) -> None:
    # 「多出多少万」: neither the verb nor the unit is part of the name (支出)
    doc = _doc(engine, YUTOU_2017)
    ans = engine.ask("屿头乡2017年的支出比2016年多出多少万？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(YUTOU_2017, r"2017年支出[\d,.]+万元，比2016年决算数增加")


def test_none_said_in_words_answers_whether_there_is_any_and_how_much(engine: Engine) -> None:
    """「有政府性基金支出吗」「机关运行经费多少」 where the page prints no figure but says there is none
    (「没有使用政府性基金预算拨款安排的支出」「本部门没有机关运行经费支出」): that sentence, quoted."""
    doc = _doc(engine, HOSPITAL_HQ_2017)
    ans = engine.ask("三甲医院指挥部2017年有政府性基金支出吗？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "passage" and ans.text.startswith("没有"), ans.text
    assert "没有使用政府性基金预算拨款" in ans.sources[0].quote
    ans = engine.ask("三甲医院指挥部2017年机关运行经费多少？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure" and ans.figures[0].value == 0, ans.text
    assert "没有机关运行经费支出" in ans.sources[ans.figures[0].source].quote


def test_a_change_printed_without_its_wan_is_shown_beside_the_wan_printing(engine: Engine) -> None:
    # 「收入预算为259.5万元，比上年减少40.11元」 and 「支出预算259.5万元，比上年减少40.11万元」: the same change of the
    # same whole, once without its 万 — never answered as 40.11元 alone
    doc = _doc(engine, FUND_CENTRE_2019)
    history = [engine.ask("平潭住房公积金管理中心2019年收入预算多少？", filters={"doc_id": doc.doc_id})]
    ans = engine.ask("比上年减少多少", history=history, filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == 401_100
    assert "前后不一致" in ans.text and "减少40.11元" in ans.text, ans.text
