"""Plain text copied out of PDFs (Putuo, tests/corpus): form-feed pages and space-separated tables.

Figures are checked against the text of each file; a number whose column is not certain must not be
in any column.
"""

from decimal import Decimal
from pathlib import Path

from index.text_parser import parse_text

CORPUS = Path(__file__).parent / "corpus"
BUDGET = CORPUS / "shanghai_putuo_chengguan_2026_budget.txt"
FINAL = CORPUS / "shanghai_putuo_ecology_environment_bureau_2025_final_accounts.txt"
SEED = CORPUS / "zhengzhou_bigdata_2021_budget.txt"


def _table(doc, title):
    return next(t for t in doc.tables if t.title == title)


def _row(table, code=None, label=None, group=""):
    for r in table.rows:
        by_code = code is None or (r.code is not None and r.code.digits == code)
        if by_code and (label is None or r.label == label) and (not group or r.group == group):
            return r
    raise AssertionError(f"no row {code} {label} in {table.title}")


def test_form_feeds_give_pages():
    doc = parse_text(BUDGET)
    assert doc.pages == 24
    assert all(p.page is not None for p in doc.paragraphs)
    table = _table(doc, "2026年部门支出预算总表")
    assert table.page == 11 and table.pages == [11, 12]  # continued on the next page
    assert _row(table, "2210203").page == 12
    three = [p for p in doc.paragraphs if "“三公”经费预算数为114.22万元" in p.text]
    assert three and three[0].page == 21


def test_text_without_form_feeds_stays_pageless():
    doc = parse_text(SEED)
    assert doc.pages is None
    assert all(p.page is None for p in doc.paragraphs) and all(t.page is None for t in doc.tables)


def test_full_rows_of_a_certain_header_are_read_left_to_right():
    table = _table(parse_text(BUDGET), "2026年部门支出预算总表")
    assert table.unit == "元"
    row = _row(table, "212")
    assert {c.column: c.value for c in row.cells} == {
        "支出预算/合计": Decimal("33775592"),
        "支出预算/基本支出": Decimal("22783399"),
        "支出预算/项目支出": Decimal("10992193"),
    }
    assert _row(table, label="合计").cell("支出预算/基本支出").value == Decimal("36197265")


def test_a_row_missing_blank_cells_is_placed_by_its_parent_level():
    # 「208 05 行政事业单位养老支出 6,103,096 6,103,096」: the second figure is 基本 or 项目 by itself; its
    # 类 「208 … 6,397,096 6,103,096 294,000」 and its sibling 「208 08 抚恤 294,000 294,000」 add up only
    # one way: 养老 is 基本支出, 抚恤 is 项目支出
    table = _table(parse_text(BUDGET), "2026年部门支出预算总表")
    row = _row(table, "20805")
    assert [(c.column, c.raw) for c in row.cells] == [
        ("支出预算/合计", "6,103,096"),
        ("支出预算/基本支出", "6,103,096"),
    ]
    assert "上级「社会保障和就业支出」" in row.note
    assert _row(table, "20808").cell("支出预算/项目支出").raw == "294,000"
    assert _row(table, "2080501").cell("支出预算/基本支出").raw == "2,614,680"  # and on down a level


def test_header_wrapped_over_lines_is_read_by_the_arithmetic():
    # 决算 支出决算表: 「对附属单位补助 / 支出」 wrapped out of the main header line, place unknown. Only
    # the readings where 本年支出合计 = the rest and = 基本支出 + 项目支出 stand; they agree on 基本/项目
    # (the wrapped column is one of the three all-zero columns, whichever)
    table = _table(parse_text(FINAL), "支出决算表")
    row = _row(table, "211")
    cells = {c.column: c.raw for c in row.cells}
    assert cells["本年支出合计/决算数"] == "3,742.47"
    assert cells["基本支出/决算数"] == "2,385.48" and cells["项目支出/决算数"] == "1,356.98"
    assert cells["对附属单位补助支出/决算数"] == "0.00"
    assert _row(table, label="合计").cell("项目支出/决算数").raw == "1,367.76"


def test_row_printing_some_columns_is_placed_only_where_the_sums_prove_it():
    # 石泉路 支出决算表 prints blank cells as nothing: 「合计 19,044.27 14,206.00 4,838.27」 of six columns
    # — only 基本 + 项目 = 合计 reads it; 「201 一般公共服务支出 306.90 306.90」 is 基本 or 项目: not placed
    doc = parse_text(CORPUS / "shanghai_putuo_shiquanlu_subdistrict_2025_final_accounts.txt")
    table = _table(doc, "支出决算表")
    total = {c.column: c.raw for c in _row(table, label="合计").cells}
    assert total == {"本年支出合计": "19,044.27", "基本支出": "14,206.00", "项目支出": "4,838.27"}
    row = _row(table, "201")
    assert [c.column for c in row.cells] == ["本年支出合计"] and "306.90" in row.note


