"""Service settings, read once from the environment (so a deployment configures it without code)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from index.uploads import DEFAULT_MAX_UPLOAD_MB, max_upload_mb


def _keys(name: str) -> frozenset[str]:
    return frozenset(k.strip() for k in os.environ.get(name, "").split(",") if k.strip())


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"环境变量 {name}={raw!r} 不是整数") from exc
    if value <= 0:
        raise ValueError(f"环境变量 {name}={raw!r} 必须大于 0")
    return value


@dataclass(frozen=True)
class Settings:
    """What the service allows.

    Writes (upload, edit, delete) need one of ``admin_keys``; with none configured they are allowed
    from the local machine only. Reads are open unless ``read_keys`` is set.
    """

    admin_keys: frozenset[str] = field(default_factory=frozenset)
    read_keys: frozenset[str] = field(default_factory=frozenset)
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB
    ingest_queue: int = 8
    rate_limit: str = "120/minute"  # per client, on /v1/ask and /v1/chat/completions
    max_question_chars: int = 2000
    max_messages: int = 50

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            admin_keys=_keys("BUDGETQA_ADMIN_KEYS"),
            read_keys=_keys("BUDGETQA_READ_KEYS"),
            max_upload_mb=max_upload_mb(),
            ingest_queue=_int("BUDGETQA_INGEST_QUEUE", 8),
            rate_limit=os.environ.get("BUDGETQA_RATE_LIMIT", "").strip() or "120/minute",
            max_question_chars=_int("BUDGETQA_MAX_QUESTION_CHARS", 2000),
        )

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024
