"""核对：每份文件内部的不一致（合计与分项、收支平衡、说明与表格），每条给出两处位置。"""

from __future__ import annotations

from collections import defaultdict

import streamlit as st

from pages.render import plain
from pages.shared import findings, get_engine, store_dir

KINDS = {
    "code_sum": "科目汇总不符",
    "total_row": "合计行不符",
    "column_sum": "列合计不符",
    "balance": "收支不平衡",
    "text_vs_table": "说明与表格不一致",
    "text_vs_text": "说明前后不一致",
    "outlier": "异常数字",
    "layout_repair": "版面修复",
}

engine = get_engine()
st.title("🔍 核对")
st.caption(
    "检查每份文件内部的算术和前后表述：合计是否等于分项之和、收入合计是否等于支出合计、说明中的数字与表格是否一致。"
)
docs = engine.store.documents()
if not docs:
    st.info("库里还没有文件。请在左侧导入预算公开文件。")
    st.stop()

found = findings(store_dir(), tuple(d.doc_id for d in docs))
by_doc: dict[str, list[dict]] = defaultdict(list)
for f in found:
    by_doc[f["doc_id"]].append(f)

for d in docs:
    items = by_doc.get(d.doc_id, [])
    st.subheader(f"{plain(d.title or d.file)}（{len(items)} 条）")
    if not items:
        st.success("未发现不一致。", icon="✅")
        continue
    for i, f in enumerate(items):
        kind = KINDS.get(f["kind"], f["kind"])
        with st.expander(
            f"{kind}：{plain(f['message'][:90])}", expanded=f["kind"] in {"text_vs_table", "text_vs_text"}
        ):
            st.markdown(plain(f["message"]))
            st.dataframe(
                [
                    {
                        "位置": loc["where"],
                        "数值": loc["value"],
                        "页码": str(loc["page"]) if loc["page"] is not None else "—",
                        "原文": loc["quote"],
                    }
                    for loc in f["locations"]
                ],
                hide_index=True,
                key=f"check_{d.doc_id}_{i}",
            )
