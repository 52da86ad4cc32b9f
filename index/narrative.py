"""Figures printed in narrative sentences, with the subject phrase they are about.

A budget narrative states its figures in a fixed register: "X 预算 9653.46 万元，比 2020 年
增加 3341.54 万元，增长 52.94%"; "其中：行政编制37人，事业编制17人"; "办公桌，单价 0.14 万元，数量
1 个，共计 0.14 万元"; "“一般公共服务支出（类）财政事务（款）行政运行（项）”1,623.18万元".  No
general Chinese parser resolves *what* such a number is of, so the subject rules below are
hand-written for this genre (they name its verbs and fillers, never a department):

- a figure is a number followed by a unit (money, %, counts); years, dates, document numbers
  (``财预〔2017〕98号``), list markers and phone numbers carry no unit and are never figures;
  thresholds (``单价50万元以上``) are not figures but stay in the next figure's subject;
- the subject is the noun phrase before the figure inside its clause.  Clauses end at ，：；。
  outside quotes, and at 、 or a bracket only right after a figure ("办公费 29.72 万元，印刷费
  0.30 万元、邮电费 1.00 万元"), so names with 、 ("大数据、电子政务工作管理项目") stay whole;
- verbs and fillers (其中、包括、主要用于、共有、安排、预算数为、比上年增加 …), list markers,
  years and the department's own name are stripped; a clause left with nothing ("增长 52.94%",
  "与上年相比增加 …") takes the subject of the figure before it;
- 类/款/项 paths keep the full path as a qualifier and use the last level as subject.

Offsets (``start``/``end``) point into the text as given; ``sentence`` is the ；-delimited
piece with stray spaces removed, so it can be quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from index.numbers import normalize_text, read_chinese_numeral
from index.vocabulary import (
    BODY_WHOLE_ENDINGS,
    BUDGET_STAGE_NAME,
    CODE_KIND_WORDS,
    COUNT_BARE_VERBS,
    DEPARTMENT_ENDINGS,
    FOOTNOTE_MARKS,
    NAME_HEAD_DIRECTIONS,
    ORG_SUFFIX_CHARS,
    OWN_UNIT_WORDS,
    PREVIOUS_YEAR_STAGE,
    PURPOSE_VERBS,
    SPENDING_ONLY,
    STAGE_LABEL_ONLY,
    STAGE_YEAR_LABEL,
    THING_COUNTERS,
    USE_CLAUSE,
    WHOLE_ITEM_WORDS,
)

__all__ = ["TextFigure", "extract_figures"]


@dataclass
class TextFigure:
    """One figure printed in a sentence."""

    subject: str  # what the figure is of: "全市政务数据治理项目", "行政编制", "办公桌"
    measure: str  # amount|count|percent_share|percent_change|change|unit_price|quantity|total
    value: Decimal  # the number as printed (not normalised)
    unit: str  # printed unit: "万元" "元" "亿元" "%" "人" "辆" "个" "项" "台（套）" …
    raw: str  # as printed, e.g. "490.00 万元", "54人", "52.94%"
    sentence: str  # the clause/sentence that holds it, stray spaces removed
    start: int  # offsets of raw in the input text
    end: int
    direction: str = ""  # for changes: "增加" | "减少" | "持平" | ""
    compare_year: int | None = None  # "比2020年增加…" → 2020; "与上年相比" → None (qualifier "上年")
    share_of: str = ""  # for shares: "“三公”经费" ("占“三公”经费的26.86%") or the total listed before 其中
    qualifiers: list[str] = field(default_factory=list)  # "其中", "上年", the item name, a 类/款/项 path


# ------------------------------------------------------------------ numbers and units

_MONEY = ("亿元", "万元", "元")
_COUNT = (
    "平方公里",
    "平方米",
    "㎡",
    "台（套）",
    "台(套)",
    "人次",
    "批次",
    "公里",
    "人",
    "名",
    "辆",
    "个",
    "项",
    "家",
    "台",
    "套",
    *(c for c in THING_COUNTERS if c not in ("件", "户", "所")),
    "件",
    "户",
    "所",
    "亩",
    "次",
    "场",
    "天",
)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_CN_NUM = rf"[{_CN_DIGITS}]+(?:[万亿][{_CN_DIGITS}]+)?(?:点[零〇一二三四五六七八九]+)?"


def _spaced(word: str) -> str:
    """Letter-spaced PDFs print "万 元": allow spaces between a unit's characters."""
    return r"\s*".join(re.escape(ch) for ch in word)


_UNIT_RE = "|".join(_spaced(u) for u in (*_MONEY, *_COUNT, "%"))
_ARABIC_RE = re.compile(rf"(?<![\d.,，A-Za-z])(?P<num>{_NUM})\s*(?P<unit>{_UNIT_RE})")
_CN_RE = re.compile(rf"(?P<num>{_CN_NUM})\s*(?P<unit>{_UNIT_RE})")
_CN_PCT_RE = re.compile(rf"百分之(?P<num>{_CN_NUM})")
# "50 万元以上", "100万元（含）以上", "3000.00万元及以下", "100万（含）以上": a threshold, not a figure.
# 「…以上」「突破五十亿元大关」: a threshold or a milestone, never the value of the thing
_THRESHOLD_AFTER = re.compile(r"\s*(?:[（(]\s*含\s*[)）])?\s*(?:及|或)?\s*(?:以上|以下|以内|以外)|\s*大关")
# A growth rate printed without % ("较上年减少12.97，"): at most two integer digits, then a clause end.
_BARE_RATE = re.compile(
    r"(?:增长|下降|减少|增加|降低|提高|上升|增幅为?|降幅为?|减幅为?)\s*(?P<num>\d{1,2}\.\d{1,2})\s*(?=[，。；,;]|$)"
)
# 「平均得分99.38分」「自评得分为95分」: a score, counted in 分 (分 alone is no unit: 部分, 分钟)
_SCORE = re.compile(
    r"(?:得分|评分|分数)(?:为|是)?\s*(?P<num>\d{1,3}(?:\.\d{1,2})?)\s*分(?!钟|之|别|配|类|解|项)"
)
# 「保留通信、应急车辆2部」「接待车辆1部」: vehicles counted in 部 (部 alone is no unit: 部门, 部分)
_VEHICLES_BU = re.compile(r"(?:车辆|用车|汽车)(?P<num>\d{1,3})\s*部(?![门分级署长委队位])")
_BARE_WAN = re.compile(
    rf"(?<![\d.,])(?:{_NUM})\s*万(?=\s*(?:[（(]\s*含\s*[)）])?\s*(?:及|或)?\s*(?:以上|以下))"
)


@dataclass
class _Hit:
    """A printed number with its unit, or a printed "no change" (持平/一致/零增长)."""

    start: int
    end: int
    value: Decimal
    unit: str
    threshold: bool = False  # "50万元以上": part of a name, not a figure
    flat: str = ""  # "change" / "percent_change" for 持平 phrases without a number
    flat_year: int | None = None


def _unit_name(printed: str) -> str:
    u = re.sub(r"\s+", "", printed)
    return "台（套）" if u == "台(套)" else u


