"""Who may read and who may write.

Writes need an admin key (``Authorization: Bearer KEY``); with no admin key configured, writes are
allowed from the local machine only (the server says so at start). Reads are open unless read keys
are configured; an admin key is also a read key. Keys are compared in constant time.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from service.errors import ApiError
from service.settings import Settings

LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost"}


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _matches(token: str | None, keys: frozenset[str]) -> bool:
    if token is None:
        return False
    return any(hmac.compare_digest(token.encode(), k.encode()) for k in keys)


def is_admin_key(token: str | None, settings: Settings) -> bool:
    """For front-ends without a request object (the Streamlit app asks for the key in a field)."""
    return _matches(token.strip() if token else None, settings.admin_keys)


def is_local(request: Request) -> bool:
    return bool(request.client) and request.client.host in LOCAL_HOSTS


def require_read(request: Request, settings: Settings) -> None:
    if not settings.read_keys:
        return
    token = _bearer(request)
    if _matches(token, settings.read_keys) or _matches(token, settings.admin_keys):
        return
    raise ApiError(
        401,
        "read_key_required",
        "需要读取密钥：请在 Authorization: Bearer 中提供",
        {"WWW-Authenticate": "Bearer"},
    )


def require_admin(request: Request, settings: Settings) -> None:
    if settings.admin_keys:
        token = _bearer(request)
        if token is None:
            raise ApiError(
                401,
                "admin_key_required",
                "上传、修改和删除文件需要管理员密钥",
                {"WWW-Authenticate": "Bearer"},
            )
        if not _matches(token, settings.admin_keys):
            raise ApiError(403, "admin_key_invalid", "管理员密钥不对")
        return
    if not is_local(request):
        raise ApiError(
            403,
            "writes_local_only",
            "未配置管理员密钥（BUDGETQA_ADMIN_KEYS）：只允许本机上传、修改和删除文件",
        )


def startup_notice(settings: Settings) -> str:
    if settings.admin_keys:
        return f"写操作需要管理员密钥（已配置 {len(settings.admin_keys)} 个）"
    return "未设置 BUDGETQA_ADMIN_KEYS：只允许本机（127.0.0.1）上传、修改、删除文件"
