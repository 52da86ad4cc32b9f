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
