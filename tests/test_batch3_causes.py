"""Causes of the batch-3 first-contact failures, on the real documents (no mocks).

Government-wide reports: a two-year report dates each figure by its own context; 全市 and 市本级
are different scopes; shares and growth rates printed in prose answer; 完成数 is not 调整预算数;
the exact 万元 cell corroborates a rounded 亿元 sentence; a sentence that holds the figure gives a
figure.  Department budgets: a column asked by name, a table named by its title, a change printed
in a table column (and the sentence that disagrees with it), a name in 《》 kept whole.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from qa.engine import Engine
from qa.understand import parse_question
from tests.conftest import facts_engine

WILD = Path(__file__).parent / "corpus" / "wild"
CHENGDE = "hebei_chengde_2025_budget_execution_and_2026_draft_report.docx"
PINGDINGSHAN = "henan_pingdingshan_2019_final_accounts_draft_explanation.pdf"
YANTAI = "shandong_yantai_veterans_affairs_bureau_2026_budget.html"
XIAN = "shaanxi_xian_hrss_bureau_2020_budget.pdf"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(
        tmp_path_factory.mktemp("batch3"), [WILD / n for n in (CHENGDE, PINGDINGSHAN, YANTAI, XIAN)]
    )


def ask(engine: Engine, file: str, question: str):
    doc = next(d for d in engine.store.documents() if d.file == file)
    return engine.ask(question, filters={"doc_id": doc.doc_id})


def first_value(ans) -> Decimal:
    assert ans.kind == "figure", ans.text
    return Decimal(str(ans.figures[0].value))


def test_two_year_report_answers_the_draft_year(engine: Engine) -> None:
    # the report's first year is 2025; its 2026 plan is printed in the 草案 part
    ans = ask(engine, CHENGDE, "2026年市本级国有土地使用权出让收入预算多少")
    assert first_value(ans) == Decimal("5380000000")
    assert "2025年的数据" not in ans.text


def test_last_year_of_a_two_year_report_is_its_execution_year(engine: Engine) -> None:
    ans = ask(engine, CHENGDE, "全市税收收入去年完成了多少")
    assert first_value(ans) == Decimal("8489100000")


def test_completed_not_adjusted_budget_and_scope(engine: Engine) -> None:
    # 附表2 (全市) and 附表8 (市本级) both print 调整预算数 and 完成数
    assert first_value(ask(engine, CHENGDE, "2025年全市卫生健康支出完成数")) == Decimal("5508900000")
    assert first_value(ask(engine, CHENGDE, "市本级教育支出2025年完成多少万元")) == Decimal("1389620000")


def test_exact_cell_corroborates_rounded_sentence(engine: Engine) -> None:
    # 「收入完成144.8亿元」 in prose, 1448177 万元 in 附表1's 完成数 column
    ans = ask(engine, CHENGDE, "承德2025年全市一般公共预算收入完成多少？")
    assert first_value(ans) == Decimal("14481770000")
    assert any(s.table for s in ans.sources) and any(not s.table for s in ans.sources)


def test_shares_and_growth_printed_in_prose(engine: Engine) -> None:
    assert first_value(ask(engine, CHENGDE, "税收占一般公共预算收入比重多少？")) == Decimal("58.6")
    assert first_value(ask(engine, CHENGDE, "全市政府性基金收入同比下降了多少")) == Decimal("41.5")
    assert first_value(ask(engine, PINGDINGSHAN, "税收占一般公共预算收入的比重是多少？")) == Decimal("72.9")
    assert first_value(ask(engine, PINGDINGSHAN, "市本级一般公共预算收入比上年增长百分之几")) == Decimal(
        "16.4"
    )


def test_stage_labelled_sentence_figures(engine: Engine) -> None:
    # 「…社会保险基金收入预算为1469994万元，实际完成1516669万元」
    ans = ask(engine, PINGDINGSHAN, "全市社保基金收入２０１９年实际完成了多少？")
    assert first_value(ans) == Decimal("15166690000")


def test_scope_named_in_question(engine: Engine) -> None:
    ans = ask(engine, PINGDINGSHAN, "市本级“三公”经费决算支出多少？")
    assert first_value(ans) == Decimal("52390000")


def test_printed_total_beats_a_computed_sum(engine: Engine) -> None:
    ans = ask(engine, PINGDINGSHAN, "上级补助我市的税收返还和转移支付合计是多少")
    assert first_value(ans) == Decimal("20038520000")
    assert not ans.warnings or "计算" not in " ".join(ans.warnings)


def test_sentence_with_the_figure_gives_a_figure(engine: Engine) -> None:
    ans = ask(engine, PINGDINGSHAN, "截至2019年底平顶山全市地方政府性债务余额")
    assert first_value(ans) == Decimal("26680810000")


def test_column_asked_by_name_and_table_named_by_title(engine: Engine) -> None:
    ans = ask(engine, YANTAI, "一般公共预算支出情况表 2082801 行政运行 的人员支出是多少")
    assert first_value(ans) == Decimal("4369900")
    assert "人员支出" in ans.sources[ans.figures[0].source].column


def test_table_change_answers_and_text_disagreement_is_said(engine: Engine) -> None:
    # the table prints 增减变化 -37.27; the narrative says 降低38.17万元
    ans = ask(engine, XIAN, "三公经费比上年少了多少")
    assert first_value(ans) == Decimal("372700")
    assert "不一致" in ans.text and "38.17" in ans.text


def test_name_in_title_marks_is_never_cut() -> None:
    q = parse_question("《北京审计》杂志办刊经费这个项目给了多少钱", {"北京": "北京市审计局"})
    assert "北京审计" in q.subject
    assert q.departments == ["北京市审计局"]


def test_buying_words_leave_the_thing_counted() -> None:
    q = parse_question("信息化设备购置项目要买多少台便携式计算机", {})
    assert q.measure == "quantity"
    assert ("便携式计算机", ["信息化设备购置项目"]) in q.alternatives
