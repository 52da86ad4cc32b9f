"""The seed's plain-text format, parsed from the real document (tests/corpus)."""

from decimal import Decimal
from pathlib import Path

import pytest

from index.meta import detect_metadata
from index.model import Document, ParseError, Row, Table
from index.text_parser import parse_text

SEED = Path(__file__).parent / "corpus" / "zhengzhou_bigdata_2021_budget.txt"
DEPT = "郑州市大数据管理局"


@pytest.fixture(scope="module")
def doc() -> Document:
    return parse_text(SEED)


def table(doc: Document, number: str = "", title: str = "", subject: str = "") -> Table:
    found = [
        t
        for t in doc.tables
        if (not number or t.number == number) and title in t.title and (not subject or t.subject == subject)
    ]
    assert len(found) == 1, (number, title, subject, [t.display_title for t in doc.tables])
    return found[0]


def row(t: Table, label: str = "", code: str = "", group: str = "") -> Row:
    found = [
        r
        for r in t.rows
        if (not label or r.label == label)
        and (not code or any(c.digits == code for c in r.codes))
        and (not group or r.group == group)
    ]
    assert len(found) == 1, (t.display_title, label, code, group, [r.label for r in found])
    return found[0]


def value(t: Table, column: str, label: str = "", code: str = "", group: str = "") -> Decimal | None:
    cell = row(t, label, code, group).cell(column)
    return None if cell is None else cell.value


EXPENSE_COLUMNS = [
    "科目编码/类",
    "科目编码/款",
    "科目编码/项",
    "单位（科目名称）",
    "合计",
    "基本支出/小计",
    "基本支出/工资福利支出",
    "基本支出/对个人和家庭的补助支出",
    "基本支出/商品服务支出",
    "基本支出/资本性支出",
    "项目支出/小计",
    "项目支出/社会事业和经济发展项目",
    "项目支出/债务项目",
    "项目支出/基本建设项目",
    "项目支出/其他项目",
]
ECON_COLUMNS = [
    "部门预算经济分类/类",
    "部门预算经济分类/款",
    "部门预算经济分类/科目名称",
    "政府预算经济分类/类",
    "政府预算经济分类/款",
    "政府预算经济分类/科目名称",
    *EXPENSE_COLUMNS[4:],
]
SIDE_COLUMNS = ["收入/项目", "收入/金额", "支出/项目", "支出/金额"]

# (number, title, unit, columns (None: checked elsewhere), data rows)
GRIDS = [
    ("附件 1", f"{DEPT}部门收支总体情况表", "元", SIDE_COLUMNS, 23),
    ("附件 2", f"{DEPT}部门收入总体情况表", "元", None, 8),
    ("附件 3", f"{DEPT}部门支出总体情况表", "元", EXPENSE_COLUMNS, 8),
    ("附件 4", f"{DEPT}财政拨款收支总体情况表", "元", SIDE_COLUMNS, 20),
    ("附件 5-1", f"{DEPT}一般公共预算支出情况表", "元", EXPENSE_COLUMNS, 8),
    ("附件 5-2", f"{DEPT}一般公共预算支出情况表", "元", ECON_COLUMNS, 24),
    (
        "附件 6",
        f"{DEPT}一般公共预算基本支出情况表",
        "元",
        [
            "部门预算经济分类/类",
            "部门预算经济分类/款",
            "部门预算经济分类/科目名称",
            "一般公共预算/小计",
            "一般公共预算/其中：财政拨款",
        ],
        20,
    ),
    ("附件 7", f"{DEPT}一般公共预算“三公”经费支出情况表", "元", ["项目", "“三公”经费预算数"], 6),
    ("附件 8", f"{DEPT}政府性基金预算支出情况表", "元", None, 0),
    ("附件 9", f"{DEPT}国有资本经营预算支出情况表", "元", None, 0),
    (
        "",
        f"{DEPT}政府采购预算表",
        "元",
        [
            "科目/代码",
            "科目/类",
            "科目/款",
            "单位名称",
            "采购项目",
            "采购目录",
            "规格",
            "计量单位",
            "采购数量",
            "金额",
        ],
        11,
    ),
]


def test_metadata(doc: Document) -> None:
    assert doc.department == DEPT
    assert doc.year == 2021
    assert doc.kind == "部门预算"
    assert doc.years == [2021] and doc.level == "地市级" and doc.meta_source == "document"
    assert doc.region == "郑州市"
    assert doc.title == "2021年郑州市大数据管理局部门预算说明"
    assert doc.file == SEED.name and len(doc.sha256) == 64
    assert doc.pages is None


