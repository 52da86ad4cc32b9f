"""Keyword passages: the answer path for text questions when the retrieval index is off.

A store built with BUDGETQA_RETRIEVAL=0 (exact figures only) still answers
什么是三公经费 from the printed sentences, by character-bigram overlap; the hybrid
retriever (index.hybrid) is the better path and is used whenever it is available.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.facts import DocumentInfo
from index.vocabulary import (
    DOWN_WORDS,
    DUTY_NOT_OF_BODY,
    DUTY_QUESTION,
    DUTY_SECTION,
    EXPLAINS_BEFORE,
    ITEM_NAMED,
    LIST_ITEM_START,
    MONTH_CUE,
    MONTH_QUESTION,
    ORG_NAME_ENDINGS,
    PLACE_CUE,
    PLACE_QUESTION,
    REASON_CUE,
    ROLE_NAMED_AFTER,
    SANGONG_PARTS,
    UP_WORDS,
    WHEN_CUE,
    WHEN_DATE,
    WHEN_QUESTION,
    WHEN_VERB_AFTER_DATE,
    WHEN_VERB_BEFORE_DATE,
    WHEN_VERB_QUESTION,
    WHOLE_REASON_HEAD,
    WHOLE_WHY_WORDS,
)
from qa.answer import Answer
from qa.compose import doc_label, passage_source
from qa.printed_text import table_prose
from qa.understand import Query

if TYPE_CHECKING:
    from qa.engine import Engine

_SENTENCE_END = re.compile(r"(?<=[。；！？])")
_STOP = set("的是了吗呢啊什么为怎么多少哪些有和与及在这那个一")
_ITEM_IN_PARAGRAPH = re.compile(LIST_ITEM_START)
_MAX_ITEMS = 12
_GAP = 3  # sentences of explanation allowed between two items
_ASKS_ITEMS = re.compile(r"哪[些几两二三四五六七八九十\d]|有什么|分别")


def bigrams(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff" and c not in _STOP]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def _direction(text: str) -> str:
    """ "up" / "down" / "" for the way a text says a figure moved (「为什么比上年多了」 → up)."""
    up, down = bool(re.search(UP_WORDS, text)), bool(re.search(DOWN_WORDS, text))
    return "up" if up and not down else "down" if down and not up else ""


def _why_bonus(sentence: str, way: str) -> int:
    """A why-question is answered by a sentence that gives a reason for a change the way it was asked."""
    if not re.search(REASON_CUE, sentence):
        return 0
    said = {w for w, pat in (("up", UP_WORDS), ("down", DOWN_WORDS)) if re.search(pat, sentence)}
    if way and said and way not in said:
        return 1
    if way and not said and re.search(r"持平|不变|无变化|没有变化", sentence):
        return 1  # 「比2023年预算持平」 gives no reason for a rise
    return 3


_NAMED = re.compile(r"“([^”]{1,12})”|[（(](\d{3,7})[)）]")


def _names_other(sentence: str, question: str) -> int:
    """1 when the sentence is about an item the question does not name (a quoted term, a code):
    「为什么预算增加」 is not answered by why “三公”经费 or 资本性支出（310） rose."""
    named = [a or b for a, b in _NAMED.findall(sentence)]
    return int(any(n not in question for n in named))


_CLAUSE_END = re.compile(r"[，。；,;]")
_NAMED_BONUS = 6  # the sentence printing the very thing asked (the body in a role, the verb with its date)


def _clause(sentence: str, m: re.Match[str]) -> str:
    """The clause of ``sentence`` around the match ``m`` (between the punctuation before and after it)."""
    start = max((x.end() for x in _CLAUSE_END.finditer(sentence, 0, m.start())), default=0)
    end = _CLAUSE_END.search(sentence, m.end())
    return sentence[start : end.end() if end else len(sentence)].strip()


def named_answer(q: Query) -> re.Pattern[str] | None:
    """What a sentence prints when it answers a role or when-question outright: the role with the body's name
    after it (「施工单位为福建榕源建设工程有限公司」), the verb asked with its date (「成立于2016年6月」
    「2016年6月正式组建」)."""
    if q.asked_noun and len(q.asked_noun) >= 3:
        return re.compile(re.escape(q.asked_noun) + ROLE_NAMED_AFTER + ORG_NAME_ENDINGS)
    m = re.search(WHEN_VERB_QUESTION, q.norm)
    if m is None:
        return None
    verb = re.escape(m["verb"])
    return re.compile(f"{verb}{WHEN_VERB_BEFORE_DATE}{WHEN_DATE}|{WHEN_DATE}\\s*{WHEN_VERB_AFTER_DATE}{verb}")


def asks_whole(q: Query) -> bool:
    """「预算为什么比去年多」: a why-question about the whole budget (its subject, without the department,
    is only words of the whole), not about an item."""
    said = q.norm + (q.subject or "")  # 「为什么」 after 「预算比去年多多少」: the subject carried over
    return bool(q.wants_why and re.search(r"预算|决算|支出|收入|收支", said)) and not re.sub(
        WHOLE_WHY_WORDS, "", q.subject or ""
    )


def _whole_bonus(shown: str, opening: str) -> int:
    """For a why about the whole: +3 for the reason given for the whole, -2 for an item's reason."""
    if re.search(WHOLE_REASON_HEAD, opening) or re.search(WHOLE_REASON_HEAD, shown):
        return 3
    named = re.search(ITEM_NAMED, opening) or re.search(ITEM_NAMED, shown)
    return -2 if named or any(part in shown for part in SANGONG_PARTS) else 0


