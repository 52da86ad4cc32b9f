"""Metadata read from the document itself, on real disclosures from around China (tests/corpus/wild).

Each file is one the product had never seen: a cover that is an image, a PDF of tables only, a 部门决算
dated in Chinese numerals, a government-wide execution table, a 单位预算.  What each one prints is
checked against the page; nothing in the code names any of them.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from index.facts import SCHEMA, FactStore, make_facts
from index.meta import MetaLine, detect_metadata, is_body_name
from index.model import Document, Table
from index.parse import parse_document
from index.parse_report import parse_report, table_verifies

WILD = Path(__file__).parent / "corpus" / "wild"
# guangdong_guangzhou_petition_bureau_2026_budget.pdf with its cover page replaced by a picture of
# itself and a printed page number "- 1 -" (pages 2–25 unchanged): the cover title is an image.
COVER_IMAGE = WILD / "guangzhou_petition_2026_budget_cover_image.pdf"
TABLES_ONLY = WILD / "beijing_audit_bureau_2026_budget_tables.pdf"
FINAL_ACCOUNTS = WILD / "central_national_public_complaints_admin_2024_final_accounts.pdf"
GOVERNMENT_TABLE = WILD / "hubei_wuhan_2025_general_budget_revenue_execution_table.pdf"
UNIT_BUDGET = WILD / "shanghai_drug_rehabilitation_center_2026_unit_budget.pdf"


@pytest.fixture(scope="module")
def parsed() -> dict[str, Document]:
    return {}


def doc_of(parsed: dict[str, Document], path: Path) -> Document:
    if path.name not in parsed:
        parsed[path.name] = parse_document(path)
    return parsed[path.name]


def table(doc: Document, title: str) -> Table:
    return next(t for t in doc.tables if t.title == title)


def row(t: Table, label: str, group: str | None = None):
    return next(r for r in t.rows if r.label == label and (group is None or r.group == group))


def test_cover_image_pdf_gets_department_from_later_pages(parsed) -> None:
    doc = doc_of(parsed, COVER_IMAGE)
    # page 1 prints only "- 1 -" over the picture: never a department "1"
    assert doc.department == "广州市信访局"
    assert (doc.year, doc.kind, doc.region, doc.meta_source) == (2026, "部门预算", "广州市", "document")
    assert doc.title == "2026年广州市信访局部门预算"  # named from what the later pages print
    assert "1" not in doc.department and is_body_name(doc.department)


def test_tables_only_pdf_department_from_a_table_field(parsed) -> None:
    doc = doc_of(parsed, TABLES_ONLY)
    # no title page; every page is a table; 部门名称 | 北京市审计局 is a cell pair of 预算13表
    assert (doc.department, doc.year, doc.kind, doc.region, doc.level) == (
        "北京市审计局",
        2026,
        "部门预算",
        "北京市",
        "省级",
    )
    first = doc.tables[0]
    assert (first.number, first.title, first.unit) == ("预算01表", "收支总表", "万元")  # not "金额"
    # 万元 with six decimals, exact
    cell = row(first, "一、一般公共预算拨款收入").cell("收入/预算数")
    assert cell.raw == "32,365.090089" and cell.value == Decimal("32365.090089")
    fact = next(f for f in make_facts(doc) if f.printed == "32,365.090089")
    assert fact.value == Decimal("323650900.890000") and fact.unit == "元"


def test_final_accounts_year_kind_and_columns(parsed) -> None:
    doc = doc_of(parsed, FINAL_ACCOUNTS)
    # cover: 国家信访局 / 2024年度部门决算 / 二〇二五年七月 (the date is not the budget year)
    assert (doc.department, doc.year, doc.kind, doc.level) == ("国家信访局", 2024, "部门决算", "中央")
    total = table(doc, "收入支出决算总表")
    assert total.number == "公开01表" and total.unit == "万元"
    assert "栏次" not in [r.label for r in total.rows]  # column numbers are not figures
    start = row(total, "年初结转和结余", "收入")
    assert start.cell("收入/金额").raw == "1,615.24" and start.texts == {"收入/行次": "29"}  # 行次: text
    assert row(total, "年末结转和结余", "支出").cell("支出/金额").raw == "7,494.06"
    assert table_verifies(total)  # 收入 总计 = 支出 总计 (22,066.59), though 本年收入合计 ≠ 本年支出合计
    fund = table(doc, "政府性基金预算财政拨款收入支出决算表")
    assert fund.columns[2:] == [
        "年初结转和结余",
        "本年收入",
        "本年支出/小计",
        "本年支出/基本支出",
        "本年支出/项目支出",
        "年末结转和结余",
    ]
    three = table(doc, "一般公共预算财政拨款“三公”经费支出决算表")
    assert {"预算数/合计", "决算数/合计", "决算数/公务接待费"} <= set(three.columns)
    assert all(not r.label.startswith("栏次") for t in doc.tables for r in t.rows)


def test_government_table_percent_columns_and_region(parsed) -> None:
    doc = doc_of(parsed, GOVERNMENT_TABLE)
    assert (doc.kind, doc.region, doc.year, doc.level) == ("政府预算", "武汉市", 2025, "地市级")
    assert doc.department == "武汉市"  # no body is printed: the region's own books
    t = doc.tables[0]
    assert (t.number, t.title, t.unit) == ("表一", "武汉市2025年全市一般公共预算收入执行情况表", "万元")
    assert t.year == 2025
    r = row(t, "一般公共预算收入")
    assert r.cell("执行数").value == Decimal("17430593") and r.cell("执行数").unit == ""
    rate = r.cell("执行数为调整预算数%")
    assert (rate.value, rate.unit) == (Decimal("99.6"), "%")  # the header's %, not 99.6万元
    facts = [f for f in make_facts(doc) if f.row_label == "一般公共预算收入"]
    by_col = {f.column: f for f in facts}
    assert by_col["执行数比上年+,-%"].measure == "percent" and by_col["执行数比上年+,-%"].value == Decimal(
        "4.5"
    )
    assert by_col["执行数"].value == Decimal("174305930000") and by_col["执行数"].unit == "元"


def test_unit_budget_from_label_line(parsed) -> None:
    doc = doc_of(parsed, UNIT_BUDGET)
    # title "上海市2026年市级单位预算" names no body; "预算单位：上海市戒毒康复中心" does
    assert (doc.department, doc.year, doc.kind, doc.region) == (
        "上海市戒毒康复中心",
        2026,
        "单位预算",
        "上海市",
    )
    assert {t.unit for t in doc.tables if t.kind == "grid"} >= {"元"}
    report = parse_report(doc)
    assert report.tables_checkable > 0 and report.tables_verified == report.tables_checkable
    assert report.pages == 20 and report.facts == len(make_facts(doc)) and report.ocr_pages == 0


def test_government_report_keeps_both_years() -> None:
    # the first lines of henan_kaifeng_2019_budget_execution_and_2020_draft_report.pdf, as printed (pt sizes)
    lines = [
        MetaLine("开封市十五届人大", 1, 14.0),
        MetaLine("三次会议文件十三", 1, 14.0),
        MetaLine("关于开封市2019年预算执行情况和", 1, 22.0),
        MetaLine("2020年预算草案的报告", 1, 22.0),
        MetaLine("——2020年1月16日在开封市第十五届人民代表大会第三次会议上", 1, 15.0),
        MetaLine("开封市财政局局长孙国才", 1, 15.0),
        MetaLine("各位代表：", 1, 16.0),
    ]
    m = detect_metadata(lines)
    assert m.title == "关于开封市2019年预算执行情况和2020年预算草案的报告"
    assert (m.kind, m.years, m.year, m.region, m.department) == (
        "政府预算",
        [2019, 2020],
        2019,
        "开封市",
        "开封市财政局",
    )


def test_tables_only_lines_never_give_a_table_title_as_department() -> None:
    # page 7 of the 国家信访局 决算: the table number and the 部门： line, nothing else
    m = detect_metadata(
        [
            MetaLine("收入支出决算总表", 7, 14.0),
            MetaLine("公开01表", 7, 10.0),
            MetaLine("部门：国家信访局金额单位：万元", 7, 9.9),
        ]
    )
    assert m.department == "国家信访局"
    assert not is_body_name("公开01表") and not is_body_name("1") and not is_body_name("- 1 -")


def test_chinese_numeral_year_and_page_numbers() -> None:
    m = detect_metadata(["- 1 -", "二〇二五年度", "福州市仓山生态环境局单位预算"])
    assert (m.year, m.department, m.kind) == (2025, "福州市仓山生态环境局", "单位预算")


def test_old_store_gets_report_column(tmp_path: Path) -> None:
    db = tmp_path / "facts.sqlite"
    conn = sqlite3.connect(db)
    old = SCHEMA.replace("ingested_at TEXT,\n    meta_source TEXT, report TEXT", "ingested_at TEXT")
    assert old != SCHEMA
    conn.executescript(old)
    conn.execute(
        "INSERT INTO documents VALUES ('d1','s','f.pdf','t','r','部门',2021,'预算',3,1,1,1,'2021-01-01')"
    )
    conn.commit()
    conn.close()
    store = FactStore(db)
    [info] = store.documents()
    assert info.department == "部门" and info.report is None  # kept, and readable by a reader
    store.upgrade()  # what the writer does when it takes the store's write lock
    assert {"report", "meta_source"} <= {r[1] for r in store.conn.execute("PRAGMA table_info(documents)")}
    [info] = store.documents()
    assert info.department == "部门" and info.report is None


def test_file_name_only_when_the_document_names_nothing() -> None:
    def doc(department: str, year: int | None) -> Document:
        return Document(title="", file="", sha256="0" * 64, department=department, year=year, kind="部门预算")

    d = doc("公开01表", None)  # a table title is not a department
    from index.meta import complete_metadata

    complete_metadata(d, "2021年郑州市大数据管理局部门预算.pdf")
    assert (d.department, d.year, d.region, d.meta_source) == (
        "郑州市大数据管理局",
        2021,
        "郑州市",
        "file name",
    )
    d = doc("1", None)  # "- 1 -" read as a title: never a department
    complete_metadata(d, "1.pdf")
    assert d.department == "" and d.year is None
    d = doc("广州市信访局", 2026)  # the document speaks: the file name is not read
    complete_metadata(d, "2019年佛山市交通运输局部门预算.pdf")
    assert (d.department, d.year, d.meta_source) == ("广州市信访局", 2026, "document")


# --------------------------------------------------------------------------- non-PDF formats: the same reading

DOCX_REPORT = WILD / "hebei_chengde_2025_budget_execution_and_2026_draft_report.docx"
XLSX_BOOK = WILD / "yunnan_lijiang_2025_execution_and_2026_budget_draft_tables.xlsx"
XLSX_TABLE = WILD / "xinjiang_region_2019_government_debt_final_table.xlsx"
HTML_BUDGET = WILD / "shandong_yantai_veterans_affairs_bureau_2026_budget.html"


def test_docx_government_report_signed_by_finance_body(parsed) -> None:
    # title centred over the first paragraph; signed "——…在承德市第十五届人民代表大会第七次会议上承德市财政局局长…"
    d = doc_of(parsed, DOCX_REPORT)
    assert d.title.startswith("关于承德市2025年市本级预算和市总预算执行情况与2026年")
    assert (d.department, d.region, d.level, d.kind, d.year, d.years, d.meta_source) == (
        "承德市财政局",
        "承德市",
        "地市级",
        "政府预算",
        2025,
        [2025, 2026],
        "document",
    )


def test_xlsx_cover_stamp_is_not_the_title_and_compiler_is_the_department(parsed) -> None:
    # cover sheet: 「会议资料妥善保存」 stamp, 「丽      江      市」, the title, 「丽江市财政局编制」
    d = doc_of(parsed, XLSX_BOOK)
    assert d.title == "丽江市2025年地方财政预算执行情况和2026年地方财政预算(草案)"
    assert "妥善保存" not in d.title
    assert (d.department, d.region, d.kind, d.years, d.meta_source) == (
        "丽江市财政局",
        "丽江市",
        "政府预算",
        [2025, 2026],
        "document",
    )


def test_xlsx_single_table_names_only_its_region(parsed, tmp_path: Path) -> None:
    # one sheet, one table titled 「新疆维吾尔自治区2019年地方政府债务限额及余额决算情况表」: no body printed
    d = doc_of(parsed, XLSX_TABLE)
    assert d.department != d.title and "表" not in d.department
    assert (d.department, d.region, d.level, d.kind, d.year, d.meta_source) == (
        "新疆维吾尔自治区",
        "新疆维吾尔自治区",
        "省级",
        "政府决算",
        2019,
        "region",
    )
    renamed = tmp_path / "1.xlsx"  # the file name never speaks when the document does
    renamed.write_bytes(XLSX_TABLE.read_bytes())
    r = parse_document(renamed)
    assert (r.department, r.year, r.meta_source) == (d.department, d.year, "region")


def test_html_department_budget(parsed) -> None:
    d = doc_of(parsed, HTML_BUDGET)
    assert (d.department, d.region, d.level, d.kind, d.year, d.years, d.meta_source) == (
        "烟台市退役军人事务局",
        "烟台市",
        "地市级",
        "部门预算",
        2026,
        [2026],
        "document",
    )


def test_stamps_and_compiler_lines() -> None:
    from index.meta import is_stamp

    assert is_stamp("会议资料妥善保存") and is_stamp("秘密★1年") and is_stamp("密")
    assert not is_stamp("2025年地方财政预算执行情况") and not is_stamp("丽江市")
    m = detect_metadata(
        ["秘密", "会后收回", "某某市", "2024年预算执行情况和2025年预算草案", "某某市财政局编制"]
    )
    assert (m.title, m.department, m.years, m.kind) == (
        "某某市2024年预算执行情况和2025年预算草案",
        "某某市财政局",
        [2024, 2025],
        "政府预算",
    )


@pytest.mark.parametrize(
    ("name", "department", "region"),
    [
        # a district body named after its city, the district's short name after the city
        (
            "fujian_fuzhou_cangshan_ecology_environment_bureau_2026_unit_budget.pdf",
            "福州市仓山生态环境局",
            "福州市仓山区",
        ),
        # a city bureau's district branch: the district named after the bureau's own name
        (
            "guangdong_shenzhen_planning_resources_yantian_bureau_2026_budget.pdf",
            "深圳市规划和自然资源局盐田管理局",
            "深圳市盐田区",
        ),
    ],
)
def test_district_body_of_a_city_is_district_level(name: str, department: str, region: str) -> None:
    import pdfplumber

    with pdfplumber.open(WILD / name) as pdf:
        lines = [
            MetaLine(text, number)
            for number, page in enumerate(pdf.pages[:3], start=1)
            for text in (page.extract_text() or "").splitlines()
        ]
    meta = detect_metadata(lines)
    assert (meta.department, meta.region, meta.level) == (department, region, "区县级")


@pytest.mark.parametrize(
    ("title", "region", "level"),
    [
        ("长沙市公安局2025年部门预算", "长沙市", "地市级"),  # 公安县 is a county of 荆州, not a word here
        ("2026年广州市信访局部门预算", "广州市", "地市级"),
        ("2021年中共西安市委宣传部部门预算", "西安市", "地市级"),
        ("上海市普陀区财政局2025年部门预算", "上海市普陀区", "区县级"),
        ("2026年北京市审计局部门预算", "北京市", "省级"),
    ],
)
def test_city_bodies_keep_their_level(title: str, region: str, level: str) -> None:
    meta = detect_metadata([title])
    assert (meta.region, meta.level) == (region, level)
