"""Server-to-client input for both eras (FIXTURE.md).

The handshake era asks with real requests on the call's own stream (`ServerSession`); the stateless era
(2026-07-28) returns an `InputRequiredResult` whose embedded requests the client fulfils before retrying.
The keys and params built here are contracts: a client echoes the keys back in `inputResponses`.
"""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import Context
from mcp_types import (
    ClientCapabilities,
    CreateMessageRequest,
    CreateMessageRequestParams,
    CreateMessageResult,
    CreateMessageResultWithTools,
    ElicitRequest,
    ElicitRequestFormParams,
    ElicitResult,
    InputResponse,
    ListRootsRequest,
    ListRootsResult,
    SamplingMessage,
)
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from content import text

ELICIT_KEY = "elicit-1"
SAMPLE_KEY = "sample-1"
ROOTS_KEY = "roots-1"

AnyContext = Context[Any, Any]
SamplingAnswer = CreateMessageResult | CreateMessageResultWithTools


def is_stateless(ctx: AnyContext) -> bool:
    """Whether this request runs on the stateless era (2026-07-28)."""
    return ctx.protocol_version in MODERN_PROTOCOL_VERSIONS


def capabilities(ctx: AnyContext) -> ClientCapabilities:
    """What the client declared: in initialize (handshake era) or in this request's _meta (stateless era)."""
    return ctx.client_capabilities or ClientCapabilities()


def ask_name(message: str = "What is your name?") -> ElicitRequest:
    return ElicitRequest(
        params=ElicitRequestFormParams(
            message=message,
            requested_schema={"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
        )
    )


def ask_two_plus_two() -> CreateMessageRequest:
    return CreateMessageRequest(
        params=CreateMessageRequestParams(
            messages=[SamplingMessage(role="user", content=text("What is 2+2?"))], max_tokens=100
        )
    )


def ask_roots() -> ListRootsRequest:
    return ListRootsRequest()


def response(ctx: AnyContext, key: str) -> InputResponse | None:
    """The client's answer under `key` on this retry, if any."""
    return (ctx.input_responses or {}).get(key)


def elicit_answer(ctx: AnyContext, key: str) -> ElicitResult | None:
    answer = response(ctx, key)
    return answer if isinstance(answer, ElicitResult) else None


def sampling_answer(ctx: AnyContext, key: str) -> SamplingAnswer | None:
    answer = response(ctx, key)
    return answer if isinstance(answer, CreateMessageResult | CreateMessageResultWithTools) else None


def roots_answer(ctx: AnyContext, key: str) -> ListRootsResult | None:
    answer = response(ctx, key)
    return answer if isinstance(answer, ListRootsResult) else None


def sampling_text(answer: SamplingAnswer) -> str:
    """The text of a sampling answer; a non-text answer is shown as JSON rather than dropped."""
    blocks = answer.content if isinstance(answer.content, list) else [answer.content]
    texts = [block.text for block in blocks if block.type == "text"]
    if texts:
        return "".join(texts)
    return answer.model_dump_json(by_alias=True, exclude_none=True, include={"content"})