def _find_numbers(work: str) -> list[_Hit]:
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _ARABIC_RE.finditer(work):
        # "第3个" is an ordinal; "≥95%" / "=100%" are indicator targets.
        if work[max(0, m.start() - 3) : m.start()].rstrip()[-1:] in (
            "第",
            "≥",
            "≤",
            ">",
            "<",
            "=",
            "＞",
            "＜",
            "＝",
        ):
            continue
        hits.append(_Hit(m.start(), m.end(), Decimal(m["num"].replace(",", "")), _unit_name(m["unit"])))
        taken.append((m.start(), m.end()))
    for m in _CN_PCT_RE.finditer(work):
        value = _cn_value(m["num"])
        if value is not None and free(m.start(), m.end()):
            hits.append(_Hit(m.start(), m.end(), value, "%"))
            taken.append((m.start(), m.end()))
    for m in _CN_RE.finditer(work):
        num, unit = m["num"], _unit_name(m["unit"])
        # Single-character numerals are words far more often than counts ("一项工作", "五个过硬").
        if len(num) < 2 and unit not in ("人", "名", "辆"):
            continue
        if work[max(0, m.start() - 1) : m.start()] in ("第", "之") or not free(m.start(), m.end()):
            continue
        value = _cn_value(num)
        if value is not None:
            hits.append(_Hit(m.start(), m.end(), value, unit))
            taken.append((m.start(), m.end()))
    for h in hits:
        if h.unit in _MONEY and _THRESHOLD_AFTER.match(work, h.end):
            h.threshold = True
    for m in _BARE_WAN.finditer(work):
        if free(m.start(), m.end()):
            hits.append(_Hit(m.start(), m.end(), Decimal(0), "万", threshold=True))
    for m in _SCORE.finditer(work):
        a, b = m.start("num"), m.end()
        if free(a, b):
            hits.append(_Hit(a, b, Decimal(m["num"]), "分"))
            taken.append((a, b))
    for m in _VEHICLES_BU.finditer(work):
        a, b = m.start("num"), m.end()
        if free(a, b):
            hits.append(_Hit(a, b, Decimal(m["num"]), "部"))
            taken.append((a, b))
    for m in _BARE_RATE.finditer(work):
        # "较上年减少12.97，": a rate printed without its % sign, after a comparison with last year
        a, b = m.start("num"), m.end("num")
        if free(a, b) and _COMPARE.search(work, max(0, m.start() - 40), m.start() + 1):
            hits.append(_Hit(a, b, Decimal(m["num"]), "%"))
            taken.append((a, b))
    hits.sort(key=lambda h: h.start)
    return hits


def _cn_value(num: str) -> Decimal | None:
    try:
        return Decimal(str(read_chinese_numeral(num, "normal")))
    except Exception:  # cn2an raises ValueError and friends on odd input
        return None


# ------------------------------------------------------------------ text preparation

_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》「」"
_LIST_MARKER = re.compile(
    r"^\s*(?:[-•·*]\s*)?(?:\d{1,2}\s*[、.．](?!\d)|\d{1,2}[.．](?=(?:\d{7}|\d{5})[\u4e00-\u9fff](?<![万亿元千百]))|[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[）)]"
    r"|[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+是|[①-⑳])\s*"
)
_END_PUNCT = "。！？!?"


def _fold(text: str) -> str:
    """Same-length working copy: full-width digits/％/． folded (NFKC) so one regex reads both, and
    footnote markers after a figure blanked."""
    out: list[str] = []
    for ch in text:
        if ch in FOOTNOTE_MARKS and out and (out[-1].isdigit() or out[-1] in "%％"):
            out.append(" ")  # "下降4.1%²", "4.1²%": a footnote marker glued to a figure is not part of it
        elif "\uff10" <= ch <= "\uff19" or ch in "％．，":
            folded = normalize_text(ch)
            # A full-width comma stays (it separates clauses) unless it sits between digits.
            out.append(folded if len(folded) == 1 and ch != "，" else ch)
        else:
            out.append(ch)
    s = "".join(out)
    # "１，２３４" → "1,234": a comma between digits is a thousands separator.
    return re.sub(r"(?<=\d)，(?=\d{3})", ",", s)


def _is_heading(line: str, width: int) -> bool:
    """A short marked line with no sentence punctuation; a full-width line is a wrapped sentence."""
    s = line.strip()
    return (
        bool(_LIST_MARKER.match(s))
        and len(s) <= min(40, 0.8 * width)
        and not re.search(r"[，,。；;]", s[:-1] if s else s)
    )


def _is_title(line: str, width: int) -> bool:
    """An unmarked title line ("上海市普陀区财政局机构设置"): short, no punctuation, no figure."""
    s = line.strip()
    return 0 < len(s) <= 0.6 * width and not re.search(r"[，,。；;：:、！？!?%]|\d\s*[万亿]?元", s)


def _join_lines(work: str) -> str:
    """Rejoin lines a PDF (or a page break) cut mid-sentence; keep real paragraph ends.

    Same length: a joined line break becomes a space (cleaned away later), a real one stays
    "\\n" and ends the sentence.  A break is real after 。！？, before a list marker, after a
    heading or title line, and between a line ending on a figure and one starting a new phrase.
    """
    chars = list(work)
    # Typical width of a wrapped line: the median of the longer lines (a heading is clearly shorter).
    lengths = sorted(n for line in work.split("\n") if (n := len(line.strip())) >= 15)
    width = lengths[len(lengths) // 2] if lengths else 50
    for m in re.finditer(r"\n(?:[ \t]*\n)*", work):
        prev_line = work[work.rfind("\n", 0, m.start()) + 1 : m.start()].rstrip(" \t")
        nxt_end = work.find("\n", m.end())
        next_line = work[m.end() : nxt_end if nxt_end >= 0 else len(work)]
        hard = (
            not prev_line
            or not next_line.strip()
            or prev_line[-1] in _END_PUNCT
            or bool(_LIST_MARKER.match(next_line))
            or _is_heading(prev_line, width)
            or _is_title(prev_line, width)
            or bool(_ENDS_WITH_FIGURE.search(prev_line) and re.match(rf"\s*[^\W\d{_PUNCT_OPEN}]", next_line))
            or next_line.lstrip().startswith(("第", "="))
        )
        if not hard:
            for i in range(m.start(), m.end()):
                chars[i] = " "
    return "".join(chars)


# A line that ends on a complete figure, the next one starting a new phrase (chart labels).
_ENDS_WITH_FIGURE = re.compile(rf"(?:{_NUM})\s*(?:%|[万亿]?元)$")
_PUNCT_OPEN = "，,、。；;：:）)”"


def _clean(s: str) -> str:
    """Drop spaces and line breaks except between two ASCII letters/digits ("201 03 02")."""
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"(?<![A-Za-z0-9.]) | (?![A-Za-z0-9])", "", s)


# ------------------------------------------------------------------ subject resolution

