"""What e5 embeds for a table chunk (its embedding view) on a real corpus budget: the row labels and
column names without the figures, while the stored chunk text keeps every figure; a row's label
still finds its table's chunk by meaning; a store's vectors of an earlier view are dropped."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from index.chunks import EMBEDDING_VIEW_VERSION, VIEW_LIMIT, chunk_document
from index.embeddings import E5SmallEmbeddings
from index.parse import parse_document
from index.retrieval_index import RetrievalIndex
from index.vectors import VectorIndex, chroma_client, collection_name

PUTUO = Path(__file__).parent / "corpus" / "shanghai_putuo_finance_bureau_2025_budget.pdf"


@pytest.fixture(scope="module")
def doc():
    return parse_document(PUTUO)


@pytest.fixture(scope="module")
def table_chunks(doc):
    return [c for c in chunk_document(doc) if c.chunk_kind == "table" and c.rows]


def test_view_holds_labels_and_columns_not_figures(doc, table_chunks):
    assert len(table_chunks) >= 10
    model = E5SmallEmbeddings()._get()
    before = after = 0
    for c in table_chunks:
        table = doc.tables[c.table_idx]
        rows = {r.index: r for r in table.rows}
        view = c.embedding_text
        assert view != c.text and len(view) <= VIEW_LIMIT
        assert view.startswith(c.text.split("\n")[0])  # the document label, then the table title
        assert table.display_title in view
        for i in c.rows:
            row = rows[i]
            assert row.label in view
            for cell in row.cells:
                assert cell.raw in c.text  # the stored text (BM25, answers) keeps every figure
                if len(re.sub(r"\D", "", cell.raw)) >= 4:
                    assert cell.raw not in view, (c.id, cell.raw)
            for cell in row.cells[:1]:
                assert cell.column.split("/")[-1][:16] in view  # columns named once
        before += model.token_count(c.text)
        after += model.token_count(view)
    assert after < 0.6 * before, (
        before,
        after,
    )  # what e5 reads (and its cost) falls by far more than a third


def test_text_chunks_embed_their_text(doc):
    text = [c for c in chunk_document(doc) if c.chunk_kind == "text"]
    assert text and all(c.embedding_text == c.text for c in text)


def test_a_row_label_finds_its_table_chunk_by_meaning(doc, table_chunks, tmp_path):
    """Dense search (vectors of the views) for a row's label returns the chunk holding that row."""
    small = copy.deepcopy(doc)
    small.paragraphs = small.paragraphs[:10]  # tables in full, a few paragraphs: cheaper to embed
    idx = RetrievalIndex(tmp_path / "store")
    idx.add_document(small)
    chunks = [c for c in chunk_document(small) if c.chunk_kind == "table" and c.rows]
    # Labels printed in one chunk only (so the answer is unambiguous), the longest few.
    count: dict[str, int] = {}
    for c in chunks:
        for label in {small.tables[c.table_idx].rows[i - 1].label for i in c.rows}:
            count[label] = count.get(label, 0) + 1
    labels = sorted((lb for lb, n in count.items() if n == 1 and len(lb) >= 4), key=len, reverse=True)[:4]
    assert len(labels) == 4
    for label in labels:
        hits = idx.search(label, k=5, mode="dense")
        assert any(h.chunk.chunk_kind == "table" and label in h.chunk.text for h in hits), (
            label,
            [h.id for h in hits],
        )


def test_vectors_of_an_earlier_view_are_dropped(tmp_path):
    embeddings = E5SmallEmbeddings()
    old = collection_name(embeddings, EMBEDDING_VIEW_VERSION - 1)
    client = chroma_client(tmp_path)
    client.create_collection(old)
    reader = VectorIndex(tmp_path, embeddings, writable=False)
    assert reader.collection is None  # a reader sees no vectors of this view (words only) …
    assert old in {c.name for c in client.list_collections()}  # … and changes nothing
    writer = VectorIndex(tmp_path, embeddings, writable=True)
    names = {c.name for c in client.list_collections()}
    assert writer.collection_name == collection_name(embeddings) in names
    assert old not in names
