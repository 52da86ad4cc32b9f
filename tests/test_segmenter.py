"""jieba with its dictionary on disk (``index/segmenter.py``) segments and tags exactly as jieba does.

The reference is jieba itself with its dictionary loaded whole (``jieba.Tokenizer`` and a fresh
``jieba.posseg.POSTokenizer``), on real texts: the gold questions and a real document.
"""

from __future__ import annotations

import json
from pathlib import Path

import jieba
import jieba.posseg
import pytest

from index.segmenter import dictionary_file, pos_cut, stored_tokenizer

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "tests/corpus/zhengzhou_bigdata_2021_budget.txt"


def _questions() -> list[str]:
    out = []
    for path in sorted((ROOT / "eval/questions").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def test_part_of_speech_tags_are_jiebas(reference):
    ref = jieba.posseg.POSTokenizer(reference)  # parses dict.txt for its tags, as jieba does
    questions = _questions()
    assert len(questions) > 300
    for text in questions:
        assert [(p.word, p.flag) for p in pos_cut(text)] == [(p.word, p.flag) for p in ref.cut(text)], text
    assert any(p.flag == "ns" for p in pos_cut("平顶山全市地方政府性债务余额"))  # a place, as jieba tags it


def test_search_tokens_of_a_document_are_jiebas(reference):
    text = DOCUMENT.read_text(encoding="utf-8")[:30_000]
    stored = stored_tokenizer()
    assert list(stored.cut_for_search(text)) == list(reference.cut_for_search(text))
    stored.FREQ.load_all()  # the whole dictionary in memory (a BM25 rebuild): the same tokens
    assert list(stored.cut_for_search(text)) == list(reference.cut_for_search(text))


def test_added_words_segment_as_in_jieba():
    jieba.setLogLevel(60)
    ref = jieba.Tokenizer()
    ref.initialize()
    stored = stored_tokenizer()
    text = "郑州市政务数据治理项目和三公经费支出"
    for tk in (ref, stored):
        tk.add_word("政务数据治理", freq=50_000)
        tk.add_word("三公经费", freq=20_000)
    assert list(stored.cut_for_search(text)) == list(ref.cut_for_search(text))
    assert "政务数据治理" in stored.FREQ and stored.FREQ["政务数据治"] == 0  # prefixes, as jieba adds them


def test_dictionary_file_is_built_once(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETQA_CACHE_DIR", str(tmp_path))
    path = dictionary_file()
    assert path.parent == tmp_path and path.stat().st_size > 1_000_000
    mtime = path.stat().st_mtime_ns
    assert dictionary_file() == path and path.stat().st_mtime_ns == mtime
    assert not list(tmp_path.glob("*.tmp"))


def test_unwritable_cache_dir_falls_back_to_jieba_in_memory(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("BUDGETQA_CACHE_DIR", str(blocked / "cache"))
    tk = stored_tokenizer()
    assert isinstance(tk.FREQ, dict)  # jieba's own, loaded on first use
    assert list(tk.cut_for_search("三公经费支出")) == list(jieba.Tokenizer().cut_for_search("三公经费支出"))