# Comparison phrases: "比 2020 年", "与2024年预算相比", "与上年相比", "较上年", "同比".
# 「比17年预算减少301.58万元」「跟17年相比」: a year said by its last two digits
_COMPARE = re.compile(
    r"(?:本年数?)?(?:与|和|同|比|较|跟|对比)\s*(?:(?P<year>\d{4})\s*年\s*(?:度)?|(?<!\d)(?P<short>\d{2})\s*年(?!\d)"
    r"|上一?\s*年\s*(?:度)?|去年|上年同期)"
    r"(?:\s*(?:年初预算数?|预算数?|决算数?|数|同期))?(?:\s*(?:相比|比较|相较|对比))?|同比"
)
_FLAT = re.compile(
    r"(?:本年数?)?(?:与|和|同|较|比)\s*(?:(?P<year>\d{4})\s*年\s*(?:度)?|上一?\s*年\s*(?:度)?|去年)"
    r"\s*(?:预算数?|数)?\s*(?:持平|一致|相同|相当)"
)
_ZERO_GROWTH = re.compile(r"零增长")
_UP = ("增加", "增长", "新增", "上升", "提高", "增幅", "增长率")
_DOWN = ("减少", "下降", "降低", "减低", "压减", "缩减", "节约", "降幅", "下降率")
# 「比上年增收18.3万元」「增收30,938万元」: 增收/减支 right before a figure are its direction (「到户增收、雨露计划等
# 484个扶贫项目」 names a programme)
_COMPARED_DIRECTION = re.compile(r"(增收|增支|减收|减支)$")
# 「新增债券」「新增地债」: a change word followed by a noun is the head of a name (NAME_HEAD_DIRECTIONS)
_NOUN_NEXT = r"(?=[“\"‘「]?(?![了为达至])[\u4e00-\u9fff]{2})"  # 「新增“两违”690宗」: a quoted noun too
_NAME_HEAD = "(?:" + "|".join(map(re.escape, NAME_HEAD_DIRECTIONS)) + ")" + _NOUN_NEXT
_DIRECTION = re.compile(
    "|".join(
        re.escape(w) + (f"(?!{_NOUN_NEXT})" if w in NAME_HEAD_DIRECTIONS else "")
        for w in sorted((*_UP, *_DOWN), key=len, reverse=True)
    )
    + r"|一致|持平"
)
# Verbs that separate a leading phrase from the subject: the subject is what follows them.
_SPLIT_VERBS = re.compile(
    r"主要原因是|原因是|主要用于以下方面|主要用于|主要包括|包括|其中|分别是|分别为|共有|实有|现有|拥有|涉及|安排的?|共计|合计为|总计为|共(?=\s*$)|"
    + _DIRECTION.pattern
    + f"|(?={_NAME_HEAD})"  # 「下达我区新增债券」: the name starts at its change word, which it keeps
    # 「全乡完成一般公共预算支出1524.29万元」: 完成 is the stage of the thing named after it (「计划完成」
    # 「已完成」 keep theirs: the plan and the done are two figures of one thing)
    + r"|(?<![划计拟已])完成(?=[\u4e00-\u9fff“]{2})(?!率|情况|数|值|度|目标|任务)"
    # 「省财政厅核定我区政府债务限额」: who granted it to whom is not the name
    + r"|(?:核定|下达|批复|核批|分配)给?(?:我|本)[省市区县乡镇]"
    # 「1.一般公共预算 全区（县）一般公共预算总收入」 of a page printed on one line: the heading before
    # a scope word is not part of the name after it
    + r"|(?<=[\u4e00-\u9fff])全[省市区县](?:[（(][省市区县][)）])?(?=[\u4e00-\u9fff])"
)
_LEAD_FILLERS = re.compile(
    r"^(?:其中|包括|此外|另外|具体|以及|及|和|并|拟|由|按|了|的|各|即|共(?![青同享建产性管治])|度|是|为|年(?![初末中底])|本年度?|全年|当年|上年(?!结余|结转)|年[末底](?![结滚])|"
    r"本部门中?|我部门|本单位|我单位|本局|我局|本院|我院|我[省市区县乡镇](?![级委])|本级|部门本级|[局委办院部厅]本级|"
    r"(?:所属|下属)各?(?:预算)?单位(?=\S)|(?<=[及和])(?:所属|下属)各?(?:预算)?单位|[:：,，、\s\-•·*])+"
)
_TRAIL_FILLERS = re.compile(
    r"(?:预算数为|预算数|预算为|本年数|预计完成|为|是|达到?|共计|共有|共|(?<![签合条节公制契])约|安排|各|了|按|合计为|总计为|[:：,，、\s])+$"
)
# A department name at the head of a subject: region(s) then an organisation suffix.  The region
# needs two characters before 省/市/区 so that "全市政务数据治理中心建设项目" keeps its name.
_ORG = re.compile(
    # (a place is never 「…核定我区」: 我/本 refer to the writer, so 「我区政府债务限额」 names no organisation)
    r"^(?:(?:(?![我本])[\u4e00-\u9fff]){2,8}?[省市区县州旗])+[\u4e00-\u9fff]{0,14}?"
    r"(?:局|院|厅|委员会|委|办公室|中心|法院|政府)(?:本部|本级)?"
)
_YEAR = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:\s*度)?|截[止至]")
_PATH_LEVEL = re.compile(r"([^（）()“”\"]+?)\s*[（(]\s*(类|款|项)\s*[）)]")
_GENERIC = {
    "",
    "预算",
    "预算数",
    "本年",
    "本年数",
    "数",
    "其中",
    "合计",
    "总计",
    "资金",
    "金额",
    "经费",
    "支出",
    "收入",
    "预计",
    "增收",
    "增支",
    "减收",
    "减支",
    "目标",  # 「收入增长目标为10%」: the rate of the 收入 named before it
    "年初",  # 「收入预算:2026年年初预算数…」: a stage left alone names nothing
    "年末",
    "年底",
    *WHOLE_ITEM_WORDS,
}
# 「一般公共预算总收入突破五十亿元大关，预计达到509,342万元」: a milestone passed, not part of a name
_MILESTONE = re.compile(r"(?:突破|临近|接近|超过|迈上|跨越|站上)[^，,。；;]{0,12}?大关")
_ITEM_KEYS = {
    "单价": "unit_price",
    "数量": "quantity",
    "共计": "total",
    "合计": "total",
    "总价": "total",
    "小计": "total",
}


def _strip(s: str) -> str:
    prev = None
    while s != prev:
        prev = s
        s = _LIST_MARKER.sub("", s)
        s = re.sub(r"^\d{3,}\s*[)）]", "", s)  # 「（科目编码：2210201）住房改革支出」 cut at its colon
        s = _LEAD_FILLERS.sub("", s)
        s = _ORG.sub("", s)
        s = _TRAIL_FILLERS.sub("", s)
        s = re.sub(
            r"[（(]$", "", s
        )  # 「…福利支出（增加了3416.14万元，占比约56.8%）」: the bracket the figure is in
        # "因公出国（境）费预算支出", "法院（款）行政运行（项）支出", "扶贫经费预算": the trailing
        # 支出/预算 is the verb of the sentence, not part of the name.  "基本支出", "工资福利支出",
        # "政府性基金支出预算" keep theirs.
        s = re.sub(r"(?<=[费置）)])(?<!缴费)(?:预算)?支出$", "", s)
        s = re.sub(r"(?<=费)预算$", "", s)
        # 一般公共预算支出 is 一般公共预算: a report's whole and its 其中 part share that name
        # (「市本级呢」 after the whole; tests/test_convo_report_chains)
        s = re.sub(r"(?<=预算)支出$", "", s)
    return s


