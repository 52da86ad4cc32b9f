"""Exact figures: every numeric table cell and every figure printed in a sentence.

``make_facts`` turns a parsed ``Document`` into ``Fact`` records; ``FactStore``
keeps them in SQLite beside the documents, tables (rows as JSON, for showing a
table) and paragraphs.  Money is normalised to 元 as a ``Decimal`` string;
counts and percentages keep their own unit.  SQLite because exact figures want
exact lookups, one file, transactions (a document is fully in or fully out).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from index.model import Cell, Document, Row, Table
from index.numbers import MONEY_UNITS, decimals_of, normalize_text, precision_yuan, to_yuan
from index.sql_dialect import (
    PG_BUMP_GENERATION,
    POSTGRES_QUERIES,
    SQLITE_QUERIES,
    PgConnection,
    PgTransaction,
    advisory_key,
    database_url,
    is_postgres_url,
    pg_schema,
    redact,
)
from index.vocabulary import (
    INCOME_TOTAL_SUBJECTS,
    ITEM_USE_SENTENCE,
    OWN_BODY_LEVEL_LEAD,
    OWN_BODY_WHOLE_END,
    OWN_BODY_WORDS,
    PROJECT_SECTION_TITLE,
    PROJECT_SELF,
    PROJECT_YEAR_BUDGET,
    RUN_IN_HEADING_ENDS,
    TOTAL_SUBJECTS,
    USE_NAME_MARK,
    WHOLE_BUDGET_SUBJECTS,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, file TEXT NOT NULL, title TEXT NOT NULL,
    region TEXT, department TEXT, year INTEGER, kind TEXT, pages INTEGER,
    n_tables INTEGER, n_paragraphs INTEGER, n_facts INTEGER, ingested_at TEXT,
    meta_source TEXT, report TEXT
);
CREATE TABLE IF NOT EXISTS tables (
    doc_id TEXT NOT NULL, table_idx INTEGER NOT NULL, number TEXT, title TEXT, display_title TEXT,
    unit TEXT, kind TEXT, subject TEXT, page INTEGER, pages TEXT, heading TEXT, columns TEXT,
    note TEXT, n_rows INTEGER, rows TEXT, ocr INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, table_idx)
);
CREATE TABLE IF NOT EXISTS paragraphs (
    doc_id TEXT NOT NULL, idx INTEGER NOT NULL, page INTEGER, heading TEXT, text TEXT,
    ocr INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, origin TEXT NOT NULL,
    table_idx INTEGER, row_index INTEGER, paragraph_idx INTEGER,
    table_title TEXT, row_label TEXT, code TEXT, code_scheme TEXT, col TEXT, grp TEXT,
    subject TEXT NOT NULL, measure TEXT NOT NULL, value TEXT NOT NULL, unit TEXT NOT NULL,
    printed TEXT NOT NULL, printed_unit TEXT NOT NULL, precision TEXT NOT NULL,
    page INTEGER, section TEXT, quote TEXT, direction TEXT, compare_year INTEGER, share_of TEXT,
    context TEXT, ocr INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS facts_doc ON facts(doc_id);
CREATE INDEX IF NOT EXISTS facts_code ON facts(code);
"""
# Scale: look-ups the engine makes per question go through indexes, never a scan of every row.
INDEX_SCHEMA = """
CREATE INDEX IF NOT EXISTS documents_sha ON documents(sha256);
CREATE INDEX IF NOT EXISTS documents_department ON documents(department, year);
"""
# Scale (SQLite-specific: FTS5): each document's distinct character bigrams (``index.doc_terms``),
# kept in ``doc_terms_text`` and indexed by the external-content FTS5 table ``doc_terms`` (its rowid is
# ``doc_terms_text.id``).  On PostgreSQL the same two questions are a ``text[]`` column with a GIN index.
TERMS_SCHEMA = """
CREATE TABLE IF NOT EXISTS doc_terms_text (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, terms TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS doc_terms USING fts5(terms, content='doc_terms_text', content_rowid='id');
"""
# Documents whose facts the store keeps parsed in memory at most (tables and paragraphs alike).
_ROW_CACHE_DOCS = 32
# Columns added after the first release: (table, column, declaration); added to older stores on open
# (the migrations, for both engines: see ``FactStore.upgrade``).
_ADDED_COLUMNS = [
    ("documents", "meta_source", "TEXT"),
    ("documents", "report", "TEXT"),
    ("tables", "ocr", "INTEGER NOT NULL DEFAULT 0"),
    ("paragraphs", "ocr", "INTEGER NOT NULL DEFAULT 0"),
    ("facts", "ocr", "INTEGER NOT NULL DEFAULT 0"),
]

