"""Extractive passage answers: the few best sentences (or list items, or form rows) from retrieved chunks.

A chunk is a retrieval unit, not an answer: the answer to 「为什么预算增长这么多」 is the sentence that
says 主要原因是…, the answer to 「谁负责这个项目」 is the 项目负责人 row of that project's form.  Sentences
are scored by the question's words (with the budget synonyms), the chunk's rank, and cue words
for the kind of question (why → 原因, what is → 是指, who → 负责人, target → 绩效目标); list
questions (主要职责/有哪些) return the enumerated items of the best section.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from index.chunks import Chunk
from index.words import BudgetTokenizer, shared_tokenizer
from qa.answer import Source
from qa.retrieval import Hit

_SENT_END = re.compile(r"(?<=[。；！？;!?])")
_ENUM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+\s*[、.．]|[-•·]\s*)"
)

# Question intents and the cue words that mark an answering sentence (budget-specific, by hand).
INTENTS: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = [
    ("who", re.compile(r"谁|负责人|联系人|联系电话|哪个人"), re.compile(r"负责人|联系人|联系电话")),
    (
        "why",
        re.compile(r"为什么|为何|为啥|原因|怎么.{0,6}(多|少|涨|增|减|降)|咋"),
        re.compile(r"原因|由于|因为"),
    ),
    (
        "list",
        re.compile(r"哪些|有什么|职责|职能|包括什么|包含|列出|清单|明细|几项|内设机构"),
        re.compile(r"^"),
    ),
    ("target", re.compile(r"绩效目标|目标|指标|达到"), re.compile(r"目标|指标|≥|≤|=")),
    (
        "define",
        re.compile(r"什么是|是指|指什么|含义|意思|定义|是什么|是啥"),
        re.compile(r"是指|指|包括|反映"),
    ),
]


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


def question_intent(question: str) -> str:
    for name, pattern, _ in INTENTS:
        if pattern.search(question):
            return name
    return "passage"


def _units(chunk: Chunk) -> list[str]:
    """Sentences of a narrative chunk; lines (rows) of a table or form chunk."""
    body = chunk.body or chunk.text
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if chunk.chunk_kind != "text":
        return lines
    out = []
    for line in lines:
        out.extend(s.strip() for s in _SENT_END.split(line) if len(s.strip()) > 1)
    return out


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


def _weights(tokens: list[str]) -> dict[str, float]:
    # Longer tokens are rarer and more specific (公务用车运行维护费 vs 费); single chars count little.
    return {t: (0.3 if len(t) == 1 else 1.0 + 0.25 * min(len(t), 8)) for t in tokens}


def extract_passage(
    question: str,
    hits: Sequence[Hit],
    max_sentences: int = 3,
    tokenizer: BudgetTokenizer | None = None,
    section_chunks=None,
) -> Passage:
    """The best sentences for a question from ranked hits.

    ``section_chunks(chunk) -> list[Chunk]`` (e.g. ``HybridRetriever.section_chunks``) lets a
    list answer gather items from the rest of its section when it spans several chunks.
    """
    tok = tokenizer or shared_tokenizer()
    intent = question_intent(question)
    cue = next((c for name, _, c in INTENTS if name == intent), None)
    weights = _weights(tok.query_tokens(question))
    if not hits or not weights:
        return Passage(question, "none", "", intent=intent)

    scored: list[tuple[float, int, int, Chunk, str, float]] = []
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        prior = 1.5 / (1 + rank)
        head_score = 0.5 * _heading_overlap(chunk, weights, tok)
        for pos, unit in enumerate(_units(chunk)):
            words = set(tok.tokenize(unit))
            overlap = sum(w for t, w in weights.items() if t in words)
            if overlap == 0 and head_score == 0:
                continue
            score = overlap / (1 + 0.15 * math.log1p(len(unit))) + head_score + prior
            if intent in ("why", "define", "who", "target") and cue is not None and cue.search(unit):
                score += 2.5 if intent != "who" else 6.0
            if intent == "define" and any("名词解释" in h for h in chunk.heading_path):
                score += 2.0
            scored.append((score, rank, pos, chunk, unit, overlap))
    if not scored:
        return Passage(question, "none", "", intent=intent)
    scored.sort(key=lambda s: -s[0])

    if intent == "list":
        # A list is a section: prefer the hit whose heading names what is asked (一、部门主要职责).
        heads = [(_heading_overlap(h.chunk, weights, tok), -rank, h.chunk) for rank, h in enumerate(hits)]
        best_head = max(heads, key=lambda x: (x[0], x[1]))
        chunk = best_head[2] if best_head[0] > 0 else scored[0][3]
        return _list_passage(question, chunk, section_chunks)

    top_score, _, _, top_chunk, top_unit, top_overlap = scored[0]
    on_cue = cue is not None and intent != "passage" and bool(cue.search(top_unit))
    chosen: list[tuple[float, int, int, Chunk, str, float]] = []
    seen: set[str] = set()
    for item in scored:
        score, _, _, chunk, unit, overlap = item
        if score < 0.5 * top_score or len(chosen) >= max_sentences:
            break
        if chosen and overlap < 0.6 * top_overlap:
            continue  # a neighbour must be about the same thing, not just near it
        if chunk.doc_id != top_chunk.doc_id:
            continue  # one document per passage; the engine labels several documents itself
        if top_chunk.chunk_kind == "form" and chunk.table_idx != top_chunk.table_idx:
            continue  # who/target answers come from the one form of the project asked about
        if on_cue and not cue.search(unit):
            continue
        key = re.sub(r"^[^：:]{0,12}[：:]", "", unit).strip()
        if key in seen:
            continue  # 项目总目标 and 年度绩效目标 often repeat each other
        seen.add(key)
        chosen.append(item)
    # Read in document order: a 主要原因是… sentence follows the figure it explains.
    chosen.sort(key=lambda s: (s[1], s[2]))
    sentences = [_sentence(c, _quote(c, u), sc) for sc, _, _, c, u, _ in chosen]
    return Passage(question, "passage", "".join(_join(s.text) for s in sentences).strip(), sentences, intent)


def _heading_overlap(chunk: Chunk, weights: dict[str, float], tok: BudgetTokenizer) -> float:
    heading = set(tok.tokenize(" ".join(chunk.heading_path) + " " + chunk.table_title))
    return sum(w for t, w in weights.items() if t in heading)


def _quote(chunk: Chunk, unit: str) -> str:
    if chunk.chunk_kind == "text":
        return unit
    subject = chunk.table_title
    return f"{subject}：{unit}" if subject else unit


def _join(text: str) -> str:
    return text if re.search(r"[。；！？;!?]$", text) else text + "。"


def _list_passage(question: str, chunk: Chunk, section_chunks, max_items: int = 20) -> Passage:
    """Enumerated items of the best section, across its chunks when they can be fetched."""
    chunks = section_chunks(chunk) if section_chunks else [chunk]
    chunks = sorted(chunks or [chunk], key=lambda c: (c.paragraphs[:1] or [0], c.id))
    units = [(c, u) for c in chunks for u in _paragraph_units(c)]
    items: list[tuple[Chunk, str]] = []
    for c, u in units:
        if _ENUM.match(u):
            items.append((c, u))
        elif items and not re.search(r"[。；;]$", items[-1][1]):
            items[-1] = (items[-1][0], items[-1][1] + u)  # an item broken across lines
    if len(items) < 2:
        items = units
    items = items[:max_items]
    sentences = [_sentence(c, _quote(c, u), 0.0) for c, u in items]
    return Passage(question, "list", "\n".join(s.text for s in sentences), sentences, "list")


def _paragraph_units(chunk: Chunk) -> list[str]:
    """Whole lines (a list item is one paragraph, not one sentence)."""
    body = chunk.body or chunk.text
    return [ln.strip() for ln in body.split("\n") if ln.strip()]
