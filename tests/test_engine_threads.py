"""20 threads on one Engine (as the app and an API share one), each with its own conversation:
no exception, and no conversation sees another's state (issue 12 §3).

Each conversation is first asked alone; asked concurrently, every turn must give the same
answer, and a follow-up must resolve against its own conversation's previous answer.
"""

from __future__ import annotations

import threading

from qa.answer import Answer
from qa.engine import Engine

CONVERSATIONS = [
    ["大数据局全市政务数据治理项目多少钱", "换成元", "那2020年呢"],
    ["江苏高院提租补贴多少元", "换成万元"],
    ["普陀区财政局行政运行", "项目支出呢", "换成元"],
    ["大数据局基本支出多少", "占比多少"],
    ["江苏高院因公出国经费多少", "占比多少"],
    ["大数据局三公经费多少", "江苏高院呢", "换成元"],
    ["江苏高院住房公积金", "普陀区财政局呢"],
    ["大数据局编制多少人", "在职职工呢"],
    ["大数据局差旅费项目支出", "基本支出呢"],
    ["江苏高院2017年支出总计", "比上年增加多少"],
]


def _signature(ans: Answer) -> tuple:
    return (ans.kind, tuple((f.label, str(f.value), f.display) for f in ans.figures), ans.text)


def _run(engine: Engine, turns: list[str]) -> list[tuple]:
    history: list[Answer] = []
    out = []
    for question in turns:
        ans = engine.ask(question, history=list(history))
        history.append(ans)
        out.append(_signature(ans))
    return out


def test_twenty_threads_one_engine(figure_engine: Engine) -> None:
    expected = [_run(figure_engine, turns) for turns in CONVERSATIONS]
    results: dict[int, list[tuple]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            for _ in range(3):
                results[i] = _run(figure_engine, CONVERSATIONS[i % len(CONVERSATIONS)])
                assert results[i] == expected[i % len(CONVERSATIONS)], i
        except BaseException as exc:  # collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)
    assert not errors, errors[:3]
    assert len(results) == 20