_FORM_MONEY_KEY = re.compile(r"金额|总额|资金|预算总额|预算")
# Column/row words that mark a count rather than money inside a money table.
_COUNT_HINT = re.compile(r"数量|人数|编制|车辆数|台数|个数")


@dataclass
class Fact:
    """One exact figure with everything needed to cite it."""

    doc_id: str
    origin: str  # "table" | "text"
    subject: str  # row label (tables) or subject phrase (text)
    measure: str  # amount | count | percent | percent_share | percent_change | change | unit_price | quantity | total
    value: Decimal  # 元 for money, else as printed
    unit: str  # 元 / % / 人 / 辆 / 个 …
    printed: str  # as printed: "490.00万元", "4,900,000"
    printed_unit: str  # unit as printed: 万元 / 元 / % …
    precision: Decimal  # how exact ``value`` is, in ``unit``
    quote: str  # the sentence, or the row as printed
    page: int | None = None
    section: str = ""  # heading path joined with " / "
    table_idx: int | None = None
    row_index: int | None = None
    paragraph_idx: int | None = None
    table_title: str = ""
    row_label: str = ""
    code: str = ""  # digits, e.g. "2010302"
    code_scheme: str = ""
    column: str = ""
    group: str = ""
    direction: str = ""
    compare_year: int | None = None
    share_of: str = ""
    context: str = ""  # extra words that describe the figure (texts of the row, qualifiers)
    ocr: bool = False  # read by OCR from a page image: the answer asks to check the original
    id: int | None = None

    @property
    def is_money(self) -> bool:
        return self.unit == "元"

    def printed_at(self) -> int:
        """Where the figure stands in its quote, else -1.  A sentence is quoted with its stray
        spaces removed (「年初预算为4628.17万元」) while ``printed`` keeps them (「4628.17 万元」)."""
        if not self.printed:
            return -1
        # never inside a longer number: 「0.00万元」 is not the end of 「90.00万元」
        for printed in (self.printed, re.sub(r"\s+", "", self.printed)):
            m = re.search(r"(?<![\d.,])" + re.escape(printed), self.quote)
            if m:
                return m.start()
        return -1


def _row_quote(table: Table, row: Row) -> str:
    """The row as a reader sees it: code, label, then column: value pairs."""
    parts = []
    if row.code:
        parts.append(str(row.code))
    parts.append(row.label)
    for col, text in row.texts.items():
        if text and text != row.label:
            parts.append(f"{col.split('/')[-1]}：{text}")
    for c in row.cells:
        parts.append(f"{c.column}：{c.raw}")
    return " ".join(p for p in parts if p)


def _cell_fact(doc: Document, t_idx: int, table: Table, row: Row, cell: Cell) -> Fact:
    unit = cell.unit or table.unit
    label = row.label
    section = " / ".join(table.heading_path)
    common = dict(
        doc_id=doc.doc_id,
        origin="table",
        page=row.page if row.page is not None else table.page,
        section=section,
        table_idx=t_idx,
        row_index=row.index,
        table_title=table.display_title,
        row_label=label,
        code=row.code.digits if row.code else "",
        code_scheme=row.code.scheme if row.code else "",
        column=cell.column,
        group=row.group,
        quote=_row_quote(table, row),
        ocr=table.ocr,
        context=" ".join([*(v for v in row.texts.values() if v), *(c.digits for c in row.codes[1:])]),
    )
    subject = label
    if table.kind == "form":
        # A form's money keys (项目总金额, 上年度项目总金额) are facets of the form's subject (the
        # project); its indicator rows (三级指标) are subjects of their own within that project.
        if _FORM_MONEY_KEY.search(label) and table.subject:
            subject = table.subject
            common["column"] = label
            common["context"] = label
        else:
            common["context"] = " ".join(x for x in (table.subject, common["context"]) if x)
    counting = bool(_COUNT_HINT.search(cell.column) or _COUNT_HINT.search(label))
    if unit in MONEY_UNITS and not counting:
        return Fact(
            subject=subject,
            measure="amount",
            value=to_yuan(cell.value, unit),
            unit="元",
            printed=cell.raw,
            printed_unit=unit,
            precision=precision_yuan(cell.raw, unit),
            **common,
        )
    if counting and not cell.unit:
        unit = row.texts.get(_unit_column(row), "") if _unit_column(row) else ""
    measure = "percent" if unit == "%" else "count"
    return Fact(
        subject=subject,
        measure=measure,
        value=cell.value,
        unit=unit,
        printed=cell.raw,
        printed_unit=unit,
        precision=Decimal(1).scaleb(-decimals_of(cell.raw)),
        **common,
    )


def _unit_column(row: Row) -> str | None:
    for col in row.texts:
        if "计量单位" in col or col.endswith("单位") and "单位名称" not in col:
            return col
    return None


def table_facts(doc: Document) -> Iterator[Fact]:
    for t_idx, table in enumerate(doc.tables):
        for row in table.rows:
            for cell in row.cells:
                yield _cell_fact(doc, t_idx, table, row, cell)


_OPEN_PATH = re.compile(r"[（(]\s*[类款]\s*[）)][^（）()]*$")
_ITEM_TAIL = re.compile(r"^[^，,。；;（）()]{0,30}[（(]\s*项\s*[）)]")


def broken_item_heading(heading_path: list[str], text: str) -> str:
    """The start of a sentence read as a heading because its line broke inside a 类/款/项 name
    (「33、住房保障支出（类）城乡社区住宅（款）其他城乡社区」 over 「住宅支出（项）241.02 万元…」): the
    paragraph's figures belong to the whole name, so the sentence is read joined.  "" otherwise."""
    last = heading_path[-1] if heading_path else ""
    return last if _OPEN_PATH.search(last) and _ITEM_TAIL.match(text) else ""


def project_of(heading_path: list[str]) -> str:
    """The project a 「…项目经费情况说明」 section describes, or ""."""
    for h in heading_path:
        m = re.match(PROJECT_SECTION_TITLE, h.replace(" ", ""))
        if m and len(m["name"]) >= 2:
            return m["name"]
    return ""


def _of_project(subject: str, project: str) -> str:
    """「本项目可研批复总投资」 → 「<project>可研批复总投资」; 「2026年度预算安排」 is the project's own amount."""
    if re.fullmatch(PROJECT_YEAR_BUDGET, subject):
        return project
    return re.sub(PROJECT_SELF, project, subject)


_BARE_TOTAL = re.compile(r"^[^收支]{0,8}?(?P<side>收入|支出)(?:合计|总计)$")
_HEADING_NUMBER = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])"
)


def _total_of_heading(subject: str, path: list[str]) -> str:
    """「全区收入合计1,219,959万元」 under the heading 「（1）全区一般公共预算收入决算」 is that budget's income total:
    the heading names what the bare 收入合计 sums."""
    m = _BARE_TOTAL.match(subject)
    if not m or not path:
        return subject
    head = _HEADING_NUMBER.sub("", path[-1])
    for end in (w for w in RUN_IN_HEADING_ENDS if len(w) == 2):  # 决算, 情况: the heading's last word
        if head.endswith(end) and head != end:
            head = head[: -len(end)]
            break
    return f"{head}合计" if head.endswith(m["side"]) and len(head) > len(m["side"]) + 1 else subject


_BODY_WHOLES = {*TOTAL_SUBJECTS, *INCOME_TOTAL_SUBJECTS, *WHOLE_BUDGET_SUBJECTS}


def _whole_of_own_body(subject: str, department: str) -> str:
    """「区党工委宣传部收入预算」「区党工委宣传部部门政府采购预算总额」 in that body's own budget: the body's whole
    (收入预算) or its 部门… figure, named by the end of the document's own name, is that whole; an item
    named with the body (「信访局临聘人员经费」, a project's printed name) keeps its name."""
    name = re.sub(r"\s+", "", department or "")
    for i in range(len(name) - 2):  # the longest end of the name first, at least three characters
        lead = re.match(OWN_BODY_LEVEL_LEAD, subject) if i else None
        named = subject.startswith(name[i:]) or bool(lead and subject[1:].startswith(name[i:]))
        if named:
            rest = subject[len(name) - i + (0 if subject.startswith(name[i:]) else 1) :]
            if rest in _BODY_WHOLES:
                return rest
            body = re.match(OWN_BODY_WORDS, rest)
            if re.search(OWN_BODY_WHOLE_END, rest) and len(rest) - (body.end() if body else 0) >= 4:
                return rest[body.end() :] if body else rest
            return rest[body.end() :] if body and len(rest) - body.end() >= 2 else subject
    return subject


def _coded_item(fig) -> bool:
    """A 项-level item printed with its code (「2110299其他环境监测与监察支出」), its amount (not a change)."""
    return fig.measure == "amount" and bool(re.match(r"\d{7}(?!\d)", fig.subject))


