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
from index.store import Store
from qa.engine import Engine
from qa.understand import parse_question
from tests.conftest import EVAL_WILD

CANGSHAN = "fujian_fuzhou_cangshan_ecology_environment_bureau_2026_unit_budget.pdf"
YANTIAN = "guangdong_shenzhen_planning_resources_yantian_bureau_2026_budget.pdf"
CHANGSHA = "hunan_changsha_public_security_bureau_2025_budget.pdf"
CHONGQING = "chongqing_commerce_commission_2026_budget.pdf"
CENTRAL_FINAL = "central_national_public_complaints_admin_2024_final_accounts.pdf"
CENTRAL_BUDGET = "central_national_public_complaints_admin_2026_budget.pdf"
CHANGCHUN = "jilin_changchun_petition_bureau_2026_budget.pdf"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, petition_store: Store) -> Engine:
    results = petition_store.ingest([EVAL_WILD / n for n in (CANGSHAN, YANTIAN, CHANGSHA, CHONGQING)])
    assert not [r for r in results if r.status == "error"], results
    return Engine(petition_store, auto_ingest=False)


def ask(engine: Engine, file: str, question: str):
    doc = next(d for d in engine.store.documents() if d.file == file)
    return engine.ask(question, filters={"doc_id": doc.doc_id})


def figure(ans) -> tuple[Decimal, str]:
    assert ans.kind == "figure", ans.text
    fig = ans.figures[0]
    assert str(fig.value).rstrip("0").rstrip(".") in "".join(s.quote for s in ans.sources).replace(",", "")
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
    assert figure(ask(engine, CENTRAL_BUDGET, "信访局有多少辆车")) == (Decimal(15), "辆")


def test_body_words_before_a_count(engine: Engine) -> None:
    assert figure(ask(engine, YANTIAN, "单位有几辆车？"))[0] == Decimal(2)
    q = parse_question("中心现有车辆几辆")
    assert q.subject == "车辆"


def test_a_stock_dated_at_the_end_of_last_year_is_in_this_years_budget(engine: Engine) -> None:
    q = parse_question("截至2025年底 仓山生态环境局有几辆车")
    assert q.as_of and q.year == 2025
    assert figure(ask(engine, CANGSHAN, "截至2025年底 仓山生态环境局有几辆车")) == (Decimal(7), "辆")


def test_batches_asked_with_the_year_before_the_body(engine: Engine) -> None:
    assert figure(ask(engine, CENTRAL_FINAL, "2024年信访局公务接待了几批次")) == (Decimal(10), "批次")


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
