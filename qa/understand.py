"""Question understanding: what is asked about, which measure, unit, year, department, code, column.

Rule-based on purpose: the vocabulary of budget questions is small and fixed
(多少钱, 占比, 比上年增加, 几辆, 201 03 02, 基本支出 …), and rules are exact,
explainable and fast.  Retrieval handles what the rules cannot name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from index.names import core, core_forms, strip_trailing_paren  # noqa: F401  (re-exported)
from index.numbers import chinese_to_arabic, normalize_text, read_chinese_numeral
from index.segmenter import pos_cut
from index.vocabulary import (
    ACROSS_DEPARTMENTS,
    AS_OF_AFTER,
    AS_OF_BEFORE,
    BARE_COMPARISON,
    BODY_SHORT_ENDINGS,
    BUDGET_COMPLETED_SHARE,
    BUY_PRINTED,
    BUY_SPOKEN,
    CARRIED_TO_NEXT_YEAR,
    CHANGE_WORDS,
    CODE_KIND_WORDS,
    COLUMN_WORDS,
    COMPLETION_SHARE,
    COMPLETION_SHARE_ALONE,
    COUNT_HAVING_VERBS,
    COUNT_SUBJECTS,
    DUTY_QUESTION,
    EACH_OF,
    FUND_OWN_WORDS,
    FUND_PREFIXES,
    LEFT_AT_YEAR_END,
    OPEN_ASKED_CATEGORY,
    OPEN_ASKED_NOUN,
    OPEN_QUESTION,
    OPEN_QUESTION_FIGURE,
    ORG_SUFFIX_CHARS,
    OWN_BODY_AFTER_NAME,
    PART_YEAR_WORDS,
    PEOPLE_COUNT_SUBJECT,
    PLACE_QUESTION,
    PREVIOUS_YEAR_GLOSSED,
    RANK_MOST,
    ROLE_ASKED,
    SPOKEN_ADVERB,
    SPOKEN_AREA_TAIL,
    SPOKEN_COLUMN_WORDS,
    SPOKEN_GRANT,
    SPOKEN_PAID_FOR,
    SPOKEN_WHERE_PRINTED,
    STAFF_ACTUAL_WORDS,
    STAFF_COLUMN_WORDS,
    STAGE_COLUMNS,
    STAGE_QUESTION,
    STOCK_DATE_SAID,
    STOCK_LEFT_SPOKEN,
    SUBJECT_PARTICLE_AFTER,
    SYNONYMS,
    THING_COUNTERS,
    TOPIC_ASK_LEAD_IN,
    TOPIC_LEAD_IN,
    TOTAL_WORDS,
    UNIT_UNDER_WORDS,
)
from qa.places import said_before

# 「一般公共服务支出多少，增减情况？」「公务接待费是多少？比上年变化多少？」: a question that asks the amount
# in its first clause and its change in a second one asks the amount first
_AMOUNT_THEN_CHANGE = re.compile(r"^[^，,？?。；;]*?(?:是|为|有|花了|支出了?)?多少钱?\s*[，,？?；;]\s*\S")
_MEASURE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "percent_change",
        re.compile(
            # 「比2015年变化了百分之几」: a change asked without its way, the printed rate (下降0.38 %)
            r"(?:增长?|减少?|涨|降低?|下降|上升|提高|变化|变动|升降)了?(?:多少|几)?[，,\s]{0,2}(?:百分之|百分比|多少\s*[%％]|几\s*[%％])|"
            r"(?:变化|变动|升降)(?:率|幅度)|"
            # 「降了多少个百分点」「下降几个点」: said of a change, the printed percentage change (下降48%)
            r"(?:增长?|减少?|涨|降低?|下降|上升|提高|多|少)了?(?:多少|几)个?(?:百分点|点)|"
            r"增长了?多少(?!万|元)|涨了?百分之|减少了?百分之|减少了?几|下降了?多少|降低了?百分之|涨了?几个点|几个百分点|增长了?几|增长率|增幅|涨幅|降幅|增长了?百分之|增长了?多少%|增长了?几|下降了?百分之|下降了?多少%|增长了?多少个百分点|百分之多少.*增|增.*百分之多少|增长百分比|增长比例|增减了?多少\s*[%％]|增减了?百分之|增减幅度|增减率|(?:少|多|降)了?百分之|增长目标"
        ),
    ),
    (
        "percent_share",
        re.compile(r"占比|占.{0,12}(比例|比重|百分之|多少%|几成|多少)|百分之几|百分比|比例|比重|份额"),
    ),
    (
        "change",
        re.compile(
            r"增加了?多少|减少了?多少|多了多少|少了多少|涨了多少|降了多少|增减|变化|相差|差多少|差了多少|差额|比(上年|去年|上一年|\d{4}年)[^，。？?]{0,8}(多|少|增|减|涨|降)"
        ),
    ),
    # 「单价50万以上的通用设备有几台」 counts the goods above a price: 单价 there is the threshold
    (
        "unit_price",
        re.compile(
            r"单价(?!\s*\d+(?:\.\d+)?\s*[万亿]?元?(?:以上|以下|及以上))|一个多少钱|每个多少钱|一台多少钱|一张多少钱|一把多少钱|每台|每张"
        ),
    ),
    ("quantity", re.compile(r"(买|采购|购置)了?(几|多少)(个|台|张|把|套|件)?|采购数量|购买数量|数量")),
    (
        "count",
        re.compile(
            r"几个人|多少人|几人|人数|编制|几次|多少次|几批|多少批|批次|人次|几辆|多少辆|车辆数|几台|几家|多少家|几项|多少项|几个|多少个|几条|多少条|几套|多少套|多少名|几名|几场|多少场|几天|多少天|多少台|多少套|在职|离退休人员|人员构成|在编|实有人员|多少[^，。？?钱元万]{0,6}人员|几[台辆]车|多少[台辆]车|得分|评分|多少分|几分|(?:几|多少)所(?![得属有在需以])|"
            + rf"(?:几|多少)(?:{'|'.join(c for c in THING_COUNTERS if c != '所')})"  # 所 has its own rule above
        ),
    ),
]


def _asks_open(rest: str, q: Query) -> bool:
    """「工作人员是从哪里来的」「牵头制订了哪个办法」: a what/where/which/who/how question that names no money,
    count or share asks words, answered by the sentence holding its words (not a figure lookup)."""
    return (
        bool(_OPEN.search(rest))
        and q.measure == "amount"
        and not q.codes
        and not _MONEY_WORDS.search(rest)
        and not re.search(r"多少|几|百分|比例|占比|增|减|涨|降", rest)
        and not re.search(OPEN_QUESTION_FIGURE, rest.strip())
    )


# 「多了一万多万元」「增加了100多万」「涨了两千万」: a change said with its rough size
_ROUGH_CHANGE = re.compile(
    r"(?:多|少|涨|降|增加|减少|下降|增长|上升)了?(?:约|大约|近)?"
    r"(?P<n>[\d.一二两三四五六七八九十百千万亿]+?)(?P<more>多)?(?:(?P<unit>万|亿)(?:元|块)?(?![人辆个台次项家件多万亿])|元|块)"
)
_ROUGH_SLACK = Decimal("0.05")  # a size said exactly (「多了102万元」) is still said rounded


def rough_change(text: str) -> tuple[Decimal, Decimal] | None:
    """The range (in 元) of a change said roughly: 「多了一万多万元」 is 10000–20000万元, 「增加了102万元」
    about 102万元; None when the question says no size."""
    m = _ROUGH_CHANGE.search(text)
    if m is None:
        return None
    try:
        said = Decimal(str(read_chinese_numeral(m["n"], "smart")))
    except (ValueError, ArithmeticError, KeyError, TypeError):
        return None
    if said <= 0:
        return None
    scale = {"万": Decimal(10000), "亿": Decimal(100000000)}.get(m["unit"] or "", Decimal(1))
    if m["more"]:  # 一万多: from 一万 up to the next step of its last figure (二十多: 20–30)
        digits = str(int(said)) if said == said.to_integral_value() else ""
        place = Decimal(10) ** (len(digits) - len(digits.rstrip("0"))) if digits else Decimal(1)
        return said * scale, (said + place) * scale
    return said * scale * (1 - _ROUGH_SLACK), said * scale * (1 + _ROUGH_SLACK)


def _changes_asked(text: str) -> bool:
    """Does ``text`` ask a change (增加了多少, 增长率 …)?"""
    return any(pat.search(text) for m, pat in _MEASURE_PATTERNS if m in {"change", "percent_change"})


_PREVIOUS = re.compile(r"上年|去年|上一年|上年度|前一年")
_WHY = re.compile(r"为什么|为何|原因|为啥|咋|怎么会|为甚么|怎么(?=没|不|少|多|这么|那么|又)")
_DEFINE = re.compile(
    r"(?<!为)什么是|是什么意思|指什么|什么叫|含义|定义|是指|(?<!为)啥是|是啥"
)  # not 「为什么是零」
_LIST = re.compile(r"哪些|哪几|有什么|列出|列举|分别是|都有|包括什么|包含什么")
_FIELD_WORDS = {
    "负责人": re.compile(r"负责人|谁负责|由谁负责|谁管|牵头人"),
    "联系人": re.compile(r"联系人"),
    "联系电话": re.compile(r"电话|联系方式"),
    "开始时间": re.compile(r"开始时间|什么时候开始|何时开始|起始"),
    "结束时间": re.compile(r"结束时间|什么时候结束|何时结束|截止"),
    "资金用途": re.compile(r"资金用途"),
}
_PASSAGE = re.compile(
    DUTY_QUESTION
    + r"|干什么|做什么|主要工作|绩效目标|目标是|主要用于|用途|用在|用于|用来|花在哪|买什么|内容|概况|依据|必要性|措施|实施计划|机构设置|内设机构|下属单位|说明|怎么|如何"
)
_USE = re.compile(
    r"干什么用|干啥用|干嘛用|做什么用|用来|用在哪(?!些)|花在哪(?!些)|[花用]在什么(?:地方|方面|上)|买什么|用于什么|用途是"
)
_OPEN = re.compile(OPEN_QUESTION)
_ASKED_NOUN = re.compile(OPEN_ASKED_NOUN)
_ROLE_ASKED = re.compile(ROLE_ASKED)
_PLACE = re.compile(PLACE_QUESTION)  # 「项目建在哪里」: where, said in words
# 「零基预算改革具体是怎么做的」: asks how something is done, whatever money words it names
_HOW_DONE = re.compile(
    r"(怎么|如何|怎样)(做|办|开展|推进|实施|落实|安排|管理|保障)|具体做法|哪些措施|什么措施|做法"
)
# 「…算进去了吗」「含不含…」: a yes/no question about what a figure includes
_INCLUDED = re.compile(r"(算|计|统计|包括|包含|含)(进去|在内|进来)?了?吗[？?]?$|含不含|包不包括|算不算")
_MONEY_WORDS = re.compile(r"多少钱|钱|金额|预算|经费|费用|支出|拨款|资金|万元|元|花")
_QUESTION_NOISE = re.compile(
    r"请问|(?<![申邀聘提报呈])请|帮我|帮忙|查一下|查查|^查询|告诉我|我想知道|想知道|想问|问一下|一下|麻烦|能不能|可以|"
    r"另外问下|另外|顺便问下|顺便|再问下|多大|换一?个(?:话题|问题)|再问一?个问题|再问一?个别的|再问点别的|"
    r"这[1一](?:项|块|部分|笔|款|类)|这块|这部分|这笔|"  # 「“生态环境监测与信息”这一项」「…事务这一款」: pointing
    r"多少钱|是多少|有多少个|有多少|为多少|多少个|多少|是几|有几|几|吗|呢|啊|呀|吧|嘛|？|\?|。|！|!|，|,|：|:"
)
# 年末/年底 lead a question as its date, but 年末结转和结余 is the name of a row
_FILLER = re.compile(
    r"^(的|是|有|为|了|其中(?=[\u4e00-\u9fff“]{2})|"
    + "|".join(map(re.escape, PART_YEAR_WORDS))  # 「2017年上半年…支出」: the part of the year is its date
    + r"|里面|那年|当年|这一年|这\d+个|这几个|这些|(?:下面|下头|底下)的?(?:那些|这些)(?=[\u4e00-\u9fff“]{2})|那些|打算|现在|目前|当前|现有|截至|截止|年底(?!结)|年末(?!结)|底|在(?![职编岗])|中(?!心|小|央|国|华|(?![对的给])[\u4e00-\u9fff]{1,3}?[乡镇村])|里|年(?![末底初]结)|年度|全年|一年|今年|本年|本年度|当年|总共|一共|共|合计是|安排了?|要(?![求点素闻])|需要(?!求)|将|计划|准备|"
    r"花了?|用了?(?!于)|拿了?|给了?|预算里|预算中|表里|表中|里面|里|中(?!心|小|央|国|华|(?![对的给])[\u4e00-\u9fff]{1,3}?[乡镇村])|这个|那个|该|它的|它|"
    r"他们的|他们|她们|它们的|它们|咱们|我们|本单位|该单位|该局|本局|该部门|本部门|那(?=[\u4e00-\u9fff“]{2}))+"
    r"|(的|是|有|为|了|[那这]一?(?:块|部分|方面)|部分|花了|用了|安排了?|预计|这个项目|该项目|这个|这项|一共|总共|共|(?<![纲摘重主提需])要|预算数|预算额|预算金额|金额|数|钱|经费是|费用是|情况|大概|大约|左右|合计|小计|总额|目标值|目标|指标值|指标|要求|要达到|达到|花|给|拿|用|需要|今年|本年|当年|全年|本年度)+$"
)
_LEAD_IN = re.compile(TOPIC_LEAD_IN)
_ASK_LEAD_IN = re.compile(TOPIC_ASK_LEAD_IN)
_CODE_SPLIT = re.compile(r"(?<!\d)(\d{3})[\s\-]+(\d{2})(?:[\s\-]+(\d{2}))?(?!\d)")
# a comma before the code is a clause's (「…决算表中，30201办公费」), not a thousands separator, unless a digit precedes it
_CODE_JOINED = re.compile(r"(?<![\d.])(?<!\d,)(\d{3}(?:\d{2}){1,2})(?![\d.,%万元])")
_TABLE_HINT = re.compile(r"(?:附件|附表|表)\s*(\d+(?:-\d+)?|[一二三四五六七八九十]{1,3})|(\d+(?:-\d+)?)\s*表")
# a table named by its printed title: four or more characters ending in 表, then a break
_TABLE_NAME = re.compile(
    r"((?:[\u4e00-\u9fff“”（）()]){4,30}?(?:总表|情况表|明细表|预算表|决算表|汇总表|一览表))(?:里|中|的)?"
)
_BUY_HOW_MANY = re.compile(r"(要|准备|计划|拟|打算)?新?(买|采购|购置|购买)了?(几|多少)(个|台|张|把|套|件|辆)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年度?|预算|决算)?(?!\d)")


@dataclass
class Query:
    """What a question asks, as far as rules can tell."""

    text: str
    norm: str
    subject: str = ""
    subjects: list[str] = field(default_factory=list)  # subject variants (synonyms applied)
    # (subject, context words) readings: "机关运行经费里的差旅费" → ("差旅费", ["机关运行经费"])
    alternatives: list[tuple[str, list[str]]] = field(default_factory=list)
    measure: str = "amount"
    intent: str = "figure"  # figure | passage | list | field | define
    unit: str | None = None  # "元" | "万元" | "亿元" when the question names one
    year: int | None = None
    relative_year: str = ""  # "previous" | "current" | "next"
    follow_docs: list[str] = field(default_factory=list)  # a follow-up: the documents the last answer quoted
    departments: list[str] = field(default_factory=list)  # aliases mentioned, resolved by the engine
    named_as: list[str] = field(default_factory=list)  # the words the question named them by (征安办, 纪工委)
    unknown_org: str = ""  # an organisation named that no document is about
    short_forms: dict[str, str] = field(default_factory=dict)  # short forms no alias knows → department
    body: str = ""
    inherited_department: bool = False  # the department came from the conversation, not the question
    topic: str = ""  # 「专项债务呢」 after 「政府债务余额」: the whole the conversation asks parts of
    near: tuple = ()  # (doc_id, paragraph_idx) of the paragraph the last answer quoted: read on in it
    count_unit: str = ""  # 「几批次」「多少人次」: the unit a count question names  # a unit under the department the question names, printed in its document (讲师团)
    codes: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    table_hint: str = ""
    table_name: str = ""  # 「一般公共预算支出情况表 … 的人员支出」: the table the question names by its title
    field_name: str = ""  # 负责人 / 联系人 … (a form field)
    compare_year: int | None = None  # "比2020年增加多少"
    years: list[int] = field(default_factory=list)  # 「2024年和2026年分别是多少」: each year, in this order
    share_of: str = ""  # "占一般公共预算支出的百分之几" → 一般公共预算支出
    part_of: str = ""  # 「其中事业收入呢」 after 「收入总共多少」: the whole it is a part of (收入)
    wants_why: bool = False
    asks_total: bool = False
    asks_procurement: bool = False
    explicit_money: bool = False  # 多少钱/金额/万元: the answer must be money
    scope_level: str = ""  # 省本级 / 全市 a follow-up inherited with its subject (the question names none)
    stage: str = ""  # 年初预算 | 调整预算 | 决算 | 执行数 | 实际 | 完成率: which column of a final account
    compare_stage: str = ""  # 「比年初预算数多了多少」: the stage the 决算数 is compared with
    # the narrative section the conversation's last figure was quoted from: of a table cell and a far
    # different sentence of that section naming the same item (培训费 40.98 in 基本支出表, 「各单位培训费
    # 预算54.98万元」 in 其他公务支出), the follow-up reads the section it is talking about
    near_section: str = ""
    as_of: bool = False  # 「截至2025年底有几辆车」: the year dates a stock, printed in the next year's budget
    # 「为什么比上年多了一万多万元」: the size of the change the question says roughly, in 元 (low, high)
    rough: tuple[Decimal, Decimal] | None = None
    # 「牵头制订了哪个办法」「局长是谁」: the thing an open question asks for by name (办法, 局长); a sentence
    # that answers it prints it
    asked_noun: str = ""
    # 「去哪个国家」: a category asked (国家), answered by an instance; its word picks no sentence
    asked_category: str = ""


def normalize_question(text: str) -> str:
    s = normalize_text(text)
    s = chinese_to_arabic(s)
    s = s.replace("“", "").replace("”", "").replace('"', "").replace("「", "").replace("」", "")
    s = _SHORT_YEAR.sub(r"20\1", s)  # 「苏澳镇政府17年一共花了多少钱」: 17年 is 2017 (its 年 stays)
    # 「去年（2016）公用支出」: the year in brackets is the one asked, 去年 only glosses it
    s = re.sub(rf"(?:{PREVIOUS_YEAR_GLOSSED})\s*[（(]\s*((?:19|20)\d{{2}})\s*年?度?\s*[)）]", r"\1年", s)
    s = re.sub(r"\s+", " ", s).strip()
    rest = _ASK_LEAD_IN.sub("", _LEAD_IN.sub("", s, count=1), count=1)
    return rest if len(rest) >= 2 else s


# a year said by its last two digits (17年, 19年度; 「比16年多了多少」 compares years), never a count of years
# (第17年, 近10年, 17年来, 10年多)
_SHORT_YEAR = re.compile(
    r"(?<![\d.第近前后每满过逾])([1-3]\d)(?=年(?!来|以来|间|内|龄|级|代|多(?![了少])|左右|前|后|以上|以下|之))"
)


def _is_place(word: str) -> bool:
    """Does ``word`` end in a place name (北京, 河南)?  jieba's part-of-speech tags know places."""
    tokens = pos_cut(word)
    return bool(tokens) and tokens[-1].flag == "ns" and len(tokens[-1].word) >= 2


