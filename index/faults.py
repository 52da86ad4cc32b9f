"""Named stages of a store write, visible to the crash and concurrency tests.

With ``BUDGETQA_TEST_PAUSE`` set, every ``stage(name)`` prints ``BUDGETQA_STAGE <name>`` on stderr
and lingers, so ``tests/test_crash.py`` can SIGKILL a real ``budgetqa ingest`` inside each stage
(parsing, figures, the kept copy half written, embeddings, vectors written but not words, facts
inserted but not committed …).  The value is seconds for every stage, optionally followed by
``,<stage>=<seconds>`` for one stage; ``BUDGETQA_TEST_RESUME`` names a file whose appearance ends a
pause early.  Unset (always, outside those tests) it does nothing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

PAUSE_ENV = "BUDGETQA_TEST_PAUSE"
RESUME_ENV = "BUDGETQA_TEST_RESUME"


def stage(name: str) -> None:
    spec = os.environ.get(PAUSE_ENV)
    if not spec:
        return
    default, *specific = spec.split(",")
    pauses = dict(s.rsplit("=", 1) for s in specific)
    print(f"BUDGETQA_STAGE {name}", file=sys.stderr, flush=True)
    deadline = time.monotonic() + float(pauses.get(name, default))
    resume = os.environ.get(RESUME_ENV)
    while time.monotonic() < deadline:
        if resume and Path(resume).exists():
            return
        time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
