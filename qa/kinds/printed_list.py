"""Lists a document prints, read from its stored paragraphs and tables (with or without retrieval).

「内设哪些机构」「包括哪些单位」「三公经费包括哪些」 are answered by the items a disclosure prints after a
lead that names the list: in the sentence (「内设机构分别是A、B、C」「即：A；B」), as a breakdown of a total
(「其中，A 28.50万元，B 400.00万元」), as numbered paragraphs after a lead ending in ：(「包括：」 1.A 2.B), or
as the rows of the table the lead points to (「详细情况见下表」), as numbered paragraphs under a heading
that names the kind (「（三）主要项目」), or as the rows of a table whose name column names it (项目名称).
The lead is what the list is *of*: it is scored against the question's words and the kind of item
asked for (单位, 机构 …), which it must name.  Every item is printed in the document and cited where it
is printed; nothing is composed.  A lead that prints a count other than the items found says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from index.facts import DocumentInfo, row_code
from index.vocabulary import (
    LIST_BODY_KINDS,
    LIST_GENERIC_MEMBERS,
    LIST_ITEM_WORDS,
    LIST_LEAD_WORDS,
    LIST_MEMBER_GROUPS,
    LIST_SELF_REFERENCE,
    LIST_SUB_BODY_LEAD,
    LIST_TOTAL_LABELS,
    ORG_SUFFIX_CHARS,
    OWN_LEVEL_WORDS,
)
from qa import scope
from qa.answer import Answer
from qa.compose import doc_label, passage_source, source_for
from qa.kinds.listing import row_fact
from qa.passages_fallback import asks_duties, bigrams
from qa.understand import Query

if TYPE_CHECKING:
    from qa.engine import Engine

_SENTENCE = re.compile(r"(?<=[。！？!?])")
_MARKER = re.compile(LIST_LEAD_WORDS)
_NUMBERED = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}\s*[、.．](?!\d)|[①-⑳⑴-⒇])\s*"
)
_FIGURE = re.compile(r"[\d][\d,，.]*\s*(?:万元|亿元|元|%|人|个|辆|台|家|项)")
_PAREN_NOTE = re.compile(r"[（(][^（）()]*(?:\d|其中)[^（）()]*[)）]")
_COUNT = re.compile(
    r"(?:共有?|共计|设|包括)?\s*([\d一二三四五六七八九十两]{1,3})\s*(?:个|家|项(?!目)|类|部分)"
)
_NOT_NAME = re.compile(
    r"^(?:比|较|同比|增|减|下降|上升|占|与|主要|其中|合计|共|总计|小计|为|是|完成|执行|实际)"
)
_QUESTION_WORDS = re.compile(
    r"哪[些几两二三四五六七八九十]?[个项类块种家部分]*|有什么|是什么|都有|都是|分别|包括|包含|分为|主要|具体|"
    r"什么|有|是|呢|吗|请问|一下|列出|今年|本年|下设|下属|所属|下面|底下|设有|目前|现在|[？?。，,！!]"
)
_TABLE_LEAD = re.compile(r"见下表|如下表|下表|详见|如下[：:]?$|[：:]$")
_ASKS_ITEMS = re.compile(
    r"哪些|哪几|哪[两二三四五六七八九十\d]{1,2}[个项类种块条家大]|有什么|包括什么|包含什么"
)
_ASKS_MEANING = re.compile(r"什么意思|什么是|是什么|指什么|是指|含义|定义|依据|哪个文件|为什么|原因")
# 「按照党中央、国务院有关文件…规定，…包括A、B」: a phrase that starts so is no list (the list follows)
_NOT_A_LIST = re.compile(r"^(?:按照|根据|依据|依照|为了|通过|对于|对|在|由|经|将|把|从|以)")
_INCLUDES = re.compile(r"包括|包含|分为|分成|组成")
# a comma that ends a piece, not one that groups a number's thousands (165,000)
_PIECE_COMMA = re.compile(r",(?!\d{3}(?!\d))")
_PIECE_AT = re.compile(r"[，；;、]|,(?!\d{3}(?!\d))")
_MAX_ITEMS = 40
# 「分别是A、B、C等项目」: the kind of the items printed after the last one
_KIND_AFTER = re.compile(
    "等(?:" + "|".join(sorted((w for w in LIST_ITEM_WORDS if len(w) >= 2), key=len)) + ")$"
)
_MAX_NAME = 30
# 「哪四个」「哪几个部门」: a measure word before the kind asked is no kind (部 of 部门 and 部分 is)
_MEASURE_WORD_LEAD = re.compile(r"^(?:[个种块家条]|部(?![门分])|项(?!目)|类(?!别))+")


@dataclass
class _List:
    """A printed list: the lead that says what it is of, its items, and where each is printed."""

    lead: str
    items: list[str]
    page: int | None
    heading: str
    order: int  # paragraph index (ties: the earlier list)
    # what to cite, in order: ("para", (paragraph, quote)) or ("row", Fact)
    sources: list = field(default_factory=list)
    score: float = 0.0
    total: int = 0  # items printed when more than are listed (a long table)
    kind: str = "lead"  # lead | heading | table
    before: str = ""  # the sentence a short lead (「其中：」) refers to: words for the score, not the kind


def _clean(item: str) -> str:
    item = _NUMBERED.sub("", item.strip())
    item = re.sub(r"^[一二三四五六七八九十]+是", "", item)
    item = re.sub(r"^(?:和|及|以及|还有|另有|其中[：:，,]?)", "", item)
    item = re.sub(r"(?:等)?[\d一二三四五六七八九十两]+\s*[个项类家种大]\S{0,8}$", "", item)
    item = _KIND_AFTER.sub("", item)  # 「…大赛经费等项目」: the kind printed after the last item
    item = re.sub(r"等$", "", item)
    return item.strip(' ：:，,；;。、“”"')


def _named(piece: str) -> str:
    """The name a breakdown piece prints before its figure (「公务接待费 28.50 万元」 → 公务接待费)."""
    piece = _NUMBERED.sub("", piece.strip())
    m = _FIGURE.search(piece)
    if not m:
        return ""
    # 「因公出国（境）费支出决算为」 → 因公出国（境）费支出; 「…养老保险缴费支出」 keeps its 支出
    name = re.sub(
        r"(?:(?:支出)?(?:预算数?|决算数?)|安排|为|是|共|计|约|达)+$", "", piece[: m.start()].strip()
    )
    name = re.sub(r"^安排", "", _clean(name))  # 「安排偿债资金165,000万元」: the money is for 偿债资金
    if not 2 <= len(name) <= _MAX_NAME or _NOT_NAME.match(name) or re.search(r"[，。；：]", name):
        return ""
    return name


def _items_of(body: str) -> list[str]:
    """The items of an enumeration (after its lead): 、/；-separated names, or a breakdown's names."""
    body = _PAREN_NOTE.sub("", body).strip(" ：:，,")
    first = re.split(r"、", body.split("，")[0] if "；" not in body else "")
    if _FIGURE.search(body) and (len(first) < 2 or all(_FIGURE.search(p) for p in first)):
        # 「A 28.50万元，B 400万元」「安排A165,000万元、B70,000万元」: a breakdown, its names
        names = [_named(p) for p in _PIECE_AT.split(body)]
        named = [n for n in names if n]
        if len(named) >= 2:
            return list(dict.fromkeys(named))
    body = re.split(r"[。]", body)[0]
    # 「一是A、B；二是C、D」: items end at ；when every piece reads as one; else the list ends there
    pieces = [_clean(p) for p in re.split(r"[；;]", body) if p.strip()]
    if len(pieces) >= 2 and all(2 <= len(i) <= _MAX_NAME and not re.search(r"[，。：:]", i) for i in pieces):
        return list(dict.fromkeys(pieces))
    body = re.split(r"[；;]", body)[0]
    parts = []
    for p in re.split(r"、", body):
        parts.append(p)
        if "，" in p or _PIECE_COMMA.search(p):
            break  # 「债务期限包括A、B、C，专项债务…」: the enumeration ends at the comma
    if len(parts) < 2 and "，" not in body:
        parts = re.split(r"以及|和|及", body)
    if len(parts) < 2:
        return []
    last = re.split(r"[，,]", parts[-1])[0]
    if len(last) > 12:  # 「A、B和C」: the last piece joins two items
        parts[-1] = last
        for sep in ("和", "以及", "及"):  # the last 和 (「购置及运行费和公务接待费」), then 及
            pair = last.rsplit(sep, 1)
            if len(pair) == 2 and min(len(x.strip()) for x in pair) >= 4:
                parts[-1:] = pair
                break
    else:
        parts[-1] = last
    if len(parts[0]) > 10 and "的" in parts[0]:
        parts[0] = parts[0].rsplit("的", 1)[1]  # 「是指用…安排的A、B」: the first item after 的
    items = [_clean(p) for p in parts]
    if _NOT_A_LIST.match(items[0]) or any(
        not 2 <= len(i) <= _MAX_NAME or re.search(r"[，。：]", i) or _cut_in_marks(i) for i in items
    ):
        return []
    return list(dict.fromkeys(items))


