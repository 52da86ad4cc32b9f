"""The document catalogue: which departments, years and kinds of documents the store holds.

Scope resolution asks it: which documents a name in a question means (full names, the short
forms people use — 省高院, 市人社局, 市委宣传部, the name without its province or city, a typo),
which years a department has, and whether a named body is a department at all or something the
documents print (a row, a unit the narrative mentions).  Names are compared by a canonical key
(no 中共 prefix, no （本级） suffix, no spaces), so two years of one department are one department
even when the title prints the name slightly differently.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index.facts import DocumentInfo
from index.vocabulary import (
    BODY_SHORT_ENDINGS,
    CENTRAL_PREFIXES,
    DEPARTMENT_ENDINGS,
    DEPARTMENT_KEY_SHORT_FORMS,
    DEPARTMENT_SHORT_FORMS,
    GOVERNMENT_OFFICE_PREFIXES,
    KIND_GOVERNMENT_BUDGET,
    KIND_GOVERNMENT_FINAL,
    MASS_ORGANISATION_SHORT_FORMS,
    NAME_CONJUNCTIONS,
    ONE_WORD_NAME_SHORT_ENDINGS,
    OWN_LEVEL_WORDS,
    PARTY_COMMITTEE_PREFIX,
    PLACE_COMMITTEE_BODIES,
    PLACE_COMMITTEE_ENDING,
    PLACE_LEVEL_COMMITTEE_BODIES,
    PLACE_LEVEL_COMMITTEE_SHORT_ENDING,
    PLACE_SUFFIXES,
    TOWNSHIP_GOVERNMENT,
    TWO_WORD_NAME_ENDINGS,
    ZONE_SUFFIXES,
)
from qa.understand import core

if TYPE_CHECKING:
    from qa.engine import Engine

ENDINGS = {e[-1] for e in DEPARTMENT_ENDINGS}
_ENDINGS_LONGEST = sorted(DEPARTMENT_ENDINGS, key=len, reverse=True)
_LEVEL_CHARS = "省市区县州盟旗乡镇村"
_PLACE_PART = re.compile(r"[\u4e00-\u9fff]{2,}?(?:自治区|自治州|省|市|区|县|盟|旗)")


def core_text(text: str) -> str:
    """Sentence text with spaces and quotes removed, for pattern matching."""
    return re.sub(r"[\s“”\"]", "", text)


@functools.lru_cache(maxsize=1 << 16)  # asked for every document in scope on every question
def department_key(name: str) -> str:
    """The canonical form of a department's name: 中共西安市委宣传部（本级） → 西安市委宣传部;
    中国人民政治协商会议福建省平潭县委员会 → 平潭县政协."""
    s = re.sub(r"\s+", "", name or "")
    s = re.split(r"(?:19|20)\d{2}", s)[0] or s  # a title's tail (…2021年部门综合) is not the name
    s = re.sub(r"(年度|年)$", "", s) or s  # 「国家信访局年度」: a title's 年度 whose year was read apart
    s = re.sub(r"[（(](" + "|".join(OWN_LEVEL_WORDS) + r")[)）]$", "", s)
    s = re.sub(r"(" + "|".join(OWN_LEVEL_WORDS) + r")$", "", s) or s
    for long, short in PLACE_COMMITTEE_BODIES:
        # 中国人民政治协商会议福建省平潭县委员会 is 平潭县政协 (one department with the pages titled so)
        m = re.fullmatch(re.escape(long) + r"(?P<place>[\u4e00-\u9fff]{2,12}?)" + PLACE_COMMITTEE_ENDING, s)
        parts = _PLACE_PART.findall(m.group("place")) if m else []
        if parts:
            return parts[-1] + short
    for long, short in DEPARTMENT_KEY_SHORT_FORMS:
        s = s.replace(long, short)
    return re.sub(r"^中共|^中国共产党", "", s)


def name_forms(name: str, region: str) -> set[str]:
    """Every way people write a department's name (all ≥ 3 characters)."""
    return set(_name_forms(name or "", region or ""))


