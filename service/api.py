"""The FastAPI application: ask, OpenAI-compatible chat, documents, jobs, check, facts, health, metrics.

One ``Engine`` per process serves every request (it keeps no conversation state: each request
brings its own history). Writes go through the store's own write path and the ingest queue's
single worker; after a write the engine is rebuilt over the same store and swapped in atomically,
so a request never sees a half-updated engine.
"""

from __future__ import annotations

import csv
import io
import logging
import shutil
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, ConfigDict, Field
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from slowapi.util import get_remote_address

from index.store import IngestResult, Store
from index.uploads import UploadTooLarge, looks_like_document, safe_name, save_upload
from qa.answer import Answer
from qa.engine import Engine
from service import errors, openai_compat
from service.auth import require_admin, require_read, startup_notice
from service.errors import ApiError
from service.jobs import IngestQueue, QueueFull
from service.metrics import Metrics
from service.settings import Settings

log = logging.getLogger("budgetqa.service")


class Filters(BaseModel):
    model_config = ConfigDict(extra="forbid")
    department: str | None = Field(default=None, max_length=200)
    year: int | None = Field(default=None, ge=1949, le=2100)
    doc: str | None = Field(default=None, max_length=300, description="file name of one document")


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(max_length=100_000)
    history: list[str] = Field(
        default_factory=list, max_length=50, description="earlier questions, oldest first"
    )
    filters: Filters | None = None
    unit: Literal["元", "万元"] | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str = Field(max_length=32)
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, top_p … are accepted and ignored
    model: str = Field(default=openai_compat.MODEL_ID, max_length=100)
    messages: list[ChatMessage] = Field(min_length=1, max_length=200)
    stream: bool = False


class DocumentPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    department: str | None = Field(default=None, min_length=1, max_length=200)
    year: int | None = Field(default=None, ge=1949, le=2100)
    kind: str | None = Field(default=None, min_length=1, max_length=50)
    region: str | None = Field(default=None, min_length=1, max_length=100)


class EngineHolder:
    """The process's one engine, rebuilt and swapped after every write to the store.

    Several server processes (``serve --workers N``, or servers on several machines over one
    PostgreSQL store) each hold an engine: before each request the store's generation (a cheap
    query, see ``FactStore.generation``) is compared with the one this engine was built at, and a
    change made by another process rebuilds the engine, so every process gives the same answers."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._generation = store.facts.generation()
        self._engine = Engine(store, auto_ingest=True, defer_index=True)
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        self.refresh_if_changed()
        return self._engine

    def refresh_if_changed(self) -> None:
        generation = self.store.facts.generation()
        if generation == self._generation:
            return
        with self._lock:
            if generation == self._generation:
                return
            log.info("the store changed in another process (generation %s); reloading", generation)
            self.store.reopen_retrieval()
            self._engine = Engine(self.store, auto_ingest=False)
            self._generation = generation

    def reload(self) -> None:
        with self._lock:
            self._generation = self.store.facts.generation()
            self._engine = Engine(self.store, auto_ingest=False)


class BodyLimit:
    """ASGI middleware: refuse request bodies over a size before they are read into disk or memory."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._refuse(send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            return await self.app(scope, limited, send)
        except _TooLarge:
            return await self._refuse(send)

    async def _refuse(self, send) -> None:
        mb = self.max_bytes // (1024 * 1024)
        response = errors.error_response(413, "file_too_large", f"文件太大：上限 {mb} MB")
        await response({"type": "http"}, None, send)


class _TooLarge(Exception):
    pass


def app_from_env() -> FastAPI:
    """The app over ``$BUDGETQA_HOME`` with settings from the environment: the factory each
    ``budgetqa serve --workers N`` process calls (uvicorn imports it by name in every worker)."""
    return create_app(None, Settings.from_env())


