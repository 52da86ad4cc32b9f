"""Prose a document prints outside its paragraphs, for the keyword passage path.

Government books explain their figures in the notes under tables (「注：2.节能环保支出下降，主要是…」)
and in remark columns (「土地增值税 … 备注：主要今年清算项目较少」), not in paragraphs.  A why- or
what-question answered without the retrieval index must read these too, one item at a time: a note
is cut into its items, and an item opened by a mark (⑨) is tied to the row printing that mark, so
「⑨增幅较高主要是…」 reads as the explanation of that row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.vocabulary import NOTE_ITEM_MARKS, REMARK_COLUMNS

_ITEM_CUT = re.compile(rf"(?<=[。；])|(?=[{NOTE_ITEM_MARKS}])|(?<=[。；\s])(?=\d{{1,2}}[.、．](?!\d))")
_NOTE_HEAD = re.compile(r"^(?:注|备注|说明)\s*[:：]\s*")


@dataclass(frozen=True)
class PrintedText:
    """One sentence-like piece of prose, with where it is printed."""

    text: str
    page: int | None
    section: str


def _marked_rows(table: dict) -> dict[str, str]:
    """The label of the row that prints each mark in one of its cells (「70.1% ⑨」)."""
    out: dict[str, str] = {}
    for r in table["rows"]:
        printed = [c.get("raw") or "" for c in r["cells"]] + [v or "" for v in r["texts"].values()]
        for text in printed:
            for mark in re.findall(rf"[{NOTE_ITEM_MARKS}]", text):
                out.setdefault(mark, r["label"])
    return out


def note_items(table: dict) -> list[PrintedText]:
    """A table's note cut into items; a marked item is prefixed by the label of its marked row."""
    note = " ".join((table.get("note") or "").split())
    if not note:
        return []
    marks = _marked_rows(table)
    section = table.get("display_title") or table.get("title") or "表注"
    out = []
    for piece in _ITEM_CUT.split(_NOTE_HEAD.sub("", note)):
        piece = piece.strip()
        if len(piece) < 4:
            continue
        row = marks.get(piece[0]) if piece[0] in NOTE_ITEM_MARKS else None
        out.append(PrintedText(f"{row}：{piece}" if row else piece, table.get("page"), section))
    return out


def remark_cells(table: dict) -> list[PrintedText]:
    """The remark cells of a table's rows, each read with its row's label."""
    section = table.get("display_title") or table.get("title") or ""
    out = []
    for r in table["rows"]:
        for column, value in r["texts"].items():
            leaf = column.rsplit("/", 1)[-1]
            if value and any(w == leaf or leaf.startswith(w) for w in REMARK_COLUMNS):
                out.append(
                    PrintedText(
                        f"{r['label']}（{leaf}）：{value}", r.get("page") or table.get("page"), section
                    )
                )
    return out


def table_prose(tables: list[dict]) -> list[PrintedText]:
    """Every note item and remark cell of a document's tables, in table order."""
    return [p for t in tables for p in (*note_items(t), *remark_cells(t))]
