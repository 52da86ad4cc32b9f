"""Old binary Word (.doc) disclosures → ``Document``: LibreOffice converts, ``parse_docx`` reads.

antiword and catdoc were tried on a real report: antiword drops the cells of wide tables and
catdoc garbles whole passages of Chinese text, while LibreOffice keeps tables, merged cells
and paragraphs.  It runs headless with a private profile in a temporary directory (so
parallel conversions do not share a lock), in its own process group, and is killed when it
takes longer than ``timeout`` seconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from index.docx_parser import parse_docx
from index.model import Document, ParseError
from index.parse import file_sha256

DOC_TIMEOUT_S = 120.0


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(path: Path, target: str, timeout: float = DOC_TIMEOUT_S) -> Path:
    """Convert ``path`` to ``target`` ("docx", "xlsx" …) in a temporary directory; return the new file.

    The caller removes the file's directory (``result.parent``) when done.
    """
    exe = _soffice()
    if exe is None:
        raise ParseError(path.name, "读取此格式需要 LibreOffice（soffice），本机没有安装")
    work = Path(tempfile.mkdtemp(prefix="budgetqa-lo-"))
    profile = (work / "profile").as_uri()
    src = work / f"input{path.suffix.lower() or '.doc'}"
    shutil.copyfile(path, src)
    cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target]
    cmd += ["--outdir", str(work), str(src)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        shutil.rmtree(work, ignore_errors=True)
        raise ParseError(path.name, f"LibreOffice 转换超时（超过 {timeout:.0f} 秒）") from exc
    out = work / f"input.{target}"
    if proc.returncode != 0 or not out.exists():
        shutil.rmtree(work, ignore_errors=True)
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
        raise ParseError(path.name, f"LibreOffice 无法转换此文件（{' '.join(detail) or '没有输出'}）")
    return out


def parse_doc(path: Path | str, timeout: float = DOC_TIMEOUT_S) -> Document:
    """Parse a .doc budget disclosure (converted to DOCX by LibreOffice, then ``parse_docx``)."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise ParseError(path.name, "空文件")
    converted = convert_with_libreoffice(path, "docx", timeout)
    try:
        doc = parse_docx(converted)
    finally:
        shutil.rmtree(converted.parent, ignore_errors=True)
    doc.file = path.name
    doc.sha256 = file_sha256(path)
    return doc