def _cut_in_marks(item: str) -> bool:
    """「关于调整部分单位职能、机构设置、管理方式的通知》」: a piece that opens or closes a title mark (or a
    bracket) it does not close or open was cut out of a printed name; the 、 inside it lists nothing."""
    return any(item.count(a) != item.count(b) for a, b in ("《》", "（）", "()", "“”"))


def _inline(sentence: str) -> list[tuple[str, list[str]]]:
    """The lists a sentence enumerates, each with its lead (what is printed since the list before it)."""
    found: list[tuple[int, int, list[str]]] = []
    sentence = _PAREN_NOTE.sub("", sentence)  # a note in brackets (「（其中，A…）」) is no item
    start = 0
    for m in _MARKER.finditer(sentence):
        items = _items_of(sentence[m.end() :])
        if len(items) < 2 or _MARKER.search(items[0]):
            continue  # 「内设机构分别是A」: the list starts at a later marker
        if found and set(items) <= set(found[-1][2]):
            # 「分别是：A、B」 and 「…：总数，其中，A…」: one list, its items those after the last marker
            start = found.pop()[0]
        # the lead of each list is what is printed since the list before it
        found.append((start, m.end(), items))
        start = m.end()
    return [(sentence[a:b], items) for a, b, items in found]


def _following(paras: list[dict], i: int) -> list[tuple[dict, str]]:
    """Paragraphs after a lead ending in ：that are its items: numbered ones, or a breakdown's lines."""
    out: list[tuple[dict, str]] = []
    head = paras[i]["heading"]
    for p in paras[i + 1 : i + 1 + _MAX_ITEMS]:
        text = p["text"].strip()
        if p["heading"] != head and not _NUMBERED.match(text):
            break
        name = _item_name(text) if _NUMBERED.match(text) else _named(text)
        if not name:
            break
        out.append((p, name))
    return out


