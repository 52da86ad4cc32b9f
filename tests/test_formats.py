"""HTML, DOCX, DOC, XLSX and XLS disclosures parsed into the one document model.

Every expected cell below was read off the documents themselves (the printed sheet, the Word
table, the page of the converted PDF), not off the parser's output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from index.docx_parser import parse_docx
from index.facts import make_facts
from index.html_parser import parse_html
from index.model import Document, ParseError, Table
from index.parse import parse_document
from index.spreadsheet import render_number
from index.xls_parser import parse_xls
from index.xlsx_parser import parse_xlsx

CORPUS = Path(__file__).parent / "corpus"
WILD = CORPUS / "wild"
FORMATS = CORPUS / "formats"
YANTAI_HTML = WILD / "shandong_yantai_veterans_affairs_bureau_2026_budget.html"
CHENGDE_DOCX = WILD / "hebei_chengde_2025_budget_execution_and_2026_draft_report.docx"
CHENGDE_DOC = FORMATS / "hebei_chengde_2025_budget_execution_and_2026_draft_report.doc"
CHENGDE_PORTAL = FORMATS / "hebei_chengde_2025_budget_report_portal_page.html"
XINJIANG_XLSX = WILD / "xinjiang_region_2019_government_debt_final_table.xlsx"
XINJIANG_XLS = FORMATS / "xinjiang_region_2019_government_debt_final_table.xls"
LIJIANG_XLSX = WILD / "yunnan_lijiang_2025_execution_and_2026_budget_draft_tables.xlsx"

needs_libreoffice = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui",
)


def table(doc: Document, number: str, title_part: str = "") -> Table:
    hits = [t for t in doc.tables if t.number == number and title_part in t.title]
    assert hits, f"no table {number} {title_part}: {[(t.number, t.title) for t in doc.tables]}"
    return hits[0]


def cell(t: Table, label: str, column: str):
    rows = [r for r in t.rows if r.label == label]
    assert rows, f"no row {label!r} in {t.title}: {[r.label for r in t.rows]}"
    c = rows[0].cell(column)
    assert c is not None, f"no column {column!r} in row {label!r}: {[x.column for x in rows[0].cells]}"
    return c


# --------------------------------------------------------------------------- XLSX / XLS


@pytest.fixture(scope="module")
def xinjiang() -> Document:
    return parse_xlsx(XINJIANG_XLSX)


@pytest.fixture(scope="module")
def lijiang() -> Document:
    return parse_xlsx(LIJIANG_XLSX)


def test_render_number_reads_floats_as_printed() -> None:
    assert render_number(182506.58999999997, "#,##0.00") == "182,506.59"
    assert render_number(182506.58999999997, "General") == "182506.59"
    assert render_number(0.153073611743377, "0.0%") == "15.3%"
    assert render_number(-0.0512758786711603, "0.0%") == "-5.1%"
    assert render_number(8508.68000000017, "#,##0.00_ ") == "8,508.68"
    assert render_number(250422, "#,##0_ ;[Red]\\-#,##0\\ ") == "250,422"
    assert render_number(0, '_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ ') == "-"
    assert render_number(1.005, "0.00") == "1.01"  # Decimal(repr), half up: no binary 1.00499…


def test_xlsx_debt_table_cells_units_and_note(xinjiang: Document) -> None:
    assert len(xinjiang.tables) == 1
    t = xinjiang.tables[0]
    assert (t.number, t.title, t.unit) == (
        "表4-1",
        "新疆维吾尔自治区2019年地方政府债务限额及余额决算情况表",
        "亿元",
    )
    c = cell(t, "乌鲁木齐市", "2019年债务余额（决算数）/专项债务")
    assert (c.raw, c.value) == ("677.27", Decimal("677.27"))
    # stored 1093.0743048655 under "#,##0.00": the printed 1,093.07
    c = cell(t, "新疆维吾尔自治区本级", "2019年债务余额（决算数）/一般债务")
    assert (c.raw, c.value) == ("1,093.07", Decimal("1093.07"))
    # a formula (=SUM(G11:G25)) prints its cached value
    assert cell(t, "新疆维吾尔自治区", "2019年债务余额（决算数）").value == Decimal("4594.49")
    assert t.note.startswith("注：1.本表反映上一年度本地区")
    assert len(t.rows) == 16


def test_xlsx_machine_metadata_and_legend_rows_are_not_content(xinjiang: Document) -> None:
    t = xinjiang.tables[0]
    everything = " ".join(
        [r.label for r in t.rows] + [v for r in t.rows for v in r.texts.values()] + t.columns
    )
    for token in ("DEBT_T_XXGK_XEYE", "AD_CODE", "YBXE_Y1", "VALID#", "A=B+C", "公式"):
        assert token not in everything
    assert not any(p.text for p in xinjiang.paragraphs if "AD_CODE" in p.text)


def test_xlsx_facts_are_money_in_yuan(xinjiang: Document) -> None:
    facts = make_facts(xinjiang)
    assert len(facts) == 96
    hit = [f for f in facts if f.row_label == "乌鲁木齐市" and f.column.endswith("（决算数）/专项债务")]
    assert hit and hit[0].value == Decimal("67727000000") and hit[0].unit == "元"


def test_xlsx_workbook_of_54_sheets(lijiang: Document) -> None:
    assert 45 <= len(lijiang.tables) <= 54
    t = table(lijiang, "表一", "2025年丽江市一般公共预算收支情况表")
    assert t.unit == "万元" and t.heading_path == ["01-1"]
    assert cell(t, "资源税", "2025年/执行数").raw == "28,214"
    growth = cell(t, "资源税", "比较/比2024年决算数增长%")
    assert (growth.value, growth.unit) == (Decimal("925.2"), "%")
    # 表四十四 stores 8508.68000000017 under "#,##0.00_ "
    debt = table(lijiang, "表四十四")
    c = cell(debt, "五、调减未置换地方政府一般存量债务", "全市/2024年决算数")
    assert (c.raw, c.value) == ("8,508.68", Decimal("8508.68"))
    assert table(lijiang, "表四十八").unit == "亿元"


def test_xlsx_bloated_ranges_hidden_helpers_and_dates(lijiang: Document) -> None:
    # sheet 37 reports a used range out to column 16379: only the printed three columns remain
    t = table(lijiang, "表三十七")
    assert t.columns == ["序号", "项目", "2026年预算数"]
    assert cell(t, "市属国有企业专职外部董事薪酬", "2026年预算数").value == Decimal("203")
    # hidden helper columns ("打印" 是/否, the 非打印区域 of the contents sheet) are not printed
    assert not any("打印" in c for t in lijiang.tables for c in t.columns)
    assert not any("非打印区域" in p.text for p in lijiang.paragraphs)
    # the cover's date serial is printed as a date
    texts = [p.text for p in lijiang.paragraphs]
    assert "2026年1月" in texts
    assert "2025年地方财政预算执行情况和2026年地方财政预算（草案）" in texts
    assert len(make_facts(lijiang)) > 10000


def test_xls_reads_like_the_xlsx_it_was_saved_from(xinjiang: Document) -> None:
    doc = parse_xls(XINJIANG_XLS)
    t, ref = doc.tables[0], xinjiang.tables[0]
    assert (t.number, t.title, t.unit, t.columns) == (ref.number, ref.title, ref.unit, ref.columns)
    got = [(r.label, [(c.column, c.raw, c.value) for c in r.cells]) for r in t.rows]
    want = [(r.label, [(c.column, c.raw, c.value) for c in r.cells]) for r in ref.rows]
    assert got == want
    assert len(make_facts(doc)) == 96


def test_broken_workbooks_are_refused_with_the_file_name(tmp_path: Path) -> None:
    bad = tmp_path / "表.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ParseError, match="表.xlsx"):
        parse_xlsx(bad)
    bad_xls = tmp_path / "表.xls"
    bad_xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(ParseError, match="XLS"):
        parse_xls(bad_xls)
    bad_docx = tmp_path / "报告.docx"
    bad_docx.write_bytes(b"PK\x03\x04 damaged")
    with pytest.raises(ParseError, match="报告.docx.*DOCX"):
        parse_document(bad_docx)
    empty_html = tmp_path / "网页.html"
    empty_html.write_bytes(b"<html><body><nav>\xe9\xa6\x96\xe9\xa1\xb5</nav></body></html>")
    with pytest.raises(ParseError, match="网页.html"):
        parse_document(empty_html)


# --------------------------------------------------------------------------- DOCX / DOC


@pytest.fixture(scope="module")
def chengde() -> Document:
    return parse_docx(CHENGDE_DOCX)


def _check_chengde(doc: Document) -> None:
    # six Word tables, the first stacking 附表1–附表5, the last a 1×1 signature frame
    assert len(doc.tables) == 13
    assert [t.number for t in doc.tables] == [f"附表{i}" for i in range(1, 14)]
    t = table(doc, "附表1")
    assert (t.title, t.unit) == ("2025年全市一般公共预算收入完成情况表", "万元")
    assert t.columns == ["预算科目", "预算数", "完成数", "占预算(%)", "比上年增长(%)"]
    assert cell(t, "增值税", "预算数").value == Decimal("362300")
    assert cell(t, "增值税", "完成数").value == Decimal("274175")
    assert cell(t, "增值税", "比上年增长(%)").value == Decimal("-0.9")
    five = table(doc, "附表5")
    assert (cell(five, "利润收入", "占预算(%)").value, cell(five, "利润收入", "占预算(%)").unit) == (
        Decimal("83.2"),
        "%",
    )
    social = table(doc, "附表13")
    assert cell(social, "合计", "全市收入预算").value == Decimal("1269101")
    para = [p for p in doc.paragraphs if "全市一般公共预算收入完成144.8亿元" in p.text]
    assert para and para[0].heading_path == ["一、2025年预算执行情况", "（一）全市预算执行情况"]
    assert any(p.text.startswith("承德市十五届人大七次会议秘书处") for p in doc.paragraphs)  # a 1×1 frame
    assert doc.year == 2025
    facts = make_facts(doc)
    assert any(f.origin == "text" and f.printed.startswith("144.8") for f in facts)
    assert sum(1 for f in facts if f.origin == "table") > 500


def test_docx_paragraphs_and_stacked_tables(chengde: Document) -> None:
    _check_chengde(chengde)
    # the title centred over three short paragraphs is one paragraph
    assert any(
        p.text == "关于承德市2025年市本级预算和市总预算执行情况与2026年市本级预算和市总预算草案的报告（书面）"
        for p in chengde.paragraphs
    )


@needs_libreoffice
def test_doc_converted_by_libreoffice_reads_like_the_docx(chengde: Document) -> None:
    doc = parse_doc_file()
    _check_chengde(doc)
    assert doc.file == CHENGDE_DOC.name
    assert [len(t.rows) for t in doc.tables] == [len(t.rows) for t in chengde.tables]


def parse_doc_file() -> Document:
    from index.doc_parser import parse_doc

    return parse_doc(CHENGDE_DOC)


# --------------------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def yantai() -> Document:
    return parse_html(YANTAI_HTML)


def test_html_positioned_pages_become_tables(yantai: Document) -> None:
    assert yantai.pages == 53
    assert yantai.year == 2026 and "退役军人事务局" in yantai.department
    numbers = {t.number for t in yantai.tables}
    assert {f"公开表{i}" for i in range(1, 13)} <= numbers
    # a table printed over pages 8–10, number and title repeated on each, is one table
    two = [t for t in yantai.tables if t.number == "公开表2"]
    assert len(two) == 1 and two[0].pages == [8, 9, 10]
    assert sum(1 for r in two[0].rows if r.label == "科目名称") == 0  # repeated headers are not rows
    one = table(yantai, "公开表1", "收支总体情况表")
    assert one.unit == "万元" and one.page == 7
    assert cell(one, "一般公共预算收入", "收入/预算数").value == Decimal("28467.65")
    three = table(yantai, "公开表3", "支出总体情况表")
    total = [r for r in three.rows if r.label == "合计"][0]
    assert [(c.column, c.raw) for c in total.cells][:3] == [
        ("合计", "35,874.49"),
        ("基本支出", "10,440.01"),
        ("项目支出", "25,434.48"),
    ]
    # codes printed in 类/款/项 columns
    assert any(r.code and r.code.parts[0] == "205" for r in three.rows)


def test_html_positioned_narrative(yantai: Document) -> None:
    para = [p for p in yantai.paragraphs if p.text.startswith("（一）做好退役军人思想政治")]
    assert para and para[0].page == 4
    assert para[0].heading_path[-1] == "一、主要职责"
    # a sentence broken over two positioned lines is one paragraph again
    assert any(
        "无军籍退休退职职工的待遇保障工作" in p.text and p.text.startswith("（四）")
        for p in yantai.paragraphs
    )
    facts = make_facts(yantai)
    assert sum(1 for f in facts if f.origin == "table") > 500
    assert any(f.origin == "text" for f in facts)


def test_html_portal_page_skips_site_chrome() -> None:
    doc = parse_html(CHENGDE_PORTAL)
    assert len(doc.tables) == 13
    t = table(doc, "附表1")
    assert cell(t, "增值税", "完成数").value == Decimal("274175")
    texts = " ".join(p.text for p in doc.paragraphs)
    for chrome in ("字号", "分享", "首页", "打印", "关闭"):
        assert chrome not in texts
    assert "全市一般公共预算收入完成144.8亿元" in texts
    # the title centred over three short <p>s is one paragraph
    assert any(
        p.text.startswith("关于承德市2025年市本级预算和市总预算执行情况与2026年") for p in doc.paragraphs
    )
    assert len(make_facts(doc)) > 500


# --------------------------------------------------------------------------- dispatch and ingest


def test_parse_document_picks_the_parser_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "budget.bin"  # a workbook whose name says nothing
    renamed.write_bytes(XINJIANG_XLSX.read_bytes())
    doc = parse_document(renamed)
    assert doc.file == "budget.bin" and doc.tables[0].unit == "亿元"


def test_cli_ingests_each_format(tmp_path: Path) -> None:
    files = [CHENGDE_DOCX, XINJIANG_XLSX, XINJIANG_XLS, CHENGDE_PORTAL]
    env = {**os.environ, "BUDGETQA_RETRIEVAL": "0"}
    store = tmp_path / "store"
    run = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ingest", "--store", str(store), *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=Path(__file__).parent.parent,
    )
    assert run.returncode == 0, run.stderr
    assert "4 个文件就绪，0 个出错" in run.stdout + run.stderr
    docs = subprocess.run(
        [sys.executable, "-m", "qa.cli", "docs", "--json", "--store", str(store)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).parent.parent,
    )
    listed = {d["file"]: d for d in json.loads(docs.stdout)}
    assert set(listed) == {f.name for f in files}
    assert listed[XINJIANG_XLS.name]["n_facts"] == 96
    assert listed[CHENGDE_DOCX.name]["n_tables"] == 13
