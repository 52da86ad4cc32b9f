"""The vocabulary of the budget genre, in one data module (index/ and qa/ both read it).

Hand-written because it is domain knowledge, not code: citizens say 公车 and 出国经费; documents print
公务用车 and 因公出国（境）费; final accounts print 年初预算/调整预算/决算数; disclosures say who published them
with 「部门：」「预算单位：」. Code elsewhere matches against these lists and never names a department or a
document. Sections: question vocabulary (qa/), document metadata and tables (index/meta.py, tables),
plausibility of an upload (index/plausibility.py).
"""

from __future__ import annotations

# =====================================================================================
# Question vocabulary (engine): colloquial words, totals, columns, generic suffixes
# =====================================================================================

# colloquial → official (applied as alternatives: both forms are matched)
SYNONYMS: dict[str, list[str]] = {
    "村委会": ["村民委员会"],
    "居委会": ["居民委员会"],
    "公车费": ["公务用车购置及运行费", "公务用车费"],
    "公车": ["公务用车购置及运行费", "公务用车"],
    "公务车": ["公务用车", "车辆"],
    "公务用车": ["车辆"],
    "车辆": ["公务用车", "用车", "机动车"],
    "车辆运行": ["公务用车运行维护"],
    "公车运行": ["公务用车运行", "车辆运行"],
    "公务用车运行经费": ["车辆运行经费"],
    # 「买车的钱」「买新车的钱」: the purchase of official cars, printed 公务用车购置费
    "买车": ["公务用车购置费"],
    "买新车": ["公务用车购置费"],
    "购置新车": ["公务用车购置费"],
    "购置公务车": ["公务用车购置费"],
    "购置公车": ["公务用车购置费"],
    "购置车": ["公务用车购置费"],
    "购置公务用车": ["公务用车购置费"],
    "出国": ["因公出国（境）", "因公出国"],
    "出境": ["因公出国（境）"],
    "接待费": ["公务接待费"],
    "招待费": ["公务接待费"],
    "公积金": ["住房公积金"],
    "住房公积金": ["住房积金"],  # 「2010201住房积金（项）」: the item's name printed without its 公
    # a stock at the year's end: printed 年末结转和结余
    "年底结转结余": ["年末结转和结余"],
    "年末结转结余": ["年末结转和结余"],
    "结转结余": ["结转和结余"],
    # 「年底结余」「2016年末结余」 (and 「年底还剩」「剩下多少钱」, read as 年底结余: LEFT_AT_YEAR_END): printed
    # 年末结转和结余 (a department's account) or 年末滚存结余 (a fund's)
    "底结余": ["末结转和结余", "末结余", "末滚存结余"],
    "末结余": ["末结转和结余", "末滚存结余"],
    "年终结余": ["年末结转和结余", "年末结余", "年末滚存结余"],
    "低保": ["最低生活保障"],
    # totals are printed as 收、支预算总计 / 收支总计 / 支出预算 as often as 支出总计
    "支出总计": ["收支预算总计", "收支总计", "支出预算总计", "支出预算"],
    "收入总计": ["收支预算总计", "收支总计", "收入预算总计", "收入预算"],
    "预算总计": ["收支预算总计", "支出预算总计"],
    "总支出": ["支出总计", "收支预算总计", "支出预算", "本年支出"],
    # a final account's year: 「本年收入1,668.88万元，本年支出1,652.79万元」
    "全年支出": ["本年支出", "支出总计"],
    "全年收入": ["本年收入", "收入总计"],
    "收支总预算": ["支出预算", "收入预算", "收支预算总计"],
    "收支总计": ["收入支出总计"],  # a final account's 「收入支出总计增加100.46万元」
    "总预算": ["收支预算总计", "支出预算总计"],
    "社保": ["社会保障和就业"],
    "医疗卫生": ["卫生健康"],
    "养老保险": ["机关事业单位基本养老保险缴费", "基本养老保险缴费"],
    "职业年金": ["职业年金缴费", "机关事业单位职业年金缴费支出"],
    "医保": ["职工基本医疗保险缴费", "行政单位医疗", "基本医疗保险"],
    # 「城乡居民医保」「城乡居民养老」: short forms of the printed 基本医疗保险 / 基本养老保险
    "居民医保": ["居民基本医疗保险"],
    "职工医保": ["职工基本医疗保险"],
    "居民养老保险": ["居民基本养老保险"],
    "居民养老": ["居民基本养老保险"],
    "职工养老": ["职工基本养老保险"],
    "医疗保险": ["职工基本医疗保险缴费"],
    "运行经费": ["机关运行经费"],
    "运转经费": ["机关运行经费"],
    # printed as 「一般公共预算财政拨款运行经费」 in many layouts
    "机关运行经费": ["财政拨款运行经费"],
    "社保基金": ["社会保险基金"],
    # government revenue and debt as people say them
    "个税": ["个人所得税"],
    "卖地收入": ["国有土地使用权出让收入"],
    "卖地": ["国有土地使用权出让"],
    "土地出让金收入": ["国有土地使用权出让收入"],
    "土地出让金": ["国有土地使用权出让收入"],
    "土地出让收入": ["国有土地使用权出让收入"],
    "政府债": ["政府债务"],
    "专项债": ["专项债务", "专项债券"],
    "一般债": ["一般债务", "一般债券"],
    "办公经费": ["公用经费"],
    "人头费": ["人员经费"],
    "采购": ["政府采购"],
    # the three kinds of procurement as people say them; reports print 「政府采购货物/工程/服务支出」
    "货物类采购": ["政府采购货物支出"],
    "工程类采购": ["政府采购工程支出"],
    "服务类采购": ["政府采购服务支出"],
    "货物采购": ["政府采购货物支出"],
    "工程采购": ["政府采购工程支出"],
    "服务采购": ["政府采购服务支出"],
    "小微企业": ["小型和微型企业"],
    # final accounts print 「政府采购金额（以合同签订为准）」
    "采购合同": ["采购金额"],
    "专项": ["项目支出"],
    "项目经费": ["项目支出"],
    "培训经费": ["培训费"],
    "会议经费": ["会议费"],
    "差旅": ["差旅费"],
    "退休": ["离退休"],
    "房补": ["提租补贴", "购房补贴"],
    "住房补贴": ["提租补贴", "购房补贴"],
}

# Words people put around an item's name that name nothing printed (qa/understand.py takes them out of the
# subject before it is looked up):
# 「给职工交住房公积金花了多少」: whom it is paid for and the paying verb (printed 住房公积金)
SPOKEN_PAID_FOR = (
    r"(?:给|为|替)?(?:干部职工|在职职工|单位职工|职工|员工|在职人员|工作人员)(?:交纳|缴纳|缴交|交|缴)的?"
    r"(?=[\u4e00-\u9fff]{2})"
)
# 「殡葬方面预算多少」「站房建设这块钱预算了多少」: a field or pointing word after a name (这块钱 is no unit)
SPOKEN_AREA_TAIL = (
    r"(?<=[\u4e00-\u9fff]{2})(?:[这那]一?(?:块|笔|项)钱|[这那]一?块|方面|领域)的?"
    r"(?=预算|决算|支出|经费|资金|花|用|安排|一共|总共|共|是|有|多少|[\s，,？?]|$)"
)
# 「…部门预算中，农村特困人员救助供养支出」「决算中机关运行经费支出」: where it is printed, no part of its name
SPOKEN_WHERE_PRINTED = r"(?:本?部门|本?单位)?(?:预算|决算)(?:报告|说明|公开|表)?(?:中|里面|里|当中)[，,]?"
# 「年底还结转结余了多少」: an adverb between the date and the name
SPOKEN_ADVERB = r"还(?![本款贷债有是])"
# 「城乡居民医保的财政补助」: a grant to a fund said by its beneficiary, printed 「财政对…基金的补助」
SPOKEN_GRANT = (r"(?P<who>[\u4e00-\u9fff]{2,}?)的?财政补助", ("财政对{who}基金的补助", "财政对{who}的补助"))
# 「去年（2016）公用支出」: a year in brackets after 去年 is the year asked, not the year before the document's
# (「今年（2017年）」 keeps its 今年: it still says which year of a two-year report is meant)
PREVIOUS_YEAR_GLOSSED = r"去年|上年|上一年|前一年"

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
    "支出总额",
    "全部预算",
    "整体预算",
    "年度预算",
    "部门预算",
    "收支总计",
    "收支预算",
)
# subjects that, asked with 一共/总共/总预算, mean the whole budget of the department
GENERIC_TOTAL_SUBJECTS = frozenset(
    {
        "",
        "预算",
        "部门",
        "支出",
        "总",
        "预算支出",
        "部门支出",
        "本年支出",
        "全年支出",
        "部门预算",
        "总支出",
        "钱",
    }
)
# subjects that, named alone (no 一共/合计), still mean the grand total of spending
# the word a question names the whole budget by when it names no item (「上年预算是多少」)
WHOLE_BUDGET_WORD = "预算"
WHOLE_BUDGET_SUBJECTS = frozenset(
    {"支出预算", "预算支出", "部门支出预算", "部门预算支出", "总支出", "支出总额", "部门预算总额"}
)
# Row labels/subjects that are grand totals of spending, most specific first.
TOTAL_SUBJECTS = (
    "支出预算总计",
    "支出总计",
    "本年支出合计",
    "支出合计",
    "当年支出小计",
    "本年支出",  # a final account's narrative: 「本年收入24,115.09万元，本年支出24,430.10万元」
    "收支预算总计",
    "收入、支出预算总计",
    "支出预算",
    "合计",
)
# Words of a table title that make its totals part of the department's budget (one fund, one kind of
# spending): 「部门预算一共多少」 is the 收支总表's total, not 财政拨款收支总表's 支出合计
PART_TABLE_WORDS = (
    "财政拨款",
    "一般公共预算",
    "政府性基金",
    "国有资本经营",
    "基本支出",
    "项目支出",
    "政府采购",
    "三公",
)
# subjects that, named alone, mean the year's whole income (its 收入总计 row or 「本年收入…」 sentence)
# (「部门预算收入一共多少」: the department's budget income, printed 「部门收入预算为…」)
WHOLE_INCOME_SUBJECTS = frozenset(
    {"收入", "本年收入", "全年收入", "总收入", "收入总额", "收入合计", "部门预算收入", "部门收入"}
)
# subjects that, named alone, mean the year's whole spending (「本年支出」 of a final account)
YEAR_SPENDING_SUBJECTS = frozenset({"本年支出", "全年支出", "支出"})
INCOME_TOTAL_SUBJECTS = ("收入预算总计", "收入总计", "本年收入合计", "收入合计", "收入预算", "本年收入")
# The two ends of a year: a stock named at one end (年初结转和结余) is never the stock at the other
# (年末结转和结余), however alike their names
YEAR_END_OPPOSITES: dict[str, tuple[str, ...]] = {
    "年初": ("年末", "年底"),
    "年末": ("年初",),
    "年底": ("年初",),
    "期初": ("期末",),
    "期末": ("期初",),
}