def _is_generic(s: str) -> bool:
    # 「较2016年决算数73.92增加90.97万元」: a bare number left before a change names nothing
    return s in _GENERIC or len(s) < 2 or not re.search(r"[\u4e00-\u9fff]", s)


# 「本年收入24,115.09万元」「（二）2017年支出24,430.10万元」: the year's whole, not a part of it
_YEAR_WHOLE = re.compile(
    rf"^(?:{_LIST_MARKER.pattern.lstrip('^')})?\s*(?:\d{{4}}\s*(?:年度?)?\s*(?:本年度?|全年|当年)?|本年度?|全年|当年)\s*"
    r"(?P<whole>收入|支出)(?:合计|总计|总额)?(?:为|是|共计)?$"
)


_YEAR_WHOLES = ("本年收入", "本年支出")


def _year_whole(left: str) -> str:
    """ "本年支出" for a clause that states the whole income or spending of the year, else ""."""
    m = _YEAR_WHOLE.match(_clean(left))
    return "本年" + m["whole"] if m else ""


# 「行政运行（科目编码：2010601）50.38万元」「（2010301）」: the item's code in brackets ends its name (「农业（科目编码：
# 21301）行政运行（科目编码：2130101）」 names 行政运行 of 农业)
_CODE_NOTE = re.compile(
    rf"[（(]\s*(?:{CODE_KIND_WORDS}|科目编号|编码|编号|代码)?\s*[:：]?\s*\d{{3,}}\s*[)）]"
)


_ITEM_NUMBER = re.compile(
    r"(?<=[\u4e00-\u9fff”）)])[（(][一二三四五六七八九十]{1,3}[)）](?=[\u4e00-\u9fff“])"
)
# 「区党工委党群工作部收入预算为13986.08万元」「平潭政协部门收入预算为…」: a body's whole income or spending
_BODY_WHOLE = re.compile(
    rf"[\u4e00-\u9fff]{{2,}}?(?:{'|'.join(BODY_WHOLE_ENDINGS)})(?P<whole>收入|支出)(?P<stage>预算|决算)数?(?:为|是)?$"
)
_OWN_UNIT_PAYS = re.compile(rf"(?<=年)\s*[省市区县]?(?:{OWN_UNIT_WORDS}|本级)(?=\s*(?:预算|决算|安排))")
# 「公务接待经费从本单位一般行政管理事务——专项业务费中预算4万元」: the fund a figure is paid from is no name of it
_FUNDED_FROM = re.compile(r"从[^，,。；;从]{2,40}?中(?=(?:预算|安排|列支|支出|统筹)[^，,。；;]{0,2}$)")


def _best_piece(text: str) -> str:
    """The subject inside a left context: the last meaningful piece between verbs and years."""
    if whole := _year_whole(text):
        return whole
    if m := _BODY_WHOLE.search(_clean(text)):
        return m["whole"] + m["stage"]
    text = _MILESTONE.sub(" ", _COMPARE.sub(" ", _clean(text)))
    text = _FUNDED_FROM.sub(" 其中", text)
    # 「（二）公务接待费 2018年区办本级预算安排500万元」: whose part of the department pays is no name of the item
    text = _OWN_UNIT_PAYS.sub(" ", text)
    # 「编报绩效目标的2025年度项目28个」: a year after 的 is an attribute inside the name, not its start
    text = re.sub(r"(?<=的)\s*\d{4}\s*年\s*度?(?=[\u4e00-\u9fff])", "", text)
    # 「…情况（一）因公出国（境）经费2018年预算安排10万元」「…费用支出（二）公务接待费…」: an item's number run into
    # the text before it starts the item's name
    text = _ITEM_NUMBER.sub(" 其中", text)
    pieces = [
        p for note in _CODE_NOTE.split(text) for chunk in _SPLIT_VERBS.split(note) for p in _YEAR.split(chunk)
    ]
    cleaned = [_strip(_clean(p)) for p in pieces]
    for p in reversed(cleaned):
        if not _is_generic(p):
            return p
    return ""


_WHOLES = {"支出", "收入", "预算", "预算数"}


def _whole_named(left: str) -> str:
    """ "支出较去年减少": the generic whole a clause names before its comparison (支出), or ""."""
    head = _strip(_clean(_COMPARE.split(left)[0])) if _COMPARE.search(left) else ""
    head = re.sub(r"^(?:19|20)\d{2}年度?", "", head)  # 「2026年预算比2025年预算增加」: the budget's whole
    return head if head in _WHOLES else ""


def _unquote(s: str) -> str:
    if len(s) > 2 and s[0] in '“"「' and s[-1] in '”"」' and not re.search(r"[”\"」]", s[1:-1]):
        return s[1:-1]
    return s


_DASHED_PATH = re.compile(
    r"\d{3,7}\s*(?P<path>[\u4e00-\u9fff（）()、]{2,30}(?:[—－]+[\u4e00-\u9fff（）()、]{2,30}){1,3})"
)


def _path_subject(subject: str) -> tuple[str, str]:
    """ "一般公共服务支出（类）财政事务（款）行政运行（项）" → ("行政运行", the path)."""
    inner = _unquote(subject)
    dashed = _DASHED_PATH.fullmatch(inner)
    if (
        dashed
    ):  # 「2050204普通教育—高中教育」「2110199节能环保支出—环境保护管理事务—其他…支出」: the 项 ends the path
        return re.split(r"[—－]+", dashed["path"])[-1], dashed["path"]
    if not re.search(r"[（(]\s*[类款项]\s*[）)]\s*$", inner):
        return subject, ""
    levels = _PATH_LEVEL.findall(inner)
    if not levels:
        return subject, ""
    return levels[-1][0].strip(), inner


# ------------------------------------------------------------------ sentences and clauses


def _spans(start: int, end: int, work: str, seps: str) -> list[tuple[int, int]]:
    """Split work[start:end] after each separator character (kept with its span)."""
    out, s = [], start
    for i in range(start, end):
        if work[i] in seps:
            out.append((s, i + 1))
            s = i + 1
    if s < end:
        out.append((s, end))
    return out


_CODE_AFTER_COLON = re.compile(r"\s*\d{3,}\s*[)）]")


def _clause_bounds(work: str, start: int, end: int, fig_ends: set[int]) -> list[int]:
    """Clause starts inside a ；-piece: after ，：, outside quotes; after 、（） only right after a
    figure ("办公费 29.72 万元，印刷费 0.30 万元、邮电费 1.00 万元"), so "大数据、电子政务…" stays whole."""
    bounds, depth = [start], 0
    for i in range(start, end):
        ch = work[i]
        if ch in "“「《":
            depth += 1
        elif ch in "”」》":
            depth = max(0, depth - 1)
        elif depth:
            continue
        else:
            comma = ch in "，：:" or (ch == "," and not (work[i - 1 : i] + work[i + 1 : i + 2]).isdigit())
            if ch in "：:" and _CODE_AFTER_COLON.match(work, i + 1):
                comma = False  # 「行政运行（科目编码：2010601）」: the colon of a code note ends no clause
            after_figure = ch in "、（）()" and len(work[start:i].rstrip()) + start in fig_ends
            if comma or after_figure:
                bounds.append(i + 1)
    return bounds


