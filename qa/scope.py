"""Scope: which documents a question is about, and the replies when that is unclear or empty."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from index.facts import DocumentInfo
from index.vocabulary import (
    BODY_AT_START,
    COUNTED_BODIES,
    COUNTED_NUMERALS,
    GENERIC_TOTAL_SUBJECTS,
    OWN_BODY_AFTER_NAME,
    OWN_UNIT_WORDS,
    PREVIOUS_YEAR_PRINTED,
    PREVIOUS_YEAR_SPOKEN,
    SELF_REFERENCE,
    STAFF_TABLE_HEAD,
    UNIT_UNDER_WORDS,
)
from qa import catalogue, report_facts
from qa.answer import Answer
from qa.compose import doc_label
from qa.understand import Query, core, subject_variants

if TYPE_CHECKING:
    from qa.engine import Engine

log = logging.getLogger(__name__)


def resolve_scope(eng: Engine, q: Query, filters: dict) -> tuple[list[DocumentInfo], Answer | None]:
    """The documents a question is about: the caller's filters, then the department and year it names.

    A question naming a department and a year is scoped to that document, never asked back; a
    question naming neither keeps every document (the figure kind lists one labelled answer each,
    or asks back when there are too many).
    """
    docs = list(eng.docs.values())
    if not docs:
        return [], Answer(
            q.text, "not_found", "库里还没有任何文件。请先导入预算公开文件（budgetqa ingest 文件）。"
        )
    if filters.get("file"):
        docs = [d for d in docs if d.file == filters["file"]]
    if filters.get("doc_id"):
        wanted = filters["doc_id"]
        wanted = set(wanted) if isinstance(wanted, list | tuple | set) else {wanted}
        docs = [d for d in docs if d.doc_id in wanted]
    if filters.get("department"):
        docs = eng.catalogue.of_departments([filters["department"]], docs)
    if filters.get("year"):
        docs = [d for d in docs if d.year == int(filters["year"])]
    if not docs:
        return [], Answer(q.text, "not_found", "当前筛选条件下没有文件。")
    if not q.departments:
        counted_bodies(eng, q, docs)
    if not q.departments and not q.unknown_org and (absent := _absent_body_at_start(eng, q, docs)):
        return [], not_found(eng, q, docs, f"这些文件中没有「{absent}」的预算")
    if q.departments:
        # unfiltered: the catalogue's index of departments, not a pass over every document
        named = eng.catalogue.of_departments(
            q.departments, None if len(docs) == len(eng.catalogue.docs) else docs
        )
        if q.unknown_org:
            # 「仓山生态环境局和盐田管理局」: a second body written in a form no alias holds
            more = catalogue.resolve_org(eng, q.unknown_org, docs, printed=False) or []
            extra = [d for d in more if d not in named]
            if q.year and len({eng.catalogue.key_of(d) for d in extra}) > 1:
                # 「2016年公安局和财政金融局」: of two bodies of that name, the one with a document of the year
                extra = [d for d in extra if d.year == q.year] or extra
            if more == [] and named:
                # 「湖州市市级财政国库支付中心的三公经费」: a unit the department's documents print
                as_body(q, q.unknown_org)
            elif extra and len({eng.catalogue.key_of(d) for d in extra}) == 1:
                named += extra
                q.departments = [*q.departments, eng.catalogue.key_of(extra[0])]
                q.subject = _without(q.subject, q.unknown_org)
                q.subjects = [_without(s, q.unknown_org) for s in q.subjects]
                q.alternatives = [(_without(s, q.unknown_org), c) for s, c in q.alternatives]
        if not named and q.inherited_department:
            # the caller's filter (the app's department selector) wins over the conversation's department
            q.departments, q.year = [], None if q.year and not any(d.year == q.year for d in docs) else q.year
        elif not named and _place_of(eng, q, docs):
            q.departments = []  # 「2016年平潭公共财政总收入」 asked of a document of 平潭: the place, not a body
        elif not named:
            return [], not_found(eng, q, docs, f"所选文件不是关于{q.departments[0]}的")
        else:
            docs = named
    elif q.unknown_org:
        resolved = catalogue.resolve_org(eng, q.unknown_org, docs)
        found = _unit_after_its_department(eng, q.unknown_org, docs) if resolved is None else None
        if found is not None:
            # 「东庠乡农业服务中心在职多少人」: the township's own unit, the row its document prints
            docs, unit = found
            q.departments = [eng.catalogue.key_of(docs[0])]
            as_body(q, unit, always=True)
        elif resolved is None:
            return [], not_found(eng, q, docs, f"这些文件中没有「{q.unknown_org}」的预算")
        if resolved == [] and (printed := catalogue.placed_row(eng, q.unknown_org, docs)):
            # 「平潭发展研究中心」: the row 「平潭综合实验区发展研究中心」, the rest of the question its column
            as_body(q, printed, _without(q.subject, q.unknown_org), always=True)
        elif resolved == []:
            as_body(q, q.unknown_org)  # a unit the documents print (a row, a 下属单位), not a department
        if resolved:
            docs = resolved
            q.departments = [k for k in dict.fromkeys(eng.catalogue.key_of(d) for d in resolved) if k]
            q.subject = _without(q.subject, q.unknown_org)
            q.subjects = [_without(s, q.unknown_org) for s in q.subjects]
            q.alternatives = [(_without(s, q.unknown_org), c) for s, c in q.alternatives]
            key = eng.catalogue.key_of(resolved[0])
            if key and q.unknown_org[-1] != key[-1] and q.subject:
                # 「湖州市市级财政国库支付中心的三公经费」: a unit under the department (its name ends
                # otherwise than the department's), asked by name: its row, that column
                as_body(q, q.unknown_org, q.subject, always=True)
    if q.years:
        # a combined report (2025年执行 + 2026年草案) holds both years: either year keeps it
        named = [d for d in docs if d.year in q.years or set(q.years) & set(report_facts.document_years(d))]
        if not named:
            years = "、".join(sorted({str(d.year) for d in docs if d.year}))
            asked = "、".join(str(y) for y in q.years)
            return [], not_found(eng, q, docs, f"这些文件中没有{asked}年的数据（现有：{years}年）")
        docs = named
    elif q.year:
        same = [d for d in docs if d.year == q.year] or [
            d for d in docs if q.year in report_facts.document_years(d)
        ]
        if same and q.as_of and len(q.departments) > 1:
            same += _stock_of_others(eng, q, docs, same)
        if same:
            docs = same
        else:
            following = [d for d in docs if d.year == q.year + 1]
            if following and q.as_of:
                docs = following  # 「截至2025年底」: the stock a 2026 budget prints
            elif following and q.intent == "figure" and q.measure in {"amount", "previous"}:
                q.measure = "previous"
                docs = following
            elif q.intent == "passage" and (told := _telling_year(eng, q.year, docs)):
                docs = (
                    told  # 「怎么应对2020-2021年的偿债高峰」: a report's plan for a later year, in its text
                )
            else:
                years = "、".join(sorted({str(d.year) for d in docs if d.year}))
                return [], not_found(eng, q, docs, f"这些文件中没有{q.year}年的数据（现有：{years}年）")
    spoken_last_year(q, docs)
    own_unit(eng, q, docs)
    department_row(eng, q, docs)
    return docs, None


def _absent_body_at_start(eng: Engine, q: Query, docs: list[DocumentInfo]) -> str:
    """The body a question opens with (「敖东镇2016年…」「县政协…」) when no document in scope is about it
    and none prints its name, else "": no other body's figure answers for it."""
    m = re.match(BODY_AT_START, q.norm.strip())
    if not m:
        return ""
    name = m.group(0)
    return name if catalogue.resolve_org(eng, name, docs) is None else ""


