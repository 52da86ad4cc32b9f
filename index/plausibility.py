"""Is a parsed file a budget disclosure, and is its text layer readable at all?

A file can parse and still be no disclosure: two lines under a budget title, random characters
under one, a PDF whose fonts map to ``(cid:N)`` or private-use glyphs, a novel with the word 预算
in it.  Storing such a file puts made-up or garbled figures behind real citations, so it is
refused with its reason.  The test is the genre's, never one document's: a disclosure prints
tables of numbers (cells with labels) or money figures with units in its text, uses the budget
vocabulary (``index.vocabulary.BUDGET_GENRE_WORDS``) throughout, and is written in real words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.model import Document, ParseError
from index.vocabulary import BUDGET_GENRE_WORDS

_CID = re.compile(r"\(cid:\d+\)")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DIGIT = re.compile(r"[0-9\uff10-\uff19]")
_BAD = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")
_MONEY = re.compile(r"\d[\d,，]*(?:\.\d+)?\s*(?:亿元|万元|千元|元)")

# thresholds (set over the 3 test documents and the 21 text-layer PDFs of the wild corpus, whose
# minimum values are an order of magnitude above them; see tests/test_plausibility.py)
MIN_TABLE_NUMBERS = 12  # numeric cells in tables with row labels
MIN_MONEY_FIGURES = 5  # "…万元" / "…亿元" figures printed in sentences
MIN_GENRE_WORDS = 3  # distinct budget words
MIN_GENRE_HITS = 8  # their occurrences
MIN_WORD_COVERAGE = 0.35  # share of CJK characters inside dictionary words of 2+ characters
MIN_READABLE_SHARE = 0.4  # (CJK + digits) / non-space characters on a page
MAX_BAD_SHARE = 0.2  # (cid:N), private-use, replacement and control characters / non-space


_LEADERS = set(".…·-_—－─•")  # dot leaders of tables of contents and rules: neither good nor bad


def _clean_len(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace() and ch not in _LEADERS)


def text_layer_usable(text: str) -> bool:
    """Is this page text readable Chinese, or the glyph soup of unmapped fonts?

    Unmapped fonts come out as ``(cid:N)``, private-use characters, or ASCII punctuation and
    letters standing for Chinese glyphs ("!\\"#$%&'()*+,-").  A page with under 20 characters is
    not judged (cover pages, page numbers).
    """
    text = _CID.sub("\ue000", text)
    n = _clean_len(text)
    if n < 20:
        return True
    bad = len(_BAD.findall(text))
    readable = len(_CJK.findall(text)) + len(_DIGIT.findall(text))
    return bad / n <= MAX_BAD_SHARE and readable / n >= MIN_READABLE_SHARE


def check_text_layer(unusable: int, pages: int, name: str) -> None:
    """Refuse a PDF most of whose pages have an unusable text layer (OCR would be needed)."""
    if pages and unusable * 2 > pages:
        raise ParseError(
            name,
            f"文字层无法识别（{unusable}/{pages} 页是 (cid:N)、私用区或乱码字符，字体没有映射），"
            "需要先做文字识别（OCR）",
        )


@dataclass
class GenreEvidence:
    table_numbers: int
    money_figures: int
    genre_words: int
    genre_hits: int
    word_coverage: float | None  # None: too little Chinese text to judge
    unusable_pages: int
    pages: int | None


def _document_text(doc: Document) -> str:
    parts = [doc.title]
    parts += [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts.append(t.title)
        parts.append(f"单位：{t.unit}" if t.unit else "")  # a printed unit (万元/亿元) is evidence too
        parts += t.columns
        parts += [r.label for r in t.rows]
        parts += [v for r in t.rows for v in r.texts.values()]
    return "\n".join(p for p in parts if p)


def _word_coverage(text: str, sample: int = 20000) -> float | None:
    """Share of CJK characters that fall inside words of 2+ characters of jieba's dictionary.

    Real Chinese prose and table labels are ≥ 0.6; random CJK characters are ≈ 0.1 (few random
    pairs are words).  Why jieba: it is the project's segmenter and its dictionary is the
    frequency list a hand-written check would need.
    """
    cjk = "".join(_CJK.findall(text))[:sample]
    if len(cjk) < 200:
        return None
    import jieba

    jieba.setLogLevel(60)
    in_words = sum(len(w) for w in jieba.lcut(cjk, HMM=False) if len(w) >= 2)
    return in_words / len(cjk)


def genre_evidence(doc: Document) -> GenreEvidence:
    text = _document_text(doc)
    table_numbers = sum(len(r.cells) for t in doc.tables for r in t.rows if r.label or r.codes)
    prose = "\n".join(p.text for p in doc.paragraphs)
    words = {w: text.count(w) for w in BUDGET_GENRE_WORDS}
    present = {w: n for w, n in words.items() if n}
    return GenreEvidence(
        table_numbers=table_numbers,
        money_figures=len(_MONEY.findall(prose)),
        genre_words=len(present),
        genre_hits=sum(present.values()),
        word_coverage=_word_coverage(text),
        unusable_pages=len(doc.unusable_pages),
        pages=doc.pages,
    )


def check_plausible(doc: Document, name: str | None = None) -> GenreEvidence:
    """Raise ``ParseError`` (file, reason in Chinese) unless ``doc`` reads as a budget disclosure."""
    name = name or doc.file
    ev = genre_evidence(doc)
    check_text_layer(ev.unusable_pages, ev.pages or 0, name)
    if ev.word_coverage is not None and ev.word_coverage < MIN_WORD_COVERAGE:
        raise ParseError(
            name, f"不像预算公开文件：文字不成词（像乱码或随机字符，成词率 {ev.word_coverage:.0%}）"
        )
    has_tables = ev.table_numbers >= MIN_TABLE_NUMBERS
    has_money = ev.money_figures >= MIN_MONEY_FIGURES
    if not has_tables and not has_money:
        what = "没有表格" if not ev.table_numbers else f"表格里只有 {ev.table_numbers} 个数字"
        raise ParseError(name, f"不像预算公开文件：{what}，也{_money_phrase(ev.money_figures)}")
    if ev.genre_words < MIN_GENRE_WORDS or ev.genre_hits < MIN_GENRE_HITS:
        raise ParseError(
            name,
            f"不像预算公开文件：几乎没有预算用语（只出现 {ev.genre_words} 个，如“预算”“支出”“财政拨款”）",
        )
    return ev


def _money_phrase(n: int) -> str:
    return "没有金额" if n == 0 else f"只有 {n} 个金额"