def text_facts(doc: Document) -> Iterator[Fact]:
    """Figures printed in the narrative, via ``index.narrative``."""
    from index.narrative import described_item, extract_figures, whole_of_parts

    carry, carry_unit, described, path = "", "", "", None
    carry_whole = ""
    paragraphs = list(doc.paragraphs)
    for i, para in enumerate(paragraphs):
        follows = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        # 「（四）2110299其他环境监测与监察支出1210万元。主要用于环境监测站站房建设。」: the item's one use, printed
        # as the next sentence, is a way to ask it
        use = re.fullmatch(ITEM_USE_SENTENCE, follows.text.strip()) if follows else None
        use = use if use and follows.heading_path == para.heading_path else None
        if para.heading_path != path:  # a subject carries over to the next paragraph of its part only
            carry, carry_unit, described, path = "", "", "", para.heading_path
            carry_whole = ""
        text = broken_item_heading(para.heading_path, para.text) + para.text
        # the paragraphs before of the same part date what this one goes on about (「2019年预算安排…」「主要用于…」
        # then 「2018年预算安排为…」)
        before = "".join(p.text for p in paragraphs[max(0, i - 2) : i] if p.heading_path == para.heading_path)
        figures = extract_figures(text, carry, described, carry_unit, before)
        # 「1.基本支出20.69万元。」 then 「其中：人员支出20.68万元…」: the parts name the whole printed just before
        whole = carry_whole if para.text.lstrip().startswith("其中") else ""
        for fig in figures:
            if whole and "其中" in fig.qualifiers and fig.measure == "amount" and whole not in fig.qualifiers:
                fig.qualifiers.append(whole)
        carry_whole = figures[-1].subject if figures and figures[-1].measure == "amount" else ""
        # 「…其中：公共运行费93.2万元，公车购置费0万元。」 then 「与上年相比支出下降3%」: the whole's change
        carry = (whole_of_parts(figures) or figures[-1].subject) if figures else carry
        carry_unit = figures[-1].unit if figures else carry_unit
        described = described_item(figures, described)
        project = project_of(para.heading_path)
        for fig in figures:
            if project:
                fig.subject = _of_project(fig.subject, project)
            unit = normalize_text(fig.unit)
            money = unit in MONEY_UNITS
            yield Fact(
                doc_id=doc.doc_id,
                origin="text",
                subject=_whole_of_own_body(_total_of_heading(fig.subject, para.heading_path), doc.department),
                measure=fig.measure,
                value=to_yuan(fig.value, unit) if money else fig.value,
                unit="元" if money else unit,
                printed=fig.raw,
                printed_unit=unit,
                precision=(
                    precision_yuan(fig.raw, unit) if money else Decimal(1).scaleb(-decimals_of(fig.raw))
                ),
                quote=fig.sentence,
                page=para.page,
                section=" / ".join(para.heading_path),
                paragraph_idx=para.index,
                direction=fig.direction,
                compare_year=fig.compare_year,
                share_of=fig.share_of,
                context=" ".join(
                    [*fig.qualifiers, *([USE_NAME_MARK + use["what"]] if use and _coded_item(fig) else [])]
                ),
                ocr=para.ocr,
            )


def form_text_facts(doc: Document) -> Iterator[Fact]:
    """Figures printed in the sentences of a form (项目总目标, 年度主要任务 …): sentences like any other.

    "完成全市39个政府工作部门…共计66家单位的安全检查" sits in a 绩效目标表 cell, not in the narrative;
    its counts are printed figures with a table location.
    """
    from index.narrative import extract_figures

    for t_idx, table in enumerate(doc.tables):
        if table.kind != "form":
            continue
        for row in table.rows:
            for col, text in row.texts.items():
                if len(text) < 12:
                    continue
                for fig in extract_figures(text):
                    unit = normalize_text(fig.unit)
                    if unit in MONEY_UNITS:
                        continue  # money in a form is in its numeric cells; prose restates it loosely
                    yield Fact(
                        doc_id=doc.doc_id,
                        origin="text",
                        subject=fig.subject,
                        measure=fig.measure,
                        value=fig.value,
                        unit=unit,
                        printed=fig.raw,
                        printed_unit=unit,
                        precision=Decimal(1).scaleb(-decimals_of(fig.raw)),
                        quote=fig.sentence,
                        page=row.page if row.page is not None else table.page,
                        section=f"{table.display_title} / {row.label}",
                        table_idx=t_idx,
                        row_index=row.index,
                        table_title=table.display_title,
                        row_label=row.label,
                        column=col,
                        direction=fig.direction,
                        compare_year=fig.compare_year,
                        share_of=fig.share_of,
                        context=" ".join(fig.qualifiers),
                        ocr=table.ocr,
                    )


def make_facts(doc: Document) -> list[Fact]:
    return [*table_facts(doc), *text_facts(doc), *form_text_facts(doc)]


def row_code(row: dict) -> str:
    """The classification code of a stored row as digits ("2010302"), or "" when it has none.

    Only 3/5/7-digit codes (类/款/项) count: a 单位编码 such as 113001 is not a classification code."""
    codes = row.get("codes") or []
    digits = "".join(codes[0]["parts"]) if codes else ""
    return digits if re.fullmatch(r"\d{3}(\d{2}){0,2}", digits) else ""


def _row_to_json(row: Row) -> dict:
    d = asdict(row)
    for c in d["cells"]:
        c["value"] = str(c["value"])
    d["codes"] = [{"parts": list(c.parts), "scheme": c.scheme} for c in row.codes]
    return d


