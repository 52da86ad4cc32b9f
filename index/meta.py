"""Who, where, which year and which kind: a disclosure's metadata from its own text.

Department, year, kind, region and level come from the document, never from the file name
(a renamed file still lands under the right department); the file name is the last resort
and ``DocMeta.source`` then says so.  The document speaks in several places, read in this
order of trust:

1. the title: the largest lines of the first page that has a title (a cover that is an
   image, a page number or a table of contents is skipped), or a line naming the kind
   ("第二部分XX局2024年度部门决算表") on the first pages;
2. the title of a government-wide report ("关于XX市2025年预算执行情况和2026年预算草案的报告"),
   which names the region and two years, and the finance body that signs it;
3. labelled lines and table fields: 「部门：」「单位名称：」「预算单位：」「编制单位：」;
4. table titles ("北京市审计局2026年部门收支总表") and, for the year, 「（2026年度）」 lines.

Page numbers ("- 1 -"), contents lines and divider pages are furniture, never a title, and
a department is never a number or a table title.  Written by hand: these patterns are
specific to this genre; the words themselves live in ``index.vocabulary``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index import vocabulary as V
from index.divisions import county_in
from index.numbers import chinese_to_arabic, normalize_text

if TYPE_CHECKING:
    from index.model import Document, Table

SOURCE_DOCUMENT = "document"
SOURCE_FILE_NAME = "file name"
# A government-wide document that prints no publishing body: the region itself stands for it.
SOURCE_REGION = "region"

_CJK = r"\u4e00-\u9fff"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}（）：])\s+|\s+(?=[{_CJK}（）：])")
# A year as a budget year: not part of a longer number, not a date ("2026年4月13日", "2025年七月"),
# not an issue number ("2026年第10期").
_YEAR = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})(?![\d.])(?!\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月)(?!\s*年\s*第)"
)
_YEAR_WORD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年度?(?!\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月)")
_PAGE_NUMBER = re.compile(rf"^(?:{V.PAGE_NUMBER_PATTERN})$")
_TOC_LINE = re.compile(r"[.…·．\-—_]{4,}|…{2,}")
_LABELS = "|".join(re.escape(x) for x in V.DEPARTMENT_LABELS)
# "部门：北京市审计局 单位：万元", "编制单位：XX局", "预算单位：上海市…中心"
_LABEL_LINE = re.compile(
    rf"(?:^|(?<=[\s（(]))(?P<label>{_LABELS})\s*[：:]\s*(?P<value>[^\s：:，,；;]+?)(?=(?:金额|计量)?单位[：:]|[\s：:，,；;]|$)"
)
_VALUE_END = re.compile(r"(?:金额)?单位\s*[：:].*$|（?(?:金额)?单位[：:].*$|[（(]?(?:万元|元|亿元)[)）]?$")
_TITLE_TAIL = re.compile(
    r"(?:年度?)?(?:"
    + "|".join(re.escape(w) for w in V.TITLE_TAIL_WORDS)
    + r")(?:公开|说明|情况说明|信息公开|报告|报表|表|编制说明)?"
)
_PART_PREFIX = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|附件\s*[\d\-－—]*\s*[：:、.]?|附表\s*[\d\-－—]*\s*[：:、.]?|关于)"
)
# 关于深圳市2025年预算执行情况和2026年预算草案的报告 / 承德市2025年市本级预算和市总预算执行情况与2026年…草案
_GOV_BUDGET_REPORT = re.compile(
    rf"(?P<region>[{_CJK}]{{2,12}}?(?:省|自治区|市|自治州|地区|盟|区|县|旗|乡|镇))?(?P<y1>(?:19|20)\d{{2}})年度?[^，。；]{{0,24}}?"
    rf"预算执行情况[^，。；\d]{{0,4}}(?P<y2>(?:19|20)\d{{2}})年度?[^，。；]{{0,24}}?预算(?:（?草案）?)?"
)
_GOV_FINAL_REPORT = re.compile(
    rf"(?P<region>[{_CJK}]{{2,12}}?(?:省|自治区|市|自治州|地区|盟|区|县|旗))?(?P<y1>(?:19|20)\d{{2}})年度?"
    rf"[^，。；\d]{{0,20}}?(?:全省|全市|全区|全县|本级|财政)[^，。；\d]{{0,12}}?决算"
)
_RUNNING_YEAR = re.compile(
    rf"[^，。；\d]{{0,6}}?[和及与、](?P<y2>(?:19|20)\d{{2}})年度?(?:{'|'.join(map(re.escape, V.PART_YEAR_WORDS))})"
    rf"[^，。；\d]{{0,6}}?预算执行"
)
_FINANCE_BODY = re.compile(
    rf"(?P<body>[{_CJK}]{{1,12}}?(?:{'|'.join(V.FINANCE_BODY_WORDS)}))(?:党组书记|局长|厅长|部长|副局长|副厅长|[，,\s]|$)"
)
_REGION = re.compile(
    rf"^((?:[{_CJK}]{{2,7}}?(?:省|自治区))?"
    rf"(?:[^{V.ORG_SUFFIX_CHARS}省]{{1,7}}?(?:市(?!{'|'.join(V.NOT_PLACE_AFTER_LEVEL)})|自治州|地区|盟))?"
    rf"(?:[^{V.ORG_SUFFIX_CHARS}省市]{{1,6}}?(?:区|县|旗)|[^{V.ORG_SUFFIX_CHARS}省市城]{{2,4}}市)?)"
)
_PARTY_PREFIX = re.compile(r"^(?:中共|中国共产党)")
_STAMP_LINE = re.compile(rf"^(?:{V.STAMP_LINE_PATTERN})$")
# "丽江市财政局编制", "XX局编印": the body that compiled the document, on its cover
# 「中楼乡」「平潭县中楼乡」: a township, the last level of a region (region_of stops at the county)
_TOWNSHIP = re.compile(rf"[{_CJK}]{{1,6}}?(?:乡|镇)")
# 「一、部门主要职责 平潭综合实验区党工委宣传部的主要职责是：」: the body a department disclosure is about
_DUTIES = re.compile(
    rf"(?P<body>[{_CJK}（）()]{{3,40}}?)的?(?:{'|'.join(V.DUTIES_WORDS)})(?:是|为|包括|[：:])"
)
_COMPILED_BY = re.compile(rf"^(?P<body>[{_CJK}（）()]{{3,40}}?)(?:{'|'.join(V.COMPILED_BY_WORDS)})$")


@dataclass
class MetaLine:
    """A line of the document's text: where it is printed and how big (0 when unknown)."""

    text: str
    page: int | None = None
    size: float = 0.0


