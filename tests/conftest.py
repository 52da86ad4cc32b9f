"""Shared fixtures: one fact store over the three real corpus documents, built once per session.

Retrieval is off in these fixtures (``Store(tmp, retrieval=False)``): figure answers come from
the fact store alone, and building embeddings would cost minutes. Tests whose point is
retrieval build their own store.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from index.store import Store
from qa.engine import Engine

CORPUS = Path(__file__).parent / "corpus"
SEED = CORPUS / "zhengzhou_bigdata_2021_budget.txt"
JIANGSU = CORPUS / "jiangsu_high_court_2017_budget.pdf"
PUTUO = CORPUS / "shanghai_putuo_finance_bureau_2025_budget.pdf"
CORPUS_FILES = (SEED, JIANGSU, PUTUO)


def facts_engine(folder: Path, files: Iterable[Path]) -> Engine:
    """An engine over a facts-only store in ``folder`` holding ``files``, every one ingested without error.

    The one way the answer tests build their stores, so a failed ingest names its file the same way everywhere.
    """
    store = Store(folder, retrieval=False)
    results = store.ingest(list(files))
    errors = [(r.file, r.message) for r in results if r.status == "error"]
    assert not errors, errors
    return Engine(store, auto_ingest=False)


@pytest.fixture(scope="session")
def figure_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A facts-only store holding the three corpus documents."""
    store = Store(tmp_path_factory.mktemp("figure_store"), retrieval=False)
    results = store.ingest(list(CORPUS_FILES))
    errors = [(r.file, r.message) for r in results if r.status == "error"]
    assert not errors, errors
    assert len(store.documents()) == 3
    return store


@pytest.fixture(scope="session")
def figure_engine(figure_store: Store) -> Engine:
    """An engine over ``figure_store`` (no default-corpus ingest: the store is not empty)."""
    return Engine(figure_store, auto_ingest=False)


# Several departments of one year and two years of one department (issue 11's many-document store),
# from the wild documents the eval already holds (eval/docs/wild), not copied again.
EVAL_WILD = Path(__file__).resolve().parent.parent / "eval" / "docs" / "wild"
PETITION_FILES = (
    EVAL_WILD / "central_national_public_complaints_admin_2024_final_accounts.pdf",
    EVAL_WILD / "central_national_public_complaints_admin_2026_budget.pdf",
    EVAL_WILD / "guangdong_guangzhou_petition_bureau_2026_budget.pdf",
    EVAL_WILD / "jilin_changchun_petition_bureau_2026_budget.pdf",
)


@pytest.fixture(scope="session")
def petition_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A facts-only store: three petition bureaus of 2026, one of them also with its 2024 决算."""
    store = Store(tmp_path_factory.mktemp("petition_store"), retrieval=False)
    results = store.ingest(list(PETITION_FILES))
    errors = [(r.file, r.message) for r in results if r.status == "error"]
    assert not errors, errors
    return store


@pytest.fixture(scope="session")
def petition_engine(petition_store: Store) -> Engine:
    return Engine(petition_store, auto_ingest=False)