_CN_DIGITS = "一二三四五六七八九十"
_RUN_START = re.compile(r"[：:]\s*(?=[（(]一[)）]|1\s*[、.．](?!\d))")


def _numbered_run(text: str, first: int = 1) -> tuple[str, list[str]] | None:
    """「重点完成了以下工作：（一）A。（二）B。（三）C。」 printed after a lead in its paragraph: the sentence
    before the first number is the lead, each numbered sentence an item (up to the numbering breaking off);
    numbered from ``first`` (the items a paragraph each after the lead's own go on from its last)."""
    m = _RUN_START.search(text) if first == 1 else re.match(r"[：:]\s*", text)
    if not m:
        return None
    lead = re.split(r"(?<=[。！？!?])", text[: m.end()])[-1].strip()
    rest, pieces, n = text[m.end() :], [], first
    chinese = rest.lstrip()[:1] in "（("
    while True:
        num = _CN_DIGITS[n - 1] if chinese and n <= len(_CN_DIGITS) else str(n)
        mark = rf"^\s*[（(]{num}[)）]" if chinese else rf"^\s*{num}\s*[、.．](?!\d)"
        if not re.match(mark, rest):
            break
        nxt = _CN_DIGITS[n] if chinese and n < len(_CN_DIGITS) else str(n + 1)
        after = re.compile(rf"[（(]{nxt}[)）]" if chinese else rf"(?<![\d.]){nxt}\s*[、.．](?!\d)")
        end = re.search(r"[。；;]", rest)
        stop = end.end() if end else len(rest)
        follow = after.search(rest, 1)
        if follow and follow.start() < stop:
            stop = follow.start()
        pieces.append(rest[:stop])
        rest, n = rest[stop:], n + 1
    return (lead, pieces) if pieces and lead and rest.strip() in {"", "。"} or len(pieces) >= 2 else None


def _table_after(eng: Engine, d: DocumentInfo, p: dict) -> tuple[dict, list[dict]] | None:
    """The table a lead points to (「见下表」, a lead ending in ：): the next table of its section."""
    for t in eng.store.facts.tables(d.doc_id):
        page = t["page"] or 0
        if t["heading"] != p["heading"] or not (p["page"] or 0) <= page <= (p["page"] or 0) + 1:
            continue
        rows = [
            r
            for r in t["rows"]
            if r["label"].strip()
            and r["label"].strip() not in LIST_TOTAL_LABELS
            and re.search(r"[\u4e00-\u9fff]{2}", r["label"])
        ]
        if len(rows) >= 1:
            return t, rows
    return None


def _item_name(text: str) -> str:
    """A numbered paragraph as an item: the name before its figure, else the line itself."""
    clean = _clean(text)
    return _named(text) or _run_in_name(text) or (clean if len(clean) <= _MAX_NAME else text.strip())


def _run_in_name(text: str) -> str:
    """A numbered item whose short title runs into its sentence (「1.加强财源建设 结合经济…，」「1.财政收入
    完成 “双过半”任务 上半年，…」): the title, up to the last space before the sentence's first comma."""
    head = re.split(r"[，。；,;]", _NUMBERED.sub("", text.strip()), maxsplit=1)[0]
    name = head.rsplit(" ", 1)[0].strip() if " " in head else ""
    return name if 2 <= len(name) <= _MAX_NAME and not re.search(r"[：:]", name) else ""


