"""Conversations and many-document questions on documents nobody tuned for (session 12): the nine
上海市普陀区 budgets and final accounts of ``eval/docs/fresh``, one facts-only store, each test one
cause, through the conversation API (``Engine.ask`` with the answers so far).

- short names of two joined words (文化和旅游局 → 文旅局, 建设和管理委员会 → 建管委);
- 「其中基本支出多少」 after a row reads that row's column, not the department's whole;
- a follow-up reads on in the quoted paragraph and the section after it (「留给中小企业的是多少」
  after the 政府采购预算; 「小微企业呢」), by the words of the figure's own clause;
- 「为什么」 after a change: the reason printed in the paragraph right after it, or at the second
  place the figure is printed in its paragraph; 「这部分钱主要干嘛用」 after a table figure: the use
  printed after the sentence restating it;
- 「多了多少」 answered by a decrease is negative, citing a source that states so;
- 去年 over final accounts is the year they report, 上年 the year before;
- across documents: two departments each in its own year, 「谁的…多？差多少？」, a counted change;
- 「有几辆公务车」「还要买吗，买几辆」.

The expected figures were read off the documents by hand (page and line in each comment).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from figure_helpers import chat, check_grounded, value

from index.store import Store
from qa.engine import Engine
from tests.conftest import facts_engine

FRESH = Path(__file__).resolve().parent.parent / "eval" / "docs" / "fresh"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A facts-only store of the nine Putuo documents."""
    return facts_engine(tmp_path_factory.mktemp("convo_fresh"), sorted(FRESH.glob("*.txt")))


def test_short_name_of_two_joined_words(engine: Engine) -> None:
    # 文旅 2025 决算 p28: 「“三公”经费财政拨款支出…年初预算为 11.49 万元」; 建管委 2026 p9 支出总计
    # 3,286,618,082.20
    culture = engine.ask("普陀文旅局2025年三公经费年初预算是多少")
    assert culture.kind == "figure" and "文化和旅游局" in culture.sources[0].department, culture.text
    assert value(culture) == 114900, culture.text
    works = engine.ask("建管委2026年支出总计多少")
    assert value(works) == Decimal("3286618082.20"), works.text


def test_part_column_of_the_row_just_given(engine: Engine) -> None:
    # 万里 2025 p17 部门支出预算总表: 212 城乡社区支出 154,369,326 77,381,546 76,987,780
    whole, basic = chat(engine, "万里街道2025年城乡社区支出预算多少", "其中基本支出多少")
    assert value(whole) == 154369326, whole.text
    assert value(basic) == 77381546, basic.text


def test_follow_up_reads_on_in_the_quoted_section(engine: Engine) -> None:
    # 城管 2026 p21: 「2026年本部门政府采购预算595.28万元…」 then 「2026年本部门面向中小企业预留政府采购
    # 项目预算金额343.49万元，其中，预留给小型和微型企业的政府采购项目预算为178.85万元。」
    total, small, smallest = chat(
        engine, "城管局2026年政府采购预算多少", "留给中小企业的是多少", "小微企业呢"
    )
    assert value(total) == 5952800, total.text
    assert value(small) == 3434900, small.text
    check_grounded(small, small.figures[0])
    assert value(smallest) == 1788500, smallest.text


def test_clause_of_the_figure_names_it(engine: Engine) -> None:
    # 文旅 2025 决算 p31: 「…面向中小企业预留政府采购项目预算金额 3602.16 万元…。在面向中小企业预留的政府
    # 采购项目中，由中小企业供应商中标或成交的，采购金额 1913.49 万元；在面向小微企业…1622.80 万元；在其他
    # 政府采购项目中，由中小企业供应商中标或成交的，采购金额 0 万元。」
    _, won = chat(
        engine, "文旅局2025年面向中小企业预留的政府采购预算是多少？", "其中中小企业中标的金额是多少"
    )
    assert value(won) == 19134900, won.text


def test_reason_in_the_paragraph_after_the_change(engine: Engine) -> None:
    # 城管 2026 p6: 「…财政拨款支出预算4748.35万元，比2025年预算减少19.79万元。…」 and, as its own
    # paragraph, 「财政拨款收入支出减少的主要原因是项目支出减少。」
    _, change, why = chat(engine, "城管局2026年支出预算是多少", "比2025年多了多少", "什么原因")
    assert value(change) == -197900, change.text
    assert "-19.79万元" in change.sources[change.figures[0].source].quote, change.sources[0]
    assert any("减少" in w or "负数" in w for w in change.warnings), change.warnings
    assert "项目支出减少" in why.text, why.text


def test_reason_at_the_second_place_the_figure_is_printed(engine: Engine) -> None:
    # 石泉路 2025 决算 p36: 「…其他城乡社区公共设施支出（项）”615.12 万元，主要用于：…年初预算为 1,190.14
    # 万元，支出决算为 615.12 万元…决算数小于预算数的主要原因：调减“管弄综合片区建设费”项目…」
    spent, why = chat(engine, "石泉路街道其他城乡社区公共设施支出2025年决算数是多少", "怎么没花完")
    assert value(spent) == 6151200, spent.text
    assert "管弄综合片区建设费" in why.text, why.text


