"""Tables printed over several pages are one table; rule-less OCR runs cut at a glued code.

Real document: the Yantian bureau's budget prints 「表1 收支总表」 over pages 14–16 and 「表3 支出总表」
over pages 18–21, the number line, title and unit repeated on every page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.model import Document
from index.parse_report import table_verifies
from index.pdf_parser import parse_pdf
from index.ruleless import Run, split_glued_code

YANTIAN = (
    Path(__file__).parent
    / "corpus"
    / "wild"
    / "guangdong_shenzhen_planning_resources_yantian_bureau_2026_budget.pdf"
)


@pytest.fixture(scope="module")
def yantian() -> Document:
    return parse_pdf(YANTIAN)


def test_table_over_three_pages_is_one_table_whose_rows_keep_their_page(yantian: Document) -> None:
    found = [t for t in yantian.tables if t.title == "收支总表"]
    assert len(found) == 1, [(t.number, t.title, t.pages) for t in yantian.tables]
    t = found[0]
    assert t.number == "表1"
    assert t.pages == [14, 15, 16]
    assert {r.page for r in t.rows} == {14, 15, 16}
    # the totals printed on the last page add up over the rows of all three pages
    assert table_verifies(t) is True


def test_continued_tables_verify_and_none_is_split(yantian: Document) -> None:
    spending = [t for t in yantian.tables if t.title == "支出总表"]
    assert len(spending) == 1 and spending[0].pages == [18, 19, 20, 21]
    assert spending[0].rows[-1].page == 21
    titles = [(t.number, t.title) for t in yantian.tables]
    assert len(titles) == len(set(titles)), titles  # no table appears twice (one piece per page)
    checked = [table_verifies(t) for t in yantian.tables]
    assert checked.count(False) == 0, [
        t.title for t, ok in zip(yantian.tables, checked, strict=True) if ok is False
    ]


@pytest.mark.parametrize(
    ("text", "subcodes", "pieces"),
    [
        ("2010301行政运行", False, ["2010301", "行政运行"]),
        ("30101 基本工资", False, ["30101", "基本工资"]),
        ("201一般公共服务支出", False, ["201", "一般公共服务支出"]),
        ("01行政运行", True, ["01", "行政运行"]),
        ("01行政运行", False, ["01行政运行"]),  # a 2-digit code only beside printed 款/项 codes
        ("100万元", False, ["100万元"]),  # an amount, not a code
        ("2025年预算数", False, ["2025年预算数"]),
        ("12人", True, ["12人"]),
    ],
)
def test_glued_code_is_cut_from_its_name(text: str, subcodes: bool, pieces: list[str]) -> None:
    run = Run(text, 100.0, 100.0 + 12 * len(text), 10.0, 22.0)
    out = split_glued_code(run, subcodes)
    assert [p.text for p in out] == pieces
    if len(out) == 2:
        code, name = out
        assert run.x0 == code.x0 < code.x1 < name.x0 < name.x1 == run.x1
