"""Answer quality over a many-document store (issue 11), each test one cause fixed, on real
documents: three petition bureaus of 2026 and the 2024 决算 of one of them (``petition_engine``).

The expected figures were read off the documents by hand (page and line in each comment).
"""

from __future__ import annotations

from figure_helpers import chat, value

from qa.engine import Engine


def test_new_question_keeps_the_department_the_conversation_named(petition_engine: Engine) -> None:
    # 广州 p15 表8: “三公”经费 4.80 万元, 行政经费 444.39 万元 (p22 机关运行经费 444.39万元)
    first, second = chat(petition_engine, "广州市信访局三公经费多少", "机关运行经费安排了多少？")
    assert value(first) == 48000
    assert second.kind == "figure" and value(second) == 4443900, second.text
    assert "广州市信访局" in second.text  # the answer says which department it kept


def test_across_departments_is_not_narrowed_to_the_conversation(petition_engine: Engine) -> None:
    _, ranked = chat(petition_engine, "广州市信访局三公经费多少", "哪个部门的三公经费最多")
    assert len({petition_engine.docs[s.doc_id].department for s in ranked.sources if s.doc_id}) >= 3


def test_shared_short_form_means_the_conversation_department(petition_engine: Engine) -> None:
    # 信访局 names all three bureaus; after a question about 广州 it means 广州
    _, ans = chat(petition_engine, "广州市信访局三公经费多少", "信访局的机关运行经费多少")
    assert value(ans) == 4443900 and len(ans.figures) == 1, ans.text


def test_part_after_the_whole_budget(petition_engine: Engine) -> None:
    # 广州 p8 本年支出总体情况表 合计: 3,944.08 = 基本支出 3,204.78 + 项目支出; the (empty) 政府性
    # 基金 table's own 「其中：基本支出」 row is 0 and is not what 「那基本支出呢」 asks
    total, part = chat(petition_engine, "广州市信访局2026年一共要花多少钱？", "那基本支出呢")
    assert value(total) == 39440800
    assert value(part) == 32047800, part.text


def test_no_year_named_lists_each_year_newest_first(petition_engine: Engine) -> None:
    # 国家信访局 2026 预算 “三公”经费 112.61万元; 2024 决算 46.21万元
    ans = petition_engine.ask("国家信访局三公经费是多少")
    assert value(ans, 0) == 1126100 and value(ans, 1) == 462100, ans.text
    assert "2026年" in ans.text and "2024年" in ans.text


def test_years_named_are_listed_in_the_asked_order(petition_engine: Engine) -> None:
    ans = petition_engine.ask("国家信访局2024年决算和2026年预算的三公经费分别是多少")
    assert [value(ans, 0), value(ans, 1)] == [462100, 1126100], ans.text
    assert not any("计算" in w for w in ans.warnings)  # listed, not a computed change


def test_departments_named_are_listed_in_the_asked_order(petition_engine: Engine) -> None:
    # 长春 说明 2026年“三公经费”预算数为7.61万元; 广州 4.80万元
    ans = petition_engine.ask("长春市信访局和广州市信访局的三公经费分别是多少")
    assert [value(ans, 0), value(ans, 1)] == [76100, 48000], ans.text


def test_people_counted_in_sentences_with_follow_ups(petition_engine: Engine) -> None:
    # 长春 p12: 实有人员72人，其中：在职人员46人，离退休人员26人
    people, working, retired = chat(petition_engine, "长春市信访局有多少人？", "在职的呢", "离退休的有几个")
    assert (value(people), value(working), value(retired)) == (72, 46, 26)


def test_internal_bodies_counted_from_the_printed_list(petition_engine: Engine) -> None:
    # 长春: 内设十个机构，分别是：办公室、来信受理处、…、综合处 (ten names)
    ans = petition_engine.ask("长春市信访局内设几个机构")
    assert value(ans) == 10 and "综合处" in ans.text


def test_explicit_money_after_a_share_is_money(petition_engine: Engine) -> None:
    share, money = chat(petition_engine, "广州市信访局基本支出占比多少", "金额是多少")
    assert share.figures and share.figures[0].unit == "%"
    assert money.figures[0].unit == "元" and value(money) == 32047800, money.text


def test_a_stage_word_names_no_whole_of_a_project_part(petition_engine: Engine) -> None:
    # 国家信访局 2024 决算 p21 「财政拨款支出年初预算为15068.55万元」; p45 a project's 「年初预算数为1018.00万元，
    # 其中当年财政拨款898.00万元」 is that project's part, not the department's 财政拨款支出
    ans = petition_engine.ask("国家信访局2024年财政拨款支出年初预算数是多少？")
    assert value(ans) == 150685500, ans.text
