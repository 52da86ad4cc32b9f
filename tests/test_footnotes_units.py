"""Footnote markers, bare growth rates and units, on sentences and cells printed in real disclosures."""

from __future__ import annotations

from decimal import Decimal

from index.narrative import extract_figures
from index.numbers import parse_cell, parse_number
from index.tables import build_table, clean_label, column_unit


def test_footnote_marker_after_a_percentage() -> None:
    # reported in issue 8: 「下降4.1%²」 is 4.1%, not 4.12%
    [fig] = extract_figures("全市一般公共预算收入下降4.1%²，主要是落实减税降费政策。")
    assert (fig.value, fig.unit, fig.measure, fig.direction) == (
        Decimal("4.1"),
        "%",
        "percent_change",
        "减少",
    )
    assert parse_cell("4.1%²") == (Decimal("4.1"), "%")
    assert parse_cell("325.3①") == (Decimal("325.3"), "")
    assert parse_number("1,036.6²") == Decimal("1036.6")


def test_circled_list_markers_are_not_part_of_the_subject() -> None:
    # hebei_province_2021_government_final_accounts.pdf, page 102
    text = (
        "省对市、县一般公共预算转移支付总计3577.1亿元，可比增长4.9%，包括：①税收返还325.3亿元；"
        "②一般性转移支付2750.5亿元，其中：均衡性转移支付442.4亿元"
    )
    figs = {f.subject: f for f in extract_figures(text)}
    assert figs["税收返还"].value == Decimal("325.3") and figs["税收返还"].unit == "亿元"
    assert figs["一般性转移支付"].value == Decimal("2750.5")
    assert not any("①" in s or "②" in s for s in figs)


def test_footnote_marker_after_a_label_cell() -> None:
    # jiangsu_province_2018_budget_execution_and_2019_draft.pdf, page 23: 「中央专款 ①」
    assert clean_label("中央专款 ①") == "中央专款"


def test_growth_rate_printed_without_percent_sign() -> None:
    # shaanxi_xian_hrss_bureau_2020_budget.pdf, page 13: 「较上年减少13.01，」 is a rate
    text = "2020年本部门当年一般公共预算拨款支出181716.56万元，较上年减少13.01，减少的主要原因是随着本部门医保、引智"
    amount, rate = extract_figures(text)
    assert (amount.value, amount.unit) == (Decimal("181716.56"), "万元")
    assert (rate.value, rate.unit, rate.measure, rate.direction) == (
        Decimal("13.01"),
        "%",
        "percent_change",
        "减少",
    )
    # an amount whose unit sits on the next line is not a rate; nor is a bare integer
    figs = extract_figures("比上年增加1808.29\n万元。编制人数比上年增加3，")
    assert [(f.value, f.unit) for f in figs] == [(Decimal("1808.29"), "万元")]


def test_column_units_override_the_table_unit() -> None:
    # headers printed in real tables: a 绩效 table's 项目资金（万元）, wuhan's 执行数为调整预算数%
    assert column_unit("项目资金（万元）/年初预算数") == "万元"
    assert column_unit("执行数为调整预算数%") == "%"
    assert column_unit("执行数比上年+,-%") == "%"
    assert column_unit("完成率") == "%"
    assert column_unit("上年决算数") == ""
    t = build_table(
        "政府采购预算表",
        "元",
        [["项目", "数量", "金额（万元）", "占比%"]],
        [["办公设备", "3", "12.500000", "41.2"]],
    )
    [r] = t.rows
    assert r.cell("金额（万元）").unit == "万元" and r.cell("金额（万元）").value == Decimal("12.5")
    assert r.cell("占比%").unit == "%" and r.cell("数量").unit == ""
    # every money column prints the same unit and the table prints none: that unit is the table's
    t = build_table("收入表", "", [["项目", "金额（万元）"]], [["合计", "32,365.090089"]])
    assert t.unit == "万元" and t.rows[0].cells[0].unit == ""


def test_column_number_row_and_line_number_column() -> None:
    # 决算 tables: a 栏次 row (1, 2, 3 …) and a 行次 column are positions, not figures
    t = build_table(
        "收入支出决算总表",
        "万元",
        [["项目", "行次", "金额"]],
        [["栏次", "", "1"], ["一、一般公共预算财政拨款收入", "1", "19,572.91"], ["总计", "32", "22,066.59"]],
    )
    assert [r.label for r in t.rows] == ["一、一般公共预算财政拨款收入", "总计"]
    assert t.rows[0].texts == {"行次": "1"} and t.rows[0].cell("金额").raw == "19,572.91"
