"""Narrative-only disclosures saved from a portal (福建 平潭, eval/docs/pingtan): no tables, every figure in a
sentence, the page's breadcrumb and share buttons around the title.

What these documents taught (batch 8): the title and body are read out of the page head, a township's
own report names the township, a final account's 本年收入/本年支出 sentences are its totals, a printed
change (持平 included) answers before a computed one, names listed before 分别 take their figures in order,
and stores of several such documents compare them by their sentences.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from index import vocabulary as V
from index.narrative import extract_figures
from index.numbers import to_yuan
from index.parse import parse_document
from index.store import Store
from index.web_page import split_page_head
from qa.engine import Engine
from qa.understand import parse_question

PINGTAN = Path(__file__).parent.parent / "eval" / "docs" / "pingtan"
FINANCE_2016 = PINGTAN / "pingtan_finance_bureau_2016_final_accounts.txt"
GOVERNMENT_2018 = PINGTAN / "pingtan_government_2018_budget_report.txt"
POLICE_2016 = PINGTAN / "pingtan_public_security_bureau_2016_final_accounts.txt"
POLICE_2017 = PINGTAN / "pingtan_public_security_bureau_2017_final_accounts.txt"
PUBLICITY_2019 = PINGTAN / "pingtan_publicity_department_2019_budget.txt"
ZHONGLOU_2019 = PINGTAN / "pingtan_zhonglou_township_2019_budget_report.txt"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _printed_wan(path: Path, pattern: str) -> Decimal:
    """A 万元 figure as the document prints it (the expected value comes from the file, not from the test)."""
    m = re.search(pattern + r"\s*(?P<num>[\d,]+(?:\.\d+)?)\s*万元", _text(path))
    assert m, pattern
    return to_yuan(Decimal(m["num"].replace(",", "")), "万元")


# --------------------------------------------------------------------------- who and what


@pytest.mark.parametrize("path", [FINANCE_2016, GOVERNMENT_2018, POLICE_2016, POLICE_2017, ZHONGLOU_2019])
def test_the_title_is_read_out_of_the_page_head(path: Path) -> None:
    head = _text(path).split("\n")[0]
    assert head.startswith(V.BREADCRUMB_LABELS[0])
    title, body = split_page_head(head)
    assert not any(w in title for w in (*V.BREADCRUMB_LABELS, *V.PAGE_SHARE_WORDS, "时间："))
    assert ("说明" in title or "报告" in title) and re.search(r"(?:19|20)\d{2}", title)
    assert not body.startswith(V.PAGE_SHARE_WORDS)  # the share buttons are furniture too
    doc = parse_document(path)
    assert doc.title and "当前位置" not in doc.title
    assert doc.meta_source != "file name", (path.name, doc.department)
    assert doc.department and doc.department in re.sub(r"\s+", "", _text(path))


def test_a_line_without_a_page_head_is_left_alone() -> None:
    line = _text(PUBLICITY_2019).split("\n")[0]  # this page was saved from its 目录 on
    assert split_page_head(line) == [line]


def test_a_department_page_without_a_title_is_named_by_the_body_whose_duties_it_states() -> None:
    doc = parse_document(PUBLICITY_2019)
    m = re.search(r"主要职责\s*(\S+?)的主要职责", _text(PUBLICITY_2019))
    assert m and doc.department == m[1]
    assert doc.meta_source == "document" and doc.year == 2019 and doc.kind == V.KIND_DEPARTMENT_BUDGET


def test_a_township_report_names_the_township_and_both_years() -> None:
    doc = parse_document(ZHONGLOU_2019)
    assert doc.kind == V.KIND_GOVERNMENT_BUDGET
    assert doc.years == [2018, 2019]
    assert doc.department == doc.region and doc.region.endswith("乡") and doc.region in doc.title
    assert doc.level == V.LEVEL_TOWNSHIP


def test_a_two_year_report_puts_each_years_figures_under_its_own_part() -> None:
    doc = parse_document(GOVERNMENT_2018)
    parts = {p.heading_path[0] for p in doc.paragraphs if p.heading_path}
    assert any("2017年预算执行情况" in p for p in parts) and any("2018年预算草案" in p for p in parts)
    for p in doc.paragraphs:
        if p.heading_path and p.text.startswith("2017年政府债务限额"):
            assert "2017" in p.heading_path[0]


def test_contents_entries_are_not_text() -> None:
    doc = parse_document(POLICE_2017)
    assert not any(re.search(r"\.{4}", p.text) for p in doc.paragraphs)
    # the first duty sentence, once run together with the contents, is a paragraph of its own
    assert any(
        p.text.startswith("平潭综合实验区公安局属行政机关") or "属行政机关" in p.text[:40]
        for p in doc.paragraphs
    )


# --------------------------------------------------------------------------- sentences


def test_a_final_accounts_totals_sentence_names_its_totals() -> None:
    sentence = next(
        ln for ln in _text(POLICE_2017).split("。") if "年初结转和结余" in ln and "本年支出" in ln
    )
    subjects = {f.subject: f.value for f in extract_figures(sentence + "。")}
    assert {"年初结转和结余", "本年收入", "本年支出", "年末结转和结余"} <= set(subjects)


def test_names_listed_before_fenbie_take_their_figures_in_order() -> None:
    sentence = next(s for s in _text(GOVERNMENT_2018).split("。") if "分别增长" in s) + "。"
    figs = extract_figures(sentence)
    names = re.search(r"年(\S+?)同比分别", sentence)[1].split("、")
    assert [f.subject for f in figs] == names
    assert all(f.measure == "percent_change" for f in figs)


def test_a_milestone_is_no_figure() -> None:
    sentence = next(s for s in _text(GOVERNMENT_2018).split("。") if "大关" in s) + "。"
    figs = extract_figures(sentence)
    assert figs and all("大关" not in f.raw for f in figs)
    assert all(f.subject and f.subject != "预计" for f in figs)


def test_a_place_beginning_with_zhong_keeps_it() -> None:
    q = parse_question("中楼乡2019年三公经费安排了多少？")
    assert q.subject.startswith("中楼乡")


def test_an_amount_asked_before_its_change_is_the_amount() -> None:
    assert parse_question("中楼乡2018年一般公共服务支出多少，增减情况？").measure == "amount"
    assert parse_question("公务接待费是多少？比上年变化多少？").measure == "amount"
    assert parse_question("比上年增加多少，为什么").measure == "change"


# --------------------------------------------------------------------------- answers


def _engine_of(tmp_path_factory: pytest.TempPathFactory, folder: Path) -> Engine:
    """An engine over a store of every page of one batch (facts only), every page ingested without error."""
    store = Store(tmp_path_factory.mktemp(folder.name), retrieval=False)
    results = store.ingest(sorted(folder.glob("*.txt")))
    assert all(r.status != "error" for r in results), [r.message for r in results]
    return Engine(store, auto_ingest=False)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _engine_of(tmp_path_factory, PINGTAN)


def test_the_years_spending_is_the_total_not_a_part(engine: Engine) -> None:
    for question, path in (
        ("平潭公安局2017年一共花了多少钱", POLICE_2017),
        ("平潭公安局2016年总共支出多少？", POLICE_2016),
        ("平潭财政金融局2016年一共花了多少钱？", FINANCE_2016),
    ):
        ans = engine.ask(question)
        assert ans.kind == "figure", (question, ans.text)
        assert Decimal(ans.figures[0].value) == _printed_wan(path, r"本年支出"), (question, ans.text)


def test_the_years_income_is_the_total_not_a_zero_part(engine: Engine) -> None:
    ans = engine.ask("2017年度平潭综合实验区公安局本年收入决算数是多少？")
    assert Decimal(ans.figures[0].value) == _printed_wan(POLICE_2017, r"本年收入"), ans.text


def test_a_printed_flat_change_is_a_zero_change_that_says_so(engine: Engine) -> None:
    ans = engine.ask("中楼乡2019年一般公共服务支出比上年增加多少？")
    assert ans.kind == "figure" and Decimal(ans.figures[0].value) == 0, ans.text
    assert "持平" in ans.text and "2018" in ans.figures[0].label
    assert "持平" in ans.sources[ans.figures[0].source].quote  # the computation cites the printed words
    assert ans.warnings


def test_the_amount_of_an_amount_and_change_question(engine: Engine) -> None:
    ans = engine.ask("中楼乡2018年一般公共服务支出多少，增减情况？")
    assert Decimal(ans.figures[0].value) == _printed_wan(ZHONGLOU_2019, r"执行情况如下：\s*一般公共服务支出")


def test_a_printed_change_answers_before_a_computed_one(engine: Engine) -> None:
    ans = engine.ask("2017年公安局本年收入比2016年下降了百分之多少？")
    rate = re.search(r"2017年收入[^。]*?下降\s*(\d+\.\d+)\s*[%％]", _text(POLICE_2017))[1]
    assert Decimal(ans.figures[0].value) == Decimal(rate), ans.text
    assert not any("计算" in w for w in ans.warnings)


def test_two_documents_of_one_department_are_compared_by_their_sentences(engine: Engine) -> None:
    ans = engine.ask("公安局三公经费2017年比2016年少了多少钱？")
    now = _printed_wan(POLICE_2017, r"“三公”经费一般公共预算拨款")
    then = _printed_wan(POLICE_2016, r"“三公”经费公共财政拨款支出")
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == then - now, ans.text


def test_two_departments_are_compared_by_their_sentences(engine: Engine) -> None:
    ans = engine.ask("2016年公安局和财政金融局谁的三公经费多？多多少？")
    police = _printed_wan(POLICE_2016, r"“三公”经费公共财政拨款支出")
    finance = _printed_wan(FINANCE_2016, r"“三公”经费公共财政拨款支出")
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == abs(police - finance), ans.text


def test_a_township_is_found_by_its_name_in_a_store(engine: Engine) -> None:
    ans = engine.ask("中楼乡2019年三公经费安排了多少？")
    assert ans.kind == "figure", ans.text
    assert {s.file for s in ans.sources} == {ZHONGLOU_2019.name}


def test_a_zone_is_said_by_its_place_word(engine: Engine) -> None:
    ans = engine.ask("平潭公安局2017年三公经费是多少？")
    assert ans.kind == "figure" and {s.file for s in ans.sources} == {POLICE_2017.name}, ans.text


def test_a_code_printed_in_a_sentence_finds_its_figure(engine: Engine) -> None:
    # 「（八）2150805支持中小企业发展和管理支出—中小企业发展专项2,000万元」: no table holds the code
    m = re.search(r"(\d{7})[^，。；\d]*?中小企业发展专项\s*([\d,]+(?:\.\d+)?)\s*万元", _text(FINANCE_2016))
    assert m
    ans = engine.ask(f"{m[1]}中小企业发展专项2016年支出多少？")
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == to_yuan(Decimal(m[2].replace(",", "")), "万元")
    assert m[1] in ans.sources[ans.figures[0].source].quote


def test_a_figure_printed_twice_in_a_sentence_is_read_where_its_subject_names_it(engine: Engine) -> None:
    # 「2018年，政府性基金预计结余66.15万元，相应安排2019年我乡政府性基金支出66.15万元」: the 2019 spending
    ans = engine.ask("中楼乡2019年政府性基金支出安排多少？")
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == _printed_wan(ZHONGLOU_2019, r"安排2019年我乡政府性基金支出")
    assert "2019" in ans.sources[ans.figures[0].source].quote


# --------------------------------------------------------------------------- batch 9: 平潭 2016–2017 (eval/docs/pingtan9)

PINGTAN9 = Path(__file__).parent.parent / "eval" / "docs" / "pingtan9"
EDUCATION_2017 = PINGTAN9 / "pingtan_education_bureau_2017_final_accounts.txt"
HEALTH_2017 = PINGTAN9 / "pingtan_health_bureau_2017_final_accounts.txt"
COUNTY_FINAL_2016 = PINGTAN9 / "pingtan_government_2016_final_accounts_report.txt"
COUNTY_BUDGET_2017 = PINGTAN9 / "pingtan_government_2017_budget_report.txt"


@pytest.fixture(scope="module")
def engine9(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _engine_of(tmp_path_factory, PINGTAN9)


def _ask_of(engine: Engine, question: str, path: Path):
    return engine.ask(question, filters={"file": path.name})


def test_a_fund_named_with_yusuan_is_no_stage_and_its_amount_is_no_change(engine9: Engine) -> None:
    # 「2017年一般公共预算拨款支出87,158.93万元，比上年决算数增加6,716.52万元」: the amount, not the change
    # printed after 「决算数」
    for path, dept in ((EDUCATION_2017, "教育局"), (HEALTH_2017, "卫计局")):
        ans = _ask_of(engine9, f"{dept}2017年一般公共预算拨款支出是多少？", path)
        assert ans.kind == "figure", ans.text
        assert Decimal(ans.figures[0].value) == _printed_wan(path, r"\d{4}年一般公共预算拨款支出"), ans.text


def test_a_final_account_report_that_tells_the_running_half_year_covers_both_years() -> None:
    doc = parse_document(COUNTY_FINAL_2016)
    m = re.search(r"关于(\d{4})年[^。]*?决算和(\d{4})年上半年预算执行情况的报告", _text(COUNTY_FINAL_2016))
    assert m and doc.kind == V.KIND_GOVERNMENT_FINAL
    assert doc.year == int(m[1]) and doc.years == [int(m[1]), int(m[2])]


def test_the_running_years_figure_is_asked_of_it_and_the_whole_year_of_the_budget(engine9: Engine) -> None:
    balance = re.search(r"(\d{4})年6月底[^。]*?债务余额为?\s*([\d,]+)\s*万元", _text(COUNTY_FINAL_2016))
    assert balance
    ans = _ask_of(engine9, f"截至{balance[1]}年6月底平潭政府债务余额是多少？", COUNTY_FINAL_2016)
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == to_yuan(Decimal(balance[2].replace(",", "")), "万元")
    # over the store, the year's own budget answers the year, not the other report's first half
    ans = engine9.ask(f"平潭{balance[1]}年一般公共预算总收入预算安排多少")
    assert {s.file for s in ans.sources} == {COUNTY_BUDGET_2017.name}, ans.text
    assert Decimal(ans.figures[0].value) == _printed_wan(
        COUNTY_BUDGET_2017, rf"{balance[1]}年，全区（县）一般公共预算总收入"
    )


def test_numbered_headings_run_into_a_sentence_are_headings() -> None:
    doc = parse_document(COUNTY_FINAL_2016)
    para = next(p for p in doc.paragraphs if "支出合计" in p.text)
    assert para.heading_path[-1].endswith("支出决算") and para.heading_path[-1] not in para.text
    assert not para.text.startswith(("（", "1."))


def test_a_budgets_spending_and_its_printed_total_under_a_run_in_heading(engine9: Engine) -> None:
    text = _text(COUNTY_FINAL_2016)
    region = re.search(r"（一）(\S+?)财政决算情况", text)[1]
    ans = _ask_of(engine9, f"2016年{region}一般公共预算支出决算是多少？", COUNTY_FINAL_2016)
    assert Decimal(ans.figures[0].value) == _printed_wan(
        COUNTY_FINAL_2016, rf"{re.escape(region)}支出合计[\d,]+万元，包括：\s*一般公共预算支出"
    ), ans.text
    ans = _ask_of(engine9, f"2016年{region}一般公共预算收入合计决算数是多少", COUNTY_FINAL_2016)
    assert Decimal(ans.figures[0].value) == _printed_wan(COUNTY_FINAL_2016, rf"{re.escape(region)}收入合计")


def _staff_rows(path: Path) -> list[tuple[str, int, int]]:
    """(unit, 人员编制数, 在职人数) of the 单位构成 table as the page prints it flattened."""
    body = _text(path).split("在职人数", 1)[1]
    return [(m[1], int(m[2]), int(m[3])) for m in re.finditer(r"(\S+)\s+财政\S{2}\s+(\d+)\s+(\d+)", body)]


@pytest.mark.parametrize("path", [HEALTH_2017, EDUCATION_2017, FINANCE_2016])
def test_a_table_flattened_into_a_sentence_line_is_read_back_into_rows(path: Path) -> None:
    doc = parse_document(path)
    printed = _staff_rows(path)
    assert len(printed) >= 5
    table = next(t for t in doc.tables if any(r.label == printed[0][0] for r in t.rows))
    rows = {r.label: {c.column: c.value for c in r.cells} for r in table.rows}
    for unit, posts, staff in printed:
        assert rows[unit] == {"人员编制数": posts, "在职人数": staff}, unit
    # the sentence that introduces the table stays a sentence, with its own counts
    assert any("下属单位" in p.text and p.text.rstrip().endswith(("表:", "表：")) for p in doc.paragraphs)


def test_a_units_staff_is_read_from_its_row_not_its_posts(engine9: Engine) -> None:
    unit, posts, staff = max(_staff_rows(HEALTH_2017), key=lambda r: r[2])
    assert posts != staff
    ans = _ask_of(engine9, f"{unit}在职人数多少？", HEALTH_2017)
    assert ans.kind == "figure" and Decimal(ans.figures[0].value) == staff, ans.text


def test_the_first_half_of_a_year_is_a_date_not_part_of_a_name(engine9: Engine) -> None:
    # 「2017年上半年全区一般公共预算支出多少」: the running year's figure, printed under 「二、2017年上半年…」
    text = _text(COUNTY_FINAL_2016)
    half = text[text.index("上半年预算执行情况 ") :]  # the part after the 2016 final accounts
    m = re.search(r"(全区（县）)一般公共预算支出\s*([\d,]+)\s*万元", half)
    year = re.search(r"(\d{4})年上半年预算执行情况", text)[1]
    assert parse_question(f"{year}年上半年全区一般公共预算支出多少？").subject == "全区一般公共预算支出"
    ans = _ask_of(engine9, f"{year}年上半年全区一般公共预算支出多少？", COUNTY_FINAL_2016)
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == to_yuan(Decimal(m[2].replace(",", "")), "万元"), ans.text


# --------------------------------------------------------------------------- short names (batch 10)

PINGTAN10 = Path(__file__).parent.parent / "eval" / "docs" / "pingtan10"
MARKET_2017 = PINGTAN10 / "pingtan_market_supervision_bureau_2017_final_accounts.txt"
RURAL_2018 = PINGTAN10 / "pingtan_rural_development_bureau_2018_budget.txt"


def test_the_usual_short_forms_of_two_word_names_find_their_department(engine10: Engine) -> None:
    """市场监督管理局 is asked as 市场监管局, 农村发展局 as 农发局 (first characters of its two words)."""
    for question, path, printed in (
        ("市场监管局2017年公务接待费是多少", MARKET_2017, r"（三）公务接待费"),
        ("农发局2018年三公经费", RURAL_2018, r"三公经费”控制数"),
    ):
        answer = engine10.ask(question)
        assert answer.kind == "figure", (question, answer.text)
        assert answer.figures[0].value == _printed_wan(path, printed), question
        assert answer.sources[answer.figures[0].source].file == path.name, question


# --------------------------------------------------------------------------- batch 10: a store of bodies compared

BAIQING_2017 = PINGTAN10 / "pingtan_baiqing_township_2017_final_accounts.txt"
DONGXIANG_2017 = PINGTAN10 / "pingtan_dongxiang_township_2017_final_accounts.txt"


@pytest.fixture(scope="module")
def engine10(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _engine_of(tmp_path_factory, PINGTAN10)


def _printed_count(path: Path, pattern: str) -> int:
    m = re.search(pattern + r"\s*(\d+)\s*辆", _text(path))
    assert m, pattern
    return int(m.group(1))


def test_a_township_government_is_asked_by_the_townships_name(engine10: Engine) -> None:
    # 「平潭综合实验区白青乡人民政府」 is 白青乡 to whoever asks of a store of several bodies
    ans = engine10.ask("白青乡2017年机关运行经费多少？")
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == _printed_wan(BAIQING_2017, r"机关运行经费支出"), ans.text
    assert ans.sources[ans.figures[0].source].file == BAIQING_2017.name


def test_who_of_two_named_bodies_has_more_is_their_figures_ranked(engine10: Engine) -> None:
    ans = engine10.ask("东庠乡和白青乡2017年谁的三公经费多？")
    printed = {p: _printed_wan(p, r"“三公”经费一般公共预算拨款") for p in (BAIQING_2017, DONGXIANG_2017)}
    larger = max(printed, key=printed.get)
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed[larger], ans.text
    assert ans.sources[ans.figures[0].source].file == larger.name


def test_two_named_bodies_apart_and_one_more_than_the_other(engine10: Engine) -> None:
    spent = {p: _printed_wan(p, r"本年支出") for p in (BAIQING_2017, DONGXIANG_2017)}
    ans = engine10.ask("2017年白青乡比东庠乡多支出了多少？")
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == spent[BAIQING_2017] - spent[DONGXIANG_2017], ans.text
    bought = {p: _printed_wan(p, r"政府采购支出总额") for p in (BAIQING_2017, DONGXIANG_2017)}
    ans = engine10.ask("东庠乡和白青乡2017年政府采购支出相差多少？")
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == abs(bought[BAIQING_2017] - bought[DONGXIANG_2017]), ans.text


def test_bodies_counted_by_their_ending_are_the_stores_bodies_of_that_ending(engine10: Engine) -> None:
    # the store holds two townships (and two bureaus): 「两个乡」 are the two, summed
    cars = sum(_printed_count(p, r"公务用车保有量") for p in (BAIQING_2017, DONGXIANG_2017))
    ans = engine10.ask("两个乡一共有多少辆公务车？")
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == cars, ans.text
    # three townships are not what the store holds: never a guessed three
    assert engine10.ask("三个乡一共有多少辆公务车？").figures[:1] != ans.figures[:1]


def test_a_body_named_with_shichang_is_of_the_zone_not_a_city(engine10: Engine) -> None:
    # 「平潭综合实验区市场监督管理局」: 市场 begins the body's name; its place is the zone
    market = next(d for d in engine10.docs.values() if d.file == MARKET_2017.name)
    assert market.region == "平潭综合实验区", market.region
    assert "场监督管理局" not in engine10.aliases


def test_a_stock_at_a_years_end_of_a_body_with_only_next_years_budget(engine10: Engine) -> None:
    # the bureau of 2018 prints 「截止2017年底…共有车辆16辆」: it answers for the end of 2017
    cars = _printed_count(MARKET_2017, r"共有车辆") + _printed_count(RURAL_2018, r"共有车辆")
    ans = engine10.ask("市场监督管理局和农村发展局截至2017年底一共有多少辆车？")
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == cars, ans.text
    assert {s.file for s in ans.sources} == {MARKET_2017.name, RURAL_2018.name}


def test_the_highest_of_three_named_bodies(engine10: Engine) -> None:
    paths = (MARKET_2017, BAIQING_2017, DONGXIANG_2017)
    printed = {p: _printed_wan(p, r"“三公”经费一般公共预算拨款") for p in paths}
    top = max(printed, key=printed.get)
    ans = engine10.ask("2017年市场监督管理局、东庠乡、白青乡三家里三公经费最高的是哪家？")
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == printed[top], ans.text
    assert ans.sources[ans.figures[0].source].file == top.name


# --------------------------------------------------------------------------- why, what for, and the year's whole


SOCIAL_2017 = PINGTAN9 / "pingtan_social_affairs_bureau_2017_final_accounts.txt"


def _reason_after(path: Path, item: str) -> str:
    """The explanation printed after an item's figure, as the page prints it (read from the file, not the test):
    the first sentence after the item's name that opens on a reason word or ends on what it caused."""
    text = _text(path)
    at = text.index(item)
    for sentence in re.split(r"(?<=[。])", text[at:])[:5]:
        m = re.search(
            r"(?:(?:下降|增加|增长)的)?(?:主要的?原因[是为：:]|由于)[^。]*。|[^。]*导致[^。]*。", sentence
        )
        if m:
            return m.group(0)
    raise AssertionError(item)


