"""Figure questions on the three real corpus documents, asked through ``Engine.ask``.

Every expected figure was read off the document by hand (seed: the .txt; PDFs: the page given
in the comment). Each answer must be a figure in 元 (money) or its own unit, cite a source
whose printed text shows the figure, and display it in the unit asked (and the other one).
Questions are written for these tests, not taken from eval/questions (that set is a measurement).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import JIANGSU, PUTUO, SEED
from figure_helpers import check_display, check_grounded

from qa.engine import Engine

ZZ = "郑州市大数据管理局"
JS = "江苏省高级人民法院"
PT = "上海市普陀区财政局"


def case(question, value, unit="元", asked=None, *, doc=None, tol=0, xfail=None, id=None):
    """One figure question: expected ``value`` (元 for money), ``asked`` unit, optional file filter."""
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(question, Decimal(str(value)), unit, asked, doc, tol, marks=marks, id=id)


FIGURES = [
    # ---- seed: 2021 郑州市大数据管理局 (tables in 元, narrative in 万元) ----------------------------
    case("郑州市大数据管理局2021年全市政务数据治理经费是多少元", 4900000, asked="元", id="zz-project-yuan"),
    case("政务数据治理工作花了多少万元", 4900000, asked="万元", id="zz-project-no-dept-wan"),
    case("全市政务信息安全这个项目安排了多少钱", 1450000, id="zz-security-project"),
    case("基础地理信息数据年度更新维护项目多少钱", 3770000, id="zz-geo-project"),
    case("一网通办专网业务系统对接项目多少钱", 4984200, id="zz-yiwangtongban"),
    case("市政务网络、云、机房及业务系统建设维护项目多少钱", 73586100, id="zz-network-project"),
    case("郑州大数据局全年一共花多少钱", 96534608, id="zz-total-colloquial"),
    case("郑州市大数据管理局2021年部门预算总额是多少元", 96534608, asked="元", id="zz-total-official"),
    case("大数据局项目支出是多少万元", 90270300, asked="万元", id="zz-project-spending"),
    case("大数据局201 03 02 项目支出多少", 90270300, id="zz-code-split-column"),
    case("大数据局2010301基本支出", 4615403, id="zz-code-joined-column"),
    case("大数据局201 03 01 工资福利支出", 3698643, id="zz-code-subcolumn"),
    case("大数据局行政运行的商品服务支出", 916760, id="zz-row-subcolumn"),
    case("大数据局干部教育财政拨款", 30000, id="zz-caizheng-bokuan"),
    case("大数据局住房公积金多少钱", 801121, id="zz-housing-fund"),
    case("大数据局差旅费项目支出", 250000, id="zz-travel-project"),
    case("大数据局差旅费基本支出", 170000, id="zz-travel-basic"),
    case("大数据局办公费项目支出是多少", 200000, id="zz-office-project"),
    case("大数据局其他资本性支出", 83706100, id="zz-other-capital"),
    case("大数据局公车花了多少", 15000, id="zz-gongche"),
    case("大数据局三公经费多少", 15000, id="zz-sangong"),
    case("大数据局出国经费多少", 0, id="zz-abroad-zero"),
    case("大数据局接待费多少", 0, id="zz-reception-zero"),
    case("大数据局人员经费多少", 5317548, id="zz-personnel"),
    case("大数据局机关运行经费", 946760, id="zz-running-costs"),
    case("大数据局编制多少人", 54, "人", id="zz-bianzhi"),
    case("大数据局事业编制几人", 17, "人", id="zz-shiye-bianzhi"),
    case("大数据局在职职工多少人", 47, "人", id="zz-staff"),
    case("大数据局公车有几辆", 1, "辆", id="zz-cars"),
    case("大数据局政府采购预算多少", 85283300, id="zz-procurement"),
    case("大数据局碎纸机买了几个", 6, "个", id="zz-shredders"),
    case("大数据局办公桌多少钱", 1400, id="zz-desk"),
    case("大数据局收入预算比2020年增加多少", 33415400, id="zz-income-change"),
    case("大数据局支出预算增长了百分之多少", "52.94", "%", id="zz-growth-percent"),
    case("大数据局基本支出占比", "6.49", "%", id="zz-basic-share"),
    case("大数据局行政运行支出占比多少", "4.78", "%", id="zz-admin-share"),
    case("大数据局全市政务数据冶理项目多少钱", 4900000, id="zz-typo"),
    case("大数据局２０２１年三公经费", 15000, id="zz-fullwidth-year"),
    case("大数据局２０１ ０３ ０２项目支出", 90270300, id="zz-fullwidth-code"),
    case("二〇二一年大数据局基本支出多少", 6264308, id="zz-chinese-numeral-year"),
    case("大数据局2020年全市政务数据治理经费", 5000000, id="zz-previous-year-form"),
    case("大数据局机关运行经费比2020年增加多少", 509600, id="zz-running-change"),
    case("大数据局津贴补贴", 1690644, id="zz-allowances-total"),
    case("大数据局基本工资", 1608216, id="zz-basic-wage-total"),
    # ---- 江苏省高级人民法院 2017 (PDF, 万元) -------------------------------------------------------
    case("江苏高院2017年支出合计多少", 288493800, id="js-total"),  # p.12 支出合计 28,849.38
    case("江苏省高级人民法院基本支出是多少万元", 171231900, asked="万元", id="js-basic"),  # p.13
    case("江苏高院项目支出多少元", 115432700, asked="元", id="js-project-yuan"),  # p.13 11,543.27
    case("江苏高院单位预留机动经费", 1829200, id="js-reserve"),  # p.11 182.92
    case("江苏高院2040504多少钱", 17333000, id="js-code-2040504"),  # p.13 案件审判 1,733.30
    case("江苏高院204 05 01行政运行", 117869200, id="js-code-split"),  # p.13 11,786.92
    case("江苏高院204 05 05案件执行", 10500000, id="js-code-execution"),  # p.13 1,050.00
    case("其他法院支出多少", 9100000, id="js-no-dept"),  # p.13 910.00
    case("江苏高院提租补帖多少", 19599900, id="js-typo"),  # p.14 提租补贴 1,959.99
    case("江苏高院30215会议费", 970100, id="js-code-30215"),  # p.14 基本支出表 302 15 会议费 97.01
    case("江苏高院三公经费多少", 6701200, id="js-sangong"),  # p.17 “三公”经费 小计 670.12
    case("江苏高院出国经费", 1800000, id="js-abroad"),  # p.17 180.00
    case("江苏高院公务接待费", 1857200, id="js-reception"),  # p.17 185.72 (p.25 narrative too)
    case("江苏高院公车运行维护费", 3044000, id="js-car-running"),  # p.14/17 304.40
    case("江苏高院机关运行经费", 91934000, id="js-running-costs"),  # p.16 9,193.40
    case("江苏高院人员经费是多少元", 135948200, asked="元", id="js-personnel"),  # p.23 13594.82万元
    case("江苏高院公用经费", 35283700, id="js-public"),  # p.23 3528.37万元
    case("江苏高院政府采购预算总金额", 37424000, id="js-procurement"),  # p.26 3742.4万元
    case("江苏法院云平台租赁费多少钱", 10000000, id="js-cloud-rent"),  # p.18 1,000.00
    case("江苏高院离休费", 3523500, id="js-lixiu"),  # p.14 352.35
    case("江苏高院奖励金", 19000, id="js-award"),  # p.14 1.90
    case("江苏高院物业管理费", 4700000, id="js-property"),  # p.16 470.00
    case("江苏高院社会保障和就业支出", 23471300, id="js-social-security"),  # p.12 2,347.13
    case("江苏高院收支预算总计增长率", "6.69", "%", id="js-growth"),  # p.19
    case("江苏高院因公出国费占三公经费的比例", "26.86", "%", id="js-abroad-share"),  # p.25
    case("江苏高院案件审判比上年减少多少", 2000000, id="js-trial-change"),  # p.22 减少200万元
    case("省高院公务用车购置费多少", 0, id="js-car-purchase-zero"),  # p.25 0万元
    case(
        "江苏高院支出总计比上年增加多少",
        18082900,
        id="js-total-change",
    ),
    case("二〇一七年江苏高院项目支出", 115432700, id="js-chinese-numeral-year"),
    case(
        "江苏高院案件审判减少了百分之多少",
        "10.35",
        "%",
        id="js-trial-decrease-percent",
    ),  # p.22 减少10.35%
    # ---- 上海市普陀区财政局 2025 (PDF, 元) ---------------------------------------------------------
    case("普陀区财政局2025年支出总计多少", "31214205.80", id="pt-total"),  # p.9
    case("普陀区财政局基本支出多少万元", 25121091, asked="万元", id="pt-basic"),  # p.13
    case("普陀区财政局２０２５年基本支出", 25121091, id="pt-fullwidth-year"),
    case("普陀区财政局行政运行多少钱", "16231840.80", id="pt-admin"),  # p.10
    case("普陀区财政局行政运行基本支出", 16093326, id="pt-admin-basic"),  # p.12
    case("普陀区财政局行政运行项目支出", "138514.80", id="pt-admin-project"),  # p.12
    case("普陀区财政局201 06 08财政委托业务支出", 4188000, id="pt-code"),  # p.10
    case("普陀区财政局信息化建设", 1666600, id="pt-it"),  # p.10
    case("普陀区财政局住房公积全", 2049197, id="pt-typo"),  # p.11 住房公积金
    case("普陀区财政局购房补贴", 2687760, id="pt-housing-subsidy"),  # p.11
    case("普陀区财政局2025年三公经费是多少", 9500, id="pt-sangong"),  # p.21 0.95万元
    case("普陀区财政局的接待费", 9500, id="pt-reception"),  # p.20 9,500.00
    case("普陀区财政局3021５", 10000, id="pt-fullwidth-code-30215"),  # p.20 会议费 10,000.00
    case("普陀区财政局机关运行经费", 2294300, tol=50, id="pt-running-costs"),  # p.21 229.43万元
    case("普陀区财政局政府采购预算", 1170000, id="pt-procurement"),  # p.22 117.00万元
    case("普陀区财政局津贴补贴", 13012070, id="pt-allowances"),  # p.19
    case("普陀区财政局退休费预算多少", 717240, id="pt-pension"),  # p.20
    case("普陀区财政局人员经费", 22826756, id="pt-personnel"),  # p.20
    case("普陀区财政局手续费", 1000, id="pt-fees"),  # p.19
    case("普陀区财政局公车费用", 0, id="pt-gongche-zero"),  # p.22 0万元
    case("普陀区财政局一共有几辆车", 0, "辆", id="pt-cars-zero"),  # p.22 0辆
    case("普陀区财政局收入预算比2024年增加多少", 1076200, id="pt-income-change"),  # p.7 107.62万元
    case("普陀区财政局援滇干部工作经费", 30000, id="pt-yuandian"),  # p.22 3.00万元
    case("中介机构服务费是多少元", 4188000, asked="元", doc=PUTUO.name, id="pt-filter-no-dept"),
    case(
        "普陀区财政局2025年支出预算增加了多少",
        1076200,
        id="pt-spending-change",
    ),
]


@pytest.mark.parametrize(("question", "value", "unit", "asked", "doc", "tol"), FIGURES)
def test_figure(figure_engine: Engine, question, value, unit, asked, doc, tol) -> None:
    filters = {"file": doc} if doc else None
    ans = figure_engine.ask(question, filters=filters)
    assert ans.kind == "figure", (ans.kind, ans.text)
    fig = ans.figures[0]
    assert fig.unit == unit, fig
    assert isinstance(fig.value, Decimal | int), type(fig.value)
    assert abs(Decimal(fig.value) - value) <= tol, (fig.label, fig.value, value)
    check_grounded(ans, fig)
    check_display(fig, asked)


def test_enough_figure_questions() -> None:
    assert len(FIGURES) >= 60
    assert {p.id.split("-")[0] for p in FIGURES} == {"zz", "js", "pt"}


def test_computed_previous_year_cites_every_operand(figure_engine: Engine) -> None:
    """Not printed: 2016 案件审判 = 1733.3万元 (p.13) + the 200万元 decrease (p.22); said to be computed."""
    ans = figure_engine.ask("江苏高院2016年案件审判支出")
    assert ans.kind == "figure"
    assert ans.figures[0].value == Decimal(19333000)
    assert any("计算" in w for w in ans.warnings), ans.warnings
    quotes = " ".join(s.quote for s in ans.sources)
    assert "1,733.30" in quotes or "1733.3" in quotes
    assert "减少200万元" in quotes


# ---- documents that disagree with themselves ------------------------------------------------------


def test_conflict_289_vs_158(figure_engine: Engine) -> None:
    """The seed prints this project as 289.00万元 once and 158万元 / 1,580,000元 elsewhere."""
    ans = figure_engine.ask("大数据局大数据、电子政务工作管理项目多少钱")
    assert ans.kind == "figure"
    assert ans.figures[0].value == Decimal(1580000)
    check_grounded(ans, ans.figures[0])
    warning = " ".join(ans.warnings)
    assert "289" in warning and "158" in warning, ans.warnings
    # both values are in the answer, each with its own source
    values = {Decimal(f.value) for f in ans.figures}
    assert {Decimal(1580000), Decimal(2890000)} <= values
    rival = next(f for f in ans.figures if Decimal(f.value) == Decimal(2890000))
    assert "289.00万元" in ans.sources[rival.source].quote


def test_putuo_pension_table_figure_with_warning(figure_engine: Engine) -> None:
    """职业年金: table 873,617元 (p.10/12/15/19) vs narrative 887.36万元 (p.7): table wins, warning shows both."""
    ans = figure_engine.ask("普陀区财政局职业年金多少")
    assert ans.kind == "figure"
    fig = ans.figures[0]
    assert fig.value == Decimal(873617)
    check_grounded(ans, fig)
    assert ans.sources[fig.source].page in {10, 12, 15, 19}
    warning = " ".join(ans.warnings)
    assert "887.36" in warning and ("873,617" in warning or "87.36" in warning), ans.warnings
    narrative = [s for s in ans.sources if "887.36" in s.quote]
    assert narrative and narrative[0].page in {7, 8}


# ---- warnings that should not be there ------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "大数据局三公经费多少",
        "江苏高院2040504多少钱",
        "普陀区财政局信息化建设",
        "大数据局全市政务信息安全项目是多少元",
        "大数据局基本支出多少",
        "江苏高院三公经费多少",
        "普陀区财政局项目支出",
    ],
)
def test_no_false_conflict_warning(figure_engine: Engine, question: str) -> None:
    ans = figure_engine.ask(question)
    assert ans.kind == "figure"
    assert ans.warnings == []


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("江苏法院云平台租赁费多少钱", "云平台"),
        ("大数据局碎纸机买了几个", "碎纸机"),
        ("普陀区财政局信息化建设", "信息化建设"),
        ("大数据局打印机单价", "打印机"),
        ("普陀区财政局援滇干部工作经费", "援滇"),
        ("普陀区财政局2025年三公经费是多少", "三公"),
    ],
)
def test_figure_label_names_the_thing_asked(figure_engine: Engine, question: str, word: str) -> None:
    ans = figure_engine.ask(question)
    assert ans.kind == "figure"
    assert word in ans.figures[0].label, ans.figures[0].label


# ---- not in these documents -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("郑州市大数据管理局2019年基本支出多少", None),  # another year
        ("大数据局2022年三公经费", None),
        ("江苏高院2018年项目支出", None),
        ("普陀区财政局2023年三公经费", None),
        ("北京市财政局2025年三公经费", None),  # another department
        ("大数据局会议费多少", None),  # 会议费: never printed in the seed (only named in 名词解释)
        ("郑州市大数据管理局会议费是多少万元", None),
        ("会议费多少", SEED.name),
        ("大数据局物业管理费多少", None),  # items never printed
        ("普陀区财政局取暖费多少", None),
        ("江苏高院职业年金多少", None),
        ("河南省大数据管理局三公经费", None),  # same kind of body, another region
        ("大数据局无人机采购多少钱", None),
    ],
)
def test_not_found(figure_engine: Engine, question: str, doc: str | None) -> None:
    ans = figure_engine.ask(question, filters={"file": doc} if doc else None)
    assert ans.kind == "not_found", (ans.kind, ans.text, [f.value for f in ans.figures])
    assert ans.figures == []
    assert ans.text


# ---- several documents, no department named -------------------------------------------------------


def _never_silently_one(ans, expected: dict[str, Decimal]) -> None:
    """Labelled answers per document (all matching documents), or a clarify listing them."""
    if ans.kind == "clarify":
        assert len(ans.options) >= 2, ans.options
        for dept in expected:
            assert any(dept in o for o in ans.options), (dept, ans.options)
        return
    assert ans.kind == "figure", ans.kind
    got: dict[str, Decimal] = {}
    for fig in ans.figures:
        src = ans.sources[fig.source]
        if src.department in expected and src.department not in got:
            got[src.department] = Decimal(fig.value)
            assert src.department in fig.label or src.department in ans.text
    assert got == expected
    assert ans.warnings, "a multi-document answer says so"


def test_multi_document_sangong(figure_engine: Engine) -> None:
    ans = figure_engine.ask("三公经费是多少")
    _never_silently_one(ans, {JS: Decimal(6701200), ZZ: Decimal(15000), PT: Decimal(9500)})


def test_multi_document_housing_fund(figure_engine: Engine) -> None:
    ans = figure_engine.ask("住房公积金多少钱")
    _never_silently_one(ans, {JS: Decimal(10291500), ZZ: Decimal(801121), PT: Decimal(2049197)})


def test_multi_document_only_the_documents_that_print_it(figure_engine: Engine) -> None:
    """会议费 is printed by the Jiangsu and Putuo documents, not by the seed."""
    ans = figure_engine.ask("会议费多少")
    assert ans.kind in {"figure", "clarify"}
    if ans.kind == "figure":
        departments = {ans.sources[f.source].department for f in ans.figures}
        assert {JS, PT} <= departments and ZZ not in departments
    else:
        assert not any(ZZ in o for o in ans.options)


def test_filter_picks_one_document(figure_engine: Engine) -> None:
    ans = figure_engine.ask("三公经费是多少", filters={"file": PUTUO.name})
    assert ans.kind == "figure" and ans.figures[0].value == Decimal(9500)
    assert {s.department for s in ans.sources} == {PT}
    ans = figure_engine.ask("三公经费是多少", filters={"file": JIANGSU.name})
    assert ans.figures[0].value == Decimal(6701200)


def test_prefer_unit_yuan(figure_engine: Engine) -> None:
    ans = figure_engine.ask("大数据局三公经费多少", prefer_unit="元")
    check_display(ans.figures[0], "元")
    assert ans.figures[0].display.startswith("15,000元")


def test_unit_in_question_beats_preference(figure_engine: Engine) -> None:
    ans = figure_engine.ask("江苏高院奖励金多少万元", prefer_unit="元")
    check_display(ans.figures[0], "万元")
    assert ans.figures[0].display.startswith("1.90万元")


def test_source_fields(figure_engine: Engine) -> None:
    """A table figure names document, department, year, page, table, row (with code) and column."""
    ans = figure_engine.ask("江苏高院2040504多少钱")
    src = ans.sources[ans.figures[0].source]
    assert src.department == JS and src.year == 2017 and src.page == 13
    assert "财政拨款支出预算表" in (src.table or "")
    assert "案件审判" in (src.row or "") and "204 05 04" in (src.row or "")
    assert "1,733.30" in src.quote
    assert ans.elapsed_ms > 0


def test_the_code_of_an_item_is_the_code_printed_on_its_row(figure_engine: Engine) -> None:
    # 「差旅费的科目编码」: the narrative's 差旅费 sentence prints no code; the row of 差旅费 does (302 11)
    filters = {"file": SEED.name}
    ans = figure_engine.ask("差旅费的科目编码是什么", filters=filters)
    assert ans.kind == "passage" and "30211" in ans.text, ans.text
    assert ans.sources[0].row and "302 11" in ans.sources[0].row
    # asked after the item's figure: the code of the row just cited
    first = figure_engine.ask("大数据局行政运行支出多少？", filters=filters)
    assert first.kind == "figure", first.text
    code = figure_engine.ask("科目编码是多少？", [first], filters=filters)
    assert code.kind == "passage" and "2010301" in code.text, code.text
