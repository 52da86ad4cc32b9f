"""Files people upload (the app and the HTTP service share these rules).

An uploaded file's name is for display only: it never becomes a path outside a fresh folder the
store owns, and its content is written with a size cap while it is read. Whether the content is a
document at all is decided by the parser from the bytes, not from the name.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from index.parse import sniff

DEFAULT_MAX_UPLOAD_MB = 50


class UploadTooLarge(ValueError):
    pass


def max_upload_mb() -> int:
    """``BUDGETQA_MAX_UPLOAD_MB`` (default 50): one limit for the app and the service."""
    raw = os.environ.get("BUDGETQA_MAX_UPLOAD_MB", "").strip()
    if not raw:
        return DEFAULT_MAX_UPLOAD_MB
    if not raw.isdigit() or int(raw) <= 0:
        raise ValueError(f"环境变量 BUDGETQA_MAX_UPLOAD_MB={raw!r} 必须是正整数（MB）")
    return int(raw)


def safe_name(name: str | None) -> str:
    """A display name: the last path part, no control characters, no leading dots, bounded."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return base[:120] or "upload"


def looks_like_document(head: bytes) -> bool:
    """An early, cheap refusal of what no parser reads (images, executables, other archives).

    The parser sniffs again, fully, in its sandbox; this only keeps obvious junk out of the queue.
    """
    kind = sniff(head)  # the parser's own sniffing: one list of formats
    if kind.startswith(("image:", "binary:")):
        return False
    if kind != "text":
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text
        return True
    if b"\x00" in head:
        return False
    text = head.decode("utf-8", "ignore") or head.decode("gb18030", "ignore")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return bool(text.strip()) and controls <= len(text) // 50


def save_upload(folder: Path, name: str | None, blocks: Iterable[bytes], max_bytes: int) -> Path:
    """Write an upload into a new folder under ``folder``; over ``max_bytes`` nothing is kept."""
    folder.mkdir(parents=True, exist_ok=True)
    target_dir = Path(tempfile.mkdtemp(prefix="upload-", dir=folder))
    target = target_dir / safe_name(name)
    written = 0
    try:
        with open(target, "wb") as out:
            for block in blocks:
                written += len(block)
                if written > max_bytes:
                    raise UploadTooLarge(f"{safe_name(name)}：文件太大，上限 {max_bytes // (1024 * 1024)} MB")
                out.write(block)
    except BaseException:
        shutil.rmtree(target_dir, ignore_errors=True)
        raise
    return target
