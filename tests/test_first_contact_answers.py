"""Answer causes found at first contact with four Shanghai Putuo disclosures (session 11).

Real documents (plain text extracted from their PDFs): a sub-district office's budget (万里街道), the
城管执法局's budget and the 生态环境局's final account, in one facts-only store, as people ask them:
by the short name of the body, by the stage of a final account printed in sentences
(「年初预算为X万元，支出决算为Y万元，完成年初预算的Z%」), and why the outcome differs.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from qa.engine import Engine
from tests.conftest import facts_engine

CORPUS = Path(__file__).parent / "corpus"
WANLI = CORPUS / "shanghai_putuo_wanli_subdistrict_2025_budget.txt"
CHENGGUAN = CORPUS / "shanghai_putuo_chengguan_2026_budget.txt"
ECOLOGY = CORPUS / "shanghai_putuo_ecology_environment_bureau_2025_final_accounts.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("first_contact"), [WANLI, CHENGGUAN, ECOLOGY])


def _value(engine: Engine, question: str, history=None) -> Decimal:
    ans = engine.ask(question, history)
    assert ans.kind == "figure", ans.text
    return Decimal(str(ans.figures[0].value))


def _file(engine: Engine, question: str) -> str:
    ans = engine.ask(question)
    return ans.sources[ans.figures[0].source].file


def test_cover_label_names_the_body_with_its_place(engine: Engine) -> None:
    """「预算主管部门：上海市普陀区城市管理行政执法局」 on the cover, 「普陀区城市管理行政执法局部门预算包括…」
    in the text: the department is the labelled, full name."""
    departments = {d.file: d.department for d in engine.docs.values()}
    assert departments[CHENGGUAN.name] == "上海市普陀区城市管理行政执法局"
    assert departments[WANLI.name] == "上海市普陀区人民政府万里街道办事处"


@pytest.mark.parametrize(
    ("question", "file", "value"),
    [
        # 万里街道 for 上海市普陀区人民政府万里街道办事处 (p.30: 机关运行经费预算为464.64万元)
        ("万里街道的机关运行经费预算是多少？", WANLI.name, Decimal("4646400")),
        # 城管局 / 区城管执法局 for 普陀区城市管理行政执法局 (p.21: 公务接待费0.46万元; 三公 114.22万元)
        ("城管局公务接待费预算多少", CHENGGUAN.name, Decimal("4600")),
        ("区城管执法局2026年三公经费多少？", CHENGGUAN.name, Decimal("1142200")),
    ],
)
def test_short_names_of_district_bodies(engine: Engine, question: str, file: str, value: Decimal) -> None:
    assert _file(engine, question) == file
    assert _value(engine, question) == value


@pytest.mark.parametrize(
    ("question", "value"),
    [
        # p.21 「一般公共预算财政拨款支出年初预算为 4628.17 万元，支出决算为 4733.14 万元」
        ("生态环境局2025年一般公共预算财政拨款支出年初预算是多少？", Decimal("46281700")),
        # p.26 「“三公”经费财政拨款支出年初预算为 21.00 万元，支出决算为 16.95 万元」
        ("普陀区生态环境局2025年三公经费实际花了多少？", Decimal("169500")),
        ("普陀区生态环境局2025年“三公”经费财政拨款支出决算数是多少？", Decimal("169500")),
        # p.7 「本年支出合计 4,733.14」: 支出总额 is the total
        ("区生态环境局2025年决算支出总额是多少？", Decimal("47331400")),
    ],
)
def test_final_account_stages_printed_in_sentences(engine: Engine, question: str, value: Decimal) -> None:
    assert _value(engine, question) == value


def test_budget_completion_asked_without_a_subject(engine: Engine) -> None:
    """「预算完成了百分之几」: the completion printed for the largest whole (102.27%), not an item's."""
    assert _value(engine, "生态环境局去年预算完成了百分之几？") == Decimal("102.27")


def test_completion_of_a_part_is_its_own(engine: Engine) -> None:
    """「…80.71%；公务用车购置及运行维护费支出决算为 16.95 万元，完成预算的 82.68%」: the part's completion."""
    question = "区生态环境局2025年公务用车购置及运行维护费完成预算的百分比是多少？"
    assert _value(engine, question) == Decimal("82.68")


def test_reason_printed_after_a_line_break(engine: Engine) -> None:
    """「…主要用于扬尘污染防治监管等项目支出，年初预算为 420.80 万元，支出决算为 379.96 万元，决算数小于
    预算数的主要原因：」 ends its line; the reason 「年中项目经费调减。」 is the next one."""
    first = engine.ask("生态环境局扬尘污染防治监管项目2025年实际花了多少")
    assert first.kind == "figure" and Decimal(str(first.figures[0].value)) == Decimal("3799600")
    why = engine.ask("为什么没花完", [first])
    assert "年中项目经费调减" in why.text
