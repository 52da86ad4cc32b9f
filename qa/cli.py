"""`budgetqa`: ingest, ask, check, docs, eval.

The store directory is --store, else $BUDGETQA_HOME, else ./.budgetqa.  ``ask``
on a store nothing was ever ingested into first ingests the embedded default
corpus, so a new user gets answers with no set-up.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def cmd_ingest(args: argparse.Namespace) -> int:
    from index.store import Store

    store = Store(args.store)
    results = store.ingest([Path(p) for p in args.paths], progress=_progress)
    errors = [r for r in results if r.status == "error"]
    print(
        f"{len(results) - len(errors)} 个文件就绪，{len(errors)} 个出错；库：{store.path}",
        file=sys.stderr,
    )
    return 1 if errors else 0


def cmd_ask(args: argparse.Namespace) -> int:
    from index.store import Store
    from qa.engine import Engine, format_answer

    store = Store(args.store)
    if store.is_empty():
        _progress(f"库 {store.path} 是空的，先导入内置的默认文件 …")
        # figures now; the text index is built when a text question first needs it
        store.ensure_default_corpus(progress=_progress, index_now=False)
    engine = Engine(store, auto_ingest=False)
    filters = {}
    if args.doc:
        filters["file"] = args.doc
    if args.department:
        filters["department"] = args.department
    if args.year:
        filters["year"] = args.year
    ans = engine.ask(args.question, filters=filters, prefer_unit=args.unit)
    if args.json:
        print(json.dumps(ans.to_dict(), ensure_ascii=False, indent=None if args.compact else 2))
    else:
        print(format_answer(ans))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from index.consistency import check_store, format_findings
    from index.store import Store

    store = Store(args.store)
    if store.is_empty():
        store.ensure_default_corpus(progress=_progress)
    findings = check_store(store)
    if args.json:
        print(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        print(format_findings(findings, store))
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from index.store import Store

    store = Store(args.store)
    docs = store.documents()
    if args.json:
        print(json.dumps([d.__dict__ for d in docs], ensure_ascii=False, indent=2))
        return 0
    if not docs:
        print(f"库 {store.path} 是空的。用 budgetqa ingest 文件 导入，或直接 budgetqa ask 使用默认文件。")
        return 0
    print(f"库：{store.path}")
    for d in docs:
        pages = f"{d.pages}页" if d.pages else "文本"
        report = d.report or {}
        years = "、".join(f"{y}年" for y in report.get("years") or []) or f"{d.year}年"
        extra = ""
        if report.get("tables_checkable"):
            extra += f" | 表内合计核对 {report['tables_verified']}/{report['tables_checkable']}"
        if report.get("ocr_pages"):
            extra += f" | OCR {report['ocr_pages']}页"
        if report.get("meta_source") == "file name":
            extra += " | 文件未写明部门或年份，取自文件名"
        elif report.get("meta_source") == "region":
            extra += " | 文件只写明地区，未写明发布机关"
        print(
            f"- {d.department} {years}{d.kind} | {d.file} | {pages} | {d.n_tables} 张表 | "
            f"{d.n_facts} 个数字{extra} | id {d.doc_id}"
        )
    return 0


def cmd_eval(argv: list[str]) -> int:
    from eval.runner import main as eval_main

    return eval_main(argv)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="budgetqa", description="预算公开文件问答：精确数字，注明出处。")
    sub = p.add_subparsers(dest="command", required=True)

    def store_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--store", help="store directory (default: $BUDGETQA_HOME or ./.budgetqa)")

    sp = sub.add_parser("ingest", help="add documents (PDF or text) to the store")
    sp.add_argument("paths", nargs="+", help="files or directories")
    store_arg(sp)
    sp.set_defaults(func=cmd_ingest)

    sp = sub.add_parser("ask", help="ask a question")
    sp.add_argument("question")
    sp.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    sp.add_argument("--compact", action="store_true", help="JSON on one line")
    sp.add_argument("--unit", choices=["元", "万元"], help="preferred unit for amounts")
    sp.add_argument("--doc", help="only this document (file name)")
    sp.add_argument("--department", help="only this department")
    sp.add_argument("--year", type=int, help="only this year")
    store_arg(sp)
    sp.set_defaults(func=cmd_ask)

    sp = sub.add_parser("check", help="list discrepancies inside each document")
    sp.add_argument("--json", action="store_true")
    store_arg(sp)
    sp.set_defaults(func=cmd_check)

    sp = sub.add_parser("docs", help="what the store holds")
    sp.add_argument("--json", action="store_true")
    store_arg(sp)
    sp.set_defaults(func=cmd_docs)

    sub.add_parser("eval", help="run gold questions (see: budgetqa eval --help)", add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "eval":
        return cmd_eval(argv[1:])
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