# bare words of count questions and the name documents print for them (「有几辆车」 → 车辆)
COUNT_SUBJECTS: dict[str, str] = {
    "汽车": "车辆",
    "公车": "公务用车",
    "公务车": "公务用车",
    "车": "车辆",
    "实际": "实有人员",
    "实有": "实有人员",
}
# 「X有多少人」 naming no group of people: the people a department has (实有人员), as printed
PEOPLE_COUNT_SUBJECT = "实有人员"

# words that only say what kind of code follows (「功能分类科目2110301（大气）」): no part of the item's name
CODE_KIND_WORDS = r"(?:(?:支出)?(?:功能|经济)分类)?科目(?:编码|代码)?"
# 「科目编码是多少」「这个科目代码呢」: the classification code of an item is asked, not its figure (a question
# that also asks the money, 「…是哪个科目编码，多少钱」, asks the figure)
CODE_ASKED = (
    r"(?:编码|代码)(?:是|为)?(?:多少|什么|啥|几|哪个|呢)|科目(?:编码|代码)\??$"
    r"|(?:哪个|什么|哪一?类)(?:(?:支出)?(?:功能|经济)(?:分类)?)?科目(?:编码|代码)?"
)
# 「X对应的功能分类科目编码」「X列在哪个功能分类科目编码下」「X在某局预算里用的是哪个科目编码」: the words
# that follow the item's name when its code is asked (the item is what comes before them)
CODE_ASKED_TAIL = (
    r"(?:的|是)?(?:对应|列在|记在|计入|列入|归入|所属|属于|用|花)?的?(?:是|在)?(?:哪个|什么|哪一?类)?"
    r"(?:(?:支出)?(?:功能|经济)分类(?:科目)?(?:编码|代码)?|科目(?:编码|代码)?|编码|代码"
    r"|(?:功能|经济)(?:科目(?:编码|代码)?|编码|代码|$))"
)
# 「招商引资这个项级科目的…编码」: words before the code words that say which level of item it is, not its name
CODE_ASKED_LEVEL = r"(?:(?:这个|这一|该|此)(?:[类款项]级?)?|[类款项]级)?(?:科目)?$"
# 「工作经费调整到哪个科目列支」: words saying an item was moved to another code, asked after the item's name
# (cut off it) and printed between the item's name and the code it went to (「工作经费调整在“2140102…”」)
CODE_MOVED_VERB = r"(?:调整安排|调整|改为|改列|转入|转列)(?:到|在|至|入)?"
# 「X对应哪个科目编码」「X属于哪一类科目」「X用的科目编码」 with the code words cut off before: the asking words
# left after X (用, never the end of 费用)
CODE_ASKED_VERB_END = (
    r"(?:的|是)?(?:对应|列在|记在|计入|列入|归入|所属|属于|(?<!费)用)的?(?:是|在)?(?:哪个|什么|哪一?类)?$"
    r"|(?:哪个|什么|哪一?类)$"
    rf"|{CODE_MOVED_VERB}$"
)
# 「三甲医院指挥部的钱」「某中心支出」: words after a department's name that say its spending is the item
SPENDING_WORDS_AFTER_BODY = r"(?:的|支出|经费|开支|钱|资金)+$"
# 「（钱）都花在哪个科目上」: the words before the code words name no item, only the spending (a department's whole)
SPENDING_ONLY_ASKED = (
    r"^(?:这些|那些|这笔|那笔)?(?:的|钱|资金|支出|经费|开支)*(?:都|主要|全部|全)?(?:花|用|列|记)?$"
)
CODE_ASKED_GENERIC_SUBJECTS = (
    "",
    "科目",
    "编码",
    "代码",
    "这个科目",
    "该科目",
    "对应",
    "它",
    "它的",
    "这个",
    "其",
)
# column words as people say them (「项目经费有多少」 asks the 项目支出 column)
SPOKEN_COLUMN_WORDS = {"项目经费": "项目支出", "基本经费": "基本支出"}
# Words that name a table column (a facet of a row) rather than the row itself.
COLUMN_WORDS = (
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "人员支出",
    "日常公用支出",
    "公用支出",
    "财政拨款",
    "一般公共预算",
    "工资福利支出",
    "商品服务支出",
    "商品和服务支出",
    "资本性支出",
    "对个人和家庭的补助",
    # staff columns of a 单位构成 table (编制 vs 在职: two counts of one unit)
    "在职人数",
    "人员编制数",
    "编制数",
)
# A count of people asked by the staff word alone (「本级在职多少人」「编制几人」): the column it names
STAFF_COLUMN_WORDS = {"在职": "在职人数", "编制": "编制数"}
# 「实际在职多少人」「现有在职几人」: words that say the count is the real one, as the 在职人数 column is (the
# staff word after them is what is asked)
STAFF_ACTUAL_WORDS = r"(?:实际|实有|现有|目前)(?=在职)"

# Words people leave out of the middle of a printed name: 「政府购买服务项目采购预算额」 asked as
# 「政府购买服务采购」 (never at a name's start: 项目支出 is a whole of its own)
DROPPED_NAME_WORDS = ("项目",)

# Suffixes that do not change what a project is: 项目 ≈ 经费 ≈ 工作 (and 支出/预算 on a row).
GENERIC_SUFFIXES = (
    "项目支出",
    "项目",
    "经费",
    "工作",
    "支出",
    "预算总额",
    "总额",
    "预算数",
    "预算",
    "资金",
    "情况",
)
# the column of a table that prints classification codes (科目编码): its cells are codes, not figures
CODE_COLUMN_WORDS = ("编码", "代码", "编号", "行次", "栏次")

