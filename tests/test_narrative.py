"""Figures printed in narrative sentences, on sentences copied from the three real documents."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from index.narrative import TextFigure, extract_figures

CORPUS = Path(__file__).parent / "corpus"
SEED = CORPUS / "zhengzhou_bigdata_2021_budget.txt"
JIANGSU = CORPUS / "jiangsu_high_court_2017_budget.pdf"
PUTUO = CORPUS / "shanghai_putuo_finance_bureau_2025_budget.pdf"


def by_raw(figs: list[TextFigure], raw: str, nth: int = 0) -> TextFigure:
    found = [f for f in figs if f.raw == raw]
    assert len(found) > nth, f"{raw!r} not extracted from {[f.raw for f in figs]}"
    return found[nth]


def seed_narrative() -> str:
    text = SEED.read_text(encoding="utf-8")
    first = text.index("第四部分 附表")
    return text[: text.index("第四部分 附表", first + 1)]


def pdf_text(path: Path, pages: list[int]) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(pdf.pages[p - 1].extract_text() for p in pages)


@pytest.fixture(scope="module")
def jiangsu_text() -> str:
    return pdf_text(JIANGSU, list(range(19, 27)))


@pytest.fixture(scope="module")
def putuo_text() -> str:
    return pdf_text(PUTUO, [7, 22, 23, 24])


# ------------------------------------------------------------------ seed (Zhengzhou)


def test_staff_counts_with_qiizhong():
    s = "部门机关及归口预算管理单位人员共有编制54人，其中：行政编制37人，事业编制17人；在职职工47人，离退休人员0人等。"
    figs = extract_figures(s)
    assert [(f.subject, f.value, f.unit, f.measure) for f in figs] == [
        ("编制", 54, "人", "count"),
        ("行政编制", 37, "人", "count"),
        ("事业编制", 17, "人", "count"),
        ("在职职工", 47, "人", "count"),
        ("离退休人员", 0, "人", "count"),
    ]
    assert "其中" in figs[1].qualifiers and "其中" not in figs[3].qualifiers
    assert figs[0].sentence.startswith("部门机关及归口预算管理单位人员共有编制54人")


def test_vehicle_and_dates_are_not_figures():
    s = "截止 2020 年 12 月 31 日，本单位公务用车 1 辆（机要通信车）。"
    figs = extract_figures(s)
    assert len(figs) == 1
    f = figs[0]
    assert (f.subject, f.value, f.unit, f.raw) == ("公务用车", 1, "辆", "1 辆")
    assert "机要通信车" in f.qualifiers
    assert f.sentence == "截止2020年12月31日，本单位公务用车1辆（机要通信车）。"
    assert s[f.start : f.end] == "1 辆"


def test_totals_change_and_growth_against_2020():
    s = (
        "2021 年收入预算总计 9653.46 万元，支出预算总计 9653.46 万元，与 2020 年预算相比，收入预算增加 3341.54 万元，"
        "增长 52.94%，主要原因是：一是新增了“一网通办”专网业务系统对接经费，二是市政务网络、云、机房及业务系统建设维护"
        "经费增加；支出预算增加 3341.54 万元，增长 52.94%，主要原因是：一是新增了“一网通办”专网业务系统对接经费。"
    )
    figs = extract_figures(s)
    assert [f.subject for f in figs[:2]] == ["收入预算总计", "支出预算总计"]
    assert all(f.measure == "amount" and f.value == Decimal("9653.46") for f in figs[:2])
    change = by_raw(figs, "3341.54 万元")
    assert (change.subject, change.measure, change.direction, change.compare_year) == (
        "收入预算",
        "change",
        "增加",
        2020,
    )
    growth = by_raw(figs, "52.94%")
    assert (growth.subject, growth.measure, growth.value, growth.compare_year) == (
        "收入预算",
        "percent_change",
        Decimal("52.94"),
        2020,
    )
    second = by_raw(figs, "3341.54 万元", 1)
    assert (second.subject, second.compare_year) == ("支出预算", 2020)
    assert len(figs) == 6  # 2021 / 2020 are years, not figures


def test_shares_of_the_total_before_qizhong():
    s = "2021年支出预算9653.46万元，其中：基本支出626.43万元，占比6.49%；项目支出9027.03万元，占比93.51%。"
    figs = extract_figures(s)
    basic = by_raw(figs, "626.43万元")
    assert (basic.subject, basic.measure, basic.unit) == ("基本支出", "amount", "万元")
    share = by_raw(figs, "6.49%")
    assert (share.subject, share.measure, share.share_of) == ("基本支出", "percent_share", "支出预算")
    assert by_raw(figs, "93.51%").subject == "项目支出"


def test_function_items_with_share_of_the_general_budget():
    s = (
        "2021年一般公共预算支出预算9653.46万元，主要用于以下方面：行政运行支出461.54万元，占4.78%；"
        "一般行政管理事务支出9027.03万元，占93.51%；干部教育支出3.00万元，占0.03%。"
    )
    figs = extract_figures(s)
    share = by_raw(figs, "4.78%")
    assert share.subject.startswith("行政运行") and share.share_of == "一般公共预算支出预算"
    assert by_raw(figs, "3.00万元").subject.startswith("干部教育")


def test_project_names_keep_their_dunhao_and_both_conflicting_amounts_are_found():
    text = seed_narrative()
    figs = extract_figures(text)
    big_data = [f for f in figs if f.subject == "大数据、电子政务工作管理项目"]
    assert sorted(f.value for f in big_data) == [Decimal("158"), Decimal("289.00")]
    assert {f.raw for f in big_data} == {"289.00万元", "158 万元"}
    first = extract_figures("1、市政务网络、云、机房及业务系统建设维护项目7358.61万元；")
    assert [(f.subject, f.value) for f in first] == [
        ("市政务网络、云、机房及业务系统建设维护项目", Decimal("7358.61"))
    ]


def test_running_costs_list_split_at_dunhao_after_a_figure():
    s = (
        "2021 年，运行经费安排 94.68 万元，主要用于日常办公运转，其中：办公费 29.72 万元，印刷费 0.30 万元、"
        "邮电费 1.00 万元、差旅费 17.00 万元、其他交通费 26.46 万元、办公设备购置费 2.00 万元。"
    )
    figs = extract_figures(s)
    assert [f.subject for f in figs] == [
        "运行经费",
        "办公费",
        "印刷费",
        "邮电费",
        "差旅费",
        "其他交通费",
        "办公设备购置费",
    ]
    assert by_raw(figs, "0.30 万元").value == Decimal("0.30")
    assert "其中" in by_raw(figs, "1.00 万元").qualifiers


def test_procurement_item_price_quantity_total():
    figs = extract_figures("1. 办公桌，单价 0.14 万元，数量 1 个，共计 0.14 万元；")
    assert [(f.subject, f.measure, f.value, f.unit) for f in figs] == [
        ("办公桌", "unit_price", Decimal("0.14"), "万元"),
        ("办公桌", "quantity", Decimal("1"), "个"),
        ("办公桌", "total", Decimal("0.14"), "万元"),
    ]
    figs = extract_figures("10. 全市政务数据治理项目，单价 490.00 万元，数量 1 个，共计 490.00 万元；")
    assert {f.subject for f in figs} == {"全市政务数据治理项目"}


def test_zero_amounts_and_a_change_in_the_next_sentence():
    s = "1. 因公出国（境）费 0 元，主要用于单位工作人员公务出国（境）的住宿费、旅费、伙食补助费、杂费、培训费等支出。预算数比 2020 年增加 0 万元。"
    figs = extract_figures(s)
    assert (figs[0].subject, figs[0].value, figs[0].unit, figs[0].measure) == (
        "因公出国（境）费",
        0,
        "元",
        "amount",
    )
    assert (figs[1].subject, figs[1].measure, figs[1].direction, figs[1].compare_year) == (
        "因公出国（境）费",
        "change",
        "增加",
        2020,
    )
    s = "公务用车购置费预算数比 2020 年增加 0 万元。"
    assert extract_figures(s)[0].subject == "公务用车购置费"


def test_threshold_stays_in_the_name_of_the_counted_thing():
    s = "单价 50 万元以上通用设备 0 台（套），单位价值 100 万元以上专用设备 0 台（套）。"
    figs = extract_figures(s)
    assert [(f.subject, f.value, f.unit) for f in figs] == [
        ("单价50万元以上通用设备", 0, "台（套）"),
        ("单位价值100万元以上专用设备", 0, "台（套）"),
    ]


def test_document_numbers_years_and_phone_numbers_are_not_figures():
    s = (
        "按照《财政部关于印发<支出经济分类科目改革方案>的通知》（财预〔2017〕98号）要求，从 2018 年起全面实施支出经济分类"
        "科目改革，根据政府预算管理和部门预算管理的特点，分设部门预算支出经济分类科目和政府预算支出经济分类科目。"
    )
    assert extract_figures(s) == []
    assert extract_figures("联系电话\t13633810189\t\t") == []
    assert extract_figures("联系电话\t67178751\t\t") == []
    assert extract_figures("2.国发(2012)23号文；十一、空表情况说明；（三）主要项目：") == []


def test_counts_of_projects():
    figs = extract_figures("我局 2021 年预算安排的专项转移支付项目共有 0 项。")
    assert [(f.subject, f.value, f.unit) for f in figs] == [("专项转移支付项目", 0, "项")]


def test_chinese_numerals_and_full_width_digits():
    figs = extract_figures("部门机关及归口预算管理单位人员共有编制五十四人，其中：行政编制三十七人")
    assert [(f.subject, f.value, f.raw) for f in figs] == [
        ("编制", 54, "五十四人"),
        ("行政编制", 37, "三十七人"),
    ]
    figs = extract_figures(
        "２０２１年支出预算９６５３．４６万元，其中：基本支出６２６．４３万元，占比６．４９％"
    )
    assert [f.value for f in figs] == [Decimal("9653.46"), Decimal("626.43"), Decimal("6.49")]
    assert figs[2].measure == "percent_share" and figs[2].unit == "%"
    assert figs[0].raw == "９６５３．４６万元"


def test_seed_every_money_figure_in_the_narrative_is_extracted():
    """Independent count: every "N 万元"/"N 元" printed in the narrative (thresholds aside)."""
    text = seed_narrative()
    figs = extract_figures(text)
    printed = [
        m
        for m in re.finditer(r"(?<![\d.])\d+(?:\.\d+)?\s*万?元", text)
        if not re.match(r"\s*(?:以上|以下)", text[m.end() :])
    ]
    money = [f for f in figs if f.unit in ("元", "万元") and f.raw[0].isdigit()]
    assert {m.start() for m in printed} == {f.start for f in money}
    assert all(text[f.start : f.end] == f.raw for f in figs)


# ------------------------------------------------------------------ Jiangsu (PDF text layer)


def test_jiangsu_share_of_three_public_costs(jiangsu_text):
    figs = extract_figures(jiangsu_text)
    abroad = by_raw(figs, "26.86%")
    assert (abroad.subject, abroad.measure, abroad.share_of) == (
        "因公出国（境）费",
        "percent_share",
        "“三公”经费",
    )
    amount = by_raw(figs, "180 万元")
    assert (amount.subject, amount.measure) == ("因公出国（境）费", "amount")


def test_jiangsu_court_path_with_change(jiangsu_text):
    figs = extract_figures(jiangsu_text)
    run = by_raw(figs, "11786.92 万元")
    assert run.subject == "行政运行" and "法院（款）行政运行（项）" in run.qualifiers
    change = by_raw(figs, "10.44 万元")
    assert (change.subject, change.measure, change.direction, change.compare_year) == (
        "行政运行",
        "change",
        "增加",
        None,
    )
    assert "上年" in change.qualifiers
    pct = by_raw(figs, "0.09%")
    assert (pct.subject, pct.measure) == ("行政运行", "percent_change")
    cut = by_raw(figs, "10.35%")
    assert (cut.subject, cut.direction) == ("案件审判", "减少")


def test_jiangsu_totals_across_a_line_break(jiangsu_text):
    figs = extract_figures(jiangsu_text)
    total = figs[0]
    assert (total.subject, total.value, total.unit) == ("收入、支出预算总计", Decimal("28849.38"), "万元")
    assert total.raw == "28849.38\n万元"  # printed across the PDF line break
    both = by_raw(figs, "1808.29 万元")
    assert (both.subject, both.direction) == ("收、支预算总计", "增加")
    assert total.sentence.startswith("江苏省高级人民法院2017年度收入、支出预算总计28849.38万元，与上年相比")


def test_jiangsu_flat_and_decrease_and_compare_year(jiangsu_text):
    figs = extract_figures(jiangsu_text)
    flat = [f for f in figs if f.direction == "持平" and f.subject == "机关服务"]
    assert flat and flat[0].value == 0 and flat[0].raw == "与上年一致"
    down = by_raw(figs, "161.96 万元")
    assert (down.subject, down.measure, down.direction) == ("一般公共预算机关运行经费", "change", "减少")
    up = by_raw(figs, "5503.07 万元")
    assert up.compare_year == 2016


def test_jiangsu_class_level_and_document_numbers():
    figs = extract_figures("1．公共安全（类）支出 23513.11 万元，主要用于人员支出、日常公用支出。")
    assert [(f.subject, f.value) for f in figs] == [("公共安全", Decimal("23513.11"))]
    s = "根据《江苏省财政厅关于 2017 年省级部门预算的批复》（苏财预„2017‟19 号）填列。依据省财政厅苏财预[2016]53 号《通知》"
    assert extract_figures(s) == []


def test_jiangsu_procurement_parts():
    s = "2017 年我部门政府采购预算总金额为 3742.4 万元。其中拟购买货物 525.4 万元；拟购买工程 500 万元；拟购买服务 2717 万元。"
    figs = extract_figures(s)
    assert figs[0].subject == "政府采购预算总金额"
    assert [f.value for f in figs] == [Decimal("3742.4"), Decimal("525.4"), Decimal("500"), Decimal("2717")]
    assert "货物" in figs[1].subject


# ------------------------------------------------------------------ Putuo (PDF text layer)


def test_putuo_pension_887_36(putuo_text):
    figs = extract_figures(putuo_text)
    pension = [f for f in figs if f.value == Decimal("887.36")]
    assert len(pension) == 1
    f = pension[0]
    assert (f.subject, f.unit, f.measure) == ("机关事业单位职业年金缴费支出", "万元", "amount")
    assert f.qualifiers == [
        "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）"
    ]
    assert "887.36万元" in f.sentence and "\n" not in f.sentence


def test_putuo_quoted_path_and_thousands_separator():
    s = "1.“一般公共服务支出（类）财政事务（款）行政运行（项）”1,623.18万元，主要用于局本级及所属单位人员经费及公用经费等的基本支出。"
    (f,) = extract_figures(s)
    assert (f.subject, f.value, f.raw) == ("行政运行", Decimal("1623.18"), "1,623.18万元")
    assert f.qualifiers == ["一般公共服务支出（类）财政事务（款）行政运行（项）"]


def test_putuo_change_against_2024_and_flat():
    s = (
        "财政拨款支出预算中，一般公共预算拨款支出预算3,121.42万元，比2024年预算增加107.62万元；政府性基金拨款支出预算0万元，"
        "与2024年预算持平；"
    )
    figs = extract_figures(s)
    up = by_raw(figs, "107.62万元")
    assert (up.subject, up.direction, up.compare_year) == ("一般公共预算拨款支出预算", "增加", 2024)
    flat = figs[-1]
    assert (flat.subject, flat.measure, flat.direction, flat.compare_year, flat.value) == (
        "政府性基金拨款支出预算",
        "change",
        "持平",
        2024,
        0,
    )


def test_putuo_letter_spaced_line(putuo_text):
    figs = extract_figures(putuo_text)
    fee = by_raw(figs, "10.00 万 元")
    assert (fee.subject, fee.value, fee.unit) == ("财政业务费", Decimal("10.00"), "万元")
    assert "财政业务费10.00万元" in fee.sentence
    assert by_raw(figs, "3.00 万 元").subject == "援滇干部工作经费"


def test_putuo_counts_vehicles_units_and_thresholds(putuo_text):
    figs = extract_figures(putuo_text)
    assert not [f for f in figs if f.raw.startswith(("400.00", "3000.00", "100万"))]  # thresholds
    units = extract_figures("上海市普陀区财政局部门预算包括财政局本部以及下属0家预算单位的综合收支计划。")
    assert [(f.subject, f.value, f.unit) for f in units] == [("预算单位", 0, "家")]
    devices = extract_figures("单价100万（含）以上设备（不含车辆）0台（套）。")
    assert [(f.value, f.unit, f.measure) for f in devices] == [(0, "台（套）", "count")]
    dates = extract_figures("五、实施周期\n2025年1月1日至2025年12月31日")
    assert dates == []


def test_every_figure_points_back_into_the_text(jiangsu_text, putuo_text):
    for text in (seed_narrative(), jiangsu_text, putuo_text):
        figs = extract_figures(text)
        assert figs
        for f in figs:
            assert text[f.start : f.end] == f.raw
            assert f.subject, f
            assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", f.sentence)
