"""jieba with its dictionary read from SQLite on demand instead of loaded whole into memory.

jieba keeps its 350,000-word dictionary as Python dicts: ``Tokenizer.initialize`` unmarshals
498,000 words and prefixes (≈ 70 MB, 0.3–0.8 s), ``import jieba.posseg`` parses ``dict.txt``
again for the part-of-speech tags (≈ 55 MB, 0.5–1 s), and every ``Tokenizer`` holds its own copy
(measured on this 2-core machine).  A question only ever looks up the few hundred substrings of
itself, so a process answering questions paid ≈ 1.5 s before its first answer and ≈ 190 MB for
three copies of a table it reads a few hundred rows of.

Here the same dictionary (built by jieba's own ``gen_pfdict`` and read like jieba's
``load_word_tag``, so every frequency and tag is jieba's) is written once into an SQLite file in
the temp directory (as jieba keeps its own cache there), and jieba's ``Tokenizer.FREQ`` and
``POSTokenizer.word_tag_tab`` are replaced by mappings that look words up in it.  Segmentation and
tags are exactly jieba's; only where the table lives changes.  Words added with ``add_word`` are
kept in memory beside it.  Hand-written because jieba has no such option (its only cache is the
marshalled whole dictionary).
"""

from __future__ import annotations

import importlib
import io
import logging
import os
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Iterator, MutableMapping
from pathlib import Path

import jieba

log = logging.getLogger(__name__)

# Looked-up words kept in memory per mapping (a word and its frequency ≈ 150 bytes: ≈ 10 MB).
_MEMO_WORDS = 65_536
_SCHEMA_VERSION = 1


def _dict_path() -> Path:
    return Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME


def dictionary_file() -> Path:
    """The SQLite copy of jieba's default dictionary, built on first use (atomically: a process
    that loses the race reads the winner's file)."""
    src = _dict_path()
    st = src.stat()
    cache_dir = Path(os.environ.get("BUDGETQA_CACHE_DIR") or tempfile.gettempdir())
    path = (
        cache_dir
        / f"budgetqa-jieba-{jieba.__version__}-{st.st_size}-{int(st.st_mtime)}-v{_SCHEMA_VERSION}.sqlite"
    )
    if path.is_file():
        return path
    cache_dir.mkdir(parents=True, exist_ok=True)
    freq, total = jieba.Tokenizer.gen_pfdict(src.open("rb"))
    tags: dict[str, str] = {}
    with src.open("rb") as f:  # as jieba.posseg.POSTokenizer.load_word_tag reads it
        for line in f:
            line = line.strip().decode("utf-8")
            if line:
                word, _, tag = line.split(" ")
                tags[word] = tag
    fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".sqlite.tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode=OFF")
        con.execute(
            "CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER NOT NULL, tag TEXT) WITHOUT ROWID"
        )
        con.execute("CREATE TABLE meta (total INTEGER NOT NULL)")
        con.executemany("INSERT INTO words VALUES (?, ?, ?)", ((w, f, tags.get(w)) for w, f in freq.items()))
        con.execute("INSERT INTO meta VALUES (?)", (total,))
        con.commit()
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


_local = threading.local()


def _connection(path: Path) -> sqlite3.Connection:
    """One read-only connection per thread (the file never changes once written)."""
    cons = getattr(_local, "cons", None)
    if cons is None:
        cons = _local.cons = {}
    con = cons.get(path)
    if con is None:
        con = cons[path] = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    return con