@functools.lru_cache(maxsize=1 << 14)
def own_name(name: str, region: str) -> tuple[str, str, tuple[str, ...]]:
    """A department's own name after its place, the place and the place's parts: 平潭综合实验区环境与
    国土资源局 → (环境与国土资源局, 平潭综合实验区, [平潭综合实验区]).  A body named by the place it
    is of inside its name is keyed by its short form after the place (平潭县政协, ``department_key``)."""
    key = department_key(name)
    region = re.sub(r"^中共|^中国共产党", "", re.sub(r"\s+", "", region or ""))
    if not region and (committee := _level_committee(key)):
        # 共青团平潭综合实验区委员会: the place inside the name, never 「共青团平潭综合实验区」 read as one
        return key, committee[0][0], tuple(_PLACE_PART.findall(committee[0][0]))
    if not region:  # the place the name itself starts with (西安市委宣传部 → 西安市)
        m = _PLACE_PART.match(key)
        region = m.group(0) if m else ""
    if not region and (word := _place_word(key)):
        # 「平潭社会事业局」 of a title 「平潭2018年社会事业局…」: a place said without its level word
        return key[len(word) :], word, ()
    parts = _PLACE_PART.findall(region)
    bare = key
    # the region only where it is whole place parts: a region read past its place (平潭综合实验区市 of
    # 平潭综合实验区市场监督管理局) would cut the department's own first word
    whole = {region} if region == "".join(parts) else set()
    for place in sorted({*whole, *parts, *("".join(parts[: i + 1]) for i in range(len(parts)))}, key=len)[
        ::-1
    ]:
        if place and key.startswith(place):
            bare = key[len(place) :]
            break
    return bare, region, tuple(parts)


def _level_committee(key: str) -> list[tuple[str, str]]:
    """[(place, short form)] of an organisation's committee of a place named by its level word (共青团平潭综合
    实验区委员会 → [(平潭综合实验区, 团)]), else []."""
    for long, short in PLACE_LEVEL_COMMITTEE_BODIES:
        m = re.fullmatch(re.escape(long) + r"(?P<place>[\u4e00-\u9fff]{2,12}?)" + PLACE_COMMITTEE_ENDING, key)
        parts = _PLACE_PART.findall(m.group("place")) if m else []
        if parts and "".join(parts) == m.group("place"):
            return [(m.group("place"), short)]
    return []


def _place_word(key: str) -> str:
    """The place word a department's name starts with when it has no level word (平潭社会事业局 → 平潭),
    else "": two or three characters a place, the rest a department's name of three or more."""
    from qa.understand import _is_place

    for n in (3, 2):
        rest = key[n:]
        if (
            len(rest) >= 3
            # a department's ending, or a township's government (平潭芦洋乡人民政府 of 「平潭2019年度芦洋乡…」)
            and (rest[-1] in ENDINGS or re.fullmatch(TOWNSHIP_GOVERNMENT, rest))
            and not key.startswith(CENTRAL_PREFIXES)
            and not _PLACE_PART.match(key)
            and _is_place(key[:n])
        ):
            return key[:n]
    return ""


