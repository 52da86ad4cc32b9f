"""Which two-character sequences a document prints: the words index for scope look-ups at scale.

A document's *terms* are the distinct character bigrams of its paragraphs and of its facts' quotes,
table titles, row labels and contexts (spaces and quotes removed).  They answer two questions
without loading a document's facts: "does this document print every part of this name?" (a
subject made of sequences a document never prints is a thing it is not about) and "which
documents mention these words?" (a question naming no department, over thousands of documents).

The writer stores them at ingest (``FactStore.write_terms``) in an SQLite FTS5 index; bigrams
instead of a Chinese word segmenter because a segmenter splits names differently in a question
than in a table, while bigrams of a name are always bigrams of the text that prints it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.facts import Fact

_SPACES_QUOTES = re.compile(r"[\s“”\"]")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")


def core_text(text: str) -> str:
    """Text with spaces and quotes removed (what names are compared on)."""
    return _SPACES_QUOTES.sub("", text)


def bigrams(text: str) -> set[str]:
    """The distinct two-character sequences of ``core_text(text)``."""
    t = core_text(text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def document_text(paragraphs: Iterable[str], facts: Iterable[Fact]) -> str:
    """Everything a document prints that a question's words are compared with."""
    text = " ".join(paragraphs)
    text += " ".join(f"{f.quote} {f.table_title} {f.row_label} {f.context}" for f in facts)
    return text


def document_terms(paragraphs: Iterable[str], facts: Iterable[Fact]) -> set[str]:
    return bigrams(document_text(paragraphs, facts))


def han_bigrams(text: str) -> list[str]:
    """The bigrams of the runs of Chinese characters in ``text``, in order, without repeats:
    what a full-text query is made of (punctuation and digits are everywhere)."""
    out: dict[str, None] = {}
    for run in _HAN.findall(core_text(text)):
        for i in range(len(run) - 1):
            out[run[i : i + 2]] = None
    return list(out)