@pytest.mark.parametrize(
    ("question", "path", "item"),
    [
        ("白青乡2017年城乡社区规划与管理支出为什么下降了99.56%？", BAIQING_2017, "2120201城乡社区支出"),
        ("东庠乡2017年交通运输支出为什么增加了200万元？", DONGXIANG_2017, "交通运输支出（科目编码214）"),
    ],
)
def test_a_why_is_the_reason_printed_after_the_items_figure(
    engine10: Engine, question: str, path: Path, item: str
) -> None:
    # 「…下降99.56%。下降的主要原因是…」: every item's reason says 主要原因; the item's own is the one after it
    ans = _ask_of(engine10, question, path)
    assert ans.kind == "passage", ans.text
    assert _reason_after(path, item).strip("。") in ans.text, ans.text


@pytest.mark.parametrize(
    ("question", "item"),
    [
        (
            "2017年社会事业局体育竞赛支出为什么增加？",
            "2070305体育竞赛",
        ),  # past 「主要用于…。较2016年…增长52.55%。」
        ("社会事业局2017年图书馆经费为什么增加了？", "2070104图书馆"),  # 「…，导致经费支出增加」
        ("为什么社会事业局2017年城市低保支出减少了那么多？", "2081901城市最低生活保障支出"),  # 低保, 由于…
    ],
)
def test_the_reason_is_read_on_through_the_items_use_and_change(
    engine9: Engine, question: str, item: str
) -> None:
    ans = _ask_of(engine9, question, SOCIAL_2017)
    assert ans.kind == "passage", ans.text
    reason = _reason_after(SOCIAL_2017, item).strip("。")
    assert reason in ans.text or ans.text.split("\n")[0].strip("。") in reason, (reason, ans.text)


