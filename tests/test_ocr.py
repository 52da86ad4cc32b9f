"""OCR of pages without a usable text layer, and repair of scrambled text layers, on real PDFs.

The OCR engine is real (RapidOCR's PP-OCRv4 models from its wheel; tesseract from Debian for the
pluggable engine).  To keep CI time modest only the pages a test needs are OCR'd: a PDF of
those pages is written with pypdfium2 (the page images are copied, not re-rendered), and
results are cached for the session by ``index.ocr``.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from index.consistency import check_tables
from index.ocr import OCR_WARNING, TesseractEngine, render, repair_numbers
from index.pdf_parser import parse_pdf
from index.store import Store
from index.textlayer import text_layer_problem
from qa.engine import Engine

WILD = Path(__file__).parent / "corpus" / "wild"
BEIJING = WILD / "beijing_government_services_data_bureau_2026_budget_scanned.pdf"
HUAIAN = WILD / "jiangsu_huaian_2025_budget_execution_and_2026_draft_report.pdf"
CHONGQING = WILD / "chongqing_commerce_commission_2026_budget.pdf"
PUTUO = Path(__file__).parent / "corpus" / "shanghai_putuo_finance_bureau_2025_budget.pdf"


def _pages(src: Path, numbers: list[int], out: Path) -> Path:
    """A PDF holding only the given 1-based pages of ``src`` (objects copied as they are)."""
    doc = pdfium.PdfDocument(str(src))
    new = pdfium.PdfDocument.new()
    new.import_pages(doc, [n - 1 for n in numbers])
    new.save(str(out))
    return out


@pytest.fixture(scope="module")
def beijing_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    tmp = tmp_path_factory.mktemp("ocr_beijing")
    pdf = _pages(BEIJING, [1, 6], tmp / BEIJING.name)  # cover (department, year) and the 支出预算 page
    store = Store(tmp / "store", retrieval=False)
    results = store.ingest([pdf])
    assert [r.status for r in results] != ["error"], [r.message for r in results]
    return store


def test_pages_without_usable_text_are_detected() -> None:
    with pdfplumber.open(BEIJING) as pdf:
        assert [text_layer_problem(p) for p in pdf.pages] == ["image"] * 8
    with pdfplumber.open(HUAIAN) as pdf:
        assert text_layer_problem(pdf.pages[2]) == "garbled"
    with pdfplumber.open(PUTUO) as pdf:
        # text pages, table pages and the short cover page keep their text layer
        assert {text_layer_problem(p) for p in pdf.pages} == {None}


def test_scanned_figure_is_a_fact_flagged_ocr(beijing_store: Store) -> None:
    (doc,) = beijing_store.documents()
    assert doc.department == "北京市政务服务和数据管理局" and doc.year == 2026
    facts = [f for f in beijing_store.facts.facts() if f.printed == "101,673.03万元" and "支出" in f.quote]
    assert facts, "支出预算101,673.03万元 not read from the page image"
    assert all(f.ocr for f in facts)
    assert facts[0].value == Decimal("1016730300")
    paragraphs = beijing_store.facts.paragraphs(doc.doc_id)
    assert paragraphs and all(p["ocr"] for p in paragraphs)


def test_answer_from_ocr_fact_carries_warning(beijing_store: Store) -> None:
    answer = Engine(beijing_store, auto_ingest=False).ask("2026年支出预算是多少")
    assert answer.kind == "figure", answer.text
    assert answer.figures[0].value == Decimal("1016730300")
    assert answer.sources[answer.figures[0].source].ocr
    assert OCR_WARNING in answer.warnings


def test_garbled_page_reads_as_chinese_after_ocr(tmp_path: Path) -> None:
    doc = parse_pdf(_pages(HUAIAN, [3], tmp_path / HUAIAN.name))
    assert doc.ocr_pages == [1]
    text = "".join(p.text for p in doc.paragraphs)
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    assert cjk > 0.7 * len(text)
    assert "全市地方政府债务余额1304.5亿元" in text
    assert "(cid:" not in text
    assert all(p.ocr for p in doc.paragraphs)


def test_ocr_table_has_cells_codes_and_verifies(tmp_path: Path) -> None:
    """A rendered table page (image only) becomes the same table as the text layer gives."""
    with pdfplumber.open(PUTUO) as pdf:
        image = render(pdf.pages[11]).convert("RGB")
    scan = tmp_path / "putuo_page12_scan.pdf"
    image.save(scan, resolution=200)
    ocr_doc = parse_pdf(scan)
    text_doc = parse_pdf(_pages(PUTUO, [12], tmp_path / "putuo_page12.pdf"))
    assert ocr_doc.ocr_pages == [1] and text_doc.ocr_pages == []
    (ocr_t,) = [t for t in ocr_doc.tables if t.rows]
    text_t = next(t for t in text_doc.tables if t.title == ocr_t.title)
    assert ocr_t.ocr and ocr_t.unit == "元"
    assert ocr_t.columns == text_t.columns

    def cells(t):  # (code, column) → value
        return {(str(r.code), c.column): c.value for r in t.rows if r.code for c in r.cells}

    want, got = cells(text_t), cells(ocr_t)
    same = sum(1 for k, v in want.items() if got.get(k) == v)
    assert same >= 0.9 * len(want), (same, len(want))
    store = Store(tmp_path / "store", retrieval=False)
    assert store.ingest([scan])[0].status != "error"
    (info,) = store.documents()
    stored = [t for t in store.facts.tables(info.doc_id) if t["rows"]]
    assert stored and all(t["ocr"] for t in stored)
    # 类 = Σ款, 款 = Σ项, 合计 = 基本支出 + 项目支出: the document's own arithmetic holds on OCR'd cells
    assert check_tables(info.doc_id, info.title, stored) == []
    assert all(f.ocr for f in store.facts.facts() if f.origin == "table")


def test_scrambled_text_layer_is_repaired(tmp_path: Path) -> None:
    doc = parse_pdf(_pages(CHONGQING, [1, 8], tmp_path / CHONGQING.name))
    assert doc.ocr_pages == []
    assert doc.title == "重庆市商务委员会2026年部门预算情况说明"
    assert doc.paragraphs[0].text.startswith(
        "重庆市商务委员会现行的职能职责为:贯彻执行国家内外贸易、外商投资"
    )
    table = next(t for t in doc.tables if t.title == "2026年部门收支总体情况表")
    values = {r.label: [c.raw for c in r.cells] for r in table.rows}
    assert values["一、一般公共预算资金"] == ["101,833.84"]
    assert values["二、政府性基金预算资金"] == ["41,534.73"]
    raws = [c.raw for r in table.rows for c in r.cells]
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})*\.\d{2}", r) for r in raws), raws


def test_numeric_repair_touches_numbers_only() -> None:
    assert repair_numbers("支出预算1O1，673.O3万元") == "支出预算101,673.03万元"
    assert repair_numbers("收入预算 101, 673. 03 万元") == "收入预算 101,673.03 万元"
    assert repair_numbers("本年其他资金收入〇万元") == "本年其他资金收入0万元"
    assert repair_numbers("二〇二五年，Office 2016，分别为3，5个") == "二〇二五年，Office 2016，分别为3，5个"


def test_tesseract_engine_reads_a_page_region() -> None:
    """The pluggable engine (Debian tesseract-ocr-chi-sim) on the paragraph that prints 支出预算."""
    with pdfplumber.open(BEIJING) as pdf:
        page = pdf.pages[5]
        image = render(page)
    w, h = image.size
    crop = image.crop((0, int(h * 0.17), w, int(h * 0.30)))
    text = repair_numbers("".join(b.text for b in TesseractEngine().read(crop)))
    assert "101,673.03" in re.sub(r"\s", "", text)


def _without_rulings(src: Path, page: int, out: Path) -> Path:
    """An image-only PDF of a real table page with its ruling lines painted out (a rule-less scan)."""
    from PIL import ImageDraw

    from index.ocr import DEFAULT_DPI, find_rulings

    with pdfplumber.open(src) as pdf:
        image = render(pdf.pages[page - 1]).convert("RGB")
    horizontals, verticals = find_rulings(image)
    draw = ImageDraw.Draw(image)
    for x, y, w, h in horizontals + verticals:
        draw.rectangle([x, y, x + w, y + h], fill="white")
    assert find_rulings(image) == ([], [])
    image.save(out, resolution=DEFAULT_DPI)
    return out


def test_ocr_table_without_rulings_becomes_cells_that_verify(tmp_path: Path) -> None:
    """Putuo's 支出预算总表 scanned without its rules: OCR boxes clustered into rows and columns."""
    scan = _without_rulings(PUTUO, 12, tmp_path / "putuo_expenditure_no_rules.pdf")
    (text_table,) = parse_pdf(_pages(PUTUO, [12], tmp_path / "putuo_p12.pdf")).tables
    want = Counter(c.value for r in text_table.rows for c in r.cells)
    (table,) = [t for t in parse_pdf(scan).tables if t.rows]
    assert table.ocr
    got = Counter(c.value for r in table.rows for c in r.cells)
    assert (want & got).total() >= 0.9 * want.total(), want - got  # every figure, in its row
    # the row arithmetic the document prints (合计 = 基本支出 + 项目支出) holds on the OCR'd cells
    checked = 0
    for r in table.rows:
        values = [c.value for c in r.cells]
        if len(values) >= 2:
            assert values[0] == sum(values[1:]), r
            checked += 1
    assert checked >= 10
    # the 项 code printed close to its name is read glued to it (「01行政运行」): cut into code and name
    assert all(r.code for r in table.rows), [r.label for r in table.rows if not r.code]
    assert not [r.label for r in table.rows if r.label[:1].isdigit()]
    (running,) = [r for r in table.rows if r.code.digits == "2010601"]
    assert running.label == "行政运行"