def _under_headings(paras: list[dict]) -> list[_List]:
    """Numbered paragraphs under one heading (「（三）主要项目」 1、A项目7358.61万元；2、…): the heading is
    their lead."""
    sections: dict[str, list[tuple[int, dict]]] = {}
    for i, p in enumerate(paras):
        if p["heading"] and _NUMBERED.match(p["text"]):
            sections.setdefault(p["heading"], []).append((i, p))
    out = []
    for heading, numbered in sections.items():
        if len(numbered) < 2:
            continue
        numbered = numbered[:_MAX_ITEMS]
        out.append(
            _List(
                heading.split(" / ")[-1],
                list(dict.fromkeys(_item_name(p["text"]) for _, p in numbered)),
                numbered[0][1]["page"],
                heading,
                numbered[0][0],
                [("para", (p, p["text"].strip())) for _, p in numbered],
                kind="heading",
            )
        )
    return out


def _table_rows(eng: Engine, d: DocumentInfo, member: str, question: str) -> list[_List]:
    """A table whose name column names the kind asked (项目名称, 单位名称): its rows are the items."""
    out = []
    if not member:
        return out
    for t in eng.store.facts.tables(d.doc_id):
        head = next((c for c in t["columns"][:3] if member in c and "名称" in c), "")
        kind = ""
        if not head and not any(member in group for group in LIST_MEMBER_GROUPS):
            # 「决算范围里有哪些乡镇卫生院」: a kind of body asked of a table of units (单位名称)
            head = next((c for c in t["columns"][:3] if "单位" in c and "名称" in c), "")
            kind = member if head else ""
        if t["kind"] != "grid" or not head:
            continue
        rows = [
            r
            for r in t["rows"]
            if r["label"].strip()
            and r["label"].strip() not in LIST_TOTAL_LABELS
            and not row_code(r)
            and re.search(r"[\u4e00-\u9fff]{2}", r["label"])
        ]
        if kind:
            rows = [r for r in rows if _of_kind(r["label"], kind)]
            if not rows:
                continue

        # 「省农业农村厅负责的是哪几个项目」: the rows that print the question's own words, when some do
        def said(r: dict) -> int:
            words = " ".join(v for v in r["texts"].values() if v)
            return sum(1 for i in range(len(question) - 3) if question[i : i + 4] in words)

        best = 0 if kind else max((said(r) for r in rows), default=0)
        if best:
            rows = [r for r in rows if said(r) == best]
        seen: dict[str, dict] = {}
        for r in rows:
            seen.setdefault(r["label"].strip(), r)
        if len(seen) < 2 and not best and not kind:
            continue
        kept = list(seen.values())[:_MAX_ITEMS]
        facts = [row_fact(d, t, r, subject=r["label"], quote=_row_quote(r), printed=r["label"]) for r in kept]
        title = t["display_title"] or t["heading"].split(" / ")[-1]
        lead = f"{title}（{head}）" + (f"中的{kind}" if kind else "")
        lst = _List(lead, [r["label"].strip() for r in kept], t["page"], t["heading"] or "", 10**6)
        lst.sources = [("row", f) for f in facts]
        lst.total, lst.kind = len(seen), "table"
        out.append(lst)
    return out


def _of_kind(label: str, kind: str) -> bool:
    """Is the unit ``label`` a body of the kind asked: its name ends as the kind does, over the kind's
    head word (「屿头乡卫生院」「平原镇中心卫生院」 are 乡镇卫生院; 「社区卫生服务中心」「医院」 are not)?"""
    bare = re.sub(r"[（(][^）)]*[)）]$", "", label.strip())
    same = 0
    while same < min(len(bare), len(kind)) and bare[-1 - same] == kind[-1 - same]:
        same += 1
    return same >= min(len(kind), 3)


