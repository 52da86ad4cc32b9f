"""Every refusal is one JSON shape: ``{"error": {"code", "message", "type"}}``.

``code`` is stable for programs; ``message`` is Chinese for people. The shape is OpenAI's error
object, so OpenAI clients show the message as they would any API error.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_body(code: str, message: str, status: int) -> dict:
    kind = "invalid_request_error" if status < 500 else "server_error"
    if status in (401, 403):
        kind = "authentication_error" if status == 401 else "permission_error"
    elif status == 429:
        kind = "rate_limit_error"
    return {"error": {"code": code, "message": message, "type": kind}}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(code, message, status), status_code=status, headers=headers)


_HTTP_CODES = {
    404: ("not_found", "没有这个地址"),
    405: ("method_not_allowed", "不支持这个请求方法"),
    413: ("too_large", "请求太大"),
}


def install(app) -> None:
    """Route FastAPI's own errors (validation, 404, 405) through the same JSON shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "请求"
            problems.append(f"{where}: {err.get('msg', '')}")
        return error_response(422, "invalid_request", "请求格式不对：" + "；".join(problems))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_CODES.get(exc.status_code, ("http_error", str(exc.detail)))
        return error_response(exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        import logging

        logging.getLogger("budgetqa.service").exception("unhandled error on %s", request.url.path)
        return error_response(500, "internal_error", "服务内部错误，已记录；请稍后再试")
