"""Deterministic figure lookup: from an understood question to cited facts.

Every figure returned is a stored fact (a parsed table cell or a printed
sentence).  Facts that print the same figure are grouped, so one answer cites
every place it is printed; groups that disagree about the same thing are all
returned, so the answer can say the documents disagree.
"""

from __future__ import annotations

import os
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import cn2an
from rapidfuzz import fuzz
from rapidfuzz.distance import Hamming

from index.facts import Fact
from index.names import GENERIC_LABELS, FactIndex, core, core_forms, fact_names, table_topic  # noqa: F401
from index.vocabulary import (
    BUDGET_STAGE_NAME,
    BUDGET_STAGES,
    COMPARISON_SUBJECTS,
    DROPPED_NAME_WORDS,
    INCOME_TOTAL_SUBJECTS,
    OWN_SCOPE_WORDS,
    PART_TABLE_WORDS,
    REGION_SCOPE_WORDS,
    STAGE_COLUMNS,
    TOTAL_SUBJECTS,
    YEAR_END_OPPOSITES,
)
from qa.understand import Query, subject_variants

MATCH_THRESHOLD = 78.0
_CUT_FORM = 0.1  # a name matched only once the question's generic words were cut ranks just below a whole one
_LEFTOVER = {"经费", "支出", "预算", "资金", "费用", "项目", "和", "与", "中", "里"}
_PROCUREMENT = re.compile(r"采购")
_MONEY_ROW = re.compile(r"费|支出|资金|金额|预算|经费|拨款|收入|万元")
_PREVIOUS_FACET = re.compile(r"上年|上一年|上年度")
# a sentence figure ``index.narrative`` marked as the previous year's outcome (「2023年当年预算执行数为…」)
_PREVIOUS_TEXT = re.compile(r"上年（\d{4}年）(?:执行数|预算数|决算数)")
_CN_NUM = "零一二三四五六七八九十"
_LABEL_CODE = re.compile(r"^[\[【(（]?\s*(\d{3}(?:\d{2}){0,2})\s*[\]】)）]?(?=\D)")


@dataclass
class Match:
    fact: Fact
    score: float
    # the cell was chosen by the question's own words for its row and its column (a place's row of a
    # table by area, the 合计 row of a table named): not re-read by ``qa.columns``' year/stage defaults
    exact_cell: bool = False


@dataclass
class FigureGroup:
    """Facts that print one figure (same value within printed precision)."""

    value: Decimal
    unit: str
    matches: list[Match] = field(default_factory=list)
    procurement: bool = False

    @property
    def facts(self) -> list[Fact]:
        return [m.fact for m in self.matches]

    @property
    def score(self) -> float:
        return max(m.score for m in self.matches)

    @property
    def has_table(self) -> bool:
        return any(f.origin == "table" for f in self.facts)

    @property
    def precision(self) -> Decimal:
        return min(f.precision for f in self.facts)

    @property
    def best_fact(self) -> Fact:
        """The fact to show first: the most exact printing (a table cell) of the best match."""
        top = self.score
        near = [m for m in self.matches if m.score >= top - 2]
        best = min(near, key=lambda m: (m.fact.precision, m.fact.origin != "table", -m.score))
        return best.fact


# a name that is only a scope word (「市本级支出」 → 市本级) names nothing a question contains it for
_SCOPE_ONLY = re.compile(r"[省市区县州乡镇]?(?:" + "|".join((*REGION_SCOPE_WORDS, *OWN_SCOPE_WORDS)) + ")")


_JOINING = re.compile(r"(?<=[\u4e00-\u9fff]{2})[和与及](?=[\u4e00-\u9fff]{2})")
# 「储备粮（油）库建设」「因公出国（境）费」: a short insert inside a name, which people leave out when they say it
_INNER_INSERT = re.compile(r"(?<=[\u4e00-\u9fff])（[\u4e00-\u9fff]{1,3}）(?=[\u4e00-\u9fff])")


def _said_shorter(q: str, f: str) -> Iterator[str]:
    """Forms of the printed name ``f`` said without a part people leave out (those ``q`` itself says stay)."""
    yield _JOINING.sub("", f)  # 「征地拆迁补偿」 of 「征地和拆迁补偿」: the joining word of two parts
    if "（" not in q:
        yield _INNER_INSERT.sub("", f)  # 「储备粮库建设」 of 「储备粮（油）库建设」: the insert
    for w in DROPPED_NAME_WORDS:  # 「政府购买服务采购」 of 「政府购买服务项目采购预算额」: a word inside
        if w not in q:
            yield f[:1] + f[1:].replace(w, "")


