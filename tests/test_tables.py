"""Unit tests of the grid → Table builder on small grids cut from the real documents.

Grids below are copied from the seed text (tab-separated rows) and from
pdfplumber's output on the two corpus PDFs (None = covered by a merged cell).
"""

from decimal import Decimal

from index.model import Code
from index.tables import (
    GridRow,
    build_form,
    build_table,
    clean_label,
    column_paths,
    split_code,
    split_header,
)


def tsv(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.strip("\n").split("\n")]


# 附件 5-2 of the seed: two 经济分类 schemes side by side, then 合计/基本支出/项目支出.
SEED_5_2 = tsv(
    "部门预算经济分类\t\t\t政府预算经济分类\t\t\t合计\t基本支出\t\t\t\t\t项目支出\t\t\t\t\n"
    "类\t款\t科目名称\t类\t款\t科目名称\t\t小计\t工资福利支出\t对个人和家庭的补助支出\t商品服务支出\t资本性支出\t小计\t"
    "社会事业和经济发展项目\t债务项目\t基本建设项目\t其他项目\n"
    "\t\t\t\t\t合计\t96,534,608\t6,264,308\t5,317,548\t\t946,760\t90,270,300\t90,270,300\t\t\t\t\n"
    "301\t01\t基本工资\t501\t01\t工资奖金津补贴_行政\t1,208,520\t1,208,520\t1,208,520\t\t\t\t\t\t\t\t\n"
    "302\t11\t差旅费\t502\t01\t办公经费_行政\t420,000\t170,000\t\t\t170,000\t\t250,000\t250,000\t\t\t\n"
)

# 附件 1 of the seed: 收入 | 支出 side by side.
SEED_1 = tsv(
    "收入\t\t支出\t\n"
    "项目\t金额\t项目\t金额\n"
    "一、一般公共预算\t96,534,608\t一、基本支出\t6,264,308\n"
    "2、专项收入\t\t2、对个人和家庭的补助支出\t\n"
    "\t\t3、基本建设项目\t\n"
    "本年收入合计\t96,534,608\t本年支出合计\t96,534,608\n"
)

# Putuo PDF page 10 (pdfplumber): 项目 over code/name columns, 收入预算 over the amounts.
PUTUO_INCOME = [
    ["项目", None, None, None, "收入预算", None, None, None, None],
    [
        "功能分类科目编码",
        None,
        None,
        "功能分类科目名称",
        "合计",
        "财政拨款收入",
        "事业收入",
        "事业单位\n经营收入",
        "其他收入",
    ],
    ["类", "款", "项", None, None, None, None, None, None],
    ["201", "", "", "一般公共服务支出", "22,186,440.80", "22,186,440.80", "", "", ""],
    ["201", "06", "", "财政事务", "22,186,440.80", "22,186,440.80", "", "", ""],
    ["201", "06", "01", "行政运行", "16,231,840.80", "16,231,840.80", "", "", ""],
]

# Putuo PDF page 21: the 三公 table, no label column at all.
PUTUO_SANGONG = [
    ["“三公”经费预算数", None, None, None, None, None, "机关运行经费预算\n数"],
    ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", None, None, None],
    [None, None, None, "小计", "购置费", "运行费", None],
    ["0.95", "", "0.95", "", "", "", "229.43"],
]


def test_column_paths_of_multi_row_header() -> None:
    paths = column_paths(SEED_5_2[:2])
    assert paths[:3] == ["部门预算经济分类/类", "部门预算经济分类/款", "部门预算经济分类/科目名称"]
    assert paths[6] == "合计"
    assert paths[7:12] == [
        "基本支出/小计",
        "基本支出/工资福利支出",
        "基本支出/对个人和家庭的补助支出",
        "基本支出/商品服务支出",
        "基本支出/资本性支出",
    ]
    assert paths[12] == "项目支出/小计"
    assert paths[16] == "项目支出/其他项目"


def test_column_paths_with_merged_none_cells_and_wrapped_header() -> None:
    paths = column_paths(PUTUO_INCOME[:3])
    # the generic "项目" over the code/name columns adds nothing
    assert paths[:4] == [
        "功能分类科目编码/类",
        "功能分类科目编码/款",
        "功能分类科目编码/项",
        "功能分类科目名称",
    ]
    assert paths[4:] == [
        "收入预算/合计",
        "收入预算/财政拨款收入",
        "收入预算/事业收入",
        "收入预算/事业单位经营收入",
        "收入预算/其他收入",
    ]