# =====================================================================================
# Conversation (engine): what marks a follow-up, and subjects that name nothing by themselves
# =====================================================================================
# 「那2020年呢」「它的负责人」「换成元」: a question phrased as a continuation
# 「再问个别的：…」「换个部门，…」「另外问一下，…」: a lead-in that only says a new question starts (its
# words are no part of the subject)
# 「换个镇问问，…」「换一家看看：…」「还有，…」「顺便问一下，…」: any 换个X with a verb of asking or none, and
# the bare words that only chain questions — each before a comma or a colon
TOPIC_LEAD_IN = (
    r"^(?:(?:再|另外|还|顺便|我)?(?:问|说|看)(?:[一1]?个|一下|下)?(?:别的|其他的?|另外的?)?(?:问题|话题|事)?"
    r"|(?:还有|下)[一1]?个问题|换[一1]?[个家](?:[\u4e00-\u9fff]{1,4}?)?(?:问问|看看|说说|聊聊|问一下|看一下|问|看|说)?"
    r"|另[一1]?个问题|对比一下|比较一下|接下来|接着问|还有|另外|此外|顺便|然后)"
    r"\s*[:,]\s*"
)
# 「再问一下铁路办，…」「另外问下中楼乡…」「顺便问一句…」: a lead-in of asking run into the body or subject it
# opens (no comma after it): its words are no part of the subject nor of the body's name
TOPIC_ASK_LEAD_IN = r"^(?:再|另外|顺便|还想|我想|我再|还要)问(?:[一1]?下|一句|问)?\s*(?=[\u4e00-\u9fff\d“])"
FOLLOW_UP_CUE = (
    r"^(那|那么|那个|这个|它|它的|该|其|这|那这个|还有)|呢[？?]?$|^(换成|换算成|用|以)(亿元|万元|元)"
)
# 「其中项目支出多少」「里面基本支出呢」 after a row: a part of what was just given (its column)
PART_CUE = r"^(?:其中|里面|这里面|这其中|当中|其)"
# 「支出呢」 after 「社会保险基金收入」, 「年初呢」 after 「年末结转和结余」: a follow-up naming only the other
# side of the subject asks the same subject with that side
OTHER_SIDE = {"收入": "支出", "支出": "收入", "年初": "年末", "年末": "年初"}
# 「那省本级呢」「市本级呢」「全市呢」: a follow-up naming only the level of government (the whole region
# or the government's own level) asks the same figure at that level, not a subject of its own
SCOPE_LEVEL_WORD = r"(?:自治区|[省市区县州盟旗])?本级|全[省市区县州盟旗]|[省市区县]级"
# 「这个项目是干什么的」「这笔钱干什么用」: what a project is for, answered by its row's description column
PURPOSE_QUESTION = r"办什么活动|办了什么活动|开展什么活动|搞什么活动|干什么|做什么|干啥|做啥|干嘛|用途|用在哪|花在哪|用到哪|花到哪|[花用]在什么(?:地方|方面|上)|用来做|用于什么|用于哪|是什么项目"
# 「监管场所项目建在哪里」「选址在什么地方」: where a project is, said in words (「项目用地位于…」), no figure
PLACE_QUESTION = (
    r"(?:建|修|设|选址|坐落|位于|地点|地址|位置)(?:在|于|是)?(?:哪[里儿个]?|什么地方|什么位置|何处|何地)"
)
PLACE_CUE = r"位于|坐落|地处|选址|建设地点|项目地点|地址"
# 「是从几月开始独立运行的」: a question asking the month, answered by the sentence that prints one (「自8月…」)
MONTH_QUESTION = r"几月|哪个月|哪一?月"
# 「是什么时候组建的」: a question asking when, answered by the sentence that prints a date
WHEN_QUESTION = r"什么时候|何时|哪一?年|哪天|哪一天|几月|哪个月|哪一?月"
WHEN_CUE = r"(?:19|20)\d{2}\s*年|(?<![\d.])\d{1,2}\s*月"
MONTH_CUE = r"(?<![\d.])\d{1,2}\s*月(?!份?[底末]?\s*\d)|[一二三四五六七八九十]{1,2}月"
# 「什么时候成立的」「何时组建」: the verb asked about; the sentence printing that verb with its date (「成立于2016年6月」
# 「2016年6月正式组建」) answers, not one that only says 新成立 beside a year
WHEN_VERB_QUESTION = (
    r"(?:什么时候|何时|哪一?年|哪天|哪一天|几月|哪个月)(?:开始|正式)?(?P<verb>[\u4e00-\u9fff]{2})"
)
WHEN_DATE = r"(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"
WHEN_VERB_BEFORE_DATE = r"(?:于|在|时间为|时间是|日期为|时间：)\s*"
WHEN_VERB_AFTER_DATE = r"(?:正式|起|开始)?"
# 「施工单位是哪家」「设计单位是哪个单位」: a role asked by 哪家/哪个, answered by the sentence naming the body in it
# (「施工单位为福建榕源建设工程有限公司」), never by one that only prints the role's word
ROLE_ASKED = (
    r"(?P<role>[\u4e00-\u9fff]{2}(?:单位|公司|企业|机构|方))(?:是|为)(?:哪家|哪一家|哪个|哪一个|什么|谁)"
)
ROLE_NAMED_AFTER = r"\s*(?:为|是|[：:])\s*[^，。；,;]{2,30}?"
ORG_NAME_ENDINGS = (
    r"(?:有限责任公司|有限公司|股份公司|集团|公司|设计院|研究院|事务所|管理局|医院|学院|大学|中心)"
)
# 「没有使用政府性基金预算拨款安排的支出」「本部门没有机关运行经费支出」「均无安排…」: a document saying it has none
# of a thing; the words after it name the thing
NONE_SAID = r"没有|均无|并无|未(?:安排|使用|发生|设置|列支)"
# 「工作人员是从哪里来的」「牵头制订了哪个办法」「由谁承担」: an open question asking no figure (no money, count
# or share word) is answered by the sentence that holds its words, never by a figure lookup
OPEN_QUESTION = r"哪里|哪儿|何处|哪个|哪一?家|哪一[个项份部类种]|哪[项份部类种]|什么|啥|谁|怎么|如何|怎样"
# such a question still asks a figure when it names a code or a ranking (「是哪个科目编码」「哪个部门最多」)
OPEN_QUESTION_FIGURE = (
    r"编码|代码|科目|费|最多|最少|最高|最低|最大|最小|[更较][多少高低大小]|排名|第[一二三\d]|"
    r"多[大高长远重久]|[多少高低大小][？?]?$"  # 「工程量多大」「哪个的保有量多」: a size or a comparison
)
# the thing such a question asks for by its name (「哪个码头」「局长是谁」): a sentence that answers prints it
OPEN_ASKED_NOUN = (
    r"(?:哪个|哪一?[个项份部类种家所]|(?<!为)什么|(?<![为咋])啥)(?!时候|时间|地方|样|意思)(?P<what>[\u4e00-\u9fff]{2,10}?)的?"
    r"(?=[，,、？?。]|$|了|呢|吗)"
    r"|(?P<who>[\u4e00-\u9fff]{2})(?=是谁|是哪位)"
)
# 「去哪个国家」「在哪个地方」「哪个单位承担」: a category asked with 哪个 is answered by an instance of it (加拿大),
# never by a sentence printing the category's word (国家赔偿); names asked (局长是谁, 哪个办法) are printed
OPEN_ASKED_CATEGORY = (
    "国家",
    "地方",
    "单位",
    "地区",
    "城市",
    "活动",
    "项目",
    "部门",
    "机构",
    "省份",
    "地点",
    "场所",
    "企业",
    "公司",
    "学校",
    "乡镇",
    "国外",
    "境外",
)
# 「招商局的机关运行经费又是多少」「人员支出也是吗」: a spoken particle left after the thing asked names nothing
# (a word ending in the same character is kept: 偿还, 首都, 原则)
SUBJECT_PARTICLE_AFTER = r"(?<=[\u4e00-\u9fff]{2})(?<![偿归退返交送奉])(?:又|也|还|却|倒|(?<![首成京国])都)$"
# 「那笔173万」「新增的其他支出58.22万元」「那24.94万」: an amount a question says, pointing at the item printing it
SAID_AMOUNT = r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>万|亿|元|块)(?![人辆个台次项家件户名批])"
# 「这个数是怎么定出来的」「按什么标准安排的」: how a figure was set, answered by the sentence stating its
# basis, printed with it (「根据区公务用车改革方案，…每部定额3.8万元」)
BASIS_QUESTION = r"怎么定|如何定|怎么确定|如何确定|怎么算出|如何算出|怎么算的|如何计算的|怎么核定|如何核定|怎么测算|如何测算|依据是|依据什么|根据什么|按什么|什么标准|标准是什么|怎么来的|怎么得出|如何得出"
BASIS_CUE = r"根据|依据|按照|定额|标准"
# 「跟上年比呢」 where no previous year's figure is printed: the sentence comparing it, printed after it
# (「…预算安排20万元。…与上年持平。」)
# 「比上年呢」「同比呢」「和2017年比呢」: a follow-up that only compares with the year before asks the change
BARE_COMPARISON = (
    r"^(?:那|那么)?(?:(?:跟|和|与|比|较|同)(?:上年|去年|上一年|上年度|(?:19|20)\d{2}年度?)(?:相比|比较|比)?|同比|环比)"
    r"(?:呢|怎么样|如何|情况呢?)?[?？]?$"
)
COMPARISON_CUE = r"(?:与|和|跟|比|较|同)(?:上年|上一年|去年|\d{4}年)|同比|持平"
# 「…113.75万元，主要用于局本级数字财政建设支出」: the words that open the use printed after a figure
USE_CUE = r"主要用于|主要是用于|用于"
# 「行政运行2.27万元，主要用于专项业务工作经费支出,较上年决算数…减少2.47万元」「是安排…经费用于…支出,较上年…」:
# a clause saying what the money went to names a use, not the item a comparison after it is of
USE_CLAUSE = rf"^[，,\s]*[^，,。；;]{{0,20}}?(?:{USE_CUE})"
# 「（八）农林水支出…316.05万元（其中…），总体较2016年决算数增加164.86万元」: 总体 names the whole item the
# sentence opened with, no item of its own
WHOLE_ITEM_WORDS = ("总体", "整体")
# 「主要用于环境监测站站房建设。」 printed alone after an item's figure: its one use (no list of uses), a name the
# item is asked by (index/facts.py keeps it in the fact's context after USE_NAME_MARK; index/names.py reads it)
ITEM_USE_SENTENCE = r"(?:主要|该项)?(?:是)?用于(?P<what>[^，,、。；;及和与等\s]{4,20})。?"
USE_NAME_MARK = "用于:"
# the columns of a project table that say what the project does (项目支出表, 绩效目标表), best first
PURPOSE_COLUMNS = ("项目概述", "项目简介", "项目内容", "主要内容", "实施内容", "用途", "绩效目标", "年度目标")
# pronouns that stand for the previous subject
FOLLOW_UP_PRONOUN = r"^(它的|它|这个|那个|该项目|该|其|这|那)"
# left of a question once its measure words are gone, these still name no subject of their own
SUBJECTLESS_WORDS = frozenset(
    {
        "",
        "呢",
        "那",
        "年",
        "项目",
        "这个项目",
        "那个项目",
        "这项",
        "那项",
        "的",
        "这个",
        "那个",
        "它",
        "其",
        "该",
        "主要",
        "具体",
        "这笔钱",
        "这笔",
        "那笔钱",
        "钱",
        "资金",
        "金额",
        "涉及资金",
        "涉及金额",
        "总额",
    }
)