@dataclass
class DocMeta:
    """What a disclosure says about itself."""

    title: str
    region: str
    department: str
    year: int | None
    kind: str  # one of index.vocabulary.KINDS
    years: list[int] = field(default_factory=list)  # every year the title names (执行 + 草案: two)
    level: str = ""  # 中央 / 省级 / 地市级 / 区县级
    source: str = SOURCE_DOCUMENT  # where department and year came from: "document" | "file name"

    def document_fields(self) -> dict:
        """The ``Document`` fields this fills, for every parser alike (an unnamed kind is 预算)."""
        return {
            "title": self.title,
            "region": self.region,
            "department": self.department,
            "year": self.year,
            "kind": self.kind or "预算",
            "years": self.years,
            "level": self.level,
            "meta_source": self.source,
        }


def squash(text: str) -> str:
    """Undo letter spacing ("江 苏 省 …", "2021 年郑州市"), full-width forms and Chinese-numeral years."""
    s = _SPACE_NEAR_CJK.sub("", normalize_text(text).strip())
    return chinese_to_arabic(s) if re.search(r"[〇零一二三四五六七八九]{4}年", s) else s


def is_furniture(text: str) -> bool:
    """A page number ("- 1 -", "第1页"), a contents line, or a line without any Chinese."""
    s = text.strip()
    return (
        not s
        or bool(_PAGE_NUMBER.match(s.replace(" ", "")))
        or bool(_TOC_LINE.search(s))
        or s in ("目录", "目次")
        or not re.search(rf"[{_CJK}]", s)
    )