def _telling_year(eng: Engine, year: int, docs: list[DocumentInfo]) -> list[DocumentInfo]:
    """The documents (of a few) whose text speaks of ``year`` (a plan, a coming peak), for a text question."""
    if len(docs) > 20:
        return []
    mark = re.compile(rf"(?<!\d){year}(?:\s*[-—至到]\s*\d{{4}})?\s*年")
    return [
        d for d in docs if any(mark.search(p.get("text", "")) for p in eng.store.facts.paragraphs(d.doc_id))
    ]


def _stock_of_others(
    eng: Engine, q: Query, docs: list[DocumentInfo], same: list[DocumentInfo]
) -> list[DocumentInfo]:
    """「A和B截至2017年底一共有多少辆车」: a named body without a document of 2017 whose budget of 2018
    prints that stock (截至2017年底) answers for itself."""
    have = {eng.catalogue.key_of(d) for d in same}
    return [d for d in docs if d.year == (q.year or 0) + 1 and eng.catalogue.key_of(d) not in have]


def counted_bodies(eng: Engine, q: Query, docs: list[DocumentInfo]) -> None:
    """「两个乡一共有多少辆公务车」: the bodies counted by the ending of their names are those of the
    store whose name (without its government) ends so — only when the store holds exactly that many,
    else the question stays as it is (never a guess which three of five)."""
    m = re.search(COUNTED_BODIES, q.norm)
    if not m or (
        q.unknown_org
        and not re.fullmatch(m.group(2) + r"[里中的]?哪(?:个|家|一个)?" + m.group(2), q.unknown_org)
    ):
        return  # 「三个局里哪个局」 is the counted bodies asked which, not a body's name
    n = int(m.group(1)) if m.group(1).isdigit() else COUNTED_NUMERALS[m.group(1)]
    endings = ("乡", "镇") if m.group(2) == "乡镇" else (m.group(2),)
    keys = {}
    for d in docs:
        key = eng.catalogue.key_of(d)
        bare = re.sub(r"人民政府$", "", key)
        if key and bare.endswith(endings) and not report_facts.is_government_report(d):
            keys.setdefault(key, d.department)
    if len(keys) != n:
        return
    q.departments = list(keys.values())
    if q.unknown_org:
        q.subject, q.unknown_org = q.subject.replace(q.unknown_org, ""), ""
    q.subject = re.sub(r"^(?:的|里|中)?", "", q.subject.replace(m.group(0), "").replace(m.group(2), "", 1))
    q.subjects = subject_variants(q.subject)


