"""A province's final accounts (政府决算): totals of the table named, 决算数 by default, notes that
explain, on a real excerpt (cover and ten pages of the Hebei 2021 final accounts: 省本级 and 全省
一般公共预算 tables with their notes, 社会保险基金收入, 债务限额及余额 by area, 债券发行及还本付息).

- 「省本级一般公共预算支出决算数合计」 is the table's 本年支出合计 row, not its first row;
  「全省一般公共预算收入一共多少」 the 全省 table's 本年收入合计 in the 决算数 column;
  the table's 比上年% and 完成预算% of the total likewise.
- A row asked plainly (「全省个税收了多少」) answers its 决算数, not the 年初预算数 printed before it.
- 「为什么…下降」 quotes the note under the table (「…下降，主要是…」), kept whole across its lines.
- 「到2021年底…债务余额」 is the row of the year asked, not the 2020年末 row above it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from index.parse import parse_document
from index.store import Store
from qa.engine import Engine

EXCERPT = (
    Path(__file__).parent / "corpus" / "wild" / "hebei_province_2021_government_final_accounts_excerpt.pdf"
)
WAN = Decimal(10_000)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    store = Store(tmp_path_factory.mktemp("hebei"))
    results = store.ingest([EXCERPT])
    assert all(r.status != "error" for r in results), [r.message for r in results]
    return Engine(store, auto_ingest=False)


def value(engine: Engine, question: str) -> Decimal:
    ans = engine.ask(question)
    assert ans.kind == "figure", ans.text
    return Decimal(str(ans.figures[0].value))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("省本级一般公共预算支出决算数合计是多少", 12037712 * WAN),
        ("河北全省2021年一般公共预算收入一共多少？", 41676237 * WAN),
        ("全省个税2021年收了多少钱", 793836 * WAN),  # 个税 = 个人所得税; 决算数, not 年初预算数 700000
        ("河北全省社会保险基金收入比上年增长了多少", Decimal("21.8")),
        ("全省一般公共预算支出完成调整预算的百分之几？", Decimal("94.5")),
        ("到2021年底河北省政府债务余额一共多少亿？", Decimal("13226.37") * 10_000 * WAN),
        ("石家庄市2021年政府债务限额是多少", Decimal("1951.75") * 10_000 * WAN),  # a row of the table by area
    ],
)
def test_totals_and_rows_of_government_tables(engine: Engine, question: str, expected: Decimal) -> None:
    assert value(engine, question) == expected


def test_the_note_under_a_table_explains_a_change(engine: Engine) -> None:
    ans = engine.ask("全省节能环保支出为什么比上年下降了三成？")
    assert "双代" in ans.text + " ".join(s.quote for s in ans.sources), ans.text
    ans = engine.ask("省本级农林水支出增幅为何这么高")
    assert "棉花目标价格补贴" in ans.text + " ".join(s.quote for s in ans.sources), ans.text


def test_a_note_of_several_lines_is_read_whole() -> None:
    notes = [t.note for t in parse_document(EXCERPT).tables if t.note]
    assert any("2.节能环保支出下降，主要是“双代”工程" in n and "近200亿元" in n for n in notes), notes
    assert any("3. 农林水支出增幅较高" in n and "两年资金共14亿" in n for n in notes), notes


HUAIAN = (
    Path(__file__).parent
    / "corpus"
    / "wild"
    / "jiangsu_huaian_2025_budget_execution_and_2026_draft_report.pdf"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Pages 7-8 of the Huaian 2025/2026 report (text layer garbled: read by OCR): the problems
    paragraph and the 四个聚焦 list that runs across the page break."""
    import pypdfium2 as pdfium

    tmp = tmp_path_factory.mktemp("huaian")
    src, new = pdfium.PdfDocument(str(HUAIAN)), pdfium.PdfDocument.new()
    new.import_pages(src, [6, 7])
    new.save(str(tmp / HUAIAN.name))
    store = Store(tmp / "store")
    results = store.ingest([tmp / HUAIAN.name])
    assert all(r.status != "error" for r in results), [r.message for r in results]
    return Engine(store, auto_ingest=False)


def test_a_list_named_by_its_count(report: Engine) -> None:
    ans = report.ask("2026年市本级预算安排总体思路的四个聚焦是哪四个")
    for item in ("聚焦资源统筹", "聚焦规划引领", "聚焦优化结构", "聚焦协同联动"):
        assert item in ans.text, ans.text


def test_the_problems_a_report_names(report: Engine) -> None:
    ans = report.ask("报告里说淮安财政目前面临哪些问题")
    assert "基层财政运行持续承压" in ans.text, ans.text