def name_score(q: str, f: str) -> float:
    """How well a question's subject names a fact's subject (0–100), on ``core`` forms.

    Containment scores high (people drop 全市/项目); a one-character typo (公基金/公积金,
    差旅废/差旅费) scores just below an exact match; anything else falls back to edit similarity.
    """
    if not q or not f:
        return 0.0
    if q == f:
        return 100.0
    if q in f:
        own = re.split(r"[-—－]", f)[-1]
        if f.startswith("其他") and not q.startswith("其他") and (own.startswith("其他") or q not in own):
            # 「其他国有资本经营预算收入」 is the rest of a whole, never the whole asked; a 类 printed before
            # the item (「其他支出-用于社会福利的彩票公益金支出」) is only where the item is listed
            return 60.0
        return 80.0 + 20.0 * len(q) / len(f)
    if f in q and len(f) >= 2 and not _SCOPE_ONLY.fullmatch(f):
        # the question says more than the name: words of phrasing, or context; a question about a
        # thing the document never prints (无人机采购) is stopped earlier (Engine._names_unprinted)
        return 70.0 + 20.0 * len(f) / len(q)
    if len(q) >= 4:
        for bare in _said_shorter(q, f):
            if bare != f and q in bare:
                return name_score(q, bare) - 2.0  # a printed name said shorter: just below the name itself
    best = fuzz.ratio(q, f) * 0.95
    short, long_ = (q, f) if len(q) <= len(f) else (f, q)
    if (
        3 <= len(short) <= 24
        and len(long_) <= 64  # a typo is one character in a name, not in a paragraph
        and len(set(short).difference(long_)) <= 1  # else no window is one character apart
    ):
        for i in range(len(long_) - len(short) + 1):
            window = long_[i : i + len(short)]
            if Hamming.distance(short, window, score_cutoff=1) != 1:
                continue  # not one character apart (rapidfuzz counts in C: most windows stop here)
            diff = [(a, b) for a, b in zip(short, window, strict=True) if a != b]
            # one wrong character typed through a pinyin IME: same sound (差旅废/差旅费, 公基金/公积金);
            # a different-sounding one only in long names (水电费 is not 邮电费).
            if len(diff) == 1 and (_homophone(*diff[0]) or len(short) >= 5):
                typo = 95.0 if len(short) == len(long_) else 80.0 + 15.0 * len(short) / len(long_)
                best = max(best, typo if _homophone(*diff[0]) else typo - 8.0)
                break
    return best


@lru_cache(maxsize=4096)
def _homophone(a: str, b: str) -> bool:
    # Two single characters: pypinyin's phrase dictionary (55 MB, 0.5 s to load) never applies to
    # one character (same reading for all 20,924 CJK characters with and without it, checked), so it
    # is not loaded (pypinyin's documented memory switches; pypinyin has no other user here).
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin import lazy_pinyin  # imported on first use

    return lazy_pinyin(a) == lazy_pinyin(b)


def measure_ok(f: Fact, measure: str) -> bool:
    """Is this fact the kind of figure the question asks for?"""
    previous = bool(_PREVIOUS_FACET.search(f.column) or _PREVIOUS_FACET.search(f.row_label)) or (
        f.origin == "text" and f.measure == "amount" and bool(_PREVIOUS_TEXT.search(f.context))
    )
    if measure == "amount":
        return f.unit == "元" and f.measure in {"amount", "total"} and not previous
    if measure == "previous":
        return f.unit == "元" and previous
    if measure == "change":
        return f.unit == "元" and f.measure == "change"
    if measure == "unit_price":
        return f.measure == "unit_price"
    if measure == "quantity":
        return (
            f.measure in {"quantity", "count"}
            and f.unit not in {"元", "%"}
            and not (f.unit == "" and _MONEY_ROW.search(f"{f.row_label}{f.column}"))
        )
    if measure == "count":
        return (
            f.measure in {"count", "quantity"}
            and f.unit not in {"元", "%", ""}
            or (
                f.measure == "count"
                and f.unit == ""
                and f.origin == "table"
                # a unitless cell of a money row (a table whose 万元 was not read) is not a count
                and not _MONEY_ROW.search(f"{f.row_label}{f.column}")
            )
        )
    if measure == "percent_share":
        share = f.measure in {"percent_share"} or (f.measure == "percent" and f.origin == "table")
        return share and not rate_of_printed_change(f)
    if measure == "percent_change":
        return f.measure == "percent_change" or rate_of_printed_change(f)
    return False


# 「较上年增加89.06万元（81.26%）」: a percent in brackets right after a printed change is its rate
_RATE_AFTER_CHANGE = re.compile(
    r"(增加|减少|增长|下降|降低|减低|上升|提高|压减)\s*[\d.,]+\s*[万亿]?元\s*[（(]\s*$"
)


def rate_of_printed_change(f: Fact) -> bool:
    if f.origin != "text" or f.unit != "%" or f.measure == "percent_change" or not f.printed:
        return False
    at = f.printed_at()
    return at > 0 and bool(_RATE_AFTER_CHANGE.search(f.quote[max(0, at - 30) : at]))


def table_hint_ok(f: Fact, hint: str) -> bool:
    """Is the fact printed in the table the question names ("5-2表", "附件六", "表十")?"""
    if not hint:
        return True
    title = f.table_title.replace(" ", "")
    if re.search(rf"(附件|附表){re.escape(hint)}(?![\d-])", title):
        return True
    if hint.isdigit() and 0 < int(hint) <= 10:
        cn = _CN_NUM[int(hint)] if int(hint) < 10 else "十"
        if title.startswith(f"{cn}、"):
            return True
    if hint.isdigit() and 0 < int(hint) < 100:
        # a budget book's 「表二十四」 / 「表24」 printed before the title
        cn = cn2an.an2cn(hint)
        if re.match(rf"表\s*(?:{cn}(?![一二三四五六七八九十])|{hint}(?![\d-]))", title):
            return True
    return False


def titled_total(f: Fact, readings: list[tuple[list[str], list[str]]], asked: str = "") -> bool:
    """「一般公共预算基本支出合计」: the 合计 row of the table titled by the whole subject; a budget
    book's 「全省收入合计」 row is that row too, when the question says 合计 (not its 收入总计)."""
    if f.origin != "table":
        return False
    label = f.row_label.replace(" ", "")
    printed_total = any(label.endswith(w) and len(label) <= 8 for w in ("合计", "总计") if w in asked)
    if label not in {"合计", "总计"} and not printed_total:
        return False
    title = core(f.table_title)
    return any(len(v) >= 6 and v in title for subjects, _ in readings for v in subjects)


