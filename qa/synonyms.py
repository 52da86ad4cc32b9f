"""The budget vocabulary people use, mapped to what documents print.

Hand-written because it is domain knowledge, not code: citizens say 公车 and
出国经费; documents print 公务用车 and 因公出国（境）费.
"""

from __future__ import annotations

# colloquial → official (applied as alternatives: both forms are matched)
SYNONYMS: dict[str, list[str]] = {
    "公车费": ["公务用车购置及运行费", "公务用车费"],
    "公车": ["公务用车购置及运行费", "公务用车"],
    "公务车": ["公务用车"],
    "车辆运行": ["公务用车运行维护"],
    "出国": ["因公出国（境）", "因公出国"],
    "出境": ["因公出国（境）"],
    "接待费": ["公务接待费"],
    "招待费": ["公务接待费"],
    "公积金": ["住房公积金"],
    # totals are printed as 收、支预算总计 / 收支总计 / 支出预算 as often as 支出总计
    "支出总计": ["收支预算总计", "收支总计", "支出预算总计", "支出预算"],
    "收入总计": ["收支预算总计", "收支总计", "收入预算总计", "收入预算"],
    "预算总计": ["收支预算总计", "支出预算总计"],
    "总支出": ["支出总计", "收支预算总计", "支出预算"],
    "总预算": ["收支预算总计", "支出预算总计"],
    "社保": ["社会保障和就业"],
    "医疗卫生": ["卫生健康"],
    "养老保险": ["机关事业单位基本养老保险缴费", "基本养老保险缴费"],
    "职业年金": ["职业年金缴费", "机关事业单位职业年金缴费支出"],
    "医保": ["职工基本医疗保险缴费", "行政单位医疗"],
    "医疗保险": ["职工基本医疗保险缴费"],
    "运行经费": ["机关运行经费"],
    "运转经费": ["机关运行经费"],
    "办公经费": ["公用经费"],
    "人头费": ["人员经费"],
    "采购": ["政府采购"],
    "专项": ["项目支出"],
    "项目经费": ["项目支出"],
    "培训经费": ["培训费"],
    "会议经费": ["会议费"],
    "差旅": ["差旅费"],
    "退休": ["离退休"],
    "房补": ["提租补贴", "购房补贴"],
    "住房补贴": ["提租补贴", "购房补贴"],
}

# Ways of saying "the whole budget": matched against the document's grand totals.
TOTAL_WORDS = (
    "一年花多少钱",
    "一年花多少",
    "总共花",
    "一共花",
    "总预算",
    "预算总额",
    "预算总计",
    "总支出",
    "支出总计",
    "支出合计",
    "全部预算",
    "整体预算",
    "年度预算",
    "部门预算",
    "收支总计",
    "收支预算",
)
# Row labels/subjects that are grand totals of spending, most specific first.
TOTAL_SUBJECTS = (
    "支出预算总计",
    "支出总计",
    "本年支出合计",
    "支出合计",
    "当年支出小计",
    "收支预算总计",
    "收入、支出预算总计",
    "支出预算",
    "合计",
)
INCOME_TOTAL_SUBJECTS = ("收入预算总计", "收入总计", "本年收入合计", "收入合计", "收入预算")

# Words that name a table column (a facet of a row) rather than the row itself.
COLUMN_WORDS = (
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "财政拨款",
    "一般公共预算",
    "工资福利支出",
    "商品服务支出",
    "商品和服务支出",
    "资本性支出",
    "对个人和家庭的补助",
)

# Suffixes that do not change what a project is: 项目 ≈ 经费 ≈ 工作 (and 支出/预算 on a row).
GENERIC_SUFFIXES = ("项目支出", "项目", "经费", "工作", "支出", "预算数", "预算", "资金", "情况")