@functools.lru_cache(maxsize=1 << 14)  # the catalogue and ``docs_like`` ask it per document per question
def _name_forms(name: str, region: str) -> frozenset[str]:
    key = department_key(name)
    bare, region, parts = own_name(name, region)
    extra: set[str] = set()
    for _long, short in PLACE_COMMITTEE_BODIES:
        if bare == short:  # 政协平潭县委员会: the short form before the place it is of
            places = {region, *("".join(parts[i:]) for i in range(len(parts)))}  # never an outer part
            extra.update(short + p + PLACE_COMMITTEE_ENDING for p in places if p)
    stems = {bare}
    for place, short in _level_committee(key):
        # 团区委: the organisation's short form, its place's level word, 委
        stems.add(short + place[-1] + PLACE_LEVEL_COMMITTEE_SHORT_ENDING)
    party = re.match(PARTY_COMMITTEE_PREFIX, bare)
    if party:  # 西安市委宣传部 → 委宣传部 → 宣传部 (市委宣传部 below); 党工委宣传部 → 宣传部
        stems.add(bare[party.end() :])
    for gov in GOVERNMENT_OFFICE_PREFIXES:
        # 区人民政府万里街道办事处 → 万里街道办事处 (an office with a name of its own, not 人民政府办公室)
        if bare.startswith(gov) and len(bare) - len(gov) >= 5:
            stems.add(bare[len(gov) :])
    township = re.fullmatch(TOWNSHIP_GOVERNMENT, bare)
    if township:
        stems.add(township.group("place"))  # 东庠乡人民政府 is asked as 东庠乡
        stems.add(township.group("place") + "政府")  # and as 东庠乡政府
    stems.update(_joined_short(s) for s in list(stems))
    stems.discard("")
    for long, shorts in (*MASS_ORGANISATION_SHORT_FORMS, *DEPARTMENT_SHORT_FORMS):
        for stem in list(stems):
            if long in stem:
                for short in shorts:
                    stems.add(stem.replace(long, short))
    level = parts[-1][-1] if parts else ""
    # the full place, or its last part (普陀区, 普陀), never an outer part alone (上海市财政局 is
    # another body than 上海市普陀区财政局)
    last = parts[-1] if parts else ""
    prefixes = {"", region, last, last[:-1] if len(last) > 2 else ""}
    if len(parts) > 1:
        outer = "".join(parts[:-1])
        prefixes.update({outer + last, outer[:-1] + last})
    if _zone_place(last):
        prefixes.add(_zone_place(last))  # 平潭综合实验区公安局 → 平潭公安局
    if level:
        prefixes.add(level)  # 省高院, 市人社局: a body named by its level alone
    forms = {key, name, *extra}
    for p in prefixes:
        for s in stems:
            if s and (len(p + s) >= 3 or p + s in BODY_SHORT_ENDINGS):
                forms.add(p + s)
    # 「政协」 alone names the one 政协 of a store (a short form of two characters)
    return frozenset(f for f in forms if len(f) >= 3 or f in BODY_SHORT_ENDINGS)


def _zone_forms(docs: list[DocumentInfo]) -> list[tuple[str, str]]:
    """(form, key) of departments named by a zone's place word alone (平潭社会事业局): the zone's full
    place another document of the store is of (平潭综合实验区社会事业局) and its level word alone
    (区社会事业局) name it too."""
    zones: dict[str, set[str]] = {}
    for d in docs:
        for part in _PLACE_PART.findall(re.sub(r"\s+", "", d.region or ""))[-1:]:
            if _zone_place(part):
                zones.setdefault(_zone_place(part), set()).add(part)
    out = []
    for d in docs:
        if not d.department:
            continue
        bare, word, parts = own_name(d.department, d.region or "")
        if parts or word not in zones:
            continue
        for place in zones[word]:
            out += [
                (place + bare, department_key(d.department)),
                (place[-1] + bare, department_key(d.department)),
            ]
    return out


def _in_order(short: str, name: str) -> bool:
    """Are the characters of ``short`` inside ``name`` in their order (a subsequence)?"""
    rest = iter(name)
    return all(ch in rest for ch in short)


def _zone_place(place: str) -> str:
    """The place word a zone is said by (平潭综合实验区 → 平潭), else ""."""
    for zone in ZONE_SUFFIXES:
        if place.endswith(zone) and len(place) - len(zone) >= 2:
            return place[: -len(zone)]
    return ""


