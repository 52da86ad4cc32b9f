"""Lists a disclosure prints (qa/kinds/printed_list.py), on real documents of eval/docs/wild.

Each layout of a list: items in the sentence after its lead (「内设机构分别是A、B」), a breakdown of a
total (「其中，A 28.50万元，B …（其中，…）」), numbered lines after a lead ending in ：(an HTML page of a
PDF, where the short lines must stay items, not become headings), the table a lead points to
(「详细情况见下表」), and 「分别是哪些」 after a count.  Facts only (no embeddings), as in the CI wild gate:
the answer must not depend on retrieval.
"""

from __future__ import annotations

import pytest

from qa.engine import Engine
from tests.conftest import EVAL_WILD, JIANGSU, SEED, facts_engine

GUANGZHOU = "guangdong_guangzhou_petition_bureau_2026_budget.pdf"
CANGSHAN = "fujian_fuzhou_cangshan_ecology_environment_bureau_2026_unit_budget.pdf"
CHANGSHA = "hunan_changsha_public_security_bureau_2025_budget.pdf"
YANTAI = "shandong_yantai_veterans_affairs_bureau_2026_budget.html"
XIAN = "shaanxi_xian_party_publicity_dept_2021_budget.pdf"
PINGDINGSHAN = "henan_pingdingshan_2019_final_accounts_draft_explanation.pdf"

FILES = (GUANGZHOU, CANGSHAN, CHANGSHA, YANTAI, XIAN, PINGDINGSHAN)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return facts_engine(tmp_path_factory.mktemp("printed_list"), [EVAL_WILD / n for n in FILES])


def ask(engine: Engine, file: str, question: str, history=None):
    doc = next(d for d in engine.store.documents() if d.file == file)
    return engine.ask(question, history or [], filters={"doc_id": doc.doc_id})


def items(ans) -> list[str]:
    return [line[2:] for line in ans.text.splitlines() if line.startswith("· ")]


def test_items_in_the_sentence(engine: Engine) -> None:
    ans = ask(engine, GUANGZHOU, "广州市信访局下设哪些内设机构？")
    assert ans.kind == "list"
    assert items(ans) == [
        "办公室",
        "督查一处",
        "督查二处",
        "调研处",
        "来信办理处",
        "来访接待处",
        "政策法规与复查复核处",
        "人民建议征集处",
    ]
    # cited where printed: the sentence that enumerates them
    assert "内设机构分别是办公室" in ans.sources[0].quote and ans.sources[0].page == 4


def test_breakdown_items_not_the_total_nor_the_note(engine: Engine) -> None:
    ans = ask(engine, CHANGSHA, "三公经费包括哪些项目？")
    # 「…458.50万元，其中，公务接待费28.50万元，公务用车购置及运行费400.00万元（其中，公务用车购置费…）」
    assert items(ans) == ["公务接待费", "公务用车购置及运行费", "因公出国（境）费"]
    assert "28.50" in ans.sources[0].quote


def test_numbered_lines_after_a_lead_are_items(engine: Engine) -> None:
    doc = next(d for d in engine.store.documents() if d.file == YANTAI)
    texts = [p["text"] for p in engine.store.facts.paragraphs(doc.doc_id)]
    assert "8.胶东革命烈士陵园管理服务中心" in texts  # a paragraph, not a heading
    ans = ask(engine, YANTAI, "烟台市退役军人事务局部门预算包括哪些二级预算单位")
    got = items(ans)
    assert len(got) == 8 and got[0] == "烟台市退役军人事务局" and got[-1] == "胶东革命烈士陵园管理服务中心"
    # the lead and one source per item, each quoting its printed line
    assert len(ans.sources) == 9 and ans.sources[2].quote == "2.烟台市莱州荣军医院"


def test_the_table_a_lead_points_to(engine: Engine) -> None:
    ans = ask(engine, CANGSHAN, "仓山生态环境局下属有哪些单位？")
    assert items(ans) == [
        "福州市仓山生态环境局",
        "福州市仓山环境监测站",
        "福州市仓山生态环境保护综合执法大队",
    ]
    rows = [s for s in ans.sources if s.row]
    assert len(rows) == 3 and rows[1].quote.startswith("福州市仓山环境监测站")


def test_follow_up_after_a_count_lists_what_was_counted(engine: Engine) -> None:
    first = ask(engine, XIAN, "下面有几个二级预算单位")
    ans = ask(engine, XIAN, "分别是哪些", [first])
    assert items(ans) == ["中共西安市委宣传部本级（机关）", "中共西安市委讲师团"]


def test_two_lists_in_one_sentence(engine: Engine) -> None:
    # 「一般债务…债务期限包括3年期、…30年期，专项债务…债务期限包括…15年期」: the list of 一般债务
    ans = ask(engine, PINGDINGSHAN, "全市一般债务的期限有哪几种？")
    assert items(ans) == ["3年期", "5年期", "7年期", "10年期", "30年期"]


def test_no_list_is_made_up_for_an_unrelated_question(engine: Engine) -> None:
    # a question whose kind of item no lead names is left to the passage path
    ans = ask(engine, GUANGZHOU, "广州市信访局有哪些办公用品")
    assert not items(ans)


def test_rows_of_an_economic_class_a_table_prints_without_its_class_row(figure_engine: Engine) -> None:
    # 附件5-2 prints 30201 办公费 … but no 302 row: the class is known by its code
    ans = figure_engine.ask("5-2表 项目支出里有哪些商品和服务支出科目", filters={"file": SEED.name})
    assert ans.kind == "list"
    assert [line.split()[2].split("：")[0] for line in ans.text.splitlines() if line.startswith("· ")] == [
        "办公费",
        "差旅费",
        "培训费",
        "委托业务费",
    ]
    assert all(s.table and "5-2" in s.table for s in ans.sources)


def test_the_last_he_joins_the_last_two_items(figure_engine: Engine) -> None:
    # 「…因公出国（境）费、公务用车购置及运行费和公务接待费」: split at 和, never inside 购置及运行费
    ans = figure_engine.ask("江苏高院三公经费包括哪几项", filters={"file": JIANGSU.name})
    assert items(ans) == ["因公出国（境）费", "公务用车购置及运行费", "公务接待费"]
