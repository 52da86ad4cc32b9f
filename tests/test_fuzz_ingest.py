"""Hostile files through the real CLI: `python -m qa.cli ingest DIR`, once, as a subprocess.

~60 generated files (tests/fuzz_files.py: its 39 fixed cases and ~20 random mutations): random bytes, real PDFs cut and bit-flipped, empty
files, HTML/ZIP/PNG named .pdf, text in GBK/UTF-16/with NULs, odd names, links out of the
folder, FIFOs, links to /dev/zero, 1,000 blank pages, a flate bomb, a page of millions of
drawing commands, fonts without a Unicode map, files that parse but are no disclosure, and
good files beside them.  The stress run with ≥ 1,000 files is tests/stress/fuzz_ingest.py (run by hand;
its last result is benchmarks/results/fuzz_ingest.json).  CI ran 150 files until the wild gate came in: every
fixed case is still here, and each random mutation costs a sandboxed parse (~1 s) that the stress run repeats
a thousand times.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fuzz_files  # noqa: E402
from fuzz_files import ANY, OK  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CI_COUNT = int(os.environ.get("BUDGETQA_FUZZ_COUNT", "60"))
TIMEOUT_S = 120
MEMORY_MB = 3072  # the default: OCR (onnxruntime) needs its address space
LINE = re.compile(r"^\[(\d+)/(\d+)\] (错误|已导入|跳过|已替换) (.*)$")


def run_ingest(
    store: Path, *paths: Path, stats: Path, wait: float | None = 1800, **env: str
) -> tuple[int, str, float]:
    environ = os.environ | {
        "BUDGETQA_RETRIEVAL": "0",
        "BUDGETQA_PARSE_TIMEOUT": str(TIMEOUT_S),
        "BUDGETQA_PARSE_MEMORY_MB": str(MEMORY_MB),
        "BUDGETQA_PARSE_STATS": str(stats),
        # garbled-text PDFs are OCR'd (seconds per page); two pages show it, the rest must be refused
        "BUDGETQA_OCR_MAX_PAGES": "2",
    }
    environ.update(env)
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ingest", "--store", str(store), *map(str, paths)],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=wait,
    )
    return proc.returncode, proc.stdout + proc.stderr, time.monotonic() - start


def line_for(output: str, name: str) -> list[str]:
    found = []
    for line in output.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        status, rest = m.group(3), m.group(4)
        if (status == "错误" and rest.startswith(f"{name}: ")) or (
            status != "错误" and (rest.startswith(f"{name}: ") or rest.startswith(f"{name}（"))
        ):
            found.append(f"{status} {rest}")
    return found


@pytest.fixture(scope="module")
def fuzz_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("fuzz")
    folder = base / "in"
    files = fuzz_files.make_files(folder, CI_COUNT, seed=20261130, outside=base / "outside")
    stats = base / "stats.jsonl"
    code, output, seconds = run_ingest(base / "store", folder, stats=stats)
    records = (
        [json.loads(x) for x in stats.read_text(encoding="utf-8").splitlines()] if stats.exists() else []
    )
    return files, code, output, seconds, records, base


def test_no_traceback_and_exit_code(fuzz_run):
    files, code, output, _, _, _ = fuzz_run
    assert "Traceback" not in output, output[-3000:]
    assert code == 1  # some files failed, so the exit code says so
    summary = [ln for ln in output.splitlines() if "个文件就绪" in ln]
    assert summary, output[-2000:]


def test_one_line_per_file_with_its_reason(fuzz_run):
    files, _, output, _, _, _ = fuzz_run
    problems = []
    for f in files:
        lines = line_for(output, f.name)
        if len(lines) != 1:
            problems.append(f"{f.name!r} ({f.kind}): {len(lines)} result lines")
            continue
        line = lines[0]
        if f.expect == OK:
            if not line.startswith(("已导入", "跳过")):
                problems.append(f"{f.name!r} ({f.kind}) should be ingested: {line}")
        elif f.expect != ANY:
            if not line.startswith("错误"):
                problems.append(f"{f.name!r} ({f.kind}) should be refused: {line}")
            elif not re.search(f.expect, line.split(": ", 1)[1]):
                problems.append(f"{f.name!r} ({f.kind}) reason {line!r} !~ {f.expect}")
        if line.startswith("错误") and not re.search(r"[\u4e00-\u9fff]", line.split(": ", 1)[1]):
            problems.append(f"{f.name!r}: reason not in Chinese: {line}")
    assert not problems, "\n".join(problems)
    counted = [ln for ln in output.splitlines() if LINE.match(ln)]
    assert len(counted) == len(files) + 1  # + the directory named subdir.pdf (refused: 是文件夹)


def test_good_files_are_in_the_store(fuzz_run):
    _, _, _, _, _, base = fuzz_run
    proc = subprocess.run(
        [sys.executable, "-m", "qa.cli", "docs", "--json", "--store", str(base / "store")],
        cwd=ROOT,
        env=os.environ | {"BUDGETQA_RETRIEVAL": "0"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    docs = json.loads(proc.stdout)
    departments = {d["department"] for d in docs}
    assert {"郑州市大数据管理局", "上海市普陀区财政局"} <= departments
    files = {d["file"] for d in docs}
    # the text read from GBK, UTF-16 (with and without BOM), UTF-8 with BOM and with NULs: the same document
    seeds = {d["n_facts"] for d in docs if d["file"].startswith("seed")}
    assert {"seed.txt", "seed_gbk.txt", "seed_utf16.txt", "seed_utf16le_nobom.txt", "seed_nul.txt"} <= files
    assert len(seeds) == 1, seeds
    assert "one_table.pdf" in files and "pattern_fill.pdf" in files and "junk_before_header.pdf" in files


def test_time_and_memory_per_file_are_bounded(fuzz_run):
    files, _, _, seconds, records, _ = fuzz_run
    assert records, "no parse statistics written"
    worst_s = max(r["seconds"] for r in records)
    worst_mb = max(r["peak_mb"] for r in records)
    print(
        f"\nfuzz: {len(files)} files in {seconds:.0f} s; max {worst_s:.1f} s and {worst_mb:.0f} MB per file"
    )
    assert worst_s <= TIMEOUT_S + 10
    assert worst_mb <= MEMORY_MB
    bombs = {r["file"]: r for r in records if r["file"] in {"flate_bomb.pdf", "huge_content.pdf"}}
    assert len(bombs) == 2 and all(r["peak_mb"] < 500 for r in bombs.values()), bombs


def test_timeout_and_memory_limit_stop_a_parse(tmp_path):
    """A page of ~500,000 lines under the content cap: stopped by the timeout, or by the memory limit."""
    heavy = tmp_path / "heavy.pdf"
    heavy.write_bytes(fuzz_files.drawing_heavy_pdf(6))
    good = tmp_path / "good.pdf"
    good.write_bytes(fuzz_files.budget_pdf())
    stats = tmp_path / "stats.jsonl"
    code, output, _ = run_ingest(tmp_path / "s1", heavy, good, stats=stats, BUDGETQA_PARSE_TIMEOUT="3")
    assert "Traceback" not in output
    assert code == 1
    assert "错误 heavy.pdf: 解析超时（超过 3 秒" in output, output
    assert "已导入 good.pdf" in output  # the batch goes on after a killed parse
    first = json.loads(stats.read_text(encoding="utf-8").splitlines()[0])
    assert first["seconds"] < 3 + 3

    code, output, _ = run_ingest(
        tmp_path / "s2", heavy, stats=stats, BUDGETQA_PARSE_MEMORY_MB="120", BUDGETQA_PARSE_TIMEOUT="60"
    )
    assert "Traceback" not in output
    assert re.search(r"错误 heavy\.pdf: 解析所需内存超过上限（120 MB", output), output


def test_only_good_files_exit_zero(tmp_path):
    good = tmp_path / "in"
    good.mkdir()
    (good / "small.pdf").write_bytes(fuzz_files.budget_pdf())
    (good / "seed_gbk.txt").write_bytes(
        fuzz_files.SEED_TXT.read_text(encoding="utf-8").encode("gbk", "replace")
    )
    code, output, _ = run_ingest(tmp_path / "store", good, stats=tmp_path / "stats.jsonl")
    assert code == 0, output
    assert "2 个文件就绪，0 个出错" in output


def test_file_size_cap(tmp_path):
    big = tmp_path / "big.pdf"
    big.write_bytes(fuzz_files.budget_pdf() + b"\n%" + b"x" * (2 * 1024 * 1024))
    code, output, _ = run_ingest(
        tmp_path / "store", big, stats=tmp_path / "s.jsonl", BUDGETQA_MAX_FILE_MB="1"
    )
    assert code == 1
    assert "错误 big.pdf: 文件太大（2.0 MB，上限 1 MB" in output, output
