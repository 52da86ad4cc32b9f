"""Tables whose rows (or columns) are places: the cell at the place named × the measure named.

Government tables by area — 地方政府债务限额及余额情况表 (地区 × 债务限额/债务余额 × 一般债务/专项债务),
转移支付分地区表 — print one row per place (or one column per place) and the measures on the other
axis.  A question names both: 「乌鲁木齐市2019年债务余额」「区本级专项债务限额」「全疆一般债务限额」.
The place is found among the table's own place labels (including the region's total row: 合计, 全区,
the region's name, and its 本级 row), and the measure by matching the question's words against the
other axis's header path.  Budget-specific naming (地区, 自治州, 本级), so hand-written; the words live in
``index.vocabulary``.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, replace

from index.facts import DocumentInfo, Fact
from index.names import FactIndex, core
from index.segmenter import pos_cut
from index.vocabulary import (
    ETHNIC_NAMES,
    NEUTRAL_COLUMN_WORDS,
    OWN_LEVEL_ROW,
    PLACE_SUFFIXES,
    REGION_TOTAL_ROWS,
)
from qa.lookup import Match, _homophone, measure_ok, name_score
from qa.understand import Query, subject_variants

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_FORMULA = re.compile(r"^[A-Za-z0-9=+\-×*/.\s]+$")
PLACE_SCORE = 97.0


@dataclass(frozen=True)
class PlaceHit:
    """The place a question names, as printed in one table: its label and the form the question used."""

    table_idx: int
    axis: str  # "row" | "column"
    label: str
    form: str
    generic: bool = False  # 全区, 本级: the document's own region, not a place only it prints


def short_forms(name: str) -> list[str]:
    """How people say a place: 乌鲁木齐市 → 乌鲁木齐; 伊犁哈萨克自治州 → 伊犁州, 伊犁; 新疆维吾尔自治区 → 新疆."""
    name = re.sub(r"\s", "", name)
    out = [name]
    for people in ETHNIC_NAMES:
        at = name.find(people)
        if at >= 2 and "自治" in name[at:]:
            head = name[:at]
            level = name[-1] if name[-1] in "州县旗" else ""
            out += [head + level, head] if level else [head]
            return list(dict.fromkeys(f for f in out if len(f) >= 2))
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            out.append(name[: -len(suffix)])
            break
    return list(dict.fromkeys(f for f in out if len(f) >= 2))


def _is_place(label: str) -> bool:
    label = re.sub(r"\s", "", label)
    if len(label) < 2 or len(label) > 16 or re.search(r"\d|[、，：:]", label):
        return False
    if label.endswith(OWN_LEVEL_ROW):
        return True
    if any(label.endswith(s) for s in PLACE_SUFFIXES) and len(label) >= 3:
        return True
    tokens = pos_cut(label)
    return bool(tokens) and tokens[0].flag == "ns" and len(tokens[0].word) >= 2


def _region_names(d: DocumentInfo | None) -> list[str]:
    names = [n for n in ((d.region if d else "") or "", (d.department if d else "") or "") if n]
    return [f for n in names for f in short_forms(n)]


def _level_word(name: str) -> str:
    """省, 市, 区 (of 自治区) …: the level a place's own government is called by (省本级, 区本级)."""
    for suffix in ("自治区", "自治州", "自治县"):
        if name.endswith(suffix):
            return suffix[-1]
    return name[-1] if name and name[-1] in "省市区县州盟旗" else ""


def _whole_forms(region: list[str]) -> list[str]:
    """How a question names the whole region of a table: 全区, 全疆, 自治区, the region's name."""
    forms = [w for w in REGION_TOTAL_ROWS if w.startswith("全")]
    for n in region:
        forms += short_forms(n)
        level = _level_word(n)
        if level:
            forms.append("全" + level)
        short = short_forms(n)[-1]
        forms.append("全" + short[-1])  # 全疆, 全川: the whole region by the last character of its name
        forms += [s for s in ("自治区", "自治州", "自治县") if n.endswith(s)]
    return forms


def label_forms(label: str, region: list[str]) -> list[str]:
    """The ways a question names the place of a row label (the region's total and 本级 rows too)."""
    label = re.sub(r"\s", "", label)
    if label in REGION_TOTAL_ROWS or label in region:
        forms = [label, *_whole_forms(region)]
    elif label.endswith(OWN_LEVEL_ROW):
        head = label[: -len(OWN_LEVEL_ROW)]
        forms = [label]
        if not head or head in region:
            for n in region:
                forms += [f + OWN_LEVEL_ROW for f in short_forms(n)]
                level = _level_word(n)
                if level:
                    forms.append(level + OWN_LEVEL_ROW)
                forms += [s + OWN_LEVEL_ROW for s in ("自治区", "自治州", "自治县") if n.endswith(s)]
            forms.append(OWN_LEVEL_ROW)
        else:
            forms += [f + OWN_LEVEL_ROW for f in short_forms(head)]
    else:
        forms = short_forms(label)
    return [f for f in dict.fromkeys(forms) if f and f not in {"合计", "总计"}]


