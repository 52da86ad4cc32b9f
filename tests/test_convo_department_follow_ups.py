"""Follow-up causes of the wild conversations over department budgets (session 11), each test one
cause, on real documents through the conversation API (``Engine.ask`` with the answers so far).

- 「部门预算一共多少」 is the all-funds 收支总表 total, and 「基本支出呢」「项目支出呢」 after it read the
  totals row that prints that whole (not a one-fund table's own 基本支出);
- a subject made of two column words (一般公共预算项目支出) is the totals cell of that table;
- a name ending in a column word (临聘人员经费) still matches its row: table and narrative disagree,
  the table cell answers and the narrative figure is reported beside it;
- a paragraph whose indented first line wrapped early is one sentence (211 | 万元);
- 「比上年增加了多少」 after the whole budget reads 「2026年预算比2025年预算增加…」;
- 「去年呢」 of a table headed by years reads the year before the document's column;
- 「今年安排买几辆」 reads the purchase, never the stock;
- 「服务类多少」 in a conversation about procurement reads the procurement table;
- counts: a price threshold (单价50万以上…有几台) and a count named by its verb (接待1次);
- 「农村电影放映那块呢」: 那块 is phrasing;
- a follow-up reads the narrative section the conversation quotes (各单位培训费 vs 基本支出表).

The expected figures were read off the documents by hand (table or section in each comment).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import chat, value

from index.pdf_parser import parse_pdf
from qa.engine import Engine
from tests.conftest import facts_engine

EVAL_WILD = Path(__file__).resolve().parent.parent / "eval" / "docs" / "wild"
FILES = tuple(
    EVAL_WILD / name
    for name in (
        "chongqing_commerce_commission_2026_budget.pdf",
        "beijing_audit_bureau_2026_budget_tables.pdf",
        "jilin_changchun_petition_bureau_2026_budget.pdf",
        "shaanxi_xian_party_publicity_dept_2021_budget.pdf",
        "shaanxi_xian_hrss_bureau_2020_budget.pdf",
        "guangdong_foshan_rail_transit_bureau_2019_final_accounts.pdf",
        "zhejiang_huzhou_finance_bureau_2026_budget.pdf",
    )
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A facts-only store of six department budgets and one final account."""
    return facts_engine(tmp_path_factory.mktemp("department_follow_ups"), FILES)


def test_whole_budget_then_its_parts_from_the_table_printing_that_whole(engine: Engine) -> None:
    # 重庆 表一 部门收支总体情况表 合计 174,900.64; 表三 部门支出总体情况表 合计: 总计 174,900.64,
    # 基本支出 56,633.49, 项目支出 118,267.14 (表四 财政拨款 支出合计 143,368.57 and 表六 一般公共预算
    # 基本支出 43,436.09 are parts of other wholes)
    whole, basic, project = chat(
        engine, "重庆市商务委2026年部门预算一共多少钱？", "那基本支出呢", "项目支出呢？"
    )
    assert value(whole) == 1749006400, whole.text
    assert value(basic) == 566334900, basic.text
    assert value(project) == 1182671400, project.text
    for part in (basic, project):
        cited = part.sources[part.figures[0].source]
        assert "一般公共预算" not in (cited.table or "") and "财政拨款" not in (cited.table or ""), part.text


def test_two_column_words_name_the_totals_cell_then_the_other_column(engine: Engine) -> None:
    # 北京市审计局 预算05表 一般公共预算支出表 合计: 基本支出 25,218.537585, 项目支出 7,583.399054 (万元)
    project, basic = chat(engine, "北京市审计局一般公共预算项目支出多少", "基本支出呢")
    assert value(project) == Decimal("75833990.54"), project.text
    assert value(basic) == Decimal("252185375.85"), basic.text


def test_name_ending_in_a_column_word_matches_its_row_and_reports_the_narrative(engine: Engine) -> None:
    # 长春 预算表9 项目支出表 「信访局临聘人员经费」 16.56; 说明八 p18 「信访局临聘人员经费15.56万元」
    ans = engine.ask("长春市信访局临聘人员经费是多少")
    assert value(ans) == 165600, ans.text
    assert any("15.56" in w and "16.56" in w for w in ans.warnings), ans.warnings


def test_paragraph_whose_first_line_wrapped_early_is_one_sentence(engine: Engine) -> None:
    # 长春 说明九 p18: 「…系统机关运行经费预算总计211」 / 「万元，占基本支出经费的17.46%，…」 (one sentence
    # whose first, indented line happens to sit centred on the page)
    doc = parse_pdf(EVAL_WILD / "jilin_changchun_petition_bureau_2026_budget.pdf")
    assert any("预算总计211万元，占基本支出经费的17.46%" in p.text for p in doc.paragraphs)
    amount, share = chat(
        engine, "长春市信访局有多少人？", "信访局的机关运行经费多少", "占基本支出的比例是多少"
    )[1:]
    assert value(amount) == 2110000, amount.text
    assert value(share) == Decimal("17.46"), share.text


