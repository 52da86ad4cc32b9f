"""Parse one untrusted file in a child process with a time and memory limit.

A 20 KB PDF can ask pdfminer for gigabytes (a flate bomb) or hours (a page of a million
drawing commands), and a parser bug can crash or hang.  None of that may reach the process
that serves questions or the rest of a batch: each file is parsed in a fresh child forked from
a multiprocessing *forkserver* (a clean interpreter with the parsers preloaded, so a child
starts in milliseconds and never inherits the parent's threads, locks or open stores).  The
child's address space is capped with ``RLIMIT_AS``, the parent waits at most the timeout and
then kills the child's whole process group, and the parsed ``Document`` comes back pickled
over a pipe.  Whatever happens, the caller gets a ``Document`` or a ``ParseError`` with the
file's name and a reason in Chinese: never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import multiprocessing
import os
import pickle
import resource
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from index.limits import ParseLimits, open_regular
from index.model import Document, ParseError

log = logging.getLogger(__name__)

_PRELOAD = ["index._sandbox_preload"]
_context_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None


@dataclass
class ParsedFile:
    """A document parsed in the sandbox, with what it cost."""

    doc: Document
    seconds: float
    peak_mb: float


def _get_context() -> multiprocessing.context.BaseContext:
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(_PRELOAD)
            _context = ctx
        return _context


def _debug() -> bool:
    return os.environ.get("BUDGETQA_PARSE_DEBUG", "").lower() in {"1", "true", "yes"}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _quiet_child() -> None:
    """The child talks only through its pipe: library warnings and C-level noise go nowhere."""
    import warnings

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def _child(conn, path: str, dev: int, ino: int, limits: ParseLimits) -> None:  # runs in the child
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # its own process group: a timeout kills any converter it started, too
    if not _debug():
        _quiet_child()
    limit = int(limits.memory_mb * 1024 * 1024)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    name = Path(path).name
    outcome: tuple
    try:
        st = os.stat(path, follow_symlinks=True)
        if (st.st_dev, st.st_ino) != (dev, ino):
            raise ParseError(name, "文件在检查之后被替换，已拒绝")
        from index.parse import parse_document

        outcome = ("ok", parse_document(path, limits))
    except ParseError as exc:
        outcome = ("error", exc.reason)
    except MemoryError:
        outcome = ("error", _memory_reason(limits))
    except RecursionError:
        outcome = ("error", "文件结构嵌套过深（可能是损坏或恶意构造的文件），无法解析")
    except Exception as exc:  # a parser bug: one line for the user, the traceback only when debugging
        if _debug():
            log.exception("parsing %s failed", name)
        outcome = ("error", f"文件已损坏或格式异常，无法解析（{type(exc).__name__}: {str(exc)[:160]}）")
    try:
        conn.send_bytes(pickle.dumps((*outcome, _peak_mb()), protocol=pickle.HIGHEST_PROTOCOL))
    except MemoryError:
        conn.send_bytes(pickle.dumps(("error", _memory_reason(limits), _peak_mb())))
    conn.close()


class _DocumentUnpickler(pickle.Unpickler):
    """Unpickle only what a parse result is made of (classes of index/, Decimal, dates, builtins).

    The child parses hostile bytes; should a parser ever be exploited, a pickle naming any other
    callable (os.system …) is refused instead of run in the parent.
    """

    _ALLOWED = {
        ("decimal", "Decimal"),
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("builtins", "tuple"),
        ("builtins", "list"),
        ("builtins", "dict"),
        ("copyreg", "_reconstructor"),
        ("builtins", "object"),
    }

    def find_class(self, module: str, name: str):
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        if module.startswith("index."):  # the document model and its parts: classes, never functions
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a parse result")


def _loads(data: bytes):
    return _DocumentUnpickler(io.BytesIO(data)).load()


def _memory_reason(limits: ParseLimits) -> str:
    return f"解析所需内存超过上限（{limits.memory_mb:g} MB，可用 BUDGETQA_PARSE_MEMORY_MB 调整），已停止"


def _vm_hwm_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _kill(proc) -> None:
    with contextlib.suppress(OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    if proc.is_alive():
        proc.kill()
    proc.join(5)


def parse_bounded(path: Path | str, limits: ParseLimits | None = None) -> ParsedFile:
    """Parse ``path`` in a sandboxed child process; raise ``ParseError`` (file, reason) on any failure.

    FIFOs, devices, sockets, directories, links out of the file's folder, empty and oversized
    files are refused here from ``stat``, before a child is started or a byte is read.
    With ``BUDGETQA_PARSE_STATS=FILE`` one JSON line per file (seconds, peak MB, outcome) is
    appended to FILE: the fuzz test and the stress run read it.
    """
    peak = [0.0, 0.0]  # peak MB, seconds
    try:
        parsed = _parse_bounded(Path(path), limits or ParseLimits.from_env(), peak)
    except ParseError as exc:
        _record(Path(path).name, peak[1], peak[0], exc.reason)
        raise
    _record(Path(path).name, parsed.seconds, parsed.peak_mb, "")
    return parsed


def _record(name: str, seconds: float, peak_mb: float, reason: str) -> None:
    target = os.environ.get("BUDGETQA_PARSE_STATS")
    if not target:
        return
    line = {"file": name, "seconds": round(seconds, 3), "peak_mb": round(peak_mb, 1), "error": reason}
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def _parse_bounded(path: Path, limits: ParseLimits, peak_out: list[float]) -> ParsedFile:
    name = path.name
    fd, st = open_regular(path, limits)
    os.close(fd)
    ctx = _get_context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_child,
        args=(sender, str(path), st.st_dev, st.st_ino, limits),
        name="budgetqa-parse",
        daemon=True,
    )
    try:
        proc.start()  # the first call also starts the forkserver (imports, jieba's dictionary): not timed
    except OSError as exc:  # no processes left, no /dev/shm …: refuse rather than parse unguarded
        sender.close()
        receiver.close()
        raise ParseError(name, f"无法启动解析进程（{exc.strerror or exc}），请稍后再试") from exc
    start = time.monotonic()
    sender.close()
    message = None
    try:
        if receiver.poll(limits.timeout_s):
            try:
                message = _loads(receiver.recv_bytes())
            except (EOFError, OSError):
                message = None
            except pickle.UnpicklingError as exc:
                raise ParseError(name, "解析进程返回了异常的数据，已拒绝") from exc
        else:
            peak = peak_out[0] = _vm_hwm_mb(proc.pid)
            _kill(proc)
            peak_out[1] = time.monotonic() - start
            raise ParseError(
                name,
                f"解析超时（超过 {limits.timeout_s:g} 秒，可用 BUDGETQA_PARSE_TIMEOUT 调整），已停止"
                + (f"；当时占用内存 {peak:.0f} MB" if peak else ""),
            )
    finally:
        receiver.close()
        proc.join(5)
        if proc.is_alive():
            _kill(proc)
    seconds = peak_out[1] = time.monotonic() - start
    if message is None:
        code = proc.exitcode
        if code is not None and code < 0:
            sig = -code
            if sig == signal.SIGKILL:
                raise ParseError(name, "解析进程被系统终止（可能内存不足），已停止")
            raise ParseError(name, f"解析进程异常退出（信号 {signal.Signals(sig).name}），文件可能已损坏")
        raise ParseError(name, f"解析进程异常退出（退出码 {code}），文件可能已损坏")
    status, payload, peak_mb = message
    peak_out[0] = peak_mb
    if status != "ok":
        raise ParseError(name, payload)
    log.info("parsed %s in %.1f s, peak %.0f MB", name, seconds, peak_mb)
    return ParsedFile(payload, seconds, peak_mb)
