"""Follow-ups over government budget reports and final-account books (issue 11, conversations of
batch 5), each test one cause, on real documents through ``Engine.ask`` with the answers so far:

- a two-year report asked about its draft year keeps that year for the follow-ups (「增长百分之几」
  takes the rate of the sentence answered, 「支出呢」「市本级呢」「其中教育」 stay in the draft);
- a part printed after 其中 is read under its sentence's whole, and the conversation keeps that
  whole (「专项债务呢」 then 「市本级呢」 after 「债务余额」 is not the 限额 sentence's 专项债务); parts of
  other wholes, and a report's 全市 and 市本级 figures, are no disagreement to warn of;
- a share carried over to 「卫生健康呢」, none being printed, answers its amount;
- a cell of a table by area: 「余额呢」「其中专项债务」「乌鲁木齐呢」「专项债务限额呢」 keep the place or the
  measure; 「占全区的比例」 is computed from the place's cell and the region's total row;
- a numbered block of a book's statement (七、2021年地方政府债务限额 with 一般债务/专项债务 under it,
  columns 本地区/本级): 「省本级呢」 reads the row's 本级 column, 「专项债务呢」 the part under that block;
- 「2021年末…余额」 is not the row 「2020年末…余额」; a printed −30.9 asked 「下降了百分之几」 is 下降30.9%;
- 「占一般性转移支付的比例」 divides by the whole named, not by the document's total;
- the whole Hebei book: a follow-up reads on in the paragraph the last answer quoted (三公 → 公务接待费
  → 比上年增加), and a rounded narrative figure is not "corroborated" by an unrelated cell near it.

The expected figures were read off the documents by hand (page or table in each comment).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import chat, value

from qa.engine import Engine
from tests.conftest import facts_engine

WILD = Path(__file__).parent / "corpus" / "wild"
EVAL_WILD = Path(__file__).parent.parent / "eval" / "docs" / "wild"
YI = Decimal(100_000_000)


def _engine(tmp: Path, *files: Path) -> Engine:
    return facts_engine(tmp, files)


@pytest.fixture(scope="module")
def huaian(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _engine(
        tmp_path_factory.mktemp("huaian"),
        WILD / "jiangsu_huaian_2025_budget_execution_and_2026_draft_report.pdf",
    )


@pytest.fixture(scope="module")
def debt(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _engine(
        tmp_path_factory.mktemp("debt"), WILD / "xinjiang_region_2019_government_debt_final_table.xlsx"
    )


@pytest.fixture(scope="module")
def hebei(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _engine(
        tmp_path_factory.mktemp("hebei"), WILD / "hebei_province_2021_government_final_accounts_excerpt.pdf"
    )


# ------------------------------------------------------------------ a two-year report's sentences
def test_the_draft_year_asked_stays_for_the_follow_ups(huaian: Engine) -> None:
    # 报告二(一) p8: 「全市一般公共预算收入342亿元，增长2%。」「…全市一般公共预算支出725.8亿元，增长1%」
    # 「市本级…一般公共预算支出124.8亿元…」「市本级当年安排的一般公共预算支出主要情况是：…教育13.9亿元」
    # (the 2025 execution prints 335.3亿元 增幅3% and 全市完成一般公共预算支出718.3亿元)
    income, rate, spent, own, education = chat(
        huaian,
        "淮安2026年全市一般公共预算收入预算安排多少",
        "增长百分之几？",
        "支出呢",
        "市本级呢？",
        "其中教育安排了多少",
    )
    assert value(income) == 342 * YI, income.text
    assert value(rate) == 2, rate.text
    assert value(spent) == Decimal("725.8") * YI, spent.text
    assert value(own) == Decimal("124.8") * YI, own.text
    # 「…，其中当年安排一般公共预算支出101.3亿元」 is a part of that sentence, not a disagreement
    assert not any("不一致" in w for w in own.warnings), own.warnings
    assert value(education) == Decimal("13.9") * YI, education.text


def test_a_part_after_qizhong_is_read_under_its_whole(huaian: Engine) -> None:
    # p2: 「全市地方政府债务限额1329.5亿元，其中…专项债务880.8亿元」「全市地方政府债务余额1304.5亿元，其中…
    # 专项债务866.1亿元」「市本级地方政府债务限额287亿元，其中…专项债务191.7亿元」「市本级地方政府债务余额
    # 278亿元，其中一般债务92.1亿元、专项债务185.9亿元」
    whole, part, own = chat(huaian, "淮安到2025年底政府债务余额是多少？", "专项债务呢", "市本级呢")
    assert value(whole) == Decimal("1304.5") * YI, whole.text
    assert value(part) == Decimal("866.1") * YI, part.text
    # the 限额 sentence's and 市本级's 专项债务 are parts of other wholes, not a disagreement
    assert not any("不一致" in w for w in whole.warnings + part.warnings), (whole.warnings, part.warnings)
    assert value(own) == Decimal("185.9") * YI, own.text


def test_a_carried_share_none_printed_answers_the_amount(huaian: Engine) -> None:
    # p5–6: 「全年民生领域支出553.9亿元，占一般公共预算支出77.1%，其中：…卫生健康支出63.1亿元，增长8.3%」
    _, share, health = chat(huaian, "淮安市2025年民生领域支出多少钱", "占一般公共预算支出多少", "卫生健康呢")
    assert value(share) == Decimal("77.1"), share.text
    assert health.kind == "figure" and value(health) == Decimal("63.1") * YI, health.text


# ------------------------------------------------------------------ a table by area
def test_a_place_cell_keeps_its_place_or_its_measure(debt: Engine) -> None:
    # 表4-1: 新疆维吾尔自治区 限额 4,978.30, 余额 4,594.49, 余额/专项债务 1,322.55; 乌鲁木齐市 余额/专项债务 677.27
    limit, balance, special, urumqi = chat(
        debt, "新疆2019年地方政府债务限额是多少", "余额呢？", "其中专项债务", "乌鲁木齐呢"
    )
    assert value(limit) == Decimal("4978.30") * YI, limit.text
    assert value(balance) == Decimal("4594.49") * YI, balance.text
    assert value(special) == Decimal("1322.55") * YI, special.text
    assert value(urumqi) == Decimal("677.27") * YI, urumqi.text
    assert urumqi.sources[0].column == "2019年债务余额（决算数）/专项债务"


def test_the_own_level_row_then_a_part_of_its_measure(debt: Engine) -> None:
    # 表4-1 新疆维吾尔自治区本级: 限额 1,142.38, 限额/专项债务 28.90 (the region's is 1,488.41)
    own, special, wan = chat(debt, "新疆2019年自治区本级的债务限额多少？", "专项债务限额呢", "换成万元")
    assert value(own) == Decimal("1142.38") * YI, own.text
    assert value(special) == Decimal("28.90") * YI, special.text
    assert "289000.00万元" in wan.text, wan.text


def test_share_of_the_whole_region_is_computed_from_cited_cells(debt: Engine) -> None:
    # 表4-1 喀什地区 余额 213.28, 新疆维吾尔自治区 余额 4,594.49: 4.64%, not printed
    _, share = chat(debt, "新疆2019年喀什地区的债务余额多少？", "占全区的比例是多少")
    assert share.kind == "figure" and value(share) == Decimal("4.64"), share.text
    calc, part, whole = share.sources[:3]
    assert calc.quote.startswith("计算：") and "213.28亿元" in calc.quote and "4,594.49亿元" in calc.quote
    assert part.column == whole.column == "2019年债务余额（决算数）"
    assert share.warnings, "a computed share says so"


# ------------------------------------------------------------------ a book's numbered statement
def test_year_end_row_then_limit_then_own_level_then_its_part(hebei: Engine) -> None:
    # §12 (p10 of the excerpt): 六、2021年地方政府债务余额决算数 本地区 13,226.37; 七、2021年地方政府
    # 债务限额 本地区 14,842.10 本级 1,008.68, its 专项债务 本级 91.00 (一、2020年末…余额 11,016.40 is
    # the year before; the 2020 block's 专项债务 本级 is 81.00)
    balance, limit, own, special = chat(
        hebei, "河北全省2021年末地方政府债务余额多少", "限额呢", "省本级呢？", "专项债务呢"
    )
    assert value(balance) == Decimal("13226.37") * YI, balance.text
    assert value(limit) == Decimal("14842.10") * YI, limit.text
    assert value(own) == Decimal("1008.68") * YI, own.text
    assert own.sources[0].column == "本级"
    assert value(special) == Decimal("91.00") * YI, special.text


def test_a_printed_fall_is_answered_by_its_size_and_direction(hebei: Engine) -> None:
    # §2 (全省) 九、节能环保支出 决算数 3516498 比上年（可比）+-％ -30.9
    _, fall = chat(hebei, "河北全省2021年节能环保支出多少", "比上年下降了百分之几？")
    assert value(fall) == Decimal("30.9") and "下降30.9%" in fall.text, fall.text


def test_a_share_of_a_named_whole_divides_by_that_whole(hebei: Engine) -> None:
    # §2 省本级 (p5 of the excerpt): 转移支付支出 32517670, 其中 一般性转移支付 27504539 (万元): 84.58%,
    # not printed (the document's own total would give another share)
    part, share = chat(hebei, "一般性转移支付决算数是多少", "占转移支付支出的比例")
    assert value(part) == 27504539 * Decimal(10_000), part.text
    assert value(share) == Decimal("84.58"), share.text
    calc = share.sources[0].quote
    assert calc.startswith("计算：") and "27504539.00万元" in calc and "32517670.00万元" in calc, calc


# ------------------------------------------------------------------ the whole Hebei book (its narrative)
@pytest.fixture(scope="module")
def hebei_book(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _engine(
        tmp_path_factory.mktemp("hebei_book"), EVAL_WILD / "hebei_province_2021_government_final_accounts.pdf"
    )


def test_a_follow_up_reads_on_in_the_paragraph_quoted(hebei_book: Engine) -> None:
    # 第三部分§3 (p103): 「…“三公”经费年初预算安排2.8亿元，本年支出1.43亿元，比年初预算少1.37亿元…」
    # 「公务接待费预算安排3160.93万元，支出1441.22万元，比年初预算少1719.71万元，比上年增加445.01万元」
    # (§4's table prints 公务接待费 of 省本级 基本支出: 874 / 169万元, another scope)
    spent, budget, hosting, change = chat(
        hebei_book,
        "河北省级2021年三公经费实际花了多少钱？",
        "年初预算是多少",
        "公务接待费呢",
        "比上年增加了多少？",
    )
    assert value(spent) == Decimal("1.43") * YI, spent.text
    assert value(budget) == Decimal("2.8") * YI, budget.text  # not 「比年初预算少1.37亿元」
    assert value(hosting) == Decimal("1441.22") * 10_000, hosting.text
    assert value(change) == Decimal("445.01") * 10_000, change.text


def test_a_rounded_figure_is_not_corroborated_by_an_unrelated_cell(hebei_book: Engine) -> None:
    # 第三部分§4 (p104): 「2021年省级机关运行经费支出12.43亿元」; 市场监督管理事务 决算数 124232万元 (p12)
    # rounds to 12.42亿元: no exact form of it
    ans = hebei_book.ask("2021年省级机关运行经费多少")
    assert value(ans) == Decimal("12.43") * YI, ans.text
    assert all(s.table is None and "市场监督" not in (s.row or "") for s in ans.sources), ans.sources


def test_a_change_asked_both_ways_keeps_its_printed_sign(tmp_path: Path) -> None:
    # 武汉 表一 契税 执行数比上年+,-% -27.1: 「增减了多少%」 is the signed figure, 「下降了百分之几」 its size
    engine = _engine(tmp_path, WILD / "hubei_wuhan_2025_general_budget_revenue_execution_table.pdf")
    signed = engine.ask("武汉契税比上年增减了多少%")
    fall = engine.ask("武汉契税比上年下降了百分之几")
    assert value(signed) == Decimal("-27.1"), signed.text
    assert value(fall) == Decimal("27.1") and "下降27.1%" in fall.text, fall.text
