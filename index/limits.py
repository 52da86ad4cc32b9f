"""Limits on what one uploaded file may cost, and the safe way to open it.

Every file a user gives us is hostile until parsed: it may be a FIFO or a link to a device
(reading it never ends), a link out of the folder being ingested, or far larger than any
disclosure.  ``open_regular`` refuses those from ``stat`` alone, before one byte is read;
``ParseLimits`` holds the caps the parser and the sandbox (``index.sandbox``) enforce.
All limits are configurable by environment variable (see README, Configuration).
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from index.model import ParseError

log = logging.getLogger(__name__)


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        log.warning("%s=%r is not a number; using %s", name, raw, default)
        return default
    if value <= 0:
        log.warning("%s=%r must be positive; using %s", name, raw, default)
        return default
    return value


@dataclass(frozen=True)
class ParseLimits:
    """What parsing one file may take.  Defaults leave 3–10× headroom over real disclosures
    (the largest seen: 118 pages, 2 MB, 0.44 MB of page content, ~2 min and 380 MB to parse)."""

    max_file_mb: float = 50  # BUDGETQA_MAX_FILE_MB
    max_pages: int = 500  # BUDGETQA_MAX_PAGES
    timeout_s: float = 600  # BUDGETQA_PARSE_TIMEOUT (wall clock, per file; ~1 s per page × the page cap)
    memory_mb: float = 3072  # BUDGETQA_PARSE_MEMORY_MB (address space of the parsing process; OCR of
    # two pages side by side by onnxruntime needs ≈ 2 GB of it, measured failing at 2048 under load)
    max_page_content_mb: float = 8  # BUDGETQA_MAX_PAGE_CONTENT_MB (decoded drawing commands of one page)

    @classmethod
    def from_env(cls) -> ParseLimits:
        d = cls()
        return cls(
            max_file_mb=_env_number("BUDGETQA_MAX_FILE_MB", d.max_file_mb),
            max_pages=int(_env_number("BUDGETQA_MAX_PAGES", d.max_pages)),
            timeout_s=_env_number("BUDGETQA_PARSE_TIMEOUT", d.timeout_s),
            memory_mb=_env_number("BUDGETQA_PARSE_MEMORY_MB", d.memory_mb),
            max_page_content_mb=_env_number("BUDGETQA_MAX_PAGE_CONTENT_MB", d.max_page_content_mb),
        )

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_page_content_bytes(self) -> int:
        return int(self.max_page_content_mb * 1024 * 1024)


_KIND_NAMES = [
    (stat.S_ISDIR, "是文件夹，不是文件"),
    (stat.S_ISFIFO, "是管道（FIFO），不是普通文件，已拒绝"),
    (stat.S_ISCHR, "是设备文件，不是普通文件，已拒绝"),
    (stat.S_ISBLK, "是设备文件，不是普通文件，已拒绝"),
    (stat.S_ISSOCK, "是套接字，不是普通文件，已拒绝"),
]


def _not_regular(mode: int) -> str:
    for test, reason in _KIND_NAMES:
        if test(mode):
            return reason
    return "不是普通文件，已拒绝"


def _check_link(path: Path) -> Path:
    """A symbolic link is followed only to a regular file inside the folder that holds the link.

    A link out of that folder (to /etc/passwd, to another user's files, to /dev/zero) is how an
    upload or a shared folder reads what it should not; it is refused, not followed.
    """
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # dangling link or a loop
        raise ParseError(path.name, "是无效的符号链接（目标不存在或循环），已拒绝") from exc
    folder = path.absolute().parent.resolve()
    if not target.is_relative_to(folder):
        raise ParseError(path.name, "是指向所在文件夹以外的符号链接，已拒绝（请直接给出目标文件）")
    return target


def open_regular(path: Path | str, limits: ParseLimits | None = None) -> tuple[int, os.stat_result]:
    """Open ``path`` for reading only if it is a regular, non-empty file within the size cap.

    Returns ``(fd, stat)``; the caller closes the fd.  The open never blocks (O_NONBLOCK: a FIFO
    with no writer would otherwise hang for ever) and never follows a link itself (O_NOFOLLOW:
    links are resolved and checked by ``_check_link`` first); the type is checked on the opened
    fd, so a file swapped for a FIFO between the checks is still refused.
    """
    path = Path(path)
    limits = limits or ParseLimits.from_env()
    name = path.name or str(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError as exc:
        raise ParseError(name, "找不到文件") from exc
    except OSError as exc:
        raise ParseError(name, f"无法读取文件（{exc.strerror or exc}）") from exc
    real = _check_link(path) if stat.S_ISLNK(st.st_mode) else path
    if not stat.S_ISLNK(st.st_mode) and not stat.S_ISREG(st.st_mode):
        raise ParseError(name, _not_regular(st.st_mode))
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(real, flags)
    except OSError as exc:  # ELOOP: swapped for a link; ENXIO: a socket
        raise ParseError(name, f"无法打开文件（{exc.strerror or exc}），已拒绝") from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ParseError(name, _not_regular(st.st_mode))
        if st.st_size == 0:
            raise ParseError(name, "空文件")
        if st.st_size > limits.max_file_bytes:
            raise ParseError(
                name,
                f"文件太大（{st.st_size / 1048576:.1f} MB，上限 {limits.max_file_mb:g} MB，"
                "可用 BUDGETQA_MAX_FILE_MB 调整）",
            )
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def read_header(path: Path | str, size: int = 8192, limits: ParseLimits | None = None) -> bytes:
    """The first ``size`` bytes of a checked regular file (enough to tell its type)."""
    fd, _ = open_regular(path, limits)
    with os.fdopen(fd, "rb") as fh:
        return fh.read(size)