def _inside_title_marks(text: str, pos: int) -> bool:
    """Is position ``pos`` inside 《…》 (a journal's or a document's name)?"""
    before = text[:pos]
    return before.rfind("《") > before.rfind("》") and "》" in text[pos:]


def parse_question(text: str, department_aliases: dict[str, str] | None = None) -> Query:
    """Understand a question. ``department_aliases`` maps every alias to a department name."""
    norm = normalize_question(text)
    # 「…是多少？比2024年下降了多少？」「…花了多少，比年初预算多还是少？」: the first question is the one
    # answered (its figure); the comparison after it is a second question
    second = re.match(
        r"^(.{4,}?(?:多少|几)[^，,？?。]{0,4})[，,？?]\s*(?:比|较|与|跟|同)[^，,？?]*[？?]?$", norm
    )
    if second:
        norm = second.group(1)
    # 「…收入多少？（按2017年预算报告中的2016年执行数）」: a note in brackets after the question says how to
    # read it, it names nothing to look up
    noted = re.match(r"^(.{4,}?[？?])\s*[(（][^()（）]*[)）]\s*$", norm)
    if noted:
        norm = noted.group(1)
    # 「…支出是多少（按2016年决算推算）？」: the same note said before the question mark
    noted = re.match(
        r"^(.{4,}?(?:多少|几)[^()（）？?，,]{0,4}?)\s*[(（]([^()（）]{3,})[)）]\s*([？?]?)$", norm
    )
    if noted and not re.fullmatch(r"\s*(?:单位[:：]?)?\s*[万亿]?元\s*", noted.group(2)):
        norm = noted.group(1) + noted.group(3)
    q = Query(text=text, norm=norm)
    rest = norm

    # department mentions (longest alias first), then unknown organisations
    for alias in sorted(department_aliases or {}, key=len, reverse=True):
        pos = rest.find(alias) if alias else -1
        if pos < 0:
            continue
        name = department_aliases[alias]
        if name in q.departments and re.match(
            r"[\u4e00-\u9fff](?<![的和与及跟同])", rest[pos + len(alias) :]
        ):
            continue  # 「平潭县人大2017年开人大会议」: the body named, its short form again begins an item's name
        # 「平潭区征安办」「实验区纪工委」: the body's own place said before it, in any of its forms
        own_place = said_before(rest[:pos], alias, name)
        # "河南省大数据管理局" is not "郑州市大数据管理局": a different place named just before the alias
        before = re.search(r"([\u4e00-\u9fff]{2,4}?(?:省|市|区|县))$", rest[:pos])
        name = department_aliases[alias]
        joined = before.group(1) + alias if before else ""
        if (
            before
            and own_place < 2
            and not alias.startswith(before.group(1))
            and joined not in name
            and joined not in (department_aliases or {})
        ):
            q.unknown_org = before.group(1) + alias
            rest = rest.replace(before.group(1) + alias, " ")
            continue
        # "北京市财政局" is not "市财政局" of another city: a place name ends in the alias's level word
        if alias[0] in "省市区县":
            placed = re.search(r"([\u4e00-\u9fff]{2,4})$", rest[:pos])
            lead = placed.group(1) + alias[0] if placed else ""
            if placed and lead not in name and own_place < 2 and _is_place(placed.group(1)):
                q.unknown_org = placed.group(1) + alias
                rest = rest.replace(q.unknown_org, " ")
                continue
        # "普陀区教育局", "江苏省人民检察院": a place alias followed by another body's name
        # (「市场监管局有几个分局」: a count asked after the body names no second body; 「卫计局和环土局」: a
        # conjunction after it begins the next body's name; 「附中筹建办比经发局多多少」: so does a comparison's 比)
        after = re.match(
            r"(?![的对给向为在从和与及跟比较])(?:(?!有|几|多少|个|下设|下属|所属)[\u4e00-\u9fff]){0,4}?(?:人民检察院|检察院|人民法院|法院|管理局|局|厅|委员会|委|办公室|中心|监测站|站|大队|支队|所|"
            # 「平潭县政协」 where 平潭县 names the store's one body of that place: 政协 is another body
            + "|".join(BODY_SHORT_ENDINGS)
            + r")(?!代表|委员|会议)",
            rest[pos + len(alias) :],
        )
        if after and (alias + after.group(0)) not in name and not name.endswith(alias):
            # 「福州市仓山环境监测站」: the place printed before the alias is part of the unit's name
            lead = before.group(1) if before and joined in name else ""
            q.unknown_org = lead + alias + after.group(0)
            rest = rest.replace(q.unknown_org, " ")
            continue
        q.departments.append(name)
        q.named_as.append(alias)
        if _inside_title_marks(rest, pos):
            continue  # 《北京审计》: part of a printed name, never deleted from the question
        if own_place:
            rest = rest[: pos - own_place] + " " * own_place + rest[pos:]
        # 「河北省级三公经费」: the 级 after a place's name makes its level (省级), not the thing asked
        rest = re.sub(re.escape(alias) + OWN_BODY_AFTER_NAME, " ", rest)
        rest = re.sub(re.escape(alias) + (r"级" if alias[-1] in "省市区县" else ""), " ", rest)
        rest = rest.replace(alias, " ")
    # 「截至2025年底」: a stock's date, kept as the year only (never part of a body's name)
    as_of = re.compile(AS_OF_BEFORE + r"\s*((?:19|20)\d{2})\s*年" + AS_OF_AFTER)
    q.as_of = bool(as_of.search(rest))
    rest = as_of.sub(r" \1年 ", rest)
    org = re.search(
        r"[\u4e00-\u9fff]{2,10}?(?:市|省|区|县)?[\u4e00-\u9fff]{0,8}?(?:管理局|局|厅|委员会|检察院|法院|高院|办公室|中心|医院|学校|大学)",
        rest,
    )
    if (
        org
        and not q.unknown_org
        # 「下设几个分局」「有哪些服务中心」: what is counted or listed, never a body's name
        and not re.search(r"(?:几|多少)\s*[个家所]|哪[些几个]|什么", org.group(0))
        and not re.match(r"[对给向为]", org.group(0))  # 「对村民委员会…的补助」: whom an item is for, no body
        # 「对村民委员会和村党支部的补助」: what a grant is given to, an item's name (not a body asked about)
        and not re.search(r"对(?![口外台])[\u4e00-\u9fff]{2}", org.group(0))
        and not re.fullmatch(
            r"(本|该|这个|那个|市|省|区|我|贵)?(局|厅|院|单位|部门)(机关|本级)?", org.group(0)
        )
    ):
        # 「三个信访局」「和盐田管理局」: a count or a conjunction before the name is not part of it
        # 「列入财政金融局…编制范围」「纳入卫计局决算的单位」: a verb of inclusion before it is none either
        # 「今年社会事业局的…」: a relative year said before the name is no part of it
        q.unknown_org = re.sub(
            r"^(今年|去年|明年|本年|前年|年度?|底|末|和|与|及|跟|同|那么?|[两三四五六七八九十几\d]*个|列入|纳入|编入|属于|隶属于?|归属于?|"
            + UNIT_UNDER_WORDS
            + r")+",
            "",
            org.group(0),
        )

    # 「2024年决算和2026年预算的三公经费分别是多少」: several years, each listed (not a change)
    named_years = list(dict.fromkeys(int(y.group(1)) for y in _YEAR.finditer(rest)))
    if len(named_years) >= 2 and re.search(EACH_OF, rest) and not re.search(CHANGE_WORDS, rest):
        q.years = named_years
        rest = _YEAR.sub(" ", rest)
    # years: a compared year ("比2020年增加") first, then the year asked about
    m = (
        None
        if q.years
        else re.search(r"(?:比|与|较|同|和|跟)\s*((?:19|20)\d{2})\s*年?度?(?:预算)?(?:相比|比较|比)?", rest)
    )
    if (
        m
        and m.group(0)[0] in "和与同跟"
        and not _YEAR.search(rest[: m.start()])
        and not m.group(0).endswith("比")
    ):
        # 「湖州市财政局和上海市戒毒康复中心2026年…」: 和 joins the departments (deleted above), the
        # year is the one asked; only 「2025年和2026年」 or 「与2020年相比」 compares two years
        m = None
    compare_year = None
    if m:
        compare_year = int(m.group(1))
        rest = rest.replace(m.group(0), " 比上年 ", 1)
    # words around the item's name that name nothing printed (给职工交…, …方面, 部门预算中，…, 还…)
    rest = re.sub(r"(?:(?<![\u4e00-\u9fff])|(?<=年))" + SPOKEN_WHERE_PRINTED, " ", rest)
    rest = re.sub(SPOKEN_PAID_FOR, "", rest)
    rest = re.sub(SPOKEN_AREA_TAIL, " ", rest)
    rest = re.sub(r"(?:^|(?<=[\s年底末]))" + SPOKEN_ADVERB + r"(?=[\u4e00-\u9fff]{2})", "", rest)
    # 「2016年底结转到下一年的钱」: what is carried into the next year, the stock printed 年末结转和结余
    rest = re.sub(CARRIED_TO_NEXT_YEAR, "结转结余", rest)
    # 「年底还剩多少」「剩下多少钱」: what is left at the year's end
    rest = re.sub(LEFT_AT_YEAR_END, "年底结余", rest)
    # 「2016年底结转结余」: the stock at the year's end, printed 年末结转和结余
    rest = re.sub(r"((?:19|20)\d{2})\s*年\s*底(?=结|滚存)", r"\1年末", rest)
    for m in _YEAR.finditer(rest):
        q.year = int(m.group(1))
        # 「全省2021年末…余额」: 年末/年底 dates the figure with the year, never part of its name
        dated = re.compile(r"(?:到|至)?\s*" + re.escape(m.group(0)) + r"\s*(?:末|底)(?!结|滚存)")
        if m.group(0).endswith("年") and re.match(r"\s*[初末](?=结|滚存)", rest[m.end() :]):
            # 「2016年初结转和结余」: the year, then the stock's own name (年初结转和结余), whose 年 it keeps
            rest = rest[: m.start()] + " 年" + rest[m.end() :]
        else:
            rest = dated.sub(" ", rest, count=1) if dated.search(rest) else rest.replace(m.group(0), " ", 1)
        break
    if re.search(r"今年|本年|当年", rest):
        q.relative_year = "current"
    elif re.search(r"明年", rest):
        q.relative_year = "next"  # 「明年…预算支出」 of a two-year report: its draft year
    if _PREVIOUS.search(rest) and not re.search(r"比上年|比去年|与上年|较上年", rest):
        q.relative_year = "previous"
    q.compare_year = compare_year

    # codes: "201 03 02", "2010302", "30215", "302 11"
    rest = re.sub(CODE_KIND_WORDS + r"\s*(?=\d{3})", " ", rest)  # 「功能分类科目2110301」: the code's kind
    for m in _CODE_SPLIT.finditer(rest):
        q.codes.append("".join(p for p in m.groups() if p))
    rest = _CODE_SPLIT.sub(" ", rest)
    for m in _CODE_JOINED.finditer(rest):
        q.codes.append(m.group(1))
    rest = _CODE_JOINED.sub(" ", rest)
    m = _TABLE_HINT.search(rest)
    if m:
        hint = m.group(1) or m.group(2)
        if not hint[0].isdigit():
            hint = str(read_chinese_numeral(hint, "smart"))
        q.table_hint = hint
        rest = rest.replace(m.group(0), " ")

    m = _TABLE_NAME.search(rest)
    if m:
        q.table_name = m.group(1)
        rest = rest.replace(m.group(0), " ", 1)

    # unit asked
    if "万元" in rest or "万块" in rest:
        q.unit = "万元"
    elif re.search(r"亿元|(多少|几|几百|几千|几十)亿", rest):
        q.unit = "亿元"
    elif re.search(r"(?<![万亿])元|块钱", rest):
        q.unit = "元"
    rest = re.sub(r"(用|以|按|换成|换算成|单位)?(亿元|万元|万块|块钱|元)(计|为单位|表示)?", " ", rest)
    rest = re.sub(r"(?<=多少|几百|几千|几十)亿|(?<=几)亿", " ", rest)

    # intent and measure
    q.wants_why = bool(_WHY.search(rest))
    for name, pat in _FIELD_WORDS.items():
        if pat.search(rest):
            q.field_name = name
            q.intent = "field"
            rest = pat.sub(" ", rest)
            break
    # 「收入按多少编制」: the figure a budget is drawn up at (编制 here is no staff count)
    rest = re.sub(r"按(多少|几)(?:万元|元|亿元)?(?:编制|安排|列支|测算|计算)", r" \1 ", rest)
    for measure, pat in _MEASURE_PATTERNS:
        if pat.search(rest):
            q.measure = measure
            break
    first = _AMOUNT_THEN_CHANGE.search(rest)
    if q.measure in {"change", "percent_change"} and first and not _changes_asked(first[0]):
        q.measure = "amount"  # 「机关运行经费是多少，比2018年增加多少」: the amount first, its change after
    m = re.search(
        rf"(?:几|多少)(批次|批(?![准复示转])|人次|次|辆|台|套|人|名|个|项|家|场|天|分|{'|'.join(THING_COUNTERS)})",
        rest,
    ) or re.search(r"(?:得|评)(分)", rest)
    counted = "批次" if m and m.group(1) == "批" else m.group(1) if m else ""  # 「接待了几批」: 批次 printed
    q.count_unit = counted if m and q.measure in {"count", "quantity"} or counted == "批次" else ""
    if q.measure == "quantity" and re.search(r"(买|采购|购置|购买)了?多少(?![个台张把套件辆])", rest):
        q.measure = "amount"  # 「打算买多少固定资产」「集中采购多少」: no counting word, so money
    buys_stock = False  # 「打算购置几辆车」: the cars to be bought (购置车辆), not the cars held
    if q.measure == "quantity":
        # 「项目要买多少台便携式计算机」: the buying words are phrasing; the thing is what follows
        buys_stock = bool(_BUY_HOW_MANY.search(rest))
        rest = _BUY_HOW_MANY.sub(" ", rest)
        # 「今年还要买吗，买几辆」: the yes/no asked before the count is phrasing too
        rest = re.sub(r"(要|准备|计划|拟|打算)?(买|采购|购置|购买)吗", " ", rest)
    if q.measure in {"count", "quantity"} and re.search(r"多少钱|金额|经费|费用", rest):
        q.measure = "amount"
    if q.measure == "percent_share" and re.search(r"占.{0,4}(多少钱|金额|万元|几万)", rest):
        q.measure = "amount"  # 「服务类占多少钱」 asks for the money of a part, not its share
    if q.relative_year == "previous" and q.measure == "amount":
        q.measure = "previous"
    if q.measure == "amount" and re.match(BARE_COMPARISON, norm):
        q.measure = "change"  # 「比上年呢」: the change from the year before, of what the conversation asks
    if q.intent != "field":
        if _DEFINE.search(rest) and not re.search(r"多少", rest):
            q.intent = "define"
        elif _LIST.search(rest) and not re.search(r"多少|金额|几[个项人辆台]", rest):
            q.intent = "list"
        elif _INCLUDED.search(norm) and not re.search(r"多少|几", rest):
            q.intent = "passage"  # 「把兵团的债务算进去了吗」: whether a scope is included is said in words
        elif _EXISTS.search(rest) and not re.search(r"多少|几", rest):
            q.intent = (
                "passage"  # 「有没有政府性基金预算支出」: whether there is any is said in words (没有使用…)
            )
            rest = _EXISTS.sub(" ", rest)
        elif (_USE.search(rest) or _PLACE.search(rest)) and not re.search(r"多少|几", rest):
            q.intent = "passage"  # 「这笔钱干什么用」「主要花在哪了」: what it is for, not how much
        elif (
            q.wants_why
            and not re.search(r"多少|百分之几|几个百分点", rest)
            or _PASSAGE.search(rest)
            and not _MONEY_WORDS.search(rest)
            and not re.search(r"多少", rest)  # 「…安排了多少？主要干什么用？」: the amount, then its use
            and q.measure == "amount"
            or _HOW_DONE.search(rest)
            and not re.search(r"多少|几", rest)
            or _asks_open(rest, q)
        ):
            q.intent = "passage"
            if not q.wants_why and _asks_open(rest, q) and (role := _ROLE_ASKED.search(norm)):
                q.asked_noun = role["role"]  # 「施工单位是哪家」: the sentence naming the body in that role
            elif not q.wants_why and _asks_open(rest, q) and (named := _ASKED_NOUN.search(norm)):
                noun = (named["what"] or named["who"])[-2:]
                if noun in OPEN_ASKED_CATEGORY:  # 「去哪个国家」: answered by 加拿大, not by 国家赔偿
                    q.asked_category = noun
                else:
                    q.asked_noun = noun
    q.asks_procurement = bool(re.search(r"采购|购买|买", rest + q.table_name))
    q.explicit_money = bool(
        re.search(
            r"多少钱|金额|万元|块钱|(?<![单])元|花了|花多少|(预算|经费|资金|费用|拨款)(总额|总数)?(是|有|为|共|一共)?多少"
            r"|多少(?:资金|经费|预算资金|费用)",
            norm,
        )
    )
    if q.measure == "amount" and re.search(r"率|满意度|满意程度", q.norm) and not q.explicit_money:
        q.measure = "percent_share"  # 执行率, 合格率, 满意度: targets printed as percentages
    # 「部门预算中，X安排了多少」: where X is printed, not the whole budget
    asked = re.sub(r"(?:(?<![\u4e00-\u9fff])|(?<=年))" + SPOKEN_WHERE_PRINTED, " ", norm)
    q.asks_total = any(w in asked for w in TOTAL_WORDS)

    # "X占Y的百分之几": Y is what the share is of, not part of the subject
    m = re.search(r"(^\s*|.{2,})占(.{2,20}?)的?(百分之|比例|比重|百分比|多少|几)", rest)
    if (
        m
        and q.measure == "percent_share"
        and not re.match(r"百分|多少|比|几|了?多大|了?多少|了?几", m.group(2))
    ):
        q.share_of = m.group(2)
        rest = rest.replace("占" + m.group(2), " ", 1)

    # 「支出完成年初预算的百分之几」: the share a final account prints against the budget
    m = (
        re.search(COMPLETION_SHARE, rest)
        or re.search(BUDGET_COMPLETED_SHARE, rest)
        or re.search(COMPLETION_SHARE_ALONE, rest.strip())
    )
    if m:
        q.measure, q.share_of = "percent_share", m.group(1)
        rest = rest.replace(m.group(0), " ", 1)
    # 「比年初预算数多了多少」: a final account's 决算数 against another stage of the same row
    m = re.search(
        r"(?:比|较|与)(年初预算|调整后预算|调整预算|预算)数?(?=.{0,6}(多|少|增|减|超|节约|结余|下降|上升))",
        rest,
    )
    if m:
        q.compare_stage = "年初预算" if m.group(1) == "预算" else m.group(1)
        rest = rest.replace(m.group(0), " ", 1)
        if q.measure not in {"percent_change"}:
            q.measure = "change"
    # 「比上年执行数少了多少」: last year's 执行数 is what this year is compared with, not a column
    rest = re.sub(r"(比|较|与|同)(上年|去年|上一年)(预算)?(预计)?(执行数?|决算数?)", " 比上年 ", rest)
    # budget stages (final accounts print 年初预算数 / 调整预算数 / 决算数 side by side)
    m = re.search(STAGE_QUESTION, rest)
    if m:
        word = m.group(0)
        q.stage = next((k for k in STAGE_COLUMNS if word.startswith(k) or k in word), "决算")
        if q.stage in {"完成率", "执行率"}:
            q.measure = "percent_share"
        else:
            q.columns.extend(w for w in STAGE_COLUMNS[q.stage] if w not in q.columns)
            if q.measure == "percent_share" and not q.share_of and not re.search(r"占|比例|比重", rest):
                q.measure = "amount"
        if q.stage not in {"完成率", "执行率"}:
            rest = re.sub(STAGE_QUESTION, " ", rest)

    # column words (facets of a row)
    for spoken, printed in SPOKEN_COLUMN_WORDS.items():
        rest = rest.replace(spoken, printed)
    if q.count_unit in {"人", "名"} or re.search(r"人数|(?:几|多少)个人", rest):
        # 「本级在职多少人」「编制几个人」: a count of people asks the staff column the word names
        rest = re.sub(STAFF_ACTUAL_WORDS, "", rest)
        for spoken, printed in STAFF_COLUMN_WORDS.items():
            if (
                spoken in rest
                and printed not in rest
                and not any(w in rest for w in COLUMN_WORDS if spoken in w)
            ):
                rest = rest.replace(spoken, printed, 1)
    for w in COLUMN_WORDS:
        if w in rest:
            q.columns.append(w)

    if q.measure in {"count", "quantity"} and "比" in rest:
        # 「A比B多几辆车」: the direction of a compared count is no part of what is counted
        rest = re.sub(r"(?<![至最])[多少]了?(?=几|多少)", " ", rest)
    # the subject: what is left once question words are gone
    rest = re.sub(
        r"(?:多少|几)个?百分点|(?:多少|几)个点|增长率|增幅|涨幅|降幅|增长了?|下降了?|增加了?|减少了?|占比|占.{0,6}(比例|比重)|所占|百分之几|百分比|比例|比重|"
        r"(跟|与|和|同|较)(上年|去年|上一年)(相)?比|单价|数量|人数|变化|增减|相比|相差|差额|比上一年|比前一年|同比|比上年|比去年|较上年|较去年|与上年|上年度?|去年|上一年|是几|几辆|几个|几项|几家|几名|几台|几人|(?:几|多少)所(?![得属有在需以])|"
        r"为什么|为何|原因|为啥|怎么(?=没|不|少|多|这么|那么|又)|什么是|是什么意思|是什么|什么叫|指什么|含义|定义|有哪些|哪些|分别是|都有|列出|"
        r"主要(?=干|做|用来|用在|用于|花在)|干什么用|干啥用|干嘛用|做什么用|干什么|做什么|干啥|做啥|干嘛|用来|用在哪|[花用]在什么(?:地方|方面)|用在|花在哪|买什么|用于什么|用途|"
        r"最多|最少|最高|最低|最大|最小|更多|更少|更高|更低|较多|较少|^\d+个|(?<=\s)\d+个|"
        r"加起来|之和|总和|几个百分点|几个点|涨了|买了|采购了|购置了|一个|每个|每台|花钱|花费|开支|开销|百分之|谁|哪个|哪位|什么时候|何时|是否|这么多|那么多|这么|涨|[%％]",
        " ",
        rest,
    )
    if q.count_unit in THING_COUNTERS:  # 「审结了多少件项目」: the counting word goes with 多少, not the name
        rest = re.sub(rf"(?:几|多少){q.count_unit}", " ", rest)
    rest = _QUESTION_NOISE.sub(" ", _PLACE.sub(" ", rest))
    rest = re.sub(
        r"(?<=[\u4e00-\u9fff”])科目(?!编码|代码|名称)", " ", rest
    )  # 「“图书馆”科目支出」: the item 图书馆
    if q.measure in {"count", "quantity"}:
        rest = re.sub(rf"(?:{COUNT_HAVING_VERBS})(?=\s)", " ", rest)
        rest = re.sub(STOCK_DATE_SAID, " ", rest)  # 「法院年末共有多少辆车」: the stock's date
        # 「有几个项目编报了绩效目标」: the counted noun, then what it did; printed 编报绩效目标的项目
        rest = re.sub(
            r"(?<![\u4e00-\u9fff])(项目|单位)([\u4e00-\u9fff]{1,4}?)了([\u4e00-\u9fff“”]{2,12})",
            r"\2\3的\1",
            rest,
        )
    # what is left between two department names (「A和B」「A比B多」) joins nothing
    parts = [_FILLER.sub("", p) for p in rest.split() if p not in {"和", "与", "及", "跟", "比", "、"}]
    subject = "".join(p for p in parts if p)
    subject = _FILLER.sub("", subject)
    subject = re.sub(r"[（(]\s*[)）]", "", subject)  # a code taken out of 「差旅费（30211）」
    if q.measure in {"count", "quantity"}:
        counted = re.search(r"(批次|人次|人|辆|个|项|台|家|名|套|张|把|条|次|批)$", subject)
        if counted and not q.count_unit and counted.group(1) in {"批次", "人次"}:
            q.count_unit = counted.group(1)  # 「哪个公务接待批次更多」: the unit named as what is counted
        subject = subject[: counted.start()] if counted else subject
        # 多少辆车 → 车, but 一级项目 and 个人 keep their word
        subject = re.sub(
            r"(辆|台|个|名|家|项|套)(?=[\u4e00-\u9fff]{1,2}$)(?!目|人|称|单|庭|账)", "", subject
        )  # 多少辆车 → 车
        # 「内设机构有多少个部门」: the generic noun after the count word restates what is counted
        subject = re.sub(r"(?<=机构|单位)(?:部门|单位|处室)$", "", subject)
        # 「中心现有车辆几辆」: the body and its having-verb say whose, not what
        subject = re.sub(
            r"^(?:单位|中心|机关|部门|局)?(?:现有|共有|实有|拥有|还有|还)(?=[\u4e00-\u9fff])", "", subject
        )
        # 「车改后公务用车还剩几辆」: what is left is the stock (printed 保有量), the verb names nothing
        subject = re.sub(rf"(?<=[\u4e00-\u9fff]{{2}})(?:{STOCK_LEFT_SPOKEN})$", "", subject)
        for bare, printed in COUNT_SUBJECTS.items():  # 「有几辆车」: 车 is printed as 车辆 / 公务用车
            head = subject[: -len(bare)]
            if (
                subject.endswith(bare)
                and not subject.endswith(printed)
                and (not head or head[-1] in ORG_SUFFIX_CHARS + "位" or head.endswith("本级"))
            ):
                subject = subject[: -len(bare)] + printed
                break
        stock = "|".join(sorted(set(COUNT_SUBJECTS.values()) - {PEOPLE_COUNT_SUBJECT}))
        if buys_stock and re.search(rf"(?:^|[{ORG_SUFFIX_CHARS}])(?:{stock})$", subject):
            subject = re.sub(rf"({stock})$", BUY_PRINTED + r"\1", subject)  # printed 「预算安排购置车辆5辆」
        bare_body = re.fullmatch(r"单位|中心|机关|部门|局", subject)
        if (not subject or bare_body) and not q.codes and re.search(r"多少人|几个人|几人|人数", norm):
            subject = PEOPLE_COUNT_SUBJECT
    # 「给村委会和村党支部的补助」: an item of subsidies is printed 对…的补助
    subject = re.sub(r"^给(?=[\u4e00-\u9fff]{2,}的?(?:补助|补贴))", "对", subject)
    # 「…补贴是哪个科目编码，多少钱」: the code is printed with the figure, the item is what is asked
    subject = re.sub(r"(?<=[\u4e00-\u9fff]{2})(?:是|的)?(?:哪个|什么)?(?:科目)?(?:编码|代码)$", "", subject)
    # 「一般行政管理那102万」「多了一万多万」: a figure said to point at the item, or the change roughly, names nothing
    subject = re.sub(r"(?<=[\u4e00-\u9fff]{2})[那这]笔?\d+(?:\.\d+)?[万亿]?元?钱?$", "", subject)
    subject = re.sub(
        r"(?<=[\u4e00-\u9fff]{2})(多|少|涨|降|增加|减少|下降|增长)了?[\d.一二三四五六七八九十百千万亿几多]+元?$",
        "",
        subject,
    )
    if q.measure in {"change", "percent_change"}:
        if re.search(r"(?:多少|几)(?:[万亿]元?|元)", norm):
            subject = re.sub(
                r"(?<=[\u4e00-\u9fff]{2})(?:[万亿]元?|元)$", "", subject
            )  # 「多出多少万」: its unit
        subject = re.sub(
            r"(降低|减少|增加|下降|增长|上升|多出|超出|多|少|增|减|降|涨|多了|少了)$", "", subject
        )
    subject = re.sub(r"(所?占|占了)$", "", subject)
    subject = re.sub(SUBJECT_PARTICLE_AFTER, "", subject)  # 「机关运行经费又是多少」
    subject = re.sub(r"比(多|少|高|低)*$", "", subject)  # 「X比B多多少」 once B is taken out
    if q.table_name and core(subject) in {"", "合计", "总计", "小计", "总额", "金额"}:
        # 「一般公共预算基本支出情况表合计」: the table's name is the thing asked, not a filter
        subject, q.table_name = q.table_name + subject, ""
    if re.search(ACROSS_DEPARTMENTS, norm) and re.search(RANK_MOST, norm):
        subject = re.sub(r"^(部门|单位|文件)的", "", subject)  # 「哪个部门的支出预算」: what is ranked
    # 「打算买多少固定资产」: documents print the purchase as 购置 (拟购置固定资产12.1万元)
    subject = re.sub(BUY_SPOKEN, BUY_PRINTED, subject)
    inside = _PART_INSIDE.fullmatch(subject) if q.measure == "percent_share" and not q.share_of else None
    if inside:  # 「三公经费里公务接待费占多少」: the part's share of the whole it is named inside
        q.share_of, subject = inside["whole"], inside["part"]
        parts = [subject]
    q.subject = subject
    q.rough = rough_change(norm) if q.measure == "change" else None
    q.subjects = subject_variants(subject)
    q.alternatives = readings(subject, [_FILLER.sub("", p) for p in parts if p])
    if q.count_unit:
        # 「公务接待了多少批次」: the unit counted is no item of its own (「42个批次」 of land approvals is not it)
        q.alternatives = [(s, c) for s, c in q.alternatives if s == subject or s != q.count_unit]
    # 「一般公共预算拨款“行政运行”科目」: the quoted name is what is asked (「“三公”经费」 quotes part of a name)
    for named in _QUOTED.findall(text):
        reading = (named, [w for w in subject.split(named) if w])
        if named in subject and named != subject and reading not in q.alternatives:
            q.alternatives.insert(1, reading)
    if q.share_of:
        q.alternatives = [(subj, [*ctx, q.share_of]) for subj, ctx in q.alternatives]
    return q


