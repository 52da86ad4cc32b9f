"""The answer contract shared by the CLI (``ask --json``), the app and the evaluation.

Keep it stable: outside scripts parse it.  Money ``value``s are always in 元;
``figures[0]`` is the direct answer; each figure points at one of ``sources``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

KINDS = ("figure", "passage", "list", "not_found", "clarify")


@dataclass
class Source:
    """Where a figure or passage is printed, with the printed text itself."""

    document: str  # document title
    department: str
    year: int | None
    quote: str  # the printed sentence, or the row as printed
    page: int | None = None
    section: str | None = None  # heading path joined with " / "
    table: str | None = None  # table display title ("附件 5-2 …一般公共预算支出情况表")
    row: str | None = None  # row label (with code and 第N行)
    column: str | None = None  # column path
    file: str | None = None  # file name, for the app to open the document
    figure: str | None = None  # the figure exactly as printed in ``quote`` ("490.00万元", "4,900,000")
    doc_id: str | None = None
    table_idx: int | None = None  # position of the table in the document (FactStore.tables)
    row_index: int | None = None  # 1-based row in that table
    ocr: bool = False  # printed on a page image and read by OCR: check against the original


@dataclass
class Figure:
    """One figure in an answer; ``value`` is in 元 for money."""

    label: str
    value: Decimal
    unit: str  # "元", "%", "人", "辆", "个", …
    display: str  # "490.00万元（4,900,000元）"
    source: int  # index into Answer.sources


@dataclass
class Answer:
    question: str
    kind: str  # one of KINDS
    text: str
    figures: list[Figure] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0
    options: list[str] = field(default_factory=list)  # for "clarify": what to choose from
    context: dict[str, Any] = field(default_factory=dict)  # resolved subject/department/year for follow-ups

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (numbers as JSON numbers: ints when whole)."""
        d = asdict(self)
        for f in d["figures"]:
            f["value"] = json_number(f["value"])
        d["elapsed_ms"] = round(self.elapsed_ms, 2)
        return d


def json_number(value: Decimal | int | float) -> int | float:
    """A Decimal as a JSON number: 4900000 stays an int, 52.94 a float."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    return value
