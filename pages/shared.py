"""What every page of the app shares: the engine (opened once), the sidebar, and uploads.

The engine and its stores are heavy (SQLite, the fact index, the embedding model), so they
are created once per store directory with ``st.cache_resource`` and shared by all browser
sessions; only the conversation lives in ``st.session_state``.
"""

from __future__ import annotations

import shutil
import threading

import streamlit as st

from index.consistency import check_store
from index.store import IngestResult, describe, resolve_store_dir
from index.uploads import looks_like_document, max_upload_mb, safe_name, save_upload
from pages.render import plain
from qa.engine import Engine
from service.auth import LOCAL_HOSTS, is_admin_key
from service.settings import Settings

ALL = "全部"
# Streamlit's uploader prints its own English ("Drag and drop files here", "Browse files", "Limit …");
# the page is in Chinese, so those strings are replaced by ours (the limit is in our label).
UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span,
[data-testid="stFileUploaderDropzoneInstructions"] > div > small { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::before { content: "把文件拖到这里，或点「选择文件」"; }
[data-testid="stFileUploaderDropzone"] button { font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] button * { display: none !important; }
[data-testid="stFileUploaderDropzone"] button::after { content: "选择文件"; font-size: 14px !important; }
</style>"""


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
    st.html(UPLOADER_CSS)
    with st.sidebar:
        docs_box = st.container()
        st.divider()
        writer = may_write()
        if writer:
            _upload(engine)
    docs = engine.store.documents()
    with docs_box:
        st.subheader(f"📚 文件库（{len(docs)} 份）")
        for d in docs:
            pages = f"{d.pages} 页 · " if d.pages else ""
            st.markdown(
                f"**{plain(d.department or d.title)}**  \n"
                f"{d.year or '年份不详'}年{plain(d.kind)} · {pages}{d.n_tables} 张表"
            )
            st.caption(plain(d.file))
            if writer:
                _manage(engine, d)
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


def may_write() -> bool:
    """Upload, edit and delete: with admin keys configured, after the key is given in this session;
    without, only from the machine the app runs on (as the HTTP service)."""
    settings = Settings.from_env()
    if settings.admin_keys:
        if st.session_state.get("is_admin"):
            return True
        key = st.text_input("🔑 管理员密钥（上传、修改、删除文件需要）", type="password", key="admin_key")
        if key:
            if is_admin_key(key, settings):
                st.session_state["is_admin"] = True
                st.session_state.pop("admin_key", None)
                st.rerun()
            st.error("管理员密钥不对。", icon="🚫")
        return False
    ip = st.context.ip_address
    # Streamlit reports None for a local connection (and no address at all under AppTest)
    if not isinstance(ip, str) or ip in LOCAL_HOSTS:
        return True
    st.caption("上传、修改、删除文件只能在本机进行（未配置管理员密钥）。")
    return False


def _manage(engine: Engine, d) -> None:
    """Correct a document's metadata, or delete it (facts, chunks and the kept copy)."""
    with st.popover("管理", icon="⚙️"):
        with st.form(key=f"edit_{d.doc_id}", border=False):
            department = st.text_input("部门", value=d.department or "")
            year = st.number_input("年份", min_value=1949, max_value=2100, value=d.year or 2025, step=1)
            kind = st.text_input("类型", value=d.kind or "")
            if st.form_submit_button("保存修改"):
                try:
                    engine.store.update_metadata(d.doc_id, department=department, year=int(year), kind=kind)
                except ValueError as exc:
                    st.error(plain(str(exc)), icon="🚫")
                else:
                    engine.refresh()
                    st.rerun()
        if st.button("🗑 删除这份文件", key=f"delete_{d.doc_id}", type="primary"):
            with _ingest_lock(store_dir()):
                engine.store.remove(d.doc_id)
                engine.refresh()
            st.rerun()


def _upload(engine: Engine) -> None:
    limit_mb = max_upload_mb()
    files = st.file_uploader(
        f"📤 导入预算公开文件（PDF、TXT、HTML、DOCX、XLSX 等，每个不超过 {limit_mb} MB）",
        accept_multiple_files=True,
        max_upload_size=limit_mb,
        key="uploader",
        help="按文件内容判断类型；导入后即可提问；无法解析的文件会给出原因，其余文件照常可用。",
    )
    done: dict[str, IngestResult] = st.session_state.setdefault("ingested_uploads", {})
    new = [f for f in files or [] if f.file_id not in done]
    if new:
        bar = st.progress(0.0, text="准备导入…")
        with _ingest_lock(store_dir()):
            for i, f in enumerate(new):
                name = safe_name(f.name)
                bar.progress(i / len(new), text=f"正在解析 {name}（{i + 1}/{len(new)}）…")
                head = f.read(2048)
                f.seek(0)
                if not looks_like_document(head):
                    done[f.file_id] = IngestResult(name, "error", message="不支持的文件类型（按内容判断）")
                    continue
                blocks = iter(lambda f=f: f.read(1 << 20), b"")
                path = save_upload(engine.store.uploads_dir, name, blocks, limit_mb * 1024 * 1024)
                try:
                    done[f.file_id] = engine.store.ingest([path])[0]
                finally:
                    shutil.rmtree(path.parent, ignore_errors=True)  # the store keeps its own copy
            engine.refresh()
        bar.progress(1.0, text="导入完成")
    for result in done.values():
        if result.status == "error":
            st.error(f"无法导入 {plain(result.file)}：{plain(result.message)}。其他文件不受影响。", icon="🚫")
        elif result.status == "unchanged":
            st.info(f"{plain(result.file)} 已在库中（内容未变）。", icon="ℹ️")
        else:
            st.success(plain(describe(result)), icon="✅")