def is_stamp(text: str) -> bool:
    """A cover stamp or handling note ("会议资料妥善保存", "秘密★1年"): printed big, never a title."""
    s = re.sub(r"\s+", "", text)
    if _STAMP_LINE.match(s):
        return True
    return len(s) <= 16 and any(w in s for w in V.STAMP_WORDS) and not any(w in s for w in V.TITLE_WORDS)


def region_of(name: str) -> str:
    """The leading 省/市/区/县 part of a name: 郑州市大数据管理局 → 郑州市, 上海市普陀区财政局 → 上海市普陀区.

    "全市"/"本级" are scopes, not regions."""
    name = _PARTY_PREFIX.sub("", name)
    m = _REGION.match(name)
    region = m.group(1) if m else ""
    return "" if region.startswith(("全", "本", "各")) else region


def district_region(region: str, department: str) -> str:
    """A city's region narrowed to the district its body is named after, else ``region``.

    "福州市" for 福州市仓山生态环境局 → "福州市仓山区"; "深圳市" for 深圳市规划和自然资源局盐田管理局 →
    "深圳市盐田区" (a city bureau's district branch); 长沙市 for 长沙市公安局 stays 长沙市.
    """
    if not region or not department.startswith(region) or region.endswith(("区", "县", "旗", "乡", "镇")):
        return region
    county = county_in(region, department[len(region) :], V.ORG_SUFFIX_CHARS)
    return region + county if county else region


def level_of(region: str, department: str) -> str:
    """中央 / 省级 / 地市级 / 区县级, from the region a body's name starts with."""
    region = district_region(region, _PARTY_PREFIX.sub("", department))
    if not region:
        return V.LEVEL_CENTRAL if department.startswith(V.CENTRAL_PREFIXES) else ""
    if region.endswith(("乡", "镇")):
        return V.LEVEL_TOWNSHIP
    if region in V.MUNICIPALITIES or re.fullmatch(rf"[{_CJK}]+(?:省|自治区)", region):
        return V.LEVEL_PROVINCE
    if region.endswith(("区", "县", "旗")) or re.search(r"(?:市|州|盟|地区).+市$", region):
        return V.LEVEL_COUNTY
    return V.LEVEL_CITY


def is_body_name(name: str) -> bool:
    """Is ``name`` the name of a body (局, 委员会, 中心 …), not a number, a table title or a region?"""
    s = _strip_qualifier(name)
    if not 3 <= len(s) <= 40 or s in V.GENERIC_BODIES:
        return False
    if re.search(r"[\d：:，。；、…]|表$|[（(][^）)]*$", s) or not re.fullmatch(rf"[{_CJK}（）()“”]+", s):
        return False
    region = region_of(s)
    if region and re.fullmatch(V.TOWNSHIP_NAME, s[len(region) :]):
        return True  # 「平潭综合实验区大练乡决算说明」: a township titled by its name alone is its government
    if s[-1] not in V.ORG_SUFFIX_CHARS and not s.endswith(V.BODY_SHORT_ENDINGS):
        return False
    return not region or len(s) - len(region) >= 2


def _strip_qualifier(name: str) -> str:
    s = name.strip("-—：: ")
    for q in V.BODY_QUALIFIERS:
        if s.endswith(q) and len(s) > len(q) + 2:
            s = s[: -len(q)]
    return s


def department_from_title(title: str) -> str:
    """The body named in a title: "2026年度福州市仓山生态环境局单位预算" → 福州市仓山生态环境局."""
    s = squash(title)
    prev = None
    while s != prev:
        prev = s
        s = _PART_PREFIX.sub("", s).strip("：: ")
    s = _YEAR_WORD.sub("", s)
    s = re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", "", s)
    m = _TITLE_TAIL.search(s)
    if m:
        s = s[: m.start()]
    s = re.sub(r"年度?$", "", s)
    return _strip_qualifier(s)


