"""Why and what-for: the reason (or the use) a document prints right after an item's figure.

The genre explains each item where it prints it: 「（七）2120201城乡社区规划与管理1.82万元，较2016年决算数减少
410.75万元，下降99.56%。下降的主要原因是美丽乡村等项目大多已在2016年拨付。」, 「（二十）2070305体育竞赛842.75万元，
主要用于各项文化体育赛事支出。较2016年决算数增加290.32万元，增长52.55%。主要的原因是增加了…」.  The answer to
「X为什么下降」 is therefore found by X's figure (the figure lookup, which knows names, codes and synonyms), then
read on from it through the sentences of the same item (its use, its change) to the first one that gives a
reason; a sentence that opens another item ends the search.  A question's own words never pick the sentence:
every item's reason says 「主要原因是」.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from index.vocabulary import (
    DOWN_WORDS,
    FIGURE_IN_TEXT,
    INCOME_TOTAL_SUBJECTS,
    ITEM_OPENING,
    NONE_SAID,
    PURPOSE_QUESTION,
    REASON_CUE,
    RESULT_CUE,
    SAME_REASON_AS_ABOVE,
    TOTAL_SUBJECTS,
    UP_WORDS,
    USE_CUE,
    WHY_NOISE,
    WHY_ZERO_ASKED,
    YEAR_SPENDING_SUBJECTS,
)
from qa.answer import Answer
from qa.compose import doc_label, passage_source
from qa.understand import Query, core, readings, subject_variants

if TYPE_CHECKING:
    from qa.engine import Engine

_REASON = re.compile(f"{REASON_CUE}|{RESULT_CUE}")
_USE = re.compile(USE_CUE)
_ASKS_USE = re.compile(PURPOSE_QUESTION)
_ITEM = re.compile(ITEM_OPENING)
_FIGURE = re.compile(FIGURE_IN_TEXT)
_SENTENCE = re.compile(r"[^。！？]*[。！？]?")
_WHOLES = {core(t) for t in (*TOTAL_SUBJECTS, *INCOME_TOTAL_SUBJECTS, *YEAR_SPENDING_SUBJECTS)} - {""}
_GUESSED = "按检索到的"  # the warning of a figure found by retrieval, not by its name (qa.kinds.figure)
_SAME_AS_ABOVE = re.compile(SAME_REASON_AS_ABOVE)
_LOOK_BACK = (
    40  # paragraphs read back for the reason a 「原因同上」 points to (a one-line page: a sentence each)
)
_CHANGED = re.compile(f"{UP_WORDS}|{DOWN_WORDS}")
_READ_ON = 5  # sentences of one item read after its figure (its use, its change, a count) before giving up


def asks_use(q: Query) -> bool:
    """「这笔钱是干嘛的」「主要用在哪」: what the money is for."""
    return bool(_ASKS_USE.search(q.norm))


def _sentences_after(paragraphs: list[dict], i: int, end: int) -> Iterator[tuple[int, str]]:
    """The sentences printed after position ``end`` of paragraph ``i``, on through the next paragraphs
    under the same heading (a one-line page is stored a sentence a paragraph), with their paragraph."""
    heading = paragraphs[i].get("heading")
    text = paragraphs[i]["text"][end:]
    k = i
    while True:
        for m in _SENTENCE.finditer(text):
            said = m.group(0).strip().lstrip("，,、；;")  # the rest of the figure's sentence
            if said:
                yield k, said
        k += 1
        if k >= len(paragraphs) or paragraphs[k].get("heading") != heading:
            return
        text = paragraphs[k]["text"]


def _cut_at_next_item(said: str) -> str:
    """「主要原因是加大环境卫生整治经费支出.（九）2130101…」: a stop the page lost runs the next item on."""
    m = re.search(r"(?<=.)(?=[（(][一二三四五六七八九十]{1,3}[)）])", said)
    return said[: m.start()] if m else said


def _explanation(sentence: str, cue: re.Pattern[str]) -> str | None:
    """The words of ``sentence`` that explain: from the cue on when a figure is printed before it (「…增长
    221.69%，主要原因是…」), else the whole sentence (「下降的主要原因是…」「由于…，所以减少了这项支出」
    「2017年建设数字图书馆，…导致经费支出增加」)."""
    m = cue.search(sentence)
    if m is None:
        return None
    said = sentence[m.start() :] if _FIGURE.search(sentence[: m.start()]) else sentence
    said = _cut_at_next_item(said)
    parts = said.split("；")
    keep = next((n for n in range(1, len(parts)) if _FIGURE.search(parts[n])), len(parts))
    return "；".join(parts[:keep])  # up to the next figure's clause (「；支出预算增加…」)


def reason_above(paragraphs: list[dict], i: int, before: str) -> str | None:
    """「主要原因同上」 in paragraph ``i`` after the text ``before``: the nearest reason printed above it that
    is not itself 「同上」 (the page says the reason once, for the first of a run of items)."""
    texts = [p["text"] for p in paragraphs[max(0, i - _LOOK_BACK) : i]] + [before]
    for text in reversed(texts):
        for sentence in reversed(_SENTENCE.findall(text)):
            if _REASON.search(sentence) and not _SAME_AS_ABOVE.search(sentence):
                return _explanation(sentence.strip(), _REASON)
    return None


def with_reason_above(said: str, paragraphs: list[dict], i: int, before: str) -> str:
    """``said`` with the reason 「同上」 points to, printed after it (「主要原因同上（…主要原因是…）」)."""
    if not _SAME_AS_ABOVE.search(said):
        return said
    above = reason_above(paragraphs, i, before)
    return f"{said}（上文：{above}）" if above else said


def _printed_source(prev: Answer) -> int:
    """The source of an answer's first figure that is printed in a document: the figure's own, or — for a
    figure computed from printed words (「文件印「比2015年相同」，即变化为0」) — the first quote it cites."""
    start = prev.figures[0].source
    later = [f.source for f in prev.figures[1:] if f.source > start]
    end = min(later, default=len(prev.sources))
    return next((k for k in range(start, end) if prev.sources[k].doc_id), start)


def _needles(prev: Answer) -> list[str]:
    """The printed places of an answer's first figure: its quoted sentences, then the figure as shown."""
    start = _printed_source(prev)
    later = [f.source for f in prev.figures[1:] if f.source > start]
    src = prev.sources[start]
    mine = [s for s in prev.sources[start : min(later, default=len(prev.sources))] if s.doc_id == src.doc_id]
    needles = [s.quote for s in mine if not s.table] + [s.figure or "" for s in mine]
    return [n for n in dict.fromkeys(needles) if n and len(n) >= 3]


