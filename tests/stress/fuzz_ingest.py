"""Stress run of the ingest fuzz (by hand, not in CI): ≥ 1,000 hostile files through
`python -m qa.cli ingest DIR` once, then a report: files fuzzed, crashes, max seconds and MB per file.

    python tests/stress/fuzz_ingest.py --count 1000 [--seed 1] [--out benchmarks/results/fuzz_ingest.json]

A crash is any traceback in the output, a file without exactly one result line, a file refused for
a reason other than the expected one, or a good file not ingested.  Parser exceptions that the
sandbox turned into one line (「文件已损坏或格式异常」) are counted separately: not crashes, but
worth reading.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import fuzz_files  # noqa: E402
from test_fuzz_ingest import LINE, line_for, run_ingest  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=int, default=120, help="BUDGETQA_PARSE_TIMEOUT for the run")
    ap.add_argument("--memory-mb", type=int, default=1536, help="BUDGETQA_PARSE_MEMORY_MB for the run")
    ap.add_argument("--big-share", type=float, default=0.05, help="share of mutations of the 24-page PDF")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--workdir", type=Path, help="keep the files, store and per-file stats here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="budgetqa-fuzz-") as tmp:
        base = args.workdir or Path(tmp)
        files = fuzz_files.make_files(
            base / "in", args.count, seed=args.seed, outside=base / "outside", big_share=args.big_share
        )
        stats = base / "stats.jsonl"
        code, output, seconds = run_ingest(
            base / "store",
            base / "in",
            stats=stats,
            wait=None,
            BUDGETQA_PARSE_TIMEOUT=str(args.timeout),
            BUDGETQA_PARSE_MEMORY_MB=str(args.memory_mb),
        )
        records = [json.loads(x) for x in stats.read_text(encoding="utf-8").splitlines()]
    crashes: list[str] = []
    if "Traceback" in output:
        crashes.append("traceback in output: " + output[output.index("Traceback") :][:2000])
    for f in files:
        lines = line_for(output, f.name)
        if len(lines) != 1:
            crashes.append(f"{f.name!r} ({f.kind}): {len(lines)} result lines")
            continue
        line = lines[0]
        if f.expect == fuzz_files.OK and not line.startswith(("已导入", "跳过")):
            crashes.append(f"{f.name!r} ({f.kind}) not ingested: {line}")
        elif f.expect not in (fuzz_files.OK, fuzz_files.ANY) and (
            not line.startswith("错误") or not re.search(f.expect, line)
        ):
            crashes.append(f"{f.name!r} ({f.kind}) expected {f.expect}: {line}")
    results = [ln for ln in output.splitlines() if LINE.match(ln)]
    outcome = {
        "files_fuzzed": len(files),
        "result_lines": len(results),
        "ingested": sum(" 已导入 " in ln or " 跳过 " in ln for ln in results),
        "refused": sum(" 错误 " in ln for ln in results),
        "crashes": len(crashes),
        "parser_exceptions_caught": sum("文件已损坏或格式异常" in ln for ln in results),
        "timeouts": sum("解析超时" in ln for ln in results),
        "memory_limit_hits": sum("内存超过上限" in ln for ln in results),
        "exit_code": code,
        "total_seconds": round(seconds, 1),
        "max_seconds_per_file": max(r["seconds"] for r in records),
        "max_mb_per_file": max(r["peak_mb"] for r in records),
        "limits": {"timeout_s": args.timeout, "memory_mb": args.memory_mb},
    }
    kinds: dict[str, int] = {}
    for f in files:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    outcome["kinds"] = kinds
    slowest = sorted(records, key=lambda r: -r["seconds"])[:5]
    outcome["slowest"] = slowest
    print(json.dumps(outcome, ensure_ascii=False, indent=2))
    for c in crashes[:50]:
        print("CRASH", c)
    if args.out:
        args.out.write_text(
            json.dumps(outcome | {"crash_list": crashes}, ensure_ascii=False, indent=2) + "\n"
        )
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
