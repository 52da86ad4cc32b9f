"""One reader process of ``tests/test_concurrency.py``: asks questions in a loop until told to stop.

Prints one JSON line: questions asked, errors (tracebacks), and answers that break a rule (a source
from a document that is not complete, a figure of a stored document that changed).
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from decimal import Decimal
from pathlib import Path


def main() -> int:
    store_dir, stop_file, expected_json = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    # {question: {"doc_id": value-in-元 as str or None for a text question}}
    expected: dict[str, dict[str, str | None]] = json.loads(expected_json)
    from index.store import Store
    from qa.engine import Engine

    store = Store(store_dir, create=False)
    engine = Engine(store, auto_ingest=False)
    out: dict = {"asked": 0, "errors": [], "bad": [], "kinds": {}}
    rounds = 0
    while rounds < 1 or not stop_file.exists():
        rounds += 1
        engine.refresh()  # documents come and go while we ask
        for question, by_doc in expected.items():
            try:
                ans = engine.ask(question)
            except Exception:
                out["errors"].append(traceback.format_exc())
                continue
            out["asked"] += 1
            out["kinds"][ans.kind] = out["kinds"].get(ans.kind, 0) + 1
            for s in ans.sources:
                if s.doc_id and s.doc_id not in by_doc:
                    out["bad"].append(f"{question}: source from unknown document {s.doc_id}")
            for fig in ans.figures[:1]:  # the direct answer
                doc_id = ans.sources[fig.source].doc_id if fig.source < len(ans.sources) else ""
                want = by_doc.get(doc_id)
                if want is not None and fig.value != Decimal(want):
                    out["bad"].append(f"{question}: {fig.label} {fig.value} from {doc_id}, expected {want}")
        time.sleep(0.05)
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