def years_in(text: str) -> list[int]:
    """Budget years a title names, in order: "2025年预算执行情况和2026年预算草案" → [2025, 2026]."""
    out: list[int] = []
    for m in _YEAR.finditer(squash(text)):
        y = int(m.group(1))
        if y not in out:
            out.append(y)
    return out


# --------------------------------------------------------------------------- reading the lines


def _as_lines(lines: Iterable[str | MetaLine]) -> list[MetaLine]:
    out = []
    for x in lines:
        ml = x if isinstance(x, MetaLine) else MetaLine(x)
        text = squash(ml.text)
        if text:
            out.append(MetaLine(text, ml.page, ml.size))
    return out


def _pages(lines: list[MetaLine], max_lines: int) -> list[list[MetaLine]]:
    """Lines grouped by page; a source without pages is one page of its first ``max_lines`` lines."""
    if all(ln.page is None for ln in lines):
        return [lines[:max_lines]] if lines else []
    pages: dict[int, list[MetaLine]] = {}
    for ln in lines:
        pages.setdefault(ln.page or 0, []).append(ln)
    return [pages[k] for k in sorted(pages)]


def _is_title_text(text: str) -> bool:
    return any(w in text for w in V.TITLE_WORDS) or is_body_name(department_from_title(text))


def _page_title(page: list[MetaLine]) -> str:
    """The title a page prints: its largest lines before any contents list (sizes known), else
    its first line.  A page that opens with 目录, or one of body text only, has none."""
    content = [
        ln
        for ln in page
        if not is_stamp(ln.text)
        and not is_furniture(ln.text)
        or ln.text in ("目录", "目次")
        or re.fullmatch(r"(?:19|20)\d{2}\s*年?度?", ln.text)
    ]
    if not content or content[0].text in ("目录", "目次"):
        return ""
    sizes = [ln.size for ln in content if ln.size]
    if not sizes:
        # plain text: a title broken over a few short lines ("二〇二五年度" / "…局单位预算")
        joined = ""
        for ln in content[:3]:
            if len(ln.text) > 40 or re.search(r"[，。；]", ln.text):
                break
            joined += ln.text
            if any(w in joined for w in V.TITLE_WORDS):
                return joined
        return content[0].text
    top = max(sizes)
    if all(s >= top * 0.95 for s in sizes) and len(content) > 6:
        # One size throughout: body text, unless a few lines stand before a contents list (a cover
        # and its 目录 on one page, where sizes do not tell: OCR snaps them, some covers print one).
        before = [ln.text for ln in content[:5]]
        stop = next((i for i, t in enumerate(before) if t in ("目录", "目次")), None)
        return "".join(before[:stop]) if stop else ""
    picked: list[str] = []
    for ln in content:
        if ln.text in ("目录", "目次"):
            break
        if ln.size >= top * 0.95:
            picked.append(ln.text)
        elif picked:
            break
    return "".join(picked)


def _find_title(pages: list[list[MetaLine]], max_pages: int) -> str:
    first = ""
    for page in pages[:max_pages]:
        title = _page_title(page)
        if not title:
            continue
        if re.match(r"^第[一二三四五六七八九十]+部分", title) and not _kind_words(title):
            continue  # a divider page ("第一部分 单位概况")
        first = first or title
        if _is_title_text(title):
            return title
    return first


def _kind_words(text: str) -> bool:
    return bool(re.search(r"部门预算|单位预算|部门决算|单位决算|部门综合预算|预算报表|决算报表", text))


def _labelled_values(lines: list[MetaLine], fields: Iterable[tuple[str, str]]) -> Counter[str]:
    """Bodies named after 「部门：」「单位名称：」… in lines and in table fields, with how often."""
    found: Counter[str] = Counter()
    for ln in lines:
        for m in _LABEL_LINE.finditer(ln.text):
            value = _VALUE_END.sub("", m.group("value"))
            if is_body_name(value):
                found[_strip_qualifier(value)] += 1
    for key, value in fields:
        k = squash(key).rstrip("：:")
        v = _VALUE_END.sub("", squash(value))
        if k in V.DEPARTMENT_LABELS and is_body_name(v):
            found[_strip_qualifier(v)] += 1
    return found


def _government_report(text: str) -> tuple[str, list[int], str] | None:
    """(kind, years, region) of a government-wide budget or final-account report named in ``text``."""
    m = _GOV_BUDGET_REPORT.search(text)
    if m:
        return V.KIND_GOVERNMENT_BUDGET, [int(m["y1"]), int(m["y2"])], _clean_region(m["region"] or "")
    m = _GOV_FINAL_REPORT.search(text)
    if m:
        years = [int(m["y1"])]
        later = _RUNNING_YEAR.match(text, m.end())
        if later and int(later["y2"]) > years[0]:
            years.append(int(later["y2"]))  # 「…决算和2017年上半年预算执行情况」: the running year too
        return V.KIND_GOVERNMENT_FINAL, years, _clean_region(m["region"] or "")
    return None


def _clean_region(text: str) -> str:
    """The region at the end of a phrase before a year: "关于深圳市" → 深圳市."""
    s = re.sub(r"^.*?(?:关于|公开|报告|说明)", "", text)
    r = region_of(s)
    if r != s and s.startswith(r) and _TOWNSHIP.fullmatch(s[len(r) :]):
        return s  # 关于中楼乡2018年度财政预算执行情况…: a township's own report
    return r if r == s else (r or "")


def kind_of(title: str, context: str = "") -> str:
    """The kind of document a title (or, failing that, its tables) names."""
    t = title
    gov = any(w in t for w in V.GOVERNMENT_WORDS)
    if "决算" in t and not re.search(r"预算执行|预算草案", t):
        if "单位决算" in t:
            return V.KIND_UNIT_FINAL
        if "部门决算" in t or not gov:
            return V.KIND_DEPARTMENT_FINAL
        return V.KIND_GOVERNMENT_FINAL
    if re.search(r"预算执行|预算草案|执行情况表", t) or (gov and "部门" not in t and "单位预算" not in t):
        return V.KIND_GOVERNMENT_BUDGET
    if "单位预算" in t:
        return V.KIND_UNIT_BUDGET
    if "部门" in t and "预算" in t:
        return V.KIND_DEPARTMENT_BUDGET
    if "绩效" in t and "预算" not in t and "决算" not in t:
        return V.KIND_PERFORMANCE
    if context:
        budget, final = context.count("预算"), context.count("决算")
        if final > budget:
            return V.KIND_DEPARTMENT_FINAL
    return V.KIND_DEPARTMENT_BUDGET


