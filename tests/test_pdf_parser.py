"""The PDF parser on the two real PDFs of the corpus (each parsed once per session)."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from index.model import Document, ParseError, Row, Table
from index.pdf_parser import collapse_spacing, parse_pdf

CORPUS = Path(__file__).parent / "corpus"
JIANGSU = CORPUS / "jiangsu_high_court_2017_budget.pdf"
PUTUO = CORPUS / "shanghai_putuo_finance_bureau_2025_budget.pdf"


def _timed(path: Path) -> tuple[Document, float]:
    start = time.perf_counter()
    doc = parse_pdf(path)
    return doc, time.perf_counter() - start


@pytest.fixture(scope="module")
def jiangsu() -> tuple[Document, float]:
    return _timed(JIANGSU)


@pytest.fixture(scope="module")
def putuo() -> tuple[Document, float]:
    return _timed(PUTUO)


def table(doc: Document, title_part: str) -> Table:
    found = [t for t in doc.tables if title_part in t.title]
    assert len(found) == 1, [t.title for t in doc.tables]
    return found[0]


def row(t: Table, label: str, code: str | None = None) -> Row:
    found = [r for r in t.rows if r.label == label and (code is None or (r.code and r.code.digits == code))]
    assert len(found) == 1, (label, code, [(r.label, str(r.code)) for r in t.rows])
    return found[0]


def check(t: Table, label: str, column: str, raw: str, page: int, code: str | None = None) -> None:
    r = row(t, label, code)
    cell = r.cell(column)
    assert cell is not None, (label, column, [c.column for c in r.cells])
    assert cell.raw == raw
    assert cell.value == Decimal(raw.replace(",", ""))
    assert r.page == page


# --------------------------------------------------------------------------- Jiangsu (万元)

JIANGSU_TABLES = [
    ("一", "2017年度江苏省高级人民法院部门收支预算总表", [11, 12]),
    ("二", "2017年度江苏省高级人民法院部门收入预算总表", [12, 13]),
    ("三", "2017年度江苏省高级人民法院部门支出预算总表", [13]),
    ("四", "2017年度江苏省高级人民法院部门财政拨款收支预算总表", [13]),
    ("五", "2017年度江苏省高级人民法院部门财政拨款支出预算表", [13, 14]),
    ("六", "2017年度江苏省高级人民法院部门财政拨款基本支出预算表", [14]),
    ("七", "2017年度江苏省高级人民法院部门政府性基金支出预算表", [15]),
    ("八", "2017年度江苏省高级人民法院部门一般公共预算支出预算表", [15]),
    ("九", "2017年度江苏省高级人民法院部门一般公共预算基本支出预算表", [15, 16]),
    ("十", "2017年度江苏省高级人民法院部门一般公共预算机关运行经费支出预算表", [16, 17]),
    ("十一", "2017年江苏省高级人民法院部门一般公共预算“三公”经费、会议费、培训费支出预算表", [17]),
    ("十二", "2017年江苏省高级人民法院部门政府采购预算表", [17, 18]),
]


def test_jiangsu_table_list(jiangsu):
    doc, _ = jiangsu
    assert [(t.number, t.title, t.pages) for t in doc.tables] == JIANGSU_TABLES
    assert {t.unit for t in doc.tables} == {"万元"}
    assert all(t.page == t.pages[0] for t in doc.tables)
    assert doc.tables[0].heading_path == ["第二部分江苏省高级人民法院2017年度部门预算表"]


def test_jiangsu_metadata(jiangsu):
    doc, _ = jiangsu
    assert doc.title == "2017年度江苏省高级人民法院部门预算公开"  # letter spacing collapsed
    assert (doc.department, doc.region, doc.year, doc.kind) == (
        "江苏省高级人民法院",
        "江苏省",
        2017,
        "部门预算",
    )
    assert doc.pages == 27
    assert doc.file == JIANGSU.name and len(doc.sha256) == 64


def test_jiangsu_function_class_table_continues_on_next_page(jiangsu):
    t = table(jiangsu[0], "部门财政拨款支出预算表")
    assert t.columns == ["功能科目代码", "功能科目名称", "金额"]
    check(t, "合计", "金额", "28,849.38", 13)
    check(t, "行政运行", "金额", "11,786.92", 13, "2040501")
    assert row(t, "行政运行").code.parts == ("204", "05", "01")
    check(t, "未归口管理的行政单位离退休", "金额", "2,347.13", 13, "2080504")
    # the page break: a row with no top border, then the last row, on page 14
    check(t, "住房公积金", "金额", "1,029.15", 14, "2210201")
    check(t, "提租补贴", "金额", "1,959.99", 14, "2210202")
    assert len(t.rows) == 16


def test_jiangsu_basic_expenditure_sparse_grid(jiangsu):
    t = table(jiangsu[0], "部门财政拨款基本支出预算表")
    # a parent row's value sits in another grid slot than its children's: same column here
    check(t, "工资福利支出", "金额", "7,687.65", 14, "301")
    check(t, "基本工资", "金额", "2,509.00", 14, "30101")
    assert row(t, "基本工资").code.parts == ("301", "01")
    check(t, "提租补贴", "金额", "1,959.99", 14, "30312")
    check(t, "对个人和家庭的补助", "金额", "5,907.17", 14, "303")
    assert len(t.rows) == 33


def test_jiangsu_tables_continued_without_header(jiangsu):
    doc, _ = jiangsu
    t = table(doc, "一般公共预算基本支出预算表")
    check(t, "水费", "金额", "43.60", 15, "30205")
    check(t, "电费", "金额", "235.00", 16, "30206")  # first row on the new page, no top border
    check(t, "提租补贴", "金额", "1,959.99", 16, "30312")
    assert len(t.rows) == 33
    t = table(doc, "机关运行经费支出预算表")
    assert t.columns == ["科目编码", "科目名称", "机关运行经费支出"]
    check(t, "合计", "机关运行经费支出", "9,193.40", 16)
    check(t, "福利费", "机关运行经费支出", "110.00", 17, "30229")
    check(t, "办公设备购置", "机关运行经费支出", "143.40", 17, "31002")
    assert sum(c.value for r in t.rows if r.code and len(r.code.digits) == 5 for c in r.cells) == Decimal(
        "9193.40"
    )


def test_jiangsu_three_public_table_keeps_paths_faithful(jiangsu):
    t = table(jiangsu[0], "“三公”经费、会议费、培训费")
    car = "“三公”经费/公务用车购置及运行维护费"
    assert t.columns == [
        "合计",
        "“三公”经费/小计",
        "“三公”经费/因公出国（境）费",
        f"{car}/小计",
        f"{car}/公务用车购置费",
        f"{car}/公务用车运行维护费",
        "“三公”经费/公务接待费",
        "会议费",
        "培训费",
    ]
    (r,) = t.rows
    values = {c.column: c.raw for c in r.cells}
    assert values == {
        "合计": "2,599.37",  # 三公 + 会议费 + 培训费
        "“三公”经费/小计": "670.12",
        "“三公”经费/因公出国（境）费": "180.00",
        f"{car}/小计": "304.40",
        f"{car}/公务用车运行维护费": "304.40",
        "“三公”经费/公务接待费": "185.72",
        "会议费": "228.00",
        "培训费": "1,701.25",
    }
    assert r.page == 17


def test_jiangsu_summary_tables(jiangsu):
    doc, _ = jiangsu
    t = table(doc, "部门支出预算总表")
    assert [c.raw for c in t.rows[0].cells] == ["28,849.38", "17,123.19", "11,543.27", "182.92"]
    assert t.rows[0].cell("基本支出").raw == "17,123.19"
    t = table(doc, "部门收入预算总表")
    check(t, "公共财政拨款(补助)资金", "金额", "28,849.38", 12)
    assert [r.label for r in t.rows if r.page == 13][:2] == ["事业收入", "经营收入"]
    t = table(doc, "部门收支预算总表")
    assert "支出/功能分类/金额" in t.columns and "支出/支出用途/金额" in t.columns
    label = "九、医疗卫生与计划生育支出"  # a label wrapped inside its cell
    assert any(label in (r.label, *r.texts.values()) for r in t.rows)
    check(t, "八、社会保障和就业支出", "支出/功能分类/金额", "2,347.13", 12)
    check(t, "十八、住房保障支出", "支出/功能分类/金额", "2,989.14", 12)
    check(t, "一、财政拨款", "收入/金额", "28,849.38", 11)
    check(t, "一、基本支出", "支出/支出用途/金额", "17,123.19", 11)
    # a label merged over both 支出 halves sits next to its value
    check(t, "当年支出小计", "支出/支出用途/金额", "28,849.38", 12)
    t = table(doc, "财政拨款收支预算总表")
    check(t, "一、基本支出", "支出/支出用途/金额", "17,123.19", 13)
    check(t, "一、一般公共预算", "收入/金额", "28,849.38", 13)
    assert row(t, "一、基本支出").group.startswith("支出")
    t = table(doc, "政府性基金支出预算表")
    assert [r.label for r in t.rows] == ["合计"] and not t.rows[0].cells  # an empty published table


def test_jiangsu_procurement_amounts(jiangsu):
    t = table(jiangsu[0], "政府采购预算表")
    assert t.columns[-1] == "总计"
    amounts = [c.value for r in t.rows for c in r.cells if c.column == "总计"]
    assert len(amounts) == 53 and amounts[0] == Decimal("3742.40")
    texts = {r.label for r in t.rows} | {v for r in t.rows for v in r.texts.values()}
    # labels wrapped inside a cell, and one split by the page break, are whole again
    assert {"江苏法院云平台租赁费", "信息网络及软件购置更新", "计算机设备维修和保养服务"} <= texts
    check(t, "租赁服务（不带操作员）", "总计", "1,000.00", 18)
    check(t, "软件开发服务", "总计", "606.00", 18)
    leaves = [r for r in t.rows if r.texts.get("采购组织形式")]
    assert sum(c.value for r in leaves for c in r.cells) == Decimal("3742.40")


def test_jiangsu_paragraphs(jiangsu):
    doc, _ = jiangsu
    paras = {p.text: p for p in doc.paragraphs}
    first = "江苏省高级人民法院是国家审判机关，依法独立行使审判权，对省人民代表大会及其常务委员会负责并报告工作。其主要职责是："
    assert paras[first].page == 2
    assert paras[first].heading_path == ["第一部分部门概况", "一、主要职能"]
    # broken across a page: starts on page 2, ends on page 3
    p13 = next(p for p in doc.paragraphs if p.text.startswith("13、对省高级人民法院的法官"))
    assert p13.text.endswith("协助省主管部门管理全省各级人民法院的机构、编制工作。") and p13.page == 2
    p = next(p for p in doc.paragraphs if "法院（款）案件审判（项）支出1733.3万元" in p.text)
    assert p.heading_path[-2:] == ["五、财政拨款支出预算表情况说明", "（一）公共安全（类）"]
    assert p.page == 22
    heads = {h for p in doc.paragraphs for h in p.heading_path}
    assert "十一、一般公共预算“三公”经费、会议费、培训费支出预算表情况说明" in heads  # wrapped heading
    assert "第三部分江苏省高级人民法院2017年度部门预算情况说明" in heads
    texts = [p.text for p in doc.paragraphs]
    assert not any("预留机动经费," in t or "支出预算图" in t for t in texts)  # pie-chart labels
    assert not any(t.startswith("一、收支预算总表") and len(t) < 12 for t in texts)  # 目录 dropped
    assert [p.index for p in doc.paragraphs] == list(range(len(doc.paragraphs)))


# --------------------------------------------------------------------------- Putuo (元)

PUTUO_TABLES = [
    ("2025年部门财务收支预算总表", "元", [9]),
    ("2025年部门收入预算总表", "元", [10, 11]),
    ("2025年部门支出预算总表", "元", [12, 13]),
    ("2025年部门财政拨款收支预算总表", "元", [14]),
    ("2025年部门一般公共预算支出功能分类预算表", "元", [15, 16]),
    ("2025年部门政府性基金预算支出功能分类预算表", "元", [17]),
    ("2025年部门国有资本经营预算支出功能分类预算表", "元", [18]),
    ("2025年部门一般公共预算基本支出部门预算经济分类预算表", "元", [19, 20]),
    ("2025年部门“三公”经费和机关运行经费预算表", "万元", [21]),
]


def test_putuo_table_list(putuo):
    doc, _ = putuo
    assert [(t.title, t.unit, t.pages) for t in doc.tables] == PUTUO_TABLES
    assert table(doc, "政府性基金预算支出").note.startswith("注:本部门2025年无政府性基金预算")


def test_putuo_metadata(putuo):
    doc, _ = putuo
    assert doc.title == "上海市普陀区2025年区级部门预算"
    assert (doc.department, doc.region, doc.year, doc.kind) == (
        "上海市普陀区财政局",
        "上海市普陀区",
        2025,
        "部门预算",
    )
    assert doc.pages == 24


def test_putuo_income_table_repeated_header_merged(putuo):
    t = table(putuo[0], "2025年部门收入预算总表")
    assert t.columns[:5] == [
        "功能分类科目编码/类",
        "功能分类科目编码/款",
        "功能分类科目编码/项",
        "功能分类科目名称",
        "收入预算/合计",
    ]
    assert "收入预算/事业单位经营收入" in t.columns
    check(t, "机关事业单位职业年金缴费支出", "收入预算/合计", "873,617.00", 10, "2080506")
    check(t, "机关事业单位职业年金缴费支出", "收入预算/财政拨款收入", "873,617.00", 10)
    assert row(t, "机关事业单位职业年金缴费支出").code.parts == ("208", "05", "06")
    check(t, "财政委托业务支出", "收入预算/合计", "4,188,000.00", 10, "2010608")
    check(t, "购房补贴", "收入预算/合计", "2,687,760.00", 11, "2210203")
    check(t, "合计", "收入预算/合计", "31,214,205.80", 11)  # merged over 类/款/项/名称
    assert len(t.rows) == 20 and not any(r.label == "功能分类科目名称" for r in t.rows)


def test_putuo_expenditure_tables(putuo):
    doc, _ = putuo
    t = table(doc, "2025年部门支出预算总表")
    check(t, "行政运行", "支出预算/基本支出", "16,093,326.00", 12, "2010601")
    check(t, "行政运行", "支出预算/项目支出", "138,514.80", 12, "2010601")
    check(t, "机关事业单位基本养老保险缴费支出", "支出预算/基本支出", "1,748,327.00", 12)
    check(t, "合计", "支出预算/基本支出", "25,121,091.00", 13)
    t = table(doc, "一般公共预算支出功能分类预算表")
    check(t, "行政单位医疗", "一般公共预算支出/合计", "782,164.00", 16, "2101101")
    check(t, "住房公积金", "一般公共预算支出/基本支出", "2,049,197.00", 16, "2210201")
    t = table(doc, "基本支出部门预算经济分类预算表")
    check(t, "职业年金缴费", "一般公共预算基本支出/人员经费", "873,617.00", 19, "30109")
    assert row(t, "职业年金缴费").code.scheme == "部门预算经济分类"
    check(t, "基本工资", "一般公共预算基本支出/合计", "2,642,448.00", 19, "30101")
    check(t, "差旅费", "一般公共预算基本支出/公用经费", "20,000.00", 20, "30211")
    check(t, "办公设备购置", "一般公共预算基本支出/合计", "90,000.00", 20, "31002")
    check(t, "合计", "一般公共预算基本支出/人员经费", "22,826,756.00", 20)


def test_putuo_side_by_side_tables(putuo):
    doc, _ = putuo
    t = table(doc, "财务收支预算总表")
    check(t, "一、财政拨款收入", "本年收入/预算数", "31,214,205.80", 9)
    check(t, "四、住房保障支出", "本年支出/预算数", "4,736,957.00", 9)
    assert row(t, "四、住房保障支出").group == "本年支出"
    t = table(doc, "财政拨款收支预算总表")
    check(t, "一、一般公共服务支出", "财政拨款支出/一般公共预算", "22,186,440.80", 14)
    check(t, "一、一般公共预算资金", "财政拨款收入/预算数", "31,214,205.80", 14)
    assert row(t, "一、一般公共服务支出").group == "财政拨款支出"


def test_putuo_three_public_table_in_wan(putuo):
    t = table(putuo[0], "“三公”经费和机关运行经费预算表")
    assert t.unit == "万元"
    assert "“三公”经费预算数/公务用车购置及运行费/购置费" in t.columns
    (r,) = t.rows
    assert {c.column: c.raw for c in r.cells} == {
        "“三公”经费预算数/合计": "0.95",
        "“三公”经费预算数/公务接待费": "0.95",
        "机关运行经费预算数": "229.43",
    }
    assert r.page == 21


def test_putuo_paragraphs(putuo):
    doc, _ = putuo
    pension = [
        p
        for p in doc.paragraphs
        if "机关事业单位职业年金缴费支出（项）”887.36万元，主要用于缴纳职业年金支出。" in p.text
    ]
    assert pension and {p.page for p in pension} <= {7, 8}
    assert all(p.text.startswith("7.“社会保障和就业支出（类）") for p in pension)
    assert pension[0].heading_path == ["2025年部门预算编制说明"]
    spaced = next(p for p in doc.paragraphs if "绩效目标的项目共4个" in p.text)
    assert "财政业务费10.00万元，信息化系统日常维护费166.66万元，援滇干部工作经费3.00万元。" in spaced.text
    assert spaced.heading_path == ["其他相关情况说明", "四、绩效目标设置情况"] and spaced.page == 22
    car = next(p for p in doc.paragraphs if p.text.startswith("（二）公务车购置及运行费0万元"))
    assert car.text.endswith("主要原因是本部门无公务用车。")  # re-joined after a line break
    assert not any("……" in p.text for p in doc.paragraphs)  # 目录 dropped


# --------------------------------------------------------------------------- general


def test_collapse_spacing():
    assert collapse_spacing("江 苏 省 人 民 法 院") == "江苏省人民法院"
    assert collapse_spacing("财 政 业 务 费 10.00 万 元 ，") == "财政业务费10.00万元，"
    assert collapse_spacing("2017 年度部门预算") == "2017年度部门预算"
    assert collapse_spacing("PC 服务器 Model X") == "PC 服务器 Model X"


_BLANK_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("renamed.pdf", "2025年部门预算 单位：元\n".encode(), "无法读取的 PDF"),
        ("empty.pdf", b"", "空文件"),
        ("truncated.pdf", PUTUO.read_bytes()[:4000], "无法读取的 PDF"),
        ("scanned.pdf", _BLANK_PDF, "没有文字层"),
    ],
)
def test_bad_input(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ParseError) as err:
        parse_pdf(path)
    assert err.value.file == name
    assert reason in err.value.reason
    assert str(err.value).startswith(f"{name}: ")
