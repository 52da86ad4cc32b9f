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


# --------------------------------------------------------------------------- batch 11: causes of its first contact

PINGTAN11 = Path(__file__).parent.parent / "eval" / "docs" / "pingtan11"
CPPCC_2019 = PINGTAN11 / "pingtan_cppcc_2019_budget.txt"
EDUCATION_2016 = PINGTAN11 / "pingtan_education_bureau_2016_final_accounts.txt"
PARTY_MASS_2018 = PINGTAN11 / "pingtan_party_mass_work_dept_2018_budget.txt"
SUAO_2017 = PINGTAN11 / "pingtan_suao_town_2017_final_accounts.txt"
TRANSPORT_2017 = PINGTAN11 / "pingtan_transport_construction_bureau_2017_final_accounts.txt"


@pytest.fixture(scope="module")
def engine11(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _engine_of(tmp_path_factory, PINGTAN11)


def _ask11(engine: Engine, question: str, path: Path):
    return engine.ask(question, filters={"file": path.name})


def test_a_flat_staff_table_is_read_back_with_its_counts_run_together() -> None:
    # 「单位名称经费性质人员编制数在职人数区老年大学财政核拨22区委党校财政核拨2217…」: no spaces between the cells
    for path in (EDUCATION_2016, PARTY_MASS_2018):
        text = _text(path)
        rows = re.findall(r"([^\d/、，。：:]{2,40}?)财政(?:核拨|拨补)(\d+|//)", text.split("在职人数", 1)[1])
        table = next(t for t in parse_document(path).tables if t.rows)
        labels = [r.label for r in table.rows]
        assert labels == [name for name, _ in rows], path.name
        for row, (_, run) in zip(table.rows, rows, strict=True):
            counts = {c.column: c.value for c in row.cells}
            if run == "//":
                assert not counts
                continue
            posts, staff = counts["人员编制数"], counts["在职人数"]
            assert f"{posts}{staff}" == run, row.label  # the run, split in two
            # the split that leaves two counts of a size: 「202243」 is 202 and 243, never 20 and 2243
            assert len(str(posts)) - len(str(staff)) in (-1, 0, 1), row.label


def test_a_one_row_staff_table_and_the_department_asked_for_its_row(engine11: Engine) -> None:
    # 「单位名称 经费性质 人员编制数 在职人数 平潭县政协 行政 13 18」: one row is a table too
    m = re.search(r"人员编制数\s+在职人数\s+(\S+)\s+\S+\s+(\d+)\s+(\d+)", _text(CPPCC_2019))
    assert m
    ans = _ask11(engine11, f"{m[1]}在职人数有多少？", CPPCC_2019)
    assert ans.kind == "figure" and ans.figures[0].value == Decimal(m[3]), ans.text
    ans = _ask11(engine11, f"{m[1]}的人员编制数是多少", CPPCC_2019)
    assert ans.kind == "figure" and ans.figures[0].value == Decimal(m[2]), ans.text
    # a township's own row, asked as 机关本身
    m = re.search(r"在职人数\s+(\S+人民政府)\s+\S+\s+(\d+)\s+(\d+)", _text(SUAO_2017))
    assert m
    ans = _ask11(engine11, f"{m[1]}（机关本身）在职人数多少人？", SUAO_2017)
    assert ans.kind == "figure" and ans.figures[0].value == Decimal(m[3]), ans.text


def test_a_body_of_two_characters_is_named_by_them(engine11: Engine) -> None:
    cppcc = next(d for d in engine11.docs.values() if d.file == CPPCC_2019.name)
    assert cppcc.department.endswith("政协"), cppcc.department
    assert engine11.aliases.get("政协") == cppcc.department
    # the body named, 会议费 is not printed: no figure of another thing answers
    assert _ask11(engine11, "政协2019年会议费预算多少？", CPPCC_2019).kind == "not_found"


def test_an_item_with_its_code_in_brackets_is_named_without_it(engine11: Engine) -> None:
    # 「…事务（科目编码：20103）774.79万元，其中行政运行（2010301）774.79万元」「其他支出（科目编码：2299901）」
    m = re.search(r"行政运行（(\d{7})）\s*([\d,.]+)万元", _text(SUAO_2017))
    assert m
    ans = _ask11(engine11, f"{m[1]} 行政运行 2017年决算数", SUAO_2017)
    assert ans.kind == "figure" and ans.figures[0].value == to_yuan(Decimal(m[2]), "万元"), ans.text
    m = re.search(r"其他支出（科目编码：(\d{7})）\s*([\d,.]+)万元", _text(SUAO_2017))
    assert m
    ans = _ask11(engine11, f"其他支出（{m[1]}）2017年是多少？", SUAO_2017)
    assert ans.kind == "figure" and ans.figures[0].value == to_yuan(Decimal(m[2]), "万元"), ans.text
    assert m[1] in ans.sources[ans.figures[0].source].quote


def test_a_figure_paid_from_a_fund_is_named_by_what_it_pays(engine11: Engine) -> None:
    # 「（一）因公出国（境）经费 …是从本单位一般行政管理事务——专项业务费中预算10万元」
    ans = _ask11(engine11, "政协2019年出国经费预算多少？", CPPCC_2019)
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == _printed_wan(CPPCC_2019, r"出国（境）经费[^。]*?专项业务费中预算"), (
        ans.text
    )
    ans = _ask11(engine11, "政协公务接待费从专项业务费里预算了多少？", CPPCC_2019)
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == _printed_wan(CPPCC_2019, r"公务接待经费从[^。]*?专项业务费中预算"), (
        ans.text
    )


def test_a_bodys_whole_income_is_its_income_not_a_zero_part(engine11: Engine) -> None:
    # 「区党工委党群工作部收入预算为13986.08万元」 then 「其中：…单位其他收入0万元」
    ans = _ask11(engine11, "党群工作部2018年收入预算一共多少钱？", PARTY_MASS_2018)
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == _printed_wan(PARTY_MASS_2018, r"党群工作部收入预算为"), ans.text


def test_a_flat_change_two_sentences_on_is_the_items(engine11: Engine) -> None:
    # 「（二）公务接待费2018年预算安排20万元。主要用于…。与上年持平。」
    ans = _ask11(engine11, "公务接待费跟上年比有变化吗？", PARTY_MASS_2018)
    assert ans.kind == "figure" and ans.figures[0].value == 0, ans.text
    assert "持平" in ans.text


def test_whether_there_is_any_is_answered_by_the_sentence_that_says_so(engine11: Engine) -> None:
    ans = _ask11(engine11, "政协2019年有没有政府性基金预算支出？", CPPCC_2019)
    assert ans.kind == "passage" and "没有使用政府性基金" in ans.text, ans.text


def test_a_two_digit_year_and_a_townships_government(engine11: Engine) -> None:
    ans = _ask11(engine11, "苏澳镇政府17年一共花了多少钱", SUAO_2017)
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == _printed_wan(SUAO_2017, r"本年支出"), ans.text


def test_why_a_coded_item_changed_is_the_reason_printed_with_it(engine11: Engine) -> None:
    # 「（八）2050204普通教育—高中教育14751.33 万元，…增长240.1 %。主要原因是…」: the item is the last of its path
    text = _text(EDUCATION_2016)
    m = re.search(r"—高中教育[^。]*?增长([\d.]+)\s*%。(主要原因是[^。]*。)", text)
    assert m
    ans = _ask11(engine11, f"为啥教育局2016年高中教育支出涨了{round(float(m[1]))}%？", EDUCATION_2016)
    assert ans.kind == "passage" and m[2] in ans.text, ans.text


def test_a_subsidy_asked_with_words_of_its_path(engine11: Engine) -> None:
    # 「2140403成品油价格改革对交通运输的补贴— 对出租车的补贴172.63万元」
    m = re.search(r"(\d{7})成品油价格改革[^—]*—\s*对出租车的补贴\s*([\d.]+)万元", _text(TRANSPORT_2017))
    assert m
    ans = _ask11(engine11, "对出租车的成品油价格改革补贴是哪个科目编码，多少钱？", TRANSPORT_2017)
    assert ans.kind == "figure", ans.text
    assert ans.figures[0].value == to_yuan(Decimal(m[2]), "万元")
    assert m[1] in ans.sources[ans.figures[0].source].quote


def test_how_a_figure_was_set_is_the_basis_printed_with_it(engine11: Engine) -> None:
    # 「根据区公务用车改革方案，本单位保留通信、应急车辆2部，每部定额3.8万元；…。2019年预算安排12.4万元」
    m = re.search(r"(根据[^。；]*改革方案[^。；]*)", _text(CPPCC_2019))
    assert m
    first = _ask11(engine11, "平潭县政协2019年预算里公车运行费安排了多少？", CPPCC_2019)
    assert first.kind == "figure", first.text
    ans = engine11.ask("这个数是怎么定出来的？", history=[first], filters={"file": CPPCC_2019.name})
    assert ans.kind == "passage" and re.sub(r"\s+", "", m[1]) in re.sub(r"\s+", "", ans.text), ans.text
