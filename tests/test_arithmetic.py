"""Figures computed in code from cited figures: each says so and cites every operand."""

from __future__ import annotations

from decimal import Decimal

from qa.engine import Engine

SEED_DOC = {"file": "zhengzhou_bigdata_2021_budget.txt"}
PUTUO_DOC = {"file": "shanghai_putuo_finance_bureau_2025_budget.pdf"}


def _computed(ans) -> None:
    assert ans.kind == "figure"
    assert any("计算" in w or "计数" in w or "没有直接印出" in w for w in ans.warnings), ans.warnings
    first = ans.sources[ans.figures[0].source]
    assert first.quote.startswith("计算"), first.quote
    assert len(ans.sources) >= 2  # the computation, then every operand with its place


def test_sum_of_named_figures(figure_engine: Engine) -> None:
    ans = figure_engine.ask("办公费和印刷费加起来多少", filters=SEED_DOC)
    _computed(ans)
    # 附件6: 办公费 297,200 + 印刷费 3,000
    assert ans.figures[0].value == Decimal(300200)
    quotes = " ".join(s.quote for s in ans.sources)
    assert "297,200" in quotes and "3,000" in quotes


def test_sum_across_documents_asks_which(figure_engine: Engine) -> None:
    ans = figure_engine.ask("办公费和印刷费加起来多少")
    assert ans.kind == "clarify" and len(ans.options) >= 2


def test_share_not_printed_is_computed(figure_engine: Engine) -> None:
    # Putuo prints no percentages: 基本支出 25,121,091.00 ÷ 支出总计 31,214,205.80
    ans = figure_engine.ask("普陀区财政局基本支出占比多少", filters=PUTUO_DOC)
    _computed(ans)
    assert ans.figures[0].unit == "%"
    assert ans.figures[0].value == (Decimal("25121091.00") / Decimal("31214205.80") * 100).quantize(
        Decimal("0.01")
    )


def test_change_from_previous_year_form_amounts(figure_engine: Engine) -> None:
    # 全市政务信息安全经费: 项目总金额 1,450,000 − 上年度项目总金额 1,000,000
    ans = figure_engine.ask("全市政务信息安全经费比上年多了多少", filters=SEED_DOC)
    _computed(ans)
    assert ans.figures[0].value == Decimal(450000)


def test_count_of_a_printed_list(figure_engine: Engine) -> None:
    ans = figure_engine.ask("大数据局有几个内设机构", filters=SEED_DOC)
    _computed(ans)
    assert ans.figures[0].value == 6
    assert "办公室" in ans.text and "机关党委" in ans.text


def test_rows_under_a_code_are_listed(figure_engine: Engine) -> None:
    # Putuo 2025年部门支出预算总表: 201 06 财政事务 → 01 行政运行, 02 一般行政管理事务, 07 信息化建设, 08 财政委托业务支出
    ans = figure_engine.ask("财政事务下面包括哪些项", filters=PUTUO_DOC)
    assert ans.kind == "list"
    for item in ("行政运行", "一般行政管理事务", "信息化建设", "财政委托业务支出"):
        assert item in ans.text
    assert "2010601" in ans.text and ans.sources and all(s.table for s in ans.sources)


def test_class_level_rows_are_listed(figure_engine: Engine) -> None:
    # Putuo function classes: 201, 208, 210, 221
    ans = figure_engine.ask("普陀区财政局的支出有哪些类级科目", filters=PUTUO_DOC)
    assert ans.kind == "list"
    for item in ("一般公共服务支出", "社会保障和就业支出", "卫生健康支出", "住房保障支出"):
        assert item in ans.text
