"""The Streamlit app, driven through streamlit.testing.v1.AppTest on the real corpus documents.

Each test opens the app on a store directory of its own ($BUDGETQA_HOME) with retrieval off,
so a fresh store first ingests the embedded default corpus, exactly as for a new user.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
CORPUS = Path(__file__).parent / "corpus"
PUTUO = CORPUS / "shanghai_putuo_finance_bureau_2025_budget.pdf"


@pytest.fixture(scope="module")
def seed_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One fresh store for the read-only tests (the default corpus only)."""
    home = tmp_path_factory.mktemp("app_home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BUDGETQA_HOME", str(home))
        mp.setenv("BUDGETQA_RETRIEVAL", "0")
        yield home


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BUDGETQA_HOME", str(tmp_path / "store"))
    monkeypatch.setenv("BUDGETQA_RETRIEVAL", "0")
    return tmp_path / "store"


def open_app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180).run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str):
    """Ask in the chat box; returns the block of the assistant's answer."""
    n = len(at.chat_message)
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.chat_message) == n + 2, "a question gets the user's message and one answer"
    return at.chat_message[-1]


def metrics(block) -> list[str]:
    return [m.value for m in block.metric]


def texts(block) -> str:
    return "\n".join(m.value for m in block.markdown)


def marked_cells(df) -> set[tuple[int, str]]:
    """(行号, column) of the strongly highlighted cells of a dataframe shown with a Styler."""
    frame = df.value
    styles = df.proto.arrow_data.styler.styles
    marked = set()
    for rule in styles.split("\n"):
        if "#ffa94d" not in rule:
            continue
        for sel in rule.split("{")[0].split(","):
            r, c = sel.strip().split("_row")[1].split("_col")
            marked.add((int(frame.iloc[int(r)]["行号"]), frame.columns[int(c)]))
    return marked


def chart_data(block) -> list:
    charts = block.get("vega_lite_chart")
    return [dataframe_util.convert_arrow_bytes_to_pandas_df(c.proto.datasets[0].data.data) for c in charts]


# -- tests -----------------------------------------------------------------------------------
def test_fresh_store_ingests_default_corpus_and_offers_examples(seed_home: Path) -> None:
    at = open_app()
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "郑州市大数据管理局" in sidebar
    assert any("文件库（1 份）" in s.value for s in at.sidebar.subheader)
    examples = [b for b in at.button if b.key and b.key.startswith("example_")]
    assert len(examples) >= 4
    project = next(b for b in examples if b.label.endswith("多少钱"))
    project.click().run()
    assert not at.exception
    answer = at.chat_message[-1]
    assert metrics(answer), "an example question is answered with a figure"
    assert not [b for b in at.button if b.key and b.key.startswith("example_")], (
        "examples give way to the chat"
    )


def test_figure_answer_with_sources_and_table(seed_home: Path) -> None:
    at = open_app()
    answer = ask(at, "政务数据治理项目多少钱")
    assert metrics(answer)[0] == "490.00万元"
    assert "即 4,900,000元" in [c.value for c in answer.caption]
    # sources: every source is an expander; the printed figure is marked in the quote
    labels = [e.label for e in answer.expander]
    assert len(labels) >= 3 and all(label.startswith("来源") for label in labels)
    quotes = [m.value for e in answer.expander for m in e.markdown if m.value.startswith("原文")]
    assert any("全市政务数据治理项目:orange-background[**490.00**]万元" in q for q in quotes)
    assert any(":orange-background[**4,900,000**]" in q for q in quotes), (
        "the procurement row prints it in 元"
    )
    details = "\n".join(m.value for m in answer.expander[0].markdown)
    assert "**表格**" in details and "**行**" in details and "**列**" in details
    # the table the answer comes from, with the answering cell highlighted
    df = answer.dataframe[0]
    frame = df.value
    (row, _column), *_ = marked_cells(df)
    assert frame.loc[frame["行号"] == row, "名称"].item() == "项目总金额"
    assert frame.loc[frame["行号"] == row, "值"].item().startswith("4900000.00")
    # open the whole table on the 表格 page
    next(b for b in answer.button if "表格" in b.label).click().run()
    assert not at.exception
    assert at.title[0].value == "📋 表格"
    assert "全市政务数据治理经费" in at.subheader[0].value
    frame = at.dataframe[-1].value
    assert "项目总金额" in set(frame["名称"])