_LIST_INTRO = re.compile(r"即|包括|包含|分别|如下|[：:]")
_ITEM = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}\s*[、.．])"
)


def _whole_list(sentence: str, paragraph: str, after: list[dict], most: int = 40) -> str:
    """A list question's sentence with the items it introduces: the ；-pieces that follow it inside its
    sentence (「即：A；B；C。」), or the numbered paragraphs after a sentence ending in ：(「包括：」 1.A 2.B)."""
    if sentence.endswith(("；", ";")) and _LIST_INTRO.search(sentence):
        at = paragraph.find(sentence)
        if at >= 0:
            end = paragraph.find("。", at)
            return paragraph[at : end + 1 if end >= 0 else len(paragraph)].strip()
    if sentence.rstrip().endswith(("：", ":")):
        items = []
        for p in after[:most]:
            if not _ITEM.match(p["text"]):
                break
            items.append(p["text"].strip())
        if items:
            return "\n".join([sentence, *items])
    return sentence


_MIN_ROW_TEXT = 12  # characters of words a table row must print to be read as a passage


def _row_texts(engine: Engine, d: DocumentInfo) -> list[dict]:
    """Words printed in table rows (a 绩效目标表's 整体绩效目标, a project's 绩效目标), as passages:
    a budget made only of tables says what its money is for there, not in a narrative."""
    out = []
    for t in engine.store.facts.tables(d.doc_id):
        for r in t["rows"]:
            words = "；".join(v.strip() for v in r["texts"].values() if v and v.strip())
            if not r["label"].strip() or len(re.findall(r"[\u4e00-\u9fff]", words)) < _MIN_ROW_TEXT:
                continue
            text = f"{r['label']}：{words}"
            out.append(
                {
                    "text": text,
                    "page": r.get("page") or t["page"],
                    "heading": t["display_title"],
                    "table": t["display_title"],
                    "row": r["label"],
                }
            )
    return out


_DUTY_REACH = 16  # paragraphs after a 「主要职能包括：」 lead-in that are still its items


def duty_paragraphs(paras: list[dict]) -> set[int]:
    """The paragraphs of a document's section of duties: under a heading naming them (一、主要职能),
    or from the sentence that introduces them (「…主要职能包括：」) to the next heading."""
    out: set[int] = set()
    for i, p in enumerate(paras):
        text = _CONTENTS_LINE.sub("", p["text"])  # 「一、部门主要职能 ………」 is the contents, not the section
        if not text.strip():
            continue
        if re.search(DUTY_SECTION, p.get("heading") or ""):
            out.add(i)
        elif re.search(DUTY_SECTION, text):
            out.add(i)
            for k in range(i + 1, min(len(paras), i + 1 + _DUTY_REACH)):
                if (paras[k].get("heading") or "") != (p.get("heading") or ""):
                    break
                out.add(k)
    return out


_BROKEN_LINE = re.compile(r"[，。；,;][^，。；,;]+$")
_ITEM_MARK = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．])"
)
_CONTENTS_LINE = re.compile(r"^.*?[…．.·]{4,}\s*\d*")  # a table-of-contents line glued before the text


def joined_text(paras: list[dict], i: int) -> str:
    """A paragraph with the start of its sentence that was read as its heading (a line broken in
    mid-sentence: 「（三）负责本区污染物减排目标的落实。落实本市下达的主要污」 over 「染物排放…」); only the
    first paragraph under that heading continues it."""
    p = paras[i]
    heading = p.get("heading") or ""
    last = heading.split(" / ")[-1]
    first = i == 0 or paras[i - 1].get("heading") != heading
    broken = _BROKEN_LINE.search(last) or (
        len(last) >= 24 and _ITEM_MARK.match(last) and not _ITEM_MARK.match(p["text"])
    )
    return last + p["text"] if first and broken else p["text"]


def asks_duties(q: Query) -> bool:
    """「建管委是管什么的」「主要职责有哪些」: what the body does (not why, not how much)."""
    if not re.search(DUTY_QUESTION, q.norm) or q.wants_why or re.search(r"多少|几", q.norm):
        return False
    # 「财政委托业务支出主要用来干什么」「樊帆负责哪些项目」: money's use, a person's projects
    return bool(re.search(r"职能|职责", q.norm)) or not re.search(DUTY_NOT_OF_BODY, q.norm)


def duty_passage(engine: Engine, q: Query, docs: list[DocumentInfo]) -> Answer | None:
    """「建管委是管什么的」「在污染物减排方面负责什么」: the department's section of duties, quoted from
    its start (the sentence saying what the body is) through its items, the item that shares most
    words with the question first.  None when no document prints such a section."""
    wanted = bigrams(q.subject or "") - bigrams("".join(d.department for d in docs))
    for d in docs:
        paras = engine.store.facts.paragraphs(d.doc_id)
        section = sorted(duty_paragraphs(paras))
        if not section:
            continue
        texts = [_CONTENTS_LINE.sub("", joined_text(paras, i)) for i in section]
        best = max(range(len(texts)), key=lambda k: len(wanted & bigrams(texts[k]))) if wanted else 0
        order = [best, *(k for k in range(len(texts)) if k != best)][:_MAX_ITEMS]
        ans = Answer(question=q.text, kind="passage", text="")
        lines = []
        for k in order:
            lines.append(texts[k].strip())
            ans.sources.append(passage_source(d, paras[section[k]], texts[k].strip()))
        where = paras[section[0]]["heading"] or "说明"
        ans.text = "\n".join(lines) + f"\n来源：{doc_label(d)} · {where.split(' / ')[-1]}"
        ans.context = {"subject": q.subject, "doc_ids": [d.doc_id], "departments": [d.department]}
        return ans
    return None


