"""Batch 17 平潭 2016 决算 pages, questions written blind: a 功能分类 code asked of a named item with the level
of the item said (「这个项级科目」) or the code words said short (「功能科目编码」), the code of a department's
own spending (its page printing one coded line, or several), and 「实际在职」 staff counts of a 单位构成 table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from qa.code_follow import item_asked
from qa.engine import Engine
from tests.conftest import facts_engine

DOCS = Path(__file__).parent.parent / "eval" / "docs" / "batch17"
COURT = DOCS / "pingtan_court_2016_final_accounts.txt"
INVEST = DOCS / "pingtan_investment_promotion_bureau_2016_final_accounts.txt"
MARKET = DOCS / "pingtan_market_supervision_bureau_2016_final_accounts.txt"
DUTY_FREE = DOCS / "pingtan_offshore_duty_free_office_2016_final_accounts.txt"
PUBLICITY = DOCS / "pingtan_publicity_dept_2016_final_accounts.txt"


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Engine]:
    """One engine per document, as the gate asks each question of its own document."""
    docs = (COURT, INVEST, MARKET, DUTY_FREE, PUBLICITY)
    return {d: facts_engine(tmp_path_factory.mktemp(d.stem), [d]) for d in docs}


@pytest.mark.parametrize(
    ("asked", "item"),
    [
        ("招商引资这个项级功能分类", "招商引资"),
        ("物价管理支出的功能", "物价管理"),
        ("行政运行该科目", "行政运行"),
        ("提租补贴这一项功能分类", "提租补贴"),
        ("物价管理支出对应", "物价管理"),
        ("食品安全事务支出属于哪一类", "食品安全事务"),
    ],
)
def test_item_whose_code_is_asked(asked: str, item: str) -> None:
    assert item_asked(asked) == item


@pytest.mark.parametrize(
    ("question", "doc", "code"),
    [
        # 「（1）2011308招商引资（项）财政拨款支出1.3万元」
        ("招商引资这个项级科目的功能分类编码是多少？", INVEST, "2011308"),
        # 「（三）〔2010408〕发展与改革事务—物价管理支出3.02 万元」
        ("物价管理支出的功能科目编码是多少？", MARKET, "2010408"),
        ("物价管理支出对应哪个科目编码？", MARKET, "2010408"),
        ("食品安全事务支出属于哪一类科目", MARKET, "2101016"),
        ("物价管理的科目编码？", MARKET, "2010408"),
        ("提租补贴这一项的功能分类编码是多少？", INVEST, "2210202"),
        # the department's own spending, its page's one coded line
        ("离岛免税办的支出列在哪个功能分类科目？给我编码", DUTY_FREE, "2011302"),
    ],
)
def test_code_printed_with_the_item(engines: dict[Path, Engine], question: str, doc: Path, code: str) -> None:
    ans = engines[doc].ask(question)
    assert ans.kind == "passage" and code in ans.text, ans.text
    assert any(code in (s.quote or "") for s in ans.sources)  # cited where the code is printed


def test_code_asked_of_several_documents(tmp_path: Path) -> None:
    # the item's figure is asked of three documents (a question back), its code printed by one of them
    eng = facts_engine(tmp_path, [COURT, INVEST, MARKET])
    ans = eng.ask("执法办案专项支出的功能分类代码是啥")
    assert ans.kind == "passage" and "2011505" in ans.text, ans.text
    assert any("〔2011505〕工商行政管理事务—执法办案专项支出" in s.quote for s in ans.sources)


def test_department_spending_printed_under_several_codes(engines: dict[Path, Engine]) -> None:
    ans = engines[PUBLICITY].ask("宣传部的支出列在哪个功能分类科目编码？")
    assert ans.kind == "passage", ans.text
    for code in ("2013102", "2013301", "2210202"):
        assert code in ans.text and any(code in s.quote for s in ans.sources), ans.text


def test_code_of_an_item_printed_without_one(engines: dict[Path, Engine]) -> None:
    # the court's page names its items (「（一）行政运行财政拨款指出1372.27万元」) with no code
    ans = engines[COURT].ask("法院行政运行的科目编码是多少？")
    assert ans.kind == "not_found" and "1372.27" not in ans.text, ans.text


@pytest.mark.parametrize(
    ("question", "doc", "value", "column"),
    [
        # 「单位名称 经费性质 人员编制数 在职人数 平潭县人民法院 财政核拨 95 87」
        ("法院实际在职多少人？", COURT, "87", "在职人数"),
        ("招商局实际在职有几个人？", INVEST, "7", "在职人数"),
        ("招商局编制有几个人？", INVEST, "11", "人员编制数"),
        # 「…平潭综合实验区市场监督管理局本级财政核拨116128…」: 编制 116, 在职 128 run together
        ("市场监管局本级实际在职多少人？", MARKET, "128", "在职人数"),
    ],
)
def test_staff_count(engines: dict[Path, Engine], question: str, doc: Path, value: str, column: str) -> None:
    ans = engines[doc].ask(question)
    assert ans.kind == "figure" and ans.figures[0].value == Decimal(value) and column in ans.text, ans.text


@pytest.mark.parametrize(
    ("question", "doc", "printed"),
    [
        # the size said (一倍多, 近三成) is no part of the item's name
        ("平潭法院“其他法院支出”为什么涨了一倍多？", COURT, "案件剧增"),
        # 「（一）〔2011501〕行政运行中人员经费2494.47 万元…主要原因是增加文明奖…」: 里的 said for 中
        ("市场监管局行政运行里的人员经费为什么涨了近三成？", MARKET, "增加文明奖"),
        # 「…支出0.00万元。主要本单位不属于行政单位…，故无机关运行经费支出数。」: 故 closes the reason
        ("离岛免税办为什么没有机关运行经费？", DUTY_FREE, "不属于行政单位"),
        # 「2016年机关运行经费支出0.00万元，主要原因是本单位不属于…」: the reason in the figure's own sentence
        ("机关运行经费为什么是零？", INVEST, "不属于行政单位"),
    ],
)
def test_reason_of_the_item(engines: dict[Path, Engine], question: str, doc: Path, printed: str) -> None:
    ans = engines[doc].ask(question)
    assert ans.kind == "passage" and printed in ans.text, ans.text


def test_reason_asked_after_a_zero(engines: dict[Path, Engine]) -> None:
    # 「又」 left on the subject names nothing; 「它的人员支出」 after a figure printed in a sentence is a thing of
    # its own, not a column of a row
    eng = engines[INVEST]
    first = eng.ask("平潭招商局2016年的机关运行经费又是多少？")
    assert first.kind == "figure" and first.figures[0].value == 0, first.text
    why = eng.ask("为什么是零？", history=[first])
    assert "不属于行政单位" in why.text, why.text
    staff = eng.ask("那它的人员支出呢？", history=[first, why])
    assert staff.kind == "figure" and staff.figures[0].value == Decimal(762100), staff.text


@pytest.mark.parametrize(
    ("question", "doc", "printed"),
    [
        # 「（六）其他支出58.22，较2015年决算数增加58.22，增加100%。主要原因是司法救助案件、国家赔偿案件等增多。」
        ("法院2016年新增的其他支出58.22万元主要花在哪些方面？", COURT, "司法救助案件"),
        # 「…财政拨款支出173.27万元，主要用于创业合作对接招商活动专项经费支出。」: 173万 said rounded
        ("招商局那笔173万的其他商业服务业支出主要是办什么活动？", INVEST, "创业合作对接招商活动"),
        # 24.94万元 is printed five times; the one followed by a use answers
        ("离岛免税办那24.94万主要花在哪些方面？", DUTY_FREE, "办公费、差旅费、会议费"),
    ],
)
def test_use_of_the_amount_said(engines: dict[Path, Engine], question: str, doc: Path, printed: str) -> None:
    ans = engines[doc].ask(question)
    assert ans.kind == "passage" and printed in ans.text, ans.text


def test_category_asked_is_answered_by_an_instance(engines: dict[Path, Engine]) -> None:
    # 「（一）因公出国（境）费6.4万元，主要用于领导到加拿大参加“商标法律制度研究”培训。」, not 国家赔偿
    ans = engines[COURT].ask("平潭县人民法院2016年因公出国是去哪个国家？")
    assert "加拿大" in ans.text and "国家赔偿" not in ans.text, ans.text


def test_unit_row_short_of_a_count(engines: dict[Path, Engine]) -> None:
    # 「…平潭互联网中心 财政核拨 5 三、部门主要工作总结」: the last row prints one count, then the next heading
    ans = engines[PUBLICITY].ask("宣传部有哪些下属单位纳入了2016年决算？")
    for unit in ("平潭综合实验区未成年人思想道德建设中心", "平潭互联网中心"):
        assert unit in ans.text, ans.text