def test_a_why_follow_up_reads_on_past_the_items_use(engine9: Engine) -> None:
    first = _ask_of(engine9, "社会事业局2017年体育竞赛花了多少", SOCIAL_2017)
    assert first.kind == "figure", first.text
    why = engine9.ask("为什么比上年多", [first], filters={"file": SOCIAL_2017.name})
    assert _reason_after(SOCIAL_2017, "2070305体育竞赛").strip("。") in why.text, why.text


def test_what_the_money_was_for_is_its_printed_reason_when_no_use_is_printed(engine: Engine) -> None:
    first = _ask_of(engine, "财政金融局2016年中小企业发展专项支出了多少钱？", FINANCE_2016)
    assert first.kind == "figure", first.text
    use = engine.ask("这笔钱是干嘛的", [first], filters={"file": FINANCE_2016.name})
    assert _reason_after(FINANCE_2016, "中小企业发展专项").strip("。") in use.text, use.text


def test_where_a_project_is_built_is_the_sentence_saying_where_it_lies(engine: Engine) -> None:
    ans = _ask_of(engine, "平潭监管场所项目建在哪里？", POLICE_2016)
    place = re.search(r"项目用地位于([^。]+)。", _text(POLICE_2016))[1]
    assert ans.kind == "passage" and place in ans.text, ans.text