def sentence_total(f: Fact, readings: list[tuple[list[str], list[str]]], asked: str) -> bool:
    """「一般公共预算收入合计」 asked of a sentence 「全区收入合计1,219,959万元」 under the heading naming that
    budget's income: the printed 合计 of the name asked, before the part that shares the name."""
    if f.origin != "text":
        return False
    word = next((w for w in ("合计", "总计") if w in asked and f.subject.endswith(w)), "")
    name = core(f.subject[: -len(word)]) if word else ""
    return bool(name) and any(len(v) >= 4 and v in name for subjects, _ in readings for v in subjects)


def total_of_column(f: Fact, readings: list[tuple[list[str], list[str]]]) -> bool:
    """「专项业务经费支出合计」: the 合计 row's cell under the column the question names exactly."""
    if f.origin != "table" or f.row_label.replace(" ", "") not in {"合计", "总计"}:
        return False
    leaf = core(f.column.split("/")[-1])
    return bool(leaf) and any(v == leaf for subjects, _ in readings for v in subjects)


def nth_table(pool: list[Fact], index: FactIndex, hint: str) -> list[Fact]:
    """「表5」 of a document whose titles carry no number: its fifth titled table, in printed order.

    Department budgets print 表1…表N in order with the number on a line of its own; a document whose
    titles do carry numbers (附件5, 表五) is matched by them instead and never counted.
    """
    if not hint.isdigit():
        return []
    titles = list(
        dict.fromkeys(
            f.table_title
            for f in sorted(
                (f for f in index.facts if f.origin == "table" and f.table_title),
                key=lambda f: f.table_idx or 0,
            )
        )
    )
    if not titles or any(re.search(r"(?:表|附件|附表)\s*[\d一二三四五六七八九十]", t) for t in titles):
        return []
    n = int(hint)
    if not 0 < n <= len(titles):
        return []
    return [f for f in pool if f.table_title == titles[n - 1]]


def named_table(pool: list[Fact], name: str) -> list[Fact]:
    """Facts of the table the question names by its title (「一般公共预算支出情况表」), if one matches."""
    want = core(name)
    if len(want) < 4:
        return []
    exact = [f for f in pool if f.origin == "table" and want in core(f.table_title)]
    if exact:
        return exact
    return [f for f in pool if f.origin == "table" and fuzz.partial_ratio(want, core(f.table_title)) >= 90]


def column_score(f: Fact, words: list[str]) -> float:
    """How well a fact's column matches the column words asked (基本支出, 项目支出, 财政拨款 …)."""
    if not words:
        return 0.0
    col = re.sub(r"[\s“”\"]", "", f.column)  # 「“三公”经费合计」 is the column 三公经费
    best = 0.0
    for w in words:
        if col == w:
            best = max(best, 100.0)
        elif col.startswith(w + "/") and col.split("/")[-1] in {"小计", "合计"}:
            best = max(best, 98.0)
        elif w in col:
            best = max(best, 90.0 - 2 * col.count("/"))
    return best


def _haystack(f: Fact) -> str:
    # a sentence figure's own subject is its row label: 「上级补助我市…合计」 is printed under that name
    label = f.row_label if f.origin == "table" else f.subject
    return core(" ".join((f.table_title, f.column, f.section, f.group, f.context, label, f.share_of)))


def _codes_of(f: Fact) -> set[str]:
    """The row's code and any other classification code printed on it (5-2表: 301 01 and 501 01)."""
    codes = {f.code} if f.code else set()
    m = _LABEL_CODE.match(f.row_label.strip())  # 「[30211]差旅费」: the code printed in the label
    if m:
        codes.add(m.group(1))
    codes.update(w for w in f.context.split() if w.isdigit() and len(w) in (3, 5, 7))
    if f.origin == "text":
        codes.update(clause_codes(f))
        # 「与17年相比，减少2150万元」 after 「2081099其他社会福利支出10万元」: the code its carried subject prints
        m = _LABEL_CODE.match(f.subject.strip())
        if m:
            codes.add(m.group(1))
    return codes


# (a number followed by its unit, 「地下建筑面积40180㎡」, is a measure, no code; 「221（项级科目）46.96万元」 a code
# followed by its level alone)
_TEXT_CODE = re.compile(
    r"(?<![\d.])(?<!\d[,，])(\d{7}|\d{5})(?![\d.,，%㎡]|平方|[万亿]?元)|(?:^|(?<=[（(：:，,、\s]))(\d{3})(?=[\u4e00-\u9fff]|[（(][类款项]级?(?:科目)?[)）])"
)

# 「1.2120104城乡社区管理事务—城管执法」: an item number glued to the code by a dot, which is no decimal point
_ITEM_NUMBER = re.compile(r"(?:^|(?<=[^\d.]))\d{1,2}[.．](?=(?:\d{7}|\d{5})[\u4e00-\u9fff](?<![万亿元千百]))")


def codes_printed_in(clause: str) -> list[str]:
    """Classification codes a clause prints, in order: 「1.2120104城乡社区管理事务—城管执法」 → ["2120104"]."""
    return [a or b for a, b in _TEXT_CODE.findall(_ITEM_NUMBER.sub("、", clause))]


def clause_codes(f: Fact) -> set[str]:
    """Codes a sentence prints for the item of its figure: 「（八）2150805支持中小企业发展和管理支出—中小企业发展专项
    2,000万元」, 「（科目编码：2013302）宣传事务——…3085万元」, 「212城乡社区支出（类）6000万元」."""
    at = f.printed_at()
    if at < 0:
        return set()
    # 「…事务（科目编码：20103）774.79万元，其中行政运行（2010301）774.79万元」: a figure printed twice is the one
    # printed after its name
    printed = f.quote[at : at + len(f.printed)]
    ats, prev = [], 0
    while at >= 0:
        if f.subject and f.subject in f.quote[prev:at]:
            ats.append(at)
        prev, at = at + len(printed), f.quote.find(printed, at + len(printed))
    codes: set[str] = set()
    for at in ats or [f.printed_at()]:
        codes |= set(codes_printed_in(re.split(r"[；;。]", f.quote[:at])[-1]))
    return codes


