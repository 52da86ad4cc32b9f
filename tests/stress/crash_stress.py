"""The kill loop of ``tests/test_crash.py`` at a larger count (run by hand; not part of pytest).

    python tests/stress/crash_stress.py --count 40 [--retrieval-count 12] [--seed 1]

Kills are spread over the stages in turn (figures-only pass, then a pass with real e5 embeddings);
prints kills survived per stage and the seconds taken.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))  # the repo, not an installed copy

from conftest import PUTUO, SEED  # noqa: E402
from test_crash import FIGURE_STAGES, RETRIEVAL_STAGES, WUHAN, run_kills  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=40, help="kills in the figures-only pass")
    ap.add_argument("--retrieval-count", type=int, default=12, help="kills with embeddings on")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    for label, stages, count, files, before, retrieval in (
        ("figures", FIGURE_STAGES, args.count, [SEED], [PUTUO], False),
        ("retrieval", RETRIEVAL_STAGES, args.retrieval_count, [WUHAN], [], True),
    ):
        if count <= 0:
            continue
        plan = [stages[i % len(stages)] for i in range(count)]
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            log = run_kills(Path(tmp), plan, files, before, retrieval, seed=args.seed)
        took = time.perf_counter() - start
        print(
            f"{label}: {log.kills} kills survived, {log.checks} checks passed, final state equals a clean "
            f"ingest, no leftovers ({took:.0f} s); by stage: {log.by_stage}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