def test_header_cell_span_is_bounded_by_its_parent() -> None:
    paths = column_paths(PUTUO_SANGONG[:3])
    assert paths == [
        "“三公”经费预算数/合计",
        "“三公”经费预算数/因公出国(境)费",
        "“三公”经费预算数/公务接待费",
        "“三公”经费预算数/公务用车购置及运行费/小计",
        "“三公”经费预算数/公务用车购置及运行费/购置费",
        "“三公”经费预算数/公务用车购置及运行费/运行费",
        "机关运行经费预算数",
    ]


def test_group_header_printed_one_cell_off_is_realigned_to_its_subtotal() -> None:
    # 附件 8 of the seed: 项目支出 printed above 资本性支出 instead of above its 小计
    header = tsv(
        "科目 编 码\t类\t款\t项\t单位（科目名称）\t合计\t基本支出\t\t\t\t项目支出\t\t\t\t\n"
        "\t\t\t\t\t\t小计\t工资福 利支出\t对个人 和家庭 的补助 支出\t商品服 务支出\t资本性 支出\t小计\t社会事业 和经济发 展项目\t债务 项目\t基本 建设 项目"
    )
    paths = column_paths(header)
    assert paths[6] == "基本支出/小计"
    assert paths[8] == "基本支出/对个人和家庭的补助支出"
    assert paths[10] == "基本支出/资本性支出"
    assert paths[11] == "项目支出/小计"
    assert paths[14] == "项目支出/基本建设项目"


def test_split_header_stops_at_first_number_or_code() -> None:
    assert split_header(SEED_5_2) == 2
    assert split_header(PUTUO_INCOME) == 3
    assert split_header(PUTUO_SANGONG) == 3
    empty = tsv("科目编码\t单位（科目名称）\t合计\n类\t\t")
    assert split_header(empty) == 2


def test_split_code() -> None:
    assert split_code("2040501") == ("204", "05", "01")
    assert split_code("20405") == ("204", "05")
    assert split_code("201 03 02") == ("201", "03", "02")
    assert split_code("113001") == ("113001",)
    assert split_code("行政运行") is None
    assert split_code("") is None


def test_build_table_codes_labels_and_cells_with_two_schemes() -> None:
    t = build_table("一般公共预算支出情况表", "元", SEED_5_2[:2], SEED_5_2[2:], number="附件 5-2")
    assert [r.label for r in t.rows] == ["合计", "基本工资", "差旅费"]
    wage = t.rows[1]
    assert wage.codes == [Code(("301", "01"), "部门预算经济分类"), Code(("501", "01"), "政府预算经济分类")]
    assert wage.texts == {"政府预算经济分类/科目名称": "工资奖金津补贴_行政"}
    travel = t.rows[2]
    assert travel.cell("合计").value == Decimal(420000)
    assert travel.cell("合计").raw == "420,000"
    assert travel.cell("基本支出/商品服务支出").value == Decimal(170000)
    assert travel.cell("项目支出/小计").value == Decimal(250000)
    assert travel.cell("基本支出/工资福利支出") is None  # blank: nothing budgeted
    assert [r.index for r in t.rows] == [1, 2, 3]


def test_repair_of_a_row_that_lost_one_blank_cell() -> None:
    t = build_table("t", "元", SEED_5_2[:2], SEED_5_2[2:], repair_shifts=True)
    total = t.rows[0]
    assert total.cell("基本支出/资本性支出") is None
    assert total.cell("项目支出/小计").value == Decimal(90270300)
    assert total.cell("项目支出/社会事业和经济发展项目").value == Decimal(90270300)
    assert "少印一个空单元格" in total.note
    assert all(not r.note for r in t.rows[1:])
    # without repair the printed (wrong) position is kept
    raw = build_table("t", "元", SEED_5_2[:2], SEED_5_2[2:])
    assert raw.rows[0].cell("基本支出/资本性支出").value == Decimal(90270300)


def test_repair_leaves_consistent_rows_alone() -> None:
    header = SEED_5_2[:2]
    body = [SEED_5_2[4]]
    t = build_table("t", "元", header, body, repair_shifts=True)
    assert t.rows[0].note == ""
    assert t.rows[0].cell("项目支出/小计").value == Decimal(250000)