def test_metadata_of_other_title_forms() -> None:
    m = detect_metadata(["2017 年度江苏省高级人民法院部门预算公开", "目 录"])
    assert (m.department, m.region, m.year, m.kind) == ("江苏省高级人民法院", "江苏省", 2017, "部门预算")
    m = detect_metadata(["上海市普陀区2025年区级部门预算", "预算主管部门：上海市普陀区财政局"])
    assert (m.department, m.region, m.year) == ("上海市普陀区财政局", "上海市普陀区", 2025)
    m = detect_metadata(["江 苏 省 人 民 检 察 院 2018 年 部 门 决 算"])
    assert (m.department, m.kind, m.year) == ("江苏省人民检察院", "部门决算", 2018)


def test_all_tables_found_in_order(doc: Document) -> None:
    grids = [t for t in doc.tables if t.kind == "grid"]
    assert [t.number for t in grids] == [g[0] for g in GRIDS]
    forms = [t for t in doc.tables if t.kind == "form"]
    assert len(forms) == 7  # 整体绩效目标申报表 (附表 11) + six 项目绩效目标表 (附表 12)
    assert all(t.page is None and t.pages == [] for t in doc.tables)


@pytest.mark.parametrize(("number", "title", "unit", "columns", "nrows"), GRIDS)
def test_grid_table_shape(doc: Document, number: str, title: str, unit: str, columns, nrows: int) -> None:
    t = table(doc, number, title)
    assert t.title == title
    assert t.unit == unit
    assert t.kind == "grid"
    assert len(t.rows) == nrows
    assert [r.index for r in t.rows] == list(range(1, nrows + 1))
    assert t.heading_path == ["第四部分 附表"]
    if columns is not None:
        assert t.columns == columns


def test_income_table_columns(doc: Document) -> None:
    t = table(doc, "附件 2")
    assert t.columns[4:] == [
        "单位（科目名称）",
        "合计",
        "一般公共预算/小计",
        "一般公共预算/其中：财政拨款",
        "政府性基金预算",
        "国有资本经营预算",
        "财政专户管理的非税收入",
        "其他各项收入",
        "上级转移支付",
    ]


def test_empty_tables_keep_columns_and_note(doc: Document) -> None:
    fund = table(doc, "附件 8")
    assert fund.note == "备注：本单位无政府性基金预算支出。"
    assert "项目支出/小计" in fund.columns and "基本支出/资本性支出" in fund.columns
    capital = table(doc, "附件 9")
    assert capital.note == "备注：本单位无国有资本经营预算支出。"
    assert table(doc, "附件 7").note.startswith("注：按照党中央、国务院有关规定")
    assert table(doc, "", "政府采购预算表").note.startswith("备注:按照政府采购法律法规的规定")