def test_breakdown_chart_for_three_public_expenses(seed_home: Path) -> None:
    at = open_app()
    answer = ask(at, "郑州市大数据管理局三公经费是多少")
    assert metrics(answer)[0] == "1.50万元"
    (data,) = chart_data(answer)
    parts = dict(zip(data["项目"], data["金额"], strict=True))
    assert parts["3、公务用车费"] == "1.50万元（15,000元）"
    assert parts["2、公务接待费"].startswith("0.00万元")
    assert marked_cells(answer.dataframe[0]) == {(1, "“三公”经费预算数")}


def test_text_question_gets_a_passage_with_sources(seed_home: Path) -> None:
    at = open_app()
    answer = ask(at, "什么是机关运行经费")
    assert not metrics(answer)
    assert "机关运行经费" in texts(answer) and "是指" in texts(answer)
    quotes = [m.value for e in answer.expander for m in e.markdown if m.value.startswith("原文")]
    assert any("机关运行经费" in q for q in quotes)


def test_follow_ups_and_unit_preference(seed_home: Path) -> None:
    at = open_app()
    assert metrics(ask(at, "政务数据治理项目多少钱"))[0] == "490.00万元"
    switched = ask(at, "换成元")
    assert metrics(switched)[0] == "4,900,000元"
    assert "即 490.00万元" in [c.value for c in switched.caption]
    assert "樊帆" in texts(ask(at, "它的负责人是谁"))
    # the sidebar's unit preference applies to new questions
    at.sidebar.radio(key="unit").set_value("元").run()
    assert metrics(ask(at, "三公经费是多少"))[0] == "15,000元"
    assert len(at.chat_message) == 8, "the conversation is kept"
    at.sidebar.button(key="new_chat").click().run()
    assert len(at.chat_message) == 0


def test_not_found_is_said_plainly(seed_home: Path) -> None:
    at = open_app()
    answer = ask(at, "郑州市大数据管理局2019年会议费是多少")
    assert not metrics(answer)
    assert "没有" in answer.info[0].value and "2019" in answer.info[0].value


def test_upload_clarify_filter_and_pages(fresh_home: Path) -> None:
    at = open_app()
    uploader = at.sidebar.file_uploader[0]
    uploader.upload(PUTUO.name, PUTUO.read_bytes(), "application/pdf")
    uploader.upload("broken.pdf", b"this is not a pdf", "application/pdf")
    at.run()
    assert not at.exception
    assert any("上海市普陀区财政局" in s.value for s in at.sidebar.success)
    assert any("broken.pdf" in e.value for e in at.sidebar.error), "an unparsable file gets a clear error"
    assert any("文件库（2 份）" in s.value for s in at.sidebar.subheader)
    # the store keeps its own copy; the upload's name never became a path and nothing is left behind
    assert len(list((fresh_home / "documents").glob("*.pdf"))) == 1
    assert not [p for p in (fresh_home / "uploads").rglob("*") if p.is_file()]

    # a question two documents answer by computation: the app asks which one
    clarify = ask(at, "机关运行经费占比")
    options = [b for b in clarify.button if "上海市普陀区财政局" in b.label]
    assert len(options) == 1 and len(clarify.button) == 2
    options[0].click().run()
    assert not at.exception
    answer = at.chat_message[-1]
    assert metrics(answer)[0] == "7.35%"
    assert any("没有直接印出" in w.value for w in answer.warning), "a computed figure says so"
    # the new document is answerable at once
    assert metrics(ask(at, "普陀区财政局三公经费是多少"))[0] == "0.95万元"
    # the sidebar filter scopes questions to one department
    at.sidebar.selectbox(key="filter_department").set_value("郑州市大数据管理局").run()
    answer = ask(at, "三公经费是多少")
    assert metrics(answer) == ["1.50万元"]

    # 表格: every table of the uploaded document, with CSV download
    at.switch_page("pages/1_表格.py").run()
    assert not at.exception
    doc = at.selectbox(key="tables_doc")
    doc.select_index(next(i for i, o in enumerate(doc.options) if "普陀" in o)).run()
    table = at.selectbox(key="tables_table")
    assert len(table.options) == 9, "every parsed table of the document can be browsed"
    table.select_index(next(i for i, o in enumerate(table.options) if "三公" in o)).run()
    assert not at.exception
    frame = at.dataframe[-1].value
    assert "“三公”经费预算数/公务接待费" in frame.columns
    csv = at.get("download_button")[0]
    assert csv.proto.label.startswith("⬇️")

    # 核对: both known discrepancies, each with both locations
    at.switch_page("pages/2_核对.py").run()
    assert not at.exception
    found = {e.label: e for e in at.expander}
    seed = next(e for label, e in found.items() if "289.00万元" in label)
    assert len(seed.dataframe[0].value) >= 2
    putuo_finding = next(e for label, e in found.items() if "887.36万元" in label)
    values = set(putuo_finding.dataframe[0].value["数值"])
    assert any("887.36" in v for v in values) and any("873,617" in v for v in values)