def test_two_sided_table():
    table = _table(parse_text(FINAL), "收入支出决算总表")
    assert _row(table, label="一、一般公共预算财政拨款收入", group="收入").cell(
        "收入/决算数"
    ).value == Decimal("4733.14")
    assert _row(table, label="十、节能环保支出", group="支出").cell("支出/决算数").value == Decimal("3742.47")
    assert _row(table, label="本年支出合计", group="支出").cell("支出/决算数").raw == "4,733.14"


def test_budget_two_sided_with_glued_number_and_compiler_line():
    doc = parse_text(BUDGET)
    table = _table(doc, "2026年部门财政拨款收支预算总表")
    assert table.unit == "元"  # 「编制部门：… 单位：元」
    # 「一、一般公共预算 47,483,458一、社会保障和就业支出 6,397,096 6,397,096」
    assert _row(table, label="一、一般公共预算").cell("财政拨款收入/预算数").value == Decimal("47483458")
    spending = _row(table, label="一、社会保障和就业支出")
    assert [c.column for c in spending.cells] == ["财政拨款支出/合计"]


def test_two_sided_rows_with_a_code_on_each_side():
    # 「301 工资福利支出 11,627.59 302 商品和服务支出 2,195.60」, 「30106 伙食补助费 30204 手续费 0.25」
    doc = parse_text(CORPUS / "shanghai_putuo_shiquanlu_subdistrict_2025_final_accounts.txt")
    table = _table(doc, "一般公共预算财政拨款基本支出决算表")
    assert _row(table, "302").cell("决算数").raw == "2,195.60"
    assert _row(table, "30103").cell("决算数").raw == "916.98"  # its right side (咨询费) printed nothing
    assert _row(table, "30106").cells == []  # 30204 is the next side's code, not a figure
    assert _row(table, "30204").cell("决算数").raw == "0.25"


def test_row_with_scrambled_name_is_named_by_its_code():
    # 「2080506 / 险机缴关费事支业出单位职业年金缴 / 116.59 116.59 0.00」: two rows' names interleaved
    table = _table(parse_text(FINAL), "一般公共预算财政拨款支出决算表")
    row = _row(table, "2080506")
    assert row.label == "机关事业单位职业年金缴费"  # as the 收入决算表 prints code 2080506
    assert row.cell("一般公共预算财政拨款支出决算数/合计").raw == "116.59"
    assert "同一科目编码" in row.note


def test_tabs_that_only_separate_words_are_read_like_spaces():
    # pdftotext put a tab between every word and never left an empty cell: the tabs are not cells
    doc = parse_text(CORPUS / "shanghai_putuo_wanli_subdistrict_2025_budget.txt")
    table = _table(doc, "2025年部门支出预算总表")
    assert table.unit == "元" and table.pages == [14, 15, 16, 17, 18]
    row = _row(table, "201")
    assert [(c.column, c.raw) for c in row.cells] == [
        ("支出预算/合计", "3,296,600"),
        ("支出预算/基本支出", "0"),
        ("支出预算/项目支出", "3,296,600"),
    ]


FRESH = Path(__file__).parent.parent / "eval" / "docs" / "fresh"


def _sangong(path):
    (row,) = next(t for t in parse_text(path).tables if "三公" in t.title).rows
    return {c.column: c.raw for c in row.cells}, row


def test_san_gong_budget_row_placed_by_its_arithmetic():
    # 「114.22 0.00 0.46 113.76 75.00 38.76 507.25」 under a header wrapped over four lines: 合计 = 出国 +
    # 小计 + 接待 and 小计 = 购置 + 运行 leave one reading; 机关运行经费 is the figure left over
    cells, row = _sangong(BUDGET)
    assert cells == {
        "“三公”经费预算数/合计": "114.22",
        "“三公”经费预算数/因公出国(境)费": "0.00",
        "“三公”经费预算数/公务接待费": "0.46",
        "“三公”经费预算数/公务用车购置及运行费/小计": "113.76",
        "“三公”经费预算数/公务用车购置及运行费/购置费": "75.00",
        "“三公”经费预算数/公务用车购置及运行费/运行费": "38.76",
        "机关运行经费预算数": "507.25",
    }
    assert row.page == 20 and not row.note


def test_san_gong_final_row_with_blank_cells():
    # 「53.93 37.35 52.40 37.35 25.00 25.00 27.40 12.35 1.53 0」: 10 figures for 12 columns, 因公出国
    # printed blank; 「（境）费 小计」 on one line puts 出国 left of 小计, so the last pair is 接待's
    cells, _ = _sangong(CORPUS / "shanghai_putuo_shiquanlu_subdistrict_2025_final_accounts.txt")
    car = "财政拨款“三公”经费/公务用车购置及运行维护费"
    assert cells[f"{car}/购置费/决算数"] == "25.00"
    assert cells[f"{car}/运行费/决算数"] == "12.35"
    assert cells["财政拨款“三公”经费/合计/决算数"] == "37.35"
    assert cells["财政拨款“三公”经费/公务接待费/预算数"] == "1.53"
    assert not any("因公出国" in c for c in cells)  # blank: nothing printed, nothing placed


