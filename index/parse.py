"""Pick the parser for a file by what it is, not by what it is called.

The type comes from the file's first bytes (its magic number) and, for containers, from what
they hold: a ZIP is a DOCX when it holds ``word/document.xml`` and an XLSX when it holds
``xl/workbook.xml``; an OLE2 compound file is a DOC when it has a ``WordDocument`` stream and an
XLS when it has a ``Workbook``/``Book`` stream.  The name's suffix is never trusted.  Parsers of
the newer formats live in their own modules and are imported lazily, so a missing one refuses
the format with a clear reason instead of breaking ingest.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import zipfile
from pathlib import Path

from index.limits import ParseLimits, open_regular, read_header
from index.model import Document, ParseError

# Suffixes that directory expansion picks up (the content still decides the parser).
SUPPORTED_SUFFIXES = {".pdf", ".txt", ".html", ".htm", ".docx", ".doc", ".xlsx", ".xls"}

# Readers accept "%PDF-" anywhere in the first 1024 bytes (junk before it is common in mail/web saves).
_PDF_HEADER_WINDOW = 1024
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = [
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
]
_OTHER_BINARIES = [
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"\x7fELF", "可执行程序"),
    (b"MZ", "可执行程序"),
    (b"{\\rtf", "RTF 文档"),
]
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body|title)\b",
    re.I | re.S,
)

# the format parsers: module, function (written by the formats work; absent ones are refused)
_PARSERS = {
    "pdf": ("index.pdf_parser", "parse_pdf"),
    "text": ("index.text_parser", "parse_text"),
    "html": ("index.html_parser", "parse_html"),
    "docx": ("index.docx_parser", "parse_docx"),
    "doc": ("index.doc_parser", "parse_doc"),
    "xlsx": ("index.xlsx_parser", "parse_xlsx"),
    "xls": ("index.xls_parser", "parse_xls"),
}
_FORMAT_NAMES = {"html": "HTML", "docx": "DOCX", "doc": "DOC", "xlsx": "XLSX", "xls": "XLS"}


def file_sha256(path: Path | str) -> str:
    """sha256 of a regular file (FIFOs, devices and links out of the folder are refused, not read)."""
    fd, _ = open_regular(path)
    h = hashlib.sha256()
    with os.fdopen(fd, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _strip_bom(head: bytes) -> bytes:
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            return head[len(bom) :]
    return head


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        label = {".docx": "DOCX", ".xlsx": "XLSX"}.get(path.suffix.lower(), "ZIP/Office")
        raise ParseError(path.name, f"是损坏的 {label} 文件（ZIP 结构无法读取）") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _ole2_kind(path: Path) -> str:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(s) for s in ole.listdir()}
    except Exception as exc:  # olefile raises OSError or its own errors for damaged files
        raise ParseError(path.name, "是损坏的 Office（OLE2）文件，无法读取") from exc
    if "WordDocument" in streams:
        return "doc"
    if streams & {"Workbook", "Book"}:
        return "xls"
    return "ole2"


def sniff(head: bytes) -> str:
    """The kind of a file from its first bytes: pdf, zip, ole2, html, text, or image:/binary:NAME."""
    if b"%PDF-" in head[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(_OLE2_MAGIC):
        return "ole2"
    for magic, name in _IMAGES:
        if head.startswith(magic):
            return f"image:{name}"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image:WebP"
    if _HTML_START.match(_strip_bom(head)):
        return "html"
    for magic, name in _OTHER_BINARIES:
        if head.startswith(magic):
            return f"binary:{name}"
    return "text"  # the text parser decides whether it is text at all (encodings, NULs, controls)


def detect_kind(path: Path, head: bytes) -> str:
    """The parser key for a file (see ``_PARSERS``), or a ParseError saying why it has none."""
    kind = sniff(head)
    if kind == "zip":
        kind = _zip_kind(path)
    elif kind == "ole2":
        kind = _ole2_kind(path)
    if kind in _PARSERS:
        return kind
    name = path.name
    if kind.startswith("image:"):
        raise ParseError(
            name, f"是图片（{kind[6:]}），不是文档；扫描件请转成 PDF 后导入（没有文字层的页需要 OCR）"
        )
    if kind.startswith("binary:"):
        raise ParseError(name, f"是{kind[7:]}，不是预算公开文件；暂不支持该格式")
    if kind == "zip":
        raise ParseError(name, "是 ZIP 压缩包（不是 DOCX/XLSX），请解压后导入其中的文件")
    if kind == "ole2":
        raise ParseError(name, "是 Office 旧格式文件，但既不是 DOC 也不是 XLS；暂不支持该格式")
    raise ParseError(name, "暂不支持该格式")


def _parser_for(kind: str, name: str):
    module, func = _PARSERS[kind]
    try:
        return getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError) as exc:
        raise ParseError(name, f"暂不支持该格式（{_FORMAT_NAMES.get(kind, kind)}）") from exc


def parse_document(path: Path | str, limits: ParseLimits | None = None) -> Document:
    """Parse a budget disclosure into a ``Document``, or raise ``ParseError`` saying why not.

    Runs in-process; for files from users call ``index.sandbox.parse_bounded``, which runs this
    in a child process with time and memory limits.
    """
    path = Path(path)
    limits = limits or ParseLimits.from_env()
    head = read_header(path, 8192, limits)  # also refuses FIFOs, devices, links out, empty, too big
    kind = detect_kind(path, head)
    try:
        doc = _parser_for(kind, path.name)(path)
    except ParseError as exc:
        if kind == "text" and path.suffix.lower() == ".pdf":  # say what the name promised and was not
            raise ParseError(
                path.name, f"扩展名是 .pdf，但内容不是 PDF（没有 %PDF 文件头）：{exc.reason}"
            ) from exc
        raise
    from index.plausibility import check_plausible

    check_plausible(doc, path.name)
    doc.sha256 = doc.sha256 or file_sha256(path)
    doc.file = path.name
    from index.meta import complete_metadata

    complete_metadata(doc, path.name)  # per-table years; the file name only when the document names nothing
    return doc
