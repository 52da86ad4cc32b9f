"""The one document model both parsers produce and every store consumes.

A budget disclosure is a document (who, where, which year, 预算 or 决算) made of
sections (a heading path), paragraphs and tables.  Tables keep what a reader needs
to cite a figure: title, unit as printed, column paths resolved from multi-row
headers, and rows with their label and classification code.  Cell values are
exact ``Decimal`` numbers in the unit printed on the table; normalisation to 元
happens when facts are made (``index.facts``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Code:
    """A classification code split into its levels (类/款/项 = 3+2+2 digits).

    ``scheme`` names the column group the code was printed under, e.g.
    ``功能分类`` / ``部门预算经济分类`` / ``政府预算经济分类``, or ``""`` when the
    table does not say.
    """

    parts: tuple[str, ...]
    scheme: str = ""

    @property
    def digits(self) -> str:
        return "".join(self.parts)

    def __str__(self) -> str:
        return " ".join(self.parts)


@dataclass
class Cell:
    """One printed numeric table cell."""

    column: str  # column path, levels joined by "/": "基本支出/工资福利支出"
    raw: str  # exactly as printed: "5,317,548", "≥95%", "4984200.00"
    value: Decimal  # the number, in the unit printed (table unit or the cell's own)
    unit: str = ""  # a unit printed with the cell itself ("%", "个", "万元"), else ""


@dataclass
class Row:
    """A table row: its label, codes, numeric cells and other text cells."""

    label: str
    index: int  # 1-based position among the table's data rows ("第N行")
    cells: list[Cell] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # non-numeric cells by column path
    page: int | None = None
    group: str = ""  # side of a side-by-side table ("收入"/"支出"), or a form section
    note: str = ""  # how the parser repaired the row, if it had to (e.g. a dropped blank cell)

    @property
    def code(self) -> Code | None:
        return self.codes[0] if self.codes else None

    def cell(self, column: str) -> Cell | None:
        for c in self.cells:
            if c.column == column:
                return c
        return None


@dataclass
class Table:
    """A parsed table (a grid, or a key/value form such as a 绩效目标表)."""

    title: str  # "郑州市大数据管理局一般公共预算支出情况表"
    unit: str  # printed unit: "元", "万元"; "" when none is printed
    columns: list[str]  # column paths in printed order (label/code columns included)
    rows: list[Row] = field(default_factory=list)
    number: str = ""  # the printed attachment/sequence marker: "附件 5-2", "五"
    kind: str = "grid"  # "grid" | "form"
    subject: str = ""  # for forms: what the form is about (the 项目名称)
    page: int | None = None  # first page (None for plain-text sources)
    pages: list[int] = field(default_factory=list)
    heading_path: list[str] = field(default_factory=list)
    note: str = ""  # 注/备注/空表说明 printed with the table
    year: int | None = None  # the year its title names ("2026年…预算表"); None when it names none
    ocr: bool = False  # read by OCR from a page image: check figures against the original

    @property
    def display_title(self) -> str:
        """Title a reader can find: number, title and, for forms, the subject."""
        parts = [p for p in (self.number, self.title) if p]
        text = " ".join(parts)
        return f"{text}「{self.subject}」" if self.subject else text


@dataclass
class Paragraph:
    """A narrative paragraph, re-joined where the PDF broke it mid-sentence."""

    text: str
    heading_path: list[str] = field(default_factory=list)
    page: int | None = None
    index: int = 0  # position in the document
    ocr: bool = False  # read by OCR from a page image


@dataclass
class Document:
    """A whole disclosure, as both parsers return it."""

    title: str
    file: str  # file name as ingested
    sha256: str
    region: str = ""  # "郑州市", "江苏省", "上海市普陀区"
    department: str = ""  # "郑州市大数据管理局"
    year: int | None = None
    kind: str = (
        "部门预算"  # one of index.vocabulary.KINDS: 部门预算 / 单位预算 / 部门决算 / 政府预算 / 政府决算 …
    )
    pages: int | None = None  # page count (None for plain text)
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # pages whose text layer is (cid:N)/private-use glyphs: not readable without OCR (index.plausibility)
    unusable_pages: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # every year it covers (执行情况 + 草案: two)
    level: str = ""  # 中央 / 省级 / 地市级 / 区县级
    meta_source: str = "document"  # "document"; "region": only a region printed; "file name": nothing printed
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR (no usable text layer)

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


class ParseError(Exception):
    """A file that cannot be parsed; the message names the file and the reason."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason
