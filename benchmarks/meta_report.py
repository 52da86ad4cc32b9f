"""Metadata and parse report over a folder of real disclosures (by hand: parses every file).

    python benchmarks/meta_report.py [FOLDER ...] [--jobs 2] [--json out.json]

Prints, per file, the department, year(s), kind, region and level read from the document, where
they came from (document or file name), and the parse report (tables whose own totals verify /
tables that print totals).  Ends with the share of verified tables over all files.  Files that
cannot be parsed are listed with the reason.  Compare the metadata by hand with the folder's
README (corpus/wild/README.md lists what each file prints); nothing here knows the answers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.model import ParseError  # noqa: E402
from index.parse import parse_document  # noqa: E402
from index.parse_report import parse_report  # noqa: E402


def _one(path: str) -> dict:
    t0 = time.perf_counter()
    try:
        doc = parse_document(path)
    except ParseError as exc:
        return {"file": Path(path).name, "error": exc.reason}
    except Exception as exc:  # a benchmark reports every failure instead of stopping
        return {"file": Path(path).name, "error": f"{type(exc).__name__}: {exc}"}
    report = parse_report(doc)
    return {
        "file": doc.file,
        "department": doc.department,
        "year": doc.year,
        "years": doc.years,
        "kind": doc.kind,
        "region": doc.region,
        "level": doc.level,
        "title": doc.title,
        "meta_source": doc.meta_source,
        "report": report.to_dict(),
        "seconds": round(time.perf_counter() - t0, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", default=["../shared/corpus/wild", "tests/corpus"])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", help="write the rows to this file")
    args = ap.parse_args(argv)
    files = sorted(
        str(p) for f in args.folders for p in Path(f).iterdir() if p.is_file() and p.name != "README.md"
    )
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(_one, files))
    verified = checkable = 0
    for r in rows:
        if "error" in r:
            print(f"{r['file']}\t✗ {r['error']}")
            continue
        rep = r["report"]
        verified += rep["tables_verified"]
        checkable += rep["tables_checkable"]
        years = "→".join(str(y) for y in r["years"]) or "?"
        print(
            f"{r['file']}\t{r['department']}\t{years}\t{r['kind']}\t{r['region']}\t{r['level']}\t"
            f"{r['meta_source']}\t表 {rep['tables_verified']}/{rep['tables_checkable']} (共{rep['tables']})\t"
            f"{rep['facts']} facts\t{r['seconds']} s"
        )
    share = verified / checkable if checkable else 0.0
    print(f"\nverified tables: {verified}/{checkable} = {share:.1%} (tables printing totals that add up)")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