def spoken_last_year(q: Query, docs: list[DocumentInfo]) -> None:
    """「石泉路街道去年机关运行经费是多少」 over final accounts: the speaker's 去年 is the year the
    accounts report (they are published the year after), not their 上年 column.  Only when every
    document in scope is a final account of one year and the question does not compare (比去年)."""
    if q.relative_year != "previous" or q.year or not docs:
        return
    if not re.search(PREVIOUS_YEAR_SPOKEN, q.norm) or re.search(PREVIOUS_YEAR_PRINTED, q.norm):
        return
    if re.search(r"(?:比|较|与|跟|同)" + PREVIOUS_YEAR_SPOKEN, q.norm):
        return
    years = {d.year for d in docs}
    if len(years) != 1 or not all("决算" in (d.kind or "") for d in docs):
        return
    q.relative_year = ""
    q.year = years.pop()
    if q.measure == "previous":
        q.measure = "amount"


def own_unit(eng: Engine, q: Query, docs: list[DocumentInfo]) -> None:
    """「局本级的接待费」 of a department whose tables print one row per unit: the department's own
    row (湖州市财政局, 长春市信访局（本级）), not the 合计 of all its units.  A government report's
    市本级 is a scope of its own (``report_facts``)."""
    m = re.search(OWN_UNIT_WORDS, q.norm)
    if not m or q.body or not docs or not one_department(eng, docs):
        return
    if any(report_facts.is_government_report(d) for d in docs) or not docs[0].department:
        return
    # 「市局本级内设机构」: the self-reference and 本级 say whose, the rest says what
    rest = re.sub(rf"^(?:{SELF_REFERENCE})?", "", q.subject).replace(m.group(0), "")
    rest = re.sub(r"^(?:的|本级|机关)+", "", rest.strip())
    if len(core(rest) or rest) < 2:
        return
    as_body(q, _own_row(eng, docs[0], eng.catalogue.key_of(docs[0])), rest, always=True)


