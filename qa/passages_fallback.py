"""Keyword passages: the answer path for text questions when the retrieval index is off.

A store built with BUDGETQA_RETRIEVAL=0 (exact figures only) still answers
什么是三公经费 from the printed sentences, by character-bigram overlap; the hybrid
retriever (index.hybrid) is the better path and is used whenever it is available.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.facts import DocumentInfo
from qa.answer import Answer, Source
from qa.compose import doc_label
from qa.understand import Query

if TYPE_CHECKING:
    from qa.engine import Engine

_SENTENCE_END = re.compile(r"(?<=[。；！？])")
_STOP = set("的是了吗呢啊什么为怎么多少哪些有和与及在这那个一")


def bigrams(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff" and c not in _STOP]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def keyword_passage(engine: Engine, q: Query, docs: list[DocumentInfo], max_sentences: int = 3) -> Answer:
    wanted = bigrams(q.subject or q.norm) | bigrams(q.norm)
    if q.intent == "define":
        wanted |= {"是指", "指由"}
    if q.wants_why:
        wanted |= {"原因", "主要"}
    scored = []
    for d in docs:
        for p in engine.store.facts.paragraphs(d.doc_id):
            for sent in _SENTENCE_END.split(p["text"]):
                sent = sent.strip()
                if len(sent) < 6:
                    continue
                overlap = len(wanted & bigrams(sent))
                if overlap:
                    scored.append((overlap / (1 + len(sent) / 400), d, p, sent))
    if not scored:
        what = q.subject or q.norm
        names = "；".join(doc_label(d) for d in docs[:5])
        return Answer(q.text, "not_found", f"这些文件中没有找到与「{what}」有关的内容。已查文件：{names}。")
    scored.sort(key=lambda x: -x[0])
    top = scored[:max_sentences]
    ans = Answer(question=q.text, kind="list" if q.intent == "list" else "passage", text="")
    lines = []
    for _, d, p, sent in top:
        lines.append(sent)
        ans.sources.append(
            Source(
                document=doc_label(d),
                department=d.department,
                year=d.year,
                quote=sent,
                page=p["page"],
                section=p["heading"] or None,
                file=d.file,
            )
        )
    ans.text = "\n".join(lines) + f"\n来源：{doc_label(top[0][1])} · {top[0][2]['heading'] or '说明'}"
    ans.context = {"subject": q.subject, "doc_ids": [top[0][1].doc_id], "departments": [top[0][1].department]}
    return ans