def remainder_score(q: str, name: str, f: Fact) -> float:
    """ "政府采购服务支出" names the row 服务支出 printed under 政府采购: the words the name lacks are its context."""
    if len(name) < 2 or name == q:
        return 0.0
    if name not in q:
        # 「对出租车的成品油价格改革补贴」 of 「成品油价格改革对交通运输的补贴—对出租车的补贴」: the name with the
        # words of its path inserted
        for cut in range(2, len(name) - 1):
            head, tail = name[:cut], name[cut:]
            if q.startswith(head) and q.endswith(tail) and len(q) > len(name):
                mid = q[len(head) : len(q) - len(tail)]
                if len(mid) >= 2 and mid in _haystack(f) and mid not in name:
                    return 93.0
        return 0.0
    rest = q.replace(name, "", 1)
    if len(rest) >= 2 and rest in _haystack(f):
        return 94.0
    at = f.printed_at() if f.origin == "text" else -1
    if len(rest) >= 2 and q.endswith(name) and rest in core(f.quote[: max(at, 0)]):
        # 「社会保险基金年末滚存结余」 of 「社会保险基金支出…，年末滚存结余91,215万元」: the name the question ends
        # on is the thing asked, the words before it are printed before the figure in its sentence
        return 90.0
    if len(rest) >= 4 and q.endswith(name) and f.origin == "text":
        # 「一般公共预算收支相抵后结余结转」 of 「上述收支相抵，结余结转46,593万元」 under 「…一般公共预算收支决算平衡
        # 情况」: the words before the name are, nearly all, the sentence's and its headings' words
        around = _haystack(f) + core(f.quote[: max(at, 0)])
        pairs = [rest[i : i + 2] for i in range(len(rest) - 1)]
        if sum(p in around for p in pairs) >= 0.8 * len(pairs):
            return 88.0
    return 0.0


def part_head(f: Fact) -> str:
    """「全市地方政府债务余额1304.5亿元，其中…专项债务866.1亿元」: the whole a part printed after 其中
    belongs to (the sentence before 其中), or ""."""
    if f.origin != "text" or "其中" not in f.context or not f.printed:
        return ""
    at = f.quote.find(f.printed)
    return core(f.quote[: f.quote.rfind("其中", 0, at)]) if at > 0 else ""


def _whole_also_named(f: Fact, readings: list[tuple[list[str], list[str]]]) -> bool:
    """Is a part printed after 其中 one whose whole, before 其中, prints the words asked too?"""
    at = f.printed_at() if f.origin == "text" and "其中" in f.context.split() else -1
    cut = f.quote.rfind("其中", 0, at) if at > 0 else -1
    if cut <= 0:
        return False  # the whole is in another piece of the sentence (not quoted): nothing to compare
    head = core(f.quote[:cut])
    return any(len(v) >= 2 and v in head for subjects, _ in readings for v in subjects)


def _names_whole(word: str, whole: str) -> bool:
    """Is ``word`` the name the whole before 其中 is printed with, right before its figure (「财政拨款收入468.30
    万元，其中…」), not a word elsewhere in its sentence (「市本级预算已提前安排相关支出586.1亿元，其中…」)?"""
    # never a unit's share in a bracket after the whole (「支出预算1714.6万元（…服务中心65.83万元），其中…」)
    return any(
        whole[: m.start()].count("（") <= whole[: m.start()].count("）")
        for m in re.finditer(re.escape(word) + r"[为是共计达：:]{0,2}\d", whole or "")
    )


def context_adjust(f: Fact, words: list[str], topic: str = "") -> float:
    """Words around the subject ("机关运行经费里的…", "5-2表 …") favour facts printed under them; a whole
    asked (「财政拨款收入里政府性基金」) and the conversation's ``topic`` (「政府债务余额」 asked before
    「专项债务呢」) also favour the parts a sentence prints after 其中 under that whole."""
    if not words:
        return 0.0
    hay = _haystack(f)
    whole = part_head(f)
    adj = 0.0
    for w in words:
        c = core(w)
        if not c:
            continue
        # the whole before 其中 only by its printed words (a near-spelling of the asked topic too)
        where = hay + " " + whole if topic and w == topic else hay
        if c in where or _names_whole(c, whole) or (len(c) >= 3 and fuzz.partial_ratio(c, where) >= 85):
            adj += 4.0
        else:
            # a long qualifier the fact does not print (「面向中小企业预留」 of 政府采购预算) says more
            # strongly that it is about something else than a short word does
            adj -= 7.0 if len(c) >= 6 else 6.0
    return adj


_STAGE_WORDS = ("完成", "执行", "决算")
# 「增减变化情况」「比上年增长(%)」「预算数比上年执行数增长%」「执行数比上年+,-%」: a printed change
_CHANGE_COLUMN = re.compile(r"增减|变化|比上年|较上年|同比增|增长\s*[%％(（]|增幅|[+＋]\s*[,，、]?\s*[-－]")


def change_cell(f: Fact, measure: str) -> bool:
    """A table cell under a change column (「增减变化情况」「比上年增长(%)」): a printed change."""
    if f.origin != "table" or not _CHANGE_COLUMN.search(f.column):
        return False
    if measure == "change":
        return f.unit == "元"
    return measure == "percent_change" and f.unit == "%"


