"""The store directory on real documents: incremental, versions, explicit replace/remove, metadata
edits, bad files, atomic ingest, default corpus.

Retrieval is off (``Store(dir, retrieval=False)``): these tests are about the fact store's
bookkeeping; the one fault injected (``FactStore.write_document`` raising after its inserts)
simulates a crash inside the ingest transaction.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import PUTUO, SEED

from index.facts import FactStore
from index.parse import file_sha256
from index.store import DEFAULT_CORPUS_DIR, MetadataError, Store, UnknownDocument
from qa.engine import Engine


def _snapshot(store: Store) -> tuple:
    """Everything the fact store holds, as comparable data (cache bypassed)."""
    conn = store.facts.conn
    return tuple(
        tuple(tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2"))
        for t in ("documents", "tables", "paragraphs", "facts")
    )


def _counts(store: Store) -> dict[str, int]:
    conn = store.facts.conn
    return {
        t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("documents", "tables", "paragraphs", "facts")
    }


@pytest.fixture()
def seed_copy(tmp_path: Path) -> Path:
    """A private copy of the seed (tests change its content)."""
    dst = tmp_path / "docs" / SEED.name
    dst.parent.mkdir()
    shutil.copy(SEED, dst)
    return dst


def test_ingest_is_incremental(tmp_path: Path, seed_copy: Path) -> None:
    store = Store(tmp_path / "store", retrieval=False)
    first = store.ingest([seed_copy, PUTUO])
    assert [r.status for r in first] == ["added", "added"]
    before = _snapshot(store)
    second = store.ingest([seed_copy, PUTUO])
    assert [r.status for r in second] == ["unchanged", "unchanged"]
    assert [r.doc_id for r in second] == [r.doc_id for r in first]
    assert _snapshot(store) == before
    # a renamed copy with the same bytes is the same document (by sha256): skipped too
    renamed = seed_copy.with_name("renamed_seed.txt")
    shutil.copy(seed_copy, renamed)
    assert store.ingest([renamed])[0].status == "unchanged"
    assert len(store.documents()) == 2


def test_reopened_store_still_skips(tmp_path: Path) -> None:
    Store(tmp_path / "s", retrieval=False).ingest([SEED])
    again = Store(tmp_path / "s", retrieval=False)
    assert again.ingest([SEED])[0].status == "unchanged"
    assert [d.sha256 for d in again.documents()] == [file_sha256(SEED)]


def _change_seed(seed_copy: Path) -> None:
    """Same name, changed content: the 三公 total and its part become 16,000."""
    text = seed_copy.read_text(encoding="utf-8")
    changed = text.replace("合 计\t15,000", "合 计\t16,000").replace(
        "3、公务用车费\t15,000", "3、公务用车费\t16,000"
    )
    assert changed != text
    seed_copy.write_text(changed, encoding="utf-8")


def test_same_name_new_content_is_another_version_not_a_replacement(tmp_path: Path, seed_copy: Path) -> None:
    """Issue 12: an upload named like a stored file never replaces it (identity is content)."""
    store = Store(tmp_path / "store", retrieval=False)
    store.ingest([seed_copy, PUTUO])
    old_id = next(d.doc_id for d in store.documents() if d.file == SEED.name)
    before = {t: n for t, n in _counts(store).items()}
    _change_seed(seed_copy)

    messages: list[str] = []
    (result,) = store.ingest([seed_copy], progress=messages.append)
    assert result.status == "version", result
    assert result.doc_id != old_id and result.versions == [old_id]
    assert not any("已替换" in m for m in messages)
    assert any("另一版本" in m and old_id in m for m in messages), messages
    docs = store.documents()
    assert sum(d.file == SEED.name for d in docs) == 2 and len(docs) == 3
    # the old version is whole: its facts, tables and kept copy
    assert len(store.facts.facts([old_id])) == before["facts"] - len(
        store.facts.facts([d.doc_id for d in docs if d.file == PUTUO.name])
    )
    assert (tmp_path / "store" / "documents" / f"{old_id}.txt").read_bytes() == SEED.read_bytes()
    new_info = store.facts.document(result.doc_id)
    assert [v.doc_id for v in store.versions_of(new_info)] == [old_id, result.doc_id]
    # both versions answer, each labelled
    ans = Engine(store, auto_ingest=False).ask("大数据局三公经费多少")
    assert {f.value for f in ans.figures} == {Decimal(15000), Decimal(16000)}, ans.text


def test_explicit_replace_and_remove(tmp_path: Path, seed_copy: Path) -> None:
    store = Store(tmp_path / "store", retrieval=False)
    store.ingest([seed_copy, PUTUO])
    old_id = next(d.doc_id for d in store.documents() if d.file == SEED.name)
    putuo_id = next(d.doc_id for d in store.documents() if d.file == PUTUO.name)
    _change_seed(seed_copy)

    result = store.replace(old_id, seed_copy)
    assert result.status == "replaced" and result.replaced == old_id, result
    assert store.facts.document(old_id) is None
    assert store.facts.conn.execute("SELECT COUNT(*) FROM facts WHERE doc_id=?", (old_id,)).fetchone()[0] == 0
    assert not (tmp_path / "store" / "documents" / f"{old_id}.txt").exists()
    engine = Engine(store, auto_ingest=False)
    assert engine.ask("大数据局三公经费多少").figures[0].value == Decimal(16000)
    assert engine.ask("普陀区财政局购房补贴").figures[0].value == Decimal(2687760)  # untouched

    # replacing a document that is not there changes nothing
    bad = store.replace("0000000000000000", PUTUO)
    assert bad.status == "error" and "0000000000000000" in bad.message
    assert store.facts.document(putuo_id) is not None
    # a replacement that fails to parse keeps the old document
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\n")
    assert store.replace(putuo_id, broken).status == "error"
    assert store.facts.document(putuo_id) is not None


def test_metadata_overrides_and_edits(tmp_path: Path) -> None:
    """Issue 8: metadata given at ingest, corrected later, marked as the user's; bad values refused."""
    store = Store(tmp_path / "store", retrieval=False)
    (r,) = store.ingest([PUTUO], metadata={"year": "2026", "kind": "部门预算"})
    info = store.facts.document(r.doc_id)
    assert (info.year, info.kind, info.department) == (2026, "部门预算", "上海市普陀区财政局")
    assert info.meta_source["year"] == "user" and info.meta_source["department"] == "document"

    edited = store.update_metadata(r.doc_id, year=2025, region="上海市")
    assert edited.year == 2025 and edited.meta_source["region"] == "user"
    reopened = Store(tmp_path / "store", retrieval=False).facts.document(r.doc_id)
    assert reopened.year == 2025 and reopened.meta_source == edited.meta_source
    assert Engine(store, auto_ingest=False).ask("普陀区财政局2025年购房补贴").figures[0].value == Decimal(
        2687760
    )

    before = _snapshot(store)
    for bad in (
        {"department": "1"},
        {"department": "- 1 -"},
        {"department": "公开01表"},
        {"department": "部门收支总表"},
        {"year": "二〇二五x"},
        {"year": 1800},
        {"kind": "随便"},
    ):
        with pytest.raises(MetadataError) as exc:
            store.update_metadata(r.doc_id, **bad)
        assert next(iter(bad)) in str(exc.value)
    with pytest.raises(MetadataError):
        store.ingest([SEED], metadata={"department": "2021"})
    with pytest.raises(UnknownDocument):
        store.update_metadata("0000000000000000", year=2020)
    assert _snapshot(store) == before