def detect_metadata(
    text_lines: Iterable[str | MetaLine],
    max_lines: int = 60,
    *,
    tables: Sequence[Table] = (),
    max_pages: int = 4,
) -> DocMeta:
    """Read title, department, year(s), kind, region and level from a document's own text.

    ``text_lines``: the document's lines in reading order (``MetaLine`` with page and font
    size where the format has them; plain strings otherwise).  ``tables``: its parsed tables,
    whose titles and 部门名称/单位名称 fields speak when the lines do not.
    """
    lines = _as_lines(text_lines)
    pages = _pages(lines, max_lines)
    head = [ln for p in pages[:max_pages] for ln in p]
    title = _find_title(pages, max_pages)
    table_titles = [squash(t.title) for t in tables if t.title]
    head_text = "".join(ln.text for ln in head)

    # 2. a government-wide report names region and years in its own title (on a cover or in contents)
    report = _government_report(title) or _government_report(head_text)
    kind = kind_of(title, "".join(table_titles))
    if report and (kind in (V.KIND_GOVERNMENT_BUDGET, V.KIND_GOVERNMENT_FINAL) or not _kind_words(title)):
        kind = report[0]

    # 1./3./4. the body
    department = department_from_title(title)
    if not is_body_name(department):
        department = ""
    government = kind in (V.KIND_GOVERNMENT_BUDGET, V.KIND_GOVERNMENT_FINAL)
    region_named = report[2] if report else region_of(_PART_PREFIX.sub("", title))
    if government and not department:
        # the body that compiled it (cover), the finance body that signs it, else the region
        # itself (the whole government's books; ``source`` then says so)
        department = _compiled_by(head) or _finance_body(head, region_named) or region_named
    if not department and not government:
        named = [department_from_title(ln.text) for ln in head if _kind_words(ln.text)]
        named = [d for d in named if is_body_name(d)]
        department = Counter(named).most_common(1)[0][0] if named else ""
        if department:
            # 「预算主管部门：上海市普陀区城管局」 on the cover, 「普陀区城管局部门预算包括…」 in the text:
            # the labelled name is the same body with its full place
            fuller = [d for d in _labelled_values(head, ()) if d != department and d.endswith(department)]
            department = fuller[0] if fuller else department
    if not department:
        labelled = _labelled_values(lines, _table_fields(tables))
        department = labelled.most_common(1)[0][0] if labelled else ""
    if not department:
        from_tables = Counter(d for d in map(department_from_title, table_titles) if is_body_name(d))
        department = from_tables.most_common(1)[0][0] if from_tables else ""
    if not department and not government:
        department = _duties_body(head)

    # years
    years = years_in(title)
    if report and (government or not years):
        years = report[1]
    if not years:
        years = _years_of_lines(head) or _most_common_year(table_titles) or _years_of_lines(lines)

    region = region_of(department) if department else ""
    if not region and report:
        region = report[2]
    if not region:
        region = region_of(_PART_PREFIX.sub("", re.sub(r"^(?:19|20)\d{2}年度?", "", title)))
    region = district_region(region, _PARTY_PREFIX.sub("", department))
    if not _is_title_text(title) and department:
        # no printed title (an image cover): name the document by what it printed elsewhere
        title = f"{years[0]}年{department}{kind}" if years else f"{department}{kind}"
    if not title and table_titles:
        title = table_titles[0]
    return DocMeta(
        title=title,
        region=region,
        department=department,
        year=years[0] if years else None,
        kind=kind,
        years=years,
        level=level_of(region, department),
        source=SOURCE_REGION if government and department and department == region else SOURCE_DOCUMENT,
    )


def _duties_body(lines: list[MetaLine]) -> str:
    """The body whose duties a disclosure states first, when nothing else names it (a page without
    a title: 「一、部门主要职责 平潭综合实验区党工委宣传部的主要职责是：」 → 平潭综合实验区党工委宣传部)."""
    lead = re.compile(rf"^(?:部门|单位)?(?:{'|'.join(V.DUTIES_WORDS)})")
    for ln in lines:
        for m in _DUTIES.finditer(ln.text):
            body = lead.sub("", m["body"])
            if is_body_name(body):
                return _strip_qualifier(body)
    return ""


def _compiled_by(lines: list[MetaLine]) -> str:
    """The body a cover says compiled the document: "丽江市财政局编制" → 丽江市财政局."""
    for ln in lines:
        m = _COMPILED_BY.match(ln.text)
        if m and is_body_name(m["body"]):
            return _strip_qualifier(m["body"])
    return ""


def _finance_body(lines: list[MetaLine], region: str) -> str:
    """The finance body that signs a government-wide report ("深圳市财政局局长…")."""
    found: Counter[str] = Counter()
    for ln in lines:
        for m in _FINANCE_BODY.finditer(ln.text):
            body = re.sub(r"^.*?(?:报告|说明|关于|[…（(）)]+)", "", m["body"])
            if region and region in body:
                # "…人民代表大会第七次会议上承德市财政局": the body starts at the region's name
                body = body[body.rindex(region) :]
            if not region_of(body) and region:
                body = region + re.sub(r"^[省市区县]", "", body)
            if is_body_name(body):
                found[body] += 1
    return found.most_common(1)[0][0] if found else ""