def _named(f: Fact) -> Fact:
    """The cell named by its place and its measure (「乌鲁木齐市 2019年债务余额（决算数）」)."""
    return replace(f, subject=f"{f.row_label.strip()} {f.column}")


def _axis_label(f: Fact, axis: str) -> str:
    return f.row_label if axis == "row" else f.column.split("/")[-1]


_PLACE_TABLES: weakref.WeakKeyDictionary[FactIndex, dict[tuple[int, str], list[Fact]]] = (
    weakref.WeakKeyDictionary()
)


def place_tables(index: FactIndex) -> dict[tuple[int, str], list[Fact]]:
    """Tables (and the axis) that list at least three places, with their facts (read once per index)."""
    cached = _PLACE_TABLES.get(index)
    if cached is None:
        cached = _PLACE_TABLES[index] = _find_place_tables(index)
    return cached


def _find_place_tables(index: FactIndex) -> dict[tuple[int, str], list[Fact]]:
    by_table: dict[int, list[Fact]] = {}
    for f in index.facts:
        if f.origin == "table" and f.table_idx is not None:
            by_table.setdefault(f.table_idx, []).append(f)
    out: dict[tuple[int, str], list[Fact]] = {}
    for t, facts in by_table.items():
        for axis in ("row", "column"):
            labels = {re.sub(r"\s", "", _axis_label(f, axis)) for f in facts}
            places = [lb for lb in labels if lb not in REGION_TOTAL_ROWS and _is_place(lb)]
            if len(places) >= 3:
                out[(t, axis)] = facts
    return out


def _occurs(word: str, text: str) -> bool:
    """``word`` printed in ``text``, allowing one same-sounding character (债物 for 债务)."""
    if word in text:
        return True
    if len(word) < 3:
        return False
    for i in range(len(text) - len(word) + 1):
        diff = [(a, b) for a, b in zip(word, text[i : i + len(word)], strict=True) if a != b]
        if len(diff) == 1 and _homophone(*diff[0]):
            return True
    return False


def column_segments(column: str) -> list[str]:
    """The words of a header path: 「2019年债务余额（决算数）/一般债务(E)」 → [债务余额, 决算数, 一般债务]."""
    out: list[str] = []
    for part in column.split("/"):
        part = part.replace("(", "（").replace(")", "）")
        for piece in re.split(r"[（）]", _YEAR.sub("", part)):
            piece = re.sub(r"\s", "", piece)
            if piece and not _FORMULA.match(piece):
                out.append(piece)
    return out


def column_fit(column: str, text: str) -> tuple[int, int]:
    """(measure words of the header the question says, header words it does not say)."""
    said = unsaid = 0
    segments = [seg for seg in column_segments(column) if seg not in NEUTRAL_COLUMN_WORDS]
    # a header said as part of a longer header of the same path is not said itself: 「公务用车购置及
    # 运行维护费」 asks that group's 小计, not its 公务用车购置 column
    for seg in segments:
        inner = core(seg) if len(core(seg)) >= 2 else seg
        outer = [o for o in segments if o != seg and inner in o and o in text]
        rest = text
        for o in outer:
            rest = rest.replace(o, " ")
        if _occurs(seg, rest) or _occurs(core(seg), rest) and len(core(seg)) >= 2:
            said += 1
        else:
            unsaid += 1
    return said, unsaid


def _generic(form: str, label: str) -> bool:
    """A form that names no place of its own (全区, 区本级, 本级, 自治区): it means the document's region."""
    bare = re.sub(r"\s", "", label)
    return not (form == bare and bare not in REGION_TOTAL_ROWS) and bool(
        form in REGION_TOTAL_ROWS
        or form.startswith("全")
        or re.fullmatch(r"(自治)?[省市区县州盟旗]?" + OWN_LEVEL_ROW + "|自治[区州县旗]", form)
    )


def _other_place_before(text: str, pos: int, region: list[str]) -> bool:
    """「平顶山市本级」「河北全省」: a place named just before a generic form that is not this region."""
    tokens = pos_cut(text[:pos])
    if not tokens:
        return False
    last = tokens[-1]
    word = last.word
    if not (last.flag == "ns" or re.search(r"[省市区县州]$", word)) or len(word) < 2:
        return False
    return not any(word in n or n in word for n in region)


