"""Passages and form fields: text questions answered by the sentence or form row that holds the answer."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from index.facts import DocumentInfo
from index.vocabulary import PURPOSE_COLUMNS, PURPOSE_QUESTION
from qa import scope
from qa.answer import Answer
from qa.compose import AnswerBuilder, doc_label
from qa.kinds import listing
from qa.understand import Query, core

if TYPE_CHECKING:
    from qa.engine import Engine

log = logging.getLogger(__name__)

# words that ask for a number: such a question stays on the figure path whatever else it says
_NUMBER_WORDS = re.compile(
    r"多少|(?<!哪)几[个项名人辆台套家次%]|金额|比例|占比|百分|增长了|增加了|减少了|下降了|合计|总计"
)


def asks_for_text(eng: Engine, q: Query) -> bool:
    """Definitions, dates, legal basis, the nature of a body, lists: answered by sentences, not figures."""
    from qa.passages import question_intent

    return question_intent(q.text) in {
        "define",
        "when",
        "basis",
        "nature",
        "list",
    } and not _NUMBER_WORDS.search(q.norm)


def field_answer(eng: Engine, q: Query, docs: list[DocumentInfo], unit: str | None) -> Answer:
    from rapidfuzz import fuzz

    hits = []
    qc = core(q.subject) if q.subject else ""
    for d in docs:
        for t in eng.store.facts.tables(d.doc_id):
            if t["kind"] != "form":
                continue
            subj_score = fuzz.partial_ratio(qc, core(t["subject"] or "")) if qc else 50
            for r in t["rows"]:
                if q.field_name in r["label"]:
                    value = next((v for v in r["texts"].values() if v), "")
                    if not value and r["cells"]:
                        value = r["cells"][0]["raw"]
                    if value:
                        hits.append((subj_score, d, t, r, value))
    if not hits:
        return passage_answer(eng, replace(q, intent="passage"), docs)
    best = max(h[0] for h in hits)
    chosen = [h for h in hits if h[0] >= best - 2]
    if qc and best < 70:
        passage = passage_answer(eng, replace(q, intent="passage"), docs)
        if passage.kind != "not_found" and q.field_name in passage.text:
            return passage
        return scope.not_found(eng, q, docs, f"这些文件中没有找到「{q.subject}」的{q.field_name}")
    b = AnswerBuilder(q.text, eng.docs)
    b.answer.kind = "passage" if len(chosen) == 1 else "list"
    lines = []
    for _, d, t, r, value in chosen:
        b.add_source(
            listing.row_fact(d, t, r, subject=t["subject"], quote=f"{r['label']}：{value}", printed=value)
        )
        lines.append(f"{t['subject']}的{r['label']}：{value}")
    b.answer.text = (
        "\n".join(lines)
        + f"\n来源：{doc_label(eng.docs[chosen[0][1].doc_id])} · {chosen[0][2]['display_title']}"
    )
    b.answer.context = scope.context_of(eng, q, chosen[0][1])
    b.answer.context["subject"] = chosen[0][2]["subject"]
    return b.answer


_PURPOSE = re.compile(PURPOSE_QUESTION)


def purpose_answer(eng: Engine, q: Query, docs: list[DocumentInfo]) -> Answer | None:
    """「这个项目是干什么的」: the row of a project table named by the subject, its description column
    (项目概述, 绩效目标 …) quoted.  Project tables print what each project does beside its amount;
    a sentence search finds the words 项目 and 支出 everywhere else first."""
    if not _PURPOSE.search(q.norm) or _NUMBER_WORDS.search(q.norm):
        return None
    want = re.sub(r"(项目|经费|资金)$", "", core(q.subject) if q.subject else "")
    if len(want) < 3:
        return None
    for column in PURPOSE_COLUMNS:
        for d in docs:
            for t in eng.store.facts.tables(d.doc_id):
                for r in t["rows"]:
                    label = re.sub(r"(项目|经费|资金)$", "", core(r["label"] or ""))
                    text = next((v for k, v in r["texts"].items() if column in k and v), "")
                    if not text or len(label) < 3 or not (want in label or label in want):
                        continue
                    b = AnswerBuilder(q.text, eng.docs)
                    b.answer.kind = "passage"
                    b.add_source(
                        listing.row_fact(
                            d, t, r, subject=r["label"], quote=f"{r['label']} {column}：{text}", printed=text
                        )
                    )
                    where = t["display_title"] or t["heading"] or "表格"
                    b.answer.text = f"{r['label']}（{column}）：{text}\n来源：{doc_label(d)} · {where}"
                    b.answer.context = scope.context_of(eng, q, d)
                    return b.answer
    return None


def searched_text(q: Query) -> str:
    """The question as retrieval should read it: a follow-up (「为啥减少」) carries the subject it
    inherited (收支总预算), which its own words do not name."""
    subject = core(q.subject) if q.subject else ""
    if subject and subject not in core(q.text):
        return f"{q.subject} {q.text}"
    return q.text


def passage_answer(eng: Engine, q: Query, docs: list[DocumentInfo]) -> Answer:
    """Text questions: hybrid retrieval and an extractive answer; keyword sentences without it.  An open
    question asking a thing by name (「哪个码头」「局长是谁」) is answered only by a passage printing it."""
    from qa.passages_fallback import keyword_passage, named_answer

    ans = _passage_answer(eng, q, docs)
    # 「施工单位是哪家」「什么时候成立的」: the body in the role, the verb with its date
    named = named_answer(q)
    if named and not any(named.search(s.quote) for s in ans.sources[:1]):  # the first sentence answers
        worded = keyword_passage(eng, q, docs)
        if worded.sources and named.search(worded.sources[0].quote):
            return worded
    if not q.asked_noun or ans.kind == "not_found" or any(q.asked_noun in s.quote for s in ans.sources):
        return ans
    return keyword_passage(eng, q, docs)  # keeps only the sentences printing it


def _passage_answer(eng: Engine, q: Query, docs: list[DocumentInfo]) -> Answer:
    from qa.passages_fallback import asks_duties, duty_passage, keyword_passage

    if asks_duties(q):
        duties = duty_passage(eng, q, docs)  # a section of duties, with or without retrieval
        if duties is not None:
            return duties
    if eng.store.retrieval_warming:
        ans = keyword_passage(eng, q, docs)
        ans.warnings.append("文本检索索引正在后台建立，这次先按关键词从原文中摘句。")
        return ans
    try:
        retrieval = eng.store.retrieval
    except Exception:  # a broken vector store must not take text answers down
        log.exception("retrieval index unavailable")
        retrieval = None
    if retrieval is None:
        return keyword_passage(eng, q, docs)
    from qa.passages import extract_passage

    retriever = retrieval.retriever()
    asked = searched_text(q)
    hits = retriever.search(asked, k=6, filters={"doc_id": [d.doc_id for d in docs]})
    passage = extract_passage(asked, hits, section_chunks=retriever.section_chunks)
    if passage.kind == "none" or not passage.text.strip():
        return keyword_passage(eng, q, docs)
    ans = Answer(question=q.text, kind=passage.kind, text="", sources=passage.sources())
    top = passage.sentences[0] if passage.sentences else None
    doc_id = top.doc_id if top is not None else hits[0].chunk.doc_id
    info = eng.docs.get(doc_id)
    text = passage.text.strip()
    if len(docs) > 1 and info is not None:
        text = f"（{info.department} {info.year}年{info.kind}）\n{text}"
    ans.text = text + (f"\n来源：{doc_label(info)}" if info else "")
    ans.context = {
        "subject": q.subject,
        "doc_ids": [doc_id],
        "departments": [info.department] if info else [],
        "year": info.year if info else None,
    }
    return ans