def _years_of_lines(lines: list[MetaLine]) -> list[int]:
    """「（2026年度）」, 「2026年部门预算」: the first budget year printed with 年/年度."""
    for ln in lines:
        m = _YEAR_WORD.search(ln.text)
        if m:
            return [int(m.group(1))]
    return []


def _most_common_year(texts: list[str]) -> list[int]:
    counts = Counter(y for t in texts for y in years_in(t)[:1])
    return [counts.most_common(1)[0][0]] if counts else []


def _table_fields(tables: Sequence[Table]) -> list[tuple[str, str]]:
    """(label, value) pairs printed in tables: a form's 部门名称 row, a grid's 单位名称 column, or a
    header row "部门名称 | 北京市审计局" that a grid reader took for column headers."""
    out = []
    for t in tables:
        for row in t.rows:
            if row.label in V.DEPARTMENT_LABELS:
                out += [(row.label, v) for v in row.texts.values() if v][:1]
            for col, v in row.texts.items():
                if col.split("/")[-1] in V.DEPARTMENT_LABELS and v:
                    out.append((col.split("/")[-1], v))
        heads = []
        for col in t.columns:
            first = col.split("/")[0]
            if first and (not heads or heads[-1] != first):
                heads.append(first)
        out += [(a, b) for a, b in zip(heads, heads[1:], strict=False) if a in V.DEPARTMENT_LABELS]
    return out


# --------------------------------------------------------------------------- after parsing


def table_year(title: str) -> int | None:
    """The year a table's title names ("2026年一般公共预算支出预算表" → 2026), else None."""
    m = _YEAR_WORD.search(squash(title))
    return int(m.group(1)) if m else None


def complete_metadata(doc: Document, file_name: str) -> None:
    """Finish a parsed document's metadata, whatever parser made it.

    A department that is a number or a table title is dropped and looked for again in the
    tables; per-table years are read from table titles; ``years`` always includes ``year``.
    Only when the document names no body (or no year) does the file name speak, and
    ``meta_source`` says so.
    """
    government = doc.kind in (V.KIND_GOVERNMENT_BUDGET, V.KIND_GOVERNMENT_FINAL)
    if doc.department and not (is_body_name(doc.department) or government and doc.department == doc.region):
        doc.department = ""
    if not doc.department and doc.tables:
        labelled = _labelled_values([], _table_fields(doc.tables))
        titled = Counter(d for d in (department_from_title(t.title) for t in doc.tables) if is_body_name(d))
        best = labelled or titled
        doc.department = best.most_common(1)[0][0] if best else ""
        doc.region = doc.region or region_of(doc.department)
    for t in doc.tables:
        if getattr(t, "year", None) is None:
            t.year = table_year(t.title)
    if doc.year is None:
        doc.year = (
            _most_common_year([t.title for t in doc.tables])[0] if any(t.year for t in doc.tables) else None
        )
    from_file = False
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", file_name)
    if not doc.department and stem:
        # the file name is all that is left: its body name if it has one, else the name itself
        name = department_from_title(stem)
        if is_body_name(name) or re.search(rf"[{_CJK}A-Za-z]", stem):  # never a bare number
            doc.department, from_file = (name if is_body_name(name) else stem), True
            doc.region = doc.region or region_of(name)
    if doc.year is None:
        ys = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", stem)]
        if ys:
            doc.year, from_file = ys[0], True
    if not doc.years and doc.year is not None:
        doc.years = [doc.year]
    elif doc.year is not None and doc.year not in doc.years:
        doc.years.insert(0, doc.year)
    if not doc.level:
        doc.level = level_of(doc.region, doc.department)
    if from_file:
        doc.meta_source = SOURCE_FILE_NAME
    elif government and doc.department and doc.department == doc.region:
        doc.meta_source = SOURCE_REGION