def test_side_by_side_halves() -> None:
    t = build_table("部门收支总体情况表", "元", SEED_1[:2], SEED_1[2:])
    assert t.columns == ["收入/项目", "收入/金额", "支出/项目", "支出/金额"]
    assert [(r.group, r.label) for r in t.rows] == [
        ("收入", "一、一般公共预算"),
        ("收入", "2、专项收入"),
        ("收入", "本年收入合计"),
        ("支出", "一、基本支出"),
        ("支出", "2、对个人和家庭的补助支出"),
        ("支出", "3、基本建设项目"),
        ("支出", "本年支出合计"),
    ]
    assert t.rows[3].cell("支出/金额").value == Decimal(6264308)
    assert t.rows[1].cells == []
    assert [r.index for r in t.rows] == list(range(1, 8))


def test_pdf_grid_with_parent_codes_and_pages() -> None:
    body = [GridRow(r, page=10) for r in PUTUO_INCOME[3:]]
    t = build_table("收入预算表", "元", PUTUO_INCOME[:3], body, pages=[10])
    assert [r.code for r in t.rows] == [
        Code(("201",), "功能分类"),
        Code(("201", "06"), "功能分类"),
        Code(("201", "06", "01"), "功能分类"),
    ]
    assert t.rows[2].label == "行政运行"
    assert t.rows[2].cell("收入预算/合计").value == Decimal("16231840.80")
    assert t.rows[2].page == 10 and t.page == 10 and t.pages == [10]


def test_table_without_label_column() -> None:
    t = build_table("三公", "万元", PUTUO_SANGONG[:3], PUTUO_SANGONG[3:])
    row = t.rows[0]
    assert row.label == ""
    assert row.cell("“三公”经费预算数/公务接待费").value == Decimal("0.95")
    assert row.cell("机关运行经费预算数").value == Decimal("229.43")


def test_code_in_one_column_and_inherited_parent_levels() -> None:
    # Jiangsu layout: one 功能科目代码 column holding "2040501"
    header = [["功能科目代码", "功能科目名称", "金额"]]
    body = [
        ["204", "公共安全支出", "23,513.11"],
        ["2040501", "行政运行", "11,786.92"],
        ["", "合 计", "28,849.38"],
    ]
    t = build_table("支出", "万元", header, body)
    assert t.rows[0].code == Code(("204",), "")
    assert t.rows[1].code == Code(("204", "05", "01"), "")
    assert t.rows[1].cell("金额").value == Decimal("11786.92")
    assert t.rows[2].label == "合计"  # letter spacing removed
    # 类 blank on a child row: inherited from the row above
    header = tsv("科目编码\t\t\t科目名称\t金额\n类\t款\t项\t\t")
    body = tsv("201\t03\t\t行政事务\t10\n\t\t01\t行政运行\t4\n\t\t02\t一般行政管理事务\t6")
    t = build_table("t", "元", header, body)
    assert [r.code.parts for r in t.rows] == [("201", "03"), ("201", "03", "01"), ("201", "03", "02")]


def test_code_printed_in_the_label_cell() -> None:
    t = build_table("t", "元", [["科目名称", "金额"]], [["2010301 行政运行", "4,615,403"]])
    assert t.rows[0].label == "行政运行"
    assert t.rows[0].code.parts == ("201", "03", "01")


def test_wrapped_label_over_two_rows_and_inside_a_cell() -> None:
    header = tsv("科目编码\t\t\t单位（科目名称）\t合计\n类\t款\t项\t\t")
    body = [
        ["201", "03", "01", "行政运行（政府办公厅（室）及相关", "4,615,403"],
        ["", "", "", "机构事务）", ""],
        ["205", "08", "02", "干部\n教育", "30,000"],
    ]
    t = build_table("t", "元", header, body)
    assert [r.label for r in t.rows] == ["行政运行（政府办公厅（室）及相关机构事务）", "干部教育"]
    assert [r.index for r in t.rows] == [1, 2]


def test_empty_table_keeps_columns_and_note() -> None:
    header = tsv("科目编码\t单位（科目名称）\t合计\t基本支出\t项目支出")
    t = build_table("政府性基金预算支出情况表", "元", header, [], note="备注：本单位无政府性基金预算支出。")
    assert t.rows == [] and t.columns[-1] == "项目支出" and t.note.startswith("备注")


def test_clean_label() -> None:
    assert clean_label("政府性 基金预 算") == "政府性基金预算"
    assert clean_label("事业单位\n经营收入") == "事业单位经营收入"
    assert clean_label("<p>项目总目标</p>") == "项目总目标"
    assert clean_label(None) == ""