@pytest.mark.parametrize(
    ("question", "side"),
    [
        ("白青乡2017年总支出比2016年下降了百分之几？", "支出"),
        ("白青乡2017年支出比上一年降了多少百分比？", "支出"),
        ("白青乡2017年总收入比上年下降了百分之几？", "收入"),
    ],
)
def test_the_change_of_the_years_whole_spending(engine10: Engine, question: str, side: str) -> None:
    # 「（二）2017年支出1,652.79万元，比2016年决算数减少91.29万元，下降5.23％」: the printed rate of the whole
    rate = re.search(rf"2017年{side}[^。]*?下降\s*(\d+\.\d+)\s*[%％]", _text(BAIQING_2017))[1]
    ans = _ask_of(engine10, question, BAIQING_2017)
    assert ans.kind == "figure" and Decimal(ans.figures[0].value) == Decimal(rate), ans.text
    assert not any("计算" in w for w in ans.warnings), ans.text


def test_a_part_of_the_years_whole_spending(engine10: Engine) -> None:
    part = _printed_wan(BAIQING_2017, r"1\.基本支出")
    whole = _printed_wan(BAIQING_2017, r"本年支出")
    ans = _ask_of(engine10, "白青乡2017年基本支出占全年支出的比例？", BAIQING_2017)
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == (part / whole * 100).quantize(Decimal("0.01")), ans.text