def test_change_of_the_years_budget_after_the_whole(engine: Engine) -> None:
    # 长春 说明一: 「2026年预算比2025年预算增加50.32万元，增长3.08%」 after 项目支出预算474.56万元
    total, change = chat(engine, "长春市信访局2026年收入预算多少", "比上年增加了多少")
    assert value(total) == 16827600, total.text
    assert value(change) == 503200, change.text


def test_last_year_reads_the_column_of_the_year_before(engine: Engine) -> None:
    # 西安宣传部 表13 (2021 budget): 2021年 “三公”经费 小计 65,100.00; 2020年 小计 160,000.00 (元)
    now, before = chat(engine, "中共西安市委宣传部三公经费多少？", "去年呢")
    assert value(now) == 65100, now.text
    assert value(before) == 160000, before.text
    assert not any("计算" in w for w in before.warnings), before.warnings  # printed, not computed


def test_how_many_to_buy_reads_the_purchase_not_the_stock(engine: Engine) -> None:
    # 西安宣传部 七: 「截止2020年底…共有车辆4辆」; 「2021年当年部门预算安排购置车辆0辆」
    stock, bought = chat(engine, "西安市委宣传部有几辆车", "今年安排买几辆")
    assert value(stock) == 4 and value(bought) == 0, (stock.text, bought.text)


def test_procurement_conversation_reads_procurement_rows(engine: Engine) -> None:
    # 北京市审计局 预算10表 政府采购预算明细表: C-服务 4,749.949530 (万元); 预算11表 购买服务 rows differ
    _, services = chat(engine, "北京市审计局的政府采购预算是多少", "服务类多少")
    assert value(services) == Decimal("47499495.30"), services.text


def test_numbered_table_total_and_a_group_header(engine: Engine) -> None:
    # 重庆 表九 2026年政府采购预算明细表 合计 总计 6,546.82; 西安人社 表13 2020年 公务用车购置及运行维护费
    # 小计 26.00 (购置 0.00, 运行维护费 26.00)
    ans = engine.ask("重庆市商务委员会的政府采购预算总额是多少")
    assert value(ans) == 65468200, ans.text
    car = engine.ask("西安市人社局2020年公务用车购置及运行维护费多少")
    assert value(car) == 260000, car.text


def test_counts_by_price_threshold_and_by_verb(engine: Engine) -> None:
    # 佛山轨道交通 说明三(二)3: 「发生国内接待1次，接待人数共13人」; (三): 「单价50万元以上通用设备0台（套）」
    _, visits, people = chat(engine, "佛山轨道交通局有几辆公车？", "那年公务接待了几次", "接待了多少人")
    assert value(visits) == 1 and visits.figures[0].unit == "次", visits.text
    assert value(people) == 13, people.text
    devices = engine.ask("佛山市轨道交通局单价50万以上的通用设备有几台")
    assert devices.kind == "figure" and value(devices) == 0 and "台" in devices.figures[0].unit, devices.text


def test_that_part_phrase_is_not_a_name(engine: Engine) -> None:
    # 西安宣传部 表10 农村电影放映工程市级财政专项补贴 3,381,600.00 (元)
    ans = chat(engine, "西安市委宣传部文化产业发展专项资金有多少", "农村电影放映那块呢")[-1]
    assert value(ans) == 3381600, ans.text


def test_follow_up_reads_the_section_the_conversation_quotes(engine: Engine) -> None:
    # 湖州 （十）其他重要事项: 「各单位会议费预算0.00万元，比上年预算数减少9.66万元」「各单位培训费预算54.98万元」
    # 「各单位差旅费预算34.10万元」; the bureau's 基本支出表 prints 培训费 40.98, 差旅费 11.06 (another scope)
    meeting, _, training, travel = chat(
        engine, "湖州财政局会议费预算多少", "比上年减少了多少", "那培训费安排了多少", "差旅费"
    )
    assert value(meeting) == 0, meeting.text
    assert value(training) == 549800, training.text
    assert value(travel) == 341000, travel.text
    assert any("40.98" in w for w in training.warnings), training.warnings  # the table cell is reported
    alone = engine.ask("湖州市财政局培训费多少")  # asked alone, the table answers as before
    assert value(alone) == 409800, alone.text