# 「三公经费里公务接待费」「政府采购中服务类」: a part named inside its whole (a whole ends in a word of money)
_PART_INSIDE = re.compile(
    r"(?P<whole>.{2,}?(?:经费|支出|收入|预算|资金|采购|总额))(?:里面|里边|里|当中|之中|中)的?(?P<part>(?![中小])..+)"
)
_EXISTS = re.compile(r"有没有|是否有|有无|是不是有")
_QUOTED = re.compile(r"[“\"「]([\u4e00-\u9fff（）()]{2,20})[”\"」](?=科目|项目|这|\s*$|[，,？?。安是的多有])")
_GENERIC_PARTS = {"项目", "经费", "支出", "预算", "资金", "工作", "费用", "情况", "部门", "单位"}
_INNER = re.compile(r"里面的|里边的|里的|中的|之中|下的|里面|里|中|当中")


_FUNDED_FROM = re.compile(r"(?P<item>.{2,}?)从(?P<fund>.{2,}?)(?:里面|里|中)(?:预算|安排|列支|支出|出)?了?")


def readings(subject: str, tokens: list[str]) -> list[tuple[str, list[str]]]:
    """Ways to read a subject: whole, "context 里/中/的 thing", or one space-separated part in context."""
    out: list[tuple[str, list[str]]] = [(subject, [])]

    def useful(part: str) -> bool:
        # a split that leaves only a generic word (项目, 经费 …) is a typo or a name, not a reading
        return len(part) >= 2 and core(part) not in _GENERIC_PARTS and len(core(part)) >= 2

    funded = _FUNDED_FROM.fullmatch(subject)
    if funded and useful(funded["item"]):  # 「公务接待费从专项业务费里预算」: the fund paid from is context
        out.append((funded["item"], [funded["fund"]]))
    pieces = [p for p in _INNER.split(subject) if p]
    if len(pieces) > 1 and useful(pieces[-1]):
        out.append((pieces[-1], pieces[:-1]))
    if "的" in subject:
        head, _, tail = subject.rpartition("的")
        if useful(tail) and head:
            out.append((tail, [head]))
    fund = next((w for w in FUND_PREFIXES if subject.startswith(w)), "")
    if fund and useful(subject[len(fund) :]) and not re.match(FUND_OWN_WORDS, subject[len(fund) :]):
        # 「政府性基金城市建设支出」: an item of the fund's section (2120803城市建设支出), the fund its context
        out.append((subject[len(fund) :], [fund]))
    tokens = [t for t in tokens if t]
    if len(tokens) > 1:
        for i, t in enumerate(tokens):
            if useful(t):
                out.append((t, tokens[:i] + tokens[i + 1 :]))
    unique: list[tuple[str, list[str]]] = []
    for subj, ctx in out:
        if (subj, ctx) not in unique:
            unique.append((subj, ctx))
    return unique