# --------------------------------------------------------------------------- 三公 and 采购 of narrative budgets


def test_sangong_of_a_budget_printing_only_its_parts_is_their_sum(engine: Engine) -> None:
    parts = (
        _printed_wan(PUBLICITY_2019, r"因公出国（境）经费\s*2019年预算安排")
        + _printed_wan(PUBLICITY_2019, r"公务接待费\s*2019年预算安排")
        + _printed_wan(PUBLICITY_2019, r"公务用车购置及运行\s*2019年预算安排")
    )
    ans = _ask_of(engine, "宣传部2019年三公经费合计预算多少？", PUBLICITY_2019)
    assert ans.kind == "figure" and Decimal(ans.figures[0].value) == parts, ans.text
    assert ans.warnings  # computed, and said so


def test_a_party_committees_department_is_asked_without_the_committee(engine: Engine) -> None:
    # 平潭综合实验区党工委宣传部 is 宣传部 to whoever asks, as 西安市委宣传部 is
    ans = engine.ask("宣传部2019年政府购买服务采购预算多少？")
    assert ans.kind == "figure", ans.text
    assert {s.file for s in ans.sources} == {PUBLICITY_2019.name}
    assert Decimal(ans.figures[0].value) == _printed_wan(PUBLICITY_2019, r"政府购买服务项目采购预算额")


