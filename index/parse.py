"""Pick the parser for a file by what it is, not by what it is called."""

from __future__ import annotations

import hashlib
from pathlib import Path

from index.model import Document, ParseError


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def parse_document(path: Path | str) -> Document:
    """Parse a budget disclosure (PDF with a text layer, or plain text) into a ``Document``."""
    path = Path(path)
    if not path.exists():
        raise ParseError(path.name, "找不到文件")
    if not path.is_file():
        raise ParseError(path.name, "不是文件")
    with open(path, "rb") as fh:
        head = fh.read(5)
    if head.startswith(b"%PDF"):
        from index.pdf_parser import parse_pdf

        doc = parse_pdf(path)
    elif path.suffix.lower() == ".pdf":
        raise ParseError(path.name, "扩展名是 .pdf，但内容不是 PDF（没有 %PDF 文件头）")
    elif path.suffix.lower() in {".txt", ".text", ".md", ""}:
        from index.text_parser import parse_text

        doc = parse_text(path)
    else:
        raise ParseError(path.name, f"不支持的文件类型 {path.suffix!r}（只支持 .pdf 和 .txt）")
    doc.sha256 = doc.sha256 or file_sha256(path)
    doc.file = path.name
    from index.meta import complete_metadata

    complete_metadata(doc, path.name)  # per-table years; the file name only when the document names nothing
    return doc
