"""Government-wide books, facts only (no retrieval index), on real documents:

- a table whose rows are places: a difference of two columns of one row (限额 − 余额) and the place
  ranked first in a column (哪个地区…最高), each computed in Decimal from the cited cells
  (Xinjiang 2019 debt table);
- why-questions answered by the notes under tables, a marked note item tied to its marked row
  (Jiangsu 2018 book, 「70.1% ⑨」 … 「⑨增幅较高主要是…」), and by remark cells (Wuhan 2025 table);
- a list question keeps the items that follow its sentence (Kaifeng 2019/2020 report);
- a two-year report's sentence of the year and scope asked, not the better-named one of the other
  year (Huaian 2025/2026 report, read by OCR).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from qa.engine import Engine
from tests.conftest import facts_engine

WILD = Path(__file__).parent / "corpus" / "wild"
EVAL_WILD = Path(__file__).parent.parent / "eval" / "docs" / "wild"
YI = Decimal(100_000_000)


def _engine(tmp: Path, *files: Path) -> Engine:
    return facts_engine(tmp, files)


def _said(ans) -> str:
    return ans.text + " ".join(s.quote for s in ans.sources)


# ------------------------------------------------------------------------- a table by area
@pytest.fixture(scope="module")
def debt(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _engine(
        tmp_path_factory.mktemp("debt"), WILD / "xinjiang_region_2019_government_debt_final_table.xlsx"
    )


def test_difference_of_two_columns_of_a_place_row(debt: Engine) -> None:
    ans = debt.ask("2019年新疆全区债务余额比债务限额少多少，还有多少空间")
    assert ans.kind == "figure", ans.text
    assert Decimal(str(ans.figures[0].value)) == (Decimal("4978.30") - Decimal("4594.49")) * YI
    assert "少" in ans.text, ans.text
    calc, *operands = ans.sources
    assert calc.quote.startswith("计算：") and "4,978.30亿元" in calc.quote and "4,594.49亿元" in calc.quote
    assert {s.column for s in operands} == {"2019年债务限额", "2019年债务余额（决算数）"}


def test_the_place_first_in_a_column(debt: Engine) -> None:
    ans = debt.ask("各地州市里哪个的2019年债务限额最高")
    assert "最高的是乌鲁木齐市" in ans.text and "1,222.89亿元" in ans.text, ans.text
    # the region's total row and its 本级 row are no places of it
    assert not any((s.row or "").startswith("新疆维吾尔自治区") for s in ans.sources), ans.sources
    ans = debt.ask("哪个地区专项债务余额最低")
    assert "最低的是克孜勒苏自治州" in ans.text and "8.00亿元" in ans.text, ans.text


# ------------------------------------------------------------------------- notes and remarks
@pytest.fixture(scope="module")
def jiangsu_page(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The page of the Jiangsu 2018/2019 book whose table marks its growth rates ①…⒁ and explains them
    in the note under it."""
    import pypdfium2 as pdfium

    book = WILD / "jiangsu_province_2018_budget_execution_and_2019_draft.pdf"
    tmp = tmp_path_factory.mktemp("jiangsu")
    src, new = pdfium.PdfDocument(str(book)), pdfium.PdfDocument.new()
    new.import_pages(src, [79])
    new.save(str(tmp / book.name))
    return _engine(tmp / "store", tmp / book.name)


def test_a_marked_note_item_explains_its_marked_row(jiangsu_page: Engine) -> None:
    ans = jiangsu_page.ask("省级交通运输支出2019年增幅为啥这么高")
    assert "铁路集团注册资本金" in ans.text.split("\n")[0], ans.text


def test_a_remark_cell_explains_its_row(tmp_path: Path) -> None:
    eng = _engine(tmp_path, WILD / "hubei_wuhan_2025_general_budget_revenue_execution_table.pdf")
    ans = eng.ask("土地增值税为什么比上年下降？")
    assert ans.kind == "passage" and "清算项目较少" in ans.text.split("\n")[0], ans.text
    ans = eng.ask("行政事业性收费收入为什么增长149.1%")
    assert "一次性专项收入" in ans.text.split("\n")[0], ans.text


def test_a_list_keeps_the_items_after_its_sentence(tmp_path: Path) -> None:
    eng = _engine(tmp_path, EVAL_WILD / "henan_kaifeng_2019_budget_execution_and_2020_draft_report.pdf")
    ans = eng.ask("做好2020年财政工作要把握哪四个原则")
    for item in ("艰苦奋斗、勤俭节约", "以收定支、量力而行", "加强管理、严肃纪律", "上下联动、齐心协力"):
        assert item in ans.text, ans.text


# ------------------------------------------------------------------------- the year of a two-year report
@pytest.fixture(scope="module")
def huaian(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Pages 1-2 (2025 execution) and 7-9 (2026 draft) of the Huaian report, read by OCR."""
    import pypdfium2 as pdfium

    report = WILD / "jiangsu_huaian_2025_budget_execution_and_2026_draft_report.pdf"
    tmp = tmp_path_factory.mktemp("huaian_years")
    src, new = pdfium.PdfDocument(str(report)), pdfium.PdfDocument.new()
    new.import_pages(src, [0, 1, 6, 7, 8])
    new.save(str(tmp / report.name))
    return _engine(tmp / "store", tmp / report.name)


@pytest.mark.parametrize(
    ("question", "yi"),
    [
        ("淮安2025年全市一般公共预算收入完成了多少？", "335.3"),  # not the 2026 draft's 342亿元
        ("2025年淮安全市政府性基金收入多少（含土地出让金）", "311.6"),  # not the draft's 364.3亿元
        ("去年市本极一般公共预算支出花了多少钱", "105.5"),  # 市本极: 市本级 mistyped; not the draft's 124.8
        ("淮安市2026年全市一般公共预算支出安排多少", "725.8"),  # the draft year still answers the draft
        (
            "2026年市本级政府债券还本付息一共要多少",
            "21.9",
        ),  # 「一共要」 is no part of the name; not 全市 91.7
    ],
)
def test_the_year_and_scope_asked_of_a_two_year_report(huaian: Engine, question: str, yi: str) -> None:
    ans = huaian.ask(question)
    assert ans.kind == "figure", ans.text
    assert Decimal(str(ans.figures[0].value)) == Decimal(yi) * YI, ans.text


def test_a_year_the_report_is_not_about_is_not_found(huaian: Engine) -> None:
    # 2024 is neither the execution nor the draft year: the 2026 figure of the same name never answers
    ans = huaian.ask("淮安2024年全市一般公共预算支出是多少亿元")
    assert ans.kind == "not_found", ans.text


def test_of_two_tables_by_area_the_one_the_question_names(tmp_path: Path) -> None:
    """The Jiangsu book prints 分地区 一般债务 and 专项债务 tables with the same columns; the title says which."""
    import pypdfium2 as pdfium

    book = WILD / "jiangsu_province_2018_budget_execution_and_2019_draft.pdf"
    src, new = pdfium.PdfDocument(str(book)), pdfium.PdfDocument.new()
    new.import_pages(src, [104, 105])
    new.save(str(tmp_path / book.name))
    eng = _engine(tmp_path / "store", tmp_path / book.name)
    for question, yi in (
        ("南京市专项债务2018年债务余额", "1395.34"),
        ("南京市一般债务2018年债务余额", "1024.69"),
    ):
        ans = eng.ask(question)
        assert ans.kind == "figure" and Decimal(str(ans.figures[0].value)) == Decimal(yi) * YI, ans.text