def test_use_of_a_table_figure_is_read_where_a_sentence_restates_it(engine: Engine) -> None:
    # 建管委 2026 p9 政府性基金预算 2,792,857,000.00; p8 「城市建设支出（项）279,285.70万元，主要用于水环境
    # 治理、雨污混接整治…」
    fund, use = chat(engine, "建管委2026年政府性基金预算多少", "这部分钱主要干嘛用")
    assert value(fund) == 2792857000, fund.text
    assert use.kind == "passage" and "水环境治理" in use.text, use.text


def test_last_year_over_final_accounts_is_the_year_they_report(engine: Engine) -> None:
    # 生态环境局 2025 决算 p28: 「机关运行经费支出185.41万元，比2024年度增加4.68 万元」
    spoken = engine.ask("生态环境局去年机关运行经费支出多少")
    assert value(spoken) == 1854100, spoken.text
    change = engine.ask("生态环境局2025年机关运行经费比上年增加多少")
    assert value(change) == 46800, change.text


def test_more_asked_of_a_decrease_beside_unchanged_funds(engine: Engine) -> None:
    # 城管 2026: 财政拨款支出预算 「比2025年预算减少19.79万元」 beside 国有资本经营/政府性基金 「与2025年预算持平」:
    # 「多多少」 finds no increase, so the decrease answers, signed; a 持平 is of no way asked
    _, change = chat(engine, "区城管执法局2026年预算多少？", "比去年多多少")
    assert value(change) == -197900, change.text


def test_two_departments_each_in_its_own_year(engine: Engine) -> None:
    # 城管 2026 p8 支出总计 47,483,458; 万里 2025 p9 支出总计 189,767,551
    ans = engine.ask("区城管执法局2026年支出总计比万里街道2025年少多少")
    assert ans.kind == "figure" and abs(value(ans)) == 142284093, ans.text
    assert "2026年" in ans.sources[0].quote and "2025年" in ans.sources[0].quote, ans.sources[0].quote


def test_which_of_two_is_larger_and_by_how_much(engine: Engine) -> None:
    # 石泉路 2025 决算 p41 政府采购金额（以合同签订为准）为1062.09万元; 生态环境局 p28 372.34万元
    ans = engine.ask("生态环境局和石泉路街道2025年谁的政府采购金额少？差多少？")
    assert value(ans) == 6897500, ans.text


def test_counted_change_between_a_budget_and_a_final_account(engine: Engine) -> None:
    # 文旅 2026 预算 p26 「编报绩效目标的项目39个」; 2025 决算 p30 「编报绩效目标的2025年度项目43个」
    ans = engine.ask("文旅局编报绩效目标的项目2026年比2025年少了几个")
    assert value(ans) == 4 and ans.figures[0].unit == "个", ans.text


def test_official_cars_counted_and_bought(engine: Engine) -> None:
    # 万里 2025 p30: 「…共有车辆8辆…」「2025年部门预算安排购置车辆1辆」
    cars, bought = chat(engine, "万里街道2025年有几辆公务车", "今年还要买吗，买几辆")
    assert value(cars) == 8, cars.text
    assert value(bought) == 1, bought.text


# --- 福建 平潭 narrative-only pages (session 13): one line each, 万元 figures in sentences ----------

PINGTAN = Path(__file__).resolve().parent.parent / "eval" / "docs" / "pingtan10"