def test_the_item_before_a_bodys_scope_names_the_figure(engine10: Engine) -> None:
    # 「（一）公务接待费2018年预算安排局本级及所属单位27.40万元」: 公务接待费, for the bureau and its units
    ans = _ask_of(engine10, "农发局2018年公务接待费预算多少？", RURAL_2018)
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == _printed_wan(
        RURAL_2018, r"公务接待费2018年预算安排局本级及所属单位"
    )


def test_two_years_of_one_item_in_a_sentence(engine10: Engine) -> None:
    # 「2017年预算安排我局及所属单位车辆运行经费34.20万元，2018年预算安排…62.80万元」
    now = _printed_wan(RURAL_2018, r"2018年预算安排我局及所属单位车辆运行经费")
    then = _printed_wan(RURAL_2018, r"2017年预算安排我局及所属单位车辆运行经费")
    ans = _ask_of(engine10, "农村发展局2018年公车运行经费预算是多少？", RURAL_2018)
    assert ans.kind == "figure" and Decimal(ans.figures[0].value) == now, ans.text
    more = engine10.ask("比2017年多了多少？", [ans], filters={"file": RURAL_2018.name})
    assert more.kind == "figure" and Decimal(more.figures[0].value) == now - then, more.text


def test_items_named_with_a_code_after_a_comma_or_for_a_body(engine10: Engine) -> None:
    # 「…征地和拆迁补偿支出28.50万元,2120803城市建设支出51.81万元」: the code follows a clause's comma
    ans = _ask_of(engine10, "白青乡2017年城市建设支出（2120803）是多少？", BAIQING_2017)
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == _printed_wan(BAIQING_2017, r"2120803城市建设支出")
    # 「对村民委员会和村党支部的补助」 is an item for the village committees, not a body asked about
    ans = _ask_of(
        engine10, "白青乡对村民委员会和村党支部的补助（2130705）2017年比上年增加多少？", BAIQING_2017
    )
    change = re.search(r"对村民委员会和村党支部的补助[^。]*?增加([\d.]+)万元", _text(BAIQING_2017))[1]
    assert ans.kind == "figure", ans.text
    assert Decimal(ans.figures[0].value) == to_yuan(Decimal(change), "万元"), ans.text