def as_change(f: Fact, measure: str) -> Fact:
    """The cell as the change it prints: its size, and its direction from the sign (-37.27 → 减少 37.27)."""
    direction = "减少" if f.value < 0 else "增加" if f.value > 0 else "持平"
    size = f.printed.lstrip("-−－ ")
    # the quote says what the sign means, so the cited text prints the figure answered
    quote = f"{f.column}：{f.printed}（即{direction}{size}）；{f.quote}"
    return replace(f, measure=measure, value=abs(f.value), direction=direction, quote=quote)


def search(query: Query, index: FactIndex, measure: str | None = None, margin: float = 6.0) -> list[Match]:
    """Facts that answer ``query`` best, scored; empty when nothing names the subject well enough.

    ``margin``: how far below the best score a match is still returned (wider when the caller
    filters the matches by context afterwards, e.g. a two-year report's year)."""
    measure = measure or query.measure
    found = _search(query, index, measure, margin)
    if measure in {"change", "percent_change"}:
        found = [
            Match(as_change(m.fact, measure), m.score) if change_cell(m.fact, measure) else m for m in found
        ]
    return found


# FactIndex → measure → the facts of that measure: every question filtered every fact of the document
# again (≈ 30% of a warm figure answer, profiled); an index is never changed once built.
_POOLS: weakref.WeakKeyDictionary[FactIndex, dict[str, list[Fact]]] = weakref.WeakKeyDictionary()


def _measure_pool(index: FactIndex, measure: str) -> list[Fact]:
    pools = _POOLS.get(index)
    if pools is None:
        pools = _POOLS.setdefault(index, {})
    pool = pools.get(measure)
    if pool is None:
        pool = pools[measure] = [f for f in index.facts if measure_ok(f, measure) or change_cell(f, measure)]
    return pool