def _after_figure(text: str, at: int, end: int, shown: list[str]) -> int:
    """Where the figure (in any of the forms ``shown``: 「1.50 万元」「15,000」) ends inside ``text[at:end]``
    (its quote), else ``end``."""
    for form in shown:
        digits = re.sub(r"\s+", "", form)
        if not digits or end - at <= len(digits):
            continue
        figure = re.compile(r"\s*".join(re.escape(ch) for ch in digits))
        m = figure.search(text, at, end)
        if m:
            return m.end()
    return end


def _prints_label(text: str, at: int, label: str) -> bool:
    """Does the sentence holding position ``at`` of ``text`` print most of the figure's ``label``?"""
    from qa.passages_fallback import bigrams

    wanted = bigrams(_GENERIC_TAIL.sub("", core(label)))
    opening = max(text.rfind(stop, 0, at) for stop in "。；") + 1
    return not wanted or len(wanted & bigrams(text[opening:at])) >= _NAMED_SHARE * len(wanted)


_COMPARED = re.compile(r"决算|预算|上年|去年|同比|比\d{4}")
_OWN_SUBJECT = re.compile(
    r"^(?P<name>[\u4e00-\u9fff“”（）()]{4,24}?)(?:增加|减少|增长|下降|变动|变化|上升|持平)?的(?:主要)?原因"
)


def _reason_of_other(said: str, label: str) -> bool:
    """「财政拨款收入支出增加的主要原因是…」 read on after another item's figure: a reason naming an item of its
    own that is not the figure's is that item's reason."""
    m = _OWN_SUBJECT.match(said)
    if m is None or _COMPARED.search(m["name"]):
        return False  # 「决算数小于预算数的主要原因」 names the comparison, not an item
    return not _prints_label(m["name"], len(m["name"]), label)


