"""Parse time, tables and facts for the HTML / Word / Excel disclosures.

Run: ``python benchmarks/bench_formats.py [FILE ...]`` (default: the .html/.docx/.doc/.xlsx/.xls files under
``tests/corpus/``).  Prints one line per file and writes ``benchmarks/results/formats.json``.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.facts import make_facts  # noqa: E402
from index.parse import parse_document  # noqa: E402

SUFFIXES = {".html", ".htm", ".docx", ".doc", ".xlsx", ".xls"}


def main(argv: list[str]) -> None:
    files = [Path(a) for a in argv] or sorted(
        p for p in (ROOT / "tests" / "corpus").rglob("*") if p.suffix.lower() in SUFFIXES
    )
    rows = []
    for path in files:
        start = time.perf_counter()
        doc = parse_document(path)
        parse_s = time.perf_counter() - start
        facts = make_facts(doc)
        rows.append(
            {
                "file": path.name,
                "parse_s": round(parse_s, 2),
                "tables": len(doc.tables),
                "paragraphs": len(doc.paragraphs),
                "facts": len(facts),
                "pages": doc.pages,
            }
        )
        print(f"{path.name:70s} {parse_s:6.2f} s  {len(doc.tables):3d} tables  {len(facts):6d} facts")
    out = ROOT / "benchmarks" / "results" / "formats.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "machine": platform.platform()}
    out.write_text(json.dumps({**meta, "files": rows}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