def _joined_short(stem: str) -> str:
    """文化和旅游局 → 文旅局, 建设和管理委员会 → 建管委员会 (and by the short forms 建管委): two words of
    two to four characters joined by 和/与 before the name's ending, each shortened to its first
    character; "" for a name of another shape."""
    words = "|".join(NAME_CONJUNCTIONS)
    endings = "|".join(sorted(DEPARTMENT_ENDINGS, key=len, reverse=True))
    m = re.fullmatch(
        r"([\u4e00-\u9fff]{2,4})(?:" + words + r")([\u4e00-\u9fff]{2,4}?)(" + endings + ")", stem
    )
    if m:
        return m.group(1)[0] + m.group(2)[0] + m.group(3)
    # 农村发展局 → 农发局, 卫生健康委员会 → 卫健委员会 (→ 卫健委 by the short forms)
    endings = "|".join(sorted(TWO_WORD_NAME_ENDINGS, key=len, reverse=True))
    m = re.fullmatch(r"([\u4e00-\u9fff]{2})([\u4e00-\u9fff]{2})(" + endings + ")", stem)
    if m:
        return m.group(1)[0] + m.group(2)[0] + m.group(3)
    # 交通委员会 → 交委
    m = re.fullmatch(r"([\u4e00-\u9fff]{2})(" + "|".join(ONE_WORD_NAME_SHORT_ENDINGS) + ")", stem)
    return m.group(1)[0] + ONE_WORD_NAME_SHORT_ENDINGS[m.group(2)] if m else ""


def _said_last(ending: str) -> set[str]:
    """The last character a short form of a name with ``ending`` ends in (办公室 → 办, 委员会 → 委)."""
    return {
        ending[-1],
        *(s[-1] for s in _SAID_ENDINGS.get(ending, ())),
        *_ABBREVIATED_ENDINGS.get(ending, ""),
    }


_ABBREVIATED_ENDINGS = {"办公室": "办", "委员会": "委"}
_MAX_OWNERS = 3  # departments whose names may hold one short form, read for it
# a word of a question that may be a body's short form: a few characters and a body's last character
_BODY_WORD = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:办|局|委|部)(?![\u4e00-\u9fff]{0,1}(?:公室|员会))")
# the endings a short form ends in for each ending of an official name: its own, and its short forms
# (管理局 → 局, 委员会 → 委), and the character an ending is abbreviated to (办公室 → 办: 离岛免税办)
_SAID_ENDINGS: dict[str, tuple[str, ...]] = {
    long: (long, *shorts) for long, shorts in DEPARTMENT_SHORT_FORMS if long in _ENDINGS_LONGEST
}
for _long, _short in _ABBREVIATED_ENDINGS.items():
    if _short not in _SAID_ENDINGS.get(_long, ()):
        _SAID_ENDINGS[_long] = (*_SAID_ENDINGS.get(_long, (_long,)), _short)


