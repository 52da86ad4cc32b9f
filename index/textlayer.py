"""Is a PDF page's text layer usable?  Diagnose it per page and repair what can be repaired.

Three kinds of broken pages occur in published budget PDFs:

* **image-only**: no text, one picture covering the page (a scan or a rendered page) → OCR;
* **garbage glyphs**: fonts without a Unicode map, so the text extracts as ``(cid:N)``,
  private-use or replacement characters, or ASCII punctuation instead of Chinese → OCR;
* **displaced glyphs**: one font's glyphs (digits, punctuation) carry a wrong vertical offset,
  so pdfplumber puts them on a line of their own under the text, and in tables a number drops
  into the row below and runs into that row's number ("238.0041,534.73") → repaired here from
  character positions: the offset is measured against the neighbouring glyphs of other fonts
  and undone, and the glyph widths are cut to their advance.

Written by hand: these are properties of how this genre's PDFs are produced (Founder/WPS
exports); pdfplumber exposes the characters but has no notion of a broken font.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from typing import Any

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PUA = re.compile(r"[\ue000-\uf8ff\ufffd]")
_GARBAGE_SYMBOLS = set("!\"#$&'*+<=>?@[\\]^_`{|}~")
# Fewer meaningful characters than this and a page is a divider or a cover, not a text page.
MIN_TEXT_CHARS = 20


def text_layer_problem(page: Any) -> str | None:
    """Why this pdfplumber page needs OCR: ``"image"``, ``"garbled"``, or None when its text is usable.

    A divider page with a few characters is not a candidate unless a picture covers the page.
    """
    chars = [c["text"] for c in page.chars if c["text"].strip()]
    if len(chars) < MIN_TEXT_CHARS:
        return "image" if _image_covers_page(page) else None
    bad = sum(1 for t in chars if t.startswith("(cid:") or _PUA.search(t))
    if bad > 0.1 * len(chars):
        return "garbled"
    cjk = sum(1 for t in chars if _CJK.search(t))
    # Letters and rare ASCII symbols where Chinese should be: an unmapped font.  Digits, leader
    # dots and the punctuation of amounts ("1,234.56", "(一)", "12%") do not count.
    other = sum(1 for t in chars if (t.isalpha() and not _CJK.search(t)) or t in _GARBAGE_SYMBOLS)
    if cjk + other >= MIN_TEXT_CHARS and cjk < 0.3 * (cjk + other):
        return "garbled"
    return None


def _image_covers_page(page: Any, share: float = 0.5) -> bool:
    area = float(page.width) * float(page.height)
    for im in page.images:
        w = min(float(im["x1"]), float(page.width)) - max(float(im["x0"]), 0.0)
        h = min(float(im["bottom"]), float(page.height)) - max(float(im["top"]), 0.0)
        if w > 0 and h > 0 and w * h >= share * area:
            return True
    return False


def _group_key(c: dict[str, Any]) -> tuple[str, float]:
    return (c.get("fontname", ""), round(float(c["size"]), 1))


def _ascent(c: dict[str, Any], page_height: float) -> float:
    """How far the glyph box reaches above the baseline, as a share of the font size."""
    baseline = page_height - float(c["matrix"][5])
    return (baseline - float(c["top"])) / max(float(c["size"]), 0.1)


def repair_displaced(page: Any) -> int:
    """Undo displaced glyphs on a pdfplumber (derived) page in place; returns how many were moved.

    A healthy glyph box reaches 0.6–0.9 of the font size above its baseline (read from the text
    matrix).  A font whose boxes hang entirely below the baseline lacks its ascent metric: its
    glyphs are moved up to the page's usual ascent, and its ASCII glyphs (as wide as the font
    size) are cut to their advance, so that the gap between two numbers in adjacent cells shows.
    """
    chars = page.chars
    height = float(page.height)
    ascents: dict[tuple[str, float], list[float]] = defaultdict(list)
    for c in chars:
        if c.get("upright", True) and c.get("matrix"):
            ascents[_group_key(c)].append(_ascent(c, height))
    broken = {k for k, v in ascents.items() if statistics.median(v) < 0.2}
    healthy = [a for k, v in ascents.items() if k not in broken for a in v]
    if not broken or not healthy:
        return 0
    usual = statistics.median(healthy)
    moved = 0
    fixed: list[dict[str, Any]] = []
    for c in chars:
        if _group_key(c) not in broken or not c.get("upright", True):
            fixed.append(c)
            continue
        c = dict(c)
        dy = (usual - _ascent(c, height)) * float(c["size"])
        c["top"] -= dy
        c["bottom"] -= dy
        c["y0"] += dy
        c["y1"] += dy
        c["doctop"] -= dy
        fixed.append(c)
        moved += 1
    # Glyph boxes of a broken font are as wide as the font size; a digit's true advance is the
    # typical step between consecutive digits.  Cut ASCII glyphs to it.
    steps: dict[tuple[str, float], list[float]] = defaultdict(list)
    rows: dict[tuple[str, float, int], list[dict[str, Any]]] = defaultdict(list)
    for c in fixed:
        if _group_key(c) in broken and c["text"].isascii():
            rows[(*_group_key(c), round(float(c["top"])))].append(c)
    for key, run in rows.items():
        run.sort(key=lambda c: float(c["x0"]))
        for a, b in zip(run, run[1:], strict=False):
            step = float(b["x0"]) - float(a["x0"])
            if 0 < step < float(a["x1"]) - float(a["x0"]):
                steps[key[:2]].append(step)
    for key, run in rows.items():
        if not steps[key[:2]]:
            continue
        advance = statistics.median(steps[key[:2]])
        for c in run:
            if float(c["x1"]) - float(c["x0"]) > 1.2 * advance:
                c["x1"] = float(c["x0"]) + advance
                c["width"] = advance
    page.objects["char"] = fixed
    return moved