def printed_after(eng: Engine, q: Query, prev: Answer) -> Answer | None:
    """The reason (「为什么」) or use (「干嘛的」) printed after the first figure of ``prev``, within its item.

    A use question takes the use when the item prints one, else its reason (「…2,000万元。主要原因是对企业
    政策性股权投资…奖补经费通过本部门拨付列支」 says what the money was)."""
    cues = [_REASON] if q.wants_why else [_USE, _REASON] if asks_use(q) else []
    if not cues or not prev.figures:
        return None
    src = prev.sources[_printed_source(prev)]
    d = eng.docs.get(src.doc_id or "")
    if d is None:
        return None
    paragraphs = eng.store.facts.paragraphs(d.doc_id)
    needles = _needles(prev)
    quotes = {s.quote for s in prev.sources if s.quote}
    for cue in cues:
        for needle in needles:
            # a quote is stored with its stray spaces removed (「支出决算为615.12万元」), the paragraph
            # keeps them (「615.12 万元」); the figure may be printed twice: each place is tried
            printed = re.compile(r"\s*".join(re.escape(ch) for ch in re.sub(r"\s+", "", needle)))
            places = [
                (i, m.start(), m.end())
                for i, para in enumerate(paragraphs)
                for m in printed.finditer(para["text"])
            ]
            if needle not in quotes and not prev.figures[0].value:
                # a zero as shown (「0万元」) is printed for many items: only a sentence naming the item is its place
                places = [
                    p for p in places if _prints_label(paragraphs[p[0]]["text"], p[1], prev.figures[0].label)
                ]
            for i, at, end in places:
                # 「2016年机关运行经费支出0.00万元，主要原因是…，故无此项经费支出。」: the quote holds the reason
                # after its figure — it is read on from the figure, not from the quote's end
                text = paragraphs[i]["text"]
                figure_end = _after_figure(text, at, end, [n for n in needles if n not in quotes])
                found = _read_on(paragraphs, i, figure_end, cue)
                if found is None and cue is _REASON:
                    # (from the opening of the figure's clause: 「其中：2010301行政运行（项）…支出285.55万元」)
                    clause = max(text.rfind(c, 0, figure_end) for c in "。；：:") if figure_end < end else -1
                    found = _reason_of_whole(paragraphs, i, clause + 1 if clause >= 0 else at)
                if found is None:
                    continue
                k, said = found
                if _reason_of_other(said, prev.figures[0].label):
                    continue
                p = paragraphs[k]
                said = with_reason_above(said, paragraphs, k, p["text"][: p["text"].find(said)])
                if said.endswith(("：", ":")) and k + 1 < len(paragraphs):
                    # 「…决算数小于预算数的主要原因：」 at a paragraph's end: the reason is printed on
                    said += _SENTENCE.match(paragraphs[k + 1]["text"].strip()).group(0)
                quote = p["text"][max(0, at) :] if k == i else p["text"]
                quote = quote[: quote.find(said[:8]) + len(said)] if said[:8] in quote else quote
                sources = (
                    [passage_source(d, paragraphs[i], paragraphs[i]["text"][at:].strip())] if k != i else []
                )
                return Answer(
                    question=q.text,
                    kind="passage",
                    text=f"{said}\n来源：{doc_label(d)} · {p['heading'] or '说明'}",
                    sources=[*sources, passage_source(d, p, quote.strip())],
                    context={**(prev.context or {}), "doc_ids": [d.doc_id]},
                )
    return None


def _read_on(paragraphs: list[dict], i: int, end: int, cue: re.Pattern[str]) -> tuple[int, str] | None:
    """The first explanation printed after the figure ending at ``end`` in paragraph ``i``, before another
    item opens: (its paragraph, its words)."""
    read = []
    for n, (k, sentence) in enumerate(_sentences_after(paragraphs, i, end)):
        if n > _READ_ON:
            break
        read.append((k, sentence))
    changed = False
    for n, (k, sentence) in enumerate(read):
        if n >= _READ_ON or (n or k != i) and _ITEM.match(sentence):
            return None
        said = _explanation(sentence, cue)
        if said:
            return k, said
        closes_item = n + 1 < len(read) and bool(_ITEM.match(read[n + 1][1]))
        if cue is _REASON and changed and closes_item and _plain_words(sentence):
            # 「（三十四）…减少了92.06万元，降低了36.21%。越来越多城镇居民脱贫。（三十五）…」: the item's change,
            # then the item's last sentence, with no figure and no cue word — the page's only explanation
            return k, sentence
        changed = changed or bool(_FIGURE.search(sentence) and _CHANGED.search(sentence))
    return None


