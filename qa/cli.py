"""`budgetqa`: ingest, rm, ask, check, docs (and docs edit), eval.

The store directory is --store, else $BUDGETQA_HOME, else ./.budgetqa.  ``ask``
on a store nothing was ever ingested into first ingests the embedded default
corpus, so a new user gets answers with no set-up.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _metadata_args(args: argparse.Namespace) -> dict:
    return {k: getattr(args, k, None) for k in ("department", "year", "kind", "region")}


def _open_store(args: argparse.Namespace, *, first_run: bool = False):
    """The store for a reading command: an error (exit 2) when the directory does not exist.

    Only ``ingest`` creates a store, and ``ask`` on the default ./.budgetqa (a new user's first
    run, which gets the embedded default corpus); a mistyped --store or $BUDGETQA_HOME never does."""
    from index.store import Store

    named = bool(args.store or os.environ.get("BUDGETQA_HOME"))
    return Store(args.store, create=first_run and not named)


def cmd_ingest(args: argparse.Namespace) -> int:
    from index.store import Store, describe, validate_metadata

    metadata = _metadata_args(args)
    validate_metadata(metadata)  # a bad override is refused before a store is made
    store = Store(args.store)
    if args.replace:
        if len(args.paths) != 1:
            print("错误：--replace 只能配一个文件", file=sys.stderr)
            return 2
        result = store.replace(args.replace, Path(args.paths[0]), metadata)
        print(describe(result), file=sys.stderr)
        return 1 if result.status == "error" else 0
    if args.workers:
        results = _ingest_with_workers(store, args, metadata)
    else:
        results = store.ingest([Path(p) for p in args.paths], progress=_progress, metadata=metadata)
    errors = [r for r in results if r.status == "error"]
    print(
        f"{len(results) - len(errors)} 个文件就绪，{len(errors)} 个出错；库：{store.path}",
        file=sys.stderr,
    )
    return 1 if errors else 0


def _ingest_with_workers(store, args: argparse.Namespace, metadata: dict) -> list:
    """``ingest --workers N``: N files parsed (and embedded) at once, one writer; a progress bar
    (files, pages, ETA) on a terminal, one plain line per file otherwise."""
    from index.store import describe, expand_paths

    total = len(expand_paths([Path(p) for p in args.paths]))
    started = time.monotonic()
    done = {"files": 0, "pages": 0}
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, unit="文件", file=sys.stderr, dynamic_ncols=True)

    def on_result(r) -> None:
        done["files"] += 1
        done["pages"] += r.pages
        if bar is not None:
            bar.set_postfix_str(f"{done['pages']} 页 · {r.file[:30]}", refresh=False)
            bar.update(1)
            if r.status == "error":
                bar.write(describe(r), file=sys.stderr)
            return
        elapsed = time.monotonic() - started
        eta = elapsed / done["files"] * (total - done["files"])
        _progress(f"[{done['files']}/{total}] {done['pages']}页 剩余约{eta:.0f}秒 {describe(r)}")

    try:
        return store.ingest_parallel(
            [Path(p) for p in args.paths], args.workers, on_result, metadata=metadata
        )
    finally:
        if bar is not None:
            bar.close()


def cmd_rm(args: argparse.Namespace) -> int:
    from index.store import UnknownDocument

    store = _open_store(args)
    info = store.facts.document(args.doc_id)
    if info is None or not store.remove(args.doc_id):
        print(f"错误：{UnknownDocument(args.doc_id)}", file=sys.stderr)
        return 2
    print(f"已删除 {info.file}（{info.department} {info.year or ''}年{info.kind}，id {info.doc_id}）")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from qa.engine import Engine, format_answer

    store = _open_store(args, first_run=True)
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

    store = _open_store(args)
    if store.is_empty():
        store.ensure_default_corpus(progress=_progress)
    findings = check_store(store)
    if args.json:
        print(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        print(format_findings(findings, store))
    return 0


def _doc_line(d, versions: list) -> str:
    from index.store import FIELD_NAMES, SOURCE_NAMES

    pages = f"{d.pages}页" if d.pages else "文本"
    report = d.report or {}
    printed_years = report.get("years") or []
    # a combined report prints two years; a year the user corrected wins over what was read
    years = "、".join(f"{y}年" for y in printed_years) if d.year in printed_years else f"{d.year}年"
    extra = ""
    if report.get("tables_checkable"):
        extra += f" | 表内合计核对 {report['tables_verified']}/{report['tables_checkable']}"
    if report.get("ocr_pages"):
        extra += f" | OCR {report['ocr_pages']}页"
    line = (
        f"- {d.department} {years}{d.kind} | {d.file} | {pages} | {d.n_tables} 张表 | "
        f"{d.n_facts} 个数字{extra} | id {d.doc_id}"
    )
    if len(versions) > 1:
        n = [v.doc_id for v in versions].index(d.doc_id) + 1
        others = "、".join(v.doc_id for v in versions if v.doc_id != d.doc_id)
        line += f"\n    同一部门年度的另一版本：第{n}版，共{len(versions)}版（其他：id {others}）"
    notes = [
        f"{FIELD_NAMES[k]}{'（用户修改）' if src == 'user' else '取自' + SOURCE_NAMES.get(src, src)}"
        for k, src in d.meta_source.items()
        if k in FIELD_NAMES and src != "document"
    ]
    if notes:
        line += "\n    " + "；".join(notes)
    return line


def cmd_docs(args: argparse.Namespace) -> int:
    if getattr(args, "docs_command", None) == "edit":
        return cmd_docs_edit(args)
    store = _open_store(args)
    docs = store.documents()
    versions = {d.doc_id: store.versions_of(d) for d in docs}
    if args.json:
        out = [{**d.__dict__, "versions": [v.doc_id for v in versions[d.doc_id]]} for d in docs]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if not docs:
        print(f"库 {store.path} 是空的。用 budgetqa ingest 文件 导入，或直接 budgetqa ask 使用默认文件。")
        return 0
    print(f"库：{store.path}")
    for d in docs:
        print(_doc_line(d, versions[d.doc_id]))
    return 0


def cmd_docs_edit(args: argparse.Namespace) -> int:
    store = _open_store(args)
    fields = _metadata_args(args)
    if not any(v is not None for v in fields.values()):
        print("错误：没有要修改的字段（用 --department、--year、--kind 或 --region）", file=sys.stderr)
        return 2
    info = store.update_metadata(args.doc_id, **fields)
    print(_doc_line(info, store.versions_of(info)))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The HTTP service (FastAPI + uvicorn): /v1/ask, OpenAI-compatible /v1/chat/completions, documents."""
    import uvicorn

    from service.api import create_app
    from service.auth import startup_notice
    from service.settings import Settings

    try:
        settings = Settings.from_env()
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    _progress(f"budget-qa 服务：http://{args.host}:{args.port}/docs （{startup_notice(settings)}）")
    if args.workers > 1:
        # Several processes (one per core): uvicorn imports the app factory by name in each worker,
        # which reads the store from $BUDGETQA_HOME; each worker sees the others' writes through
        # the store's generation (service.api.EngineHolder).
        if args.store:
            os.environ["BUDGETQA_HOME"] = str(Path(args.store).resolve())
        uvicorn.run(
            "service.api:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            workers=args.workers,
        )
        return 0
    app = create_app(args.store, settings)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, workers=1)
    return 0