def test_the_bodys_own_whole_is_named_without_the_body() -> None:
    # 「2019年，区党工委宣传部收入预算4353.57万元」: the body's 收入预算, named as every other budget's is
    from index.facts import make_facts

    doc = parse_document(PUBLICITY_2019)
    facts = [f for f in make_facts(doc) if f.origin == "text" and f.measure == "amount"]
    income = _printed_wan(PUBLICITY_2019, r"区党工委宣传部收入预算")
    assert any(f.subject == "收入预算" and f.value == income for f in facts)
    buying = _printed_wan(PUBLICITY_2019, r"部门政府采购预算总额")
    assert any(f.subject == "政府采购预算总额" and f.value == buying for f in facts)


def test_a_bare_follow_up_after_money_asks_for_money(engine: Engine) -> None:
    # 「公务接待费安排了多少」「比上年少了多少」「公车呢」: the 公务用车购置及运行 money, not the cars the page counts
    first = _ask_of(engine, "宣传部公务接待费安排了多少？", PUBLICITY_2019)
    less = engine.ask("比上年少了多少？", [first], filters={"file": PUBLICITY_2019.name})
    cars = engine.ask("公车呢？", [first, less], filters={"file": PUBLICITY_2019.name})
    assert cars.kind == "figure" and cars.figures[0].unit == "元", cars.text
    assert Decimal(cars.figures[0].value) == _printed_wan(
        PUBLICITY_2019, r"公务用车购置及运行\s*2019年预算安排"
    )
