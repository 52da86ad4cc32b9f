"""Budget tables a 平潭 page flattened into its one line after its text (eval/docs/pingtan12): each attachment
that prints ``code name amounts`` rows under one row of column words is read back as a table; a cell that
cannot be placed under its column with certainty (an empty cell leaves no mark) is not guessed."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from index.flat_budget_tables import cut_budget_tables
from index.parse import parse_document

PINGTAN12 = Path(__file__).parent.parent / "eval" / "docs" / "pingtan12"
PINGYUAN_2017 = PINGTAN12 / "pingtan_pingyuan_town_2017_final_accounts.txt"


def _tables():
    return parse_document(PINGYUAN_2017).tables


def _cell(table, label: str, column: str) -> Decimal | None:
    for row in table.rows:
        if row.label == label:
            for cell in row.cells:
                if cell.column == column:
                    return cell.value
    return None


def test_attachment_tables_are_read_with_their_rows():
    by_title = {t.title: t for t in _tables()}
    basic = next(t for title, t in by_title.items() if title.endswith("基本支出决算表"))
    assert basic.unit == "万元"
    assert _cell(basic, "办公费", "合计") == Decimal("103.13")
    assert _cell(basic, "劳务费", "合计") == Decimal("57.29")
    detail = next(t for title, t in by_title.items() if title.endswith("支出决算明细表"))
    assert _cell(detail, "其他资本性支出", "合计") == Decimal("518.46")


def test_cells_that_cannot_be_placed_are_not_guessed():
    # rows print 1, 2 or 3 amounts under 3+ columns: only the total column is certain
    spending = next(t for t in _tables() if re.fullmatch(r"附件\d+支出决算表", t.title))
    assert not any("项目支出" in c for c in spending.columns)
    assert _cell(spending, "城乡社区支出", "本年支出合计") == Decimal("415.25")


def test_two_sided_and_two_level_tables_stay_text():
    line = PINGYUAN_2017.read_text(encoding="utf-8")
    parts = cut_budget_tables(line.strip()) or []
    titles = [p[0] for p in parts if isinstance(p, list)]
    assert not any("总表" in t or "政府性基金" in t or "采购" in t for t in titles)


ENVIRONMENT_2016 = PINGTAN12 / "pingtan_environment_land_resources_bureau_2016_final_accounts.txt"


def test_a_count_printed_as_a_sum_of_kinds_keeps_its_row():
    # 「… 全额拨款 10 6（事业）+24（自收自支）」: the last unit of the 单位构成 table is a row of it
    units = next(t for t in parse_document(ENVIRONMENT_2016).tables if "单位名称" in t.columns)
    assert len(units.rows) == 6


def test_the_word_department_after_a_bodys_name_is_the_body():
    from qa.understand import parse_question

    aliases = {"卫生和计划生育局": "平潭综合实验区卫生和计划生育局"}
    assert parse_question("2016年末卫生和计划生育局部门一共有多少辆车？", aliases).subject == "车辆"
    assert parse_question("卫生和计划生育局部门的三公经费是多少", aliases).subject == "三公经费"
    # 部门预算 is the compound, not the body
    assert parse_question("卫生和计划生育局部门预算多少", aliases).subject == "部门预算"
