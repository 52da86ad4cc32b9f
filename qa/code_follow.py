"""「科目编码是多少」: the classification code printed with an item, read where its figure is printed.

After a figure (or the reason printed with it), the code of the item just answered: the code printed on the
row of its table cell (「乡镇卫生院 210 03 02」) or in its sentence (「2、2100302乡镇卫生院5710.18万元」,
「1.2120104城乡社区管理事务—城管执法2216.85万元」, 「行政运行（2010301）774.79万元」).  Asked with the
item's name, the item's figure is looked up first, then its code read the same way.  The answer is text,
quoting the sentence or row that prints the code; it carries the item's figure on, so 「为什么增加」 after
it still reads the reason printed with that figure.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from index.facts import DocumentInfo, Fact
from index.vocabulary import (
    CODE_ASKED,
    CODE_ASKED_GENERIC_SUBJECTS,
    CODE_ASKED_LEVEL,
    CODE_ASKED_TAIL,
    CODE_ASKED_VERB_END,
    CODE_MOVED_VERB,
    ORG_SUFFIX_CHARS,
    SPENDING_ONLY_ASKED,
    SPENDING_WORDS_AFTER_BODY,
    TOTAL_SUBJECTS,
    YEAR_SPENDING_SUBJECTS,
)
from qa.answer import Answer, Figure, Source
from qa.compose import doc_label, fact_display, passage_source, source_for
from qa.lookup import clause_codes, codes_printed_in, search
from qa.understand import Query, core, readings, subject_variants

if TYPE_CHECKING:
    from qa.engine import Engine

_WHOLE_SPENDING = {core(t) for t in (*YEAR_SPENDING_SUBJECTS, *TOTAL_SUBJECTS)} - {"", "合计"}
_MONEY_ASKED = re.compile(r"多少钱|金额|花了|支出多少|[万亿]?元")
# a table row's code as a source shows it: 「乡镇卫生院 210 03 02（第12行）」, 「[30211]差旅费」
_ROW_CODE = re.compile(
    r"(?<!\d)(\d{3})(?: (\d{2}))?(?: (\d{2}))?(?=（第|$)|^[\[【(（]?(\d{3}(?:\d{2}){0,2})[\]】)）]?(?=\D)"
)
# 「行政运行（2010301）」: a code printed in brackets after the name
_CODE_AFTER = re.compile(r"^\s*[（(]\s*(?:科目编码[:：]?\s*)?(\d{7}|\d{5}|\d{3})\s*[)）]")


def asks_code(q: Query) -> bool:
    # (「单位编码」 is a unit's own code, no classification code of an item)
    return (
        bool(re.search(CODE_ASKED, q.norm)) and not _MONEY_ASKED.search(q.norm) and "单位编码" not in q.norm
    )


def item_asked(subject: str) -> str:
    """The item whose code is asked: what comes before the words asking it, less the body it is asked in.

    「中小企业发展专项对应的功能分类科目编码审批局」 → 中小企业发展专项; 「…的补助在社会事业局功能分类」 →
    …的补助 (「在某局」 says where, not what)."""
    item = re.split(CODE_ASKED_TAIL, subject, maxsplit=1)[0]
    item = re.sub(CODE_ASKED_VERB_END, "", item) or item
    item = re.sub(CODE_ASKED_LEVEL, "", item) or item
    item = re.sub(
        rf"(?<=[\u4e00-\u9fff]{{2}})在[\u4e00-\u9fff]{{1,12}}[{ORG_SUFFIX_CHARS}](?:里|中)?$", "", item
    )
    return re.sub(r"(?:的|支出)$", "", item)


def code_of_item(eng: Engine, q: Query, prev: Answer | None, docs, unit: str | None) -> Answer | None:
    """The code of the item the question names, or of the one the last answer gave."""
    if not asks_code(q):
        return None
    generic = core(q.subject) in CODE_ASKED_GENERIC_SUBJECTS
    ctx = (prev.context or {}) if prev is not None else {}
    if prev is not None and (generic or core(q.subject) == core(ctx.get("subject", ""))):
        base, subject = prev, ctx.get("subject", "")
    elif not generic:
        subject = item_asked(q.subject) or q.subject
        asked = re.split(CODE_ASKED_TAIL, q.subject, maxsplit=1)[0]
        own = _department_asked(asked, docs)
        if own is not None:
            return _department_codes(eng, q, own)
        moved = _moved_to(eng, asked, subject, docs)
        if moved is not None:
            return _code_answer(q, moved, subject, Answer(question=q.text, kind="passage", text=""))
        base = eng._by_kind(_asking_figure(q, subject), docs, unit)
    else:
        return None
    found = _printed_code(base, subject)
    if found is None and base is not prev:
        found = _coded_row(eng, _asking_figure(q, subject), docs)
    if found is None and base is not prev:
        found = _line_using(eng, subject, docs)
    if found is None and base.kind == "figure" and base.figures:
        # 「…这个科目的功能分类编码是多少」 of an item printed by its name alone: the code is not printed (its
        # figure is no answer to it)
        from qa.scope import not_found

        name = subject or base.figures[0].label
        return not_found(eng, q, docs, f"文件中「{name}」没有印出科目编码")
    if found is None:
        return None
    return _code_answer(q, found, subject, base)


def _code_answer(q: Query, found: tuple[str, Source], subject: str, base: Answer) -> Answer:
    code, src = found
    name = subject or (base.figures[0].label if base.figures else "")
    figures = [
        replace(f, source=0)
        for f in base.figures
        if f.source < len(base.sources) and base.sources[f.source] is src
    ][:1]
    where = f"{src.document} · {src.table or src.section or '说明'}"
    return Answer(
        question=q.text,
        kind="passage",
        text=f"{name}的科目编码：{code}。\n来源：{where}",
        figures=figures,
        sources=[src],
        context={**(base.context or {}), "subject": name},
    )


def spending_codes(eng: Engine, q: Query, prev: Answer | None, docs) -> Answer | None:
    """「都花在哪个科目上」 naming no item, after the department's whole spending (or asked of its one document):
    the code lines its text prints."""
    if not asks_code(q) or (doc := _spending_asked(q, prev, docs)) is None:
        return None
    return _department_codes(eng, q, doc)


def _department_asked(item: str, docs) -> DocumentInfo | None:
    """「离岛免税办的支出列在哪个科目」: the department itself (its spending) is the item — the one document
    in scope whose department the item names, by its name or a short form of it (its characters in order,
    its first two together, its ending that of a body), or its spending alone asked of one document."""
    name = re.sub(SPENDING_WORDS_AFTER_BODY, "", item)
    if not name and item and len(docs) == 1:
        return docs[0]  # 「（宣传部的）支出列在哪个科目」: the department said where the question is asked
    if len(name) < 2 or name[-1] not in ORG_SUFFIX_CHARS:
        return None
    named = [d for d in docs if d.department and _short_of(name, d.department)]
    return named[0] if len(named) == 1 else None


def _spending_asked(q: Query, prev: Answer | None, docs) -> DocumentInfo | None:
    """「（钱）都花在哪个科目上」 naming no item: the department's spending — the one document in scope, or after
    an answer of a department's whole spending (本年支出 and its change) the document that answer cites."""
    asked = re.split(CODE_ASKED_TAIL, q.norm, maxsplit=1)[0].strip()
    if not re.fullmatch(SPENDING_ONLY_ASKED, asked):
        return None
    if prev is None:
        return docs[0] if asked and len(docs) == 1 else None
    ctx = prev.context or {}
    labels = [ctx.get("subject", ""), *(f.label for f in prev.figures[:1])]
    if not any(core(x) in _WHOLE_SPENDING for x in labels if x):
        return None
    cited = {s.doc_id for s in prev.sources}
    named = [d for d in docs if d.doc_id in cited]
    return named[0] if len(named) == 1 else None