def _search(query: Query, index: FactIndex, measure: str, margin: float = 6.0) -> list[Match]:
    pool = _measure_pool(index, measure)  # shared: filtered into new lists below, never changed
    if query.table_hint:
        hinted = [f for f in pool if table_hint_ok(f, query.table_hint)] or nth_table(
            pool, index, query.table_hint
        )
        # an empty hinted table (空表) is answered from the narrative that restates it
        pool = hinted or [f for f in pool if f.origin == "text"]
    if query.table_name and named_table(index.facts, query.table_name):
        pool = named_table(pool, query.table_name)  # the named table exists: only its cells answer
    columns = [w for w in query.columns if w]
    if query.codes:
        coded = [f for f in pool if _codes_of(f) & set(query.codes)]
        budget_stage = query.stage in BUDGET_STAGES  # 决算 is what the tables print
        if coded and budget_stage and not any(column_score(f, columns) for f in coded):
            # 「2210399其他城乡社区住宅支出年初预算」 of a final account whose tables print no 年初预算:
            # the sentence about the coded row's item prints it
            names = {core(f.subject) for f in coded if f.origin == "table" and f.subject}
            coded += [
                f
                for f in pool
                if f.origin == "text" and core(f.subject) in names and words_before(f, columns) > 0
            ]
        pool = coded
        if not pool:
            return []
    readings: list[tuple[list[str], list[str]]] = []
    for subj, ctx in query.alternatives or [(query.subject, [])]:
        variants = (
            list(dict.fromkeys(c for v in subject_variants(subj) for c in core_forms(v))) if subj else []
        )
        readings.append(([v for v in variants if v], ctx))
    # the names as asked, before generic words are cut (政府性基金支出, not 政府性基金): of two facts named
    # exactly by the question's words, the one named by all of them
    asked = {
        forms[0]
        for subj, _ in query.alternatives or [(query.subject, [])]
        for v in (subject_variants(subj) if subj else [])
        if (forms := core_forms(v))
    }

    def strip_columns(names: list[str]) -> list[str]:
        """The subject without the column words it names ("行政运行基本支出" → "行政运行")."""
        out = []
        for n in names:
            t = n
            for w in columns:
                t = t.replace(w, "")
                # 「医院在职」「卫生监督所编制」: 在职人数, 编制数 asked with the count word cut off
                stem = w.removesuffix("人数") if w.endswith("人数") else w.removesuffix("数")
                if stem != w and len(stem) >= 2 and t.endswith(stem):
                    t = t[: -len(stem)]
                if t in core_forms(w):
                    t = ""
            out.append("" if t in _LEFTOVER else t)
        return out

    body = core(query.body) if query.body else ""

    def best_name(f: Fact, subjects_ctx: list[tuple[list[str], list[str]]]) -> float:
        names = index.names[id(f)]
        if f.origin == "text" and f.measure in {"change", "percent_change"} and core(f.subject) in _WEAK:
            names = names + sentence_names(f, index)
        elif f.origin == "text" and f.measure == "percent_share" and _COMPLETION_SUBJECT.fullmatch(f.subject):
            # 「“三公”经费…支出决算为0.16万元，完成预算0万元的0%」: the rate is named by its sentence
            names = names + sentence_names(f, index)
        best = 0.0
        for subjects, ctx in subjects_ctx:
            opposite = opposite_side(subjects[0]) if subjects else ""
            # 「一般公共预算支出」 shortened to 一般公共预算 is no name of 「一般公共预算收入」
            own = [n for n in names if not opposite or opposite not in n or _OPPOSITE[opposite] in n]
            if opposite and part_of_side(f, opposite):
                own = []  # nor a part the narrative lists of a 收入 whole (「收入预算为…，其中：一般公共预算拨款…」)
            if (
                opposite
                and f.origin == "text"
                and opposite in f.subject
                and _OPPOSITE[opposite] not in f.subject
            ):
                own = []  # 「政府性基金收入」 is never named by the short form (政府性基金) of 「政府性基金支出」
            # 「年初结转和结余」 is never named by 「年末结转和结余」 (nor the other way round)
            said, other = year_ends(subjects)
            own = [n for n in own if not any(w in n for w in other) or any(w in n for w in said)]
            s = max(
                (name_score(q, n) - (q not in asked) * _CUT_FORM for q in subjects if q for n in own),
                default=0.0,
            )
            s = max(s, max((remainder_score(q, n, f) for q in subjects if q for n in own), default=0.0))
            if s:
                best = max(best, s + context_adjust(f, ctx, query.topic))
        if best and not query.part_of and _whole_also_named(f, readings):
            # 「一般公共预算支出124.8亿元（…），其中当年安排一般公共预算支出101.3亿元」: a name the whole before
            # 其中 prints too is the whole's, not the part's listed after it
            best -= 3.0
        if best and query.near and f.origin == "text" and (f.doc_id, f.paragraph_idx) == query.near:
            best += 10.0  # a follow-up reads on in the paragraph the last answer quoted
        if best and body and f.origin == "table" and body not in core(f.row_label):
            best -= 5.0  # 「绿色财政研究服务中心呢」: the unit's own row, not a project printed under it
        elif best and body and f.origin == "text" and body not in core(f.quote):
            best -= 5.0  # 「局本级的接待费」: a sentence naming no unit is about the whole department
        return best - index.penalty.get(id(f), 0.0)

    asks_total = bool(re.search(r"合计|总计", query.norm))
    results: list[Match] = []
    if query.codes and not any(v for subj, _ in readings for v in strip_columns(subj)):
        stages_only = all(any(w in ws for ws in STAGE_COLUMNS.values()) for w in columns)
        for f in pool:
            cs = column_score(f, columns)
            if f.origin == "text" and columns and cs == 0:
                # 「1.2120104…城管执法2216.85万元」: a sentence figure of the code, labelled with the stage asked
                # or, asked only a stage, with none
                label = words_before(f, columns)
                cs = 90.0 if label > 0 else 1.0 if stages_only and label == 0 and index.is_primary(f) else 0.0
            if columns and cs == 0:
                continue
            if not columns and not index.is_primary(f):
                continue
            results.append(Match(f, 90.0 + cs / 10))
        return _best(results, margin)
    # facet mode: subject minus column words names a row, and the fact is in that column
    if columns:
        faceted = [(strip_columns(subj), ctx) for subj, ctx in readings]
        stages_only = all(any(w in ws for ws in STAGE_COLUMNS.values()) for w in columns)
        if any(v for subj, _ in faceted for v in subj):
            for f in pool:
                cs = column_score(f, columns)
                label = words_before(f, columns) if f.origin == "text" else 0.0
                if label > 0:
                    cs = 90.0  # 「收入完成8亿元」: a sentence figure labelled with the stage asked
                elif f.origin == "text" and label == 0 and cs == 0 and stages_only:
                    cs = 1.0  # 「公务用车购置支出为25万元」: no stage said, so no other stage either
                if cs == 0:
                    continue
                s = best_name(f, faceted)
                if asks_total and sentence_total(f, readings, query.norm):
                    s = max(s, 101.0)
                if s >= MATCH_THRESHOLD:
                    # 「年初预算为21.00万元，支出决算为16.95万元」: of one sentence, the figure labelled
                    # with the stage asked, not the one beside it that names another
                    # 「基本支出里人员支出」: a sentence figure named by the column word itself, not a synonym of it
                    exact = 1.0 if f.origin == "text" and f.subject in columns else 0.0
                    results.append(Match(f, s + cs / 100 + label + exact))
            if results:
                top = max(m.score for m in results)
                named = [
                    m
                    for m in _named_with_column_word(pool, index, readings, columns, best_name)
                    if m.score > top  # only a row its name fits better than any cell of the column
                ]
                return _best(results + named, margin)
    for f in pool:
        if (
            not index.is_primary(f)
            and not (columns and column_score(f, columns))
            and not change_cell(f, measure)
            and not (asks_total and total_of_column(f, readings))
        ):
            continue
        s = best_name(f, readings)
        if query.codes:
            s = max(s, 90.0)
        if asks_total and titled_total(f, readings, query.norm):
            s = max(s, 95.0)
        if asks_total and sentence_total(f, readings, query.norm):
            s = max(s, 101.0)
        if s >= MATCH_THRESHOLD:
            if columns and f.origin == "table":
                s += column_score(f, columns) / 100
            elif columns and f.origin == "text":
                s += words_before(f, columns)
            if measure == "percent_share" and query.share_of:
                s += share_of_adjust(f, query.share_of)
            results.append(Match(f, s))
    return _best(results, margin)


def _named_with_column_word(pool, index: FactIndex, readings, columns: list[str], best_name) -> list[Match]:
    """「临聘人员经费」 ends in a column word (人员经费) but is a row's own name (信访局临聘人员经费):
    that row's primary cell answers too, and so does a sentence naming it (「信访局临聘人员经费15.56万元」,
    whose name, not a stage label, holds the column word), so a table and a narrative that disagree are
    both seen."""
    whole = [
        v for subjects, _ in readings for v in subjects if len(v) >= 4 and any(v.endswith(w) for w in columns)
    ]
    whole = [v for v in whole if not any(v in {w, core(w)} for w in columns)]
    if not whole:
        return []
    out = []
    for f in pool:
        if f.origin == "table" and not index.is_primary(f):
            continue
        if any(v in n for v in whole for n in index.names[id(f)]):
            s = best_name(f, readings)
            if s >= MATCH_THRESHOLD:
                out.append(Match(f, s))
    return out