def test_truncated_kept_copy_is_rewritten(tmp_path: Path) -> None:
    """A kept copy cut short by a killed run (older versions copied in place) is verified by sha256."""
    store = Store(tmp_path / "store", retrieval=False)
    (r,) = store.ingest([PUTUO])
    copy = tmp_path / "store" / "documents" / f"{r.doc_id}.pdf"
    assert store.remove(r.doc_id)
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes(PUTUO.read_bytes()[:1000])
    # a writer's repair drops a copy no document owns; re-ingest writes a whole one
    (again,) = store.ingest([PUTUO])
    assert again.status == "added"
    assert file_sha256(copy) == file_sha256(PUTUO)
    assert not list(copy.parent.glob("*.tmp"))
    assert not (tmp_path / "store" / "write.lock").exists()


def _bad_files(folder: Path) -> dict[str, bytes]:
    return {
        "garbage.pdf": bytes(range(256)) * 8,  # named .pdf, no %PDF header
        "truncated.pdf": b"%PDF-1.4\n1 0 obj\n<<>>\n",  # PDF header, nothing readable
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 4,
        "not_a_budget.txt": "会议纪要\n今天天气很好。\n".encode(),
    }


def test_bad_files_get_one_clear_error_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = _bad_files(folder)
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(PUTUO, folder / PUTUO.name)

    store = Store(tmp_path / "store", retrieval=False)
    messages: list[str] = []
    results = store.ingest([folder], progress=messages.append)
    by_file = {r.file: r for r in results}
    assert set(by_file) == set(bad) | {SEED.name, PUTUO.name}
    for name in bad:
        r = by_file[name]
        assert r.status == "error", r
        assert r.message.strip(), r
        error_lines = [m for m in messages if name in m and "错误" in m]
        assert len(error_lines) == 1, (name, messages)
    assert by_file[SEED.name].status == "added"
    assert by_file[PUTUO.name].status == "added"
    assert {d.file for d in store.documents()} == {SEED.name, PUTUO.name}