def _short_of(short: str, name: str) -> bool:
    rest = iter(name)
    return short[:2] in name and all(ch in rest for ch in short)


def _department_codes(eng: Engine, q: Query, doc: DocumentInfo) -> Answer | None:
    """The codes of the items a department's text explains its spending by, each with its name and figure,
    largest first: one code when all its spending is one item's (「（一）2100201 综合医院33.04万元」); a
    code printed on two lines (one per kind of spending under it) is listed once, at its largest."""
    index = eng.indexes.get(doc.doc_id)
    if index is None:
        return None
    lines: dict[str, Fact] = {}
    for f in index.facts:
        if f.origin != "text" or f.measure != "amount":
            continue
        codes = clause_codes(f)
        if len(codes) == 1 and ((code := next(iter(codes))) not in lines or f.value > lines[code].value):
            lines[code] = f
    if not lines:
        return None
    ranked = sorted(lines.items(), key=lambda kv: -kv[1].value)
    sources = [source_for(f, doc) for _, f in ranked]
    items = "；".join(
        f"{code}（{name}，{fact_display(f, None)}）"
        if (name := _printed_name(f.subject, code)) != code
        # 「221（项级科目）46.96万元」: the code printed without its name
        else f"{code}（{fact_display(f, None)}）"
        for code, f in ranked
    )
    name = doc.department
    return Answer(
        question=q.text,
        kind="passage",
        text=f"{name}的支出所列科目编码：{items}。\n来源：{doc_label(doc)} · {sources[0].section or '说明'}",
        # each line's figure, so 「为什么减少」 after it reads the reason printed with the line
        figures=[
            Figure(_printed_name(f.subject, code), f.value, f.unit, fact_display(f, None), i)
            for i, (code, f) in enumerate(ranked)
        ],
        sources=sources,
        context={"subject": name},
    )