_OPPOSITE = {"收入": "支出", "支出": "收入"}


def opposite_side(subject: str) -> str:
    """The side a subject is not on: 「…支出」 is never a 收入 row (and the other way round)."""
    sides = [w for w in _OPPOSITE if w in subject]
    return _OPPOSITE[sides[0]] if len(sides) == 1 else ""


def part_of_side(f: Fact, side: str) -> bool:
    """Is a narrative figure printed as a part (其中) of a whole of ``side`` only, its own name of neither side:
    「部门收入预算为…，其中：一般公共预算拨款899.1元」 is income, never the 拨款支出 a question asks?"""
    if f.origin != "text" or f.context != "其中" or "其中" not in f.quote:
        return False
    if any(w in f.subject for w in _OPPOSITE):
        return False
    whole = f.quote.split("其中")[0]
    return side in whole and _OPPOSITE[side] not in whole


def year_ends(subjects: list[str]) -> tuple[set[str], set[str]]:
    """The end of the year a subject names (年初 of 年初结转和结余) and the other end's words (年末, 年底);
    empty when it names neither or both."""
    said = {w for w in YEAR_END_OPPOSITES if any(w in s for s in subjects)}
    other = {o for w in said for o in YEAR_END_OPPOSITES[w]} - said
    return (said, other) if other else (set(), set())


_COMPLETION_SUBJECT = re.compile(r"完成(?:年初|调整后?)?预算数?")
_WEAK = {core(w) for w in COMPARISON_SUBJECTS} | set(COMPARISON_SUBJECTS)
_SENTENCE_NAMES: weakref.WeakKeyDictionary[FactIndex, dict[str, list[str]]] = weakref.WeakKeyDictionary()


def sentence_names(f: Fact, index: FactIndex) -> list[str]:
    """A change printed as 「收入预算6838.41万元，比上年执行数减少772.20万元」 whose own subject was
    read as the comparison word (执行数): it is named by the amount its sentence states first."""
    by_quote = _SENTENCE_NAMES.get(index)
    if by_quote is None:
        by_quote = {}
        for g in index.facts:
            if g.origin == "text" and g.measure in {"amount", "total"}:
                by_quote.setdefault(g.quote, []).extend(index.names[id(g)])
        _SENTENCE_NAMES[index] = by_quote
    return by_quote.get(f.quote, [])


def share_of_adjust(f: Fact, share_of: str) -> float:
    """「税收占一般公共预算收入比重」: a share of the whole asked outranks a share of something else
    (a 占预算% column is a completion rate, not this share)."""
    want = core(share_of)
    printed = core(f.share_of or (f.column if f.origin == "table" else ""))
    if not want or not printed:
        return 0.0
    if re.fullmatch(BUDGET_STAGE_NAME, printed) and not re.fullmatch(BUDGET_STAGE_NAME, want):
        return -8.0  # 「为预算的99.5%」 is a completion rate, never the share of 一般公共预算收入 asked
    if want in printed or printed in want:
        return 8.0
    return -8.0 if "占" in f"{f.column}{f.quote[:40]}" or f.share_of else 0.0


_STAGE_TAIL = re.compile(r"(?:年初预算|调整后?预算|预算数|决算数?|执行数)$")
_STAGE_WORD = re.compile(rf"{BUDGET_STAGE_NAME}|年初|决算数?|执行数")


def words_before(f: Fact, words: list[str]) -> float:
    """A sentence figure's own label: 「预算为76.43万元，决算为46.21万元」 — the words just before the
    figure say which stage (or column) it is; asked for 决算, the 决算 figure ranks above the 预算 one."""
    at = f.printed_at()
    if at < 0:
        return 0.0
    said = f.context.split()
    if "其中" in said and f.subject in words:
        # 「基本支出里人员支出」 of 「1.基本支出20.69万元。其中：人员支出20.68万元」: the part named exactly by a
        # column word asked, under the whole another one names (printed before 其中, in its sentence or the one
        # before)
        # A stage word (年初预算) names no whole: 「年初预算数为1018万元，其中财政拨款898万元」 is not
        # 「财政拨款支出年初预算数」
        head = f.quote[: max(f.quote.rfind("其中", 0, at), 0)]
        wholes = [w for w in words if w != f.subject and not _STAGE_WORD.fullmatch(w)]
        if any(w in said or w in head for w in wholes):
            return 3.0
    before = f.quote[max(0, at - 12) : at]
    named = f.quote.find(f.subject) if len(f.subject) >= 2 else -1
    if named >= 0 and named + len(f.subject) <= at:
        # only what stands between the name and the figure labels it: 「一般公共预算财政拨款支出4733.14万元」
        # is not labelled 一般公共预算 by its own name
        between = f.quote[named + len(f.subject) : at]
        before = between[-12:]
        tail = _STAGE_TAIL.search(f.subject)
        if tail and not re.search(r"[，,；;。]", between):
            before = tail[0] + before  # 「…经费年初预算安排2.8亿元」: the name ends in the stage labelling it
    cut = max(before.rfind(p) for p in "，,；;。")
    before = before[cut + 1 :]
    if re.match(r"\s*(?:比|较|与|同)", before) and not any(re.match(r"\s*(?:比|较)" + w, w) for w in words):
        return -3.0  # 「比年初预算少1.37亿元」: a difference from the stage, not the stage's figure
    if any(w in before for w in words):
        return 3.0
    if "预算" in before or "决算" in before or "执行" in before:
        return -3.0  # labelled with another stage than the one asked
    return 0.0