def _names_other_place(text: str, region: list[str]) -> bool:
    """Does the question name a place (平顶山市) that is not the document's region?"""
    for t in pos_cut(text):
        if t.flag == "ns" and len(t.word) >= 2 and not any(t.word in n or n in t.word for n in region):
            return True
    return False


def named_place(q: Query, d: DocumentInfo | None, index: FactIndex) -> list[PlaceHit]:
    """The places of the document's place tables that the question names (longest form wins)."""
    region = _region_names(d)
    text = q.norm
    if d is not None and d.department and len(d.department) > 3:
        # 「湖州市财政局局本级的…」: a region printed inside the department's own name asks no place
        text = text.replace(d.department, " ")
    hits: list[PlaceHit] = []
    for (t, axis), facts in place_tables(index).items():
        best: PlaceHit | None = None
        for label in dict.fromkeys(_axis_label(f, axis) for f in facts):
            if not (_is_place(label) or re.sub(r"\s", "", label) in REGION_TOTAL_ROWS):
                continue
            for form in label_forms(label, region):
                pos = text.find(form)
                if pos < 0 or (best is not None and len(form) <= len(best.form)):
                    continue
                generic = _generic(form, label)
                if generic and _other_place_before(text, pos, region):
                    continue
                best = PlaceHit(t, axis, label, form, generic)
        if best is not None:
            hits.append(best)
    if not hits:
        return []
    longest = max(len(h.form) for h in hits)
    return [h for h in hits if len(h.form) == longest]


def whole_region(d: DocumentInfo | None, index: FactIndex) -> list[PlaceHit]:
    """The row of each place table that prints the whole region (合计, 全区, the region's own name)."""
    region = _region_names(d)
    out = []
    for (t, axis), facts in place_tables(index).items():
        for label in dict.fromkeys(_axis_label(f, axis) for f in facts):
            bare = re.sub(r"\s", "", label)
            if bare in REGION_TOTAL_ROWS or bare in region:
                out.append(PlaceHit(t, axis, label, "", True))
                break
    return out


def _title_fit(title: str, text: str) -> int:
    """How many two-character words of the question the table's title prints: of a pair of tables by
    area alike but for their titles (…一般债务情况表 / …专项债务情况表), the one the question names."""
    return len(
        {text[i : i + 2] for i in range(len(text) - 1)} & {title[i : i + 2] for i in range(len(title) - 1)}
    )


def place_cells(
    q: Query, d: DocumentInfo | None, index: FactIndex, whole_by_default: bool = False
) -> list[Match]:
    """The cells at the place the question names × the measure it names; empty when no place table fits.

    ``whole_by_default``: a question naming no place (「债务限额多少」) means the region's total row."""
    if q.measure not in {"amount", "percent_share", "percent_change", "previous"} or q.codes:
        return []
    hits = named_place(q, d, index)
    if not hits and whole_by_default and not _names_other_place(q.norm, _region_names(d)):
        hits = whole_region(d, index)
    if not hits:
        return []
    tables = place_tables(index)
    out: list[tuple[tuple[int, int, int], Match]] = []
    for hit in hits:
        text = q.norm.replace(hit.form, " ") if hit.form else q.norm
        for f in tables[(hit.table_idx, hit.axis)]:
            if _axis_label(f, hit.axis) != hit.label or not measure_ok(f, q.measure):
                continue
            if hit.axis == "row":
                years = [int(y) for y in _YEAR.findall(f.column)]
                if q.year and years and q.year not in years:
                    continue
                said, unsaid = column_fit(f.column, text)
                if said == 0:
                    continue
                key = (said, -unsaid, _title_fit(f.table_title, text))
                out.append((key, Match(_named(f), PLACE_SCORE, exact_cell=True)))
            else:
                if hit.generic:
                    continue  # 「全省个人所得税」: the row asked, in its 合计 column — an ordinary row lookup
                subject = q.subject.replace(hit.form, "") if hit.form else q.subject
                names = [core(v) for v in subject_variants(subject) if core(v)]
                other = f.column.rsplit("/", 1)[0] if "/" in f.column else ""
                s = max((name_score(n, core(f.row_label)) for n in names), default=0.0)
                if other:
                    said, _ = column_fit(other, text)
                    s += 2 * said
                if s >= 78.0:
                    out.append(((round(s), 0, 0), Match(_named(f), PLACE_SCORE, exact_cell=True)))
    if not out:
        return []
    top = max(k for k, _ in out)
    return [m for k, m in out if k == top]
