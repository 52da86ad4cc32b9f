"""Extractive passage answers: the few best sentences (or list items, or form rows) from retrieved chunks.

A chunk is a retrieval unit, not an answer: the answer to 「为什么预算增长这么多」 is the sentence that
says 主要原因是…, the answer to 「谁负责这个项目」 is the 项目负责人 row of that project's form.  Sentences
are scored by the question's content words (question words such as 为什么/哪些 and the department's
own name say nothing about *which* sentence), the chunk's rank, and cue words for the kind of
question (why → 原因, what is → 是指, who → 负责人, when → a date, target → 目标).  Words already
in a chunk's heading count once for the chunk, not again for every sentence under it, so the row
「联系人：王庆」 of a project's form beats the row that repeats the project's name.

List questions (主要职责/有哪些) return the enumerated items of the best section, or the one
sentence that enumerates inline (人员经费主要包括：基本工资、津贴补贴…), or — when the question names
a value printed in forms (a person) — the forms that print it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from index.chunks import Chunk
from index.vocabulary import DOWN_WORDS, UP_WORDS
from index.words import BudgetTokenizer, normalize, shared_tokenizer
from qa.answer import Source

if TYPE_CHECKING:  # the retrieval stack (langchain) loads only when retrieval is used
    from index.hybrid import Hit

_SENT_END = re.compile(r"(?<=[。；！？;!?])")
_FULL_STOP = re.compile(r"(?<=[。！？!?])")
_ENUM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+\s*[、.．]|[-•·]\s*)"
)
# A sentence that refers back to the one before it: 「…增长19.74%。主要原因是…」 explains the figure
# printed just before, 「其中：…」 breaks down the total just named (the genre's house style).
_ANAPHORA = re.compile(
    r"^(主要原因|原因|主要是|主要系|主要由于|主要受|主要因|其中|此项|该项|上述|以上|故|这是|这主要)"
)
# 「我们高度重视这些问题」: a sentence about the problems named in the sentence before it
_BACK_TO_PROBLEMS = re.compile(r"(这些|上述|以上|这类)(问题|困难|挑战|短板|不足|矛盾)")
# A sentence that enumerates inline: "主要包括：基本工资、津贴补贴…", "包括A和B", "其中：A…，B…".
_INLINE_LIST = re.compile(r"包括|包含|分为|分设|主要有|分别是|分别为|其中[：:]|[：:].{0,40}、")
# "（三）“三公”经费：是…", "九、机关运行经费：指…", "一般公共服务支出：指…" — a term and its definition.
_DEFINITION = re.compile(
    r"^[“\"]?(?P<term>[^：:，,。；]{2,24}?)[”\"]?\s*(?:[：:]|[，,]?\s*(?:是指|系指|指|是|包括))"
)
_NO_SPLIT = re.compile(r"(?!)")  # rows are never split
_DATE = re.compile(r"\d{4}\s*[年\-/.]|\d{1,2}\s*月|次年|年底|年初|季度|上半年|下半年")

# Question intents, the pattern that detects them, and the cue that marks an answering sentence
# (budget-specific, by hand).  Order matters: the first intent that matches wins.
INTENTS: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = [
    # who: the row (or sentence) that *is* about a person — 「联系人：王庆」, not a plan that
    # mentions 带队负责人 in passing.
    ("who", re.compile(r"谁|负责人|联系人|联系电话|哪个人"), re.compile(r"^.{0,10}(负责人|联系人|联系电话)")),
    (
        "why",
        re.compile(r"为什么|为何|为啥|原因|怎么.{0,6}(多|少|涨|增|减|降|是零|为零|没有)|咋"),
        # 「…下降，主要是…」「增幅较高，主要是…」: the note under a table that explains a change
        re.compile(r"原因|由于|因为|因此|所以|故|统筹|主要是|主要受|主要因"),
    ),
    (
        "when",
        re.compile(
            r"什么时候|何时|哪天|哪一天|几月|哪个月|哪一年|截[至止](?:到)?(?:什么|哪|何)|截[至止](?:日期|时间)|多久|多长时间|周期|期限"
        ),
        _DATE,
    ),
    (
        "basis",
        re.compile(r"根据|依据|按照|哪个文件|什么文件|哪份文件|文件规定"),
        re.compile(r"《|〔|号文|依据|根据|按照"),
    ),
    (
        "nature",
        re.compile(r"什么性质|什么类型|哪种类型|属于什么|属于哪|哪一类|什么级别"),
        re.compile(r"属|组成部门|事业单位|行政单位|性质|类型"),
    ),
    # 「面临哪些问题」: the sentence that names the difficulties (紧平衡, 承压, 严峻), not any list
    (
        "problems",
        re.compile(
            r"面临.{0,6}(问题|困难|挑战|风险)|存在.{0,6}(问题|困难|不足)|(问题|困难|挑战)(有哪些|是什么)"
        ),
        re.compile(r"困难|问题|挑战|承压|严峻|紧平衡|矛盾|不足|短板|压力|风险"),
    ),
    (
        "list",
        re.compile(
            r"哪些|哪几|哪[两二三四五六七八九十]|有什么|职责|职能|包括什么|包含|列出|清单|明细|几项|"
            r"内设机构|分为|分别|干什么(?!用)|干嘛|做什么(?!用)"
        ),
        re.compile(r"^"),
    ),
    # what money is for: 「这笔钱干什么用」「主要花在哪了」 → the sentence saying 用于/主要用于/购买
    (
        "use",
        re.compile(
            r"干什么用|干啥用|做什么用|用来|用在哪(?!些)|花在哪(?!些)|[花用]在什么(?:地方|方面)|买什么|用于什么|用途是"
        ),
        re.compile(r"用于|用途|主要用|购买|支付|保障|开展|包括|内容"),
    ),
    # A target is what a row labelled …目标, an indicator row (≥/=) or a sentence under a 绩效目标
    # heading states.
    ("target", re.compile(r"绩效目标|目标|指标|达到"), re.compile(r"目标[：:是为]|总目标|指标|[≥≤=]")),
    (
        "define",
        re.compile(r"什么是|是指|指什么|指的是|含义|意思|定义|是什么|是啥|名词解释"),
        re.compile(r"是指|[：:，,]\s*指|^指|[：:]\s*(是|包括)"),
    ),
]
# define's cue ("…是…") is weak alone; a sentence that defines the very term asked about scores
# on its own (see _score).
_CUE_BONUS = {
    "who": 6.0,
    "problems": 3.0,
    "use": 2.5,
    "why": 2.5,
    "when": 2.5,
    "basis": 2.5,
    "nature": 2.5,
    "target": 2.5,
    "define": 0.5,
}
_GLOSSARY_PENALTY = 1.5  # list questions ask what this budget holds, not the general definition
_HEADER_SHARE = 0.3  # a heading word repeated in a sentence counts a little (the heading counts fully)

# Words that say what kind of answer is wanted, not which sentence holds it (their meaning is
# carried by the intent's cue instead).  A hand list: the question words of this genre.
QUESTION_WORDS = frozenset(
    [
        "为什么",
        "为何",
        "为啥",
        "原因",
        "主要原因",
        "什么",
        "是什么",
        "什么是",
        "意思",
        "含义",
        "定义",
        "是指",
        "指",
        "哪些",
        "哪几",
        "哪个",
        "哪",
        "包括",
        "包含",
        "有哪些",
        "时候",
        "什么时候",
        "何时",
        "多久",
        "谁",
        "怎样",
        "怎么样",
        "如何",
        "具体",
        "分别",
        "一下",
        "呢",
        "吗",
        "是",
        "干什么",
        "干嘛",
        "做什么",
        "里",
        "所说",
        "说",
        "写",
        "讲",
        "到底",
        "请问",
        "主要",
        "情况",
    ]
)


@dataclass
class PassageSentence:
    """One quoted sentence (or form/table row) with where it is printed."""

    text: str
    chunk_id: str
    doc_id: str
    document: str
    department: str
    year: int | None
    page: int | None
    section: str
    table: str
    file: str
    score: float = 0.0

    def source(self) -> Source:
        return Source(
            document=self.document,
            department=self.department,
            year=self.year,
            quote=self.text,
            page=self.page,
            section=self.section or None,
            table=self.table or None,
            file=self.file or None,
        )


@dataclass
class Passage:
    """An extractive answer: ``text`` for people, ``sentences`` for citations."""

    question: str
    kind: str  # "passage" | "list" | "none"
    text: str
    sentences: list[PassageSentence] = field(default_factory=list)
    intent: str = ""

    @property
    def items(self) -> list[str]:
        return [s.text for s in self.sentences] if self.kind == "list" else []

    def sources(self) -> list[Source]:
        """One Source per quoted sentence (the ``sources`` of the answer contract)."""
        return [s.source() for s in self.sentences]


@dataclass
class _Unit:
    """A candidate answer piece: a sentence (with the sentence it refers back to) or a row."""

    chunk: Chunk
    text: str  # what is quoted
    words: frozenset[str]  # its tokens (and those of the sentence it refers back to)
    rank: int  # rank of the hit it came from (expansions get the rank of their hit)
    pos: int  # position in the chunk (document order)
    score: float = 0.0
    overlap: float = 0.0


SectionChunks = Callable[..., list[Chunk]]


def question_intent(question: str) -> str:
    for name, pattern, _ in INTENTS:
        if pattern.search(question):
            return name
    return "passage"


def _tokens(text: str) -> frozenset[str]:
    """Tokens of a sentence, cached (a list question scans the whole document); the cache is
    keyed by the vocabulary size so words added by a later ingest re-tokenize."""
    tok = shared_tokenizer()
    return _cached_tokens(text, tok.vocabulary_size())


@lru_cache(maxsize=20_000)
def _cached_tokens(text: str, _vocabulary: int) -> frozenset[str]:
    return frozenset(shared_tokenizer().tokenize(text))


def _query_weights(question: str, tok: BudgetTokenizer, hits: Sequence[Hit]) -> dict[str, float]:
    """Content words of the question with weights: longer words are rarer and more specific
    (公务用车运行维护费 vs 费); synonyms count half; the department's own name (the documents in
    scope are already its documents) and question words do not count."""
    base = tok.tokenize(question)
    expanded = tok.query_tokens(question)
    own_name: set[str] = set()
    for hit in hits[:1]:
        own_name |= set(tok.tokenize(hit.chunk.department))
    weights: dict[str, float] = {}
    for t in expanded:
        if t in QUESTION_WORDS or t in own_name or t in weights:
            continue
        w = 0.3 if len(t) == 1 else 1.0 + 0.25 * min(len(t), 8)
        weights[t] = w if t in base else 0.5 * w
    return weights


def _header_words(chunk: Chunk) -> frozenset[str]:
    return _tokens(" ".join(chunk.heading_path) + " " + chunk.table_title)


def _overlap(
    words: frozenset[str],
    weights: dict[str, float],
    exclude: frozenset[str] = frozenset(),
    share: float = 0.0,
) -> float:
    """Weight of the question words in ``words``; those also in ``exclude`` count ``share``."""
    return sum(w * (share if t in exclude else 1.0) for t, w in weights.items() if t in words)


def _cued(cue, unit: _Unit) -> bool:
    """The unit, or the heading it is printed under (七、绩效目标 // 通过…), carries the cue."""
    return bool(
        cue.search(unit.text) or (unit.chunk.heading_path and cue.search(unit.chunk.heading_path[-1]))
    )


def _term_coverage(text: str, weights: dict[str, float], base: set[str]) -> float:
    """How much of the term a sentence defines ("（一）基本支出预算：…") the question names (0–1)."""
    m = _DEFINITION.match(_ENUM.sub("", text))
    if not m:
        return 0.0
    term = _tokens(m.group("term"))
    total = sum(0.3 if len(t) == 1 else 1.0 + 0.25 * min(len(t), 8) for t in term)
    covered = sum(weights[t] for t in term if t in base)
    return min(1.0, covered / total) if total else 0.0


def _units(chunk: Chunk, split: re.Pattern[str] = _SENT_END) -> list[tuple[str, str]]:
    """(sentence, the sentence before it on the same line) of a narrative chunk; rows of a table
    or form chunk (with no context)."""
    body = chunk.body or chunk.text
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if chunk.chunk_kind != "text":
        return [(ln, "") for ln in lines]
    out = []
    for line in lines:
        prev = ""
        for s in split.split(line):
            s = s.strip()
            if len(s) > 1:
                out.append((s, prev))
                prev = s
    return out


def _candidates(chunk: Chunk, rank: int, split: re.Pattern[str] = _SENT_END) -> list[_Unit]:
    units = []
    for pos, (text, prev) in enumerate(_units(chunk, split)):
        words = _tokens(text)
        if prev and (_ANAPHORA.match(text) or _BACK_TO_PROBLEMS.search(text)):
            words = words | _tokens(prev)
            text = prev + text
        units.append(_Unit(chunk, text, words, rank, pos))
    return units


def _sentence(chunk: Chunk, text: str, score: float) -> PassageSentence:
    return PassageSentence(
        text=text,
        chunk_id=chunk.id,
        doc_id=chunk.doc_id,
        document=chunk.title,
        department=chunk.department,
        year=chunk.year,
        page=chunk.page,
        section=chunk.section,
        table=chunk.table_title,
        file=chunk.file,
        score=score,
    )


def _related(section_chunks: SectionChunks | None, chunk: Chunk, scope: str = "section") -> list[Chunk]:
    """Chunks around ``chunk`` from the retriever (``HybridRetriever.section_chunks``); a plain
    callable that knows only sections gives nothing for the document scope."""
    if section_chunks is None:
        return [chunk]
    if scope == "section":
        return section_chunks(chunk) or [chunk]
    try:
        return section_chunks(chunk, scope=scope)
    except TypeError:
        return []


def _expand(
    hits: Sequence[Hit], intent: str, section_chunks: SectionChunks | None
) -> list[tuple[Chunk, int]]:
    """The hits, plus what the answer may sit next to: every row of a form that was hit (the
    项目实施计划 row is often in another chunk of the same form than the one retrieved), and for
    definitions the glossary (名词解释) of the document."""
    out: list[tuple[Chunk, int]] = []
    seen: set[str] = set()

    def add(chunk: Chunk, rank: int) -> None:
        if chunk.id not in seen:
            seen.add(chunk.id)
            out.append((chunk, rank))

    for rank, hit in enumerate(hits):
        add(hit.chunk, rank)
    for rank, hit in enumerate(hits):
        if hit.chunk.chunk_kind == "form":
            for c in _related(section_chunks, hit.chunk):
                add(c, rank)
    if intent == "define" and hits:
        for c in _related(section_chunks, hits[0].chunk, "document"):
            if c.chunk_kind == "text" and any("名词解释" in h for h in c.heading_path):
                add(c, len(hits))
    return out


def _way(text: str) -> str:
    """ "up" / "down" / "" for the way a text says a figure moved (「决算为什么比预算少」 → down)."""
    up, down = bool(re.search(UP_WORDS, text)), bool(re.search(DOWN_WORDS, text))
    return "up" if up and not down else "down" if down and not up else ""


def _score(unit: _Unit, weights: dict[str, float], base: set[str], intent: str, cue, way: str = "") -> None:
    header = _header_words(unit.chunk)
    head = _overlap(header, weights)
    unit.overlap = _overlap(unit.words, weights, exclude=header, share=_HEADER_SHARE)
    if unit.overlap == 0 and head == 0:
        unit.score = 0.0
        return
    prior = 1.5 / (1 + unit.rank)
    score = unit.overlap / (1 + 0.15 * math.log1p(len(unit.text))) + 0.5 * head + prior
    if intent in _CUE_BONUS and cue is not None and _cued(cue, unit):
        # a reason for a change the other way (「决算数大于预算数的主要原因」 asked why it is less)
        # is no answer to this why
        other = bool(way) and _way(unit.text) not in ("", way)
        score += 0.0 if other else _CUE_BONUS[intent]
    if intent == "define":
        # The sentence defines a term the question asks about (not just any "…是…" sentence).
        score += 3.0 * _term_coverage(unit.text, weights, base)
        if unit.overlap > 0 and any("名词解释" in h for h in unit.chunk.heading_path):
            score += 1.0
    unit.score = score


def extract_passage(
    question: str,
    hits: Sequence[Hit],
    max_sentences: int = 3,
    tokenizer: BudgetTokenizer | None = None,
    section_chunks: SectionChunks | None = None,
) -> Passage:
    """The best sentences for a question from ranked hits.

    ``section_chunks(chunk, scope="section"|"document") -> list[Chunk]`` (``HybridRetriever.
    section_chunks``) lets an answer reach past the hits: the rest of a list's section, the other
    rows of a form, the glossary for a definition.
    """
    tok = tokenizer or shared_tokenizer()
    intent = question_intent(question)
    cue = next((c for name, _, c in INTENTS if name == intent), None)
    weights = _query_weights(question, tok, hits)
    if not hits or not weights:
        return Passage(question, "none", "", intent=intent)
    base = {t for t in tok.tokenize(question) if t in weights}

    if intent == "list":
        listed = _list_answer(question, hits, weights, base, tok, section_chunks)
        if listed is not None:
            return listed

    units = [u for c, rank in _expand(hits, intent, section_chunks) for u in _candidates(c, rank)]
    way = _way(question) if intent == "why" else ""
    for u in units:
        _score(u, weights, base, intent, cue, way)
    scored = sorted((u for u in units if u.score > 0), key=lambda u: -u.score)
    if not scored:
        return Passage(question, "none", "", intent=intent)

    top = scored[0]
    on_cue = cue is not None and intent in _CUE_BONUS and _cued(cue, top)
    limit = max_sentences
    chosen: list[_Unit] = []
    seen: set[str] = set()
    for u in scored:
        if u.score < 0.5 * top.score or len(chosen) >= limit:
            break
        if chosen and u.overlap < 0.6 * top.overlap:
            continue  # a neighbour must be about the same thing, not just near it
        if u.chunk.doc_id != top.chunk.doc_id:
            continue  # one document per passage; the engine labels several documents itself
        if top.chunk.chunk_kind == "form" and u.chunk.table_idx != top.chunk.table_idx:
            continue  # who/target answers come from the one form of the project asked about
        if on_cue and not _cued(cue, u):
            continue
        key = re.sub(r"^[^：:]{0,12}[：:]", "", u.text).strip()
        if key in seen or any(key in c.text or c.text in u.text for c in chosen):
            continue  # 项目总目标 and 年度绩效目标 often repeat each other
        seen.add(key)
        chosen.append(u)
    # Read in document order: a 主要原因是… sentence follows the figure it explains.
    chosen.sort(key=lambda u: (u.rank, u.pos))
    sentences = [_sentence(u.chunk, _quote(u.chunk, u.text), u.score) for u in chosen]
    return Passage(question, "passage", "".join(_join(s.text) for s in sentences).strip(), sentences, intent)


def _quote(chunk: Chunk, unit: str) -> str:
    if chunk.chunk_kind == "text":
        return unit
    subject = chunk.table_title
    return f"{subject}：{unit}" if subject else unit


def _join(text: str) -> str:
    return text if re.search(r"[。；！？;!?]$", text) else text + "。"


# ---------------------------------------------------------------- lists


def _list_answer(
    question: str,
    hits: Sequence[Hit],
    weights: dict[str, float],
    base: set[str],
    tok: BudgetTokenizer,
    section_chunks: SectionChunks | None,
) -> Passage | None:
    """The best list for a question: the forms printing a value the question names, the
    enumerated items of a section, or one sentence that enumerates inline.  None when the
    question lands on a form (its answer is a row or two: 有什么时效要求 → the 时效 row)."""
    by_value = _forms_printing(question, hits, section_chunks)
    if by_value:
        return by_value
    counted = _counted_items(question, hits, section_chunks)
    if counted:
        return counted
    best: tuple[float, list[tuple[Chunk, str]]] | None = None
    # Landed on a project's form: its rows answer, unless a section heading names the list.
    form_top = hits[0].chunk.chunk_kind == "form"
    done: set[tuple] = set()
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        prior = 1.5 / (1 + rank)
        if chunk.chunk_kind != "text":
            continue
        key = (chunk.doc_id, tuple(chunk.heading_path))
        if key in done:
            continue
        done.add(key)
        items, lead = _section_items(chunk, section_chunks)
        if len(items) >= 2:
            head = _overlap(_tokens(" ".join(chunk.heading_path) + " " + lead), weights)
            item_best = max(_overlap(_tokens(u), weights) for _, u in items)
            score = head + 0.5 * item_best + prior - (_GLOSSARY_PENALTY if _glossary(chunk) else 0.0)
            if (head > 0 or (item_best > 0 and not form_top)) and (best is None or score > best[0]):
                best = (score, items)
    # One sentence that enumerates: from the hits, and from the rest of the document at no rank
    # bonus (人员经费…主要包括：… is often printed away from the best hit).
    pool: list[tuple[Chunk, int]] = []
    if not form_top:
        pool = [(h.chunk, rank) for rank, h in enumerate(hits) if h.chunk.chunk_kind == "text"]
        seen = {c.id for c, _ in pool}
        pool += [
            (c, len(hits))
            for c in _related(section_chunks, hits[0].chunk, "document")
            if c.chunk_kind == "text" and c.id not in seen
        ]
    for chunk, rank in pool:
        for score, text in _inline_lists(chunk, rank, weights, question):
            if best is None or score > best[0]:
                best = (score, [(chunk, text)])
    if best is None:
        return None  # no list among the narrative: the form rows that match (passage mode)
    sentences = [_sentence(c, _quote(c, u), best[0]) for c, u in best[1]]
    return Passage(question, "list", "\n".join(s.text for s in sentences), sentences, "list")


def _inline_lists(
    chunk: Chunk, rank: int, weights: dict[str, float], question: str
) -> list[tuple[float, str]]:
    """Sentences of a chunk that enumerate ("人员经费…主要包括：基本工资、…"), or a bare enumeration
    under a heading that names it (三、实施主体 // 办公室、预算科、…), with their scores.

    What the list is *of* is printed before the enumeration: the words before the last list
    marker count fully, the items little ("基本支出：是指…包括人员经费和…" is not a list of
    人员经费).  Full stops only, so an enumeration with ；between its items stays whole.  The
    glossary defines terms in general; a list question asks what this budget holds.
    """
    header = _header_words(chunk)
    head = _overlap(header, weights)
    form = chunk.chunk_kind == "form"
    out = []
    split = _NO_SPLIT if form else _FULL_STOP
    for u in _candidates(chunk, rank, split):
        if re.search(r"[：:]$", u.text):
            continue  # a lead-in whose list is printed elsewhere (a table)
        markers = list(_INLINE_LIST.finditer(u.text))
        if not markers and not (head > 0 and u.text.count("、") >= 2):
            continue
        # A form row is one field, all of it about its label; a sentence's subject comes first.
        cut = len(u.text) if form or not markers else markers[-1].start()
        subject = _overlap(_tokens(u.text[:cut]), weights, exclude=header, share=_HEADER_SHARE)
        rest = _overlap(u.words, weights, exclude=header, share=_HEADER_SHARE)
        own = subject + 0.3 * max(0.0, rest - subject)
        if own == 0 and (form or head == 0):
            continue  # a form's heading (the project) is shared by all its rows
        score = (own + head) / (1 + 0.1 * math.log1p(len(u.text))) + 1.5 / (1 + rank)
        score += _phrase_bonus(question, u.text[:cut])
        out.append((score - (_GLOSSARY_PENALTY if _glossary(chunk) else 0.0), u.text))
    return out


def _glossary(chunk: Chunk) -> bool:
    return any("名词解释" in h for h in chunk.heading_path)


def _phrase_bonus(question: str, text: str) -> float:
    """The question's wording printed as one phrase (按功能科目分类 in 「（一）按功能科目分类，包括…」)
    says more than the same words scattered; a token set cannot see word order."""
    q = re.sub(r"[^\u4e00-\u9fff\w]", "", normalize(question))
    t = re.sub(r"[^\u4e00-\u9fff\w]", "", normalize(text))
    m = SequenceMatcher(None, q, t, autojunk=False).find_longest_match(0, len(q), 0, len(t))
    return 0.5 * min(max(0, m.size - 3), 6)


def _section_items(chunk: Chunk, section_chunks: SectionChunks | None, max_items: int = 20):
    """Enumerated items of the chunk's section (across its chunks), and the lines before the
    first item (「主要职能包括：」 says what the list is of)."""
    chunks = sorted(_related(section_chunks, chunk), key=lambda c: (c.paragraphs[:1] or [0], c.id))
    items: list[tuple[Chunk, str]] = []
    lead: list[str] = []
    for c in chunks:
        for u in _paragraph_units(c):
            if _ENUM.match(u):
                items.append((c, u))
            elif items and not re.search(r"[。；;]$", items[-1][1]):
                items[-1] = (items[-1][0], items[-1][1] + u)  # an item broken across lines
            elif not items:
                lead.append(u)
    return items[:max_items], " ".join(lead)[-120:]


def _forms_printing(
    question: str, hits: Sequence[Hit], section_chunks: SectionChunks | None
) -> Passage | None:
    """「樊帆负责哪些项目」: the forms whose rows print a value named in the question (a person, a
    code), one quoted row per form.  Only values of two characters or more that are not part of
    the forms' own labels count, so 项目 or 绩效 do not match every form."""
    forms = [h.chunk for h in hits if h.chunk.chunk_kind == "form"]
    if not forms:
        return None
    q = normalize(question).replace(" ", "")
    rows: dict[int | None, tuple[Chunk, str]] = {}
    for c in _related(section_chunks, forms[0], "document"):
        if c.chunk_kind != "form":
            continue
        for line in _paragraph_units(c):
            label, sep, value = line.partition("：")
            value = normalize(value).replace(" ", "")
            if sep and 2 <= len(value) <= 12 and value in q and value not in normalize(c.table_title):
                rows.setdefault(c.table_idx, (c, line))
    if len(rows) < 2:
        return None
    sentences = [_sentence(c, _quote(c, line), 0.0) for c, line in rows.values()]
    return Passage(question, "list", "\n".join(s.text for s in sentences), sentences, "list")


def _paragraph_units(chunk: Chunk) -> list[str]:
    """Whole lines (a list item is one paragraph, not one sentence)."""
    body = chunk.body or chunk.text
    return [ln.strip() for ln in body.split("\n") if ln.strip()]


_COUNTED = re.compile(
    r"([两二三四五六七八九十\d]+)个([\u4e00-\u9fff]{2,4}?)(?=是|分别|有|指|包括|都|[，。？?]|$)"
)
_ORDINAL_ITEM = re.compile(
    r"(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][，、,]?|[（(][一二三四五六七八九十][)）])\s*([^，。；,;：:]{2,30})"
)


def _counted_items(
    question: str, hits: Sequence[Hit], section_chunks: SectionChunks | None
) -> Passage | None:
    """「四个聚焦是哪四个」: the report names a count and a word (努力做到四个聚焦) and then lists the
    items (一是聚焦资源统筹…二是聚焦规划引领…): the items that follow, as many as it names."""
    import cn2an

    m = _COUNTED.search(normalize(question))
    if not m:
        return None
    count, word = m.group(1), m.group(2)
    n = int(count) if count.isdigit() else int(cn2an.cn2an(count.replace("两", "二"), "smart"))
    spoken = cn2an.an2cn(str(n)) if count.isdigit() else count
    heads = [f"{spoken}个{word}", f"{n}个{word}"]
    for hit in hits:
        chunk = hit.chunk
        if chunk.chunk_kind != "text":
            continue
        chunks = sorted(_related(section_chunks, chunk), key=lambda c: (c.paragraphs[:1] or [0], c.id))
        text = "".join((c.body or c.text).replace("\n", "") for c in chunks)
        at = max((text.find(h) for h in heads), default=-1)
        if at < 0:
            continue
        items = [i.group(1) for i in _ORDINAL_ITEM.finditer(text, at)]
        named = [i for i in items if word[:2] in i]
        items = (named if len(named) >= n else items)[:n]
        if len(items) < n:
            continue
        lead = text[max(0, text.rfind("。", 0, at) + 1) : text.find("。", at) + 1]
        sentences = [_sentence(chunk, lead, 0.0)] + [_sentence(chunk, i, 0.0) for i in items]
        body = "、".join(items)
        return Passage(question, "list", f"{lead}\n{body}", sentences, "list")
    return None
