"""Pick the parser for a file by what it is, not by what it is called."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
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
        head = fh.read(65536)
    office = _office_parser(path, head)  # formats branch: HTML/DOCX/DOC/XLSX/XLS (minimal dispatch)
    if office is not None:
        doc = office(path)
    elif head.startswith(b"%PDF"):
        from index.pdf_parser import parse_pdf

        doc = parse_pdf(path)
    elif path.suffix.lower() == ".pdf":
        raise ParseError(path.name, "扩展名是 .pdf，但内容不是 PDF（没有 %PDF 文件头）")
    elif path.suffix.lower() in {".txt", ".text", ".md", ""}:
        from index.text_parser import parse_text

        doc = parse_text(path)
    else:
        raise ParseError(
            path.name, f"不支持的文件类型 {path.suffix!r}（支持 .pdf .txt .html .docx .doc .xlsx .xls）"
        )
    doc.sha256 = doc.sha256 or file_sha256(path)
    doc.file = path.name
    from index.meta import complete_metadata

    complete_metadata(doc, path.name)  # per-table years; the file name only when the document names nothing
    return doc


def _office_parser(path: Path, head: bytes) -> Callable[[Path], Document] | None:
    """The parser for HTML, Word and Excel files, by content (suffix only to tell OLE .doc from .xls)."""
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            names = set()  # a damaged archive: its parser says so, by the name it was given
        if "word/document.xml" in names or (not names and suffix == ".docx"):
            from index.docx_parser import parse_docx

            return parse_docx
        if "xl/workbook.xml" in names or (not names and suffix == ".xlsx"):
            from index.xlsx_parser import parse_xlsx

            return parse_xlsx
        return None
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: old Word or Excel
        workbook = suffix == ".xls" or ("Workbook".encode("utf-16-le") in head and suffix != ".doc")
        if workbook:
            from index.xls_parser import parse_xls

            return parse_xls
        from index.doc_parser import parse_doc

        return parse_doc
    text = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    markup = text.startswith((b"<!doctype html", b"<html")) or (
        text.startswith(b"<?xml") and b"<html" in text
    )
    if markup or (suffix in {".html", ".htm"} and b"<" in text):
        from index.html_parser import parse_html

        return parse_html
    return None