def keyword_passage(engine: Engine, q: Query, docs: list[DocumentInfo], max_sentences: int = 3) -> Answer:
    # the words naming the department (「征安办的工作人员…」) say whose text it is, not which sentence
    naming = bigrams("".join(q.named_as)) - bigrams(q.subject or "")
    wanted = bigrams(q.subject or q.norm) | (bigrams(q.norm) - naming)
    wanted -= bigrams(q.asked_category)  # 「去哪个国家」: 国家赔偿 is no answer
    for official in q.subjects[1:]:  # 「买车的钱」 is printed 公务用车购置费
        wanted |= bigrams(official)
    whole = asks_whole(q)
    # 「三公经费为什么增加」: the reason is given for the part that changed (公务用车购置及运行费…)
    parts_of = SANGONG_PARTS if q.wants_why and "三公" in q.norm else ()
    if q.intent == "define":
        wanted |= {"是指", "指由"}
    if q.wants_why:
        wanted |= {"原因", "主要"}
    asks_place = bool(re.search(PLACE_QUESTION, q.norm))  # 「建在哪里」: the sentence saying 位于…
    asks_month = bool(re.search(MONTH_QUESTION, q.norm))  # 「从几月开始」: the sentence printing a month
    asks_when = bool(re.search(WHEN_QUESTION, q.norm))  # 「什么时候组建的」: a sentence printing a date
    items = q.intent == "list" or bool(_ASKS_ITEMS.search(q.text))
    answered_by = named_answer(q)
    scored = []
    way = _direction(q.norm) if q.wants_why else ""
    subject = (
        bigrams(q.subject or "") - bigrams("".join(d.department for d in docs)) if q.wants_why else set()
    )
    if asks_duties(q):
        answer = duty_passage(engine, q, docs)
        if answer is not None:
            return answer
    for d in docs:
        paras = engine.store.facts.paragraphs(d.doc_id)
        for i, p in enumerate(paras):
            sents = [x.strip() for x in _SENTENCE_END.split(p["text"]) if len(x.strip()) >= 6]
            # 「X为什么比年初预算少」: the reason sentence of a final account's item names no item; the
            # paragraph's first sentence (「…其他城乡社区住宅支出（项）241.02万元」) does
            opening = _SENTENCE_END.split(joined_text(paras, i))[0]
            item = len(subject & bigrams(opening)) if subject else 0
            before = ""
            for j, sent in enumerate(sents):
                # 「…增长3.08%。主要是人员经费的正常增长」: a reason sentence is read with the one it explains
                shown = before + sent if q.wants_why and before and re.match(EXPLAINS_BEFORE, sent) else sent
                before = sent
                if q.asked_noun and q.asked_noun not in shown:
                    continue  # 「哪个码头」: a sentence that names no 码头 does not answer it
                overlap = len(wanted & bigrams(shown))
                if overlap and q.wants_why:
                    overlap += _why_bonus(shown, way) - _names_other(shown, q.norm)
                    if re.search(REASON_CUE, shown):
                        overlap += item + (_whole_bonus(shown, opening) if whole else 0)
                        overlap += 3 if any(part in shown for part in parts_of) else 0
                if overlap and asks_place and re.search(PLACE_CUE, shown):
                    overlap += 3
                if overlap and asks_month and re.search(MONTH_CUE, shown):
                    overlap += 3
                elif overlap and asks_when and re.search(WHEN_CUE, shown):
                    overlap += 2
                named = answered_by.search(shown) if overlap and answered_by else None
                if named:  # 「施工单位为…有限公司」「成立于2016年6月」: its clause answers
                    overlap += _NAMED_BONUS
                    shown = _clause(shown, named)
                if overlap:
                    text = _with_items(sents, j) if items else shown
                    if q.wants_why:  # 「主要原因同上」: the reason it points to, printed above
                        from qa.reasons import with_reason_above

                        text = with_reason_above(text, paras, i, p["text"][: p["text"].find(sent)])
                    scored.append((overlap / (1 + len(shown) / 400), d, p, text, paras, i))
        # table notes and remark cells (government books explain their figures there), and words in rows
        extra = [
            {"text": item.text, "page": item.page, "heading": item.section}
            for item in table_prose(engine.store.facts.tables(d.doc_id))
        ]
        for p in extra + _row_texts(engine, d):
            if q.asked_noun and q.asked_noun not in p["text"]:
                continue
            # a table row may name the department it is about (「机动经费（北京市审计局）」): there the name
            # does pick the row, unlike in the department's own sentences
            overlap = len((wanted | naming) & bigrams(p["text"]))
            if overlap:
                scored.append((overlap / (1 + len(p["text"]) / 400), d, p, p["text"], [], 0))
    if not scored:
        what = q.subject or q.norm
        names = "；".join(doc_label(d) for d in docs[:5])
        from qa.scope import not_found_context  # a follow-up after it still knows whose documents were read

        text = f"这些文件中没有找到与「{what}」有关的内容。已查文件：{names}。"
        return Answer(q.text, "not_found", text, context=not_found_context(engine, q, docs))
    scored.sort(key=lambda x: -x[0])
    top = scored[:max_sentences]
    if answered_by and answered_by.search(
        top[0][3]
    ):  # 「成立于2016年6月」 answers; 「新成立」 beside it does not
        top = [t for t in top if answered_by.search(t[3])]
    ans = Answer(question=q.text, kind="list" if q.intent == "list" else "passage", text="")
    lines = []
    for n, (_, d, p, sent, paras, i) in enumerate(top):
        if q.intent == "list" and n == 0:
            sent = _whole_list(sent, p["text"], paras[i + 1 :])
        lines.append(sent)
        ans.sources.append(passage_source(d, p, sent))
    ans.text = "\n".join(lines) + f"\n来源：{doc_label(top[0][1])} · {top[0][2]['heading'] or '说明'}"
    d = top[0][1]  # a follow-up (「总投资多少」) asks on in the document quoted, of its year
    ans.context = {"subject": q.subject, "doc_ids": [d.doc_id], "departments": [d.department], "year": d.year}
    return ans


def _with_items(block: list[str], i: int) -> str:
    """A list question's sentence with the items that follow it in its paragraph (「四个原则：一是…；」
    「二是…；」…); an item's own explanation between items (「一是聚焦资源统筹…。既要…。二是…」) is
    left out, and a run of sentences that are no items ends the list."""
    parts = [block[i]]
    others = 0
    for sent in block[i + 1 :]:
        if len(parts) > _MAX_ITEMS or others > _GAP:
            break
        if _ITEM_IN_PARAGRAPH.match(sent):
            parts.append(sent)
            others = 0
        else:
            others += 1
    return "".join(parts)
