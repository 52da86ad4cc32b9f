"""The vocabulary of the budget genre, in one data module (index/ and qa/ both read it).

(Plausibility section only on this branch; the engine, meta and store helpers add their sections.)
"""

from __future__ import annotations

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
