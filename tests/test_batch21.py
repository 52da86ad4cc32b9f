"""Batch 21 平潭 pages (first contact in eval/README.md): a township titled by its name alone
(「2016年度平潭综合实验区大练乡决算说明」, no 人民政府) is a body — its name scopes questions in its document,
in a conversation and in a store of five."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from figure_helpers import printed_wan

from qa.engine import Engine
from tests.conftest import facts_engine

BATCH21 = Path(__file__).parent.parent / "eval" / "docs" / "batch21"
DALIAN_2016 = BATCH21 / "pingtan_dalian_township_2016_final_accounts.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch21"), sorted(BATCH21.glob("*.txt")))


def _doc(engine: Engine, path: Path):
    return next(d for d in engine.catalogue.docs if d.file.endswith(path.name))


def test_a_township_titled_by_its_name_alone_is_its_department(engine: Engine) -> None:
    assert _doc(engine, DALIAN_2016).department.endswith("大练乡")


@pytest.mark.parametrize("doc_scope", [True, False])
def test_the_township_name_scopes_and_is_not_the_subject(engine: Engine, doc_scope: bool) -> None:
    doc = _doc(engine, DALIAN_2016)
    ans = engine.ask("大练乡2016年一共花了多少钱？", filters={"doc_id": doc.doc_id} if doc_scope else None)
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(DALIAN_2016, "本年支出")
    assert ans.sources[0].doc_id == doc.doc_id


def test_not_printed_for_the_township_is_not_found(engine: Engine) -> None:
    doc = _doc(engine, DALIAN_2016)
    ans = engine.ask("大练乡2016年机关运行经费是多少？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "not_found", ans.text


SERVICE_CENTRE_2016 = BATCH21 / "pingtan_social_service_command_center_2016_final_accounts.txt"
KEY_PROJECTS_2019 = BATCH21 / "pingtan_key_projects_office_2019_budget.txt"


def test_the_code_line_a_department_prints_answers_where_its_money_is_recorded(engine: Engine) -> None:
    """Two lines printed under one 功能分类 code (one per kind of spending, 「--301 工资福利支出」「--302 …」):
    the code, once, with its name less the economic kind."""
    doc = _doc(engine, SERVICE_CENTRE_2016)
    printed = set(re.findall(r"（[一二]）(\d{7})\s*其他", SERVICE_CENTRE_2016.read_text(encoding="utf-8")))
    assert len(printed) == 1
    ans = engine.ask(
        "社会服务管理指挥中心2016年支出记在哪个功能分类科目下？给编码。", filters={"doc_id": doc.doc_id}
    )
    assert ans.kind == "passage", ans.text
    assert re.findall(r"\d{7}", ans.text.split("\n")[0]) == list(printed)
    assert "--" not in ans.text and all(s.doc_id == doc.doc_id for s in ans.sources)


@pytest.mark.parametrize("asked", ["重点项目服务中心编制几名？", "下属的重点项目服务中心编制几名？"])
def test_a_units_row_of_a_flattened_table_printing_counts_with_their_word(engine: Engine, asked: str) -> None:
    """「平潭综合实验区重点项目服务中心 财政拨款 10名 10人」: the unit's own row answers, never the department's
    (本级) row printed before it."""
    doc = _doc(engine, KEY_PROJECTS_2019)
    m = re.search(r"重点项目服务中心 财政拨款 (\d+)名", KEY_PROJECTS_2019.read_text(encoding="utf-8"))
    assert m
    ans = engine.ask(asked, filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == int(m[1]) and "本级" not in ans.text


def test_a_unit_said_to_be_under_the_department_is_named_by_its_name(engine: Engine) -> None:
    doc = _doc(engine, KEY_PROJECTS_2019)
    ans = engine.ask("下属的重点项目服务中心事业运行支出安排了多少？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(KEY_PROJECTS_2019, "事业运行支出")


GRAIN_2016 = BATCH21 / "pingtan_grain_park_hq_2016_final_accounts.txt"


def test_an_item_said_without_the_insert_of_its_printed_name(engine: Engine) -> None:
    # printed 「储备粮（油）库建设（项）…较2015年决算数增加1073.79万元」, asked without 「（油）」
    doc = _doc(engine, GRAIN_2016)
    ans = engine.ask("储备粮库建设这一项比2015年多花了多少？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(
        GRAIN_2016, r"储备粮（油）库建设（项）财政拨款支出[\d.]+万元，较2015年决算数增加"
    )


def test_a_note_in_brackets_before_the_question_mark_names_nothing(engine: Engine) -> None:
    # the previous year's amount: this year's minus the printed increase
    ans = engine.ask("粮食园区建设指挥部2015年储备粮（油）库建设支出是多少（按2016年决算推算）？")
    assert ans.kind == "figure", ans.text
    now = printed_wan(GRAIN_2016, r"储备粮（油）库建设（项）财政拨款支出")
    up = printed_wan(GRAIN_2016, r"储备粮（油）库建设（项）财政拨款支出[\d.]+万元，较2015年决算数增加")
    assert ans.figures[0].value == now - up


def test_a_change_after_the_whole_asked_by_no_name_is_of_that_whole(engine: Engine) -> None:
    # 「花了多少钱」 is answered 本年支出; 「比上年多了多少」 then asks its printed change
    first = engine.ask("粮食园区建设指挥部2016年花了多少钱？")
    assert first.kind == "figure", first.text
    ans = engine.ask("比上年多了多少？", history=[first])
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed_wan(
        GRAIN_2016, r"2016本年支出\s*[\d.]+\s*万元，比2015年决算数增加"
    )


GRAIN_PARK_2016 = BATCH21 / "pingtan_grain_park_hq_2016_final_accounts.txt"
COMMAND_CENTRE_2016 = BATCH21 / "pingtan_social_service_command_center_2016_final_accounts.txt"


@pytest.mark.parametrize("role", ["施工单位", "监理单位"])
def test_a_role_asked_by_which_body_is_answered_by_the_body_named_in_it(engine: Engine, role: str) -> None:
    """「施工单位是哪家」: the clause naming the company in that role, not a sentence printing only the role."""
    doc = _doc(engine, GRAIN_PARK_2016)
    ans = engine.ask(f"粮食园区项目的{role}是哪家？", filters={"doc_id": doc.doc_id})
    named = re.search(rf"{role}为([^，。]+公司)", GRAIN_PARK_2016.read_text(encoding="utf-8"))
    assert named and ans.kind == "passage", ans.text
    assert named[1] in ans.text.splitlines()[0] and named[1] in ans.sources[0].quote


def test_when_a_body_was_set_up_is_the_sentence_printing_the_verb_with_its_date(engine: Engine) -> None:
    """「什么时候成立的」: 「…成立于2016年6月」, not 「我单位为2016年新成立单位」."""
    doc = _doc(engine, COMMAND_CENTRE_2016)
    ans = engine.ask("社会服务管理指挥中心是什么时候成立的？", filters={"doc_id": doc.doc_id})
    printed = re.search(r"成立于\d{4}年\d{1,2}月", COMMAND_CENTRE_2016.read_text(encoding="utf-8"))
    assert printed and ans.kind == "passage", ans.text
    assert printed[0] in ans.sources[0].quote
    assert all("新成立" not in s.quote for s in ans.sources), ans.text


FINANCE_2019 = BATCH21 / "pingtan_financial_services_office_2019_budget.txt"
KEY_PROJECTS_2019 = BATCH21 / "pingtan_key_projects_office_2019_budget.txt"


def test_a_part_under_the_whole_asked_outranks_a_same_named_figure(engine: Engine) -> None:
    # 「1. 财政拨款收入468.30万元，其中政府性基金143.5万元」, not 「政府性基金支出143.02万元」 of another whole
    doc = _doc(engine, DALIAN_2016)
    ans = engine.ask("大练乡财政拨款收入里政府性基金有多少？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == 1_435_000
    assert "不一致" not in ans.text, ans.text


def test_a_word_inside_a_printed_name_may_be_left_out(engine: Engine) -> None:
    # 「其中：政府购买服务项目采购预算额55.5万元」 asked 「其中政府购买服务采购多少」 with no question before
    doc = _doc(engine, KEY_PROJECTS_2019)
    ans = engine.ask("其中政府购买服务采购多少？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == 555_000


def test_a_list_whose_kind_is_printed_after_its_items(engine: Engine) -> None:
    # 「共设置绩效目标4个，分别是专项业务费、…、两岸青年创新创业大赛经费等项目」, not the glossary's 项目支出
    doc = _doc(engine, FINANCE_2019)
    ans = engine.ask("金融办2019年设置的绩效目标有哪些项目？", filters={"doc_id": doc.doc_id})
    assert ans.kind == "list", ans.text
    assert "（共4项）" in ans.text and "· 两岸青年创新创业大赛经费\n" in ans.text, ans.text