def _best(results: list[Match], margin: float = 6.0) -> list[Match]:
    """The matches near the best score; of one table row, only its best-matching cell."""
    if not results:
        return []
    per_row: dict[tuple, Match] = {}
    for m in results:
        f = m.fact
        key = (f.doc_id, f.table_idx, f.row_index) if f.origin == "table" else (f.doc_id, "text", id(f))
        if key not in per_row or m.score > per_row[key].score:
            per_row[key] = m
    top = max(m.score for m in per_row.values())
    return sorted((m for m in per_row.values() if m.score >= top - margin), key=lambda m: -m.score)


def total_matches(index: FactIndex, income: bool = False) -> list[Match]:
    """The document's grand total of spending (or income), from its totals rows and sentences."""
    wanted = INCOME_TOTAL_SUBJECTS if income else TOTAL_SUBJECTS
    out: list[Match] = []
    for f in index.facts:
        if not measure_ok(f, "amount") or not index.is_primary(f):
            continue
        names = set(index.names[id(f)])
        label = core(f.row_label or f.subject)
        # a total of a table of one fund or one kind of spending is part of the whole, below any
        # total of the department's own tables whatever its label
        part = 12.0 if f.origin == "table" and any(w in f.table_title for w in PART_TABLE_WORDS) else 0.0
        for rank, name in enumerate(wanted):
            c = core(name)
            if c in names or label == c:
                out.append(Match(f, 100.0 - 2 * rank - part))
                break
    return _best(out, margin=12.0)


def group_matches(matches: list[Match]) -> list[FigureGroup]:
    """Group facts that print the same figure; best-supported group first."""
    groups: list[FigureGroup] = []
    for m in sorted(matches, key=lambda m: m.fact.precision):
        f = m.fact
        for g in groups:
            # one step in the last printed place: publishers truncate as well as round
            tol = max(g.precision, f.precision) - Decimal("0.001")
            if g.unit == f.unit and abs(g.value - f.value) <= tol:
                g.matches.append(m)
                break
        else:
            groups.append(FigureGroup(value=f.value, unit=f.unit, matches=[m]))
    for g in groups:
        exact = min(g.facts, key=lambda f: f.precision)
        g.value = exact.value
        g.procurement = all(_is_procurement(f) for f in g.facts)
    groups.sort(
        key=lambda g: (
            -round(g.score),
            g.procurement,
            not (g.has_table and any(f.origin == "text" for f in g.facts)),
            -len({(f.origin, f.table_idx, f.paragraph_idx) for f in g.facts}),
            not g.has_table,
            -g.score,  # else a name matched whole (一般公共预算拨款支出) before one matched cut (…拨款)
        )
    )
    return groups


def table_over_text(groups: list[FigureGroup]) -> list[FigureGroup]:
    """Text and a table disagree on one item (38.17 in a sentence, 37.27 in the table): the table
    answers and the sentence becomes the rival the answer reports.  Only a near figure of the same
    unit is the same item; a far one is another scope (a procurement or a 基本支出 table)."""
    if len(groups) < 2 or groups[0].has_table:
        return groups
    text = groups[0]
    for g in groups[1:6]:
        near = abs(g.value - text.value) <= max(g.value, text.value) / 10
        if g.has_table and g.unit == text.unit and g.score >= text.score - 8 and near and not g.procurement:
            return [g] + [x for x in groups if x is not g]
    return groups


def _is_procurement(f: Fact) -> bool:
    return bool(
        _PROCUREMENT.search(f.table_title) or _PROCUREMENT.search(f.section) or f.measure == "unit_price"
    )


def _rounded(value: Decimal, step: Decimal) -> Decimal:
    """``value`` rounded half up to a multiple of ``step`` (the printed precision of a figure)."""
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def corroborate(group: FigureGroup, index: FactIndex) -> FigureGroup:
    """A rounded narrative figure and the exact table cell of the same figure are one figure.

    626.43万元 in a sentence and 6,264,308元 in a table: a table cell of the same document within
    one printed step is the exact form of the figure (preferring the cell whose name is closest).
    """
    if group.unit != "元" or group.precision <= 1:
        return group
    cands = [
        f
        for f in index.facts
        if f.origin == "table"
        and f.unit == "元"
        and f.precision < group.precision
        and abs(f.value - group.value) < group.precision
    ]
    if not cands:
        return group
    subjects = [core(f.subject) for f in group.facts if f.subject]
    # 「收入完成144.8亿元」: the exact cell is in the 完成数 column, not the 预算数 beside it
    stages = {
        w for f in group.facts if f.origin == "text" for w in _STAGE_WORDS if w in f.quote[: f.printed_at()]
    }
    if stages:
        staged = [f for f in cands if any(w in f.column for w in stages)]
        cands = staged or cands

    def similarity(f: Fact) -> float:
        names = [*index.names[id(f)], core(f.table_title)]
        return max((fuzz.partial_ratio(s, n) for s in subjects for n in names if n), default=0.0)

    ranked = sorted(cands, key=similarity, reverse=True)
    top = similarity(ranked[0])
    values = {f.value for f in ranked if similarity(f) >= top - 1}
    if len(values) != 1:
        return group  # two different exact figures fit: do not pick one
    if top < 70 and (group.value < 100_000 or len({f.value for f in cands}) != 1):
        return group  # a small figure with an unrelated name is a coincidence, not the same figure
    if top < 70 and _rounded(ranked[0].value, group.precision) != group.value:
        return group  # 124232万元 is not 12.43亿元 (it rounds to 12.42): an unrelated cell near it
    exact = [f for f in ranked if f.value in values][:3]
    group.matches.extend(Match(f, group.score - 1) for f in exact)
    group.value = exact[0].value
    return group
