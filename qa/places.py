"""The place a department is of, said before its name in the forms people use.

A department of 平潭综合实验区 is asked with its place whole (平潭综合实验区征安办), by the place's
first word and its level word (平潭区征安办), by the place's first word alone (平潭征安办), by the end of
the place (综合实验区征安办, 实验区征安办), or by the level word alone (区征安办); a department of
上海市普陀区 as 上海普陀区…, 普陀区…, 普陀….  These say the department's own place, so they are part of
its name in the question, never another place nor the thing asked.
"""

from __future__ import annotations

import functools
import re

from index.vocabulary import PLACE_SUFFIXES

_PLACE_PART = re.compile(r"[\u4e00-\u9fff]{2,}?(?:自治区|自治州|省|市|区|县|盟|旗)")
_LEVEL_WORDS = frozenset(w for w in PLACE_SUFFIXES if len(w) == 1)
_HAN = re.compile(r"[\u4e00-\u9fff]+")


@functools.lru_cache(maxsize=1 << 14)
def name_place(name: str) -> str:
    """The place a department's name begins with, its parts whole (上海市普陀区财政局 → 上海市普陀区;
    平潭综合实验区纪工委 → 平潭综合实验区), "" when the name begins with no place."""
    place, at = "", 0
    while m := _PLACE_PART.match(name, at):
        if len(name) - m.end() < 2:  # the rest is the department's own name, never empty
            break
        place, at = place + m.group(0), m.end()
    return place


@functools.lru_cache(maxsize=1 << 14)
def is_said_place(said: str, place: str) -> bool:
    """Is ``said`` a form of ``place`` people say before a department's name?  Of each whole place (the
    full place, or its last parts: 普陀区 of 上海市普陀区): its beginning of two characters or more (平潭,
    普陀), its end from a level word's place on (实验区, 综合实验区), or a beginning and an end (平潭区,
    平潭实验区, 上海普陀区) — each saying some of the last part's own name (上海市 alone is the city, not
    上海市普陀区) —; and a level word alone (区, 市)."""
    if not said or not place:
        return False
    if said in _LEVEL_WORDS:
        return True
    parts = _PLACE_PART.findall(place) or [place]
    level = max((w for w in PLACE_SUFFIXES if parts[-1].endswith(w)), key=len, default="")
    for whole in {place, *("".join(parts[i:]) for i in range(len(parts)))}:
        own = range(len(whole) - len(parts[-1]), len(whole) - len(level))  # the last part's own name
        for i in range(len(said) + 1):
            head, tail = said[:i], said[i:]
            if head and (len(head) < 2 or not whole.startswith(head)):
                continue
            if tail and not (whole.endswith(tail) and len(head) + len(tail) <= len(whole)):
                continue
            if any(k < len(head) or k >= len(whole) - len(tail) for k in own):
                return True
    return False


def said_before(before: str, alias: str, name: str) -> int:
    """How many characters at the end of ``before`` (the question's text before ``alias``, a form of the
    department ``name``) say the department's own place: with the place words the alias begins with
    (区 of 区征安办), a form of the place (平潭 + 区); 0 when none."""
    place = name_place(name)
    m = _HAN.search(before[::-1])
    if not m or m.start() != 0:
        return 0
    text = m.group(0)[::-1]
    own = next((alias[:k] for k in range(len(alias) - 2, 0, -1) if is_said_place(alias[:k], place)), "")
    for k in range(min(len(text), len(place) + 1), 0, -1):
        said = text[-k:] + own
        if is_said_place(said, place) if place else said in _LEVEL_WORDS:
            return k
    return 0