def test_build_form_project() -> None:
    rows = tsv(
        "项目名称\t全市政务数据治理经费\t\t\n"
        "单位编码\t113001\t资金用途\t业务类\n"
        "联系电话\t67170101\t\t\n"
        "项目总金额\t4900000.00\t项目本年度金额\t4900000.00\n"
        "项目绩效目标\t\t\t\n"
        "一级指标\t二级指标\t三级指标\t目标值\n"
        "产出目标\t数量\t公共数据综合查询平台\t=1套\n"
        "\t\t服务人次\t≥12\n"
        "\t质量\t数据共享服务\t完整、准确\n"
        "\t成本\t\t\n"
        "效果目标\t社会效益\t数据归集量\t≥150亿条\n"
        "<p>满意度</p>\t<p>数据使用单位满意</p>\t<p>满意</p>\t"
    )
    f = build_form("项目绩效目标表", rows)
    assert f.kind == "form" and f.subject == "全市政务数据治理经费"
    by = {r.label: r for r in f.rows}
    assert by["项目总金额"].cell("值").value == Decimal(4900000) and by["项目总金额"].cell("值").unit == "元"
    assert by["联系电话"].texts == {"值": "67170101"} and by["单位编码"].cells == []
    assert by["资金用途"].texts == {"值": "业务类"}
    platform = by["公共数据综合查询平台"]
    assert platform.group == "产出目标/数量"
    assert (platform.cell("目标值").value, platform.cell("目标值").unit) == (Decimal(1), "套")
    assert by["服务人次"].group == "产出目标/数量" and by["服务人次"].cell("目标值").value == Decimal(12)
    assert by["数据共享服务"].texts == {"目标值": "完整、准确"}
    assert by["数据归集量"].group == "效果目标/社会效益"
    assert by["数据归集量"].cell("目标值").unit == "亿条"
    assert by["数据使用单位满意"].group == "满意度" and by["数据使用单位满意"].texts == {"目标值": "满意"}
    assert [r.index for r in f.rows] == list(range(1, len(f.rows) + 1))


def test_build_form_with_unit_column_and_wan_yuan_section() -> None:
    rows = tsv(
        "部门（单位）名称\t郑州市大数据管理局\t\t\n"
        "预算情况\t部门预算总额（万元）\t9653.46\t\n"
        "\t（2）项目支出\t9027.03\t\n"
        "一级指标\t二级指标\t三级指标\t指标值\t度量单位\n"
        "产出指标\t履职目标和主要任务完成情况\t“一网通办”便民利企高频事项\t≥300\t项\n"
        "\t\t效益指标\t履职效益\t全市数字化建设水平\t提高\t定性指标\n"
        "数据共享量（支撑应用系统）\t=20\t\t\t个\t\t"
    )
    f = build_form("整体绩效目标申报表", rows)
    assert f.subject == "郑州市大数据管理局"
    by = {r.label: r for r in f.rows}
    assert by["（2）项目支出"].cell("值").unit == "万元" and by["（2）项目支出"].group == "预算情况"
    item = by["“一网通办”便民利企高频事项"].cell("指标值")
    assert (item.value, item.unit, item.raw) == (Decimal(300), "项", "≥300")
    assert by["全市数字化建设水平"].group == "效益指标/履职效益"
    assert by["数据共享量（支撑应用系统）"].cell("指标值").value == Decimal(20)


def test_three_way_side_by_side_from_jiangsu() -> None:
    # Jiangsu 收支预算总表 (page 11): 收入 | 支出 by 功能分类 | 支出 by 支出用途; spanned header text repeated
    header = [
        ["收入", "收入", "支出", "支出", "支出", "支出"],
        ["", "", "功能分类", "功能分类", "支出用途", "支出用途"],
        ["项目名称", "金额", "功能科目名称", "金额", "项目名称", "金额"],
    ]
    body = [
        ["一、财政拨款", "28,849.38", "一、一般公共服务支出", "", "一、基本支出", "17,123.19"],
        ["", "", "四、公共安全支出", "23,513.11", "", ""],
    ]
    t = build_table("收支预算总表", "万元", header, [GridRow(r, page=11) for r in body])
    assert [(r.group, r.label) for r in t.rows] == [
        ("收入", "一、财政拨款"),
        ("支出/功能分类", "一、一般公共服务支出"),
        ("支出/功能分类", "四、公共安全支出"),
        ("支出/支出用途", "一、基本支出"),
    ]
    assert t.rows[2].cell("支出/功能分类/金额").value == Decimal("23513.11")
    assert t.rows[3].cell("支出/支出用途/金额").value == Decimal("17123.19")
    assert t.rows[0].page == 11
