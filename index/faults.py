"""Named stages of a store write, visible to the crash test.

With ``BUDGETQA_TEST_PAUSE=<seconds>`` set, every ``stage(name)`` prints ``BUDGETQA_STAGE <name>``
on stderr and sleeps that long, so ``tests/test_crash.py`` can SIGKILL a real ``budgetqa ingest``
inside each stage (parsing, figures, the kept copy half written, embeddings, vectors written but
not words, facts inserted but not committed …).  Unset (always, outside that test) it does nothing.
"""

from __future__ import annotations

import os
import sys
import time

PAUSE_ENV = "BUDGETQA_TEST_PAUSE"


def stage(name: str) -> None:
    pause = os.environ.get(PAUSE_ENV)
    if not pause:
        return
    print(f"BUDGETQA_STAGE {name}", file=sys.stderr, flush=True)
    time.sleep(float(pause))
