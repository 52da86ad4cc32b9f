"""「机关运行经费多少」「有政府性基金支出吗」 where no figure is printed but the document says it has none
(「本部门没有机关运行经费支出」「没有使用政府性基金预算拨款安排的支出」): that sentence answers, quoted.

An amount question is answered 0 because the sentence says so — 「文件说明没有…，即0元」 — never a figure of
its own; a yes/no question is answered 「没有」 with the sentence.  A sentence about another year (「2015年没有
支出」) does not speak for the document's year."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from index.facts import DocumentInfo
from index.numbers import format_money
from index.vocabulary import NONE_SAID
from qa.answer import Answer, Figure
from qa.compose import doc_label, passage_source
from qa.passages_fallback import bigrams
from qa.understand import Query, core

if TYPE_CHECKING:
    from qa.engine import Engine

_NONE = re.compile(NONE_SAID)
_SENTENCE_END = re.compile(r"(?<=[。；！？])")
_CLAUSE_END = re.compile(r"[，。；,;]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YES_NO = re.compile(r"有[^吗]{2,}吗[？?]?$|有没有|是否有|有无")
_MIN_WORDS = 3  # bigrams of the thing asked: 「支出」 alone is said to be none of too much
_COVERED = 0.75  # share of the thing's bigrams the words after 没有 must print


def _said_none_of(sentence: str, wanted: set[str], year: int | None) -> str | None:
    """The clause of ``sentence`` saying there is none of the thing ``wanted`` names, else None."""
    if any(year and int(y) != year for y in _YEAR.findall(sentence)):
        return None
    for m in _NONE.finditer(sentence):
        end = _CLAUSE_END.search(sentence, m.end())
        after = sentence[m.end() : end.start() if end else len(sentence)]
        if len(wanted & bigrams(after)) >= _COVERED * len(wanted):
            return sentence
    return None


def none_said(eng: Engine, q: Query, docs: list[DocumentInfo], unit: str | None) -> Answer | None:
    """The sentence of a document in scope saying it has none of the question's subject; None without one."""
    if not q.subject or q.measure not in {"amount"} or q.wants_why:
        return None
    for d in docs:
        wanted = bigrams(core(q.subject)) - bigrams(d.department + "".join(q.named_as))
        if len(wanted) < _MIN_WORDS:
            continue
        for p in eng.store.facts.paragraphs(d.doc_id):
            for sent in (x.strip() for x in _SENTENCE_END.split(p["text"])):
                said = _said_none_of(sent, wanted, d.year)
                if said is None:
                    continue
                ans = Answer(question=q.text, kind="passage", text="")
                ans.sources.append(passage_source(d, p, said))
                where = f"\n来源：{doc_label(d)} · {(p['heading'] or '说明').split(' / ')[-1]}"
                if _YES_NO.search(q.norm):
                    ans.text = f"没有。文件说明：{said}{where}"
                else:
                    zero = format_money(Decimal(0), unit or "万元")
                    ans.kind = "figure"
                    ans.text = f"文件说明：{said}即{zero}。{where}"
                    ans.figures.append(
                        Figure(label=core(q.subject), value=Decimal(0), unit="元", display=zero, source=0)
                    )
                ans.context = {
                    "subject": q.subject,
                    "doc_ids": [d.doc_id],
                    "departments": [d.department],
                    "year": d.year,
                }
                return ans
    return None