_PART_OPENS = re.compile(r"其中\s*[：:]?\s*(?:[（(]\d{1,2}[)）])?\s*$")


def _reason_of_whole(paragraphs: list[dict], i: int, at: int) -> tuple[int, str] | None:
    """「（一）20103…(款)…增长596.46%。主要原因是…。其中：2010301行政运行（项）…285.55万元，主要用于…」: an item
    printed as a part (其中) of the item before it, with no reason of its own, has the reason its whole
    prints before 其中 (the sentences back to the whole's opening)."""
    heading = paragraphs[i].get("heading")
    before = paragraphs[i]["text"][:at]
    if not _PART_OPENS.search(before):
        return None
    k = i
    sentences = [(k, t.strip()) for t in _SENTENCE.findall(_PART_OPENS.sub("", before)) if t.strip()]
    while k > 0 and paragraphs[k - 1].get("heading") == heading and len(sentences) <= _READ_ON:
        k -= 1  # a one-line page is stored a sentence a paragraph
        sentences = [
            (k, t.strip()) for t in _SENTENCE.findall(paragraphs[k]["text"]) if t.strip()
        ] + sentences
    for n, (k, sentence) in enumerate(reversed(sentences)):
        if n > _READ_ON:
            return None
        said = _explanation(sentence, _REASON)
        if said:
            return k, said
        if _ITEM.match(sentence):
            return None  # the whole's own opening: no reason printed for it
    return None


def _plain_words(sentence: str) -> bool:
    """A whole sentence of words (no figure, no use, not a lead or a heading): what may explain a change."""
    return (
        len(sentence) >= 8
        and sentence.endswith("。")
        and not _FIGURE.search(sentence)
        and not _USE.search(sentence)
        and not re.match(r"[—\-－·•]", sentence)
    )


_NAMED_SHARE = (
    0.5  # of the asked name's character pairs (the body's own taken out), the share the label prints
)


def _names_it(asked: Query, label: str, docs: list) -> bool:
    """Does the figure's label print most of the item asked (by any reading or official form of it)?"""
    from qa.passages_fallback import bigrams

    own = bigrams("".join(d.department for d in docs))
    printed = bigrams(label)
    names = {subj for subj, _ in asked.alternatives} | set(asked.subjects)
    for name in names:
        wanted = bigrams(name) - own
        if wanted and len(wanted & printed) >= _NAMED_SHARE * len(wanted):
            return True
    return False