# =====================================================================================
# Departments (engine): how people shorten a department's official name (简称)
# =====================================================================================
# (long part of an official name, the short forms people use for it)
DEPARTMENT_SHORT_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("高级人民法院", ("高院", "法院")),
    ("中级人民法院", ("中院", "法院")),
    ("人民法院", ("法院",)),
    ("人民检察院", ("检察院",)),
    ("人民代表大会常务委员会", ("人大常委会",)),
    ("人大常委会", ("人大",)),
    ("管理局", ("局",)),
    ("工作部", ("部",)),  # 党群工作部 → 党群部
    ("工作委员会", ("工委",)),  # 区直机关工作委员会 → 区直机关工委, 纪律检查工作委员会 → 纪工委
    ("委员会", ("委",)),
    ("委会办公室", ("委办",)),  # 管委会办公室 → 管委办: 会 dropped between 委 and 办公室, which is 办
    ("人力资源和社会保障", ("人社", "人力社保")),
    ("生态环境", ("环保", "生态")),
    ("规划和自然资源", ("规划资源", "规自", "规资")),
    ("退役军人事务", ("退役军人",)),
    ("政务服务和数据管理", ("政数", "政务服务")),
    ("轨道交通", ("轨道", "轨交")),
    ("公共资源交易", ("公共资源",)),
    ("城市管理行政执法", ("城管执法", "城管")),
    ("城市管理综合执法", ("城管执法", "城管")),
    ("城市管理", ("城管",)),
    ("街道办事处", ("街道", "街道办")),
    ("监督管理", ("监管",)),  # 市场监督管理局 → 市场监管局
)
# The fixed abbreviations of the mass organisations (人民团体), which no character rule derives: 平潭综合实验区
# 归国华侨联合会 is asked as 平潭侨联 / 区侨联, a 妇女联合会 as 妇联 (``qa.catalogue`` gives a department whose
# name holds the long form its abbreviation, with its place before it as for any short form).
MASS_ORGANISATION_SHORT_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("归国华侨联合会", ("侨联",)),
    ("妇女联合会", ("妇联",)),
    ("文学艺术界联合会", ("文联",)),
    ("科学技术协会", ("科协",)),
    ("工商业联合会", ("工商联",)),
    ("残疾人联合会", ("残联",)),
    ("台湾同胞联谊会", ("台联",)),
    ("红十字会", ("红会",)),
    ("总工会", ("工会",)),
)
# 「文化和旅游局」 is asked as 文旅局, 「建设和管理委员会」 as 建管委, 「发展和改革委员会」 as 发改委: two
# words joined by one of these are shortened to the first character of each (``qa.catalogue``)
NAME_CONJUNCTIONS = ("和", "与")
# 「农村发展局」 is asked as 农发局, 「卫生健康委员会」 as 卫健委, 「财政金融局」 as 财金局: a name of two two-character
# words before its ending is shortened to the first character of each, as with the joined words above
TWO_WORD_NAME_ENDINGS = ("局", "委员会", "委", "厅", "办公室", "中心")
# 「交通委员会」 is asked as 交委, 「教育委员会」 as 教委: a committee of one two-character word, that word's first
# character before the ending's short form
ONE_WORD_NAME_SHORT_ENDINGS = {"委员会": "委"}
# 「建管委是管什么的」「街道办事处主要负责哪些工作」: what a body does, answered by its section of
# duties (一、主要职能 / 主要职责) — the words of the question and the headings (or lead-in) of that section.
DUTY_QUESTION = r"职责|职能|干什么(?!用)|做什么(?!用)|干嘛|管什么|管哪些|管些什么|管些啥|管啥|负责什么|负责哪些|负责些什么|主要负责|是管"
# words that make such a question one about money or a thing, not about what the body does
DUTY_NOT_OF_BODY = r"支出|经费|费用|资金|项目|预算|钱|用来|用于|用在"
# words that make a subject an item of money (「机关运行经费呢」「政府采购预算呢」 after a count still asks money)
MONEY_ITEM_WORDS = r"经费|费用|费$|资金|支出|收入|拨款|预算$"
DUTY_SECTION = r"主要职能|主要职责|职能主要|职责主要|职能包括|职责包括|职能职责"
# An office of a government named after it: 「普陀区人民政府万里街道办事处」 is asked as 万里街道 /
# 万里街道办事处 (the government's name before the office's own is dropped).
GOVERNMENT_OFFICE_PREFIXES = ("人民政府",)
# 「区党工委宣传部部门政府采购预算总额」: after the document's own name, 部门 says the figure is the body's own
OWN_BODY_WORDS = r"^(?:本部门|部门)"
# 「区社会事业局政府采购预算总额」: after the document's own name (its place said by its level word 区), a whole
# the body prints of itself (its 总额), never an item named with the body
OWN_BODY_WHOLE_END = r"(?:总额|总计)$"
OWN_BODY_LEVEL_LEAD = r"^[省市区县]"
# 「卫计局部门一共有多少辆车」: 部门 said right after a body's name, before the question's own words, is the body
# itself (its 部门 as a whole), never part of what is asked; 部门预算/部门决算… are the words' own compounds
OWN_BODY_AFTER_NAME = (
    r"(?:本|全)?部门(?!预算|决算|收入|支出|财政拨款|收支|整体|经济|职责|主要|机构|所属|下属|单位)(?=\S)"
)
# the party committee a department belongs to, said before its name and dropped when it is asked
# (西安市委宣传部 → 宣传部; 平潭综合实验区党工委宣传部 → 宣传部)
PARTY_COMMITTEE_PREFIX = r"^(?:党工委|党委|工委|委)(?=[\u4e00-\u9fff]{2,})"
# A township's own name (大练乡, 敖东镇): two characters then 乡/镇/街道 — a title 「…大练乡决算说明」 names the
# township's government; never a level or a kind of place (全区乡镇, 城乡).
TOWNSHIP_NAME = r"(?![全各本该每这那城])(?:(?![省市区县乡镇村])[\u4e00-\u9fff]){2}(?:乡|镇|街道)"
# A township's government is said by the township's name alone: 东庠乡人民政府 → 东庠乡.
TOWNSHIP_GOVERNMENT = r"(?P<place>[\u4e00-\u9fff]{1,6}(?:乡|镇|街道))人民政府"
# 「两个乡一共有多少辆公务车」「三个局截至2017年底的车辆」: the bodies of a store counted by the ending of
# their names — the numerals and the endings that may be counted so (the count must match the store).
COUNTED_BODIES = r"(两|二|三|四|五|六|七|八|九|十|\d{1,2})(?:个|家)(乡镇|乡|镇|街道|局|委)"
COUNTED_NUMERALS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# A zone's name is said by its place word alone: 平潭综合实验区公安局 → 平潭公安局.
ZONE_SUFFIXES = (
    "综合实验区",
    "高新技术产业开发区",
    "经济技术开发区",
    "经济开发区",
    "开发区",
    "实验区",
    "新区",
)
# words that end a department's name: a body named in a question ends with one of them
DEPARTMENT_ENDINGS = (
    "人民检察院",
    "检察院",
    "人民法院",
    "法院",
    "高院",
    "管理局",
    "局",
    "厅",
    "委员会",
    "委",
    "办公室",
    "办",
    "中心",
    "部",
    "院",
    "所",
    "站",
    "队",
)
# a department's own budget as opposed to the units under it (本级 / 机关)
OWN_LEVEL_WORDS = ("本级", "机关", "部门本级", "单位本级")
# 「局本级的接待费」: a department's own unit asked apart from the units under it
OWN_UNIT_WORDS = r"(?:局|厅|委|办|部|院|中心|部门|单位)(?:机关)?本级|机关本级|本级机关"
# words that refer to "this department" without naming it
SELF_REFERENCE = r"(本|该|这个|那个|市|省|区|县|我|贵)?(局|厅|院|单位|部门|委|办)(机关|本级)?"