@dataclass
class _Sentence:
    """What the figures of one 。-sentence share while being resolved."""

    start: int
    end: int
    marks: list[int]  # positions of 其中 / 主要用于以下方面 / 包括 (a list of parts follows)
    figs: list[tuple[_Hit, TextFigure]] = field(default_factory=list)


def _bracket_depth(text: str) -> int:
    return sum(text.count(c) for c in "（(") - sum(text.count(c) for c in "）)")


def _outside_aside(work: str, sent: _Sentence, start: int) -> tuple[_Hit, TextFigure]:
    """The sentence's last figure before ``start`` not inside brackets closed before it: 「…支出8.01万元（其中…
    的金额为8.01万元）较2015年减少0.87万元」 — the figure of the aside is not what follows the brackets is of."""
    last = sent.figs[-1]
    if _bracket_depth(work[sent.start : start]) > 0:
        return last
    outside = [(h, f) for h, f in sent.figs if _bracket_depth(work[sent.start : h.start]) <= 0]
    return outside[-1] if outside else last


# ------------------------------------------------------------------ extraction


def extract_figures(
    text: str, carry: str = "", described: str = "", carry_unit: str = "", text_before: str = ""
) -> list[TextFigure]:
    """Every figure printed in ``text`` (a paragraph or a whole narrative), in order.

    ``carry``: the subject the text before it ended on, for a first figure that names none (``carry_unit``: the
    unit it was printed in)
    (「与上年相比支出减少54.33%」 in the paragraph after 「公务接待费2019年预算安排5.8万元。」).
    ``described`` is the 类/款/项 item the paragraph before went on about (``described_item``): a line
    break after 「…主要用于…。」 starts a new paragraph whose 「2023年当年预算执行数为…」 is still its."""
    work = _join_lines(_fold(text))
    hits = _find_numbers(work)
    real = [h for h in hits if not h.threshold] + _flat_hits(work, hits)
    real.sort(key=lambda h: h.start)
    fig_ends = {h.end for h in real if not h.flat}
    figures: list[TextFigure] = []
    last_subject = carry
    item = ""  # 「一般行政管理事务（项）。年初预算为…」: the item a figure-less sentence names
    # 「“…（项）”25.77万元，主要用于…。2023年当年预算执行数为…」: the item the sentences go on about
    for s_start, s_end in _spans(0, len(work), work, "。！？!?\n"):
        in_sentence = [h for h in real if s_start <= h.start < s_end]
        if not in_sentence:
            item = _named_item(_clean(work[s_start:s_end])) or item
            continue
        opens_with = _leading_item(_clean(work[s_start:s_end]))
        marks = [m.start() + s_start for m in _PARENT_MARK.finditer(work[s_start:s_end])]
        sent = _Sentence(s_start, s_end, marks)
        for p_start, p_end in _spans(s_start, s_end, work, "；;"):
            piece = _clean(work[p_start:p_end])
            bounds = _clause_bounds(work, p_start, p_end, fig_ends)
            prev_end = p_start
            for hit in (h for h in in_sentence if p_start <= h.start < p_end):
                c_start = max(b for b in bounds if b <= hit.start)
                left = work[max(c_start, prev_end) : hit.start]
                fig = _figure(work, text, hit, left, piece, sent, bounds, p_start)
                if not fig.subject:  # "预算数比 2020 年增加 0 万元": the previous sentence's subject
                    # 「支出较去年减少…」: a clause that names its whole (支出, 收入) keeps it; the subject
                    # carried from the paragraph before names only a change (「与上年相比支出减少54.33%」)
                    before = last_subject if figures or fig.measure in ("change", "percent_change") else ""
                    if before and not sent.figs and fig.measure in ("change", "percent_change"):
                        before = whole_of_parts(figures) or before
                    if before and figures and fig.unit in _MONEY and figures[-1].unit not in (*_MONEY, "%"):
                        # 「自评得分为0分。全年预算数0万元」: a score's or a count's name is no sum's
                        before = ""
                    fig.subject = _whole_named(left) or before or _best_piece(left) or _clean(left)
                if fig.measure == "percent_change" and _of_nothing(figures, fig):
                    # 「…安排7.6万元，其中：公车运行费7.6万元，公车购置费0万元，比上年减少2.5%」: a part of 0
                    # cannot have changed by a rate other than 100%; the change is the whole's
                    fig.subject = whole_of_parts(figures) or fig.subject
                if hit.flat == "change" and not fig.unit:  # "…182.92 万元。与上年一致。"
                    # 「…预算安排20万元。主要用于…。与上年持平。」: the unit of the figure the paragraphs before ended on
                    fig.unit = next((f.unit for f in reversed(figures) if f.unit in _MONEY), "") or carry_unit
                if fig.measure == "percent_share" and re.search(r"完成\S*的?$", _clean(left)):
                    fig.subject = _completed_item(sent, item, p_start) or fig.subject
                elif fig.measure == "amount" and opens_with and re.fullmatch(STAGE_LABEL_ONLY, _clean(left)):
                    # 「大气（项），主要用于扬尘污染防治监管等项目支出，年初预算为420.80万元」
                    fig.subject = opens_with
                    path = _LEADING_ITEM.match(_clean(work[s_start:s_end]))
                    if path and path[1] not in fig.qualifiers:
                        fig.qualifiers.append(path[1])  # 「…污染防治（款）大气（项）」: its whole path
                elif fig.measure == "amount" and re.fullmatch(STAGE_LABEL_ONLY, fig.subject):
                    # 「…（项），主要用于…。年初预算为51.50万元，支出决算为51.98万元」
                    fig.subject = _completed_item(sent, item) or fig.subject
                elif fig.measure == "amount" and _STAGED_HEAD.search(_clean(left)):
                    # 「一般公共预算财政拨款支出年初预算为4628.17万元」「公务用车…费支出决算为16.95万元」:
                    # 年初/决算 is the stage, not the name
                    name = _STAGE_WORDS.sub("", fig.subject)
                    fig.subject = name if not _is_generic(name) else fig.subject
                if (
                    fig.subject in _YEAR_WHOLES
                    and sent.figs
                    and re.search(r"预算|决算", sent.figs[-1][1].subject)
                ):
                    # 「“三公”经费年初预算安排2.8亿元，本年支出1.43亿元」: the item's spending, not the year's whole
                    fig.subject = sent.figs[-1][1].subject
                if (y := _EARLIER_YEAR_LABEL.fullmatch(fig.subject)) and (
                    carried := _earlier_year_item(
                        text_before + work[:s_start], int(y["year"]), figures, carry
                    )
                ):
                    # 「公务接待费2019年预算安排12.50万元。主要用于…。2018年预算安排为21.5万元，与上年相比支出减少
                    # 42%」: a sentence naming only an earlier year's stage goes on about the item before
                    fig.subject = carried
                    if fig.measure == "amount":
                        stage = "执行数" if "执行" in y[0] else "决算数" if "决算" in y[0] else "预算数"
                        fig.qualifiers.append(f"上年（{y['year']}年）{stage}")
                if described and re.fullmatch(STAGE_YEAR_LABEL, fig.subject):
                    fig.subject = described
                    if fig.measure == "amount" and (y := re.search(PREVIOUS_YEAR_STAGE, _clean(left))):
                        fig.qualifiers.append(f"上年（{y['year']}年）执行数")
                outer = _breakdown_of(work, hit, sent.figs)
                if outer is not None:
                    # 「人员支出383.75万元（…指挥部本级330.67万元，…服务中心53.08万元）」: each unit's part of
                    # the figure before the bracket is that item of that unit; the sentence goes on about the whole
                    unit = _clean(left).lstrip("（(，,、")
                    fig.subject = unit + outer.subject
                    fig.qualifiers.append(unit)
                else:
                    last_subject = fig.subject
                sent.figs.append((hit, fig))
                figures.append(fig)
                prev_end = hit.end
        _respectively(sent.figs)
        _earlier_years(work, sent)
        item = ""  # an item name reaches only the sentence right after it
        first = sent.figs[0][1] if sent.figs else None
        if first is not None and any(_PATH_LEVEL.search(q) for q in first.qualifiers):
            described = first.subject
        elif first is not None and not re.fullmatch(STAGE_YEAR_LABEL, first.subject):
            described = first.subject if first.subject == described else ""
    return figures