def _candidates(eng: Engine, d: DocumentInfo, member: str = "", question: str = "") -> list[_List]:
    paras = eng.store.facts.paragraphs(d.doc_id)
    out: list[_List] = _under_headings(paras) + _table_rows(eng, d, member, question)
    for i, p in enumerate(paras):
        text = p["text"].strip()
        sentences = [s for s in _SENTENCE.split(text) if s.strip()]
        for k, s in enumerate(sentences):
            for lead, items in _inline(s):
                before = sentences[k - 1].strip() if len(lead) < 8 and k > 0 else ""
                # 「…项目共4个。其中：A…」: the sentence before says what 其中 refers to
                out.append(
                    _List(
                        lead,
                        items,
                        p["page"],
                        p["heading"] or "",
                        i,
                        [("para", (p, s.strip()))],
                        before=before,
                    )
                )
        run = _numbered_run(text)
        if run is not None:
            lead, pieces = run
            cited = [("para", (p, lead + "".join(pieces)))]
            for nxt in paras[i + 1 : i + 1 + _MAX_ITEMS]:
                # 「…以下工作：（一）A。」 and its next items printed a paragraph each: (二)B。 (三)C。
                more = _numbered_run("：" + nxt["text"].strip(), len(pieces) + 1)
                if more is None:
                    break
                pieces += more[1]
                cited.append(("para", (nxt, nxt["text"].strip())))
            if len(pieces) >= 2:
                out.append(
                    _List(lead, [_item_name(x) for x in pieces], p["page"], p["heading"] or "", i, cited)
                )
        last = sentences[-1].strip() if sentences else ""
        if not _TABLE_LEAD.search(last) and not re.search(r"其中[：:，,]?$", last):
            continue
        joined = (
            (_sequence_items(paras[i + 1]["text"]) or _glued_names(paras[i + 1]["text"]))
            if i + 1 < len(paras)
            else []
        )
        if len(joined) >= 2:
            # 「…单位包括：」 over a 序号/单位名称 table whose rows were read as one paragraph
            nxt = paras[i + 1]
            out.append(
                _List(
                    last,
                    joined,
                    p["page"],
                    p["heading"] or "",
                    i,
                    [("para", (p, last)), ("para", (nxt, nxt["text"].strip()))],
                )
            )
            continue
        after = _following(paras, i)
        if len(after) >= 2:
            out.append(
                _List(
                    last,
                    [n for _, n in after],
                    p["page"],
                    p["heading"] or "",
                    i,
                    [("para", (p, last))] + [("para", (q, q["text"].strip())) for q, _ in after],
                )
            )
            continue
        table = _table_after(eng, d, p)
        if table is not None:
            t, rows = table
            facts = [
                row_fact(d, t, r, subject=r["label"], quote=_row_quote(r), printed=r["label"]) for r in rows
            ]
            out.append(
                _List(
                    last,
                    [r["label"].strip() for r in rows],
                    p["page"],
                    p["heading"] or "",
                    i,
                    [("para", (p, last))] + [("row", f) for f in facts],
                    before=_said_before(paras, i, sentences) if last.startswith("其中") else "",
                )
            )
    # several leads ending in ：(a contents line, the sentence right before the table) point to one table:
    # the nearest one before it introduces it
    nearest: dict[int, int] = {}
    for lst in out:
        for idx in _table_of(lst):
            nearest[idx] = max(nearest.get(idx, -1), lst.order)
    return [lst for lst in out if all(nearest[idx] == lst.order for idx in _table_of(lst))]


def _table_of(lst: _List) -> set[int]:
    """The tables whose rows a lead's list is (none for a list printed in the text)."""
    if lst.kind != "lead":
        return set()
    return {f.table_idx for kind, f in lst.sources if kind == "row" and f.table_idx is not None}


def _said_before(paras: list[dict], i: int, sentences: list[str]) -> str:
    """The sentence a lead starting with 其中 refers to: the one before it, in its paragraph or the last of
    the paragraph before (「…包括8个内设机构及2个下属单位。」「其中：列入…的单位详细情况见下表:」)."""
    if len(sentences) > 1:
        return sentences[-2].strip()
    prev = [s for s in _SENTENCE.split(paras[i - 1]["text"]) if s.strip()] if i > 0 else []
    return prev[-1].strip() if prev else ""


_SEQUENCE_HEAD = re.compile(r"^\s*序号\s*[\u4e00-\u9fff]{0,6}名称(?:\s*备注)?\s*")


def _sequence_items(text: str) -> list[str]:
    """A 序号/名称 table whose rows were read as one paragraph (「序号 单位名称 备注1 A2 B3 C…」): its
    items, cut at the running numbers 1, 2, 3 …; the last one ends where the next line (a page
    title starting as the items do) was glued to it.  [] when the text is no such table."""
    m = _SEQUENCE_HEAD.match(text)
    if not m:
        return []
    rest, items, n = text[m.end() :], [], 1
    # the number may stand inside its row's name when the name wrapped (「…街道办事处1（本级）」)
    at = re.search(r"(?<![\d.])1\s*(?=[\u4e00-\u9fff（(])", rest)
    if not at or at.start() > _MAX_NAME:
        return []
    pos, wrapped = at.end(), rest[: at.start()].strip()
    while True:
        nxt = re.compile(rf"(?<![\d.]){n + 1}\s*(?=[\u4e00-\u9fff（(])").search(rest, pos)
        if not nxt:
            break
        piece = rest[pos : nxt.start()].strip()
        # 「4 …文化馆 / …图书馆（…少年 / 5 / 儿童图书馆）」: the next row's name wrapped around its number;
        # its first part (an open bracket) follows this row's name
        cut = _glued_at(piece)
        carried = (
            piece[cut:] if cut < len(piece) and piece[cut:].count("（") > piece[cut:].count("）") else ""
        )
        items.append(wrapped + piece[: len(piece) - len(carried)].strip())
        wrapped = carried
        pos, n = nxt.end(), n + 1
    last = wrapped + rest[pos:].strip()
    items.append(last[: _glued_at(last)].strip())
    return [i for i in items if i] if len(items) >= 2 else []


_NOTE_AT_END = re.compile(r"\s*[（(][^（）()]*[)）]\s*$")
_MIN_GLUED = 3  # names in a run, fewer reads as a sentence