# =====================================================================================
# Kinds of figures (engine): final accounts, executions, budget stages
# =====================================================================================
# a question word → the column words that print it (决算 tables: 年初预算数 / 调整预算数 / 决算数)
STAGE_COLUMNS: dict[str, tuple[str, ...]] = {
    "年初预算": ("年初预算", "预算数", "年初"),
    "调整预算": ("调整预算", "调整后预算", "全年预算"),
    "决算": ("决算数", "决算", "执行数", "实际"),
    "执行数": ("执行数", "决算数", "决算", "完成数"),
    "实际": ("决算数", "执行数", "决算", "实际", "完成数"),
    "调整后预算": ("调整预算", "调整后预算", "全年预算"),
    "执行率": ("完成率", "执行率"),
    "完成率": ("完成率", "执行率", "决算数为预算数的", "完成预算的", "占预算"),
    # a government report's 完成数 (the outcome of the year, beside 预算数 / 调整预算数)
    "完成": ("完成数", "执行数", "决算数", "完成"),
}
STAGE_QUESTION = r"年初预算|调整预算|调整后预算|决算数?|执行数|执行了|实际花了?|实际支出|实际用了|实际完成了?|完成率|执行率|完成数|完成了?(?=多少|几|\s|$)"
# 「X（款）Y（项）」: levels of the functional classification
CLASS_LEVELS = ("类", "款", "项")
# categories asked about as a whole: their total row, not the budget's
CATEGORY_WHOLES: dict[str, tuple[str, ...]] = {
    "三公经费": ("“三公”经费", "三公经费", "“三公”经费支出", "三公经费支出", "“三公”经费合计"),
    "政府采购": ("政府采购预算", "政府采购", "采购预算总额", "政府采购合计"),
    "机关运行经费": ("机关运行经费",),
}
# what a change is compared with, sometimes read as the subject of 「比上年执行数减少…」
COMPARISON_SUBJECTS = (
    "执行数",
    "预算数",
    "决算数",
    "上年",
    "上年执行数",
    "上年预算数",
    "年初预算数",
    "上年决算数",
)
# funds kept apart from the general budget: a question not naming one is not about their tables
SPECIAL_FUND_WORDS = ("政府性基金", "国有资本经营", "社会保险基金")
# a fund said before an item of its section (「政府性基金城市建设支出」「一般公共预算行政运行支出」): the item read
# in the fund's context; what follows a fund's name as its own total (预算, 收入, 支出, 拨款) is no item
FUND_PREFIXES = ("政府性基金", "国有资本经营预算", "一般公共预算", "财政拨款")
FUND_OWN_WORDS = r"^(?:预算|决算|收入|支出|拨款|财政拨款|收支|基本支出|项目支出|安排|结转|结余)"
# the parts of 三公经费 as documents print them
SANGONG_PARTS = ("因公出国（境）费", "公务用车购置及运行费", "公务接待费")
# wholes the genre defines by their parts: a document that prints only the parts answers the whole by their
# sum (qa.kinds.computed) …
WHOLE_OF_PARTS = {"三公经费": SANGONG_PARTS}
# … asked with these words around it (「三公经费合计预算多少」「“三公”经费总额」)
WHOLE_ASKED_WORDS = (
    r"合计|总计|总额|总共|一共|共计|加起来|预算数?|安排|支出|决算数?|拨款|一般公共预算|财政拨款|的"
)
# 一共 / 合计 / 加起来: a total of the named parts
SUM_WORDS = r"一共|总共|合计|加起来|之和|总和|共计|总计"
# a purchase as people say it (买固定资产) and as budgets print it (购置固定资产)
BUY_SPOKEN = r"^(?:购买|买)(?=[\u4e00-\u9fff]{2})"
BUY_PRINTED = "购置"
# words of comparison across documents
RANK_MOST = r"最多|最高|最大|最少|最低|最小|更多|更少|更高|更低|较多|较少"
# A difference of two measures of one row asked in words (「债务余额比债务限额少多少」「还有多少空间」):
# the first measure, 比/较, the second, then the direction asked.
COLUMN_DIFFERENCE = (
    r"(?P<a>[^，。？?,；]+?)(?:比|较)(?P<b>[^，。？?,；]+?)(?P<word>少|多|低|高|差)(?:了)?(?:多少|几)"
)
# Which of the places of a table by area is asked for (「各地州市里哪个…最高」).
WHICH_PLACE = r"哪个|哪些|哪一个|哪家|哪里|哪个地区|哪个市|哪个县"
EACH_YEAR = r"分别是?多少|每年|各年|这几年|这三年|这两年|历年|逐年|近几年"
# 「X 和 Y 分别是多少」: each of the named years or departments, listed side by side
EACH_OF = r"分别|各是|各为|各自|各多少|各有多少|各安排|各花"
# words asking for a difference (not a listing)
CHANGE_WORDS = r"比.{0,12}(多|少|增|减|高|低|涨|降)|相差|差多少|差了多少|差额|增长|下降|增加|减少|变化"
# a question about several departments at once: never narrowed to the conversation's department
ACROSS_DEPARTMENTS = r"哪个部门|哪个单位|哪家|哪一个|各部门|各单位|各个|这几个|几个部门|所有部门|所有单位|每个部门|全部文件|各文件|分别"

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
    "限额",
    "余额",
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
# A level character that begins a word of the body's own name, never ends a place before it:
# 「平潭综合实验区市场监督管理局」 is of 平潭综合实验区 (市场…), not of a city 平潭综合实验区市.
NOT_PLACE_AFTER_LEVEL = ("场",)
# Final characters of an organisation's name (局, 委员会, 中心, 法院 …).
ORG_SUFFIX_CHARS = "局院委厅部处会署办所站队室司馆校心社团府庭组园场"
# A body whose official name holds the place it is of before its ending (中国人民政治协商会议福建省平潭县
# 委员会) is said by its short form after the place (平潭县政协, 县政协) or before it (政协平潭县委员会).
PLACE_COMMITTEE_BODIES = (("中国人民政治协商会议", "政协"),)
PLACE_COMMITTEE_ENDING = "委员会"
# An organisation's committee of a place (共青团平潭综合实验区委员会, 共青团某某市委员会) is said by the
# organisation's short form, the place's level word and 委 (团区委, 团市委, 团县委).
PLACE_LEVEL_COMMITTEE_BODIES = (("共青团", "团"),)
PLACE_LEVEL_COMMITTEE_SHORT_ENDING = "委"
# One body's official name printed whole on one page and by its fixed short form on another (平潭县人民代表大会
# 常务委员会 / 平潭县人大常委会): the department is keyed by the short form, so its years stay one department
DEPARTMENT_KEY_SHORT_FORMS = (("人民代表大会常务委员会", "人大常委会"),)
# Bodies people name by a short form ending in no such character (「平潭县政协」「市妇联」「区科协」)
BODY_SHORT_ENDINGS = ("政协", "人大", "妇联", "残联", "文联", "侨联", "工商联", "科协", "台联")
# Endings of a body's name printed right before its whole income or spending (「区党工委党群工作部收入预算为…」
# 「平潭政协部门收入预算为…」「…镇人民政府支出决算…」): the figure is that body's whole, not an item named so
BODY_WHOLE_ENDINGS = ("部门", "部", "局", "委员会", "委", "办公室", "中心", "政府", "政协", "院")
# 「敖东镇2016年三公经费…」「县政协三公经费…」「平潭综合实验区党工委宣传部…」: a question opening with a
# body's name (a township, a body said by its short form, a committee or a department of a party committee),
# its place first or not — a store holding no document of that body answers not found, never another's
# figure.  (Never 「全区乡镇…」「农村乡镇…」: a level or a kind of place is no township's name.)
BODY_AT_START = (
    r"^(?:[\u4e00-\u9fff]{2,8}?(?:省|市|区|县))?(?P<body>"
    r"(?![全各本该每这那])(?:(?![省市区县乡镇村])[\u4e00-\u9fff]){2}(?:镇|乡|街道)(?![乡镇村])"
    r"(?:人民政府|政府|办事处)?"
    r"|[省市区县]?(?:" + "|".join(BODY_SHORT_ENDINGS) + r")(?!代表|委员|会议)"
    r"|[\u4e00-\u9fff]{0,3}?[党工]委(?:[\u4e00-\u9fff]{2}部)?"
    r")"
)

# Words that make a name generic, never a body: "本部门", "各单位".
GENERIC_BODIES = frozenset(
    {"本部门", "本单位", "部门", "单位", "本级", "机关", "各部门", "各单位", "预算单位"}
)
# Qualifiers after a body's name that say which part of it: "长春市信访局（本级）".
BODY_QUALIFIERS = ("（本级）", "(本级)", "本级", "（机关）", "(机关)", "机关本级")
# The finance body that signs a government-wide report: "深圳市财政局局长 …", "平潭县财政金融局局长 …".
FINANCE_BODY_WORDS = ("财政金融局", "财政局", "财政厅", "财政部")
# The heading and phrase a department disclosure states its duties with: 「XX局的主要职责是：」.
DUTIES_WORDS = ("主要职责", "主要职能")
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

# A page saved from a portal: the breadcrumb's label, and the share buttons after the article's date
# ("当前位置：首页政务公开… 时间：2017-08-22 19:22 微信 微博 QQ空间"); page furniture, never text.
BREADCRUMB_LABELS = ("当前位置", "您当前的位置", "您现在的位置", "您的位置", "所在位置")
PAGE_SHARE_WORDS = (
    "分享到：",
    "分享到",
    "QQ空间",
    "QQ好友",
    "腾讯微博",
    "新浪微博",
    "微信",
    "微博",
    "【打印本页】",
    "打印本页",
    "【关闭窗口】",
    "关闭窗口",
)
# A page saved without its breadcrumb: the title runs into the disclosure's first sentence
# (「2016年度…部门决算说明 按照《…》的要求，现将我单位2016年度部门决算说明如下:」).  The words a title of
# the genre ends with, and the words its first sentence opens with.
RUN_IN_TITLE_ENDS = ("说明", "公开", "情况", "报告", "预算", "决算", "草案")
FIRST_SENTENCE_OPENERS = (
    "按照",
    "根据",
    "依据",
    "依照",
    "遵照",
    "为",
    "现将",
    "现就",
    "本部门",
    "我单位",
    "本单位",
)

# --------------------------------------------------------------------------- where and at which level

# Province-level municipalities (直辖市): a region that is a 市 but at province level.
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
# A body of the central government has no region before its name.
CENTRAL_PREFIXES = ("国家", "中共中央", "中央", "国务院", "全国", "中国", "最高人民", "海关总署", "中华全国")
LEVEL_CENTRAL = "中央"
LEVEL_PROVINCE = "省级"
LEVEL_CITY = "地市级"
LEVEL_COUNTY = "区县级"
LEVEL_TOWNSHIP = "乡镇级"  # a township's (乡/镇) own budget report

# --------------------------------------------------------------------------- kinds of documents

KIND_DEPARTMENT_BUDGET = "部门预算"
KIND_UNIT_BUDGET = "单位预算"
KIND_DEPARTMENT_FINAL = "部门决算"
# 「去年花了多少」 is the speaker's last year: a final account is read the year after the one it
# reports, so there it is the document's own year; 上年/上一年 stay the year before the document's
PREVIOUS_YEAR_SPOKEN = r"去年"
PREVIOUS_YEAR_PRINTED = r"上年|上一年|上年度|前一年"
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