def test_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    store = Store(tmp_path / "store", retrieval=False)
    results = store.ingest([tmp_path / "nope.pdf", SEED])
    assert results[0].status == "error" and results[0].file == "nope.pdf"
    assert results[1].status == "added"


class _Crash(RuntimeError):
    pass


def _crash_after_inserts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make ``FactStore.write_document`` do all its inserts, then raise (a crash mid-transaction)."""
    original = FactStore.write_document
    calls: list[int] = []

    def write_then_crash(self, conn, doc, facts, when, meta_source=None):
        original(self, conn, doc, facts, when, meta_source)
        calls.append(conn.execute("SELECT COUNT(*) FROM facts WHERE doc_id=?", (doc.doc_id,)).fetchone()[0])
        raise _Crash("simulated crash after partial write")

    monkeypatch.setattr(FactStore, "write_document", write_then_crash)
    return calls


def test_crash_mid_ingest_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "store", retrieval=False)
    store.ingest([SEED])
    before, counts = _snapshot(store), _counts(store)

    calls = _crash_after_inserts(monkeypatch)
    with pytest.raises(_Crash):
        store.ingest([PUTUO])
    assert calls and calls[0] > 0, "the fault must fire after rows were inserted"
    assert _counts(store) == counts
    assert _snapshot(store) == before
    assert [d.file for d in store.documents()] == [SEED.name]
    # a fresh connection sees the same (nothing was committed)
    assert _counts(Store(tmp_path / "store", retrieval=False)) == counts

    monkeypatch.undo()
    assert store.ingest([PUTUO])[0].status == "added"  # the retry succeeds
    assert len(store.documents()) == 2


def test_crash_while_adding_a_version_keeps_the_old_one(
    tmp_path: Path, seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "store", retrieval=False)
    store.ingest([seed_copy])
    before = _snapshot(store)
    seed_copy.write_text(seed_copy.read_text(encoding="utf-8").replace("15,000", "16,000"), encoding="utf-8")

    _crash_after_inserts(monkeypatch)
    with pytest.raises(_Crash):
        store.ingest([seed_copy])
    assert _snapshot(store) == before  # the old version is still fully there, the new one absent
    engine = Engine(store, auto_ingest=False)
    assert engine.ask("大数据局三公经费多少").figures[0].value == Decimal(15000)


def test_engine_ingests_default_corpus_into_empty_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "fresh", retrieval=False)
    assert store.is_empty()
    engine = Engine(store)  # auto_ingest=True by default
    default_files = sorted(p.name for p in DEFAULT_CORPUS_DIR.iterdir() if p.suffix in {".txt", ".pdf"})
    assert sorted(d.file for d in store.documents()) == default_files
    assert SEED.name in default_files
    ans = engine.ask("全市政务数据治理项目多少钱")
    assert ans.kind == "figure" and ans.figures[0].value == Decimal(4900000)


def test_engine_does_not_add_default_corpus_to_a_used_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "s", retrieval=False)
    store.ingest([PUTUO])
    Engine(store)
    assert [d.file for d in store.documents()] == [PUTUO.name]


def test_ingest_into_new_store_adds_only_given_files(tmp_path: Path) -> None:
    store = Store(tmp_path / "new", retrieval=False)
    results = store.ingest([PUTUO])
    assert [r.status for r in results] == ["added"]
    assert [d.file for d in store.documents()] == [PUTUO.name]
    info = store.documents()[0]
    assert info.department == "上海市普陀区财政局" and info.year == 2025 and info.pages == 24


def test_remove_document(tmp_path: Path) -> None:
    store = Store(tmp_path / "s", retrieval=False)
    store.ingest([SEED, PUTUO])
    doc_id = next(d.doc_id for d in store.documents() if d.file == PUTUO.name)
    assert store.remove(doc_id)
    assert [d.file for d in store.documents()] == [SEED.name]
    assert store.facts.facts([doc_id]) == []
    assert not store.remove(doc_id)


@pytest.mark.slow
def test_retrieval_index_rebuilt_from_stored_copy(tmp_path: Path) -> None:
    """A store whose retrieval index lost a document (new embedding model, wiped chroma/) is re-indexed
    from the copy the store keeps by the next writer (never by a reader)."""
    seed = SEED
    store = Store(tmp_path / "s", retrieval=True)
    (res,) = store.ingest([seed])
    assert res.status == "added" and res.chunks > 0
    assert (tmp_path / "s" / "documents" / f"{res.doc_id}.txt").read_bytes() == seed.read_bytes()
    doc_id = res.doc_id
    store.retrieval.remove_document(doc_id)  # what a wiped or switched vector collection looks like
    assert not store.retrieval.has_document(doc_id)
    reader = Store(tmp_path / "s", retrieval=True)
    assert not reader.retrieval.has_document(doc_id)  # a reader never re-indexes (issue 12)
    assert not reader.retrieval.writable
    text = Engine(reader, auto_ingest=False).ask("什么是三公经费")  # keyword sentences meanwhile
    assert text.kind == "passage" and "因公出国" in text.text, text.text
    assert not Store(tmp_path / "s", retrieval=True).retrieval.has_document(doc_id)  # still not re-indexed
    reopened = Store(tmp_path / "s", retrieval=True)
    assert reopened.ingest([seed])[0].status == "unchanged"  # a writer repairs first
    assert reopened.retrieval.has_document(doc_id)
    hits = reopened.retrieval.search("三公经费", k=3, filters={"doc_id": doc_id})
    assert hits and all(h.chunk.doc_id == doc_id for h in hits)


@pytest.mark.slow
def test_deferred_index_answers_figures_at_once(tmp_path: Path) -> None:
    """The app's cold start: the default corpus's figures are written at once, the text index is
    built in the background from the kept copy, and text questions use it once it is ready."""
    engine = Engine(tmp_path / "s", auto_ingest=True, defer_index=True)
    ans = engine.ask("全市政务数据治理项目多少钱")
    assert ans.kind == "figure" and ans.figures[0].value == Decimal(4900000)
    thread = engine.store._warming
    assert thread is not None
    thread.join(timeout=600)
    assert not engine.store.retrieval_warming
    (doc,) = engine.store.documents()
    assert engine.store.retrieval.has_document(doc.doc_id)
    text = engine.ask("什么是三公经费")
    assert text.kind == "passage" and "因公出国" in text.text
    assert not any("后台建立" in w for w in text.warnings)


def test_a_file_ingested_into_a_second_store_is_not_parsed_again(tmp_path: Path, monkeypatch) -> None:
    """The parse of one process is kept by content and name: a second store gets a copy, so metadata
    set on the first store's document does not reach the second."""
    import index.store

    parsed: list[str] = []
    real_parse = index.store._parse
    monkeypatch.setattr(index.store, "_parse", lambda path: parsed.append(path.name) or real_parse(path))
    # a setting of its own: no parse of an earlier test is reused
    monkeypatch.setenv("BUDGETQA_PARSE_TEST", str(tmp_path))
    first = Store(tmp_path / "a", retrieval=False)
    (r1,) = first.ingest([PUTUO], metadata={"department": "改过的部门"})
    second = Store(tmp_path / "b", retrieval=False)
    (r2,) = second.ingest([PUTUO])
    assert r1.status == r2.status == "added" and parsed == [PUTUO.name]
    assert first.documents()[0].department == "改过的部门"
    assert second.documents()[0].department != "改过的部门"