_FACT_COLUMNS = [
    "id",
    "doc_id",
    "origin",
    "table_idx",
    "row_index",
    "paragraph_idx",
    "table_title",
    "row_label",
    "code",
    "code_scheme",
    "col",
    "grp",
    "subject",
    "measure",
    "value",
    "unit",
    "printed",
    "printed_unit",
    "precision",
    "page",
    "section",
    "quote",
    "direction",
    "compare_year",
    "share_of",
    "context",
    "ocr",
]


def _fact_from_row(r: sqlite3.Row | dict) -> Fact:
    return Fact(
        id=r["id"],
        doc_id=r["doc_id"],
        origin=r["origin"],
        table_idx=r["table_idx"],
        row_index=r["row_index"],
        paragraph_idx=r["paragraph_idx"],
        table_title=r["table_title"] or "",
        row_label=r["row_label"] or "",
        code=r["code"] or "",
        code_scheme=r["code_scheme"] or "",
        column=r["col"] or "",
        group=r["grp"] or "",
        subject=r["subject"],
        measure=r["measure"],
        value=Decimal(r["value"]),
        unit=r["unit"],
        printed=r["printed"],
        printed_unit=r["printed_unit"],
        precision=Decimal(r["precision"]),
        page=r["page"],
        section=r["section"] or "",
        quote=r["quote"] or "",
        direction=r["direction"] or "",
        compare_year=r["compare_year"],
        share_of=r["share_of"] or "",
        context=r["context"] or "",
        ocr=bool(r["ocr"]),
    )


@dataclass
class DocumentInfo:
    doc_id: str
    sha256: str
    file: str
    title: str
    region: str
    department: str
    year: int | None
    kind: str
    pages: int | None
    n_tables: int
    n_paragraphs: int
    n_facts: int
    ingested_at: str
    # where each metadata field came from: {"department": "document" | "file name" | "user", …}
    meta_source: dict[str, str] = field(default_factory=dict)
    report: dict | None = None  # index.parse_report.ParseReport as a dict (None: stored before reports)

    @classmethod
    def from_row(cls, row: sqlite3.Row | dict) -> DocumentInfo:
        d = dict(row)
        d["meta_source"] = json.loads(d.get("meta_source") or "{}")
        d["report"] = json.loads(d["report"]) if d.get("report") else None
        return cls(**d)


# The metadata a user may set at ingest or correct later (``Store.update_metadata``).
METADATA_FIELDS = ("department", "year", "kind", "region")