# (number, title part, row label, code digits, group, column, value)
CELLS = [
    ("附件 1", "收支总体", "一、一般公共预算", "", "收入", "收入/金额", "96534608"),
    ("附件 1", "收支总体", "1、财政拨款", "", "收入", "收入/金额", "96534608"),
    ("附件 1", "收支总体", "一、基本支出", "", "支出", "支出/金额", "6264308"),
    ("附件 1", "收支总体", "3、商品服务支出", "", "支出", "支出/金额", "946760"),
    ("附件 1", "收支总体", "二、项目支出", "", "支出", "支出/金额", "90270300"),
    ("附件 1", "收支总体", "本年支出合计", "", "支出", "支出/金额", "96534608"),
    ("附件 1", "收支总体", "2、专项收入", "", "收入", "收入/金额", None),
    ("附件 2", "收入总体", "合计", "", "", "合计", "96534608"),
    ("附件 2", "收入总体", "住房公积金", "2210201", "", "一般公共预算/其中：财政拨款", "801121"),
    ("附件 2", "收入总体", "干部教育", "2050802", "", "合计", "30000"),
    ("附件 2", "收入总体", "干部教育", "2050802", "", "政府性基金预算", None),
    (
        "附件 3",
        "支出总体",
        "行政运行（政府办公厅（室）及相关机构事务）",
        "2010301",
        "",
        "基本支出/工资福利支出",
        "3698643",
    ),
    (
        "附件 3",
        "支出总体",
        "行政运行（政府办公厅（室）及相关机构事务）",
        "2010301",
        "",
        "基本支出/商品服务支出",
        "916760",
    ),
    (
        "附件 3",
        "支出总体",
        "一般行政管理事务（政府办公厅（室）及相关机构事务）",
        "2010302",
        "",
        "项目支出/小计",
        "90270300",
    ),
    ("附件 3", "支出总体", "机关事业单位基本养老保险缴费支出", "2080505", "", "基本支出/小计", "534063"),
    ("附件 3", "支出总体", "郑州市大数据管理局机关", "", "", "合计", "96534608"),
    ("附件 4", "财政拨款", "1、社会事业和经济发展项目", "", "支出", "支出/金额", "90270300"),
    ("附件 4", "财政拨款", "本年收入合计", "", "收入", "收入/金额", "96534608"),
    ("附件 5-1", "一般公共预算支出", "行政单位医疗", "2101101", "", "基本支出/工资福利支出", "283721"),
    ("附件 5-1", "一般公共预算支出", "干部教育", "2050802", "", "基本支出/商品服务支出", "30000"),
    ("附件 5-2", "一般公共预算支出", "差旅费", "30211", "", "项目支出/小计", "250000"),
    ("附件 5-2", "一般公共预算支出", "差旅费", "30211", "", "基本支出/商品服务支出", "170000"),
    ("附件 5-2", "一般公共预算支出", "委托业务费", "30227", "", "合计", "892000"),
    (
        "附件 5-2",
        "一般公共预算支出",
        "其他资本性支出",
        "31099",
        "",
        "项目支出/社会事业和经济发展项目",
        "83706100",
    ),
    ("附件 5-2", "一般公共预算支出", "公务用车运行维护费", "30231", "", "基本支出/小计", "15000"),
    ("附件 6", "基本支出", "基本工资", "30101", "", "一般公共预算/小计", "1608216"),
    ("附件 6", "基本支出", "其他交通费用", "30239", "", "一般公共预算/其中：财政拨款", "264560"),
    ("附件 6", "基本支出", "租赁费", "30214", "", "一般公共预算/小计", "25000"),  # after the page break
    ("附件 6", "基本支出", "合计", "", "", "一般公共预算/小计", "6264308"),
    ("附件 7", "三公", "合计", "", "", "“三公”经费预算数", "15000"),
    ("附件 7", "三公", "其中：（1）公务用车运行维护费", "", "", "“三公”经费预算数", "15000"),
    ("附件 7", "三公", "1、因公出国（境）费用", "", "", "“三公”经费预算数", None),
    ("", "政府采购", "全市政务数据治理经费", "2010302", "", "金额", "4900000"),
    ("", "政府采购", "市政政务网络、云、机房及业务系统建设维护经费", "2010302", "", "金额", "71609100"),
    ("", "政府采购", "市政政务网络、云、机房及业务系统建设维护经费", "2010302", "", "采购数量", "4"),
    ("", "政府采购", "合计", "", "", "金额", "85283300"),
    ("", "政府采购", "合计", "", "", "采购数量", "20"),
]


@pytest.mark.parametrize(("number", "title", "label", "code", "group", "column", "expected"), CELLS)
def test_cell_values(doc: Document, number, title, label, code, group, column, expected) -> None:
    t = table(doc, number, title)
    got = value(t, column, label, code, group)
    assert got == (Decimal(expected) if expected is not None else None)


def test_cells_keep_raw_text_and_codes(doc: Document) -> None:
    t = table(doc, "附件 3")
    r = row(t, code="2010301")
    assert r.cell("合计").raw == "4,615,403" and r.cell("合计").unit == ""
    assert str(r.code) == "201 03 01" and r.code.scheme == ""
    assert r.label == "行政运行（政府办公厅（室）及相关机构事务）"
    econ = row(table(doc, "附件 5-2"), code="30211")
    assert [(str(c), c.scheme) for c in econ.codes] == [
        ("302 11", "部门预算经济分类"),
        ("502 01", "政府预算经济分类"),
    ]
    assert econ.texts == {"政府预算经济分类/科目名称": "办公经费_行政"}
    unit_row = row(t, "郑州市大数据管理局机关")
    assert unit_row.code.parts == ("113001",) and unit_row.code.scheme == "单位编码"