_EARLIER_YEAR_LABEL = re.compile(
    rf"(?P<year>(?:19|20)\d{{2}})\s*年度?\s*(?:{STAGE_YEAR_LABEL}|{STAGE_LABEL_ONLY})(?:为|是)?"
)


def _earlier_year_item(before: str, year: int, figures: list[TextFigure], carry: str) -> str:
    """The item of the money figure just before (``carry`` across paragraphs), when the text before names a
    later year than ``year``."""
    if not any(int(y) > year for y in _CLAUSE_YEAR.findall(before[-300:])):
        return ""
    if not figures:
        return "" if not carry or _EARLIER_YEAR_LABEL.fullmatch(carry) else carry
    last = figures[-1]
    if last.measure != "amount" or last.unit not in _MONEY or _EARLIER_YEAR_LABEL.fullmatch(last.subject):
        return ""
    return last.subject


def _of_nothing(figures: list[TextFigure], fig: TextFigure) -> bool:
    """Is ``fig`` a rate said of the figure before, a part of 0 of a 其中 list that no rate but 100% changed?"""
    if not figures or fig.value == 100:
        return False
    last = figures[-1]
    return (
        last.measure == "amount"
        and last.value == 0
        and "其中" in last.qualifiers
        and last.subject == fig.subject
        and not re.search(
            r"[\u4e00-\u9fff]{2}",
            re.sub(
                r"比上年|与上年相比|较上年|同比|减少|下降|增长|增加|上升",
                "",
                fig.sentence[: fig.start].rsplit("，", 1)[-1],
            ),
        )
    )


def whole_of_parts(figures: list[TextFigure]) -> str:
    """「…安排93.2万元，其中：公共运行费93.2万元，公车购置费0万元。与上年相比支出下降3%」: a change in a new
    sentence after a 其中 list is the whole's (the figure the list split), not its last part's."""
    if not figures or "其中" not in figures[-1].qualifiers:
        return ""
    for fig in reversed(figures):
        if "其中" not in fig.qualifiers:
            return fig.subject if fig.measure == "amount" else ""
    return ""


_CLAUSE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*[末底初])")


def _earlier_years(work: str, sent: _Sentence) -> None:
    """「2017年预算安排…车辆运行经费34.20万元，2018年预算安排…车辆运行经费62.80万元」: one item's amounts of
    two years in one sentence; the earlier year's is marked the previous year's (``上年（2017年）预算数``), so
    that a question about the year reads the later one."""
    dated: list[tuple[int, str, TextFigure]] = []
    before = sent.start
    for hit, fig in sent.figs:
        left = work[before : hit.start]
        before = hit.end
        years = _CLAUSE_YEAR.findall(left)
        if fig.measure == "amount" and fig.unit in _MONEY and years:
            stage = "预算数" if "预算" in left else "决算数" if "决算" in left else "执行数"
            dated.append((int(years[-1]), stage, fig))
    for year, stage, fig in dated:
        later = [y for y, _, f in dated if f.subject == fig.subject and y > year]
        if later:
            fig.qualifiers.append(f"上年（{year}年）{stage}")


_RESPECTIVELY = re.compile(r"^(?P<names>[^，,；;]+?)(?:同比|比上年)?分别(?:为|是|达到?)?$")


def _respectively(figs: list[tuple[_Hit, TextFigure]]) -> None:
    """「一般公共预算总收入、地方一般公共预算收入同比分别增长35.6%、11.7%」: the names listed before
    分别 take the figures listed after it, in order."""
    for i, (_, fig) in enumerate(figs):
        m = _RESPECTIVELY.match(fig.subject)
        listed = m["names"] if m else fig.subject
        if "、" not in listed or not re.search(re.escape(listed) + r"\S{0,6}?分别", _clean(fig.sentence)):
            continue
        names = [n for n in listed.split("、") if n]
        run = [f for _, f in figs[i : i + len(names)]]
        if len(run) == len(names) and all(f.unit == fig.unit and f.subject == fig.subject for f in run):
            for f, name in zip(run, names, strict=True):
                # 「、11.7%」 has no verb of its own: it is read as the first one is
                f.subject, f.measure, f.direction, f.compare_year = (
                    name,
                    fig.measure,
                    fig.direction,
                    fig.compare_year,
                )


# 「…（澳前片区项目建设指挥部本级1648.77万元，澳前片区项目建设服务中心65.83万元）」: a unit's name before its part
_UNIT_IN_BRACKET = re.compile(rf"[\u4e00-\u9fff]{{2,30}}(?:本级|[{ORG_SUFFIX_CHARS}])")


def _breakdown_of(work: str, hit: _Hit, figs: list[tuple[_Hit, TextFigure]]) -> TextFigure | None:
    """The figure whose per-unit breakdown ``hit`` is part of: a bracket opened right after that figure, holding
    only unit names each followed by its figure (hand-written: the layout of a budget that covers 本级 and its
    units, 「X万元（本级a万元，服务中心b万元）」, is specific to these disclosures)."""
    if not figs:
        return None
    opened = work.rfind("（", 0, hit.start)
    if opened < 0 or "）" in work[opened : hit.start]:
        return None
    outer = next((f for h, f in reversed(figs) if h.end <= opened and not work[h.end : opened].strip()), None)
    if outer is None or outer.unit not in _MONEY:
        return None
    label = re.split(r"[（，,、]", work[opened : hit.start])[-1].strip()
    return outer if _UNIT_IN_BRACKET.fullmatch(label) else None


_PARENT_MARK = re.compile(r"其中|主要用于以下方面|(?<!主要)包括")


def described_item(figures: list[TextFigure], before: str = "") -> str:
    """The 类/款/项 item a paragraph's figures end on describing (for the paragraph after it), or ""."""
    for fig in reversed(figures):
        if any(_PATH_LEVEL.search(q) for q in fig.qualifiers):
            return fig.subject
    return before if figures and all(f.subject == before for f in figures) else ""


_STAGE_WORDS = re.compile(r"(?:(?:年初|调整)(?:预算)?|预算|决算)数?$")
_STAGED_HEAD = re.compile(r"\S{2,}?(?:(?:年初|调整后?)预算|决算)数?(?:为|是)?$")
# 「行政单位离退休（项），主要用于…。」: a sentence that opens with the item it describes
_LEADING_ITEM = re.compile(r"^[“\"]?((?:[^，,。；;（）()“”\"]+?[（(][类款项][）)])+)[”\"]?[，,]")