@dataclass
class Catalogue:
    """What the store holds, by department: names, aliases, years, kinds."""

    docs: list[DocumentInfo]
    place_aliases: set[str] = field(default_factory=set)  # aliases that are a place's name (平潭, 普陀区)
    aliases: dict[str, str] = field(default_factory=dict)  # alias → canonical department key
    years: dict[str, list[int]] = field(default_factory=dict)  # key → years held

    @classmethod
    def build(cls, docs: list[DocumentInfo]) -> Catalogue:
        cat = cls(docs)
        owners: dict[str, set[str]] = {}
        for d in docs:
            if not d.department:
                continue
            key = department_key(d.department)
            cat.years.setdefault(key, [])
            if d.year and d.year not in cat.years[key]:
                cat.years[key].append(d.year)
            for form in name_forms(d.department, d.region):
                owners.setdefault(form, set()).add(key)
        for form, key in _zone_forms(docs):
            owners.setdefault(form, set()).add(key)
        for key in cat.years:
            cat.years[key].sort()
        # a short form two departments share names neither (市信访局 of two cities)
        cat.aliases = {form: next(iter(keys)) for form, keys in owners.items() if len(keys) == 1}
        # a place that only one department is about names it (普陀区 → 上海市普陀区财政局)
        by_place: dict[str, set[str]] = {}
        governments: dict[str, set[str]] = {}  # a place's government-wide reports (预算执行情况和草案的报告)
        for d in docs:
            for part in _PLACE_PART.findall(d.region or "")[-1:]:
                for form in (part, part[:-1], _zone_place(part)):
                    if len(form) >= 2:
                        by_place.setdefault(form, set()).add(department_key(d.department))
                        if d.kind in (KIND_GOVERNMENT_BUDGET, KIND_GOVERNMENT_FINAL):
                            governments.setdefault(form, set()).add(department_key(d.department))
        for form, keys in by_place.items():
            if form in cat.aliases or form in owners:
                continue
            if len(keys) > 1 and len(governments.get(form, ())) == 1:
                keys = governments[form]  # 「平潭2018年一般公共预算总收入」: the place's own report
            if len(keys) == 1:
                cat.aliases[form] = next(iter(keys))
                cat.place_aliases.add(form)
        return cat

    @functools.cached_property
    def _own_names(self) -> dict[str, list[tuple[str, str, set[str]]]]:
        """Each department's own name after its place, by its first character: (own name, its
        ending, the departments of that own name) — the names a short form may be of."""
        out: dict[str, list[tuple[str, str, set[str]]]] = {}
        for own, ending, ks in self._every_own_name:
            if len(own) >= 4:
                out.setdefault(own[0], []).append((own, ending, ks))
        return out

    @functools.cached_property
    def _every_own_name(self) -> list[tuple[str, str, set[str]]]:
        """(own name after its place, its ending, the departments of that own name), short ones too."""
        keys: dict[str, set[str]] = {}
        for d in self.docs:
            if d.department:
                keys.setdefault(own_name(d.department, d.region or "")[0], set()).add(
                    department_key(d.department)
                )
        out = []
        for own, ks in keys.items():
            ending = next((e for e in _ENDINGS_LONGEST if own.endswith(e)), "")
            if ending:
                out.append((own, ending, ks))
        return out

    def short_forms_in(self, text: str, printed: Callable[[str, str], bool] | None = None) -> dict[str, str]:
        """Short forms a question writes that no alias knows, each → the one department it shortens
        (环土局 → 环境与国土资源局, 卫生计生局 → 卫生和计划生育局, 市场监管局 → 市场监督管理局): the
        characters of the short form appear in order inside the department's own name, which begins
        with its first character and ends with its ending; at least 3 characters, shorter than the
        name; never a form an alias already knows, never one two departments could be shortened to."""
        owners: dict[str, set[str]] = {}
        for i, ch in enumerate(text):
            for own, ending, keys in self._own_names.get(ch, ()):
                for j in range(i + 3, min(len(text), i + len(own) - 1) + 1):
                    span = text[i:j]
                    ends = _SAID_ENDINGS.get(ending, (ending,))  # 国有资产管理局 → 国资局: 管理局 said 局
                    if not span.endswith(ends) or not re.fullmatch(r"[\u4e00-\u9fff]+", span):
                        continue
                    if (
                        span in self.aliases
                        or next(e for e in _ENDINGS_LONGEST if span.endswith(e)) not in ends
                    ):
                        continue
                    if _in_order(span, own):
                        owners.setdefault(span, set()).update(keys)
        for span, keys in self._inner_word_forms(text).items():
            owners.setdefault(span, set()).update(keys)
        found = {span: next(iter(keys)) for span, keys in owners.items() if len(keys) == 1}
        if printed is not None:
            mine = self._self_short_forms(text, printed)
            found.update({w: k for w, k in mine.items() if not any(w in f or f in w for f in found)})
        return self._with_place(text, {w: k for w, k in found.items() if not self._inside_alias(text, w)})

    @functools.cached_property
    def _stems_by_said_ending(self) -> dict[str, list[tuple[str, str, set[str]]]]:
        """(stem before the ending, own name, departments) of every own name, by each form its ending is said in."""
        out: dict[str, list[tuple[str, str, set[str]]]] = {}
        for own, ending, keys in self._every_own_name:
            for said in _SAID_ENDINGS.get(ending, (ending,)):
                out.setdefault(said, []).append((own[: len(own) - len(ending)], own, keys))
        return out

    def _inner_word_forms(self, text: str) -> dict[str, set[str]]:
        """「公积金中心」 of 住房公积金管理中心: a short form that drops the name's first word keeps a word of
        three or more characters printed inside the name, then the name's ending (or its said form); never a
        form an alias knows or the whole name.  Two-character words (管理, 服务) are too common to name one body."""
        out: dict[str, set[str]] = {}
        for said, stems in self._stems_by_said_ending.items():
            if said not in text:
                continue
            for m in re.finditer(r"[\u4e00-\u9fff]{3,8}?" + re.escape(said), text):
                for start in range(m.start(), m.end() - len(said) - 2):
                    word = text[start : m.end() - len(said)]
                    span = word + said
                    if span in self.aliases:
                        continue
                    holders = [
                        keys
                        for stem, own, keys in stems
                        if stem.find(word) >= 1 and span != own and len(span) < len(own)
                    ]
                    for keys in holders:
                        out.setdefault(span, set()).update(keys)
                    if holders:
                        break
        return out

    def _inside_alias(self, text: str, word: str) -> bool:
        """Is ``word`` printed in ``text`` only as the end of a longer name an alias knows (市政务和数据局)?"""
        spots = [i for i in range(len(text)) if text.startswith(word, i)]
        return bool(spots) and all(
            any(text[i - k : i + len(word)] in self.aliases for k in range(1, min(i, 6) + 1)) for i in spots
        )

    def _with_place(self, text: str, found: dict[str, str]) -> dict[str, str]:
        """「平潭国资局」「市政务和数据局」: a short form with the place its department's region begins with, or
        the region's level word, said before it."""
        out = dict(found)
        for span, key in found.items():
            held = self.of_departments([key])
            regions = {d.region for d in held if d.region}
            # 「福建师大平潭附中筹建办」 of 福建师范大学平潭附属中学…办公室: a place word the full name begins with
            # (its own name is read after it) is said before the short form as a region's would be
            regions |= {d.department for d in held if d.department and not d.region}
            for m in re.finditer(re.escape(span), text):
                before = re.sub(r"^.*?年度?", "", text[max(0, m.start() - 6) : m.start()])
                for n in range(len(before)):
                    place = before[n:]
                    # 「平潭国资局」: the place the region begins with; 「市政务和数据局」: the region's level word
                    said = len(place) >= 2 and any(r.startswith(place) for r in regions)
                    if said or place in PLACE_SUFFIXES and any(r.endswith(place) for r in regions):
                        out.setdefault(place + span, key)
                        break
        return out

    def _self_short_forms(self, text: str, printed: Callable[[str, str], bool]) -> dict[str, str]:
        """「征安办」 of 土地房屋征收安置工作领导小组办公室: a short form that does not begin as the name does is
        that department's only when its characters are in order inside its own name, it ends as the name
        ends, and the department's own document prints it (「区征安办主要职责是…」) — its own short form."""
        out: dict[str, str] = {}
        for m in _BODY_WORD.finditer(text):
            word = m.group(0)
            for start in range(len(word) - 2):
                span = word[start:]
                if span in self.aliases:
                    break
                holders = [
                    (own, ks)
                    for own, ending, ks in self._every_own_name
                    if span[-1] in _said_last(ending) and _in_order(span, own)
                ]
                if any(own[0] == span[0] for own, _ in holders):
                    continue  # begun as a name begins: the short forms above say whose it is, if anyone's
                keys = {k for _, ks in holders for k in ks}
                if not keys or len(keys) > _MAX_OWNERS:
                    continue  # a form many names hold is no one department's own
                hits = {k for k in keys if printed(k, span)}
                if len(hits) == 1:
                    out[span] = next(iter(hits))
                    place = re.sub(
                        r"^.*?年度?", "", word[:start]
                    )  # 「2016年平潭征安办」: the year is no place
                    regions = {d.region for d in self.of_departments([out[span]]) if d.region}
                    if place and (
                        place in self.place_aliases
                        or place in PLACE_SUFFIXES
                        or any(r.startswith(place) for r in regions)
                    ):
                        out[word[len(word) - len(span) - len(place) :]] = out[
                            span
                        ]  # 「平潭征安办」「区征安办」
                    break
        return out

    def key_of(self, d: DocumentInfo) -> str:
        return department_key(d.department)

    @functools.cached_property
    def _by_key(self) -> dict[str, list[int]]:
        """department key → positions of its documents in ``docs``: a question naming a department
        finds its documents without computing the key of each of ten thousand (≈ 25 ms, measured)."""
        out: dict[str, list[int]] = {}
        for i, d in enumerate(self.docs):
            out.setdefault(self.key_of(d), []).append(i)
        return out

    def of_departments(self, keys: list[str], docs: list[DocumentInfo] | None = None) -> list[DocumentInfo]:
        """The documents of these departments among ``docs`` (None: every document catalogued), in
        their order."""
        wanted = {department_key(k) for k in keys}
        if docs is None:
            return [self.docs[i] for i in sorted(i for k in wanted for i in self._by_key.get(k, ()))]
        return [d for d in docs if self.key_of(d) in wanted]

    def docs_like(self, org: str, docs: list[DocumentInfo]) -> list[DocumentInfo]:
        """Departments whose name (or title) contains what the question wrote, short forms allowed
        (信访局 → every 信访局 held; 市人社局 → 西安市人力资源和社会保障局).  A place the question
        names must be the document's place (北京市审计局 is not 上海市审计局)."""
        place, stems = org_stems(org)
        out = []
        for d in docs:
            title, where, parts, names = _like_fields(d.department, d.region, d.title)
            short = place[:-1] if place and place[-1] in "省市区县" else place
            if place and place not in where and short not in where:
                continue
            if place and parts and place != parts[-1] and parts[-1] not in org and place in parts[:-1]:
                continue  # 上海市财政局 is the city's bureau, not 上海市普陀区财政局
            if any(s in n for s in stems for n in names) or any(len(s) >= 3 and s in title for s in stems):
                out.append(d)
        return out


