"""Optional LLM wording: let a chat model phrase an extractive answer, and keep it only if every number is cited.

Off unless ``BUDGETQA_LLM_BASE_URL`` names an OpenAI-compatible endpoint; then ``langchain-openai``
(the optional ``llm`` extra) is imported and a ``ChatOpenAI`` is built once.  ``rephrase`` gives the
model the question, the deterministic answer, its figures and the quoted sources, and runs a guard
over the reply: every number in it (Arabic, full-width, Chinese numerals, percentages) must be one of
the numbers the answer cites.  Anything else — a changed or invented number, an error, a timeout —
returns the extractive answer unchanged, with only ``context["wording"]`` saying why.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from index.numbers import read_chinese_numeral
from qa.answer import Answer

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

DEFAULT_MODEL = "qwen2.5-7b-instruct"
DEFAULT_TIMEOUT_S = 30.0
REPHRASED_KINDS = ("figure", "passage", "list")

SYSTEM_PROMPT = (
    "你是政府部门预算公开文件的问答助手。请根据用户提供的问题、已核实的答案、数字和原文引用，"
    "用简洁的中文（一到三句话）回答问题。\n"
    "要求：\n"
    "1. 只能使用给出的数字和原文内容，不要补充任何给出内容以外的信息。\n"
    "2. 数字必须与给出的写法完全一致（包括单位和小数位），不要换算、四舍五入、求和或计算新的数字。\n"
    "3. 不要写来源列表或警示，系统会自动附上。\n"
    "4. 如果给出的内容不足以回答，就直接复述已核实的答案。"
)

# -- numbers -----------------------------------------------------------------------------------
# Written by hand: budget prose mixes 490.00万元, 4,900,000元, full-width digits, 百分之… and
# Chinese numerals in one sentence; index.numbers.chinese_to_arabic only rewrites numerals before
# count units, and cn2an.transform would also turn names into numbers (一般 → 1般, 三公 → 3公).

_MONEY_FACTOR = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "万": Decimal(10_000),
    "亿元": Decimal(100_000_000),
    "亿": Decimal(100_000_000),
}
# Only digits, %, and the decimal point are folded: NFKC would also turn "，" into "," and
# glue "数量1，490万元" into 1,490.
_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "％": "%", "．": "."})
_ARABIC = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(亿元|万元|元|%|亿|万)?")
_CN_DIGIT = "零〇一二两三四五六七八九"
_CN_MAG = "十百千万亿"
_CN_UNITS = "亿元|万元|元|%|个|人|项|辆|台|套|家|名|次|条|张|年"
_CHINESE = re.compile(rf"(百分之)?([{_CN_DIGIT}{_CN_MAG}点]+)({_CN_UNITS})?")
# List numbering at the start of a line (1. / 2、 / （3）/ 一、) is not a figure.
_ENUM = re.compile(
    r"^\s*(?:[（(]?\d{1,2}[)）、.](?!\d)|[（(]?[一二三四五六七八九十]{1,3}[)）、])", re.MULTILINE
)
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL)
_SOURCE_LINE = re.compile(r"来源[:：][^\n]*")


@dataclass(frozen=True)
class Number:
    """A number as written: its value (sign dropped) and the unit written after it ("" if none)."""

    value: Decimal
    unit: str  # 元 / 万元 / 亿元 / % / "" (bare 万/亿 count as 万元/亿元)
    raw: str

    @property
    def yuan(self) -> Decimal | None:
        factor = _MONEY_FACTOR.get(self.unit)
        return self.value * factor if factor is not None else None


def numbers_in(text: str) -> list[Number]:
    """Every number written in ``text``: 490.00万元, ４９０, 4,900,000元, 12.5%, 四百九十万元, 百分之五十."""
    folded = text.translate(_FOLD)
    out: list[Number] = []

    def arabic(m: re.Match[str]) -> str:
        try:
            value = Decimal(m.group(1).replace(",", ""))
        except InvalidOperation:
            return m.group(0)
        out.append(Number(value, _unit(m.group(2) or ""), m.group(0)))
        return " " * len(m.group(0))

    rest = _ARABIC.sub(arabic, folded)
    for m in _CHINESE.finditer(rest):
        percent, core, unit = m.group(1), m.group(2).strip("点"), m.group(3) or ""
        if core and unit and unit != "年" and not any(c in _CN_MAG + "点" for c in core):
            core = core[-1]  # 统一一个: only the numeral next to the unit counts
        if not core or not _looks_numeric(core, unit, bool(percent)):
            continue
        value = _cn_value(core)
        if value is None:  # not something cn2an reads (十三五, 万一): a name, not a figure
            continue
        if core[-1] in "万亿" and unit in {"元", ""}:
            unit = "元"  # 四百九十万元: the 万 is already in the value
        out.append(Number(value, "%" if percent else _unit(unit), m.group(0)))
    return out


def _unit(unit: str) -> str:
    if unit in {"元", "万元", "亿元", "%"}:
        return unit
    if unit in {"万", "亿"}:
        return unit + "元"
    return ""


def _looks_numeric(core: str, unit: str, percent: bool) -> bool:
    """A Chinese numeral run that is a number, not part of a word (一般, 三公经费, 一是, 统一)."""
    if percent:
        return True
    has_digit = any(c in _CN_DIGIT for c in core)
    if len(core) == 1:
        return bool(unit) and unit != "年" and (has_digit or core in "十百千")
    if not any(c in _CN_MAG + "点" for c in core):  # 二〇二一年; 一一 in 统一一个 is no number
        return unit == "年"
    return has_digit


def _cn_value(core: str) -> Decimal | None:
    """cn2an's reading of a numeral; it rejects 一点五万, so a trailing 万/亿 is applied here."""
    factor = Decimal(1)
    body = core
    if len(core) > 1 and core[-1] in "万亿" and "点" in core:
        factor, body = _MONEY_FACTOR[core[-1]], core[:-1]
    try:
        value = read_chinese_numeral(body, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    return Decimal(str(value)) * factor


# -- the guard ----------------------------------------------------------------------------------
@dataclass
class CitedNumbers:
    """The numbers an answer may state: its figures and everything printed in its sources."""

    yuan: set[Decimal] = field(default_factory=set)  # money, in 元
    percent: set[Decimal] = field(default_factory=set)
    plain: set[Decimal] = field(default_factory=set)  # every number as printed (years, pages, counts)

    def add_text(self, text: str | None) -> None:
        for n in numbers_in(text or ""):
            self.plain.add(n.value)
            if n.yuan is not None:
                self.yuan.add(n.yuan)
            elif n.unit == "%":
                self.percent.add(n.value)

    def supports(self, n: Number) -> bool:
        """A money number must equal a cited amount in 元 (so 490元 for 490万元 fails)."""
        if n.yuan is not None:
            return n.yuan in self.yuan
        if n.unit == "%":
            return n.value in self.percent
        return n.value in self.plain or n.value in self.yuan


def cited_numbers(answer: Answer) -> CitedNumbers:
    cited = CitedNumbers()
    for fig in answer.figures:
        value = abs(fig.value)
        if fig.unit == "元":
            cited.yuan.add(value)
        elif fig.unit == "%":
            cited.percent.add(value)
        cited.plain.add(value)
        cited.add_text(fig.display)
        cited.add_text(fig.label)
    for s in answer.sources:
        for text in (s.document, s.quote, s.section, s.table, s.row, s.column, s.figure):
            cited.add_text(text)
        for n in (s.page, s.year):
            if n is not None:
                cited.plain.add(Decimal(n))
    # the extractive text is composed only from the figures and sources above (plus 第N行 locations)
    cited.add_text(answer.text)
    for w in answer.warnings:
        cited.add_text(w)
    return cited


def unsupported_numbers(text: str, answer: Answer) -> list[Number]:
    """The numbers in ``text`` that the answer's figures and sources do not print."""
    cited = cited_numbers(answer)
    return [n for n in numbers_in(_ENUM.sub("", text)) if not cited.supports(n)]


def _states_figure(text: str, answer: Answer) -> bool:
    """A figure answer's reworded text still gives the direct answer (figures[0])."""
    if answer.kind != "figure" or not answer.figures:
        return True
    fig = answer.figures[0]
    target = abs(fig.value)
    for n in numbers_in(text):
        if fig.unit == "元" and (n.yuan == target or (n.unit == "" and n.value == target)):
            return True
        if fig.unit != "元" and n.value == target:
            return True
    return False


# -- rephrasing ---------------------------------------------------------------------------------
def build_messages(answer: Answer, max_sources: int = 8, max_quote: int = 300) -> list:
    """System + user messages: the question, the extractive answer, the figures and the quotes."""
    from langchain_core.messages import HumanMessage, SystemMessage

    parts = [f"问题：{answer.question}", "", "已核实的答案：", answer.text]
    if answer.figures:
        parts += ["", "数字（照抄这些写法）："]
        parts += [f"- {f.label}：{f.display}" for f in answer.figures]
    if answer.sources:
        parts += ["", "原文引用："]
        for i, s in enumerate(answer.sources[:max_sources], 1):
            where = " · ".join(x for x in (s.document, s.table or s.section, s.row, s.column) if x)
            parts.append(f"[{i}] {where}：「{s.quote[:max_quote]}」")
    return [SystemMessage(content=SYSTEM_PROMPT), HumanMessage(content="\n".join(parts))]


def _reply_text(message: object) -> str:
    content = getattr(message, "content", message)
    if isinstance(content, list):  # content blocks
        content = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    text = _THINK.sub("", str(content))
    # the model's own source lines are dropped: the original ones are appended verbatim
    lines = [ln for ln in text.strip().splitlines() if not _SOURCE_LINE.match(ln.strip())]
    return "\n".join(lines).strip()


def _kept_lines(text: str) -> list[str]:
    """Warnings (⚠ …) and every 来源 citation of the extractive text, kept under the model's wording."""
    warnings = [ln.strip() for ln in text.splitlines() if ln.strip().startswith("⚠")]
    return warnings + [m.group(0).strip() for m in _SOURCE_LINE.finditer(text)]


def rephrase(answer: Answer, chat_model: BaseChatModel) -> Answer:
    """The answer worded by ``chat_model`` if every number it writes is cited; else the answer as it was.

    Figures, sources and warnings never change; only ``text`` does, and ``context["wording"]``
    records "llm" or "fallback: <reason>".  not_found and clarify answers are returned as they are.
    """
    if answer.kind not in REPHRASED_KINDS or not answer.text.strip():
        return answer

    def fallback(reason: str) -> Answer:
        log.info("LLM wording fell back: %s", reason)
        return replace(answer, context={**answer.context, "wording": f"fallback: {reason}"})

    try:
        reply = chat_model.invoke(build_messages(answer))
    except Exception as exc:  # any model failure (timeout, HTTP, parsing) keeps the extractive answer
        return fallback(f"model error: {type(exc).__name__}: {exc}"[:200])
    text = _reply_text(reply)
    if not text:
        return fallback("empty reply")
    bad = unsupported_numbers(text, answer)
    if bad:
        return fallback("numbers not in the cited figures: " + "、".join(n.raw.strip() for n in bad))
    if not _states_figure(text, answer):
        return fallback("reply does not state the answer figure")
    new_text = "\n".join([text, *_kept_lines(answer.text)])
    return replace(answer, text=new_text, context={**answer.context, "wording": "llm"})


def wording_model_from_env(env: Mapping[str, str] | None = None) -> BaseChatModel | None:
    """A ChatOpenAI for ``BUDGETQA_LLM_BASE_URL``, or None (offline: nothing is imported)."""
    env = os.environ if env is None else env
    base_url = (env.get("BUDGETQA_LLM_BASE_URL") or "").strip()
    if not base_url:
        return None
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        log.warning(
            "BUDGETQA_LLM_BASE_URL is set but langchain-openai is not installed "
            "(pip install 'budget-qa[llm]'); answers stay extractive"
        )
        return None
    return ChatOpenAI(
        base_url=base_url,
        model=env.get("BUDGETQA_LLM_MODEL") or DEFAULT_MODEL,
        api_key=env.get("BUDGETQA_LLM_API_KEY") or "not-needed",
        temperature=0,
        timeout=float(env.get("BUDGETQA_LLM_TIMEOUT") or DEFAULT_TIMEOUT_S),
        max_retries=1,
    )


__all__ = [
    "Number",
    "numbers_in",
    "rephrase",
    "unsupported_numbers",
    "wording_model_from_env",
]
