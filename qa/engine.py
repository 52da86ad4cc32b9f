"""One engine for every question: a short router over the question kinds.

``Engine.ask(question, history, filters, prefer_unit)`` checks the question (``qa.guard``),
resolves a follow-up against the conversation (``qa.conversation``), picks the documents in
scope (``qa.scope``, asking the catalogue ``qa.catalogue``), and hands the question to one
kind: a figure (``qa.kinds.figure``), a computed figure (``qa.kinds.computed``), a list a table
prints (``qa.kinds.listing``), or a passage / form field (``qa.kinds.passage``).  The engine
holds no per-conversation state: everything a follow-up needs travels in ``history``.
"""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import replace
from pathlib import Path

from index.doc_terms import han_bigrams
from index.facts import DocumentInfo
from index.numbers import format_money
from index.store import Store
from qa import catalogue, code_follow, conversation, guard, reasons, said_amount, said_none, scope
from qa.answer import Answer
from qa.cell_follow import cell_follow_up
from qa.kinds import computed, figure, listing, passage, printed_list
from qa.lazy import LazyIndexes, LazyTerms, cache_docs_from_env, scan_docs_from_env
from qa.understand import parse_question
from qa.wording import rephrase, wording_model_from_env

log = logging.getLogger(__name__)


class Engine:
    """Answers questions over a store; heavy resources are opened once."""

    def __init__(
        self, store: Store | Path | str | None = None, *, auto_ingest: bool = True, defer_index: bool = False
    ) -> None:
        """``defer_index``: write the default corpus's figures now and build the text index in the
        background (the app's cold start), instead of embedding before the first answer."""
        self.store = store if isinstance(store, Store) else Store(store)
        if auto_ingest:
            self.store.ensure_default_corpus(index_now=not defer_index)
        if defer_index:
            self.store.warm_retrieval()
        self.refresh()
        self.wording_model = wording_model_from_env()  # None unless BUDGETQA_LLM_BASE_URL is set

    def refresh(self) -> None:
        """Reload what the store holds (after an ingest): the document list and the catalogue only.

        A document's facts are read, and its ``FactIndex`` built, when a question first needs it
        (``LazyIndexes``, a bounded LRU); opening a store of thousands of documents reads one table.
        An index stays valid across refreshes: a doc_id names its content (sha256), never changes."""
        self.docs: dict[str, DocumentInfo] = {d.doc_id: d for d in self.store.documents()}
        self.catalogue = catalogue.Catalogue.build(list(self.docs.values()))
        self.aliases = self.catalogue.aliases
        if not hasattr(self, "indexes"):
            self.indexes = LazyIndexes(self.store.facts, cache_docs_from_env())
            self.bigrams = LazyTerms(self.store.facts, self.indexes)
            # a question's candidate short forms are looked up in a document's paragraphs once: a doc_id names
            # its content, so the answer never goes stale (not read again on every question of a conversation)
            self._doc_prints = functools.lru_cache(maxsize=4096)(self._doc_prints_uncached)
        self.indexes.known = self.docs
        self.bigrams.known = self.docs

    def narrow(self, q, docs: list[DocumentInfo]) -> list[DocumentInfo]:
        """Over many documents, a question naming no department looks at the documents that print its
        words (the terms index), never at every document: at most ``BUDGETQA_SCAN_DOCS`` of them."""
        limit = scan_docs_from_env()
        if len(docs) <= limit:
            return docs
        words = " ".join(v for v in [q.subject, *(q.subjects or [])] if v)
        return self.mentioning(words, docs, limit)

    def mentioning(self, text: str, docs: list[DocumentInfo], limit: int | None = None) -> list[DocumentInfo]:
        """The documents of ``docs`` that print the words of ``text`` (all of its bigrams; failing
        that, most of them), best first, at most ``limit``; ``docs`` itself when it is small."""
        limit = scan_docs_from_env() if limit is None else limit
        if len(docs) <= limit:
            return docs
        wanted = {d.doc_id: d for d in docs}
        terms = han_bigrams(text)
        found: list[str] = []
        for every in (True, False):
            if terms and not found:
                # ask for more than ``limit``: some hits are documents out of scope
                found = [
                    i
                    for i in self.store.facts.documents_with_terms(terms, every=every, limit=limit * 20)
                    if i in wanted
                ]
        if not found:  # no words to look up: the newest documents
            return sorted(docs, key=lambda d: -(d.year or 0))[:limit]
        return [wanted[i] for i in found[:limit]]

    # ------------------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: list[Answer] | None = None,
        filters: dict | None = None,
        prefer_unit: str | None = None,
    ) -> Answer:
        start = time.perf_counter()
        question, problem = guard.check_question(question)
        if problem is not None:
            ans = problem
        else:
            ans = self._route(question, history or [], filters or {}, prefer_unit)
            if self.wording_model is not None:
                ans = rephrase(ans, self.wording_model)
        ans.elapsed_ms = (time.perf_counter() - start) * 1000
        return ans

    def _prints(self, key: str, word: str) -> bool:
        """Does a document of department ``key`` print ``word`` (its own short form) in its text?"""
        return any(self._doc_prints(d.doc_id, word) for d in self.catalogue.of_departments([key]))

    def _doc_prints_uncached(self, doc_id: str, word: str) -> bool:
        return any(word in p["text"] for p in self.store.facts.paragraphs(doc_id))

    def _route(self, question: str, history: list[Answer], filters: dict, prefer_unit: str | None) -> Answer:
        # 「环土局」「卫生计生局」: a short form no alias knows, of one department's own name
        shortened = self.catalogue.short_forms_in(question, self._prints)
        q = parse_question(question, {**self.aliases, **shortened} if shortened else self.aliases)
        q.short_forms = shortened
        inherited = ""
        if history:
            switched = conversation.unit_switch(self, q, history)
            if switched is not None:
                return switched
            # (an answer that carries nothing on, 「没有找到…有关的内容」, is passed over: the conversation is
            # still about what was asked before it)
            prev = next((a for a in reversed(history) if a.context), history[-1])
            q, inherited = conversation.resolve_follow_up(self, q, prev)
        unit = q.unit or prefer_unit
        docs, problem = scope.resolve_scope(self, q, filters)
        if problem is not None:
            return problem
        docs = self.narrow(q, docs)
        # 「为什么」 after a change: the reason printed with the figure just given
        answer = (
            # 「都花在哪个科目上」 after the department's spending: its code lines, not the reason printed after it
            code_follow.spending_codes(self, q, history[-1] if history else None, docs)
            or (conversation.reason_of_last(self, q, history[-1]) if inherited else None)
            or (conversation.basis_of_last(self, q, history[-1]) if history else None)
            or code_follow.code_of_item(self, q, history[-1] if history else None, docs, unit)
            or (conversation.part_of_whole(self, q, history[-1], unit) if history else None)
            or (cell_follow_up(self, q, history[-1], unit) if history else None)
            or self._by_kind(q, docs, unit)
        )
        if inherited and conversation.asks_another_measure(q, history[-1]):
            # 「年末保有多少辆」 after 「公务用车运行费」: the count printed in the sentence just quoted
            # (「…公务用车运行费11.00万元，…年末公务用车保有量4辆」) before any other count of the subject
            answer = conversation.same_sentence(self, q, history[-1], unit) or answer
        if history and conversation.repeats_the_whole(q, answer, history[-1]):
            # 「其中货物采购呢」 answered by the total just given: a part is never its whole; another
            # figure of the sentence that printed the whole, by the part's words, or not found
            answer = conversation.same_sentence(self, q, history[-1], unit) or answer
        if answer.kind == "not_found" and (inherited or q.inherited_department):
            # 「涉及资金多少」「其中中小企业中标的呢」: another figure of the sentence the last answer
            # quoted, or of the sentences printed after it
            answer = conversation.same_sentence(self, q, history[-1], unit) or answer
        if answer.kind == "not_found" and inherited:
            # 「跟上年比呢」 where no previous year's figure is printed: the sentence comparing it
            answer = conversation.comparison_after_last(self, q, history[-1]) or answer
        if answer.kind == "not_found" and inherited:
            # 「比上年增长百分之几」 after 「其中政府性基金多少」: no change of the part printed, the whole's, said so
            answer = conversation.change_of_whole(self, q, history[-1], docs, unit) or answer
        if history and conversation.share_carried(q, history[-1]) and conversation.no_share_said(answer):
            # 「卫生健康呢」 after a share: no share of it is printed, so its amount (「工程类呢」: a share of 0
            # computed from a printed 0万元 says less than that amount)
            amount = self._by_kind(replace(q, measure="amount"), docs, unit)
            answer = amount if amount.kind == "figure" else answer
        computed.signed_as_asked(q, answer, unit)  # 「多多少」 answered by a decrease: negative
        if inherited:
            conversation.say_inherited(answer, inherited)
        return answer

    def _by_kind(self, q, docs: list[DocumentInfo], unit: str | None) -> Answer:
        if q.intent == "field":
            return passage.field_answer(self, q, docs, unit)
        # 「一般行政管理那102万主要用来干什么」「为啥X涨了240%」「X为什么下降」: the reason or use printed after
        # X's figure comes before any list or sentence the question's words find
        if said := said_amount.amount_use(self, q, docs):  # 「那24.94万主要花在哪些方面」
            return said
        named_item = q.subject and q.intent == "passage" and (q.wants_why or reasons.asks_use(q))
        if named_item and (said := reasons.item_reason(self, q, docs, unit)):
            return said
        purpose = passage.purpose_answer(self, q, docs)
        if purpose is not None:
            return purpose
        asks_text = passage.asks_for_text(self, q)
        if q.intent == "list" or asks_text:
            listed = listing.table_list(self, q, docs) or printed_list.printed_list(self, q, docs)
            if listed is not None:
                return listed
        if q.intent in {"passage", "define", "list"} or asks_text:
            said = None if named_item else reasons.item_reason(self, q, docs, unit)
            return said or passage.passage_answer(self, q, docs)
        across = computed.across_documents(self, q, docs, unit)
        if across is not None:
            return across
        answer = figure.answer_figure(self, q, docs, unit)
        if answer.kind == "not_found":  # 「机关运行经费多少」: the document may say it has none (没有…支出)
            answer = said_none.none_said(self, q, docs, unit) or answer
        if answer.kind == "figure" and (q.wants_why or reasons.asks_use(q)):
            # the reason (or use) printed with the figure, else the passage the question's words find
            extra = conversation.reason_of_last(self, q, answer) or passage.passage_answer(
                self, replace(q, intent="passage"), docs
            )
            if extra.kind == "passage":
                offset = len(answer.sources)
                answer.text += ("\n\n原因：" if q.wants_why else "\n\n用途：") + extra.text
                answer.sources.extend(extra.sources)
                for fig in extra.figures:
                    fig.source += offset
        return answer


def format_answer(ans: Answer) -> str:
    """Plain-text rendering for the terminal."""
    out = [ans.text]
    if ans.kind == "figure" and ans.sources:
        out.append("")
        for i, s in enumerate(ans.sources, 1):
            loc = " · ".join(
                x
                for x in (
                    f"第{s.page}页" if s.page else "",
                    s.table or s.section or "",
                    s.row or "",
                    s.column or "",
                )
                if x
            )
            out.append(f"  [{i}] {loc}\n      「{s.quote[:160]}」")
    return "\n".join(out)


__all__ = ["Engine", "format_answer", "format_money"]