@functools.lru_cache(maxsize=1 << 15)  # per document; ``docs_like`` scans every document in scope
def _like_fields(
    department: str, region: str | None, title: str | None
) -> tuple[str, str, tuple[str, ...], frozenset[str]]:
    """What ``docs_like`` compares of a document: its title without spaces, region + key + title,
    the parts of its region, and every form of its name."""
    key = department_key(department)
    title = re.sub(r"\s+", "", title or "")
    parts = tuple(_PLACE_PART.findall(re.sub(r"\s+", "", region or "")))
    names = frozenset({key, *name_forms(department, region)}) if department else frozenset()
    return title, f"{region}{key}{title}", parts, names


def org_stems(org: str) -> tuple[str, list[str]]:
    """The place a question's body names and what identifies the body: 北京市审计局 → (北京市,
    [北京市审计局, 审计局]); 市人社局 → ("", [市人社局, 人社局, 人力资源和社会保障局])."""
    s = department_key(org)
    m = _PLACE_PART.match(s)
    place = m.group(0) if m else ""
    if not place:  # 广州信访局: a place written without 市
        from qa.understand import _is_place

        place = next((s[:n] for n in (3, 2) if len(s) > n + 1 and _is_place(s[:n])), "")
    bare = s[len(place) :] if place else re.sub(r"^[省市区县]委?", "", s)
    base = [x for x in dict.fromkeys([s, bare]) if len(x) >= 2]
    stems = list(base)
    for long, shorts in DEPARTMENT_SHORT_FORMS:
        for short in shorts:
            for st in base:
                if short in st and long not in st:
                    stems.append(st.replace(short, long, 1))
    return place, list(dict.fromkeys(stems))