def _printed_name(subject: str, code: str) -> str:
    """The item's name printed after its code, less the economic kind printed after it (「2013199其他党委办公厅
    （室）及相关机构事务支出--301工资福利支出（项级科目）」 → 其他党委办公厅（室）及相关机构事务支出)."""
    # 「221（项级科目）」: a code printed with its level alone
    name = re.sub(r"^[（(][类款项]级?(?:科目)?[)）]", "", subject.removeprefix(code).strip())
    if not name:
        return code
    return re.split(r"\s*[-—－]+\s*\d{3}(?=[\u4e00-\u9fff])", name, maxsplit=1)[0] or name


def _asking_figure(q: Query, subject: str) -> Query:
    """The question of the item's figure, its subject (and the readings of it) the item alone.

    (its wording too: 「…对应的功能分类科目编码是什么」 read as asked would be a 「是什么」 question of words)"""
    if subject == q.subject:
        return replace(q, measure="amount", intent="figure")
    return replace(
        q,
        norm=f"{subject}是多少?",
        subject=subject,
        subjects=subject_variants(subject),
        alternatives=readings(subject, [subject]),
        measure="amount",
        intent="figure",
    )


def _coded_row(eng: Engine, q: Query, docs) -> tuple[str, Source] | None:
    """「差旅费的科目编码」 answered by a sentence that prints no code: the best row of that name that has one."""
    for d in docs:
        index = eng.indexes.get(d.doc_id)
        if index is None:
            continue
        for m in search(q, index):
            if m.fact.origin == "table" and m.fact.code:
                return m.fact.code, source_for(m.fact, d)
    # 「物价管理的科目编码」 asked of several documents: the sentences that print a code before the item's name
    # (「〔2010408〕发展与改革事务—物价管理支出3.02万元」), when they all print the same one
    name = core(q.subject)
    found: dict[str, Source] = {}
    for d in docs:
        index = eng.indexes.get(d.doc_id)
        for f in index.facts if index is not None and name else []:
            if f.origin == "text" and f.measure == "amount" and name in f.subject:
                codes = clause_codes(f)
                if len(codes) == 1:
                    found.setdefault(next(iter(codes)), source_for(f, d))
    return next(iter(found.items())) if len(found) == 1 else None