def _unit_after_its_department(
    eng: Engine, org: str, docs: list[DocumentInfo]
) -> tuple[list[DocumentInfo], str] | None:
    """A department's name (or alias) run into a unit its documents print (「东庠乡农业服务中心」 is
    东庠乡's 农业服务中心): that department's documents and the unit; None when no name begins ``org``."""
    for alias in sorted((a for a in eng.aliases if org.startswith(a)), key=len, reverse=True):
        unit = org[len(alias) :]
        named = eng.catalogue.of_departments([eng.aliases[alias]], docs)
        if any(alias in (d.region or "") for d in named):
            continue  # 「郑州市财政局」「江苏省人民检察院」: the place of a department, then another body
        if len(unit) >= 2 and named and catalogue.resolve_org(eng, unit, named) == []:
            return named, unit
    return None


_OWN_SELF = re.compile(r"[（(]?(?:机关本身|机关本级|本级|机关)[)）]?$")


def department_row(eng: Engine, q: Query, docs: list[DocumentInfo]) -> None:
    """「县政协在职人数」「苏澳镇人民政府（机关本身）在职人数」: a staff count asked of the department itself, of
    a 单位构成 table whose row names the department (平潭县政协, 苏澳镇人民政府): that row.  A table of one
    row (the only unit in the 决算编制范围) is the department's own row whatever name it prints
    (「平潭道路交通安全综合整治工作领导小组」 for the 领导小组办公室)."""
    if q.body or len(docs) != 1 or not q.departments or q.measure != "count":
        return
    # 「在职人员」「在职人数」「在职人员数」: the staff word
    rest = _OWN_SELF.sub("", re.sub(r"(?:人数|人员数?|数)$", "", core(q.subject)))
    rest = _OWN_SELF.sub("", re.sub(r"^[（(]?(?:机关本身|机关本级|本级)[)）]?", "", rest))
    # 「在职」 of 在职人数, 「编制」 of 人员编制数
    if not rest or not any(h.startswith(rest) or h.startswith("人员" + rest) for h in STAFF_TABLE_HEAD[2:]):
        return
    index = eng.indexes.get(docs[0].doc_id)
    if index is None:
        return
    forms = catalogue.name_forms(docs[0].department, docs[0].region)
    staff = [f for f in index.facts if f.column in STAFF_TABLE_HEAD and f.origin == "table" and f.row_label]
    rows = {f.row_label for f in staff if _names_own(f, forms)} or {f.row_label for f in staff}
    if len(rows) == 1:
        as_body(q, rows.pop(), rest, always=True)


def _names_own(f, forms: set[str]) -> bool:
    """Does this table fact's row name the department itself?  (「平潭综合实验区党工委管委会台湾工作部本级」:
    the department's name with more of its bodies before it, and 本级 after)"""
    if f.origin != "table" or not f.row_label:
        return False
    row = core(f.row_label)
    return row in forms or any(_OWN_SELF.sub("", row).endswith(x) for x in forms if len(x) >= 4)


def _own_row(eng: Engine, doc: DocumentInfo, key: str) -> str:
    """The row a department's tables print for itself when it is not its key (one such row), else ``key``."""
    index = eng.indexes.get(doc.doc_id)
    if index is None:
        return key
    forms = catalogue.name_forms(doc.department, doc.region)
    rows = {f.row_label for f in index.facts if _names_own(f, forms)}
    if not rows or any(core(r) == core(key) for r in rows):
        return key
    return rows.pop() if len(rows) == 1 else key