@pytest.fixture(scope="module")
def pingtan(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A facts-only store of two township governments, a bureau's final accounts and a budget."""
    return facts_engine(tmp_path_factory.mktemp("convo_pingtan"), sorted(PINGTAN.glob("*.txt")))


def test_township_government_is_asked_by_its_township(pingtan: Engine) -> None:
    # 东庠乡 2017 决算: 「年末公务用车保有量1辆」; 白青乡 2017 决算: 「年末公务用车保有量2辆」
    first, other = chat(pingtan, "东庠乡2017年年末公务用车保有量是多少辆？", "那白青乡呢？")
    assert value(first) == 1 and "东庠乡" in first.sources[0].department, first.text
    assert value(other) == 2 and "白青乡" in other.sources[0].department, other.text


def test_township_switch_mid_conversation_reads_the_new_document(pingtan: Engine) -> None:
    # 白青乡: 「“三公”经费一般公共预算拨款2.02万元」; 东庠乡: 「…0.86万元」
    *_, baiqing, dongxiang = chat(
        pingtan, "农村发展局2018年部门收入预算是多少？", "白青乡2017年三公经费多少？", "那东庠乡呢？"
    )
    assert value(baiqing) == 20200, baiqing.text
    assert value(dongxiang) == 8600, dongxiang.text


def test_whole_spending_its_basic_part_and_share(pingtan: Engine) -> None:
    # 白青乡 2017: 「（二）2017年支出1,652.79万元」「1.基本支出1,003.81万元」; 1003.81 ÷ 1652.79 = 60.73%
    whole, basic, share = chat(pingtan, "白青乡2017年一共支出了多少钱？", "那基本支出呢？", "占总支出多少？")
    assert value(whole) == 16527900, whole.text
    assert value(basic) == 10038100, basic.text
    assert value(share) == Decimal("60.73"), share.text


def test_department_whose_name_starts_with_a_place_character(pingtan: Engine) -> None:
    # 市场监督管理局 2017: 「“三公”经费一般公共预算拨款40.75万元，同比下降39.00%」; the 市 of 市场 is no
    # place to cut off (the question's subject was 「市三公经费」)
    spent, change = chat(pingtan, "市场监督管理局2017年三公经费花了多少？", "比上年降了百分之几？")
    assert value(spent) == 407500, spent.text
    check_grounded(spent, spent.figures[0])
    assert abs(value(change)) == Decimal("39.00"), change.text


def test_part_of_a_whole_is_not_the_whole_again(pingtan: Engine) -> None:
    # 市场监督管理局 2017: 「政府采购支出总额814.42万元，其中：政府采购货物支出698.06万元、…」
    whole, goods, in_yuan = chat(
        pingtan, "市场监督管理局2017年政府采购支出总额是多少？", "其中货物采购呢？", "换成元"
    )
    assert value(whole) == 8144200, whole.text
    assert value(goods) == 6980600, goods.text
    check_grounded(goods, goods.figures[0])
    assert value(in_yuan) == 6980600 and "6,980,600元" in in_yuan.text, in_yuan.text


PINGTAN9 = Path(__file__).resolve().parent.parent / "eval" / "docs" / "pingtan9"


def test_share_of_a_part_is_of_the_whole_asked_before(tmp_path: Path) -> None:
    # 卫计局 2017 决算: 「（一）2017年收入65805.52万元」「2.事业收入28900.46万元」 → 43.92% of 收入 (not of
    # 本年支出, the document's total)
    store = Store(tmp_path, retrieval=False)
    store.ingest([PINGTAN9 / "pingtan_health_bureau_2017_final_accounts.txt"])
    engine = Engine(store, auto_ingest=False)
    whole, part, share = chat(engine, "卫计局2017年收入总共多少", "其中事业收入呢", "占多少")
    assert value(whole) == 658055200, whole.text
    assert value(part) == 289004600, part.text
    assert value(share) == Decimal("43.92"), share.text


def test_beginning_of_year_after_the_end_of_year(tmp_path: Path) -> None:
    # 卫计局 2017: 「年末结转和结余19161.66万元」「年初结转和结余7961.51万元」; 教育局 2017: 「区教育局年初
    # 结转和结余18,174.56万元」
    store = Store(tmp_path, retrieval=False)
    store.ingest(
        [
            PINGTAN9 / "pingtan_health_bureau_2017_final_accounts.txt",
            PINGTAN9 / "pingtan_education_bureau_2017_final_accounts.txt",
        ]
    )
    engine = Engine(store, auto_ingest=False)
    end, start, other = chat(engine, "卫计局2017年年末结转和结余多少", "年初呢", "那教育局呢")
    assert value(end) == 191616600, end.text
    assert value(start) == 79615100, start.text
    assert value(other) == 181745600, other.text


def test_count_asked_of_a_money_figure_reads_its_sentence(tmp_path: Path) -> None:
    # 教育局 2017: 「公务用车运行费11.00万元，…年末公务用车保有量4辆」 (its 国有资产 section prints 「车辆31辆」);
    # 卫计局 2017: 「…年末公务用车保有量8辆」 (国有资产: 17辆)
    store = Store(tmp_path, retrieval=False)
    store.ingest(
        [
            PINGTAN9 / "pingtan_health_bureau_2017_final_accounts.txt",
            PINGTAN9 / "pingtan_education_bureau_2017_final_accounts.txt",
        ]
    )
    engine = Engine(store, auto_ingest=False)
    money, cars, other = chat(engine, "教育局2017年公务用车运行费是多少", "年末保有多少辆", "那卫计局呢")
    assert value(money) == 110000, money.text
    assert value(cars) == 4 and "保有量" in cars.figures[0].label, cars.text
    assert value(other) == 8, other.text


def test_the_units_under_a_body_listed_after_their_count(engine: Engine) -> None:
    # 「下面有几家事业单位」「都是哪些」: 下面 says whose units (the ones under the body), it is kept with the noun;
    # only 「下面那些…」 merely points
    count, listed = chat(engine, "区建管委下面有几家事业单位？", "都是哪些")
    assert value(count) == 4, count.text
    assert listed.kind == "list", listed.text
    assert "上海市普陀区交通管理中心" in listed.text and "养老" not in listed.text, listed.text