def department_aliases(docs: list[DocumentInfo]) -> dict[str, str]:
    """Every way people name each department → its canonical key (see ``Catalogue``)."""
    return Catalogue.build(docs).aliases


def _misspells(written: str, name: str) -> bool:
    """Can ``written`` be a misspelling of ``name``?  What differs between them (after their common
    beginning and end) is one character, or a stretch sharing a character with the name's: a typo
    keeps the word it misspells (普陀区财正局 of 普陀区财政局), never replaces it with another word
    (平潭综合实验区规划局 is another body than 平潭综合实验区综执局, though 8 of 10 characters agree)."""
    start = 0
    while start < min(len(written), len(name)) and written[start] == name[start]:
        start += 1
    end = 0
    while end < min(len(written), len(name)) - start and written[-1 - end] == name[-1 - end]:
        end += 1
    ours, theirs = written[start : len(written) - end], name[start : len(name) - end]
    return max(len(ours), len(theirs)) <= 1 or bool(set(ours) & set(theirs))


def placed_row(eng: Engine, org: str, docs: list[DocumentInfo]) -> str:
    """The row name a document prints for ``org`` said with its place short: 「平潭发展研究中心」 of the row
    「平潭综合实验区发展研究中心」 (begins with the place, ends with the unit's own name); "" when none."""
    place, stems = org_stems(org)
    own = [s for s in stems[1:] if len(s) >= 3] if place else []
    for d in docs if own else []:
        index = eng.indexes.get(d.doc_id)
        if index is None:
            continue
        for names in index.names.values():
            for n in names:
                if n.startswith(place) and any(n.endswith(s) for s in own):
                    return n
    return ""