def as_body(q: Query, body: str, rest: str | None = None, always: bool = False) -> None:
    """A unit under a department asked by name (「国库支付中心的三公经费」): the unit's row, the
    column the rest of the question names.  A rest that names only the whole (预算, 支出) stays a
    plain subject: the unit's row itself answers."""
    q.body = body
    rest = _without(q.subject, body) if rest is None else rest
    if not rest or (not always and core(rest) in GENERIC_TOTAL_SUBJECTS):
        return
    q.subject = body + rest
    q.subjects = subject_variants(q.subject)
    q.alternatives = [(q.subject, []), (rest, [body])]
    if len(rest) >= 2 and rest not in q.columns:
        q.columns = [*q.columns, rest]


def _without(subject: str, org: str) -> str:
    """The subject without the body's name (「信访局的物业管理费」 → 物业管理费; 「和财政金融局三公经费」 → 三公经费)."""
    subject = re.sub(re.escape(org) + OWN_BODY_AFTER_NAME, "", subject)
    # 「下属的某中心」: the unit's name alone
    subject = re.sub(UNIT_UNDER_WORDS + re.escape(org), org, subject)
    return re.sub(r"^(?:[和与及跟同、]\s*)?的?", "", subject.replace(org, ""))


def one_department(eng: Engine, docs: list[DocumentInfo]) -> bool:
    """Are these documents all of one department (several years of it)?"""
    return len({eng.catalogue.key_of(d) for d in docs}) == 1


def not_found(eng: Engine, q: Query, docs: list[DocumentInfo], reason: str) -> Answer:
    names = "；".join(doc_label(d) for d in docs[:5])
    return Answer(
        question=q.text,
        kind="not_found",
        text=f"{reason}。已查文件：{names}。",
        context=not_found_context(eng, q, docs),
    )


def not_found_context(eng: Engine, q: Query, docs: list[DocumentInfo]) -> dict:
    """What a follow-up after "not found" still needs: the subject, and the department (and year)
    when the question was about one, so the conversation does not lose who it is about."""
    ctx: dict = {"subject": q.subject, "measure": q.measure}
    keys = {eng.catalogue.key_of(d) for d in docs}
    if len(keys) == 1 and docs and docs[0].department:
        ctx["departments"] = [docs[0].department]
        years = {d.year for d in docs}
        ctx["year"] = q.year or (docs[0].year if len(years) == 1 else None)
    elif q.departments:
        ctx["departments"] = list(q.departments)
    return ctx


def context_of(eng: Engine, q: Query, d: DocumentInfo | None, docs: list[DocumentInfo] | None = None) -> dict:
    from qa.report_facts import document_years

    ids = [d.doc_id] if d else [x.doc_id for x in docs or []]
    year = d.year if d else q.year
    if d and q.year and q.year in document_years(d):
        year = q.year  # a two-year report asked about its draft year: follow-ups stay in that year
    return {
        "subject": q.subject,
        "measure": q.measure,
        "columns": q.columns,
        "codes": q.codes,
        "departments": [d.department] if d else q.departments,
        "year": year,
        "doc_ids": ids,
        "body": q.body,
        **({"topic": q.topic} if q.topic else {}),
        **({"part_of": q.part_of} if q.part_of else {}),
        **({"share_of": q.share_of} if q.share_of else {}),
    }


def clarify(eng: Engine, q: Query, docs: list[DocumentInfo]) -> Answer:
    options = [
        f"{d.department} {d.year}年{d.kind}" if d.year else f"{d.department} {d.kind}（{d.file}）"
        for d in docs
    ]
    return Answer(
        question=q.text,
        kind="clarify",
        text="这个问题对应多个文件，请问您问的是哪一个？\n" + "\n".join(f"· {o}" for o in options),
        options=options,
        context={
            "subject": q.subject,
            "measure": q.measure,
            "option_filters": [{"doc_id": d.doc_id} for d in docs],
        },
    )


def _place_of(eng: Engine, q: Query, docs: list[DocumentInfo]) -> bool:
    """Does the question name the department only by a place that every document in scope is of?"""
    cat = eng.catalogue
    places = [p for p in cat.place_aliases if p in q.text and cat.aliases.get(p) in q.departments]
    return (
        bool(places)
        and len(q.departments) == 1
        and all(any(p in (d.region or "") or p in (d.department or "") for p in places) for d in docs)
    )