class StoredColumn(MutableMapping):
    """A column of the dictionary file as a mapping (word → frequency, or word → tag); words
    added or changed by jieba (``add_word``) are held in memory and win."""

    def __init__(self, path: Path, column: str) -> None:
        assert column in {"freq", "tag"}
        self.path = path
        self._sql = f"SELECT {column} FROM words WHERE word = ?" + (
            " AND tag IS NOT NULL" if column == "tag" else ""
        )
        self._column = column
        self._added: dict[str, object] = {}
        self._memo: dict[str, object] = {}
        self._whole = False  # the whole column is in ``_memo`` (``load_all``)
        self._lock = threading.Lock()

    def load_all(self) -> None:
        """Read the whole column into memory: for segmenting a whole store's text (a BM25
        rebuild), where one read is cheaper than a look-up per new substring."""
        if not self._whole:
            sql = f"SELECT word, {self._column} FROM words WHERE {self._column} IS NOT NULL"
            memo = dict(_connection(self.path).execute(sql))
            with self._lock:
                self._memo, self._whole = memo, True

    def _lookup(self, word: str) -> object | None:
        if word in self._added:
            return self._added[word]
        try:
            return self._memo[word]
        except KeyError:
            if self._whole:
                return None
        row = _connection(self.path).execute(self._sql, (word,)).fetchone()
        value = row[0] if row else None
        with self._lock:
            if len(self._memo) >= _MEMO_WORDS:
                self._memo.clear()
            self._memo[word] = value
        return value

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) is not None

    def __getitem__(self, word: str):
        value = self._lookup(word)
        if value is None:
            raise KeyError(word)
        return value

    def get(self, word: str, default=None):
        value = self._lookup(word)
        return default if value is None else value

    def __setitem__(self, word: str, value) -> None:
        self._added[word] = value

    def __delitem__(self, word: str) -> None:
        raise TypeError("words of jieba's dictionary are not deleted (jieba's del_word sets frequency 0)")

    def __iter__(self) -> Iterator[str]:
        rows = _connection(self.path).execute("SELECT word FROM words")
        seen = set(self._added)
        yield from self._added
        for (word,) in rows:
            if word not in seen:
                yield word

    def __len__(self) -> int:
        (n,) = _connection(self.path).execute("SELECT count(*) FROM words").fetchone()
        return n + sum(1 for w in self._added if self._lookup_stored(w) is None)

    def _lookup_stored(self, word: str) -> object | None:
        row = _connection(self.path).execute(self._sql, (word,)).fetchone()
        return row[0] if row else None


def _stored_path() -> Path | None:
    """The dictionary file, or None where it cannot be written (jieba then loads its dictionary
    into memory as usual: slower to start, same segmentation)."""
    try:
        return dictionary_file()
    except (OSError, sqlite3.Error) as exc:
        log.warning("jieba's dictionary stays in memory: cannot write its SQLite copy (%s)", exc)
        return None


def stored_tokenizer() -> jieba.Tokenizer:
    """A new ``jieba.Tokenizer`` (default dictionary) whose dictionary stays on disk."""
    path = _stored_path()
    tk = jieba.Tokenizer()
    if path is None:
        return tk
    with tk.lock:
        tk.FREQ = StoredColumn(path, "freq")
        (tk.total,) = _connection(path).execute("SELECT total FROM meta").fetchone()
        tk.initialized = True
    return tk


def _import_posseg():
    """``import jieba.posseg`` without its module-level ``POSTokenizer(jieba.dt)`` parsing the
    whole dictionary for tags: that tokenizer gets the stored tags instead (same values)."""
    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    path = _stored_path()
    if path is None:
        return importlib.import_module("jieba.posseg")
    jieba.dt.get_dict_file = lambda: io.BytesIO(b"")  # read by POSTokenizer.__init__ only
    try:
        posseg = importlib.import_module("jieba.posseg")
    finally:
        del jieba.dt.get_dict_file
    posseg.dt.word_tag_tab = StoredColumn(path, "tag")
    return posseg


_pos_lock = threading.Lock()
_pos: object | None = None


def pos_tokenizer():
    """A shared ``jieba.posseg.POSTokenizer`` over a stored dictionary (words and tags)."""
    global _pos
    with _pos_lock:
        if _pos is None:
            posseg = _import_posseg()
            path = _stored_path()
            if path is None:
                _pos = posseg.dt  # jieba's own, dictionary in memory
            else:
                pt = posseg.POSTokenizer.__new__(posseg.POSTokenizer)  # __init__ would parse dict.txt
                pt.tokenizer = stored_tokenizer()
                pt.word_tag_tab = StoredColumn(path, "tag")
                _pos = pt
    return _pos


def pos_cut(text: str) -> list:
    """``jieba.posseg.lcut(text)``: (word, flag) pairs, the same as jieba's."""
    return list(pos_tokenizer().cut(text))