def _glued_names(text: str) -> list[str]:
    """Units printed a line each under 「具体明细如下:」 and read as one paragraph (「重庆市交通委员会机关(包括…)
    重庆市公路局(包含…)重庆市道路运输管理局…」): cut where the first name's first characters recur outside
    brackets, every piece a body's name (an ending of a body, then perhaps a note in brackets).  [] when
    the text is no such run."""
    items, rest = [], text.strip()
    while rest:
        at = _glued_at(rest)
        piece = rest[:at].strip()
        name = _NOTE_AT_END.sub("", piece).strip()
        if (
            not 2 <= len(name) <= _MAX_NAME
            or (name[-1] not in ORG_SUFFIX_CHARS and not name.endswith(OWN_LEVEL_WORDS))
            or re.search(r"[，。；：:,;]", name)
        ):
            return []
        items.append(name)
        rest = rest[at:]
    return items if len(items) >= _MIN_GLUED else []


def _glued_at(last: str) -> int:
    """Where the line glued to a table's last row starts: the next place its first characters
    recur outside brackets (「…服务中心上海市普陀区…决算表」, never 「图书馆（上海市…图书馆）」)."""
    if len(last) <= 6:
        return len(last)
    at = last.find(last[:3], 3)
    while at > 0:
        head = last[:at]
        if head.count("（") + head.count("(") == head.count("）") + head.count(")"):
            return at
        at = last.find(last[:3], at + 1)
    return len(last)


def _row_quote(r: dict) -> str:
    texts = [v for v in r["texts"].values() if v and v != r["label"]]
    cells = [f"{c['column']}：{c['raw']}" for c in r["cells"]]
    return " ".join([r["label"], *texts, *cells]).strip()


def _member_group(text: str) -> tuple[str, ...]:
    if not text.strip():
        return ()
    for group in LIST_MEMBER_GROUPS:
        if any(w in text for w in group):
            return group
    return ()


def _member(norm: str) -> str:
    """The kind of item asked for, printed after 哪些/哪几 (「内设哪些机构」 → 机构, 「有哪几个功能类」 →
    功能类); empty for a bare measure word (「包括哪几项」「分为哪几类」) or a generic one (方面)."""
    m = re.search(
        r"哪(?:些|几|[两二三四五六七八九十\d]{1,2})[个项类种块家条大部]*?([\u4e00-\u9fff]{2,8})", norm
    )
    member = re.sub(r"(?:呢|吗|啊|组成|构成)+$", "", m.group(1)) if m else ""
    member = _MEASURE_WORD_LEAD.sub("", member)  # 「哪四个」: the measure word is no kind
    if not member:
        # 「服务类项目有哪些」「所属二级单位都有哪些」: the kind is named before 有/是 哪些
        m = re.search(r"([\u4e00-\u9fff]{2,12}?)(?:都|主要|具体|分别)?(?:有|是)哪", norm)
        member = re.split(r"[的里中]", m.group(1))[-1] if m else ""
    member = _MEASURE_WORD_LEAD.sub("", member)
    member = re.sub(r"^(?:分别|都|主要|具体|还)", "", member)
    if member in LIST_GENERIC_MEMBERS or len(member) < 2 or re.match(r"[是有为在]", member):
        return ""
    return member


def _unnamed(text: str, names: list[str]) -> str:
    """The text without the department's names, nor their last words as a question shortens them
    (「财政金融局…包括哪些单位」: no alias when two bodies share them)."""
    for name in names:
        text = text.replace(name, " ")
    for name in names:
        short = next((name[-k:] for k in range(len(name) - 1, 2, -1) if name[-k:] in text), "")
        text = text.replace(short, " ") if short else text
    return text


def _wanted(
    q: Query, d: DocumentInfo, aliases: dict[str, str] | None = None
) -> tuple[set[str], str, tuple[str, ...]]:
    """The bigrams of what the list is of (the department's own name, as the question writes it, and
    question words left out), the kind of item asked for, and the group of member words that name the
    same kind."""
    text = q.norm if q.subject in q.norm else f"{q.subject} {q.norm}"  # a follow-up's inherited subject
    names = [n for n in (d.department, *q.departments) if n]
    names += sorted((a for a, n in (aliases or {}).items() if n in names), key=len, reverse=True)
    text = _unnamed(text, names)
    member = _member(text)
    if member in LIST_ITEM_WORDS and _INCLUDES.search(text):
        member = ""  # 「三公经费包括哪些项目」: the items of 三公经费, not a list of 项目
    text = _QUESTION_WORDS.sub(" ", text)
    want = set()
    for part in text.split():
        want |= bigrams(part)
    want -= bigrams(d.department)  # 「普陀区财政局有哪些…」: the department's words are everywhere
    # a follow-up keeps the topic of the conversation as context (「都是哪些处室」 after 内设机构)
    topic = _unnamed(" ".join(c for _, ctx in q.alternatives for c in ctx), names)
    if not re.sub(r"[^\u4e00-\u9fff]", "", _QUESTION_WORDS.sub("", q.norm)):
        topic += " " + q.subject  # 「分别是哪些」 after 「有几个二级预算单位」: the count's subject
    # (its question words left out too: 「下属有哪些医院」 asks for 医院, 下属 is how it asks)
    return want | bigrams(_QUESTION_WORDS.sub(" ", topic)), member, _member_group(f"{member} {topic}")


