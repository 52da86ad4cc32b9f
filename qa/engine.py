"""One engine for every question: figures from the fact store, text from retrieval.

``Engine.ask(question, history)`` understands the question, resolves follow-ups
against the previous answer, picks the documents in scope (never silently one
of several), and answers with cited figures, a passage, a list, a plain "not in
these documents", or a question back (clarify).
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from index.facts import DocumentInfo, Fact, row_code
from index.numbers import MONEY_UNITS, format_money
from index.store import Store
from qa.answer import Answer
from qa.compose import AnswerBuilder, best_label, display_value, doc_label, sources_line, where
from qa.lookup import FactIndex, FigureGroup, Match, corroborate, group_matches, search, total_matches
from qa.synonyms import COLUMN_WORDS
from qa.understand import Query, core, core_forms, parse_question, readings, subject_variants
from qa.wording import rephrase, wording_model_from_env


def core_text(text: str) -> str:
    """Sentence text with spaces and quotes removed, for pattern matching."""
    return re.sub(r"[\s“”\"]", "", text)


log = logging.getLogger(__name__)

# words that ask for a number: such a question stays on the figure path whatever else it says
# characters of phrasing, not of names: never evidence that a question is about something unprinted
_FUNCTION_CHARS = set("的了是在都什么怎么哪里上下这那呢吗和与及也还就要会能该给被把从对向为到跟比更最很")

_NUMBER_WORDS = re.compile(
    r"多少|(?<!哪)几[个项名人辆台套家次%]|金额|比例|占比|百分|增长了|增加了|减少了|下降了|合计|总计"
)

_FOLLOW_UP = re.compile(
    r"^(那|那么|那个|这个|它|它的|该|其|这|那这个|还有)|呢[？?]?$|^(换成|换算成|用|以)(万元|元)"
)
_PRONOUN = re.compile(r"^(它|它的|这个|那个|该项目|该|其|这|那)")


def _row_fact(
    d: DocumentInfo, t: dict, r: dict, *, subject: str, quote: str, printed: str, column: str = ""
) -> Fact:
    """A citation of a stored table row (a form field, a listed row) in the shape sources are made from."""
    return Fact(
        doc_id=d.doc_id,
        origin="table",
        subject=subject,
        measure="text",
        value=Decimal(0),
        unit="",
        printed=printed,
        printed_unit=t["unit"] or "",
        precision=Decimal(1),
        quote=quote,
        page=r.get("page") or t["page"],
        section=t["heading"],
        table_idx=t["table_idx"],
        row_index=r["index"],
        table_title=t["display_title"],
        row_label=r["label"],
        code=row_code(r),
        column=column,
    )


def _whole_of_parts(groups: list[FigureGroup]) -> FigureGroup | None:
    """A group whose value is the sum of the other equally named groups printed in one table."""
    if len(groups) < 3:
        return None
    top = groups[0].score
    near = [g for g in groups if g.score >= top - 2 and g.unit == "元"]
    for whole in near:
        others = [g for g in near if g is not whole and all(f.origin == "table" for f in g.facts)]
        tables = {f.table_title for g in others for f in g.facts}
        if len(others) >= 2 and len(tables) == 1 and sum(g.value for g in others) == whole.value:
            return whole
    return None


def _other_table(rival: FigureGroup, main: FigureGroup) -> bool:
    """A rival printed only in tables that the main figure is not printed in (another scope)."""
    if any(f.origin == "text" for f in rival.facts):
        return False
    main_tables = {f.table_title for f in main.facts if f.origin == "table"}
    return bool(main_tables) and not ({f.table_title for f in rival.facts} & main_tables)


def _department_aliases(docs: list[DocumentInfo]) -> dict[str, str]:
    """Every way people name each department: full, without region, short forms (大数据局, 江苏高院)."""
    aliases: dict[str, str] = {}
    for d in docs:
        name = d.department
        if not name:
            continue
        region = d.region or ""
        bare = name[len(region) :] if region and name.startswith(region) else name
        shorts = {bare}
        for long, short in (
            ("管理局", "局"),
            ("高级人民法院", "高院"),
            ("高级人民法院", "法院"),
            ("人民法院", "法院"),
            ("委员会", "委"),
        ):
            if long in bare:
                shorts.add(bare.replace(long, short))
        prefixes = {"", region}
        for part in re.findall(r"[\u4e00-\u9fff]+?(?:省|市|区|县)", region):
            prefixes.add(part)
            prefixes.add(part[:-1])
        if region.endswith("省"):
            prefixes.add("省")  # 省高院: people name a province's own bodies by 省 alone
        for p in prefixes:
            for s in shorts:
                alias = p + s
                if len(alias) >= 3:
                    aliases[alias] = name
        aliases[name] = name
    # a place that only one document is about names its department (普陀区 → 上海市普陀区财政局)
    by_region: dict[str, set[str]] = {}
    for d in docs:
        for part in re.findall(r"[\u4e00-\u9fff]+?(?:省|市|区|县)", d.region or ""):
            for form in (part, part[:-1]):
                if len(form) >= 2:
                    by_region.setdefault(form, set()).add(d.department)
    for form, names in by_region.items():
        if len(names) == 1 and form not in aliases:
            aliases[form] = next(iter(names))
    return aliases


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
        """Reload what the store holds (after an ingest)."""
        self.docs: dict[str, DocumentInfo] = {d.doc_id: d for d in self.store.documents()}
        self.aliases = _department_aliases(list(self.docs.values()))
        facts = self.store.facts.facts()
        by_doc: dict[str, list[Fact]] = {}
        for f in facts:
            by_doc.setdefault(f.doc_id, []).append(f)
        self.indexes = {doc_id: FactIndex(fs) for doc_id, fs in by_doc.items()}
        self.bigrams: dict[str, set[str]] = {}
        for doc_id, fs in by_doc.items():
            text = " ".join(p["text"] for p in self.store.facts.paragraphs(doc_id))
            text += " ".join(f"{f.quote} {f.table_title} {f.row_label} {f.context}" for f in fs)
            text = core_text(text)
            self.bigrams[doc_id] = {text[i : i + 2] for i in range(len(text) - 1)}

    # ------------------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: list[Answer] | None = None,
        filters: dict | None = None,
        prefer_unit: str | None = None,
    ) -> Answer:
        start = time.perf_counter()
        question = question.strip()
        if not question:
            ans = Answer(question=question, kind="clarify", text="请输入一个问题，例如「三公经费是多少」。")
        else:
            ans = self._ask(question, history or [], filters or {}, prefer_unit)
            if self.wording_model is not None:
                ans = rephrase(ans, self.wording_model)
        ans.elapsed_ms = (time.perf_counter() - start) * 1000
        return ans

    def _ask(self, question: str, history: list[Answer], filters: dict, prefer_unit: str | None) -> Answer:
        q = parse_question(question, self.aliases)
        prev = history[-1] if history else None
        if prev is not None:
            with_figures = next((a for a in reversed(history) if a.figures), None)
            switched = self._unit_switch(q, with_figures) if with_figures else None
            if switched is not None:
                return switched
            q = self._resolve_follow_up(q, prev)
        unit = q.unit or prefer_unit
        scope, problem = self._scope(q, filters)
        if problem is not None:
            return problem
        if q.intent == "field":
            return self._field(q, scope, unit)
        if q.intent == "list" or self._asks_for_text(q):
            listed = self._table_list(q, scope)
            if listed is not None:
                return listed
        if q.intent in {"passage", "define", "list"}:
            return self._passage(q, scope)
        if self._asks_for_text(q):
            return self._passage(q, scope)
        answer = self._figure(q, scope, unit)
        if answer.kind == "figure" and q.wants_why:
            extra = self._passage(replace(q, intent="passage"), scope)
            if extra.kind == "passage":
                offset = len(answer.sources)
                answer.text += "\n\n原因：" + extra.text
                answer.sources.extend(extra.sources)
                for fig in extra.figures:
                    fig.source += offset
        return answer

    # -- scope -----------------------------------------------------------------------------
    def _scope(self, q: Query, filters: dict) -> tuple[list[DocumentInfo], Answer | None]:
        docs = list(self.docs.values())
        if not docs:
            return [], Answer(
                q.text, "not_found", "库里还没有任何文件。请先导入预算公开文件（budgetqa ingest 文件）。"
            )
        if filters.get("file"):
            docs = [d for d in docs if d.file == filters["file"]]
        if filters.get("doc_id"):
            docs = [d for d in docs if d.doc_id == filters["doc_id"]]
        if filters.get("department"):
            docs = [d for d in docs if d.department == filters["department"]]
        if filters.get("year"):
            docs = [d for d in docs if d.year == int(filters["year"])]
        if not docs:
            return [], Answer(q.text, "not_found", "当前筛选条件下没有文件。")
        if q.departments:
            named = [d for d in docs if d.department in q.departments]
            if not named:
                return [], self._not_found(q, docs, f"所选文件不是关于{q.departments[0]}的")
            docs = named
        elif q.unknown_org and not q.departments:
            resolved = self._resolve_org(q.unknown_org, docs)
            if resolved is None:
                return [], self._not_found(q, docs, f"这些文件中没有「{q.unknown_org}」的预算")
            if resolved:
                docs = [d for d in docs if d.department == resolved]
                q.subject = q.subject.replace(q.unknown_org, "")
                q.alternatives = [(s.replace(q.unknown_org, ""), c) for s, c in q.alternatives]
        if q.year:
            same = [d for d in docs if d.year == q.year]
            if same:
                docs = same
            else:
                following = [d for d in docs if d.year == q.year + 1]
                if following and q.intent == "figure" and q.measure in {"amount", "previous"}:
                    q.measure = "previous"
                    docs = following
                else:
                    years = "、".join(sorted({str(d.year) for d in docs if d.year}))
                    return [], self._not_found(q, docs, f"这些文件中没有{q.year}年的数据（现有：{years}年）")
        return docs, None

    def _resolve_org(self, org: str, docs: list[DocumentInfo]) -> str | None:
        """An organisation the question names: a department (typos allowed), a row name, or unknown (None).

        Returns the department name, or "" when ``org`` is really the name of something printed
        (其他法院支出, 江苏法院云平台租赁费 are rows, not departments).
        """
        from rapidfuzz import fuzz

        # a typo of a department's name (普陀区财正局), not another place's namesake (河南省大数据管理局)
        best = max(
            ((fuzz.ratio(org, a), n) for a, n in self.aliases.items() if abs(len(a) - len(org)) <= 1),
            default=(0, ""),
        )
        if best[0] >= 80:
            return best[1]
        c = core(org)
        for d in docs:
            index = self.indexes.get(d.doc_id)
            if index and any(c in n for names in index.names.values() for n in names):
                return ""
            # a body the narrative mentions (下属单位, 专家咨询委员会) is not another department
            if any(org in p["text"] for p in self.store.facts.paragraphs(d.doc_id)):
                return ""
        return None

    def _asks_for_text(self, q: Query) -> bool:
        """Definitions, dates, legal basis, the nature of a body, lists: answered by sentences, not figures."""
        from qa.passages import question_intent

        return question_intent(q.text) in {
            "define",
            "when",
            "basis",
            "nature",
            "list",
        } and not _NUMBER_WORDS.search(q.norm)

    def _not_found(self, q: Query, docs: list[DocumentInfo], reason: str) -> Answer:
        names = "；".join(doc_label(d) for d in docs[:5])
        return Answer(
            question=q.text,
            kind="not_found",
            text=f"{reason}。已查文件：{names}。",
            context={"subject": q.subject},
        )

    # -- follow-ups ------------------------------------------------------------------------
    def _unit_switch(self, q: Query, prev: Answer) -> Answer | None:
        m = re.fullmatch(r"(请)?(换成|换算成|用|以|改成|转成)?(万元|元)(表示|计|呢|显示)?[？?。]?", q.norm)
        if not m or not prev.figures:
            return None
        unit = m.group(3)
        ans = Answer(
            question=q.text,
            kind=prev.kind,
            text="",
            sources=prev.sources,
            warnings=prev.warnings,
            context=prev.context,
        )
        lines = []
        for fig in prev.figures:
            new = replace(fig, display=display_value(fig.value, fig.unit, unit))
            ans.figures.append(new)
            lines.append(f"{new.label}：{new.display}")
        ans.text = "；".join(lines) + "。"
        return ans

    def _resolve_follow_up(self, q: Query, prev: Answer) -> Query:
        """Fill what a follow-up leaves out (那2020年呢, 占比多少, 基本支出呢, 江苏高院呢) from the last answer."""
        ctx = prev.context or {}
        if not ctx.get("subject") and not ctx.get("doc_ids"):
            return q
        column_only = bool(q.subject) and q.subject in COLUMN_WORDS
        # a question with its own code, table or subject is a new question
        own = bool(
            q.codes
            or q.table_hint
            or (q.subject and not column_only and not _PRONOUN.match(q.subject) and len(q.subject) > 3)
        )
        follow_words = bool(_FOLLOW_UP.search(q.norm))
        is_follow = (
            follow_words or (not q.subject and not own) or bool(_PRONOUN.match(q.subject)) or column_only
        )
        if own and not follow_words:
            is_follow = False
        if not is_follow:
            return q
        subject = _PRONOUN.sub("", q.subject)
        if column_only:
            # "基本支出呢": the same row, another column
            q.columns = [subject]
            subject = ""
        if not subject or subject in {"呢", "那", "年", "项目", "这个项目", "那个项目"}:
            subject = ctx.get("subject", "")
            q.subject = subject
            q.subjects = subject_variants(subject)
            q.alternatives = readings(subject, subject.split())
            if not q.columns and ctx.get("columns"):
                q.columns = list(ctx["columns"])
            if not q.codes and ctx.get("codes"):
                q.codes = list(ctx["codes"])
        new_department = bool(q.departments)
        if not q.departments and ctx.get("departments"):
            q.departments = list(ctx["departments"])
        if q.measure == "amount" and ctx.get("measure") and not q.year and q.intent == "figure":
            q.measure = ctx["measure"] if ctx["measure"] != "previous" else "amount"
        # the year carries over only within the same department (江苏高院呢 asks about its own year)
        if not q.year and not new_department and ctx.get("year") and q.relative_year != "previous":
            q.year = ctx["year"]
        q.unknown_org = ""
        return q

    # -- figures ---------------------------------------------------------------------------
    def _figure(self, q: Query, docs: list[DocumentInfo], unit: str | None) -> Answer:
        per_doc: list[tuple[DocumentInfo, list[FigureGroup], str]] = []
        computed: list[Answer] = []
        summed = self._sum_of_named(q, docs, unit)
        if summed is not None:
            return summed
        for d in docs:
            index = self.indexes.get(d.doc_id)
            if index is None:
                continue
            matches = [] if self._names_unprinted(q, d.doc_id) else self._matches(q, index)
            note = ""
            if not matches and q.measure in {"amount", "count", "percent_share"}:
                matches = self._retrieved_matches(q, d, index)
                if matches:
                    name = matches[0].fact.row_label or matches[0].fact.subject
                    note = f"文件中没有与问题完全相同的名称，按检索到的「{name}」作答，请核对。"
            if matches:
                per_doc.append((d, group_matches(matches), note))
                continue
            arith = self._arithmetic(q, d, index, unit)
            if arith is not None:
                computed.append(arith)
        if not per_doc and not computed and q.measure in {"count", "quantity"}:
            listed = self._count_listed(q, docs)
            if listed is not None:
                return listed
        if not per_doc and computed:
            return (
                computed[0]
                if len(computed) == 1
                else self._clarify(q, [self.docs[c.context["doc_ids"][0]] for c in computed])
            )
        if not per_doc:
            return self._figure_not_found(q, docs)
        if len(per_doc) > 1:
            best = max(g[0].score for _, g, _ in per_doc)
            per_doc = [p for p in per_doc if p[1][0].score >= best - 5]
        if len(per_doc) == 1:
            d, groups, note = per_doc[0]
            ans = self._compose_single(q, d, groups, unit)
            if note:
                ans.warnings.insert(0, note)
                ans.text = ans.text.replace("\n", f"\n⚠ {note}\n", 1) if "\n" in ans.text else ans.text
            return ans
        if len(per_doc) <= 3:
            return self._compose_multi(q, per_doc, unit)
        return self._clarify(q, [d for d, _, _ in per_doc])

    def _retrieved_matches(self, q: Query, d: DocumentInfo, index: FactIndex) -> list[Match]:
        """Figures the question names far from any printed label: let retrieval find the row.

        Only when dense and BM25 retrieval agree on the top chunk, and a fact linked to it still
        resembles what was asked; the answer then says which printed name it used.
        """
        if not q.subject or len(core(q.subject)) < 2 or self.store.retrieval_warming:
            return []
        try:
            retrieval = self.store.retrieval
        except Exception:
            return []
        if retrieval is None:
            return []
        hits = retrieval.retriever().search(q.text, k=3, filters={"doc_id": d.doc_id})
        if not hits:
            return []
        top = hits[0]
        if not (top.dense_rank and top.bm25_rank and top.dense_rank <= 2 and top.bm25_rank <= 2):
            return []
        chunk = top.chunk
        linked = [
            f
            for f in index.facts
            if (f.origin == "table" and f.table_idx == chunk.table_idx and f.row_index in chunk.rows)
            or (f.origin == "text" and f.paragraph_idx in chunk.paragraphs)
        ]
        from qa.lookup import measure_ok, name_score

        out = []
        subjects = [c for v in q.subjects for c in core_forms(v)]
        for f in linked:
            if not measure_ok(f, q.measure) or not index.is_primary(f):
                continue
            score = max((name_score(s, n) for s in subjects for n in index.names[id(f)]), default=0.0)
            if score >= 60:
                out.append(Match(f, score))
        if not out:
            return []
        best = max(m.score for m in out)
        return [m for m in out if m.score >= best - 3]

    def _names_unprinted(self, q: Query, doc_id: str) -> bool:
        """Does every reading of the subject contain a word this document never prints (无人机)?

        Three or more characters in a row, none of them in any printed two-character sequence, are
        a thing the document is not about; a one-character typo (治里) never is.
        """
        bigrams = self.bigrams.get(doc_id)
        if not bigrams:
            return False

        def longest_unknown(text: str) -> int:
            t = core_text(text)
            run = best = 0
            for i, ch in enumerate(t):
                left = t[i - 1 : i + 1] if i > 0 else ""
                right = t[i : i + 2] if i + 1 < len(t) else ""
                known = (
                    ch in _FUNCTION_CHARS
                    or not "\u4e00" <= ch <= "\u9fff"
                    or (left and left in bigrams)
                    or (right and right in bigrams)
                )
                run = 0 if known else run + 1
                best = max(best, run)
            return best

        variants = [v for v in (q.subjects or [q.subject]) if v]
        return bool(variants) and all(longest_unknown(v) >= 3 for v in variants)

    def _matches(self, q: Query, index: FactIndex) -> list[Match]:
        generic_total = q.asks_total and (
            not q.subject or core(q.subject) in {"", "预算", "部门", "支出", "总"}
        )
        if generic_total or (not q.subject and not q.codes and q.measure == "amount"):
            return total_matches(index) if q.measure == "amount" else []
        matches = search(q, index)
        if q.measure == "amount" and not q.explicit_money:
            # "满意度目标", "预算执行率要达到多少": the thing asked about decides the measure
            for other in ("percent_share", "count"):
                alt = search(q, index, measure=other)
                if alt and (not matches or alt[0].score > matches[0].score + 2):
                    matches = alt
        if not matches and q.measure == "percent_change":
            matches = search(q, index, measure="change")
        if not matches and q.measure == "count":
            matches = search(q, index, measure="quantity")
        if not matches and q.measure == "quantity":
            matches = search(q, index, measure="count")
        return matches

    def _sum_of_named(self, q: Query, docs: list[DocumentInfo], unit: str | None) -> Answer | None:
        """ "基本支出和项目支出一共多少": the sum of each named figure, computed from the cited figures."""
        if (
            q.measure != "amount"
            or q.codes
            or q.table_hint
            or not re.search(r"一共|总共|合计|加起来|之和|总和|共计", q.norm)
        ):
            return None
        names = [p for p in re.split(r"和|与|以及|及|加上|、|＋|\+", q.subject) if len(core(p)) >= 2]
        if len(names) < 2:
            return None
        found_in: list[tuple[DocumentInfo, list[tuple[str, FigureGroup]]]] = []
        for d in docs:
            index = self.indexes.get(d.doc_id)
            groups: list[tuple[str, FigureGroup]] = []
            for name in names:
                part = replace(
                    q, subject=name, subjects=subject_variants(name), alternatives=[(name, [])], columns=[]
                )
                found = search(part, index) if index else []
                if not found:
                    break
                groups.append((name, corroborate(group_matches(found)[0], index)))
            distinct = {id(g.best_fact) for _, g in groups}
            if len(groups) == len(names) and len(distinct) == len(groups):
                found_in.append((d, groups))
        if not found_in:
            return None
        if len(found_in) > 1:
            return self._clarify(q, [d for d, _ in found_in])
        d, groups = found_in[0]
        total = sum((g.value for _, g in groups), Decimal(0))
        b = AnswerBuilder(q.text, self.docs)
        how = " + ".join(f"{best_label(g, n)} {display_value(g.value, '元', unit)}" for n, g in groups)
        fig = b.add_computed(
            "、".join(best_label(g, n) for n, g in groups) + " 合计",
            total,
            "元",
            [g.best_fact for _, g in groups],
            unit,
            how,
        )
        b.answer.text = (
            f"{fig.label}：{fig.display}（计算得出：{how}）。\n{sources_line(groups[0][1], self.docs)}"
        )
        b.answer.warnings.append("这个合计文件中没有直接印出，由引用的各项数字相加得出。")
        b.answer.context = self._context(q, d)
        return b.answer

    def _arithmetic(self, q: Query, d: DocumentInfo, index: FactIndex, unit: str | None) -> Answer | None:
        """Figures not printed but computable from printed ones: a share, a previous-year amount, a change."""
        if q.measure == "percent_share":
            part = search(replace(q, measure="amount"), index, measure="amount")
            if not part:
                return None
            total = total_matches(index)
            if not total:
                return None
            pg, tg = group_matches(part)[0], group_matches(total)[0]
            if tg.value == 0 or pg.value == tg.value:
                return None
            share = (pg.value / tg.value * 100).quantize(Decimal("0.01"))
            b = AnswerBuilder(q.text, self.docs)
            label = best_label(pg, q.subject)
            how = f"{display_value(pg.value, '元', unit)} ÷ {display_value(tg.value, '元', unit)} × 100%"
            b.add_computed(f"{label}占比", share, "%", [pg.best_fact, tg.best_fact], unit, how)
            b.answer.text = (
                f"{label}占{best_label(tg, '支出合计')}的 {share}%（计算得出："
                f"{display_value(pg.value, '元', unit)} ÷ {display_value(tg.value, '元', unit)}）。"
                f"\n{sources_line(pg, self.docs)}"
            )
            b.answer.warnings.append("该占比文件中没有直接印出，由引用的两个数字相除得出。")
            b.answer.context = self._context(q, d)
            return b.answer
        if q.measure in {"previous", "change"}:
            current = search(replace(q, measure="amount"), index, measure="amount")
            other = search(q, index, measure="change" if q.measure == "previous" else "previous")
            if not current or not other:
                return None
            cg, og = group_matches(current)[0], group_matches(other)[0]
            b = AnswerBuilder(q.text, self.docs)
            label = best_label(cg, q.subject)
            if q.measure == "previous":
                sign = -1 if og.best_fact.direction == "减少" else 1
                value = cg.value - sign * og.value
                how = f"{display_value(cg.value, '元', unit)} − {display_value(og.value, '元', unit)}"
                b.add_computed(f"{label}（上年）", value, "元", [cg.best_fact, og.best_fact], unit, how)
            else:
                value = cg.value - og.value
                how = f"{display_value(cg.value, '元', unit)} − 上年 {display_value(og.value, '元', unit)}"
                b.add_computed(f"{label}（比上年变化）", value, "元", [cg.best_fact, og.best_fact], unit, how)
            b.answer.text = f"{label}{'上年为' if q.measure == 'previous' else '比上年变化'} {display_value(value, '元', unit)}（计算得出：{how}）。\n{sources_line(cg, self.docs)}"
            b.answer.warnings.append("该数字文件中没有直接印出，由引用的数字计算得出。")
            b.answer.context = self._context(q, d)
            return b.answer
        return None

    def _table_list(self, q: Query, docs: list[DocumentInfo]) -> Answer | None:
        """Lists a table prints as structure: the 类 rows of a classification, or the rows under a code.

        「法院（款）下面有哪些项」 → the rows whose code extends 法院's; 「有哪些类级科目」 → the 3-digit rows;
        a column word keeps only rows with a figure in that column (「项目支出里有哪些…」).
        """
        if len(docs) != 1 or not re.search(r"哪些|哪几|有什么|包括|包含|分为", q.norm):
            return None
        d = docs[0]
        tables = self.store.facts.tables(d.doc_id)
        coded = [t for t in tables if t["kind"] == "grid" and any(r.get("codes") for r in t["rows"])]
        if q.table_hint:
            hinted = [
                t
                for t in coded
                if re.search(rf"(附件|附表)\s*{re.escape(q.table_hint)}(?![\d-])", t["display_title"])
            ]
            coded = hinted or coded
        if not coded:
            return None

        def in_column(r: dict, t: dict, words: list[str]) -> bool:
            # a column word filters only in a table that has such a column
            words = [w for w in words if any(w in col for col in t["columns"])]
            if not words:
                return True
            return any(any(w in c["column"] for w in words) and Decimal(c["value"]) != 0 for c in r["cells"])

        chosen: tuple[dict, list[dict], str] | None = None
        applied: list[str] = []
        if re.search(r"类级|类科目|哪些类", q.norm):
            for t in coded:
                rows = [r for r in t["rows"] if len(row_code(r)) == 3 and in_column(r, t, q.columns)]
                if len(rows) >= 2:
                    chosen = (t, rows, "类级科目")
                    applied = [w for w in q.columns if any(w in col for col in t["columns"])]
                    break
        else:
            index = self.indexes.get(d.doc_id)
            if index is None:
                return None
            for subject, _ctx in q.alternatives or [(q.subject, [])]:
                name = re.sub(r"(下面|下属|下设|底下|之下|里面|里|中|下)$", "", subject)
                name = re.sub(r"（(类|款|项)）|\((类|款|项)\)", "", name)
                name = re.sub(r"(科目|明细|项目|子项)$", "", name)
                if len(core(name)) < 2:
                    continue
                probe = replace(
                    q,
                    subject=name,
                    subjects=subject_variants(name),
                    alternatives=[(name, [])],
                    columns=[],
                    measure="amount",
                )
                words = [w for w in q.columns if w not in name]
                for m in search(probe, index):
                    pf = m.fact
                    if pf.origin != "table" or len(pf.code) not in (3, 5):
                        continue
                    t = next((x for x in coded if x["table_idx"] == pf.table_idx), None)
                    if t is None:
                        continue
                    rows = [
                        r
                        for r in t["rows"]
                        if row_code(r).startswith(pf.code)
                        and len(row_code(r)) == len(pf.code) + 2
                        and in_column(r, t, words)
                    ]
                    if len(rows) >= 2:
                        chosen = (t, rows, pf.row_label)
                        applied = [w for w in words if any(w in col for col in t["columns"])]
                        break
                if chosen is not None:
                    break
        if chosen is None:
            return None
        t, rows, what = chosen
        unit_of = t["unit"]
        b = AnswerBuilder(q.text, self.docs)
        b.answer.kind = "list"
        lines = []
        for r in rows:
            cells = [c for c in r["cells"] if not applied or any(w in c["column"] for w in applied)]
            cell = cells[0] if cells else (r["cells"][0] if r["cells"] else None)
            shown = ""
            if cell is not None and unit_of in MONEY_UNITS:
                value = Decimal(cell["value"]) * MONEY_UNITS[unit_of]
                shown = f"：{display_value(value, '元', q.unit)}"
            lines.append(f"· {row_code(r)} {r['label']}{shown}")
            quote = " ".join([row_code(r), r["label"], *(f"{c['column']}：{c['raw']}" for c in r["cells"])])
            b.add_source(
                _row_fact(
                    d,
                    t,
                    r,
                    subject=r["label"],
                    quote=quote.strip(),
                    printed=cell["raw"] if cell else "",
                    column=cell["column"] if cell else "",
                )
            )
        col = f"（{'、'.join(applied)}有数的）" if applied else ""
        head = f"{what}下{col}共{len(rows)}项：" if what != "类级科目" else f"类级科目{col}共{len(rows)}项："
        page = f"第{t['page']}页 " if t["page"] else ""
        b.answer.text = (
            head + "\n" + "\n".join(lines) + f"\n来源：{doc_label(d)} · {page}{t['display_title']}"
        )
        b.answer.context = self._context(q, d)
        return b.answer

    def _count_listed(self, q: Query, docs: list[DocumentInfo]) -> Answer | None:
        """ "有几个内设机构": count the items of the printed list that names them (办公室、法规处、…)."""
        subject = core(q.subject)
        if len(subject) < 2:
            return None
        for d in docs:
            for p in self.store.facts.paragraphs(d.doc_id):
                for sent in re.split(r"(?<=[。；])", p["text"]):
                    m = re.search(
                        re.escape(subject) + r"[^：:。；]{0,12}?[：:]\s*([^。；]+)", core_text(sent)
                    )
                    if not m:
                        continue
                    items = [i for i in re.split(r"[、，,]", m.group(1)) if i.strip()]
                    if len(items) < 2 or any(re.search(r"\d", i) for i in items):
                        continue  # a breakdown with its own figures is not a list of names
                    b = AnswerBuilder(q.text, self.docs)
                    fact = Fact(
                        doc_id=d.doc_id,
                        origin="text",
                        subject=q.subject,
                        measure="count",
                        value=Decimal(len(items)),
                        unit="个",
                        printed=sent.strip(),
                        printed_unit="",
                        precision=Decimal(1),
                        quote=sent.strip(),
                        page=p["page"],
                        section=p["heading"],
                        paragraph_idx=p["idx"],
                    )
                    how = f"原文列出的{q.subject}逐个计数（{'、'.join(i.strip() for i in items)}）"
                    b.add_computed(q.subject, Decimal(len(items)), "个", [fact], None, how)
                    b.answer.text = (
                        f"{q.subject}：{len(items)}个（按原文列举计数）：{'、'.join(i.strip() for i in items)}。"
                        f"\n来源：{doc_label(d)} · {p['heading'] or '说明'}"
                    )
                    b.answer.warnings.append("文件没有直接印出这个数，按原文列出的名称逐个计数。")
                    b.answer.context = self._context(q, d)
                    return b.answer
        return None

    def _figure_not_found(self, q: Query, docs: list[DocumentInfo]) -> Answer:
        what = q.subject or "、".join(q.codes) or "这个问题"
        measure_words = {
            "percent_share": "占比",
            "percent_change": "增长率",
            "change": "增减额",
            "previous": "上年数",
            "count": "数量",
            "unit_price": "单价",
            "quantity": "数量",
        }
        m = measure_words.get(q.measure, "数字")
        return self._not_found(q, docs, f"这些文件中没有找到「{what}」的{m}")

    def _context(self, q: Query, d: DocumentInfo | None, docs: list[DocumentInfo] | None = None) -> dict:
        ids = [d.doc_id] if d else [x.doc_id for x in docs or []]
        return {
            "subject": q.subject,
            "measure": q.measure,
            "columns": q.columns,
            "codes": q.codes,
            "departments": [d.department] if d else q.departments,
            "year": d.year if d else q.year,
            "doc_ids": ids,
        }

    def _compose_single(
        self, q: Query, d: DocumentInfo, groups: list[FigureGroup], unit: str | None
    ) -> Answer:
        b = AnswerBuilder(q.text, self.docs)
        main_groups = [g for g in groups if not g.procurement] if not q.asks_procurement else groups
        if not main_groups:
            main_groups = groups
        # one row split into parts elsewhere (5-2表: 津贴补贴 行政 + 事业 = 附件6 津贴补贴): the total answers
        parts: list[FigureGroup] = []
        whole = _whole_of_parts(main_groups[:6])
        if whole is not None:
            parts = [g for g in main_groups[:6] if g is not whole and g.score >= whole.score - 2]
            main_groups = [whole] + [g for g in main_groups if g is not whole and g not in parts]
        main = corroborate(main_groups[0], self.indexes[d.doc_id])
        label = best_label(main, q.subject)
        fig = b.add_group(label, main, unit)
        lines = [f"{label}：{fig.display}。"]
        if parts:
            for g in parts:
                b.add_group(best_label(g, q.subject), g, unit)
            lines.append(
                "其中："
                + "；".join(f"{display_value(g.value, g.unit, unit)}（{where(g.best_fact)}）" for g in parts)
                + "。"
            )
        # groups that name the same thing with another value: the documents disagree
        rivals = [g for g in main_groups[1:] if g.score >= main.score - 2 and g.unit == main.unit]
        if rivals:
            parts = [f"{display_value(main.value, main.unit, unit)}（{where(main.best_fact)}）"]
            for g in rivals:
                b.add_group(best_label(g, q.subject), g, unit)
                parts.append(f"{display_value(g.value, g.unit, unit)}（{where(g.best_fact)}）")
            if all(_other_table(g, main) for g in rivals):
                # the same name in different tables: different scopes (基本支出表 vs 三公表), not an error
                warning = (
                    "同名项目在不同表中的数字不同（统计口径不同，例如只含基本支出）："
                    + "；".join(parts)
                    + "。"
                )
                if main.has_table and any(f.origin == "text" for f in main.facts):
                    warning += "上面采用说明文字与表格一致的数字。"
            else:
                warning = "文件中这个数字前后不一致：" + "；".join(parts) + "。"
                if main.has_table and not all(g.has_table for g in rivals):
                    warning += "上面采用有表格印证的数字。"
            b.answer.warnings.append(warning)
        if not q.asks_procurement:
            for g in groups:
                if g.procurement and g is not main and g not in rivals and g.score >= main.score - 6:
                    f = g.best_fact
                    lines.append(
                        f"另：{where(f)}中「{f.row_label or f.subject}」为 {display_value(g.value, g.unit, unit)}，"
                        "这是其中列入政府采购预算的金额。"
                    )
                    break
        lines.append(sources_line(main, self.docs))
        if b.answer.warnings:
            lines.insert(1, "⚠ " + " ".join(b.answer.warnings))
        b.answer.text = "\n".join(lines)
        b.answer.context = self._context(q, d)
        return b.answer

    def _compose_multi(
        self, q: Query, per_doc: list[tuple[DocumentInfo, list[FigureGroup], str]], unit: str | None
    ) -> Answer:
        b = AnswerBuilder(q.text, self.docs)
        lines = ["问题没有指明部门或年份，以下分别列出各文件中的数字："]
        for d, groups, _ in per_doc:
            g = groups[0]
            label = best_label(g, q.subject)
            fig = b.add_group(f"{d.department} {d.year or ''} {label}".strip(), g, unit)
            lines.append(
                f"· {d.department}（{d.year}年{d.kind}）{label}：{fig.display}。{sources_line(g, self.docs)}"
            )
        b.answer.warnings.append("问题可对应多个文件，已分别列出；指明部门或年份可得到单一答案。")
        b.answer.text = "\n".join(lines)
        b.answer.context = self._context(q, None, [d for d, _, _ in per_doc])
        return b.answer

    def _clarify(self, q: Query, docs: list[DocumentInfo]) -> Answer:
        options = [f"{d.department} {d.year}年{d.kind}" for d in docs]
        return Answer(
            question=q.text,
            kind="clarify",
            text="这个问题对应多个文件，请问您问的是哪一个？\n" + "\n".join(f"· {o}" for o in options),
            options=options,
            context={
                "subject": q.subject,
                "measure": q.measure,
                "option_filters": [{"doc_id": d.doc_id} for d in docs],
            },
        )

    # -- form fields (项目负责人, 联系人 …) -------------------------------------------------
    def _field(self, q: Query, docs: list[DocumentInfo], unit: str | None) -> Answer:
        from rapidfuzz import fuzz

        hits = []
        qc = core(q.subject) if q.subject else ""
        for d in docs:
            for t in self.store.facts.tables(d.doc_id):
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
            return self._passage(replace(q, intent="passage"), docs)
        best = max(h[0] for h in hits)
        chosen = [h for h in hits if h[0] >= best - 2]
        if qc and best < 70:
            passage = self._passage(replace(q, intent="passage"), docs)
            if passage.kind != "not_found" and q.field_name in passage.text:
                return passage
            return self._not_found(q, docs, f"这些文件中没有找到「{q.subject}」的{q.field_name}")
        b = AnswerBuilder(q.text, self.docs)
        b.answer.kind = "passage" if len(chosen) == 1 else "list"
        lines = []
        for _, d, t, r, value in chosen:
            b.add_source(
                _row_fact(d, t, r, subject=t["subject"], quote=f"{r['label']}：{value}", printed=value)
            )
            lines.append(f"{t['subject']}的{r['label']}：{value}")
        b.answer.text = (
            "\n".join(lines)
            + f"\n来源：{doc_label(self.docs[chosen[0][1].doc_id])} · {chosen[0][2]['display_title']}"
        )
        b.answer.context = self._context(q, chosen[0][1])
        b.answer.context["subject"] = chosen[0][2]["subject"]
        return b.answer

    # -- passages --------------------------------------------------------------------------
    def _passage(self, q: Query, docs: list[DocumentInfo]) -> Answer:
        """Text questions: hybrid retrieval and an extractive answer; keyword sentences without it."""
        from qa.passages_fallback import keyword_passage

        if self.store.retrieval_warming:
            ans = keyword_passage(self, q, docs)
            ans.warnings.append("文本检索索引正在后台建立，这次先按关键词从原文中摘句。")
            return ans
        try:
            retrieval = self.store.retrieval
        except Exception:  # a broken vector store must not take text answers down
            log.exception("retrieval index unavailable")
            retrieval = None
        if retrieval is None:
            return keyword_passage(self, q, docs)
        from qa.passages import extract_passage

        retriever = retrieval.retriever()
        hits = retriever.search(q.text, k=6, filters={"doc_id": [d.doc_id for d in docs]})
        passage = extract_passage(q.text, hits, section_chunks=retriever.section_chunks)
        if passage.kind == "none" or not passage.text.strip():
            return keyword_passage(self, q, docs)
        ans = Answer(question=q.text, kind=passage.kind, text="", sources=passage.sources())
        top = passage.sentences[0] if passage.sentences else None
        doc_id = top.doc_id if top is not None else hits[0].chunk.doc_id
        info = self.docs.get(doc_id)
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
