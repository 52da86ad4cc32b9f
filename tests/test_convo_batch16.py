"""Batch 16 (five 平潭 2016 final-account pages written blind): a department's place said before its name in any
of its forms, a conversation switching to the department a question names, a count row's conversation going on
to money, what is left at the year's end as people say it, and the reason a quoted sentence prints itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.answer import Answer
from qa.engine import Engine
from qa.places import is_said_place
from tests.conftest import facts_engine

DOCS = Path(__file__).resolve().parent.parent / "eval" / "docs" / "batch16"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("batch16"), sorted(DOCS.glob("*.txt")))


def _chat(engine: Engine, *questions: str) -> list[Answer]:
    history: list[Answer] = []
    for question in questions:
        history.append(engine.ask(question, history=history))
    return history


@pytest.mark.parametrize(
    ("question", "printed"),
    [
        # 「区征安办」 printed by the office's own page; its place said whole, by its first word and level word,
        # by its end, by its first word alone
        ("平潭区征安办2016年的三公经费是多少？", "1.57万元"),
        ("实验区征安办2016年的三公经费是多少？", "1.57万元"),
        ("综合实验区征安办2016年三公经费是多少？", "1.57万元"),
        ("平潭综合实验区征安办2016年三公经费是多少？", "1.57万元"),
        ("平潭区国资局2016年三公经费是多少？", "1.61万元"),
        ("平潭实验区国资局2016年三公经费是多少？", "1.61万元"),
        ("平潭区纪工委2016年三公经费是多少？", "53.49万元"),
        ("实验区纪工委2016年三公经费是多少？", "53.49万元"),
    ],
)
def test_place_said_before_a_department_in_any_form(engine: Engine, question: str, printed: str) -> None:
    answer = engine.ask(question)
    assert answer.kind == "figure", answer.text
    assert printed in answer.text


def test_said_place_forms() -> None:
    """The forms of a place said before a body's name; an outer part alone is another body's (上海市财政局 is
    the city's, not 上海市普陀区财政局)."""
    for said in ("平潭", "平潭区", "实验区", "综合实验区", "平潭实验区", "区"):
        assert is_said_place(said, "平潭综合实验区"), said
    for said in ("普陀", "普陀区", "上海普陀区"):
        assert is_said_place(said, "上海市普陀区"), said
    for said in ("上海市", "上海", "上海区", "福州"):
        assert not is_said_place(said, "上海市普陀区"), said


def test_conversation_switches_to_the_department_named(engine: Engine) -> None:
    """「另外，区征安办2016年的基本支出是多少？」 after 国资局's 支出: the office's 基本支出, not a part of 国资局's
    whole; its follow-ups stay with the office; 「在职几个人」 reads its staff row (人员编制数 0, 在职人数 0: its
    staff are lent by other units), and 「公用支出呢」 after that count is the office's money, no column of the
    row of counts."""
    history = _chat(
        engine,
        "国资局2016年本年收入是多少？",
        "支出呢？",
        "另外，区征安办2016年的基本支出是多少？",
        "其中人员支出呢？",
        "在职几个人？",
        "公用支出呢？",
    )
    basic, staff, count, public = history[2:]
    assert "29.68万元" in basic.text, basic.text
    assert "28.41万元" in staff.text, staff.text
    assert count.kind == "figure", count.text
    assert count.figures[0].value == 0
    assert "在职人数" in (count.sources[0].column or ""), count.sources[0]
    assert "1.27万元" in public.text, public.text


def test_switch_then_follow_ups_and_why_zero(engine: Engine) -> None:
    """「平潭区征安办…三公经费」 in a conversation about 国资局, then 「比2015年增加了多少？」「机关运行经费呢？」 of the
    office, and 「为什么是零？」: the reason its own sentence prints after the 0万元 (no other 0万元 of the page)."""
    history = _chat(
        engine,
        "平潭国资局2016年三公经费花了多少？",
        "平潭区征安办2016年的三公经费是多少？",
        "比2015年增加了多少？",
        "机关运行经费呢？",
        "为什么是零？",
    )
    office, change, running, why = history[1:]
    assert "1.57万元" in office.text, office.text
    assert "1.57万元" in change.text, change.text
    assert running.kind == "figure" and running.figures[0].value == 0, running.text
    assert why.kind == "passage", why.text
    assert "不属于行政和参照公务员法管理" in why.text


@pytest.mark.parametrize(
    "spoken", ["年底还剩多少？", "年底结余了多少钱？", "剩下多少钱？", "年底剩余的资金有多少？"]
)
def test_left_at_year_end_as_people_say_it(engine: Engine, spoken: str) -> None:
    """「年底还剩多少」「年底结余」「剩下多少钱」: printed 年末结转和结余 (「年末结转和结余2.83万元」), never the last
    figure asked (公用支出)."""
    history = _chat(engine, "区直机关工委2016年花了多少钱？", "其中人员支出多少？", "公用支出呢？", spoken)
    assert history[-1].kind == "figure", history[-1].text
    assert "2.83万元" in history[-1].text


def test_year_end_balance_named_with_its_department(engine: Engine) -> None:
    answer = engine.ask("机关工委年底结余了多少钱？")
    assert answer.kind == "figure", answer.text
    assert "2.83万元" in answer.text