def create_app(store: Store | Path | str | None = None, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    store = store if isinstance(store, Store) else Store(store)
    holder = EngineHolder(store)

    def store_counts() -> tuple[int, int]:
        docs = store.documents()
        return len(docs), sum(d.n_facts or 0 for d in docs)

    metrics = Metrics(store_counts)

    def ingested(result: IngestResult) -> None:
        metrics.ingest_jobs.labels(result.status).inc()
        if result.status != "error":
            holder.reload()

    jobs = IngestQueue(store, ingested, maxsize=settings.ingest_queue, state_dir=store.path / "jobs")
    limiter = Limiter(key_func=get_remote_address, default_limits=[])

    app = FastAPI(
        title="budget-qa",
        version="0.1.0",
        description="预算公开文件问答服务：精确数字，注明出处。OpenAI 兼容的 /v1/chat/completions。",
    )
    app.state.limiter = limiter
    app.state.holder = holder
    app.state.jobs = jobs
    app.state.settings = settings
    errors.install(app)
    # multipart overhead on top of the file itself
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes + 64 * 1024)
    log.warning(startup_notice(settings))

    @app.exception_handler(RateLimitExceeded)
    async def _rate_limited(request: Request, exc: RateLimitExceeded) -> JSONResponse:
        return errors.error_response(429, "rate_limited", f"请求太频繁（上限 {exc.detail}），请稍后再试")

    @app.middleware("http")
    async def count_requests(request: Request, call_next):
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        metrics.requests.labels(request.method, path, str(response.status_code)).inc()
        return response

    # -- asking --------------------------------------------------------------------------------
    def check_question(text: str, field: str) -> str:
        text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates cannot be answered
        if len(text) > settings.max_question_chars:
            raise ApiError(
                413, "question_too_long", f"{field} 太长：最多 {settings.max_question_chars} 个字符"
            )
        return text

    def answer(question: str, earlier: list[str], filters: dict, unit: str | None) -> Answer:
        engine = holder.engine
        history: list[Answer] = []
        for q in earlier[-settings.max_messages :]:
            if q.strip():
                history.append(engine.ask(q, history=history, filters=filters, prefer_unit=unit))
        ans = engine.ask(question, history=history, filters=filters, prefer_unit=unit)
        metrics.answer_seconds.labels(ans.kind).observe(ans.elapsed_ms / 1000)
        return ans

    @app.post("/v1/ask", tags=["问答"], summary="提问：与 budgetqa ask --json 相同的 JSON")
    @limiter.limit(lambda: settings.rate_limit)
    def ask(request: Request, body: AskRequest) -> dict:
        require_read(request, settings)
        question = check_question(body.question, "question")
        earlier = [check_question(q, "history") for q in body.history]
        filters: dict = {}
        if body.filters:
            if body.filters.department:
                filters["department"] = body.filters.department
            if body.filters.year:
                filters["year"] = body.filters.year
            if body.filters.doc:
                filters["file"] = body.filters.doc
        return answer(question, earlier, filters, body.unit).to_dict()

    @app.post("/v1/chat/completions", tags=["OpenAI 兼容"], summary="OpenAI 兼容的对话接口")
    @limiter.limit(lambda: settings.rate_limit)
    def chat(request: Request, body: ChatRequest):
        require_read(request, settings)
        turns = openai_compat.user_turns([m.model_dump() for m in body.messages])
        if not turns or not turns[-1].strip():
            raise ApiError(400, "no_question", "messages 里没有用户的问题（role 为 user 的消息）")
        turns = [check_question(t, "messages") for t in turns]
        ans = answer(turns[-1], turns[:-1], {}, None)
        if body.stream:
            return StreamingResponse(openai_compat.stream_chunks(ans), media_type="text/event-stream")
        return openai_compat.completion(ans)

    @app.get("/v1/models", tags=["OpenAI 兼容"])
    def list_models(request: Request) -> dict:
        require_read(request, settings)
        return openai_compat.models()

    # -- documents -----------------------------------------------------------------------------
    def document_dict(info) -> dict:
        d = asdict(info) if hasattr(info, "__dataclass_fields__") else dict(info.__dict__)
        return d

    def get_document(doc_id: str):
        info = store.facts.document(doc_id)
        if info is None:
            raise ApiError(404, "document_not_found", f"没有这个文件：{doc_id}")
        return info

    @app.get("/v1/documents", tags=["文件"])
    def list_documents(request: Request) -> list[dict]:
        require_read(request, settings)
        return [document_dict(d) for d in store.documents()]

    @app.get("/v1/documents/{doc_id}", tags=["文件"])
    def show_document(request: Request, doc_id: str) -> dict:
        require_read(request, settings)
        info = get_document(doc_id)
        out = document_dict(info)
        out["tables"] = [
            {k: t.get(k) for k in ("table_idx", "number", "title", "unit", "page", "n_rows")}
            for t in store.facts.tables(doc_id)
        ]
        return out

    @app.post("/v1/documents", status_code=202, tags=["文件"], summary="上传文件（后台导入，返回任务号）")
    def upload(
        request: Request,
        file: UploadFile = File(...),  # noqa: B008 (FastAPI's idiom)
        department: str | None = Form(default=None, max_length=200),
        year: int | None = Form(default=None, ge=1949, le=2100),
        kind: str | None = Form(default=None, max_length=50),
        region: str | None = Form(default=None, max_length=100),
    ) -> dict:
        require_admin(request, settings)
        name = safe_name(file.filename)
        head = file.file.read(8)
        if not head:
            raise ApiError(400, "empty_file", f"{name}：文件是空的")
        if not looks_like_document(head):
            raise ApiError(415, "unsupported_type", f"{name}：不支持的文件类型（按内容判断，不看扩展名）")
        blocks = iter(lambda: file.file.read(1 << 20), b"")
        try:
            target = save_upload(store.uploads_dir, name, [head, *blocks], settings.max_upload_bytes)
        except UploadTooLarge as exc:
            raise ApiError(413, "file_too_large", str(exc)) from exc
        overrides = {
            k: v
            for k, v in {"department": department, "year": year, "kind": kind, "region": region}.items()
            if v not in (None, "")
        }
        try:
            job = jobs.submit(target, name, overrides)
        except QueueFull as exc:
            shutil.rmtree(target.parent, ignore_errors=True)
            raise ApiError(429, "ingest_queue_full", "导入队列已满，请稍后再上传") from exc
        return {"job_id": job.id, "status_url": f"/v1/jobs/{job.id}", **job.to_dict()}

    @app.get("/v1/jobs/{job_id}", tags=["文件"])
    def job_status(request: Request, job_id: str) -> dict:
        require_read(request, settings)
        job = jobs.get(job_id)
        if job is None:
            raise ApiError(404, "job_not_found", f"没有这个任务：{job_id}")
        return job.to_dict()

    @app.patch("/v1/documents/{doc_id}", tags=["文件"], summary="修改文件的部门、年份、类型、地区")
    def edit_document(request: Request, doc_id: str, body: DocumentPatch) -> dict:
        require_admin(request, settings)
        get_document(doc_id)
        fields = body.model_dump(exclude_none=True)
        if not fields:
            raise ApiError(400, "nothing_to_change", "没有要修改的字段（department、year、kind、region）")
        try:
            store.update_metadata(doc_id, **fields)
        except ValueError as exc:
            raise ApiError(400, "invalid_metadata", str(exc)) from exc
        holder.reload()
        return document_dict(get_document(doc_id))

    @app.delete("/v1/documents/{doc_id}", tags=["文件"])
    def delete_document(request: Request, doc_id: str) -> dict:
        require_admin(request, settings)
        info = get_document(doc_id)
        if not store.remove(doc_id):
            raise ApiError(404, "document_not_found", f"没有这个文件：{doc_id}")
        holder.reload()
        return {"deleted": doc_id, "file": info.file}

    # -- staff look-ups ------------------------------------------------------------------------
    @app.get("/v1/check", tags=["核对"], summary="各文件内部的不一致之处")
    def check(request: Request) -> list[dict]:
        require_read(request, settings)
        from index.consistency import check_store

        return [f.to_dict() for f in check_store(store)]

    @app.get("/v1/facts", tags=["核对"], summary="按部门、年份、关键词列出精确数字及出处（JSON 或 CSV）")
    def facts(
        request: Request,
        department: str | None = Query(default=None, max_length=200),
        year: int | None = Query(default=None, ge=1949, le=2100),
        q: str | None = Query(default=None, max_length=200),
        format: Literal["json", "csv"] = "json",
        limit: int = Query(default=1000, ge=1, le=100_000),
    ):
        require_read(request, settings)
        docs = [
            d
            for d in store.documents()
            if (not department or department in (d.department or "")) and (not year or d.year == year)
        ]
        by_id = {d.doc_id: d for d in docs}
        rows: list[dict] = []
        for f in store.facts.facts(list(by_id)) if by_id else []:
            if q and q not in f"{f.subject} {f.row_label} {f.table_title} {f.column} {f.code}":
                continue
            d = by_id[f.doc_id]
            rows.append(
                {
                    "department": d.department,
                    "year": d.year,
                    "document": d.title,
                    "file": d.file,
                    "doc_id": d.doc_id,
                    "subject": f.subject,
                    "measure": f.measure,
                    "value": str(f.value),
                    "unit": f.unit,
                    "printed": f.printed,
                    "printed_unit": f.printed_unit,
                    "page": f.page,
                    "table": f.table_title or None,
                    "row": f.row_label or None,
                    "code": f.code or None,
                    "column": f.column or None,
                    "section": f.section or None,
                    "quote": f.quote,
                }
            )
            if len(rows) >= limit:
                break
        if format == "csv":
            buf = io.StringIO()
            columns = list(rows[0]) if rows else ["department", "year", "subject", "value", "unit", "quote"]
            writer = csv.DictWriter(buf, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
            # a BOM so that Excel opens the Chinese text as UTF-8
            return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8")
        return rows

    # -- operations ----------------------------------------------------------------------------
    @app.get("/healthz", tags=["运维"])
    def healthz() -> dict:
        return {"status": "ok", "documents": len(holder.engine.docs), "time": time.time()}

    @app.get("/metrics", tags=["运维"], response_class=PlainTextResponse)
    def prometheus() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return app