def test_san_gong_reading_left_open_is_not_placed():
    # 「31.47 19.86 30.67 19.56 30.67 19.56 0.80 0.30」: 小计 30.67 is 购置 or 运行 (the other blank) —
    # both add up, so neither column gets it; the totals every reading agrees on are placed
    cells, row = _sangong(FRESH / "shanghai_putuo_yichuanlu_subdistrict_2025_final_accounts.txt")
    assert cells["财政拨款“三公”经费/合计/决算数"] == "19.86"
    assert cells["财政拨款“三公”经费/公务用车购置及运行维护费/小计/决算数"] == "19.56"
    assert not any("购置费" in c or "运行费" in c for c in cells)
    assert "30.67 19.56" in row.note


def test_san_gong_parts_equal_to_each_other_are_not_told_apart():
    # 「11.49 3.04 0 0 9.38 2.64 0 0 9.38 2.64 2.11 0.40」: 购置 0/运行 9.38 or the other way round
    # (小计 prints the same pair) — the two stay in the note
    cells, _ = _sangong(FRESH / "shanghai_putuo_culture_tourism_bureau_2025_final_accounts.txt")
    assert cells["财政拨款“三公”经费/合计/决算数"] == "3.04"
    assert cells["财政拨款“三公”经费/公务接待费/决算数"] == "0.40"
    assert not any("购置费" in c or "运行费" in c for c in cells)


def test_tables_found_in_every_putuo_text():
    counts = {}
    for f in sorted(CORPUS.glob("shanghai_putuo_*.txt")):
        doc = parse_text(f)
        counts[f.name] = (len(doc.tables), doc.pages)
    assert all(n >= 9 and pages for n, pages in counts.values()), counts


def test_table_with_figures_shifted_against_its_rows_gives_no_figure():
    # 文旅局 2025 决算 pp.15–16: 「208 社会保障和就业支出 44.54 44.54」 while its 款 print 361.85 and
    # 370.37 — the figures are shifted against the names; no figure of this table may answer
    doc = parse_text(FRESH / "shanghai_putuo_culture_tourism_bureau_2025_final_accounts.txt")
    table = _table(doc, "一般公共预算财政拨款支出决算表")
    assert table.pages == [15, 16]
    assert not any(r.cells for r in table.rows)
    assert "44.54" in _row(table, "208").note and "对不上" in table.note
    # the 支出决算表 of the same document adds up and keeps its figures
    assert _row(_table(doc, "支出决算表"), "207").cells[0].raw == "17,130.42"


def test_a_table_adding_up_is_kept():
    table = _table(parse_text(FINAL), "一般公共预算财政拨款支出决算表")
    assert _row(table, label="合计").cell("一般公共预算财政拨款支出决算数/项目支出").raw == "1,367.75"


def test_name_wrapped_around_a_coded_row():
    # 「机关事业单位职业年金缴 / 2080506 257.14 257.14 / 费支出」, and 「一般公共服务支 / 201 306.90 306.90 /
    # 出」 right under the header (no longer read as a header line, so the header is certain)
    doc = parse_text(CORPUS / "shanghai_putuo_shiquanlu_subdistrict_2025_final_accounts.txt")
    table = _table(doc, "一般公共预算财政拨款支出决算表")
    row = _row(table, "2080506")
    assert row.label == "机关事业单位职业年金缴费支出"
    assert row.cell("合计").raw == "257.14"
    assert _row(table, "201").label == "一般公共服务支出"
    assert _row(table, "2080505").cell("项目支出").raw == "41.46"


def test_wrapped_column_whose_place_changes_a_figure_is_not_placed():
    # 收入决算表: 「附属单位上缴 / 收入」 wrapped out of the main line; 「合计 4,733.14 4,733.14 0.00 …」 reads
    # 财政拨款收入 4,733.14 or (附属单位上缴收入 first) 0.00 — the sums cannot tell, so it is not placed;
    # 上级补助收入 is 0.00 in every reading
    row = _row(_table(parse_text(FINAL), "收入决算表"), label="合计")
    cells = {c.column: c.raw for c in row.cells}
    assert "财政拨款收入/决算数" not in cells and "附属单位上缴收入/决算数" not in cells
    assert cells["本年收入合计/决算数"] == "4,733.14" and cells["上级补助收入/决算数"] == "0.00"
    assert "4,733.14 0.00" in row.note