def _names_kind(text: str, asked: str, group: tuple[str, ...]) -> bool:
    """The text names the kind asked, or a word of its group (a 2-character one only when it is the
    word asked: 「行政单位」 in a sentence is no list of 二级预算单位; 「本部门」 is the department itself)."""
    text = re.sub(LIST_SELF_REFERENCE, " ", text)
    if asked and asked in text or any(w in text for w in group if len(w) > 2 or w == asked):
        return True
    # 「二级单位」 printed with a word of its kind inside it (「8个二级事业单位」「二级预算单位」)
    head, tail = asked[:-2], asked[-2:]
    return len(asked) >= 4 and bool(
        re.search(rf"{re.escape(head)}[\u4e00-\u9fff]{{1,3}}?{re.escape(tail)}", text)
    )


def _own_level(item: str) -> bool:
    """「平潭综合实验区公安局(本级)」「…宣传部本级」: the department's own level, first of its units."""
    return bool(re.search(r"[（(]?(?:" + "|".join(OWN_LEVEL_WORDS) + r")[)）]?$", item.strip()))


def _a_body(item: str) -> bool:
    """「北京市大数据中心」「督查一处」「局本级」: an item that names a body (its last character)."""
    bare = re.sub(r"[（(][^）)]*[)）]$", "", item).strip()
    return bool(bare) and (bare[-1] in ORG_SUFFIX_CHARS or bare.endswith(OWN_LEVEL_WORDS))


def _score(lst: _List, want: set[str], asked: str, group: tuple[str, ...]) -> float:
    lead = lst.before + lst.lead + " " + lst.heading.split(" / ")[-1]
    overlap = len(want & bigrams(lead))
    member = _names_kind(lst.lead, asked, group) or (
        # 「编报绩效目标的项目共4个。其中：A、B、C、D」: the sentence before announces these items
        bool(lst.before)
        and _names_kind(lst.before, asked, group)
        and (
            _prints_count(lst.before, len(lst.items))
            # 「包括局本级及2个下属单位」 over a table of 本级 and two units
            or (
                bool(lst.items) and _own_level(lst.items[0]) and _prints_count(lst.before, len(lst.items) - 1)
            )
        )
    )
    if (
        not member
        and asked
        and lst.kind == "lead"
        and lst.items
        and lst.sources
        and lst.sources[0][0] == "para"
    ):
        # 「共设置绩效目标4个，分别是A、B、C、D等项目」: the kind asked printed after the last item
        member = f"{lst.items[-1]}等{asked}" in lst.sources[0][1][1]
    if not member and asked.endswith(LIST_BODY_KINDS) and lst.kind == "lead" and lst.items:
        # 「本部门包括下设综合部、工程部、征迁部」: bodies set up under the department
        member = bool(re.search(LIST_SUB_BODY_LEAD, lst.lead.strip())) and all(_a_body(i) for i in lst.items)
    if lst.items and lst.items[0].startswith("指"):
        return 0.0  # 「（十）项目支出：指在基本支出之外…」: a term's definition, no list
    if asked and not member:
        return 0.0  # 「哪些办公用品」 is not answered by a list of 政府采购 kinds
    if not member and overlap < 2:
        return 0.0
    # the words right before the marker say most what the list is of (「…债务期限包括」)
    near = re.split(r"[，,。；;：:]", lst.lead.rstrip("：:，, "))[-1]
    score = (
        overlap
        + len(want & bigrams(near))
        + (3.0 if member else 0.0)
        + (2.0 if len(asked) > 2 and asked in lst.lead else 0.0)
    )
    if group:  # units and offices asked: items that name bodies (…中心, …处), not 「…预算」
        score += 2.0 if 2 * sum(_a_body(i) for i in lst.items) >= len(lst.items) else -2.0
    if _prints_count(lst.lead, len(lst.items)):
        score += 1.0  # 「共有2个，包括：」 and two items: the whole list the lead announces
    if lst.kind == "heading":
        score -= 2.0  # a heading over numbered paragraphs says less than a lead that announces a list
    if lst.kind != "lead" and want - bigrams(asked) and not (want - bigrams(asked)) & bigrams(lead):
        return 0.0  # 「樊帆负责哪些项目」: a table or heading of 项目 that says nothing of 樊帆
    if "名词解释" in lst.heading:
        score -= 1.5  # the glossary defines a term in general; the question asks about this budget
    return score


