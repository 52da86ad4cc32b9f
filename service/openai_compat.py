"""OpenAI's chat-completions shape over ``Engine.ask``.

A chat request carries the whole conversation as plain text. The engine's follow-ups need the
previous answers' context, so the earlier user turns are asked again in order (the engine is
deterministic and answers in milliseconds); the assistant turns in the request are not trusted as
state. The answer text gets its sources as numbered footnotes; the full answer object rides along
in ``budget_qa`` for clients that render sources themselves.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator

from qa.answer import Answer

MODEL_ID = "budget-qa"


def message_text(content: object) -> str:
    """A message's text: a string, or the text parts of a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, dict) and part.get("type") == "text" and isinstance(part.get("text"), str):
                parts.append(part["text"])
        return "\n".join(parts)
    return ""


def user_turns(messages: list[dict]) -> list[str]:
    """The user's questions, in order (system and assistant messages carry no state we trust)."""
    return [message_text(m.get("content")) for m in messages if m.get("role") == "user"]


def footnoted(answer: Answer) -> str:
    """The answer text followed by its sources as numbered footnotes."""
    lines = [answer.text]
    if answer.sources:
        lines.append("")
        lines.append("来源：")
        for i, s in enumerate(answer.sources, 1):
            where = " · ".join(
                x
                for x in (
                    s.document or s.file or "",
                    f"第{s.page}页" if s.page else "",
                    s.table or s.section or "",
                    s.row or "",
                    s.column or "",
                )
                if x
            )
            quote = s.quote if len(s.quote) <= 120 else s.quote[:119] + "…"
            lines.append(f"[{i}] {where}「{quote}」")
    for w in answer.warnings:
        lines.append(f"⚠ {w}")
    return "\n".join(lines)


def completion(answer: Answer, created: int | None = None) -> dict:
    content = footnoted(answer)
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": created or int(time.time()),
        "model": MODEL_ID,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "budget_qa": answer.to_dict(),
    }


def stream_chunks(answer: Answer, piece: int = 24) -> Iterator[str]:
    """Server-sent events in OpenAI's ``chat.completion.chunk`` format, ending with ``[DONE]``."""
    cid = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())

    def event(delta: dict, finish: str | None = None, extra: dict | None = None) -> str:
        body = {
            "id": cid,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
        }
        if extra:
            body.update(extra)
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    content = footnoted(answer)
    for i in range(0, len(content), piece):
        yield event({"content": content[i : i + piece]})
    yield event({}, "stop", {"budget_qa": answer.to_dict()})
    yield "data: [DONE]\n\n"


def models() -> dict:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "budget-qa"}],
    }