class FactStore:
    """Documents, tables, paragraphs and facts in SQLite (one file) or PostgreSQL (a shared server).

    ``location`` is the ``facts.sqlite`` path, or a ``postgresql://`` URL (``open_fact_store``
    picks one from ``$BUDGETQA_DATABASE_URL``).  The queries below are written once, with ``?``
    placeholders; what the two engines do differently is in ``index.sql_dialect``.  A query that
    one engine should run differently (FTS5 vs pg_trgm …) is fetched by name through ``sql``.
    """

    def __init__(self, location: Path | str) -> None:
        # bounded (``_ROW_CACHE_DOCS`` documents each): a store of thousands never sits in memory
        self._tables: OrderedDict[str, list[dict]] = OrderedDict()
        self._paragraphs: OrderedDict[str, list[dict]] = OrderedDict()
        self._read_lock = threading.RLock()  # one connection, many request threads
        self._data_version = -1
        self._has_terms: bool | None = None
        if is_postgres_url(location):
            self.dialect = "postgresql"
            self.path = None
            self.url = str(location)
            self.conn = PgConnection(self.url)
            new = "documents" not in self._pg_tables()
        else:
            self.dialect = "sqlite"
            self.url = ""
            self.path = Path(location)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists()
            # A busy timeout: a reader never sees "database is locked" while a writer commits.
            self.conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=60)
            self.conn.row_factory = sqlite3.Row
        if new:
            self.upgrade()

    @property
    def where(self) -> str:
        """The database, for messages: the file, or the server URL without its password."""
        return redact(self.url) if self.url else str(self.path)

    def sql(self, name: str, portable: str) -> str:
        """The text of a named query for this store's engine: ``portable`` unless the dialect overrides it."""
        overrides = POSTGRES_QUERIES if self.dialect == "postgresql" else SQLITE_QUERIES
        return overrides.get(name, portable)

    def _pg_tables(self) -> set[str]:
        rows = self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {r[0] for r in rows}

    def _columns(self, table: str) -> set[str]:
        if self.dialect == "postgresql":
            return self.conn.columns(table)
        return {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}

    def upgrade(self) -> None:
        """Create or bring the schema up to date (done by a writer: readers don't write).

        SQLite switches to WAL (readers read while the one writer writes).  Columns added after
        the first release (``_ADDED_COLUMNS``) are added to older stores here, on either engine;
        on PostgreSQL the whole migration is one transaction under a transaction-level advisory
        lock, so two servers starting at once do not race to create the same table.
        """
        if self.dialect == "postgresql":
            with self.conn.transaction() as tx:
                tx.execute("SELECT pg_advisory_xact_lock(?)", (advisory_key("budgetqa.schema"),))
                for statement in pg_schema(SCHEMA):
                    tx.execute(statement)
                for table, column, decl in _ADDED_COLUMNS:
                    tx.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {decl}")
                for statement in pg_schema(INDEX_SCHEMA):
                    tx.execute(statement)
            self._has_terms = False  # the FTS5 terms index is SQLite's; see has_terms_index
            return
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.executescript(SCHEMA)
        for table, column, decl in _ADDED_COLUMNS:
            if column not in self._columns(table):
                self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
        self.conn.executescript(INDEX_SCHEMA)
        self.conn.executescript(TERMS_SCHEMA)
        self.conn.commit()
        self._index_missing_terms()
        self._has_terms = True

    def _index_missing_terms(self) -> None:
        """Migration: documents stored before the terms index get their terms (one commit each)."""
        missing = [
            r[0]
            for r in self.conn.execute(
                "SELECT doc_id FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM doc_terms_text)"
            )
        ]
        from index.doc_terms import document_terms

        for doc_id in missing:
            paragraphs = [p["text"] or "" for p in self._paragraph_rows(doc_id)]
            terms = document_terms(paragraphs, self._fact_rows(doc_id))
            with self.transaction() as conn:
                self.write_terms(conn, doc_id, terms)

    def generation(self) -> int:
        """A number that changes whenever another process commits a write (cheap: one tiny query).

        SQLite: ``PRAGMA data_version`` of this connection.  PostgreSQL: the counter row every
        write transaction bumps (0 before the first write)."""
        if self.dialect == "postgresql":
            row = self.conn.execute("SELECT n FROM store_generation WHERE id = 1").fetchone()
            return int(row[0]) if row else 0
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def _drop_caches_if_changed(self) -> None:
        """Another process committed (an ingest, rm or edit): cached rows may be stale."""
        version = self.generation()
        if version != self._data_version:
            self._data_version = version
            self._tables.clear()
            self._paragraphs.clear()
            if self._has_terms is False:  # a writer may have added the terms index since
                self._has_terms = None

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection | PgTransaction]:
        """One atomic write: all of it lands, or none of it does."""
        try:
            if self.dialect == "postgresql":
                with self.conn.transaction() as tx:
                    yield tx
                    tx.execute(PG_BUMP_GENERATION)
            else:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.conn
                    self.conn.execute("COMMIT")
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise
        finally:
            self._tables.clear()
            self._paragraphs.clear()

    # -- writing -------------------------------------------------------------------------
    def write_document(
        self,
        conn: sqlite3.Connection | PgTransaction,
        doc: Document,
        facts: list[Fact],
        when: str,
        meta_source: dict[str, str] | None = None,
    ) -> None:
        """Replace everything stored for ``doc`` (call inside ``transaction``)."""
        from index.parse_report import parse_report  # imports index.consistency, which imports this module

        self.delete_document(conn, doc.doc_id)
        conn.execute(
            "INSERT INTO documents (doc_id, sha256, file, title, region, department, year, kind, pages,"
            " n_tables, n_paragraphs, n_facts, ingested_at, meta_source, report)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc.doc_id,
                doc.sha256,
                doc.file,
                doc.title,
                doc.region,
                doc.department,
                doc.year,
                doc.kind,
                doc.pages,
                len(doc.tables),
                len(doc.paragraphs),
                len(facts),
                when,
                json.dumps(meta_source or {}, ensure_ascii=False),
                json.dumps(parse_report(doc, facts).to_dict(), ensure_ascii=False),
            ),
        )
        conn.executemany(
            "INSERT INTO tables VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    doc.doc_id,
                    i,
                    t.number,
                    t.title,
                    t.display_title,
                    t.unit,
                    t.kind,
                    t.subject,
                    t.page,
                    json.dumps(t.pages),
                    " / ".join(t.heading_path),
                    json.dumps(t.columns, ensure_ascii=False),
                    t.note,
                    len(t.rows),
                    json.dumps([_row_to_json(r) for r in t.rows], ensure_ascii=False),
                    int(t.ocr),
                )
                for i, t in enumerate(doc.tables)
            ],
        )
        conn.executemany(
            "INSERT INTO paragraphs VALUES (?,?,?,?,?,?)",
            [
                (doc.doc_id, p.index, p.page, " / ".join(p.heading_path), p.text, int(p.ocr))
                for p in doc.paragraphs
            ],
        )
        conn.executemany(
            f"INSERT INTO facts ({','.join(_FACT_COLUMNS[1:])}) VALUES ({','.join('?' * (len(_FACT_COLUMNS) - 1))})",
            [
                (
                    f.doc_id,
                    f.origin,
                    f.table_idx,
                    f.row_index,
                    f.paragraph_idx,
                    f.table_title,
                    f.row_label,
                    f.code,
                    f.code_scheme,
                    f.column,
                    f.group,
                    f.subject,
                    f.measure,
                    str(f.value),
                    f.unit,
                    f.printed,
                    f.printed_unit,
                    str(f.precision),
                    f.page,
                    f.section,
                    f.quote,
                    f.direction,
                    f.compare_year,
                    f.share_of,
                    f.context,
                    int(f.ocr),
                )
                for f in facts
            ],
        )
        from index.doc_terms import document_terms

        self.write_terms(conn, doc.doc_id, document_terms((p.text for p in doc.paragraphs), facts))

    def update_metadata(
        self, conn: sqlite3.Connection | PgTransaction, doc_id: str, fields: dict, meta_source: dict[str, str]
    ) -> None:
        """Set some of ``METADATA_FIELDS`` of a stored document (call inside ``transaction``)."""
        names = [k for k in fields if k in METADATA_FIELDS]
        assignments = ", ".join(f"{k} = ?" for k in names)
        conn.execute(
            f"UPDATE documents SET {assignments}, meta_source = ? WHERE doc_id = ?",
            [*(fields[k] for k in names), json.dumps(meta_source, ensure_ascii=False), doc_id],
        )

    def delete_document(self, conn: sqlite3.Connection | PgTransaction, doc_id: str) -> None:
        for table in ("documents", "tables", "paragraphs", "facts"):
            conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self.delete_terms(conn, doc_id)

    # -- the terms index (SQLite-specific: FTS5; see TERMS_SCHEMA) --------------------------
    def write_terms(self, conn: sqlite3.Connection, doc_id: str, terms: set[str]) -> None:
        """Store a document's bigrams and index them (inside ``transaction``; replaces older ones).

        SQLite only: on PostgreSQL ``has_terms_index`` is False and the engine computes a document's
        terms from its rows (a ``text[]`` column with a GIN index would be the PostgreSQL form)."""
        if self.dialect == "postgresql":
            return
        self.delete_terms(conn, doc_id)
        text = " ".join(sorted(terms))
        cur = conn.execute("INSERT INTO doc_terms_text (doc_id, terms) VALUES (?, ?)", (doc_id, text))
        conn.execute("INSERT INTO doc_terms (rowid, terms) VALUES (?, ?)", (cur.lastrowid, text))

    def delete_terms(self, conn: sqlite3.Connection, doc_id: str) -> None:
        """Remove a document's bigrams from the index (external content: FTS5's 'delete' command)."""
        if self.dialect == "postgresql":
            return
        if not self.has_terms_index(conn):
            return
        row = conn.execute("SELECT id, terms FROM doc_terms_text WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return
        conn.execute(
            "INSERT INTO doc_terms (doc_terms, rowid, terms) VALUES ('delete', ?, ?)", (row[0], row[1])
        )
        conn.execute("DELETE FROM doc_terms_text WHERE id = ?", (row[0],))

    def has_terms_index(self, conn: sqlite3.Connection | None = None) -> bool:
        """Was the terms index created (by a writer's ``upgrade``)?  A reader of an older store
        that no writer opened since falls back to computing terms from the document's rows, and so
        does a store on PostgreSQL (the index is FTS5, SQLite's)."""
        if self.dialect == "postgresql":
            return False
        if self._has_terms is False and conn is None:
            with self._read_lock:
                self._drop_caches_if_changed()
        if self._has_terms is None or conn is not None:
            with self._read_lock:
                found = (
                    (conn or self.conn)
                    .execute("SELECT 1 FROM sqlite_master WHERE name = 'doc_terms_text'")
                    .fetchone()
                )
            if conn is not None:
                return found is not None
            self._has_terms = found is not None
        return self._has_terms

    def document_terms(self, doc_id: str) -> set[str] | None:
        """A document's bigrams (None: not indexed; an old store, or the document is gone)."""
        if not self.has_terms_index():
            return None
        with self._read_lock:
            row = self.conn.execute("SELECT terms FROM doc_terms_text WHERE doc_id = ?", (doc_id,)).fetchone()
        return set(row[0].split(" ")) if row and row[0] else None

    def documents_with_terms(self, terms: list[str], *, every: bool = True, limit: int = 100) -> list[str]:
        """The doc_ids printing every one of ``terms`` (``every=False``: any of them), best BM25 first.

        ``terms`` are bigrams of Chinese characters (``index.doc_terms.han_bigrams``)."""
        terms = [t for t in terms if t and '"' not in t]
        if not terms or not self.has_terms_index():
            return []
        query = (" AND " if every else " OR ").join(f'"{t}"' for t in terms)
        with self._read_lock:
            rows = self.conn.execute(
                "SELECT t.doc_id FROM doc_terms JOIN doc_terms_text t ON t.id = doc_terms.rowid"
                " WHERE doc_terms MATCH ? ORDER BY bm25(doc_terms) LIMIT ?",
                (query, limit),
            ).fetchall()
        return [r[0] for r in rows]

    # -- reading -------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        rows = self.conn.execute(
            "SELECT * FROM documents ORDER BY year, department, kind, ingested_at, file"
        ).fetchall()
        return [DocumentInfo.from_row(r) for r in rows]

    def document(self, doc_id: str) -> DocumentInfo | None:
        r = self.conn.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return DocumentInfo.from_row(r) if r else None

    def editions(self, info: DocumentInfo) -> list[DocumentInfo]:
        """The stored documents of ``info``'s department and year (index ``documents_department``)."""
        with self._read_lock:
            # ``year IS ?`` is SQLite's null-safe equality; PostgreSQL has no such form for a parameter
            if info.year is None:
                sql, params = (
                    "SELECT * FROM documents WHERE department = ? AND year IS NULL",
                    (info.department,),
                )
            else:
                sql, params = (
                    "SELECT * FROM documents WHERE department = ? AND year = ?",
                    (info.department, info.year),
                )
            rows = self.conn.execute(sql, params).fetchall()
        return [DocumentInfo.from_row(r) for r in rows]

    def find_by_sha(self, sha256: str) -> DocumentInfo | None:
        r = self.conn.execute("SELECT * FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return DocumentInfo.from_row(r) if r else None

    def facts(self, doc_ids: Iterable[str] | None = None) -> list[Fact]:
        """The facts of some documents (every document's when ``doc_ids`` is None), in stored order.

        Nothing is cached here: the engine keeps the indexes it builds from them (bounded)."""
        if doc_ids is None:
            with self._read_lock:
                return [_fact_from_row(r) for r in self.conn.execute("SELECT * FROM facts ORDER BY id")]
        return [f for d in doc_ids for f in self._fact_rows(d)]

    def _fact_rows(self, doc_id: str) -> list[Fact]:
        """One document's facts through the ``facts_doc`` index."""
        with self._read_lock:
            rows = self.conn.execute("SELECT * FROM facts WHERE doc_id = ? ORDER BY id", (doc_id,)).fetchall()
        return [_fact_from_row(r) for r in rows]

    def _paragraph_rows(self, doc_id: str) -> list[dict]:
        with self._read_lock:
            rows = self.conn.execute("SELECT * FROM paragraphs WHERE doc_id = ? ORDER BY idx", (doc_id,))
            return [dict(r) for r in rows]

    @staticmethod
    def _remember(cache: OrderedDict, key: str, value: list) -> list:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > _ROW_CACHE_DOCS:
            cache.popitem(last=False)
        return value

    def tables(self, doc_id: str) -> list[dict]:
        """A document's tables with their rows (cached: list and form questions read them on every ask).

        The returned dicts are shared; callers read them and must not change them."""
        with self._read_lock:
            self._drop_caches_if_changed()
            cached = self._tables.get(doc_id)
            if cached is not None:
                self._tables.move_to_end(doc_id)
                return cached
            rows = self.conn.execute(
                "SELECT * FROM tables WHERE doc_id = ? ORDER BY table_idx", (doc_id,)
            ).fetchall()
            out = []
            for r in rows:
                d = dict(r)
                d["pages"] = json.loads(d["pages"] or "[]")
                d["columns"] = json.loads(d["columns"] or "[]")
                d["rows"] = json.loads(d["rows"] or "[]")
                out.append(d)
            return self._remember(self._tables, doc_id, out)

    def table(self, doc_id: str, table_idx: int) -> dict | None:
        for t in self.tables(doc_id):
            if t["table_idx"] == table_idx:
                return t
        return None

    def paragraphs(self, doc_id: str) -> list[dict]:
        """A document's paragraphs in order (cached, shared: read only)."""
        with self._read_lock:
            self._drop_caches_if_changed()
            cached = self._paragraphs.get(doc_id)
            if cached is not None:
                self._paragraphs.move_to_end(doc_id)
                return cached
            return self._remember(self._paragraphs, doc_id, self._paragraph_rows(doc_id))


def open_fact_store(store_dir: Path | str) -> FactStore:
    """The store's fact database: PostgreSQL when ``$BUDGETQA_DATABASE_URL`` is set, else ``<store>/facts.sqlite``."""
    return FactStore(database_url() or Path(store_dir) / "facts.sqlite")
