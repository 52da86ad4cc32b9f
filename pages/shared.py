"""What every page of the app shares: the engine (opened once), the sidebar, and uploads.

The engine and its stores are heavy (SQLite, the fact index, the embedding model), so they
are created once per store directory with ``st.cache_resource`` and shared by all browser
sessions; only the conversation lives in ``st.session_state``.
"""

from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st

from index.consistency import check_store
from index.store import IngestResult, describe, resolve_store_dir
from qa.engine import Engine

ALL = "全部"
UPLOADS = "uploads"


def store_dir() -> str:
    """$BUDGETQA_HOME, else ./.budgetqa (as the CLI), absolute so the cache key is stable."""
    return str(resolve_store_dir().resolve())


@st.cache_resource(show_spinner="正在打开文件库（第一次启动会先导入内置的示例文件）…")
def _engine(path: str) -> Engine:
    # Figures are answerable at once; the text index loads (or is built) in the background.
    return Engine(path, auto_ingest=True, defer_index=True)


@st.cache_resource
def _ingest_lock(path: str) -> threading.Lock:
    """One ingest at a time per store: sessions share the engine."""
    return threading.Lock()


def get_engine() -> Engine:
    return _engine(store_dir())


@st.cache_data(max_entries=64, show_spinner=False)
def document_tables(path: str, doc_id: str) -> list[dict]:
    """The parsed tables of one document (doc_id changes when the file does)."""
    return get_engine().store.facts.tables(doc_id)


@st.cache_data(max_entries=8, show_spinner="正在核对…")
def findings(path: str, doc_ids: tuple[str, ...]) -> list[dict]:
    """Consistency findings, recomputed only when the set of documents changes."""
    return [f.to_dict() for f in check_store(get_engine().store)]


def doc_caption(d) -> str:
    parts = [d.department or d.title, f"{d.year}年" if d.year else "", d.kind]
    return " ".join(p for p in parts if p)


# -- sidebar -------------------------------------------------------------------------------
def sidebar(engine: Engine) -> tuple[dict, str]:
    """Documents, filters, unit, upload. Returns (filters for engine.ask, preferred unit)."""
    with st.sidebar:
        docs_box = st.container()
        st.divider()
        _upload(engine)
    docs = engine.store.documents()
    with docs_box:
        st.subheader(f"📚 文件库（{len(docs)} 份）")
        for d in docs:
            pages = f"{d.pages} 页 · " if d.pages else ""
            st.markdown(
                f"**{d.department or d.title}**  \n{d.year or '年份不详'}年{d.kind} · {pages}{d.n_tables} 张表"
            )
            st.caption(d.file)
        st.subheader("🔎 提问范围")
        departments = sorted({d.department for d in docs if d.department})
        years = sorted({d.year for d in docs if d.year}, reverse=True)
        dept = st.selectbox("部门", [ALL, *departments], key="filter_department")
        year = st.selectbox("年份", [ALL, *years], key="filter_year")
        unit = st.radio("金额单位", ["万元", "元"], horizontal=True, key="unit")
        if st.button("🗑 开始新对话", key="new_chat"):
            st.session_state["messages"] = []
    filters: dict = {}
    if dept != ALL:
        filters["department"] = dept
    if year != ALL:
        filters["year"] = int(year)
    return filters, unit


def _upload(engine: Engine) -> None:
    files = st.file_uploader(
        "📤 导入预算公开文件（PDF 或 TXT）",
        type=["pdf", "txt"],
        accept_multiple_files=True,
        key="uploader",
        help="导入后即可提问；无法解析的文件会给出原因，其余文件照常可用。",
    )
    done: dict[str, IngestResult] = st.session_state.setdefault("ingested_uploads", {})
    new = [f for f in files or [] if f.file_id not in done]
    if new:
        target = engine.store.path / UPLOADS
        target.mkdir(parents=True, exist_ok=True)
        bar = st.progress(0.0, text="准备导入…")
        with _ingest_lock(store_dir()):
            for i, f in enumerate(new):
                path = target / Path(f.name).name
                path.write_bytes(f.getvalue())
                bar.progress(i / len(new), text=f"正在解析 {f.name}（{i + 1}/{len(new)}）…")
                result = engine.store.ingest([path])[0]
                if result.status == "error":
                    path.unlink(missing_ok=True)  # keep uploads/ equal to what the store holds
                done[f.file_id] = result
            engine.refresh()
        bar.progress(1.0, text="导入完成")
    for result in done.values():
        if result.status == "error":
            st.error(f"无法导入 {result.file}：{result.message}。其他文件不受影响。", icon="🚫")
        elif result.status == "unchanged":
            st.info(f"{result.file} 已在库中（内容未变）。", icon="ℹ️")
        else:
            st.success(describe(result), icon="✅")