# a name of spending said with the stage it is asked at (项目支出预算, 公务接待费决算数): the name alone too
_STAGED_NAME = re.compile(r"(.{2,}?(?:支出|经费|费|资金))(?:预算|决算)数?")
_GLOSS = re.compile(r"[（(]([\u4e00-\u9fff]{3,})[)）]")  # 「出差的钱（差旅费）」; never （本级）


def subject_variants(subject: str) -> list[str]:
    """The subject and its official forms (公车 → 公务用车 …); a name given with its printed form in
    brackets (「卖地收入（国有土地使用权出让收入）」) is read as either."""
    bases = [subject] if subject else []
    gloss = _GLOSS.search(subject)
    if gloss:
        outside = (subject[: gloss.start()] + subject[gloss.end() :]).strip()
        bases += [v for v in (gloss.group(1), outside) if v]
    staged = [m[1] for b in bases if (m := _STAGED_NAME.fullmatch(b))]
    bases += [b for b in staged if b not in bases]  # 「项目支出预算」 of a budget: its 项目支出
    out = list(bases)
    for base in bases:
        for colloquial, officials in SYNONYMS.items():
            if colloquial in base:
                for off in officials:
                    if off not in base:
                        v = base.replace(colloquial, off)
                        if v not in out:
                            out.append(v)
    pattern, printed_forms = SPOKEN_GRANT
    for base in list(out):  # 「城乡居民医保的财政补助」: printed 财政对城乡居民基本医疗保险基金的补助
        m = re.fullmatch(pattern, base)
        for form in printed_forms if m else ():
            v = form.format(who=m["who"])
            if v not in out:
                out.append(v)
    return out
