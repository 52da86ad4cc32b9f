"""表格：浏览一份文件解析出的每张表（标题、单位、页码），可下载 CSV。"""

from __future__ import annotations

import streamlit as st

from pages.render import highlight, plain, table_frame
from pages.shared import doc_caption, document_tables, get_engine, store_dir

engine = get_engine()
st.title("📋 表格")
docs = engine.store.documents()
if not docs:
    st.info("库里还没有文件。请在左侧导入预算公开文件。")
    st.stop()

target = st.session_state.pop("table_target", None) or {}
ids = [d.doc_id for d in docs]
labels = {d.doc_id: f"{doc_caption(d)} · {d.file}" for d in docs}
if target.get("doc_id") in ids:
    st.session_state["tables_doc"] = target["doc_id"]
doc_id = st.selectbox("文件", ids, format_func=labels.__getitem__, key="tables_doc")
tables = document_tables(store_dir(), doc_id)
if not tables:
    st.info("这份文件没有解析出表格。")
    st.stop()

overview = [
    {
        "序号": t["table_idx"] + 1,
        "表格": t["display_title"],
        "单位": t["unit"] or "",
        "页码": t["page"],
        "行数": t["n_rows"],
    }
    for t in tables
]
with st.expander(f"本文件共 {len(tables)} 张表", expanded=False):
    st.dataframe(overview, hide_index=True)

by_idx = {t["table_idx"]: t for t in tables}
if target.get("doc_id") == doc_id and target.get("table_idx") in by_idx:
    st.session_state["tables_table"] = target["table_idx"]
if st.session_state.get("tables_table") not in by_idx:
    st.session_state["tables_table"] = tables[0]["table_idx"]
idx = st.selectbox(
    "表格",
    list(by_idx),
    format_func=lambda i: f"{i + 1}. {by_idx[i]['display_title']}",
    key="tables_table",
)
table = by_idx[idx]
facts = [
    f"单位：{table['unit'] or '见表内'}",
    f"第{table['page']}页" if table["page"] else "",
    f"{table['n_rows']} 行",
]
st.subheader(plain(table["display_title"]))
st.caption(plain(" · ".join(x for x in facts if x) + (f" · {table['heading']}" if table["heading"] else "")))
if table.get("note"):
    st.caption(plain(table["note"]))
df = table_frame(table)
row = target.get("row") if target.get("table_idx") == idx and target.get("doc_id") == doc_id else None
st.dataframe(highlight(df, row, []) if row else df, hide_index=True)
st.download_button(
    "⬇️ 下载 CSV",
    df.to_csv(index=False).encode("utf-8-sig"),  # BOM so spreadsheet programs read the Chinese right
    file_name=f"{table['display_title'][:60]}.csv",
    mime="text/csv",
    key="tables_csv",
)