def test_purchase_rows_keep_text_columns(doc: Document) -> None:
    t = table(doc, "", "政府采购")
    desks = [r for r in t.rows if r.texts.get("规格") == "办公桌"]
    assert len(desks) == 1
    desk = desks[0]
    assert desk.label == "办公设备购置"
    assert desk.texts["计量单位"] == "张" and desk.texts["采购目录"] == "办公家具"
    assert desk.cell("金额").value == Decimal(1400) and desk.code.parts == ("201", "03", "01")


def test_repaired_rows(doc: Document) -> None:
    # 附件 5-1 prints "201 03 02" one blank cell short; 附件 3 prints the same row correctly
    bad = row(table(doc, "附件 5-1"), code="2010302")
    good = row(table(doc, "附件 3"), code="2010302")
    assert bad.note and "空单元格" in bad.note
    assert [(c.column, c.value) for c in bad.cells] == [(c.column, c.value) for c in good.cells]
    assert bad.cell("基本支出/资本性支出") is None
    assert bad.cell("项目支出/社会事业和经济发展项目").value == Decimal(90270300)
    # the 合计 row of 附件 5-2
    total = row(table(doc, "附件 5-2"), "合计")
    assert total.note and total.cell("基本支出/资本性支出") is None
    assert total.cell("项目支出/小计").value == Decimal(90270300)
    # every other row is as printed
    notes = [(t.number, r.label) for t in doc.tables for r in t.rows if r.note]
    assert notes == [("附件 5-1", "一般行政管理事务（政府办公厅（室）及相关机构事务）"), ("附件 5-2", "合计")]


PROJECTS = {
    "“一网通办”专网业务系统对接经费（2021年一次性经费）": "4984200",
    "大数据、电子政务工作管理经费": "1580000",
    "基础地理信息数据年度更新维护经费": "3770000",
    "全市政务数据治理经费": "4900000",
    "全市政务信息安全经费": "1450000",
    "市政务网络、云、机房及业务系统建设维护经费": "73586100",
}


def test_project_forms(doc: Document) -> None:
    forms = [t for t in doc.tables if t.kind == "form" and "项目绩效目标表" in t.title]
    assert {t.subject for t in forms} == set(PROJECTS)
    for t in forms:
        total = row(t, "项目总金额").cell("值")
        assert total.value == Decimal(PROJECTS[t.subject]) and total.unit == "元"
        assert t.display_title.endswith(f"「{t.subject}」")
        assert t.unit == ""
    governance = table(doc, title="项目绩效目标表", subject="全市政务数据治理经费")
    assert row(governance, "上年度项目总金额").cell("值").value == Decimal(5000000)
    assert row(governance, "项目负责人").texts == {"值": "樊帆"}
    assert row(governance, "联系人").texts == {"值": "魏红格"}
    assert row(governance, "联系电话").cells == []  # a phone number is not a figure
    shares = row(governance, "数据共享量（支撑应用系统）").cell("目标值")
    assert (shares.value, shares.unit, shares.raw) == (Decimal(20), "个", "≥20个")
    assert row(governance, "数据归集量").group == "效果目标/社会效益"


def test_form_indicators_with_units(doc: Document) -> None:
    online = table(doc, title="项目绩效目标表", subject="“一网通办”专网业务系统对接经费（2021年一次性经费）")
    r = row(online, "一件事和高频事项上线数量")
    assert r.group == "产出目标/数量"
    assert (r.cell("目标值").value, r.cell("目标值").unit) == (Decimal(300), "项")
    rate = row(online, "预算执行率").cell("目标值")
    assert (rate.value, rate.unit) == (Decimal(100), "%")
    assert row(online, "预算编制合理性").texts == {"目标值": "合理"}
    network = table(doc, title="项目绩效目标表", subject="市政务网络、云、机房及业务系统建设维护经费")
    cost = row(network, "市政务网络、云、机房及业务系统建设维护经费").cell("目标值")
    assert (cost.value, cost.unit) == (
        Decimal(122586100),
        "万元",
    )  # the printed data-entry error, kept as printed
    assert row(network, "故障和电话技术支持").texts == {"目标值": "7*24 小时"}


def test_html_tags_stripped_in_forms(doc: Document) -> None:
    security = table(doc, title="项目绩效目标表", subject="全市政务信息安全经费")
    assert row(security, "项目实施计划").texts["值"].startswith("一是依据安全检查项目要求")
    assert all("<p>" not in r.label and all("<p>" not in v for v in r.texts.values()) for r in security.rows)
    rate = row(security, "预算执行率")
    assert rate.group == "投入与目标管理/投入管理" and rate.cell("目标值").value == Decimal(100)


