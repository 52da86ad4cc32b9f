"""``budgetqa eval``: ask a gold question set through the engine, score it, gate on thresholds.

Regression testing is a product use, not only our own test: staff keep a set of
gold questions and run it on every change of documents or code.  The runner
builds a store from the documents given (or the ones in ``eval/docs/``), asks
every question in-process through the same ``Engine.ask`` as ``budgetqa ask``,
scores each answer with :func:`eval.scoring.score`, prints the tables, writes
per-question results as JSON Lines and exits non-zero below the thresholds.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import tempfile
import time
import tomllib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eval.scoring import TYPES, Score, display_step, display_yuan, score, to_decimal

EVAL_DIR = Path(__file__).resolve().parent
DEFAULT_DOCS_DIR = EVAL_DIR / "docs"
STORE_WIDE = "(库)"  # the "document" of a store question that names none (a not_found about the whole store)
DEFAULT_THRESHOLDS = EVAL_DIR / "thresholds.toml"
DOC_SUFFIXES = {".pdf", ".txt", ".html", ".htm", ".docx", ".doc", ".xlsx", ".xls"}
SOURCE_VALUES = ("table", "text", "both")

EXIT_OK, EXIT_BELOW_THRESHOLD, EXIT_BAD_INPUT = 0, 1, 2


class QuestionFileError(ValueError):
    """A question file that does not follow the schema; the message names file:line and the field."""


# --- question files -----------------------------------------------------------------------------


@dataclass
class Question:
    """One validated line of a question file (``raw`` is the line's object, as scored)."""

    id: str
    doc: str
    question: str
    type: str
    gold: dict[str, Any]
    file: str
    line: int
    raw: dict[str, Any] = field(repr=False, default_factory=dict)
    docs: list[str] = field(default_factory=list)  # every document the question needs (conversations)
    conversation: str = ""  # the conversation this turn belongs to ("" for a single question)
    turn: int = 0  # 1-based turn within the conversation

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def store_scope(self) -> bool:
        """Asked of the whole store with no document filter (conversations, ``"scope": "store"``)."""
        return bool(self.conversation) or self.raw.get("scope") == "store"

    @property
    def needs(self) -> list[str]:
        return self.docs or ([self.doc] if self.doc != STORE_WIDE else [])


def load_questions(files: Iterable[Path | str]) -> list[Question]:
    """Read and validate question files (a directory means its ``*.jsonl``); ids must be unique."""
    questions: list[Question] = []
    seen: dict[str, str] = {}
    for path in expand_question_files(files):
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            raise QuestionFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise QuestionFileError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
        for number, text in enumerate(lines, 1):
            if not text.strip():
                continue
            for q in parse_line(text, str(path), number):
                if q.id in seen:
                    raise QuestionFileError(
                        f"{q.where}: field 'id': {q.id!r} is already used at {seen[q.id]}"
                    )
                seen[q.id] = q.where
                questions.append(q)
    return questions


def parse_line(text: str, file: str, line: int) -> list[Question]:
    """A question line, or a conversation line (``turns``) as its questions in order."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QuestionFileError(f"{file}:{line}: not valid JSON: {exc.msg} (column {exc.colno})") from exc
    if isinstance(obj, dict) and "turns" in obj:
        return parse_conversation(obj, file, line)
    return [parse_question_line(text, file, line)]


def parse_conversation(obj: dict[str, Any], file: str, line: int) -> list[Question]:
    """{"id", "docs": [file names], "turns": [{"question", "type", "gold", "note"}, …]}: asked in
    order, each turn with the answers before it as history, of the whole store."""
    where = f"{file}:{line}"
    conv_id = obj.get("id")
    if not isinstance(conv_id, str) or not conv_id.strip():
        raise QuestionFileError(f"{where}: field 'id': must be a non-empty string")
    docs = obj.get("docs")
    if not isinstance(docs, list) or not docs or not all(isinstance(d, str) and d for d in docs):
        raise QuestionFileError(f"{where}: field 'docs': must be a non-empty list of file names")
    turns = obj["turns"]
    if not isinstance(turns, list) or not turns:
        raise QuestionFileError(f"{where}: field 'turns': must be a non-empty list")
    out = []
    for i, turn in enumerate(turns, 1):
        if not isinstance(turn, dict):
            raise QuestionFileError(f"{where}: field 'turns[{i}]': must be an object")
        row = {**turn, "id": f"{conv_id}#{i}", "doc": turn.get("doc") or docs[0]}
        try:
            q = parse_question_line(json.dumps(row, ensure_ascii=False), file, line)
        except QuestionFileError as exc:
            raise QuestionFileError(str(exc).replace(where, f"{where} turns[{i}]", 1)) from exc
        q.docs, q.conversation, q.turn = list(docs), conv_id, i
        out.append(q)
    return out


def expand_question_files(files: Iterable[Path | str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, files):
        if p.is_dir():
            out.extend(sorted(p.glob("*.jsonl")))
        elif p.exists():
            out.append(p)
        else:
            raise QuestionFileError(f"{p}: no such question file")
    return out


def parse_question_line(text: str, file: str, line: int) -> Question:
    """Validate one JSON line against the schema in eval/README.md."""
    where = f"{file}:{line}"
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QuestionFileError(f"{where}: not valid JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(obj, dict):
        raise QuestionFileError(f"{where}: expected a JSON object, got {type(obj).__name__}")

    def fail(name: str, problem: str) -> QuestionFileError:
        return QuestionFileError(f"{where}: field '{name}': {problem}")

    docs = obj.get("docs")  # a store question that needs several documents (a comparison) names them all
    if docs is not None and (
        not isinstance(docs, list) or not docs or not all(isinstance(d, str) and d for d in docs)
    ):
        raise fail("docs", "must be a non-empty list of file names")
    if obj.get("doc") is None and docs:  # the first document it names is the one its page refers to
        obj = {**obj, "doc": docs[0]}
    elif obj.get("doc") is None and obj.get("scope") == "store" and obj.get("type") == "not_found":
        obj = {**obj, "doc": STORE_WIDE}  # asked of the whole store about something no document holds
    for name in ("id", "doc", "question", "type"):
        if name not in obj:
            raise fail(name, "missing")
        if not isinstance(obj[name], str) or not obj[name].strip():
            raise fail(name, "must be a non-empty string")
    qtype = obj["type"]
    if qtype not in TYPES:
        raise fail("type", f"{qtype!r} is not one of {', '.join(TYPES)}")
    gold = obj.get("gold")
    if not isinstance(gold, dict):
        raise fail("gold", "missing or not an object")
    _validate_gold(qtype, gold, fail)
    if obj.get("page") is not None and (not isinstance(obj["page"], int) or isinstance(obj["page"], bool)):
        raise fail("page", "must be an integer or null")
    if obj.get("source") not in (None, "", *SOURCE_VALUES):
        raise fail("source", f"{obj['source']!r} is not one of {', '.join(SOURCE_VALUES)}")
    if obj.get("note") is not None and not isinstance(obj["note"], str):
        raise fail("note", "must be a string")
    return Question(
        obj["id"], obj["doc"], obj["question"], qtype, gold, file, line, obj, docs=list(docs or [])
    )


def _validate_gold(qtype: str, gold: dict[str, Any], fail: Callable[[str, str], Exception]) -> None:
    def number(name: str) -> None:
        if name not in gold:
            raise fail(f"gold.{name}", "missing")
        if to_decimal(gold[name]) is None or isinstance(gold[name], str):
            raise fail(f"gold.{name}", f"must be a number, got {gold[name]!r}")
        if not math.isfinite(float(gold[name])):
            raise fail(f"gold.{name}", "must be finite")

    def phrases(name: str) -> None:
        items = gold.get(name)
        if not isinstance(items, list) or not items:
            raise fail(f"gold.{name}", "must be a non-empty list of strings")
        if not all(isinstance(i, str) and i.strip() for i in items):
            raise fail(f"gold.{name}", "every item must be a non-empty string")

    if qtype == "amount":
        number("yuan")
        display = gold.get("display")
        if not isinstance(display, str) or display_yuan(display) is None:
            raise fail(
                "gold.display", f"must print the amount with its unit, e.g. '490.00万元', got {display!r}"
            )
        # A gold whose yuan disagrees with its own display is a typo in the set, not a product failure.
        if abs(display_yuan(display) - to_decimal(gold["yuan"])) * 2 > display_step(display):
            raise fail("gold.yuan", f"{gold['yuan']} does not match gold.display {display!r}")
    elif qtype == "count":
        number("value")
        if not isinstance(gold.get("unit", ""), str):
            raise fail("gold.unit", "must be a string")
    elif qtype == "percent":
        number("value")
    elif qtype == "text":
        phrases("any")
    elif qtype == "list":
        phrases("all")


# --- asking -------------------------------------------------------------------------------------


@dataclass
class Result:
    """One asked question with its answer and score."""

    question: Question
    answer: dict[str, Any]
    score: Score
    wall_ms: float

    @property
    def passed(self) -> bool:
        return self.score.passed

    def to_json(self) -> dict[str, Any]:
        q = self.question
        return {
            "id": q.id,
            "file": q.file,
            "line": q.line,
            "doc": q.doc,
            "type": q.type,
            "question": q.question,
            "gold": q.gold,
            "page": q.raw.get("page"),
            "source": q.raw.get("source"),
            "note": q.raw.get("note", ""),
            "passed": self.score.passed,
            "reason": self.score.reason,
            "grounded": self.score.grounded,
            "grounding_reason": self.score.grounding_reason,
            "expected": self.score.expected,
            "got": self.score.got,
            "wall_ms": round(self.wall_ms, 2),
            "answer": self.answer,
        }


def ask_all(
    questions: list[Question],
    ask: Callable[[Question], dict[str, Any]],
    progress: Callable[[int, int], None] | None = None,
) -> list[Result]:
    """Ask each question with ``ask`` (question → answer dict) and score it; an exception is a failed answer."""
    results = []
    for i, q in enumerate(questions, 1):
        start = time.perf_counter()
        try:
            answer = ask(q)
        except Exception as exc:  # one broken question must not hide the others' results
            answer = error_answer(q.question, exc)
        wall_ms = (time.perf_counter() - start) * 1000
        results.append(Result(q, answer, score(q.raw, answer), wall_ms))
        if progress:
            progress(i, len(questions))
    return results


def error_answer(question: str, exc: BaseException) -> dict[str, Any]:
    return {
        "question": question,
        "kind": "error",
        "text": f"{type(exc).__name__}: {exc}",
        "figures": [],
        "sources": [],
        "warnings": [],
        "elapsed_ms": None,
    }


# --- summary ------------------------------------------------------------------------------------


@dataclass
class Group:
    name: str
    total: int = 0
    passed: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.passed / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "total": self.total, "passed": self.passed, "accuracy": self.accuracy}


@dataclass
class Summary:
    """Everything the table, the JSON output, the report and the gate need."""

    files: list[str]
    documents: list[str]
    total: int
    passed: int
    by_type: list[Group]
    by_doc: list[Group]
    grounding_checked: int
    grounding_ok: int
    not_found_answered: int  # answers of kind not_found
    not_found_right: int  # … to not_found questions
    not_found_gold: int  # not_found questions asked
    latency: dict[str, dict[str, float | None]]
    failures: list[dict[str, Any]]
    ungrounded: list[dict[str, Any]] = field(
        default_factory=list
    )  # answered figures their quote does not print
    causes: dict[str, int] = field(default_factory=dict)  # failure reasons, grouped, most frequent first
    skipped: list[dict[str, str]] = field(default_factory=list)
    ingest: list[dict[str, Any]] = field(default_factory=list)
    gate: list[str] = field(default_factory=list)  # threshold violations; empty = pass
    by_set: list[Group] = field(default_factory=list)  # "questions", "store questions", "conversation turns"
    scope: str = "doc"  # "doc": each question asked about its own document; "store": the whole store

    @property
    def accuracy(self) -> float | None:
        return self.passed / self.total if self.total else None

    @property
    def grounding_rate(self) -> float | None:
        return self.grounding_ok / self.grounding_checked if self.grounding_checked else None

    @property
    def not_found_precision(self) -> float | None:
        return self.not_found_right / self.not_found_answered if self.not_found_answered else None

    @property
    def not_found_recall(self) -> float | None:
        return self.not_found_right / self.not_found_gold if self.not_found_gold else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["by_type"] = [g.to_dict() for g in self.by_type]
        d["by_doc"] = [g.to_dict() for g in self.by_doc]
        d.update(
            accuracy=self.accuracy,
            grounding_rate=self.grounding_rate,
            not_found_precision=self.not_found_precision,
            not_found_recall=self.not_found_recall,
            gate_passed=not self.gate,
        )
        return d


def summarize(
    results: list[Result],
    *,
    files: list[str] | None = None,
    documents: list[str] | None = None,
    skipped: list[Question] | None = None,
    ingest: list[dict[str, Any]] | None = None,
    scope: str = "doc",
) -> Summary:
    by_type = {t: Group(t) for t in TYPES}
    by_doc: dict[str, Group] = {}
    by_set: dict[str, Group] = {}
    for r in results:
        name = "conversations" if r.question.conversation else "store" if r.question.store_scope else "doc"
        g = by_set.setdefault(name, Group(name))
        g.total += 1
        g.passed += r.passed
    for r in results:
        for group in (by_type[r.question.type], by_doc.setdefault(r.question.doc, Group(r.question.doc))):
            group.total += 1
            group.passed += r.passed
    grounded = [r.score.grounded for r in results if r.score.grounded is not None]
    nf_answers = [r for r in results if r.answer.get("kind") == "not_found"]
    engine_ms = [float(r.answer["elapsed_ms"]) for r in results if _is_number(r.answer.get("elapsed_ms"))]
    return Summary(
        files=files or sorted({r.question.file for r in results}),
        documents=documents or sorted(by_doc),
        total=len(results),
        passed=sum(r.passed for r in results),
        by_type=[g for g in by_type.values() if g.total],
        by_doc=sorted(by_doc.values(), key=lambda g: g.name),
        grounding_checked=len(grounded),
        grounding_ok=sum(grounded),
        not_found_answered=len(nf_answers),
        not_found_right=sum(r.question.type == "not_found" for r in nf_answers),
        not_found_gold=sum(r.question.type == "not_found" for r in results),
        latency={
            "engine_ms": percentiles(engine_ms),
            "wall_ms": percentiles([r.wall_ms for r in results]),
        },
        failures=[
            {
                "id": r.question.id,
                "doc": r.question.doc,
                "type": r.question.type,
                "question": r.question.question,
                "expected": r.score.expected,
                "got": r.score.got,
                "reason": r.score.reason,
            }
            for r in results
            if not r.passed
        ],
        ungrounded=[
            {"id": r.question.id, "question": r.question.question, "reason": r.score.grounding_reason}
            for r in results
            if r.score.grounded is False
        ],
        causes=failure_causes(r.score.reason for r in results if not r.passed),
        skipped=[{"id": q.id, "doc": q.doc, "where": q.where} for q in skipped or []],
        ingest=ingest or [],
        scope=scope,
        by_set=[by_set[k] for k in ("doc", "store", "conversations") if k in by_set],
    )


def failure_causes(reasons: Iterable[str]) -> dict[str, int]:
    """Group reasons by their kind: "wrong amount: 946800元, expected …" → "wrong amount"."""
    counts: dict[str, int] = {}
    for reason in reasons:
        key = re.sub(r"\d+", "N", re.split(r"[:(,]", reason, maxsplit=1)[0]).strip()
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def percentiles(values: list[float]) -> dict[str, float | None]:
    """p50/p95 (linear interpolation between closest ranks)."""
    if not values:
        return {"p50": None, "p95": None}
    if len(values) == 1:
        return {"p50": round(values[0], 2), "p95": round(values[0], 2)}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": round(cuts[49], 2), "p95": round(cuts[94], 2)}


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


# --- thresholds ---------------------------------------------------------------------------------


@dataclass
class Thresholds:
    """Minimum accuracies (0–1): overall, grounding rate, and per question type."""

    overall: float = 0.0
    grounding: float = 0.0
    types: dict[str, float] = field(default_factory=dict)
    sets: dict[str, float] = field(default_factory=dict)  # [doc] / [conversations] / [store] overall minimums


def load_thresholds(path: Path | str) -> Thresholds:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuestionFileError(f"{path}: cannot read thresholds: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise QuestionFileError(f"{path}: not valid TOML: {exc}") from exc

    def level(value: Any, name: str) -> float:
        if not _is_number(value) or not 0 <= value <= 1:
            raise QuestionFileError(f"{path}: '{name}' must be a number from 0 to 1, got {value!r}")
        return float(value)

    types = data.get("types", {})
    if not isinstance(types, dict):
        raise QuestionFileError(f"{path}: [types] must be a table")
    unknown = set(types) - set(TYPES)
    if unknown:
        raise QuestionFileError(f"{path}: unknown question type(s) in [types]: {', '.join(sorted(unknown))}")
    sets = {}
    for name in ("doc", "conversations", "store"):
        section = data.get(name, {})
        if not isinstance(section, dict):
            raise QuestionFileError(f"{path}: [{name}] must be a table")
        if "overall" in section:
            sets[name] = level(section["overall"], f"{name}.overall")
    return Thresholds(
        sets=sets,
        overall=level(data.get("overall", 0.0), "overall"),
        grounding=level(data.get("grounding", 0.0), "grounding"),
        types={t: level(v, f"types.{t}") for t, v in types.items()},
    )


def check_gate(summary: Summary, thresholds: Thresholds, min_accuracy: float | None = None) -> list[str]:
    """The thresholds the run falls below (empty: the run passes). Types with no questions are not gated."""
    eps = 1e-9  # thresholds are written as measured fractions; do not fail on float noise
    violations = []

    def below(name: str, value: float | None, minimum: float) -> None:
        if value is not None and value + eps < minimum:
            violations.append(f"{name} {value:.1%} < {minimum:.1%}")

    below("overall accuracy", summary.accuracy, thresholds.overall)
    if min_accuracy is not None:
        below("overall accuracy (--min-accuracy)", summary.accuracy, min_accuracy)
    below("grounding rate", summary.grounding_rate, thresholds.grounding)
    for g in summary.by_type:
        below(f"{g.name} accuracy", g.accuracy, thresholds.types.get(g.name, 0.0))
    for g in summary.by_set:
        if g.name in thresholds.sets:
            below(f"{g.name} accuracy", g.accuracy, thresholds.sets[g.name])
    if summary.total == 0 and (thresholds.overall > 0 or (min_accuracy or 0) > 0):
        violations.append("no questions were asked")
    return violations


# --- printing -----------------------------------------------------------------------------------


def format_summary(summary: Summary, *, failures: bool = True) -> str:
    """The plain-text report printed by ``budgetqa eval``."""
    out = []
    rows = [[g.name, str(g.total), str(g.passed), _pct(g.accuracy)] for g in summary.by_type]
    rows.append(["overall", str(summary.total), str(summary.passed), _pct(summary.accuracy)])
    out += [_table(["type", "n", "passed", "accuracy"], rows), ""]
    rows = [[g.name, str(g.total), str(g.passed), _pct(g.accuracy)] for g in summary.by_doc]
    out += [_table(["document", "n", "passed", "accuracy"], rows), ""]
    if len(summary.by_set) > 1 or any(g.name != "doc" for g in summary.by_set):
        rows = [[g.name, str(g.total), str(g.passed), _pct(g.accuracy)] for g in summary.by_set]
        out += [_table(["set", "n", "passed", "accuracy"], rows), ""]
    out.append(
        f"overall accuracy  {_pct(summary.accuracy)} ({summary.passed}/{summary.total})"
        + (f"; {len(summary.skipped)} skipped" if summary.skipped else "")
        + (" (scope: whole store)" if summary.scope == "store" else " (scope: each question's document)")
    )
    out.append(
        f"grounding rate    {_pct(summary.grounding_rate)} "
        f"({summary.grounding_ok}/{summary.grounding_checked} answered figures printed in their cited quote)"
    )
    out.append(
        f"not found         precision {_pct(summary.not_found_precision)} "
        f"({summary.not_found_right}/{summary.not_found_answered}), "
        f"recall {_pct(summary.not_found_recall)} ({summary.not_found_right}/{summary.not_found_gold})"
    )
    eng, wall = summary.latency["engine_ms"], summary.latency["wall_ms"]
    out.append(
        f"latency           engine p50 {_ms(eng['p50'])} p95 {_ms(eng['p95'])}; "
        f"wall p50 {_ms(wall['p50'])} p95 {_ms(wall['p95'])}"
    )
    for s in summary.skipped:
        out.append(f"skipped {s['id']} ({s['where']}): document {s['doc']} not among the documents given")
    if summary.causes:
        out.append("failure causes    " + "; ".join(f"{k} ×{n}" for k, n in summary.causes.items()))
    if failures and summary.ungrounded:
        out += ["", f"ungrounded figures ({len(summary.ungrounded)}):"]
        out += [f"- {u['id']} {u['question']}: {u['reason']}" for u in summary.ungrounded]
    if failures and summary.failures:
        out += ["", f"failures ({len(summary.failures)}):"]
        for f in summary.failures:
            out += [
                f"- {f['id']} [{f['type']}] {f['question']}",
                f"    expected: {f['expected']}",
                f"    got:      {f['got']}",
                f"    reason:   {f['reason']}",
            ]
    out.append("")
    if summary.gate:
        out.append("BELOW THRESHOLD: " + "; ".join(summary.gate))
    else:
        out.append("thresholds: ok")
    return "\n".join(out)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1%}"


def _ms(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1f} ms"


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        parts = []
        for i, c in enumerate(cells):
            pad = " " * (widths[i] - _width(c))
            parts.append(c + pad if i == 0 else pad + c)
        return "  ".join(parts)

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


# --- main ---------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="budgetqa eval",
        description="Ask a gold question set (JSON Lines) and score the answers by type.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="question files (.jsonl) or directories of them")
    p.add_argument(
        "--docs",
        nargs="+",
        metavar="PATH",
        help=f"documents (files or directories) to build the store from; default: {DEFAULT_DOCS_DIR}",
    )
    p.add_argument("--store", metavar="DIR", help="store directory to ingest into (default: a temporary one)")
    p.add_argument("--out", metavar="FILE", help="write per-question results as JSON Lines")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument(
        "--min-accuracy", type=float, metavar="X", help="also fail when overall accuracy < X (0–1)"
    )
    p.add_argument("--report", metavar="FILE", help="write a Markdown (.md) or HTML (.html) report")
    p.add_argument(
        "--scope",
        choices=("doc", "store"),
        default="doc",
        help="doc: ask each question about its own document (as `budgetqa ask --doc FILE`); "
        "store: ask the whole store, so questions must also pick the right document (default: %(default)s)",
    )
    p.add_argument(
        "--store-per-file",
        action="store_true",
        help="ask the store-scope questions and conversations of each file of a store holding only the "
        "documents that file names (as such sets are written); each document is parsed and embedded "
        "once for all these stores",
    )
    p.add_argument(
        "--thresholds",
        metavar="FILE",
        default=str(DEFAULT_THRESHOLDS),
        help="thresholds TOML (default: %(default)s)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Run ``budgetqa eval``; 0 = at or above thresholds, 1 = below, 2 = bad input."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse's own usage errors and --help
        return int(exc.code or 0)
    if args.report and Path(args.report).suffix.lower() not in (".md", ".html", ".htm"):
        return _error(f"--report {args.report}: the report must end in .md or .html")
    if args.min_accuracy is not None and not 0 <= args.min_accuracy <= 1:
        return _error(f"--min-accuracy {args.min_accuracy}: must be from 0 to 1")
    try:
        questions = load_questions(args.files)
        thresholds = load_thresholds(args.thresholds)
    except QuestionFileError as exc:
        return _error(str(exc))
    docs = _document_paths(args.docs)
    missing = [str(p) for p in docs if not p.is_file()]
    if missing:
        return _error("no such document: " + ", ".join(missing))
    if not docs:
        return _error(
            "no documents (.pdf/.txt) given" if args.docs else f"no documents in {DEFAULT_DOCS_DIR}"
        )
    names = {p.name for p in docs}
    asked = [q for q in questions if all(d in names for d in q.needs)]
    skipped = [q for q in questions if not all(d in names for d in q.needs)]

    try:
        from index.store import Store
        from qa.engine import Engine
    except ImportError as exc:
        return _error(f"the engine is not available: {exc}")

    with tempfile.TemporaryDirectory(prefix="budgetqa-eval-", ignore_cleanup_errors=True) as tmp:
        store_dir = Path(args.store) if args.store else Path(tmp) / "store"
        store = Store(store_dir)
        say = lambda msg: print(msg, file=sys.stderr)  # noqa: E731
        prepared: dict[Path, Any] = {}  # one parse (and embedding) per document for every store
        own_stores = {  # question file → the documents of the store its store-scope set was written for
            file: needed
            for file, needed in (store_scope_documents(asked) if args.store_per_file else {}).items()
            if needed != names  # a set about every document of the run is asked of the main store
        }
        if not args.store_per_file:
            ingest = store.ingest(docs, say)
        elif any(not (q.store_scope and q.file in own_stores) for q in asked):
            ingest = build_store(store, docs, prepared, say)
        else:
            ingest = []  # every question goes to a store of its own file: the main store is not built
        ingest_rows = [
            {"file": r.file, "status": r.status, "message": r.message, "seconds": round(r.seconds, 2)}
            for r in ingest
        ]
        for r in ingest:
            if r.status == "error":
                print(f"ingest error: {r.file}: {r.message}", file=sys.stderr)
        # auto_ingest off: a store whose documents all failed must not silently fall back to data/.
        engine = Engine(store, auto_ingest=False)
        file_engines: dict[str, Engine] = {}
        by_documents: dict[frozenset[str], Engine] = {}  # files written over the same documents share a store
        for file, needed in own_stores.items():
            key = frozenset(needed)
            if key not in by_documents:
                sub = Store(store_dir.parent / f"{store_dir.name}-sets" / Path(file).stem)
                say(f"store for {Path(file).name}: {len(needed)} documents")
                build_store(sub, [p for p in docs if p.name in needed], prepared, say)
                by_documents[key] = Engine(sub, auto_ingest=False)
            file_engines[file] = by_documents[key]
        histories: dict[str, list[Any]] = {}

        def ask(q: Question) -> dict[str, Any]:
            # --scope doc is `budgetqa ask QUESTION --doc FILE`: a set's questions are about their
            # document and often name no department, which in a store of several documents is
            # rightly answered for each or with a clarify question.  Conversation turns and
            # store-scope questions are asked of the whole store; turns with the answers so far.
            filters = {"file": q.doc} if args.scope == "doc" and not q.store_scope else {}
            history = histories.setdefault(q.conversation, []) if q.conversation else []
            asked_of = file_engines.get(q.file, engine) if q.store_scope else engine
            answer = asked_of.ask(q.question, history=list(history), filters=filters)
            if q.conversation:
                history.append(answer)
            return answer.to_dict()

        results = ask_all(asked, ask, _progress if sys.stderr.isatty() else None)

    summary = summarize(
        results,
        files=[str(p) for p in expand_question_files(args.files)],
        documents=sorted(names),
        skipped=skipped,
        ingest=ingest_rows,
        scope=args.scope,
    )
    summary.gate = check_gate(summary, thresholds, args.min_accuracy)
    if args.out:
        write_results(results, Path(args.out))
    if args.report:
        from eval.report import write_report

        for path in write_report(summary.to_dict(), Path(args.report)):
            print(f"report: {path}", file=sys.stderr)
    if args.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print(format_summary(summary))
    return EXIT_BELOW_THRESHOLD if summary.gate else EXIT_OK


def store_scope_documents(questions: list[Question]) -> dict[str, set[str]]:
    """For each question file, the documents its store-scope questions and conversations name:
    the store such a set was written for (``--store-per-file``)."""
    out: dict[str, set[str]] = {}
    for q in questions:
        if q.store_scope:
            out.setdefault(q.file, set()).update(q.needs)
    return out


def build_store(store: Any, paths: list[Path], prepared: dict[Path, Any], say: Callable[[str], None]) -> list:
    """Ingest ``paths`` into ``store``, parsing and embedding each file once across calls:
    ``prepared`` keeps what ``Store.prepare`` made, and other stores commit a copy of it."""
    from index.store import IngestResult, ParsedForIngest, describe

    results = []
    for i, path in enumerate(paths, 1):
        say(f"[{i}/{len(paths)}] {path.name} …")
        start = time.perf_counter()
        try:
            parsed = prepared.get(path) or store.prepare(path)
            if isinstance(parsed, ParsedForIngest):
                prepared[path] = parsed
                result = store.ingest_prepared(parsed)
            else:
                result = parsed
        except Exception as exc:  # an embedding failure: this file only, as in a parallel ingest
            result = IngestResult(path.name, "error", message=f"索引失败：{exc}")
        result.seconds = time.perf_counter() - start
        results.append(result)
        say(f"[{i}/{len(paths)}] {describe(result)}")
    return results


def write_results(results: list[Result], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in results:
            f.write(json.dumps(r.to_json(), ensure_ascii=False, default=str) + "\n")


def _document_paths(docs: list[str] | None) -> list[Path]:
    paths = [Path(d) for d in docs] if docs else [DEFAULT_DOCS_DIR]
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix.lower() in DOC_SUFFIXES))
        else:
            out.append(p)
    return out


def _progress(i: int, n: int) -> None:
    print(f"\rasked {i}/{n}", end="\n" if i == n else "", file=sys.stderr, flush=True)


def _error(message: str) -> int:
    print(f"budgetqa eval: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