def _named_item(sentence: str) -> str:
    """ "一般行政管理事务（项）。": a short sentence that only names a 类/款/项 item."""
    _, path = _path_subject(sentence.rstrip("。！？!?").strip())
    if path and len(sentence) <= 60:
        return _PATH_LEVEL.findall(path)[-1][0].strip()
    return _leading_item(sentence)


def _leading_item(sentence: str) -> str:
    """ "行政单位离退休（项），主要用于…": the 类/款/项 item a sentence opens with, or ""."""
    m = _LEADING_ITEM.match(sentence)
    if not m or m[0].count("“") != m[0].count("”"):
        return ""  # 「运行（项）”，…」: the end of a name broken off the line before, not an item
    return _PATH_LEVEL.findall(m[1])[-1][0].strip()


def _completed_item(sent: _Sentence, item: str, piece_start: int | None = None) -> str:
    """What 「完成年初预算的91.14%」 is the completion of: the sentence's first figure's subject without
    its stage word (财政拨款支出年初预算 → 财政拨款支出), else the item named just before.  Given
    ``piece_start``, an amount of its own ；-piece comes first (「…80.71%；公务用车…费支出决算为16.95万元，
    完成预算的82.68%」 is the completion of 公务用车…费支出)."""
    own = [
        f
        for h, f in sent.figs
        if piece_start is not None and h.start >= piece_start and f.measure == "amount"
    ]
    name = _STAGE_WORDS.sub("", own[-1].subject) if own else ""
    if name and not _is_generic(name) and not re.match(r"支出|年初|调整|预算|决算", name):
        return name
    first = sent.figs[0][1].subject if sent.figs else ""
    name = _STAGE_WORDS.sub("", first)
    if name and not _is_generic(name) and not re.match(r"支出|年初|调整|预算|决算", name):
        return name
    return item


def _flat_hits(work: str, hits: list[_Hit]) -> list[_Hit]:
    """ "与2024年预算持平", "与上年一致", "零增长": a printed change of zero without a number."""
    out = []
    starts = {h.start for h in hits}
    for m in _FLAT.finditer(work):
        j = m.end()
        while j < len(work) and work[j].isspace():
            j += 1
        if j in starts:  # "与2024年预算一致0万元": the number itself is the figure
            continue
        year = int(m["year"]) if m["year"] else None
        out.append(_Hit(m.start(), m.end(), Decimal(0), "", flat="change", flat_year=year))
    for m in _ZERO_GROWTH.finditer(work):
        out.append(_Hit(m.start(), m.end(), Decimal(0), "%", flat="percent_change"))
    return out


def _measure(hit: _Hit, left_c: str, direction: str, piece: str) -> str:
    if hit.flat:
        return hit.flat
    if hit.unit == "%":
        return "percent_change" if direction else "percent_share"
    if direction:
        return "change"
    key = next((k for k in _ITEM_KEYS if left_c.rstrip("为:：").endswith(k)), "")
    # 共计/合计 is a procurement total only in a 单价/数量 line; elsewhere it is an amount.
    if key and (key in ("单价", "数量") or re.search(r"单价|数量", piece)):
        return _ITEM_KEYS[key]
    return "amount" if hit.unit in _MONEY else "count"


def _direction(hit: _Hit, left_c: str) -> str:
    if hit.flat:
        return "持平"
    if m := _COMPARED_DIRECTION.search(left_c):
        return "增加" if m[1][0] == "增" else "减少"
    found = _DIRECTION.findall(_COMPARE.sub(" ", left_c))
    if not found:
        return ""
    return "增加" if found[-1] in _UP else "减少" if found[-1] in _DOWN else "持平"


def _figure(
    work: str, text: str, hit: _Hit, left: str, piece: str, sent: _Sentence, bounds: list[int], p_start: int
) -> TextFigure:
    left_c = _clean(left)
    unit = hit.unit
    if hit.flat == "change":  # a 持平 phrase takes the unit of the amount it follows
        units = [f.unit for _, f in sent.figs if f.unit != "%"]
        unit = units[-1] if units else ""
    direction = _direction(hit, left_c)
    measure = _measure(hit, left_c, direction, piece)
    qualifiers: list[str] = []

    if measure in ("unit_price", "quantity", "total"):
        subject = _item_name(work, bounds, hit.start)
        qualifiers += [subject] if subject else []
    else:
        subject = "" if hit.flat else _best_piece(left)
        if measure in ("amount", "change") and re.fullmatch(SPENDING_ONLY, subject):
            subject = _purpose_spending(work, bounds, hit.start) or subject
        if measure == "count" and (noun := _counted_as(work, hit)):
            subject = noun  # 「（其中16名为自收自支人员）」: the count is of the noun it is said to be
        elif measure == "count" and (noun := _noun_after(work, hit.end)):
            subject = _bracket_owner(work, hit.start) + noun
        elif measure == "count" and subject.endswith("的") and (noun := _first_noun(work, hit.end)):
            subject += noun  # 「区国资局出资的15家企业全部纳入…」: the count is of 区国资局出资的企业
        if measure == "count":
            subject = _counted_list(left_c) or COUNT_BARE_VERBS.get(subject, subject)
    share_of = ""
    if measure == "percent_share":
        m = re.search(r"(?:占|完成)(.+?)的?$", left_c)
        # 「完成预算的82.68%」「为年度预算数的118.25%」: the share of a budget stage
        done = re.search(rf"(?:完成|^{_SHARE_VERB})({BUDGET_STAGE_NAME})的?$", left_c)
        if done:
            share_of = done[1]  # 「完成预算的82.68%」: the completion of the budget, whatever the sentence
        elif m and not _is_generic(m[1]) and m[1] != "比":
            share_of = m[1]
        if re.fullmatch(rf"(?:占|完成).*|{_SHARE_VERB}{BUDGET_STAGE_NAME}的?|", left_c):
            subject = ""  # 「…决算为4.7万元，完成年初预算的0.8%」: the share of the figure before it
    subject, path = _path_subject(_unquote(subject))
    qualifiers += [path] if path else []
    if not subject:
        subject = _inherit(work, bounds, hit.start, sent)

    marks = [p for p in sent.marks if p < hit.start]
    if marks:
        if (
            work.startswith("其中", marks[-1])
            and measure in ("amount", "count")
            and _in_scope(work, marks[-1], p_start, sent)
        ):
            qualifiers.insert(0, "其中")
        if measure == "percent_share" and not share_of:
            parents = [f for h, f in sent.figs if h.start < marks[-1] and f.measure in ("amount", "count")]
            share_of = parents[-1].subject if parents else ""
    compare_year = None
    if measure in ("change", "percent_change"):
        compare_year = _compare_year(work, sent.start, hit, qualifiers)
    if measure in ("amount", "count") and (m := re.match(r"[（(]([^（）()\d]{1,20})[）)]", work[hit.end :])):
        qualifiers.append(m[1])  # "公务用车 1 辆（机要通信车）"
    return TextFigure(
        subject=subject,
        measure=measure,
        value=hit.value,
        unit=unit,
        raw=text[hit.start : hit.end],
        sentence=piece,
        start=hit.start,
        end=hit.end,
        direction=direction if measure in ("change", "percent_change") else "",
        compare_year=compare_year,
        share_of=share_of,
        qualifiers=qualifiers,
    )