def item_reason(eng: Engine, q: Query, docs: list, unit: str | None) -> Answer | None:
    """「白青乡城乡社区规划与管理支出为什么下降了99.56%」 asked first: the item's figure, then the reason
    printed after it.  None when the figure lookup finds no figure of that name, or no reason follows it."""
    from qa.kinds import figure
    from qa.passages_fallback import asks_whole

    if not (q.wants_why or asks_use(q)) or q.intent not in {"passage", "figure"}:
        return None
    said_size = re.sub(WHY_NOISE, "", q.subject or "")
    if said_size != q.subject and len(core(said_size)) >= 2:
        # 「人员经费为什么涨了近三成」: the size said is no part of the item's name
        q = replace(
            q,
            subject=said_size,
            subjects=subject_variants(said_size),
            alternatives=readings(said_size, [said_size]),
        )
    zero = q.wants_why and bool(re.search(WHY_ZERO_ASKED, q.norm))
    if q.wants_why and q.subject and q.intent == "passage" and not zero:
        # 「为啥教育局2016年高中教育支出涨了240%」「预算为什么比2020年增加这么多」: the change the question
        # names (an item's or the whole's), then the reason printed with it
        measure = q.measure if q.measure in {"change", "percent_change"} else "change"
        change = figure.answer_figure(
            eng, replace(q, intent="figure", measure=measure, wants_why=False), docs, unit
        )
        if (
            change.kind == "figure"
            and change.figures
            and not _prints_words(q.subject, change.figures[0].label)
        ):
            # 「行政运行经费为什么涨了那么多」: the change found is another item's (机关运行经费, by a synonym)
            # while the item is printed by the question's own words (2010301行政运行（项）…, whose change its
            # 款 prints): that item's reason first
            own = _item_figure(eng, q, docs, unit)
            if own is not None and _prints_words(q.subject, own.figures[0].label):
                said = printed_after(eng, q, own)
                if said is not None:
                    return said
        if (
            change.kind == "figure"
            and change.figures
            and _names_it(q, change.figures[0].label, docs)  # not another item's change (「…表为什么是空的」)
            and (said := printed_after(eng, q, change))
        ):
            return said
    if asks_whole(q):
        return (
            None  # 「总支出为什么比前年少」: else the reason given for the whole is found among the sentences
        )
    found = _item_figure(eng, q, docs, unit)
    if found is None:
        return None
    if zero and found.figures[0].value == 0:
        # 「基本支出为什么是零」: the sentence under the figure's heading saying the item has none, and why
        return _none_said(eng, q, found) or printed_after(eng, q, found)
    return printed_after(eng, q, found)


def _none_said(eng: Engine, q: Query, found: Answer) -> Answer | None:
    """「2017年没有财政拨款基本支出决算数，主要是财政拨款经费均安排在项目支出经费中列支。」: the sentence
    printed under a zero figure's heading that names its item, says it has none and gives a reason."""
    src = found.sources[_printed_source(found)]
    d = eng.docs.get(src.doc_id or "")
    if d is None:
        return None
    label = core(found.figures[0].label)
    paragraphs = eng.store.facts.paragraphs(d.doc_id)
    heading = src.section
    for p in paragraphs:
        if heading and p.get("heading") != heading and not (p.get("heading") or "").endswith(heading):
            continue
        for sentence in _SENTENCE.findall(p["text"]):
            said = sentence.strip()
            m = re.search(NONE_SAID, said)
            cue = _REASON.search(said)
            if m and cue and label in said[: cue.start()] and not _FIGURE.search(said):
                return Answer(
                    question=q.text,
                    kind="passage",
                    text=f"{said}\n来源：{doc_label(d)} · {p['heading'] or '说明'}",
                    sources=[found.sources[_printed_source(found)], passage_source(d, p, said)],
                    context={**(found.context or {}), "doc_ids": [d.doc_id]},
                )
    return None


def _item_figure(eng: Engine, q: Query, docs: list, unit: str | None) -> Answer | None:
    """The figure of the item a why- or use-question names, as the anchor its reason is printed after;
    None when no figure of that name is printed (or only the year's whole)."""
    from qa.kinds import figure

    subject = re.sub(WHY_NOISE, "", q.subject or "")
    if len(core(subject)) < 2:
        return None
    asked = replace(
        q,
        intent="figure",
        measure="amount",
        subject=subject,
        subjects=subject_variants(subject),
        alternatives=readings(subject, [subject]),
        wants_why=False,
        rough=None,
    )
    found = figure.answer_figure(eng, asked, docs, unit)
    if found.kind != "figure" or not found.figures or any(_GUESSED in w for w in found.warnings):
        return None  # a figure read by a retrieved name is no anchor for a reason
    if core(found.figures[0].label) in _WHOLES:
        return None  # the year's whole: its reason is the one given for the whole (qa.passages_fallback)
    if not _names_it(asked, found.figures[0].label, docs):
        return None  # a figure named only a little like the question's item is no anchor for its reason
    return found


_GENERIC_TAIL = re.compile(r"(?:经费|支出|资金|费用|预算|决算)$")


def _prints_words(subject: str, label: str) -> bool:
    """Does ``label`` print the item by the question's own words (「行政运行经费」 → 行政运行), not by a
    synonym the lookup read them as?"""
    words = _GENERIC_TAIL.sub("", core(re.sub(WHY_NOISE, "", subject)))
    return len(words) >= 2 and words in re.sub(r"\d", "", label)
