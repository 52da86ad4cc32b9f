"""The vocabulary of the budget genre, in one data module (index/ and qa/ both read it).

Hand-written because it is domain knowledge, not code: citizens say 公车 and 出国经费; documents print
公务用车 and 因公出国（境）费; final accounts print 年初预算/调整预算/决算数; disclosures say who published them
with 「部门：」「预算单位：」. Code elsewhere matches against these lists and never names a department or a
document. Sections: question vocabulary (qa/), document metadata and tables (index/meta.py, tables),
plausibility of an upload (index/plausibility.py).
"""

from __future__ import annotations

# =====================================================================================
# Document metadata a user may set (store): what a department name or a kind can not be
# =====================================================================================

# Words that end or make up a table's title, never a department's name (公开01表, 附件3,
# 部门收支总表, 一般公共预算支出情况表 …): a "department" like this is a misread title.
TABLE_TITLE_PATTERN = (
    r"^(?:公开|附件|附表|表)\s*[\d一二三四五六七八九十\-]+|"
    r"(?:总表|情况表|明细表|汇总表|一览表|预算表|决算表|目标表|自评表|公开表|\d+表)$|\(cid:\d+\)"
)

# A document's kind names one of these (部门预算, 单位决算, 政府预算（执行+草案）, 绩效自评 …).
KIND_WORDS = ("预算", "决算", "绩效", "报告")

# =====================================================================================
# Genre words (hostile): what any budget disclosure prints, used by index/plausibility.py
# to tell a disclosure from a file that merely parses.  Words of the genre, not of a document.
# =====================================================================================

BUDGET_GENRE_WORDS: tuple[str, ...] = (
    "预算",
    "决算",
    "财政",
    "拨款",
    "收入",
    "支出",
    "经费",
    "资金",
    "合计",
    "总计",
    "小计",
    "基本支出",
    "项目支出",
    "一般公共预算",
    "政府性基金",
    "国有资本经营",
    "社会保险基金",
    "三公",
    "公务接待",
    "公务用车",
    "政府采购",
    "绩效",
    "结转",
    "结余",
    "税收",
    "债务",
    "转移支付",
    "功能分类",
    "经济分类",
    "万元",
    "亿元",
)

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