_SHARE_VERB = r"(?:为|是|达到?|相当于)"


def _in_scope(work: str, mark: int, p_start: int, sent: _Sentence) -> bool:
    """Is a figure of the ；-piece starting at ``p_start`` one of the parts listed after 其中?

    "其中：行政编制37人，事业编制17人；在职职工47人" lists its parts inside one piece, so the
    next piece is outside; "其中：基本支出…，占比6.49%；项目支出…" lists one part per piece.
    """
    if mark >= p_start:
        return True
    piece_end = min((i for i in (work.find("；", mark), work.find(";", mark)) if i >= 0), default=sent.end)
    parts = [h for h, f in sent.figs if mark < h.start < piece_end and f.measure in ("amount", "count")]
    return len(parts) <= 1


def _compare_year(work: str, s_start: int, hit: _Hit, qualifiers: list[str]) -> int | None:
    """The year a change is against: the nearest "比2020年" / "与上年相比" before it in the
    sentence, else in the sentence before ("与2020年预算相比，…。政府性基金收支预算增加0万元")."""
    if hit.flat_year is not None:
        return hit.flat_year
    found = list(_COMPARE.finditer(work, s_start, hit.start + 1))
    if not found:  # "主要原因是基本支出增加…" explains the sentence before it
        j = s_start
        while j > 0 and (work[j - 1] in "。！？!?\n" or work[j - 1].isspace()):
            j -= 1
        prev_start = max(work.rfind(ch, 0, j) for ch in "。！？!?\n") + 1
        found = list(_COMPARE.finditer(work, prev_start, hit.start + 1))
    if hit.flat:
        found += list(_FLAT.finditer(work, hit.start, hit.end))
    if not found:
        return None
    if year := found[-1].groupdict().get("year"):
        return int(year)
    if short := found[-1].groupdict().get("short"):
        return 2000 + int(short)
    qualifiers.append("上年")
    return None


def _item_name(work: str, bounds: list[int], start: int) -> str:
    """For "办公桌，单价 0.14 万元，数量 1 个": the figure-less clause that names the item."""
    starts = [b for b in bounds if b <= start]
    for b in reversed(starts[:-1]):
        nxt = next((x for x in bounds if x > b), start)
        clause = _clean(work[b:nxt])
        if not _ARABIC_RE.search(clause):
            return _strip(clause)
    return ""


_LISTED_COUNT = re.compile(
    r"^(?P<head>[^，,：:；]{2,14}?)(?:主要)?(?:包括|包含|设有|分别是|分别为|有)[^，,；]+等$"
)


_PURPOSE_CLAUSE = re.compile(rf"^(?:{PURPOSE_VERBS})(?P<what>[\u4e00-\u9fff“”]{{2,16}})[，,]?$")


def _purpose_spending(work: str, bounds: list[int], start: int) -> str:
    """ "一是支持教育全面发展，财政支出91,102万元": a figure whose clause names only the spending is the
    spending on what the figure-less clause right before it supports (教育全面发展支出), or ""."""
    starts = [b for b in bounds if b <= start]
    if len(starts) < 2:
        return ""
    clause = _clean(work[starts[-2] : starts[-1]])
    clause = _LIST_MARKER.sub("", clause)
    m = _PURPOSE_CLAUSE.match(clause)
    return m["what"] + "支出" if m else ""


def _counted_list(left: str) -> str:
    """ "内设机构包括警令部、政治部…等14个部门": a count closing a list counts what the list is of."""
    m = _LISTED_COUNT.match(left)
    return _strip(m["head"]) if m else ""


def _counted_as(work: str, hit: _Hit) -> str:
    """ "其中16名为自收自支人员）": a count of people or units said to be a kind (为/是 right after the count,
    the kind closing the clause) counts that kind, or ""."""
    if hit.unit not in ("名", "人", "家", "个"):
        return ""
    m = re.match(r"(?:为|是)([\u4e00-\u9fff]{2,12}?)(?=[，。；,;）)]|$)", work[hit.end :])
    return m[1] if m and m[1][0] not in "按等以在和及与或并且被将对从由其共期" else ""


def _noun_after(work: str, end: int) -> str:
    """ "下属0家预算单位的…": a count word before its noun names what is counted; so does each count of
    "包括3个机关行政处室及5个下属单位" (the noun ends where the next count starts)."""
    m = re.match(
        r"\s*([\u4e00-\u9fff]{2,12}?)(?=的|[，。；、,;：:）)]|(?:及|和|与|以及)?\s*\d+\s*[个家名人项所]|$)",
        work[end:],
    )
    if not m or m[1][0] in "按等以为在和及与或并且被将对从由其共":
        return ""
    return m[1]


_BODY_ENDING = re.compile("|".join(sorted(DEPARTMENT_ENDINGS, key=len, reverse=True)))


def _bracket_owner(work: str, start: int) -> str:
    """ "重庆市港航管理局(包含…６个三级预算单位)": a count inside the brackets after a unit's name counts that
    unit's (a department lists its units one a line, each with what it holds), so the name goes before the noun."""
    m = re.search(r"([\u4e00-\u9fff]{2,24})[（(](?:包含|包括|含|下设|下辖)[^（）()]*$", work[:start])
    if not m:
        return ""
    owner = m[1]
    # units printed one a line run together when the lines are joined (「…道路运输管理局重庆市港航管理局」):
    # the owner is the last name when it ends as a body's name does
    ends = [e.end() for e in _BODY_ENDING.finditer(owner) if e.end() < len(owner)]
    last = owner[ends[-1] :] if ends else ""
    if len(last) >= 2 and any(last.endswith(e) for e in DEPARTMENT_ENDINGS):
        owner = last
    return owner


def _first_noun(work: str, end: int) -> str:
    """The noun word right after a count (「15家企业全部纳入…」 → 企业), or ""."""
    from index.segmenter import pos_cut

    tokens = pos_cut(work[end : end + 12])
    first = tokens[0] if tokens else None
    return first.word if first and first.flag.startswith("n") and len(first.word) >= 2 else ""


def _inherit(work: str, bounds: list[int], start: int, sent: _Sentence) -> str:
    """Subject of a bare "增长 52.94%" / "占比6.49%": the nearer of the figure before it in the
    sentence and a figure-less clause before it in the piece ("预留机动经费, 0.64%")."""
    best_pos, best = -1, ""
    if sent.figs:
        hit, fig = _outside_aside(work, sent, start)
        best_pos, best = hit.start, fig.subject
    starts = [b for b in bounds if b <= start]
    for b in reversed(starts[:-1]):
        nxt = next(x for x in bounds if x > b)
        if nxt <= best_pos:
            break
        clause = work[b:nxt]
        if _ARABIC_RE.search(clause) or _FLAT.search(clause):
            break
        if _COMPARE.search(clause) or re.search(r"相比|比较|对比|口径|原因", clause):
            continue  # "与上年相比，" / "按与上年统计口径一致相比，": context, not a name
        if best and re.match(USE_CLAUSE, clause):
            continue  # 「…2.27万元，主要用于…支出,较上年…」: the use of the figure before, not its name
        if piece := _best_piece(clause):
            return piece
    return best
