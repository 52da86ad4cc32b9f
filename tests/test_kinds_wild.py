"""Question kinds on department budgets (issue 11), on the real documents of eval/docs/wild.

Counts printed in sentences (车辆、批次、内设机构), stocks dated 截至上年底, why-questions answered
by the sentence that gives the reason (also when it follows the figure's sentence), lists whose items
follow their introducing sentence, and completion shares printed in prose (完成年初预算的91.14%).
Facts only (no embeddings): text answers come from keyword passages, as in the CI wild gate.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from index.narrative import extract_figures
from qa.engine import Engine
from qa.understand import parse_question
from tests.conftest import EVAL_WILD, facts_engine

CANGSHAN = "fujian_fuzhou_cangshan_ecology_environment_bureau_2026_unit_budget.pdf"
YANTIAN = "guangdong_shenzhen_planning_resources_yantian_bureau_2026_budget.pdf"
CHANGSHA = "hunan_changsha_public_security_bureau_2025_budget.pdf"
CHONGQING = "chongqing_commerce_commission_2026_budget.pdf"
CENTRAL_FINAL = "central_national_public_complaints_admin_2024_final_accounts.pdf"
CENTRAL_BUDGET = "central_national_public_complaints_admin_2026_budget.pdf"
CHANGCHUN = "jilin_changchun_petition_bureau_2026_budget.pdf"
AUDIT = "beijing_audit_bureau_2026_budget_tables.pdf"
FOSHAN = "guangdong_foshan_rail_transit_bureau_2019_final_accounts.pdf"


FILES = (CANGSHAN, YANTIAN, CHANGSHA, CHONGQING, CENTRAL_FINAL, CENTRAL_BUDGET, CHANGCHUN, AUDIT, FOSHAN)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("kinds_wild"), [EVAL_WILD / n for n in FILES])


def ask(engine: Engine, file: str, question: str):
    doc = next(d for d in engine.store.documents() if d.file == file)
    return engine.ask(question, filters={"doc_id": doc.doc_id})


def figure(ans) -> tuple[Decimal, str]:
    assert ans.kind == "figure", ans.text
    fig = ans.figures[0]
    printed = format(Decimal(str(fig.value)).normalize(), "f")
    assert printed in "".join(s.quote for s in ans.sources).replace(",", ""), ans.sources
    return Decimal(str(fig.value)), fig.unit


# --- counts printed in sentences ------------------------------------------------------------------


def test_having_verbs_are_not_part_of_what_is_counted() -> None:
    figs = extract_figures(
        "截至2025年7月31日，国家信访局实有车辆15辆，其中部级领导干部用车1辆、机要通信用车2辆。"
    )
    assert [(f.subject, f.value) for f in figs][0] == ("车辆", Decimal(15))


def test_counts_of_batches_and_listed_bodies() -> None:
    figs = extract_figures("使用一般公共预算财政拨款支出的公务接待10批次、152人次，全部为国内公务接待。")
    assert [(f.value, f.unit) for f in figs] == [(Decimal(10), "批次"), (Decimal(152), "人次")]
    (listed,) = extract_figures("内设机构包括警令部、政治部、指挥部等14个部门。")
    assert (listed.subject, listed.value) == ("内设机构", Decimal(14))
    (bare,) = extract_figures("部门本级内设34个，各机构规范简称依次为:办公室、组织人事处。")
    assert (bare.subject, bare.value) == ("内设机构", Decimal(34))


def test_vehicles_of_the_whole_body_not_a_kind_of_car(engine: Engine) -> None:
    assert figure(ask(engine, CENTRAL_BUDGET, "国家信访局有多少辆车")) == (Decimal(15), "辆")


def test_body_words_before_a_count(engine: Engine) -> None:
    assert figure(ask(engine, YANTIAN, "单位有几辆车？"))[0] == Decimal(2)
    q = parse_question("中心现有车辆几辆")
    assert q.subject == "车辆"


def test_a_stock_dated_at_the_end_of_last_year_is_in_this_years_budget(engine: Engine) -> None:
    q = parse_question("截至2025年底 仓山生态环境局有几辆车")
    assert q.as_of and q.year == 2025
    assert figure(ask(engine, CANGSHAN, "截至2025年底 仓山生态环境局有几辆车")) == (Decimal(7), "辆")


def test_batches_asked_with_the_year_before_the_body(engine: Engine) -> None:
    # 「2024年信访局」: the year is not part of the body's name
    assert parse_question("2024年信访局公务接待了几批次").unknown_org == "信访局"
    ans = ask(engine, CENTRAL_FINAL, "2024年国家信访局公务接待了几批次")
    assert figure(ans) == (Decimal(10), "批次")


def test_internal_bodies_counted_where_the_list_says_how_many(engine: Engine) -> None:
    assert figure(ask(engine, CHANGSHA, "市局本级内设机构有多少个部门"))[0] == Decimal(14)
    assert figure(ask(engine, CHONGQING, "市商务委本级内设多少个机构？"))[0] == Decimal(34)


# --- why-questions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "question", "reason"),
    [
        (CHANGCHUN, "为什么２０２６年预算比上年多了", "人员经费的正常增长"),
        (CANGSHAN, "机关运行经费为什么涨了19%多", "行政人员增加"),
        (CHANGSHA, "为什么公安局今年的预算比去年少了？", "压减项目经费"),
        (YANTIAN, "机关运行经费增长的原因是什么？", "在职人员增多"),
    ],
)
def test_why_is_answered_by_the_reason_sentence(
    engine: Engine, file: str, question: str, reason: str
) -> None:
    ans = ask(engine, file, question)
    assert ans.kind == "passage"
    assert reason in ans.text


# --- lists and shares ------------------------------------------------------------------------------


def test_completion_share_printed_in_prose(engine: Engine) -> None:
    q = parse_question("财政拨款支出完成年初预算的百分之几")
    assert (q.measure, q.share_of) == ("percent_share", "年初预算")
    assert figure(ask(engine, CENTRAL_FINAL, "财政拨款支出完成年初预算的百分之几"))[0] == Decimal("91.14")


def test_growth_against_last_years_initial_budget() -> None:
    figs = extract_figures(
        "2026年本单位机关运行经费财政拨款预算482.94万元，较2025年年初预算增加27.88万元，增长6.1%。"
    )
    assert {f.subject for f in figs} == {"机关运行经费财政拨款预算"}


def test_a_completion_share_of_an_item_named_in_the_sentence_before(engine: Engine) -> None:
    ans = ask(engine, CENTRAL_FINAL, "一般行政管理事务完成年初预算的比例是多少")
    assert figure(ans)[0] == Decimal("0.8")


def test_spending_fell_by_a_share_printed_after_a_bare_whole() -> None:
    figs = extract_figures("支出较去年减少1316.82万元，下降1.88%。")
    assert [(f.subject, f.measure) for f in figs] == [("支出", "change"), ("支出", "percent_change")]


# --- text printed in table rows, uses, units under the department -------------------------------------


def test_a_budget_of_tables_answers_text_from_its_rows(engine: Engine) -> None:
    ans = ask(engine, AUDIT, "北京市审计局部门整体绩效目标是什么？")
    assert "推动审计全覆盖" in ans.text
    assert ans.sources[0].table
    use = ask(engine, AUDIT, "机动经费（北京市审计局）是干什么用的")
    assert "临时性紧急任务" in use.text


def test_where_money_was_spent_is_a_use_question(engine: Engine) -> None:
    assert parse_question("公务接待费主要花在什么地方？").intent == "passage"
    ans = ask(engine, FOSHAN, "公务接待费主要花在什么地方？")
    assert "接待其他省市交通局参观" in ans.text


def test_a_unit_named_with_the_departments_place(engine: Engine) -> None:
    q = parse_question("福州市仓山环境监测站在职几个人？", {"仓山": "福州市仓山生态环境局"})
    assert q.unknown_org == "福州市仓山环境监测站"
    assert figure(ask(engine, CANGSHAN, "福州市仓山环境监测站在职几个人？"))[0] == Decimal(19)
