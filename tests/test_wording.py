"""The LLM wording guard, with fake chat models from langchain-core over real answers on the seed document.

Every reworded answer must state only numbers the answer cites; otherwise the extractive answer
comes back unchanged.
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from index.store import Store
from qa.answer import Answer
from qa.engine import Engine
from qa.wording import numbers_in, rephrase, unsupported_numbers, wording_model_from_env

SEED = Path(__file__).parent / "corpus" / "zhengzhou_bigdata_2021_budget.txt"
ROOT = Path(__file__).resolve().parents[1]
QUESTION = "全市政务数据治理项目多少钱"


class RaisingChatModel(BaseChatModel):
    """A chat model whose endpoint times out."""

    @property
    def _llm_type(self) -> str:
        return "raising"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, **kwargs: Any) -> ChatResult:
        raise TimeoutError("request timed out")


class RecordingChatModel(BaseChatModel):
    """Answers with a fixed reply and keeps the messages it was given."""

    reply: str
    seen: list[list[BaseMessage]] = []

    @property
    def _llm_type(self) -> str:
        return "recording"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, **kwargs: Any) -> ChatResult:
        self.seen.append(list(messages))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.reply))])


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    store = Store(tmp_path_factory.mktemp("wording"), retrieval=False)
    store.ingest([SEED])
    return Engine(store, auto_ingest=False)


@pytest.fixture()
def answer(engine: Engine) -> Answer:
    ans = engine.ask(QUESTION)
    assert ans.kind == "figure"
    assert ans.figures[0].value == Decimal(4_900_000)
    return ans


def fake(reply: str) -> FakeListChatModel:
    return FakeListChatModel(responses=[reply])


def source_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.startswith("来源")]


# -- the guard on a figure answer -------------------------------------------------------------
def test_faithful_rewording_is_used_and_keeps_sources(answer: Answer) -> None:
    reply = "全市政务数据治理项目预算为490.00万元。"
    out = rephrase(answer, fake(reply))
    assert out.context["wording"] == "llm"
    assert out.text.startswith(reply)
    assert source_lines(out.text) == source_lines(answer.text) != []
    assert out.figures == answer.figures and out.sources == answer.sources
    assert "wording" not in answer.context  # the engine's answer object is not mutated


@pytest.mark.parametrize(
    "reply",
    [
        "全市政务数据治理项目预算为490万元，即4,900,000元。",
        "全市政务数据治理项目预算为四百九十万元。",
        "２０２１年全市政务数据治理项目预算为４９０．００万元。",
        "该项目共计490.00万元，数量1个。",
    ],
)
def test_other_faithful_forms_pass(answer: Answer, reply: str) -> None:
    out = rephrase(answer, fake(reply))
    assert out.context["wording"] == "llm", out.context
    assert out.text.startswith(reply)


@pytest.mark.parametrize(
    ("reply", "bad"),
    [
        ("全市政务数据治理项目预算为500万元。", "500万元"),
        ("全市政务数据治理项目预算为490.00万元，占部门预算的12.5%。", "12.5%"),
        ("全市政务数据治理项目预算为490.00万元，比上年增加五十万元。", "五十万元"),
        ("全市政务数据治理项目预算为490.00元。", "490.00元"),  # right digits, wrong unit
    ],
)
def test_unsupported_number_falls_back(answer: Answer, reply: str, bad: str) -> None:
    out = rephrase(answer, fake(reply))
    assert out.text == answer.text
    assert out.context["wording"].startswith("fallback: numbers not in the cited figures")
    assert bad in out.context["wording"]
    assert out.figures == answer.figures and out.sources == answer.sources


def test_reply_without_the_answer_figure_falls_back(answer: Answer) -> None:
    out = rephrase(answer, fake("该项目的预算见下列来源。"))
    assert out.text == answer.text
    assert out.context["wording"] == "fallback: reply does not state the answer figure"


def test_model_error_falls_back(answer: Answer) -> None:
    out = rephrase(answer, RaisingChatModel())
    assert out.text == answer.text
    assert out.context["wording"].startswith("fallback: model error: TimeoutError")


def test_prompt_carries_question_figures_and_quotes(answer: Answer) -> None:
    model = RecordingChatModel(reply="全市政务数据治理项目预算为490.00万元。", seen=[])
    rephrase(answer, model)
    system, user = model.seen[0]
    assert "只能使用给出的数字" in system.content
    assert QUESTION in user.content
    assert answer.figures[0].display in user.content
    assert "5、全市政务数据治理项目490.00万元。" in user.content  # a printed sentence, quoted


# -- other kinds ---------------------------------------------------------------------------------
def test_passage_answer_checks_numbers_against_its_quotes(engine: Engine) -> None:
    ans = engine.ask("政务数据治理项目的绩效目标是什么")
    assert ans.kind == "passage"
    ok = rephrase(ans, fake("全市政务数据治理项目共计490.00万元，采购数量1个。"))
    assert ok.context["wording"] == "llm"
    assert source_lines(ok.text) == source_lines(ans.text) != []
    bad = rephrase(ans, fake("全市政务数据治理项目共计490.00万元，完成率达到95%。"))
    assert bad.text == ans.text and bad.context["wording"].startswith("fallback")


def test_not_found_is_not_sent_to_the_model(engine: Engine) -> None:
    ans = engine.ask("2021年一般公共预算支出占比多少")
    assert ans.kind == "not_found"
    model = RecordingChatModel(reply="占比为50%。", seen=[])
    assert rephrase(ans, model) is ans
    assert model.seen == []


# -- number extraction ----------------------------------------------------------------------------
def test_numbers_in_reads_every_written_form() -> None:
    got = {
        (n.value, n.unit)
        for n in numbers_in("４９０．００万元，4,900,000元，四百九十万元，百分之十二点五，二〇二一年")
    }
    assert got == {
        (Decimal("490.00"), "万元"),
        (Decimal(4_900_000), "元"),
        (Decimal(2021), ""),
        (Decimal("12.5"), "%"),
    }
    # numerals inside words are not numbers
    assert numbers_in("一般公共预算的三公经费，一是统一管理") == []


def test_list_numbering_is_not_a_figure(answer: Answer) -> None:
    assert unsupported_numbers("1. 全市政务数据治理项目490.00万元\n2、合计4,900,000元", answer) == []
    assert [n.raw for n in unsupported_numbers("1. 项目49.00万元", answer)] == ["49.00万元"]


# -- configuration -------------------------------------------------------------------------------
def test_no_model_without_base_url() -> None:
    assert wording_model_from_env({}) is None
    assert wording_model_from_env({"BUDGETQA_LLM_MODEL": "x"}) is None


def test_offline_imports_nothing() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGETQA_LLM_")}
    code = (
        "import sys; from qa.wording import wording_model_from_env;"
        "assert wording_model_from_env() is None; print('langchain_openai' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "False"


def test_chat_openai_is_built_from_env() -> None:
    openai = pytest.importorskip("langchain_openai", reason="langchain-openai (extra 'llm') not installed")
    model = wording_model_from_env(
        {
            "BUDGETQA_LLM_BASE_URL": "http://127.0.0.1:9/v1",
            "BUDGETQA_LLM_MODEL": "qwen2.5-7b-instruct",
            "BUDGETQA_LLM_TIMEOUT": "7",
        }
    )
    assert isinstance(model, openai.ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.model_name == "qwen2.5-7b-instruct"
    assert model.temperature == 0
    assert model.request_timeout == 7.0
    assert model.openai_api_key.get_secret_value() == "not-needed"