def _number(raw: str) -> int:
    import cn2an

    raw = raw.replace("两", "二")
    return int(raw) if raw.isdigit() else int(cn2an.cn2an(raw, "smart"))


def _asked_count(norm: str) -> int:
    """「哪四个原则」「四个聚焦是哪四个」: the number of items the question names, 0 when none."""
    m = re.search(r"哪([两二三四五六七八九十\d]{1,3})[个项类种块条大]", norm) or re.search(
        r"([两二三四五六七八九十\d]{1,3})[个项类种块条大][\u4e00-\u9fff]{1,6}(?:是|有|分别|包括)?哪", norm
    )
    return _number(m.group(1)) if m else 0


def _prints_count(lead: str, n: int) -> bool:
    return any(_number(m.group(1)) == n for m in _COUNT.finditer(lead))


def printed_list(eng: Engine, q: Query, docs: list[DocumentInfo]) -> Answer | None:
    """The best list the documents print for a list question, every item cited; None when no lead
    names what is asked (the passage path answers then)."""
    if not _ASKS_ITEMS.search(q.norm) or _ASKS_MEANING.search(q.norm):
        return None  # 「三公经费是什么意思」 asks for a definition, not for the items of a breakdown
    if asks_duties(q):
        return None  # 「街道办事处主要负责哪些工作」: duties are sentences, the passage path quotes them
    found = best_list(eng, q, docs)
    if found is None:
        return None
    d, lst = found
    ans = Answer(question=q.text, kind="list", text="")
    for kind, payload in lst.sources:
        if kind == "para":
            p, quote = payload
            ans.sources.append(passage_source(d, p, quote))
        else:
            ans.sources.append(source_for(payload, d))
    n = len(lst.items)
    counts = list(_COUNT.finditer(lst.lead))
    said = counts[0] if len(counts) == 1 else None
    head = f"{lst.lead.strip()}"
    note = ""
    if said and _number(said.group(1)) != n:
        note = f"\n（文件说{said.group(0).strip()}，这里找到{n}项，列在下面。）"
    if lst.total > n:
        note += f"\n（表中共{lst.total}项，这里列出前{n}项。）"
    lines = "\n".join(f"· {item}" for item in lst.items)
    page = f"第{lst.page}页 " if lst.page else ""
    where = lst.heading.split(" / ")[-1] if lst.heading else "说明"
    ans.text = f"{head}（共{n}项）{note}\n{lines}\n来源：{doc_label(d)} · {page}{where}"
    ans.context = scope.context_of(eng, q, d)
    return ans


def best_list(eng: Engine, q: Query, docs: list[DocumentInfo]) -> tuple[DocumentInfo, _List] | None:
    """The printed list that best answers 「有哪些…」, with its document; None when no lead names it."""
    best: tuple[float, DocumentInfo, _List] | None = None
    count = _asked_count(q.norm)
    for d in docs[:3]:
        want, member, group = _wanted(q, d, eng.aliases)
        if not want and not member:
            continue
        for lst in _candidates(eng, d, member, q.norm):
            if count and len(lst.items) != count and not _prints_count(lst.lead, count):
                continue  # 「哪四个原则」 asks for the list printed with four items
            lst.score = _score(lst, want, member, group)
            if lst.score > 0 and (best is None or lst.score > best[0]):
                best = (lst.score, d, lst)
    if best is None or best[0] < 3.0:
        return None
    return best[1], best[2]


def units_counted(eng: Engine, q: Query, docs: list[DocumentInfo]) -> tuple[DocumentInfo, _List] | None:
    """「部门预算一共包括几个单位」「纳入决算的单位有几个」: the list of units the document prints (「具体
    包括：」 1.… 2.…), whose items are counted; not 「行政单位1家」, a count of one kind of them."""
    asked = re.sub(r"(?:有)?(?:几|多少)\s*(?:个|家|所)?", "哪些", q.norm, count=1)
    if not re.search(
        r"(?:几|多少)\s*(?:个|家)?\s*(?:单位|机构|处室)|(?:单位|机构|处室)[^，。？?]{0,4}(?:几|多少)", q.norm
    ):
        # 「卫计局一共有几个乡镇卫生院」: a kind of body counted by the rows of that kind in its units table
        found = best_list(eng, replace(q, norm=asked, text=asked, intent="list"), docs)
        member = _member(asked)
        if (
            found is None
            or not member
            or found[1].kind != "table"
            or not found[1].lead.endswith(f"中的{member}")
        ):
            return None
        return found
    if not re.search(r"包括|包含|纳入|列入|涵盖|组成|构成|范围", q.norm):
        return None
    found = best_list(eng, replace(q, norm=asked, text=asked, intent="list"), docs)
    if found is None or len(found[1].items) < 2:
        return None
    # the rows of a table the lead points to are its units (平潭第二中学 too); printed names must read as bodies
    rows = any(kind == "row" for kind, _ in found[1].sources)
    return found if rows or all(_a_body(i) for i in found[1].items) else None
