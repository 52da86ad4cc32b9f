"""budget-qa 网页界面：对预算公开文件提问，看到数字、出处、原表和核对结果。

Run: ``streamlit run app.py``. A thin UI over ``qa.engine.Engine``: every answer, figure and
source comes from the engine; this file only lays them out. The sidebar (documents, filters,
unit, upload) is built here so every page shares it; pages/ holds the 表格 and 核对 pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # our packages, from any working dir

import streamlit as st  # noqa: E402

from pages.render import (  # noqa: E402
    answer_columns,
    bar_chart,
    breakdown,
    compare_frame,
    find_table,
    highlight,
    mark_quote,
    plain,
    row_of,
    table_frame,
    window,
)
from pages.shared import document_tables, get_engine, sidebar, store_dir  # noqa: E402
from qa.answer import Answer, Figure, Source  # noqa: E402
from qa.engine import Engine  # noqa: E402

TABLE_PAGE = "pages/1_表格.py"
CHECK_PAGE = "pages/2_核对.py"
KIND_BADGE = {"figure": "🔢 数字", "passage": "📄 原文", "list": "📋 列表"}


# -- helpers -------------------------------------------------------------------------------
def _queue(question: str) -> None:
    """Ask ``question`` on the next run (example and clarify buttons)."""
    st.session_state["pending"] = question


def _doc_id(engine: Engine, source: Source) -> str | None:
    for d in engine.docs.values():
        if d.file == source.file and (not source.year or d.year == source.year):
            return d.doc_id
    return None


def _source_table(engine: Engine, source: Source) -> tuple[str, dict] | None:
    doc_id = _doc_id(engine, source)
    if doc_id is None or not source.table:
        return None
    table = find_table(document_tables(store_dir(), doc_id), source)
    return (doc_id, table) if table else None


def _split(display: str) -> tuple[str, str]:
    """'490.00万元（4,900,000元）' → ('490.00万元', '4,900,000元')."""
    head, _, rest = display.partition("（")
    return head, rest.rstrip("）")


def _figure_for(answer: Answer, index: int) -> Figure | None:
    """The figure a source supports: its own, else the nearest one cited before it."""
    best = None
    for f in answer.figures:
        if f.source == index:
            return f
        if 0 <= f.source < index and (best is None or f.source > best.source):
            best = f
    return best


def _headline_figures(answer: Answer) -> list[Figure]:
    """figures[0], plus figures of other departments (a per-document list), not rival values."""
    if not answer.figures:
        return []
    first = answer.figures[0]

    def whose(f: Figure) -> tuple[str, int | None]:
        s = answer.sources[f.source] if 0 <= f.source < len(answer.sources) else None
        return (s.department, s.year) if s else ("", None)

    # other departments, or other years of one department (「这几年分别是多少」); never rival values
    seen = {whose(first)}
    others = []
    for f in answer.figures[1:]:
        if 0 <= f.source < len(answer.sources) and whose(f) not in seen:
            seen.add(whose(f))
            others.append(f)
    return [first, *others]


def examples(engine: Engine) -> list[str]:
    """Starter questions built from what the store holds (no department is hard-coded)."""
    docs = engine.store.documents()
    if not docs:
        return []
    d = docs[-1]
    name = d.department or ""
    out = [f"{name}三公经费是多少"]
    forms = [t for t in document_tables(store_dir(), d.doc_id) if t["kind"] == "form" and t["subject"]]
    project = next((t["subject"] for t in forms if t["subject"] != name), None)
    if project:
        out.append(f"{project}多少钱")
    out += [f"{name}项目支出多少", "机关运行经费占比", "什么是机关运行经费", f"{name}的主要职责是什么"]
    return out


# -- one answer ----------------------------------------------------------------------------
def show_answer(engine: Engine, answer: Answer, key: str) -> None:
    if answer.kind == "not_found":
        st.info("**文件中没有找到。** " + plain(answer.text), icon="📭")
        return
    if answer.kind == "clarify":
        st.warning(plain(answer.text.split("\n")[0]), icon="❓")
        for i, option in enumerate(answer.options):
            st.button(
                plain(option), key=f"{key}_opt{i}", on_click=_queue, args=(f"{option} {answer.question}",)
            )
        return
    headline = _headline_figures(answer)
    if headline:
        cols = st.columns(min(len(headline), 3))
        for i, fig in enumerate(headline):
            primary, secondary = _split(fig.display)
            with cols[i % len(cols)]:
                st.metric(plain(fig.label), primary, border=True)
                if secondary:
                    st.caption(f"即 {secondary}")
    else:
        st.caption(KIND_BADGE.get(answer.kind, ""))
    lines = [line for line in answer.text.split("\n") if not line.startswith("⚠")]  # warnings shown below
    body = [line for line in lines if not line.startswith("来源：")]
    st.markdown("  \n".join(plain(line) for line in body))
    for line in lines:
        if line.startswith("来源："):
            st.caption(plain(line))  # the summary of where; each source is expandable below
    for w in answer.warnings:
        st.warning(plain(w), icon="⚠️")
    if answer.kind == "figure":
        _show_chart_and_table(engine, answer, headline, key)
    _show_sources(engine, answer, key)
    st.caption(f"用时 {answer.elapsed_ms:.0f} 毫秒")


def _show_chart_and_table(engine: Engine, answer: Answer, headline: list[Figure], key: str) -> None:
    money = [f for f in headline if f.unit == "元"]
    if len(money) >= 2:
        sources = [answer.sources[f.source] for f in money]
        by_year = len({s.department for s in sources}) == 1  # several years of one department
        labels = [
            f"{s.year}年" if by_year and s.year else (s.department or f.label)
            for s, f in zip(sources, money, strict=True)
        ]
        title = "各年份对比" if by_year else "各文件对比"
        st.altair_chart(bar_chart(compare_frame(labels, [f.value for f in money]), title))
    main = answer.sources[answer.figures[0].source] if answer.figures else None
    candidates = [main] if main is not None and main.table else []
    candidates += [s for s in answer.sources if s.table and s is not main]
    for source in candidates[:1]:
        found = _source_table(engine, source)
        if not found:
            continue
        doc_id, table = found
        row, column = row_of(source), source.column
        if len(money) < 2:
            chart = breakdown(table, row, column)
            if chart is not None:
                st.altair_chart(bar_chart(*chart))
        df = table_frame(table)
        marked = answer_columns(table, row, column)
        if len(df.columns) > 6:  # wide tables: bring the answering column next to the row names
            lead = [c for c in df.columns if c not in table["columns"]]
            df = df[
                lead
                + [c for c in marked if c in df.columns]
                + [c for c in df.columns if c not in lead + marked]
            ]
        st.markdown(f"**{plain(table['display_title'])}**（单位：{plain(table['unit'] or '见表内')}）")
        st.dataframe(highlight(window(df, row, 7), row, marked), hide_index=True)
        if st.button("📋 在「表格」页查看整张表", key=f"{key}_open_table"):
            st.session_state["table_target"] = {"doc_id": doc_id, "table_idx": table["table_idx"], "row": row}
            st.switch_page(TABLE_PAGE)


def _show_sources(engine: Engine, answer: Answer, key: str) -> None:
    for i, s in enumerate(answer.sources):
        where = " · ".join(
            x for x in (f"第{s.page}页" if s.page else "", s.table or (s.section or "").split(" / ")[-1]) if x
        )
        with st.expander(f"来源 {i + 1}：{plain(where or s.document)}"):
            lines = [f"**文件**：{plain(s.document)}（{plain(s.file or '')}）"]
            if s.page:
                lines.append(f"**页码**：第{s.page}页")
            if s.section:
                lines.append(f"**章节**：{plain(s.section)}")
            if s.table:
                lines.append(f"**表格**：{plain(s.table)}")
            if s.row:
                lines.append(f"**行**：{plain(s.row)}")
            if s.column:
                lines.append(f"**列**：{plain(s.column)}")
            st.markdown("  \n".join(lines))
            fig = _figure_for(answer, i)
            found = _source_table(engine, s) if s.table else None
            unit = found[1]["unit"] if found else ""
            marked = mark_quote(s.quote, fig.value if fig else None, fig.unit if fig else "", unit)
            st.markdown(f"原文：{marked}")  # plain text with the figure highlighted; never raw HTML


# -- the chat page -------------------------------------------------------------------------
def chat(engine: Engine, filters: dict, unit: str) -> None:
    st.title("📊 预算问答")
    messages: list[dict] = st.session_state.setdefault("messages", [])
    prompt = st.chat_input("问一个关于部门预算的问题，例如：三公经费是多少？")
    question = prompt or st.session_state.pop("pending", None)
    if not messages and not question:
        st.markdown(
            "对政府部门预算公开文件提问，答案里的每个数字都注明出处（文件、页码、表格、行、列和原文）。"
            "可在左侧导入自己的预算公开文件（PDF、网页、Word、Excel、文本）。试试这些问题："
        )
        cols = st.columns(2)
        for i, q in enumerate(examples(engine)):
            cols[i % 2].button(plain(q), key=f"example_{i}", on_click=_queue, args=(q,))
    for i, m in enumerate(messages):
        with st.chat_message(m["role"]):
            if m["role"] == "user":
                st.markdown(plain(m["text"]))
            else:
                show_answer(engine, m["answer"], key=f"m{i}")
    if question:
        history = [m["answer"] for m in messages if m["role"] == "assistant"]
        with st.chat_message("user"):
            st.markdown(plain(question))
        messages.append({"role": "user", "text": question})
        with st.chat_message("assistant"):
            with st.spinner("正在查找…"):
                answer = engine.ask(question, history=history, filters=filters, prefer_unit=unit)
            messages.append({"role": "assistant", "answer": answer})
            show_answer(engine, answer, key=f"m{len(messages) - 1}")


def main() -> None:
    st.set_page_config(page_title="预算问答 · budget-qa", page_icon="📊", layout="wide")
    engine = get_engine()
    filters, unit = sidebar(engine)
    pages = [
        st.Page(lambda: chat(engine, filters, unit), title="问答", icon="💬", url_path="chat", default=True),
        st.Page(TABLE_PAGE, title="表格", icon="📋", url_path="tables"),
        st.Page(CHECK_PAGE, title="核对", icon="🔍", url_path="check"),
    ]
    st.navigation(pages, position="top").run()


main()
