"""The fixture surface of adapters/FIXTURE.md on one MCPServer, which serves both eras.

The SDK serves the handshake era and the stateless era (2026-07-28) from the same server object: over stdio
the client's first request decides a connection's era, over Streamable HTTP each request's
MCP-Protocol-Version header does. The fixture differs per era only in what it lists, which the era filter
below applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mcp.server.caching import CacheHint
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.lowlevel.server import NotificationOptions
from mcp.server.models import InitializationOptions
from mcp.server.mcpserver import MCPServer
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, EmptyResult, SetLevelRequestParams, SubscribeRequestParams, UnsubscribeRequestParams
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

import log_levels
from content import SERVER_NAME, SERVER_VERSION
from flows import register_flow_tools
from prompts import register_prompts
from resources import STATELESS_ONLY_RESOURCES, register_resources
from stateless_tools import register_stateless_tools
from tools import register_tools

LIST_HINT = CacheHint(ttl_ms=300_000, scope="public")
READ_HINT = CacheHint(ttl_ms=300_000, scope="private")

# Tools each era does not list (FIXTURE.md): handshake-only flows, and the stateless era's own tools.
HANDSHAKE_ONLY_TOOLS = frozenset(
    {"test_url_elicitation_required", "test_elicitation_sep1034_defaults", "test_elicitation_sep1330_enums", "test_list_roots"}
)
STATELESS_ONLY_TOOLS = frozenset(
    {
        "test_missing_capability",
        "test_input_required_result_elicitation",
        "test_input_required_result_sampling",
        "test_input_required_result_list_roots",
        "test_input_required_result_request_state",
        "test_input_required_result_multiple_inputs",
        "test_input_required_result_multi_round",
        "test_input_required_result_tampered_state",
        "test_input_required_result_capabilities",
        "test_logging_tool",
    }
)


def _hidden_tools(protocol_version: str) -> frozenset[str]:
    return HANDSHAKE_ONLY_TOOLS if protocol_version in MODERN_PROTOCOL_VERSIONS else STATELESS_ONLY_TOOLS


def _hidden_resources(protocol_version: str) -> frozenset[str]:
    return frozenset() if protocol_version in MODERN_PROTOCOL_VERSIONS else STATELESS_ONLY_RESOURCES


def _without(result: HandlerResult, key: str, field: str, hidden: frozenset[str]) -> HandlerResult:
    if not isinstance(result, Mapping) or not isinstance(result.get(key), list):
        return result
    return {**result, key: [item for item in result[key] if item.get(field) not in hidden]}


async def era_filter(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
    """Lists, and lets be called, only what the request's era offers (MCPServer lists every registration)."""
    hidden_tools = _hidden_tools(ctx.protocol_version)
    if ctx.method == "tools/call" and (ctx.params or {}).get("name") in hidden_tools:
        raise MCPError(code=INVALID_PARAMS, message=f"Unknown tool: {(ctx.params or {}).get('name')}")
    result = await call_next(ctx)
    if ctx.method == "tools/list":
        return _without(result, "tools", "name", hidden_tools)
    if ctx.method == "resources/list":
        return _without(result, "resources", "uri", _hidden_resources(ctx.protocol_version))
    return result


async def set_logging_level(ctx: ServerRequestContext[Any, Any], params: SetLevelRequestParams) -> EmptyResult:
    log_levels.set_level(log_levels.session_key(getattr(ctx.request, "headers", None)), params.level)
    return EmptyResult()


async def acknowledge_subscription(
    ctx: ServerRequestContext[Any, Any], params: SubscribeRequestParams | UnsubscribeRequestParams
) -> EmptyResult:
    # The fixture's resources never change: a subscription only needs acknowledging.
    return EmptyResult()


def _declare_list_changed(app: MCPServer) -> None:
    """Makes `initialize` advertise listChanged for tools, prompts and resources.

    MCPServer has no setting for it, and the Streamable HTTP session manager builds the InitializeResult from
    `create_initialization_options()` with no NotificationOptions, so the one factory both transports use is
    given them here. (On 2026-07-28 the SDK derives these flags from subscriptions/listen being served.)
    """
    lowlevel = app._lowlevel_server  # noqa: SLF001 - the SDK exposes no other seam for these flags
    build = lowlevel.create_initialization_options
    flags = NotificationOptions(prompts_changed=True, resources_changed=True, tools_changed=True)

    def with_list_changed(
        notification_options: NotificationOptions | None = None,
        experimental_capabilities: dict[str, dict[str, Any]] | None = None,
        extensions: dict[str, dict[str, Any]] | None = None,
    ) -> InitializationOptions:
        return build(notification_options or flags, experimental_capabilities, extensions)

    lowlevel.create_initialization_options = with_list_changed  # type: ignore[method-assign]


def create_fixture_server() -> MCPServer:
    app: MCPServer = MCPServer(
        SERVER_NAME,
        version=SERVER_VERSION,
        log_level="WARNING",
        cache_hints={
            "server/discover": LIST_HINT,
            "tools/list": LIST_HINT,
            "prompts/list": LIST_HINT,
            "resources/list": LIST_HINT,
            "resources/templates/list": LIST_HINT,
            "resources/read": READ_HINT,
        },
        middleware=[era_filter],
    )
    register_tools(app)
    register_flow_tools(app)
    register_stateless_tools(app)
    register_resources(app)
    register_prompts(app)
    # MCPServer has no decorators for these handshake-era methods; the low-level server takes them. Their mere
    # registration is what declares the `logging` capability and `resources.subscribe`.
    lowlevel = app._lowlevel_server  # noqa: SLF001
    lowlevel.add_request_handler("logging/setLevel", SetLevelRequestParams, set_logging_level)
    lowlevel.add_request_handler("resources/subscribe", SubscribeRequestParams, acknowledge_subscription)
    lowlevel.add_request_handler("resources/unsubscribe", UnsubscribeRequestParams, acknowledge_subscription)
    _declare_list_changed(app)
    return app