# A final-account report that also reports the running year so far (「2016年…决算和2017年上半年预算执行
# 情况的报告」): the part of the year its execution covers
PART_YEAR_WORDS = ("上半年", "前三季度", "一季度", "1-6月", "1—6月", "1～6月", "1-9月", "1—9月")
# Words that end a numbered heading run into the sentence after it on a one-line page (「（1）全区一般公共预算
# 收入决算 全区收入合计…」); an item's name (「（二）公务接待费 2019年…」) ends in none of them
# (「（三）下半年财政主要工作计划 上半年财政各项工作…」: a plan's heading too)
RUN_IN_HEADING_ENDS = (
    "决算情况",
    "执行情况",
    "收支决算",
    "收入决算",
    "支出决算",
    "平衡情况",
    "决算",
    "情况",
    "工作计划",
    "工作安排",
    "工作任务",
    "工作重点",
    "主要措施",
)
# the last words of a part's heading a web page glued to the sentence before it (「…减少八、机关运行经费支出
# 情况2016年…」「…不定九、项目绩效自评报告2016年度…」): the line is cut before its number
GLUED_HEADING_ENDS = ("情况", "说明", "报告", "总结", "职责")
# The first header cell of a small table a web page flattened into its sentence line (「单位名称 经费性质 人员编制数
# 在职人数 平潭一中 财政核拨 250 240 …」): the cells after it are read back into rows
FLAT_TABLE_HEADS = ("单位名称", "项目名称", "部门名称")
# The other header cells of a 单位构成 table a page ran together with its rows (「单位名称经费性质人员编制数
# 在职人数某局本级财政核拨389383…」): a column of the unit's kind of funding, read as a word at the end of
# the name, and columns of counts
# 「下属的重点项目服务中心…」「所属单位某中心…」: words before a unit's name that say it is under the department,
# no part of its name
UNIT_UNDER_WORDS = r"(?:其|本部门|本单位)?(?:下属|所属|直属|下设)(?:的|单位|事业单位)?"
# the words a flattened 单位构成 table may print after a count of people (「5名」「10人」)
FLAT_TABLE_PEOPLE_UNITS = "名人"
FLAT_TABLE_KIND_COLUMNS = ("经费性质", "经费形式", "经费来源", "单位性质", "单位类型", "单位类别")
FLAT_TABLE_COUNT_COLUMNS = (
    "人员编制数",
    "编制人数",
    "编制数",
    "核定编制",
    "在职人数",
    "在职人员数",
    "实有人数",
    "在编人数",
    "离退休人数",
    "退休人数",
)
# The header of a 单位构成 staff table as most pages print it (its count columns name a department's own row)
STAFF_TABLE_HEAD = ("单位名称", "经费性质", "人员编制数", "在职人数")
# How a unit is funded (its 经费性质) and what kind of unit it is (单位性质), as such a table prints them
FUNDING_KINDS = (
    "财政核拨",
    "财政拨款",
    "财政拨补",
    "财政补助",
    "财政补贴",
    "全额拨款",
    "差额拨款",
    "定额补助",
    "定额拨款",
    "自收自支",
    "经费自理",
    "全额",
    "差额",
    "行政单位",
    "事业单位",
    "参公事业单位",
    "参公单位",
    "行政",
    "事业",
    "参公",
    "临时机构",
    "参照公务员法管理",
    "参照公务员管理",
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
# Columns of a table whose cells are a remark on their row (「土地增值税 … 备注：主要今年清算项目较少」):
# the row's own explanation, read like a sentence by text questions.
REMARK_COLUMNS = ("备注", "说明", "原因", "情况说明", "变动原因", "增减原因")
# Marks that tie a note item to the row printing the same mark (「70.1% ⑨」 … 「⑨增幅较高主要是…」).
NOTE_ITEM_MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
# The start of an item of a list printed as sentences: 一是… 二是…, （一）…, 1. …, ①…
LIST_ITEM_START = r"^(?:[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）|\d{1,2}[.、．](?!\d)|[①-⑳⑴-⒇])"
# What introduces the items of a list printed in a sentence: 「内设机构分别是A、B」「包括：A；B」
# 「即：A、B」「其中，A 28.50万元，B 400.00万元」「下设A、B四个专业委员会」 (qa/kinds/printed_list.py).
LIST_LEAD_WORDS = (
    r"分别是|分别为|分别有|包括|包含|主要有|分为|分设|下设|设有|内设|即[：:]?|其中[，,：:]?|是指|[：:]"
)
# Member words that name the same kind of list: 「都是哪些处室」 is answered by 「内设机构分别是…」.
LIST_MEMBER_GROUPS = (
    ("内设机构", "机构", "处室", "科室", "职能处室", "内设"),
    ("二级预算单位", "下属单位", "所属单位", "预算单位", "二级单位", "基层单位", "单位构成", "单位"),
)
# 「本部门的主要职责是：」「列入部门决算编制范围的单位」: the department speaking of itself, or the genre of the
# document (部门决算), names no kind of item its list is of
LIST_SELF_REFERENCE = r"[本该我]部门|部门(?:决算|预算)"
# 「本部门包括下设综合部、工程部、征迁部」: a lead ending so lists bodies set up under the department, the kind
# asked of them (部门, 机构 …) when every item names a body
LIST_SUB_BODY_LEAD = r"(?:下设|内设|设有|设置)$"
LIST_BODY_KINDS = ("部门", "机构", "单位", "处室", "科室")
# Words after 哪些 that ask for no kind of item in particular (「花在哪些方面」)
LIST_GENERIC_MEMBERS = frozenset(
    {"方面", "内容", "东西", "部分", "地方", "领域", "情况", "事项", "种类", "类别"}
)
# The 类 of the economic classification (支出经济分类科目): a table that prints only their 款 rows
# (30201 办公费 …) still answers 「有哪些商品和服务支出科目」 by the code they share.
ECONOMIC_CLASS_CODES = {
    "工资福利支出": "301",
    "商品和服务支出": "302",
    "商品服务支出": "302",
    "对个人和家庭的补助": "303",
    "对个人和家庭补助": "303",
    "资本性支出": "310",
}
# Words that name the items of what 「X包括哪些…」 asks about, not a kind of its own (「三公经费包括哪些项目」)
LIST_ITEM_WORDS = frozenset({"项目", "项", "内容", "部分", "科目"})
# Row labels of a table's total rows: never an item of a list read from the table.
LIST_TOTAL_LABELS = ("合计", "总计", "小计", "共计")
# Footnote markers printed glued to a figure: 「下降4.1%²」「12.5亿元①」.
FOOTNOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰①②③④⑤⑥⑦⑧⑨⑩*※"


# --------------------------------------------------------------------------- government-wide reports
# A government report prints the whole region (全市, 总预算) and the government's own level (市本级)
# side by side; a question that names one of them means that scope, never the other.
REGION_SCOPE_WORDS = ("全市", "全省", "全区", "全县", "全州", "全盟", "全旗", "总预算", "总决算")
OWN_SCOPE_WORDS = ("本级",)
# A two-year report (2025年预算执行情况和2026年预算草案) dates each figure by its words when no year is
# printed next to it: the past year's outcome …
OUTCOME_WORDS = ("完成", "执行", "实现", "决算", "实际", "同比", "占调整预算", "占预算")
# … and the next year's plan.
PLAN_WORDS = ("预算安排", "安排", "草案", "预计", "拟", "计划", "预算为", "年初预算")
# Words of a question asking for the past year's outcome of a two-year report (「去年完成了多少」).
OUTCOME_QUESTION = r"完成数|实际完成|完成了?(?=多少|几|$)|执行数|决算数?"
# A sentence figure labelled only by its stage or ratio (「实际完成566579万元」「为预算的107.8%」
# 「增长16.4%」): its name is the sentence's head.
STAGE_SUBJECT = (
    r"(?:为|占|比)?(?:调整|年初)?(?:预算|上年)?数?的?|(?:实际)?完成数?|执行数?|决算数?|增长|下降|增加|减少"
)
# A sentence figure labelled by its stage alone (「年初预算为51.50万元，支出决算为51.98万元」): the
# sentence's head, or the 类/款/项 item the sentence before names, is what it is of.
STAGE_LABEL_ONLY = r"(?:当年)?(?:支出)?(?:年初预算|调整后?预算|预算|决算)数?(?:为|是)?"
# 「2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%」 after the
# sentence naming a 类/款/项 item: the item's figures of the year before (执行数) and of this year (安排).
STAGE_YEAR_LABEL = r"(?:当年)?(?:预算)?(?:执行数?|安排)|预算执行数|执行数"
# A change word that begins a name when a noun follows it: 「新增债券100,300万元」「申请新增地债25亿元」
# 「新增一般债券收入139,300万元」 are the new bonds' amounts, not changes; 「比上年新增5亿元」 is a change.
NAME_HEAD_DIRECTIONS = ("新增",)
# A report's 「一是支持教育全面发展，财政支出91,102万元」「二是支持深化医疗改革，投入…」: the figure's own clause
# names only the spending (SPENDING_ONLY); the clause before it says what for, after a purpose verb
# (PURPOSE_VERBS). The figure is that purpose's spending (教育全面发展支出).
SPENDING_ONLY = (
    r"(?:财政|累计|共|全年)?(?:支出|投入|拨付|安排)(?:资金|经费)?|(?:安排|投入|拨付)?(?:财政)?资金"
)
PURPOSE_VERBS = r"支持|保障|推进|推动|促进|加快|加大|落实|助力|巩固|投向|聚焦|用于"
# the stage of a sentence figure that is the previous year's outcome (「2023年当年预算执行数为…」)
PREVIOUS_YEAR_STAGE = r"(?P<year>\d{4})\s*年\s*(?:当年)?(?:预算)?执行数?\s*(?:为|是)?$"
# a column's leaf that only says the stage under its header (「项目支出 / 决算数」 of a final account)
STAGE_LEAF = r"(?:年初|调整后?)?(?:预算|决算|执行)数?|决算数|执行数|完成数"
# 「真如海心剧院精装修工程项目经费情况说明」: the title over one project's description (一、项目概述 … 六、年度
# 预算安排); its sentences say 「本项目…总投资为…」「2026年度预算安排…」 of the project it names
PROJECT_SECTION_TITLE = r"^(?P<name>[^，。；：:,;]{0,40}?)(?:项目)?经费情况说明$"
PROJECT_SELF = r"^(?:本项目|本工程|该项目|该工程)"
PROJECT_YEAR_BUDGET = r"(?:\d{4}年度?)?(?:年度)?预算安排"
# the stage words that end a sentence's head (「…收入年初预算为」 → 「…收入」)
STAGE_TAIL = r"(?:的)?(?:年初预算数?|调整预算数?|预算数?|实际完成|完成数?|决算数?)?(?:为|是)?$"
# stages that are amounts of money (「完成数」 asks 元, never the 占预算% beside it)
# the stages a final account may print beside its 决算数: asked one, a figure printed as no stage is not it
BUDGET_STAGES = frozenset({"年初预算", "调整预算", "调整后预算"})
MONEY_STAGES = frozenset({"年初预算", "调整预算", "调整后预算", "决算", "执行数", "实际", "完成"})

# --------------------------------------------------------------------------- tables continued on the next page
# Marks printed over a table's later pages: 「续表」「续表1」「表3（续）」「（续上表）」 (index/pdf_parser.py).
CONTINUED_TABLE_MARK = r"续表\s*[\d一二三四五六七八九十]*|[（(]\s*续(?:上表|表)?\s*[)）]|续上表"

# --------------------------------------------------------------------------- classification codes
# Widths of a 功能分类 / 经济分类 code printed whole: 类 (201), 类款 (20103), 类款项 (2010301).
CLASSIFICATION_CODE_WIDTHS = (3, 5, 7)
# Width of a 款 or 项 code printed in a column of its own (「01」 under 项).
SUBCODE_WIDTH = 2
# Characters after digits that make them an amount, a count or a date, never a code glued to its
# name: 「100万元」「12人」「2025年」 (index/ruleless.py splits 「2010301行政运行」, not these).
NOT_CODE_FOLLOWERS = "年月日万亿元千百个人名次项辆台套家所座处户%％.．,，、)）"
# --------------------------------------------------------------------------- columns of government tables
# A government budget book prints one row under many columns (2024年决算数 / 2025年预算数 / 调整预算数 /
# 执行数 / 完成预算% / 比上年增长% / 增减额); ``qa/columns.py`` reads which one a question asks.
# Stages, and the words of a column header that print each, checked in this order: a 「完成2025年预算数的%」
# column names 预算 too, so ratios come before amounts, and 调整预算 before 预算.
COLUMN_STAGES: tuple[tuple[str, str], ...] = (
    ("rate", r"完成.*[%％]|为.{0,8}预算.{0,3}[%％]|占.{0,6}预算|完成率|执行率|预算的[%％]|完成预算"),
    ("growth", r"增长|增幅|增减率|升降|同比|[+＋][,，、/]?[-－]|±"),
    ("diff", r"增减|增收额|增支额|增加额|减少额|变化"),
    ("adjusted", r"调整预算|调整后预算|变动预算|调整数"),
    ("final", r"决算"),
    ("outcome", r"执行|完成|实际|快报"),
    ("budget", r"预算|年初|安排|代编|计划"),
)
# The same stages as a question says them; checked in this order, after the names of budgets are taken
# out (一般公共预算收入 names a budget, not its 预算数 column).  Growth is the question's measure
# (增长了多少 / 增幅), not a word list here.
QUESTION_STAGES: tuple[tuple[str, str], ...] = (
    (
        "rate",
        r"完成.{0,12}预算.{0,3}(?:百分之|百分比|多少%|%|几成|比例|比重)|完成率|执行率|"
        r"为.{0,8}预算的?(?:百分之|多少|几)|占.{0,6}预算的?(?:百分之|比例|比重|多少|几)|完成.{0,3}(?:百分之|多少%)",
    ),
    ("diff", r"增减额|增收额|增支额|增加额|减少额|增收了?多少|增支了?多少"),
    ("adjusted", r"调整预算|调整后预算|调整数|变动预算"),
    ("final", r"决算"),
    ("outcome", r"执行|完成|实际|收了|花了|用了|到位|实现|入库|收入了"),
    ("budget", r"预算|年初|安排|代编|预计|准备|打算|计划|拟"),
)
# Names of budgets and funds that carry the word 预算 without asking for a 预算数 column.
BUDGET_NAMES = (
    r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|社保基金预算|预算稳定调节基金|"
    r"预算执行情况|预算草案|预算单位|预算内|预算外|财政预算"
)
# Scope words of government tables: the whole region vs the government's own level.  A table title
# without an own-level word in a government book is the whole region's.
TABLE_REGION_WORDS = ("全市", "全省", "全区", "全县", "全州", "全盟", "全旗", "总预算", "总决算", "各级")
TABLE_OWN_WORDS = ("本级", "省级", "市级")
# Phrasing around a stage word in a question: verbs and hedges that are no part of the row's name.
STAGE_PHRASING = r"准备|打算|计划|预计|拟|一共|总共|实际|大概"

# --------------------------------------------------------------------------- tables whose rows are places
# Government tables by area (债务限额及余额 分地区, 转移支付分地区) print one row (or column) per place and
# the measures as columns; a question names the place and the measure (「乌鲁木齐市债务余额」).
# The level words a place name ends in; the bare name is also how people say it (乌鲁木齐市 → 乌鲁木齐), and
# people drop them from a body's name: a province's own bodies are named by 省 alone (省高院, 省财政厅).
PLACE_SUFFIXES = (
    "自治州",
    "自治县",
    "自治区",
    "自治旗",
    "地区",
    "新区",
    "省",
    "市",
    "县",
    "区",
    "州",
    "盟",
    "旗",
)
# An autonomous area is named by the place before its people's name (伊犁哈萨克自治州 → 伊犁州,
# 新疆维吾尔自治区 → 新疆).
ETHNIC_NAMES = (
    "维吾尔",
    "哈萨克",
    "柯尔克孜",
    "蒙古族",
    "蒙古",
    "回族",
    "壮族",
    "藏族",
    "苗族",
    "土家族",
    "彝族",
    "朝鲜族",
    "侗族",
    "布依族",
    "傣族",
    "景颇族",
    "白族",
    "哈尼族",
    "傈僳族",
    "羌族",
    "黎族",
    "畲族",
    "满族",
    "瑶族",
    "土族",
    "撒拉族",
    "各族",
)
# Rows that print the whole region of the table (its total) and the words a question uses for it.
REGION_TOTAL_ROWS = ("合计", "总计", "本地区", "全省", "全市", "全区", "全县", "全州", "全盟", "全旗")
# The government's own level (省本级, 区本级, 自治区本级).
OWN_LEVEL_ROW = "本级"
# Column words that add nothing to a measure's name (a 合计 column is the measure itself).
NEUTRAL_COLUMN_WORDS = ("合计", "小计", "总计")
# The tails of a table's title after its topic (「一般公共预算收入决算表」 → 一般公共预算收入).
TABLE_TITLE_TAILS = (
    "决算情况表",
    "预算情况表",
    "执行情况表",
    "决算表",
    "预算表",
    "情况表",
    "明细表",
    "汇总表",
    "表",
)

# Why-questions: a budget explains a change in the sentence that holds it (「…增长3.08%，主要原因是…」) or in
# the one right after (「…增长3.08%。主要是人员经费的正常增长」); the reason sentence is the answer.
REASON_CUE = r"原因|主要是|主要系|主要由于|由于|因为|主要受|主要因"
# 「（二）…增加598.74万元。主要原因同上。」: a reason that points to the one printed above it
SAME_REASON_AS_ABOVE = r"(?:原因|理由|情况)(?:与上|如上|同上)|同上(?:原因|述原因)"
# 「2017年建设数字图书馆，建设书香社会，导致经费支出增加」: the words that close a reason printed before its effect
# (「主要本单位不属于行政单位…，故无机关运行经费支出数」: 故 closing the reason, before what it left empty)
RESULT_CUE = r"导致|致使|使得|从而|[，,]\s*故(?=[无未没不])"
# what a why-question says about the change that names no item: 「为什么下降了99.56%」「为什么增长约10倍」
# 「为什么大幅增加」「为什么比前年少」 leave 99.56, 约10倍, 大幅, 比前年少 beside the item's name (qa/reasons.py)
WHY_NOISE = (
    r"^(?:没有|没|无)(?=[\u4e00-\u9fff]{2})|(?:是|为)?(?:零|0)$|[约近超逾]?\d[\d.,]*(?:倍|个百分点|%|％)?$|(?:[约近超逾将]|大约|将近)?[一二两三四五六七八九十半]{1,3}(?:倍|成)多?$|比[^，。？?]{0,8}?(?:多|少|高|低|增|减|涨|降)[了得]?$|"
    r"大幅度?|明显|较大|较多|这么快|那么快|这么多|那么多|猛增|骤降"
)
# 「基本支出为什么是零」「为什么没有…」: the question asks why an item has no figure, not why it changed
WHY_ZERO_ASKED = r"(?:是|为|等于)(?:零|0)[?？。]?$|(?:为什么|为何|怎么)(?:没有|无|是空)"
# a sentence saying an item has none (「2017年没有财政拨款基本支出决算数，主要是…」)
NONE_SAID = r"没有|无|均无|为零|为0"
# a sentence that opens an item of a final account's list: 「（十五）2070107…」「2、2100302…」「2120803城市建设…」
ITEM_OPENING = r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}\s*[、.．](?!\d)|[〔\[]?\d{5,8}[〕\]]?)"
# a figure printed in a sentence (money or a rate), not a year or a date
FIGURE_IN_TEXT = r"\d[\d,，.]*\s*(?:万元|亿元|元|%|％|倍)"
# 「预算为什么比去年多」「决算为什么比年初预算少那么多」: a why-question about the whole budget names
# nothing but these words (once its department is taken out) …
WHOLE_WHY_WORDS = (
    r"预算|决算|支出|收入|收支|总额|总量|总数|整体|总体|总|部门|单位|经费|资金|大幅|明显|主要|这么多|那么多|"
    r"今年|本年|去年|上年|年初|钱|的"
)
# … and is answered by the reason given for the whole (「财政拨款收入支出增加的主要原因是…」, 「一般公共
# 预算财政拨款支出年初预算为…，支出决算为…。决算数小于预算数的主要原因：…」), not by an item's
WHOLE_REASON_HEAD = r"^(?:[（(][一二三四五六七八九十]{1,2}[)）])?(?:本年)?(?:一般公共预算)?财政拨款(?:收入)?支出|^(?:本年)?收入支出"
# a passage about one item: a 类/款/项 name or a quoted name
ITEM_NAMED = r"[（(]\s*[类款项]\s*[)）]|“[^”]{2,30}”"
# a sentence that opens on these explains the sentence before it
EXPLAINS_BEFORE = r"^(?:主要原因|原因|主要是|主要系|主要由于|主要受|主要因|这主要|这是由于|其中)"
# which way a question or a sentence says a figure moved
# (a final account: 「决算数大于预算数的主要原因」; 「为什么没花完」 asks why it stayed below)
UP_WORDS = r"增加|增长|上升|提高|新增|多了|涨|增幅|^多|比.{0,10}多|大于|超过|超出"
DOWN_WORDS = r"减少|下降|降低|压减|缩减|少了|降幅|减幅|比.{0,10}少|减低|小于|低于|[没未](?:有)?[花用]完"
# 「截至2025年底」「截止2025年8月31日」: a date a stock (车辆, 人员, 资产) is counted at, printed in the next
# year's budget; the year is not the budget year asked about
AS_OF_BEFORE = r"(?:截至|截止)(?:到)?"
AS_OF_AFTER = r"\s*(?:底|末|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)"
# 「年底还有几辆公车」: a count at the year's end asks a stock (年末公务用车保有量11辆, 共有车辆11辆), never
# what was bought or added in the year (公务用车购置0辆); the words a question says it with, those a
# sentence prints before a stock
STOCK_ASKED = r"年末|年底|保有|现有|还有|共有|实有|剩"
# 「车改后公务用车还剩几辆」: what is left, said of a stock
STOCK_LEFT_SPOKEN = r"还剩下?|剩下|剩余|还剩余"
STOCK_PRINTED = r"保有|年末|年底|共有|现有|实有"
# 「法院年末共有多少辆车」: the year's end said inside a count dates the stock, never part of what is counted
# (年末结转和结余, 年末余额 are printed names of a row)
STOCK_DATE_SAID = r"年末(?!结|滚存|余额)|年底(?!结|滚存|余额)"
# 「那一年新买了几辆公务车」: a count of what the year bought (2017年公务用车购置2辆), never the stock (共有车辆86辆)
BOUGHT_ASKED = r"新买|买了|购买了?|新购|购置了?|新增了?"
BOUGHT_PRINTED = r"购置|购买|新购|新增"
# 「部门本级内设34个」: a count after a bare verb counts the body that verb names
# Counting words of things a report counts (「审结项目任务473件」「完成房屋签约207座」): a question 「多少件项目」
# 「几座房屋」 asks a count in that word (qa/understand.py), a sentence prints one (index/narrative.py);
# 「设置床位1000张」「编制床位数1500床」: beds of a hospital project.
THING_COUNTERS = ("件", "座", "栋", "笔", "宗", "户", "所", "张", "床", "艘")
# 「港航管理局包含几个三级预算单位」「部门预算包括几个二级单位」: the verb between whose and what is counted
COUNT_HAVING_VERBS = r"包含|包括|下设|下辖|含有|设有"
COUNT_BARE_VERBS: dict[str, str] = {"内设": "内设机构", "下设": "下设机构", "下属": "下属单位"}
# 「支出完成年初预算的百分之几」: a final account's 决算数 as a share of a budget stage (完成年初预算的91.14%)
# 「多少/几」 only after 的 (「完成预算的多少」): 「完成预算多少%」 of a table book asks its 完成预算% column
# the budget a completion rate is of: 「完成预算的92%」「为年度预算数的118.25%」「完成全年预算的59.5%」
BUDGET_STAGE_NAME = r"(?:年度|全年|年初|调整后?)?预算数?"
# 「完成预算多少？」 alone (a follow-up after the amount completed): the share too
COMPLETION_SHARE_ALONE = rf"^完成了?({BUDGET_STAGE_NAME})(?:多少|几成)[？?]?$"
COMPLETION_SHARE = (
    rf"(?:完成了?|是|为|达到?|相当于)({BUDGET_STAGE_NAME})"
    r"(?:的(?:百分之几|百分之多少|百分比|比例|比重|多少|几)|(?:百分之几|百分之多少|百分比|比例|比重))"
)

