"""Words of the budget-disclosure genre, in one place.

Hand-written because they are domain knowledge, not code: the labels a disclosure uses to
say who published it, the names of its kinds, the words of its table headers and units.
Code elsewhere matches against these lists and never names a department or a document.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- who published it (index/meta.py)

# Labels printed before the publishing body: "部门：北京市审计局", "预算单位：上海市…中心".
# Longest first, so "预算主管部门" wins over "部门".
DEPARTMENT_LABELS: tuple[str, ...] = (
    "部门（单位）名称",
    "部门(单位)名称",
    "预算主管部门",
    "预算单位名称",
    "主管部门名称",
    "部门名称",
    "单位名称",
    "主管部门",
    "预算单位",
    "编制单位",
    "编制部门",
    "填报单位",
    "部门",
    "单位",
)
# Final characters of an organisation's name (局, 委员会, 中心, 法院 …).
ORG_SUFFIX_CHARS = "局院委厅部处会署办所站队室司馆校心社团府庭组园场"
# Words that make a name generic, never a body: "本部门", "各单位".
GENERIC_BODIES = frozenset(
    {"本部门", "本单位", "部门", "单位", "本级", "机关", "各部门", "各单位", "预算单位"}
)
# Qualifiers after a body's name that say which part of it: "长春市信访局（本级）".
BODY_QUALIFIERS = ("（本级）", "(本级)", "本级", "（机关）", "(机关)", "机关本级")
# The finance body that signs a government-wide report: "深圳市财政局局长 …".
FINANCE_BODY_WORDS = ("财政局", "财政厅", "财政部")
# Words after a body's name on a cover that say it compiled the document: "丽江市财政局编制".
COMPILED_BY_WORDS = ("编制", "编印", "印制", "制发")
# Cover stamps and handling notes: printed big on a cover, never a title ("会议资料妥善保存", "密").
STAMP_WORDS = (
    "妥善保存",
    "会后收回",
    "注意保存",
    "请勿外传",
    "不得外传",
    "内部资料",
    "内部文件",
    "会议资料",
    "秘密",
    "机密",
    "绝密",
)
# A stamp that is a single classification character, possibly with a 「★」: "密", "秘密★一年".
STAMP_LINE_PATTERN = r"[密秘机绝]密?\s*(?:[★☆\*]\s*[\d一二三四五六七八九十]*\s*年?)?"

# --------------------------------------------------------------------------- where and at which level

# Province-level municipalities (直辖市): a region that is a 市 but at province level.
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
# A body of the central government has no region before its name.
CENTRAL_PREFIXES = ("国家", "中共中央", "中央", "国务院", "全国", "中国", "最高人民", "海关总署", "中华全国")
LEVEL_CENTRAL = "中央"
LEVEL_PROVINCE = "省级"
LEVEL_CITY = "地市级"
LEVEL_COUNTY = "区县级"

# --------------------------------------------------------------------------- kinds of documents

KIND_DEPARTMENT_BUDGET = "部门预算"
KIND_UNIT_BUDGET = "单位预算"
KIND_DEPARTMENT_FINAL = "部门决算"
KIND_UNIT_FINAL = "单位决算"
KIND_GOVERNMENT_BUDGET = "政府预算"  # 预算执行情况和预算草案的报告, 预算执行表
KIND_GOVERNMENT_FINAL = "政府决算"  # 总决算, 决算草案的说明
KIND_PERFORMANCE = "绩效"  # 绩效评价报告, 绩效自评 (standalone)
KINDS = (
    KIND_DEPARTMENT_BUDGET,
    KIND_UNIT_BUDGET,
    KIND_DEPARTMENT_FINAL,
    KIND_UNIT_FINAL,
    KIND_GOVERNMENT_BUDGET,
    KIND_GOVERNMENT_FINAL,
    KIND_PERFORMANCE,
)
# Words that mark a government-wide report or table (the whole region's finances, not one body).
GOVERNMENT_WORDS = (
    "预算执行情况",
    "预算草案",
    "决算草案",
    "总决算",
    "总预算",
    "财政预算",
    "财政决算",
    "地方财政",
    "全省",
    "全市",
    "全区",
    "全县",
    "全州",
    "省本级",
    "市本级",
    "区本级",
    "县本级",
    "省级",
    "地方政府债务",
    "政府债务",
    "人民政府公报",
)
# Words of a document (or table) title: a line holding one of them can be the title.
TITLE_WORDS = ("预算", "决算", "报告", "报表", "公开", "草案", "绩效", "公报", "说明")
# Tails of a title after the body's name: "…部门预算公开", "…单位预算情况说明".
TITLE_TAIL_WORDS = (
    "部门综合预算",
    "部门预算",
    "单位预算",
    "部门决算",
    "单位决算",
    "区级部门",
    "市级部门",
    "省级部门",
    "市级单位",
    "部门",
    "单位",
    "预算",
    "决算",
)
# A line that is only furniture: page numbers ("- 1 -", "第1页", "1/20").
PAGE_NUMBER_PATTERN = (
    r"[-—–－~～]?\s*\d{1,4}\s*[-—–－~～]?|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[IVXLivxl]{1,6}"
)

# --------------------------------------------------------------------------- tables: columns and units

# Columns of a final-accounts (决算) table, as printed.
FINAL_ACCOUNT_COLUMNS = (
    "年初预算数",
    "年初预算",
    "调整预算数",
    "调整预算",
    "全年预算数",
    "决算数",
    "完成率",
    "年初结转和结余",
    "年末结转和结余",
    "上年决算数",
    "本年收入",
    "本年支出",
)
# Money units as printed in a table's unit line or a column header: 「单位：万元」「金额（万元）」.
MONEY_UNIT_WORDS = ("亿元", "万元", "元")
# Footnote markers printed glued to a figure: 「下降4.1%²」「12.5亿元①」.
FOOTNOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰①②③④⑤⑥⑦⑧⑨⑩*※"
