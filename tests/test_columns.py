"""Columns of wide government tables, on the real documents (no mocks).

A budget book prints one row under many columns (2024年决算数 / 2025年预算数 / 调整预算数 / 执行数 /
完成预算% / 比上年增长%) and one table twice (全市 and 市本级).  The question's year, stage and scope
choose the cell of the row the lookup found; an open question names the column it was answered from
and the others.  丽江's book is a 52-sheet workbook, 武汉's a one-table PDF, 江苏's book a PDF whose
row rules are drawn as one thin rectangle per cell (its open-sided tables were cut to one column).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from index.facts import Fact
from qa.columns import question_stage, read_cell, request_for
from qa.engine import Engine
from qa.understand import parse_question
from tests.conftest import facts_engine

WILD = Path(__file__).parent / "corpus" / "wild"
LIJIANG = "yunnan_lijiang_2025_execution_and_2026_budget_draft_tables.xlsx"
WUHAN = "hubei_wuhan_2025_general_budget_revenue_execution_table.pdf"
JIANGSU = "jiangsu_province_2018_budget_execution_and_2019_draft.pdf"
# 江苏's cover, 表一 (p7), 表十六 (p23), 表二十四 (p32), 表二十五 (p33), 表四十四 (p90)
JIANGSU_PAGES = (1, 7, 23, 32, 33, 90)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    import pikepdf

    tmp = tmp_path_factory.mktemp("columns")
    with pikepdf.open(WILD / JIANGSU) as src:
        part = pikepdf.new()
        for n in JIANGSU_PAGES:
            part.pages.append(src.pages[n - 1])
        part.save(tmp / JIANGSU)
    return facts_engine(tmp / "store", [WILD / LIJIANG, WILD / WUHAN, tmp / JIANGSU])


def ask(engine: Engine, file: str, question: str):
    doc = next(d for d in engine.store.documents() if d.file == file)
    return engine.ask(question, filters={"doc_id": doc.doc_id})


def answered(engine: Engine, file: str, question: str) -> tuple[Decimal, str, str]:
    """(value, column, table) of the first figure of the answer."""
    ans = ask(engine, file, question)
    assert ans.kind == "figure", ans.text
    fig = ans.figures[0]
    src = ans.sources[fig.source]
    return Decimal(str(fig.value)), src.column or "", src.table or ""


@pytest.mark.parametrize(
    ("question", "value", "column"),
    [
        # 表一 (2025, 全市): 2024年决算数 566,703 · 2025年预算数 595,037 · 2025年执行数 567,755 · 完成 95.4%
        ("丽江全市去年（2025年）一般公共预算收入实际完成多少？", "5677550000", "执行数"),
        ("2025年全市一般公共预算收入执行数", "5677550000", "执行数"),
        ("2025年全市一般公共预算收入预算数是多少", "5950370000", "2025年/预算数"),
        ("全市一般公共预算收入2024年决算数", "5667030000", "2024年决算数"),
        ("丽江全市一般公共预算收入完成2025年预算的百分之几？", "95.4", "完成2025年预算数的%"),
        ("全市一般公共预算收入比2024年决算增长多少%", "0.2", "比2024年决算数增长%"),
        # 表二十 (2026, 全市): 2025年执行数 · 2026年预算数 · 预算数比上年执行数增长%
        ("明年全市教育支出预算多少", "2755160000", "2026年预算数"),
        ("2026年丽江全市教育支出预算多少", "2755160000", "2026年预算数"),
        ("2026年全市卫生健康支出预算比上年执行数增长了多少", "1.7", "比上年执行数增长%"),
        ("去年全市个人所得税完成预算多少%", "113.1", "完成2025年预算数的%"),
        # 表三 / 表二十二 (市本级): the scope named chooses the table of the pair
        ("市本级2025年一般公共预算收入执行数是多少万元", "2370590000", "执行数"),
        ("２０２６年市本级企业所得税预算数", "71000000", "2026年预算数"),
        ("市本级2026年卫生健康支出比上年预算数增长百分之几", "7.3", "比上年预算数增长%"),
        # 表四十七: 全市 and 市本级 side by side in one sheet, the scope in the column path
        ("市本级2026年当年末地方政府债务余额限额", "13663160000", "市本级/2026年预算数"),
    ],
)
def test_lijiang_column_asked(engine: Engine, question: str, value: str, column: str) -> None:
    got, col, _ = answered(engine, LIJIANG, question)
    assert got == Decimal(value), (question, got, col)
    assert column in col.replace(" ", ""), (question, col)


def test_scope_of_the_pair_of_tables(engine: Engine) -> None:
    _, _, table = answered(engine, LIJIANG, "2025年全市一般公共预算收入执行数")
    assert "市本级" not in table
    _, _, table = answered(engine, LIJIANG, "市本级2025年一般公共预算收入执行数")
    assert "市本级" in table


def test_open_question_names_the_column_and_the_others(engine: Engine) -> None:
    # no year, no stage: the draft year's 预算数 answers, and the 2025 执行数 of the item is named
    ans = ask(engine, LIJIANG, "全市教育支出是多少")
    assert Decimal(str(ans.figures[0].value)) == Decimal("2755160000")
    note = " ".join(ans.warnings)
    assert "2026年预算数" in note and "2025年执行数" in note and "272444" in note, note
    # a question naming year and stage gets no such note
    ans = ask(engine, LIJIANG, "2026年全市教育支出预算数")
    assert not any("没有指明" in w for w in ans.warnings), ans.warnings


def test_a_year_the_book_does_not_print_is_not_found(engine: Engine) -> None:
    assert ask(engine, LIJIANG, "丽江全市2023年一般公共预算收入决算数是多少").kind == "not_found"


@pytest.mark.parametrize(
    ("question", "value", "column"),
    [
        ("个人所得税 上年决算数是多少万元", "7841180000", "上年决算数"),
        ("增值税去年收了多少？", "49157120000", "执行数"),
        ("残疾人就业保障金收入年初预算是多少", "1367500000", "预算数"),
        ("企业所得税完成调整预算的百分之几", "91.7", "执行数为调整预算数%"),
        ("武汉契税比上年增减了多少%", "-27.1", "执行数比上年+,-%"),
        ("企业所得税调整预算数", "21546700000", "调整预算数"),
    ],
)
def test_wuhan_column_asked(engine: Engine, question: str, value: str, column: str) -> None:
    got, col, _ = answered(engine, WUHAN, question)
    assert got == Decimal(value), (question, got, col)
    assert col == column, (question, col)


def test_wuhan_other_scope_or_side_is_not_found(engine: Engine) -> None:
    # the table is the whole city's revenue: neither 市本级 nor 支出 is printed
    assert ask(engine, WUHAN, "武汉市本级2025年一般公共预算收入执行数").kind == "not_found"
    assert ask(engine, WUHAN, "武汉2025年全市一般公共预算支出是多少").kind == "not_found"


def test_jiangsu_open_sided_tables_keep_every_column(engine: Engine) -> None:
    doc = next(d for d in engine.store.documents() if d.file == JIANGSU)
    tables = {t["display_title"]: t for t in engine.store.facts.tables(doc.doc_id)}
    first = next(t for title, t in tables.items() if "2018年江苏省一般公共预算收入执行情况表" in title)
    assert "表一" in first["display_title"]
    assert any("2017" in c and "决算数" in c for c in first["columns"]), first["columns"]
    assert any("表四十四" in t and "机关运行经费预算表" in t for t in tables), list(tables)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("2018年江苏全省一般公共预算收入合计执行数是多少？", "863016160000"),
        ("全省非税收入2017年决算数是多少", "168720550000"),
        ("表二十四里 税收收入 的2019年预算数", "762500000000"),
        ("江苏2019年全省教育打算花多少钱？", "208000000000"),
        ("2019年省级机关运行经费预算是多少", "1233320000"),
        ("表十六 2018年省级支出执行情况表中，医疗卫生与计划生育支出的省本级支出是多少？", "3977510000"),
    ],
)
def test_jiangsu_book(engine: Engine, question: str, value: str) -> None:
    got, col, _ = answered(engine, JIANGSU, question)
    assert got == Decimal(value), (question, got, col)


def _cell(column: str, title: str, unit: str = "元") -> Fact:
    return Fact(
        doc_id="d",
        origin="table",
        subject="x",
        measure="amount",
        value=Decimal(1),
        unit=unit,
        printed="1",
        printed_unit="",
        precision=Decimal(1),
        quote="",
        column=column,
        table_title=title,
    )


def test_reading_column_headers() -> None:
    t25 = "表一 2025年丽江市一般公共预算收支情况表"
    t26 = "表二十二 2026年市本级一般公共预算收支情况表"
    r = read_cell(_cell("比较/完成2025年预算数的%", t25, "%"))
    assert (r.year, r.stage, r.base, r.scope) == (2025, "rate", "budget", "region")
    r = read_cell(_cell("比较/比2024年决算数增长%", t25, "%"))
    assert (r.year, r.stage, r.base) == (2025, "growth", "final")
    r = read_cell(_cell("2025年/执行数", t26))
    assert (r.year, r.stage, r.scope) == (2025, "outcome", "own")
    r = read_cell(_cell("上年决算数", "武汉市2025年全市一般公共预算收入执行情况表"))
    assert (r.year, r.stage, r.previous) == (2024, "final", True)
    r = read_cell(_cell("执行数比上年+,-%", "武汉市2025年全市一般公共预算收入执行情况表", "%"))
    assert r.stage == "growth"


def test_reading_column_requests() -> None:
    years, outcome = [2025, 2026], [2024, 2025]
    req = request_for(parse_question("今年全市税收收入预算"), years, outcome)
    assert (req.year, req.stage, req.scope) == (2026, "budget", "region")
    req = request_for(parse_question("去年市本级税收收入"), years, outcome)
    assert (req.year, req.stage_named, req.scope) == (2025, False, "own")
    req = request_for(parse_question("税收收入执行数"), years, outcome)
    assert (req.year, req.stage) == (2025, "outcome")
    assert question_stage("一般公共预算收入完成预算的百分之几", "percent_share")[0] == "rate"
    assert question_stage("一般公共预算收入是多少", "amount")[0] == ""