# Plain-text tables copied out of a PDF (cells separated by single spaces, header words wrapped over lines).
# The line under a table's title naming who compiled it and the unit: 「编制部门：X 单位：元」.
COMPILER_LABELS = ("编制部门", "编制单位", "填报单位")
# Header words that name the row (its label or code), not a numeric column, and the 类/款/项 level words.
ROW_HEADER_WORDS = (
    "项目",
    "项目名称",
    "科目",
    "科目名称",
    "科目编码",
    "编码",
    "功能分类",
    "经济分类",
    "功能分类科目编码",
    "功能分类科目名称",
    "经济分类科目编码",
    "经济分类科目名称",
    "部门预算经济分类科目",
    "部门预算经济分类科目编码",
    "政府预算经济分类科目",
    "政府预算经济分类科目编码",
    "类",
    "款",
    "项",
    "类款项",
    "类款",
)
# The two sides of a 收支总表 printed on one line, named by what their rows say.
SIDE_WORDS = ("收入", "支出")
# 「去年预算完成了百分之几」: the same share asked the other way round (the budget, then 完成)
BUDGET_COMPLETED_SHARE = r"((?:年初|调整后?)?预算数?)的?完成了?(?:多少)?(?:百分之几|百分比|比例)"
# The 三公 table printed as text (one row of figures under a header wrapped over lines): its columns, the
# full names a header word may be the whole of or a piece of (「（境）费」 of 因公出国（境）费, 「公务用车」 of
# 公务用车购置费 and 公务用车运行维护费), the name a placed column gets, and the identities that tie them
# (合计 = 出国 + 公务用车小计 + 接待; 小计 = 购置 + 运行).
SANGONG_TEXT_TITLE = r"三公"
SANGONG_TEXT_COLUMNS = (
    ("total", ("合计",), "合计"),
    ("abroad", ("因公出国（境）费",), "因公出国(境)费"),
    ("car", ("小计",), "小计"),
    ("car_buy", ("公务用车购置费", "购置费"), "购置费"),
    ("car_run", ("公务用车运行维护费", "公务用车运行费", "运行维护费", "运行费"), "运行费"),
    ("reception", ("公务接待费",), "公务接待费"),
    ("running", ("机关运行经费预算数", "机关运行经费"), "机关运行经费"),
)
SANGONG_CAR_GROUP = r"公务用车购置及运行(?:维护)?费"  # the group header over 小计/购置/运行
SANGONG_CAR_PARTS = ("car", "car_buy", "car_run")
SANGONG_IDENTITIES = (("total", ("abroad", "car", "reception")), ("car", ("car_buy", "car_run")))
SANGONG_STAGE_WORDS = ("预算数", "决算数")  # a line of these pairs under every column
# Identities of a text-layer table's columns that prove which printed figure fills which column when
# blank cells print nothing (index.sum_readings): the first column's 合计 is the sum of the others, and
# spending is either 基本支出 or 项目支出.
TEXT_SUM_IDENTITIES: tuple[tuple[str, str | tuple[str, ...]], ...] = (
    ("合计", "*"),
    ("合计", ("基本支出", "项目支出")),
)
# A budget table a web page flattened into its line after its attachment number: 「附件7 一般公共预算财政拨款
# 基本支出决算表 编制单位：某镇 2017年度 金额单位：万元 项 目 合 计 人员经费 公用经费 经济分类科目编码 科目名称
# 合 计 1,333.54 … 30201 办公费 103.13 103.13 …」 — the words that open it, end its column header and open its
# total row
FLAT_BUDGET_TABLE_MAKER = "编制单位"
FLAT_BUDGET_CODE_HEAD = ("科目编码", "科目名称")
FLAT_BUDGET_LEVEL_WORDS = ("类", "款", "项")
FLAT_BUDGET_TOTAL_ROW = "合计"
FLAT_BUDGET_ITEM_WORD = "项目"

# 「年底还剩多少」「剩下多少钱」「年底剩余的资金」: what is left at the year's end, read as 年底结余 (SYNONYMS:
# printed 年末结转和结余); only said before what is asked (「剩余资金多少」), never inside an item's name
LEFT_AT_YEAR_END = (
    r"(?:(?:年底|年末|年终)(?:剩(?:下|余)?|余下)|剩下|剩余)了?的?(?:钱|资金|经费)?"
    r"(?=多少(?![辆个人台套家处名批次])|是|有|\s|[？?]|$)"  # 「还剩几辆」 is a stock's count (STOCK_LEFT_SPOKEN)
)
# 「年底结转到下一年的钱」「结转到下年度的资金」: said for what a year carries on, printed 年末结转和结余
CARRIED_TO_NEXT_YEAR = r"结转(?:到|至|给)(?:下一?个?年度?|明年|以后年度)(?:使用)?(?:的(?:钱|资金|经费))?"