def test_overall_form(doc: Document) -> None:
    t = table(doc, title="整体绩效目标申报表")
    assert t.subject == DEPT and t.kind == "form"
    total = row(t, "部门预算总额（万元）").cell("值")
    assert (total.value, total.unit) == (Decimal("9653.46"), "万元")
    project = row(t, "（2）项目支出")
    assert project.group == "预算情况" and project.cell("值").unit == "万元"
    assert project.cell("值").value == Decimal("9027.03")
    task = row(t, "全市政务数据治理工作", group="年度主要任务")
    assert task.texts["主要内容"].startswith("一是补充完善政务数据服务查询平台功能")
    item = row(t, "“一网通办”便民利企高频事项")
    assert item.group == "产出指标/履职目标和主要任务完成情况"
    assert (item.cell("指标值").value, item.cell("指标值").unit) == (Decimal(300), "项")
    area = row(t, "郑州市绕城高速内0.1米分辨率航飞摄影面积").cell("指标值")
    assert (area.value, area.unit) == (Decimal(1200), "平方公里")
    assert row(t, "全市数字化建设水平").group == "效益指标/履职效益"


def test_heading_paths(doc: Document) -> None:
    def para(start: str):
        found = [p for p in doc.paragraphs if p.text.startswith(start)]
        assert len(found) == 1, start
        return found[0]

    assert para("5、全市政务数据治理项目490.00万元").heading_path == [
        "第二部分 2021年郑州市大数据管理局部门预算公开情况说明",
        "三、支出预算总体情况说明",
        "（三）主要项目",
    ]
    assert para("部门机关及归口预算管理单位人员共有编制54人").heading_path == [
        "第一部分 部门基本情况",
        "三、人员构成情况",
    ]
    assert para("2021 年“三公”经费预算 1.5 万元").heading_path[-1] == "（五）“三公”经费支出预算情况说明"
    assert para("2021 年，运行经费安排 94.68 万元").heading_path[-1] == "五、机关运行经费安排情况说明"
    assert para("七、机关运行经费：").heading_path == ["第三部分 名词解释"]
    assert [p.index for p in doc.paragraphs] == list(range(len(doc.paragraphs)))
    assert all(p.page is None for p in doc.paragraphs)


def test_toc_and_table_list_skipped(doc: Document) -> None:
    texts = [p.text for p in doc.paragraphs]
    assert not any(t.endswith("情况表") or t == "目 录" for t in texts)
    assert not any("部门收支总体情况表" in h for p in doc.paragraphs for h in p.heading_path)
    # the TOC's headings do not become paragraphs: the first paragraph is the first duty
    assert texts[0].startswith("（一）贯彻执行国家、省有关大数据工作的方针政策")


def test_paragraphs_rejoined_across_breaks(doc: Document) -> None:
    texts = [p.text for p in doc.paragraphs]
    income = [t for t in texts if "国有资产资源有偿使用收入0万元" in t]
    assert len(income) == 1 and income[0].startswith("2021 年收入预算 9653.46 万元")
    assert any("监测分析大数据产业发展运行态势" in t for t in texts)
    assert any("“事业收入”、“事业单位经营收入”" in t for t in texts)
    assert any("2021 年机关运行经费比 2020 年增加 50.96 万元" in t for t in texts)
    duty = next(t for t in texts if t.startswith("（一）贯彻执行"))
    assert duty.endswith("研究制订全市数据采集、存储、使用、开放、共享、交易等标准规范并组织实施。")
    # list items stay apart
    assert "4.大数据、电子政务工作管理项目 158 万元" in texts
    assert "3、大数据、电子政务工作管理项目289.00万元；" in texts


def test_bad_input_raises_parse_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        parse_text(empty)
    assert err.value.file == "empty.txt" and "空文件" in err.value.reason
    assert "empty.txt" in str(err.value)

    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ParseError) as err:
        parse_text(garbage)
    assert err.value.file == "garbage.txt" and "二进制" in err.value.reason

    novel = tmp_path / "novel.txt"
    novel.write_text("第一章\n\n从前有座山，山里有座庙。\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        parse_text(novel)
    assert err.value.file == "novel.txt" and "不像预算公开文件" in err.value.reason

    with pytest.raises(ParseError) as err:
        parse_text(tmp_path / "missing.txt")
    assert err.value.file == "missing.txt"
