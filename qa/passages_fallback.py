"""Keyword passages: the answer path for text questions when the retrieval index is off.

A store built with BUDGETQA_RETRIEVAL=0 (exact figures only) still answers
什么是三公经费 from the printed sentences, by character-bigram overlap; the hybrid
retriever (index.hybrid) is the better path and is used whenever it is available.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.facts import DocumentInfo
from index.vocabulary import LIST_ITEM_START
from qa.answer import Answer, Source
from qa.compose import doc_label
from qa.printed_text import table_prose
from qa.understand import Query

if TYPE_CHECKING:
    from qa.engine import Engine

_SENTENCE_END = re.compile(r"(?<=[。；！？])")
_STOP = set("的是了吗呢啊什么为怎么多少哪些有和与及在这那个一")
_ITEM = re.compile(LIST_ITEM_START)
_MAX_ITEMS = 12
_GAP = 3  # sentences of explanation allowed between two items
_ASKS_ITEMS = re.compile(r"哪[些几两二三四五六七八九十\d]|有什么|分别")


def bigrams(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff" and c not in _STOP]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def keyword_passage(engine: Engine, q: Query, docs: list[DocumentInfo], max_sentences: int = 3) -> Answer:
    wanted = bigrams(q.subject or q.norm) | bigrams(q.norm)
    if q.intent == "define":
        wanted |= {"是指", "指由"}
    if q.wants_why:
        wanted |= {"原因", "主要"}
    items = q.intent == "list" or bool(_ASKS_ITEMS.search(q.text))
    scored = []
    for d in docs:
        for block, page, section in _blocks(engine, d):
            for i, sent in enumerate(block):
                overlap = len(wanted & bigrams(sent))
                if overlap:
                    text = _with_items(block, i) if items else sent
                    scored.append((overlap / (1 + len(sent) / 400), d, page, section, text))
    if not scored:
        what = q.subject or q.norm
        names = "；".join(doc_label(d) for d in docs[:5])
        return Answer(q.text, "not_found", f"这些文件中没有找到与「{what}」有关的内容。已查文件：{names}。")
    scored.sort(key=lambda x: -x[0])
    top = scored[:max_sentences]
    ans = Answer(question=q.text, kind="list" if q.intent == "list" else "passage", text="")
    lines = []
    for _, d, page, section, sent in top:
        lines.append(sent)
        ans.sources.append(
            Source(
                document=doc_label(d),
                department=d.department,
                year=d.year,
                quote=sent,
                page=page,
                section=section or None,
                file=d.file,
            )
        )
    ans.text = "\n".join(lines) + f"\n来源：{doc_label(top[0][1])} · {top[0][3] or '说明'}"
    ans.context = {"subject": q.subject, "doc_ids": [top[0][1].doc_id], "departments": [top[0][1].department]}
    return ans


def _blocks(engine: Engine, d: DocumentInfo) -> list[tuple[list[str], int | None, str]]:
    """A document's prose as blocks of sentences: its paragraphs, then its tables' note items and
    remark cells (government books explain their figures there), each with page and section."""
    out = []
    for p in engine.store.facts.paragraphs(d.doc_id):
        sents = [s.strip() for s in _SENTENCE_END.split(p["text"]) if len(s.strip()) >= 6]
        out.append((sents, p["page"], p["heading"] or ""))
    for item in table_prose(engine.store.facts.tables(d.doc_id)):
        out.append(([item.text], item.page, item.section))
    return out


def _with_items(block: list[str], i: int) -> str:
    """A list question's sentence with the items that follow it in its paragraph (「四个原则：一是…；」
    「二是…；」…); an item's own explanation between items (「一是聚焦资源统筹…。既要…。二是…」) is
    left out, and a run of sentences that are no items ends the list."""
    parts = [block[i]]
    others = 0
    for sent in block[i + 1 :]:
        if len(parts) > _MAX_ITEMS or others > _GAP:
            break
        if _ITEM.match(sent):
            parts.append(sent)
            others = 0
        else:
            others += 1
    return "".join(parts)