def test_uploads_and_deletes_need_the_admin_key_when_one_is_configured(
    fresh_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUDGETQA_ADMIN_KEYS", "k-one,k-two")
    at = open_app()
    assert not at.sidebar.file_uploader, "no upload before the key is given"
    assert not [b for b in at.sidebar.button if "删除" in b.label]
    key = at.sidebar.text_input(key="admin_key")
    key.set_value("wrong").run()
    assert any("密钥不对" in e.value for e in at.sidebar.error)
    assert not at.sidebar.file_uploader
    at.sidebar.text_input(key="admin_key").set_value("k-two").run()
    assert not at.exception
    assert at.sidebar.file_uploader, "the uploader appears once the key is right"
    deletes = [b for b in at.sidebar.button if "删除" in b.label]
    assert len(deletes) == 1
    deletes[0].click().run()
    assert not at.exception
    assert any("文件库（0 份）" in s.value for s in at.sidebar.subheader)


def test_document_text_is_shown_as_plain_text(fresh_home: Path, tmp_path: Path) -> None:
    """Markdown and HTML printed in a document are shown as characters, never rendered."""
    from index.store import Store

    hostile = (CORPUS / "zhengzhou_bigdata_2021_budget.txt").read_text(encoding="utf-8")
    hostile = hostile.replace(
        "5、全市政务数据治理项目490.00万元。",
        "5、全市政务数据治理项目490.00万元，[点我](http://127.0.0.1:9/pixel.png)<img src=x onerror=alert(1)>"
        "<script>alert(2)</script>:red[红字]。",
    )
    path = tmp_path / "hostile.txt"
    path.write_text(hostile, encoding="utf-8")
    Store(fresh_home, retrieval=False).ingest([path])
    at = open_app()
    answer = ask(at, "全市政务数据治理项目多少钱")
    quotes = [m for e in answer.expander for m in e.markdown if m.value.startswith("原文")]
    hostile_quote = next(m.value for m in quotes if "pixel" in m.value)
    assert "\\[点我\\]\\(http\\:\u2060//127.0.0.1\\:9/pixel.png\\)" in hostile_quote
    assert "\\<script\\>" in hostile_quote and "\\<img" in hostile_quote
    assert not re.search(r"(?<!\\)<(img|script)", hostile_quote), "no tag left unescaped"


def test_years_of_one_department_in_a_chart(petition_store, monkeypatch: pytest.MonkeyPatch) -> None:
    """「X 2024年和2026年分别是多少」: both years as metrics and a small bar chart labelled by year."""
    monkeypatch.setenv("BUDGETQA_HOME", str(petition_store.path))
    monkeypatch.setenv("BUDGETQA_RETRIEVAL", "0")
    at = open_app()
    answer = ask(at, "国家信访局2024年决算和2026年预算的三公经费分别是多少")
    assert metrics(answer)[:2] == ["46.21万元", "112.61万元"]
    data = chart_data(answer)[0]
    assert list(data["项目"]) == ["2024年", "2026年"]
    assert list(data["金额"]) == ["46.21万元（462,100元）", "112.61万元（1,126,100元）"]