def resolve_org(
    eng: Engine, org: str, docs: list[DocumentInfo], *, printed: bool = True
) -> list[DocumentInfo] | None:
    """An organisation the question names: the documents of that department (short forms and typos
    allowed), [] when ``org`` is really something printed (其他法院支出 and 江苏法院云平台租赁费 are rows;
    下属单位 the narrative mentions), or None when no document is about it.

    A document whose department could not be read from it (an empty or garbled name) is the
    body named when the document itself prints the body's name (and its place, if one is named).

    ``printed=False``: None instead of looking whether the documents print ``org`` (for a caller
    to whom [] and None are alike: the look reads and indexes up to ``BUDGETQA_SCAN_DOCS``
    documents, ≈ 1 s for a question that already names its department, measured at 1,000).
    """
    from rapidfuzz import fuzz

    like = eng.catalogue.docs_like(org, docs)
    if like:
        return like
    # a typo of a department's name (普陀区财正局), not another place's namesake (河南省大数据管理局)
    best = max(
        (
            (fuzz.ratio(org, a), n)
            for a, n in eng.aliases.items()
            if abs(len(a) - len(org)) <= 1 and _misspells(org, a)
        ),
        default=(0, ""),
    )
    if best[0] >= 80:
        return eng.catalogue.of_departments([best[1]], docs)
    place, stems = org_stems(org)
    if printed and placed_row(eng, org, docs):
        return []
    unnamed = [
        d for d in docs if len(eng.catalogue.key_of(d)) < 3 or eng.catalogue.key_of(d)[-1] not in ENDINGS
    ]
    for d in unnamed:
        text = core_text(" ".join(p["text"] for p in eng.store.facts.paragraphs(d.doc_id)[:40]))
        text += core_text(" ".join(t["display_title"] for t in eng.store.facts.tables(d.doc_id)))
        if any(len(s) >= 3 and s in text for s in stems[1:] or stems) and (not place or place[:-1] in text):
            return [d]
    if not printed:
        return None
    c = core(org)
    for d in eng.mentioning(org, docs):  # over many documents: those printing its words (terms index)
        index = eng.indexes.get(d.doc_id)
        if index and c and any(c in n for names in index.names.values() for n in names):
            return []
        if any(org in p["text"] for p in eng.store.facts.paragraphs(d.doc_id)):
            return []
    return None