def _line_using(eng: Engine, item: str, docs) -> tuple[str, Source] | None:
    """「住房公积金和提租补贴列在哪个科目」 of an item printed only in the use of a code line (「221（项级科目）
    46.96万元。主要用于…，包括在职人员住房公积金和提租补贴。」): that line's code — the item named in the one
    sentence printed right after the line, in one document in scope."""
    found: dict[str, Source] = {}
    for d in docs:
        name = core(_without_own_body(item, d))
        if len(name) < 2:
            continue
        index = eng.indexes.get(d.doc_id)
        paragraphs = eng.store.facts.paragraphs(d.doc_id) if index is not None else []
        for f in index.facts if index is not None else []:
            if f.origin != "text" or f.measure != "amount" or len(codes := clause_codes(f)) != 1:
                continue
            for i, p in enumerate(paragraphs):
                at = p["text"].find(f.quote)
                after = p["text"][at + len(f.quote) :].strip() if at >= 0 else ""
                if at >= 0 and not after and i + 1 < len(paragraphs):
                    after = paragraphs[i + 1]["text"]  # the use printed as a paragraph of its own
                use = re.match(r"\s*[^。；;]*。?", after)
                if use and name in use.group(0) and not codes_printed_in(use.group(0)):
                    found.setdefault(next(iter(codes)), passage_source(d, p, f.quote + use.group(0).strip()))
    return next(iter(found.items())) if len(found) == 1 else None


def _moved_to(eng: Engine, asked: str, item: str, docs) -> tuple[str, Source] | None:
    """「工作经费调整到哪个科目列支」: the code printed right after the item's name and the words saying it was
    moved (「…工作经费调整在“2140102交通运输支出…”支出功能科目列支」), in one document in scope."""
    if not re.search(rf"{CODE_MOVED_VERB}$", asked):
        return None
    found: dict[str, Source] = {}
    for d in docs:
        name = core(_without_own_body(item, d))
        if len(name) < 2:
            continue
        said = re.compile(
            rf"{re.escape(name)}[^。；;，,]{{0,4}}?{CODE_MOVED_VERB}[“\"'‘「（(\s]*(\d{{7}}|\d{{5}}|\d{{3}})(?!\d)"
        )
        for p in eng.store.facts.paragraphs(d.doc_id):
            for m in said.finditer(p["text"]):
                start = max(p["text"].rfind("。", 0, m.start()) + 1, 0)
                end = p["text"].find("。", m.end())
                quote = p["text"][start : end + 1 if end >= 0 else len(p["text"])].strip()
                found.setdefault(m.group(1), passage_source(d, p, quote))
    return next(iter(found.items())) if len(found) == 1 else None


def _without_own_body(item: str, doc: DocumentInfo) -> str:
    """「岚城局(的)住房公积金…」: the item less the document's department said before it by a short form."""
    for cut in range(2, min(len(item) - 1, 12)):
        body = item[:cut]
        if body[-1] in ORG_SUFFIX_CHARS and doc.department and _short_of(body, doc.department):
            return item[cut:].removeprefix("的")
    return item


def _printed_code(ans: Answer, subject: str) -> tuple[str, Source] | None:
    """The first of the answer's sources (its figure's first) that prints a code for ``subject``."""
    order = [ans.sources[f.source] for f in ans.figures if f.source < len(ans.sources)] + ans.sources
    names = [subject] + [f.label for f in ans.figures[:1]]
    for src in order:
        for name in names:
            code = _code_in(src, name)
            if code:
                return code, src
    return None


def _code_in(src: Source, subject: str) -> str:
    if src.table:
        m = _ROW_CODE.search(src.row or "")
        return "".join(g for g in m.groups() if g) if m else ""
    quote = src.quote
    # (the name as asked first: 「…基金的补助」 is printed with its 的, which core() drops)
    name = next((n for n in (subject, core(subject)) if n and n in quote), core(subject))
    at = quote.find(src.figure) if src.figure else -1
    spots = [m.start() for m in re.finditer(re.escape(name), quote)] if name else []
    before = [s for s in spots if at < 0 or s < at]
    if not before:
        return ""
    start = before[-1]
    after = _CODE_AFTER.match(quote[start + len(name) :])
    if after:
        return after.group(1)
    # the clause that names the item, up to its name: 「1.2120104城乡社区管理事务—」
    clause = re.split(r"[；;。，,：:]", quote[:start])[-1]
    codes = codes_printed_in(clause)
    if not codes and (lead := re.match(r"\d{3}(?:\d{2}){0,2}(?=[\u4e00-\u9fff])", name)):
        codes = [lead.group(0)]  # a figure's label that begins with its code: 「2120801征地和拆迁补偿」
    return codes[-1] if codes else ""