def cmd_eval(argv: list[str]) -> int:
    from eval.runner import main as eval_main

    return eval_main(argv)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="budgetqa", description="预算公开文件问答：精确数字，注明出处。")
    sub = p.add_subparsers(dest="command", required=True)

    def store_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--store", help="store directory (default: $BUDGETQA_HOME or ./.budgetqa)")

    def metadata_args(sp: argparse.ArgumentParser, what: str) -> None:
        sp.add_argument("--department", help=f"department ({what})")
        sp.add_argument("--year", help=f"year ({what})")
        sp.add_argument("--kind", help=f"kind, e.g. 部门预算 / 部门决算 ({what})")
        sp.add_argument("--region", help=f"region ({what})")

    sp = sub.add_parser("ingest", help="add documents (PDF, HTML, DOCX, DOC, XLSX, XLS or text) to the store")
    sp.add_argument("paths", nargs="+", help="files or directories")
    sp.add_argument("--replace", metavar="DOC_ID", help="replace this stored document by the file (admin)")
    sp.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="parse (and embed) N files at once, one writer; a progress bar; re-runs skip what is in",
    )
    metadata_args(sp, "overrides what the file says")
    store_arg(sp)
    sp.set_defaults(func=cmd_ingest)

    sp = sub.add_parser("rm", help="delete a stored document by its id (admin)")
    sp.add_argument("doc_id")
    store_arg(sp)
    sp.set_defaults(func=cmd_rm)

    sp = sub.add_parser("ask", help="ask a question")
    sp.add_argument("question")
    sp.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    sp.add_argument("--compact", action="store_true", help="JSON on one line")
    sp.add_argument("--unit", choices=["元", "万元", "亿元"], help="preferred unit for amounts")
    sp.add_argument("--doc", help="only this document (file name)")
    sp.add_argument("--department", help="only this department")
    sp.add_argument("--year", type=int, help="only this year")
    store_arg(sp)
    sp.set_defaults(func=cmd_ask)

    sp = sub.add_parser("check", help="list discrepancies inside each document")
    sp.add_argument("--json", action="store_true")
    store_arg(sp)
    sp.set_defaults(func=cmd_check)

    sp = sub.add_parser("docs", help="what the store holds; `docs edit ID --year …` corrects metadata")
    sp.add_argument("--json", action="store_true")
    store_arg(sp)
    sp.set_defaults(func=cmd_docs)
    docs_sub = sp.add_subparsers(dest="docs_command")
    ep = docs_sub.add_parser("edit", help="correct a document's department, year, kind or region (admin)")
    ep.add_argument("doc_id")
    metadata_args(ep, "the corrected value")
    store_arg(ep)
    ep.set_defaults(func=cmd_docs)

    sp = sub.add_parser("serve", help="run the HTTP API (OpenAI-compatible chat endpoint included)")
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=8000)
    sp.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    sp.add_argument(
        "--workers", type=int, default=1, help="server processes on this port (e.g. one per core; default 1)"
    )
    store_arg(sp)
    sp.set_defaults(func=cmd_serve)

    sub.add_parser("eval", help="run gold questions (see: budgetqa eval --help)", add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "eval":
        return cmd_eval(argv[1:])
    args = build_parser().parse_args(argv)
    from index.store import MetadataError, StoreMissing, UnknownDocument
    from index.store_lock import StoreBusy

    try:
        code = args.func(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # `budgetqa ask … | head`: the reader went away; end quietly like other command-line tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command cut off by its pipe
    except (StoreMissing, MetadataError, UnknownDocument, StoreBusy) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
