"""The vocabulary of the budget genre, in one data module (index/ and qa/ both read it).

(Store section only on this branch; the engine and meta helpers add their sections.)
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
