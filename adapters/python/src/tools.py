"""The tools both eras list (FIXTURE.md "Tools"), except the server-to-client flows (flows.py)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp_types import AudioContent, CallToolResult, EmbeddedResource, TextResourceContents
from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

import log_levels
from content import STEP_DELAY_S, WAV_BASE64, png_image, text, text_result, tool_error
from inputs import is_stateless

LOG_MESSAGES = ("Tool execution started", "Tool processing data", "Tool execution completed")
DEFAULT_SLOW_OPERATION_MS = 2000

# How each labelled test_slow_operation went, for test_operation_status (process-wide).
operations: dict[str, str] = {}


class Weather(BaseModel):
    """The structured output of test_structured_content."""

    temperature: float
    conditions: str


def register_tools(app: MCPServer) -> None:
    @app.tool(description="Returns a simple text block")
    def test_simple_text() -> CallToolResult:
        return text_result("This is a simple text response for testing.")

    @app.tool(description="Returns a 1x1 PNG image block")
    def test_image_content() -> CallToolResult:
        return CallToolResult(content=[png_image()])

    @app.tool(description="Returns a WAV audio block")
    def test_audio_content() -> CallToolResult:
        return CallToolResult(content=[AudioContent(type="audio", data=WAV_BASE64, mime_type="audio/wav")])

    @app.tool(description="Returns an embedded text resource")
    def test_embedded_resource() -> CallToolResult:
        resource = TextResourceContents(
            uri="test://embedded-resource", mime_type="text/plain", text="This is an embedded resource content."
        )
        return CallToolResult(content=[EmbeddedResource(type="resource", resource=resource)])

    @app.tool(description="Returns text, image and resource blocks")
    def test_multiple_content_types() -> CallToolResult:
        resource = TextResourceContents(
            uri="test://mixed-content-resource", mime_type="application/json", text='{"test":"data","value":123}'
        )
        return CallToolResult(
            content=[
                text("Multiple content types test:"),
                png_image(),
                EmbeddedResource(type="resource", resource=resource),
            ]
        )

    @app.tool(description="Sends three info log messages while running")
    async def test_tool_with_logging(ctx: Context[Any, Any]) -> CallToolResult:
        # On the stateless era the SDK itself honours the request's _meta logLevel (and sends nothing without
        # one); on the handshake era it sends every level, so the session's logging/setLevel is applied here.
        allowed = is_stateless(ctx) or log_levels.allows(log_levels.session_key(ctx.headers), "info")
        for index, data in enumerate(LOG_MESSAGES):
            if index > 0:
                await anyio.sleep(STEP_DELAY_S)
            if allowed:
                await ctx.info(data)
        return text_result("Tool with logging executed successfully")

    @app.tool(description="Reports progress 0, 50, 100 of 100")
    async def test_tool_with_progress(ctx: Context[Any, Any]) -> CallToolResult:
        # report_progress sends nothing when the request carries no progressToken.
        for index, progress in enumerate((0, 50, 100)):
            if index > 0:
                await anyio.sleep(STEP_DELAY_S)
            await ctx.report_progress(progress, 100)
        return text_result("Tool with progress executed successfully")

    @app.tool(description="Always returns a tool execution error")
    def test_error_handling() -> CallToolResult:
        return tool_error("This tool intentionally returns an error for testing")

    @app.tool(description="Echoes the message back")
    def test_echo(message: Annotated[str, Field(description="Text to echo")]) -> CallToolResult:
        return text_result(f"Echo: {message}")

    @app.tool(description="Returns structured content matching its output schema")
    def test_structured_content() -> Weather:
        # The SDK derives outputSchema from the return type and adds the JSON text block itself.
        return Weather(temperature=22.5, conditions="Partly cloudy")

    @app.tool(description="Announces a tool list change")
    async def test_trigger_list_changed(ctx: Context[Any, Any]) -> CallToolResult:
        if not is_stateless(ctx):
            # The handshake era's session channel (the GET stream over HTTP, the pipe over stdio).
            await ctx.session.send_tool_list_changed()
        # Every open subscriptions/listen stream, whichever era triggered it.
        await ctx.notify_tools_changed()
        return text_result("List change notified")

    @app.tool(description="Waits durationMs (default 2000) unless cancelled")
    async def test_slow_operation(
        ctx: Context[Any, Any],
        durationMs: Annotated[int, Field(ge=0, description="How long to wait, in ms")] = DEFAULT_SLOW_OPERATION_MS,
        label: Annotated[str | None, Field(description="Remember how the call went under this label")] = None,
    ) -> CallToolResult:
        if label is not None:
            operations[label] = "running"
        try:
            # A notifications/cancelled makes the SDK cancel this handler; it then sends no response.
            await anyio.sleep(durationMs / 1000)
        except anyio.get_cancelled_exc_class():
            if label is not None:
                operations[label] = "cancelled"
            raise
        if label is not None:
            operations[label] = "completed"
        return text_result(f"Done after {durationMs} ms")

    @app.tool(description="Tells how a labelled test_slow_operation went")
    def test_operation_status(
        label: Annotated[str, Field(description="The label given to test_slow_operation")],
    ) -> CallToolResult:
        return text_result(operations.get(label, "unknown"))

    # The x-mcp-header annotations reach the listed inputSchema through pydantic's json_schema_extra. On the
    # stateless era over HTTP the SDK checks the Mcp-Param-* headers against these arguments itself.
    @app.tool(description="Echoes arguments that clients mirror into Mcp-Param headers")
    def test_header_params(
        region: Annotated[str, Field(description="Region to route the call to", json_schema_extra={"x-mcp-header": "Region"})],
        priority: Annotated[int, Field(description="Priority of the call", json_schema_extra={"x-mcp-header": "Priority"})],
        # SkipJsonSchema keeps the published type a plain string (x-mcp-header allows primitives only) while a
        # null tenant still validates and counts as absent.
        tenant: Annotated[
            str | SkipJsonSchema[None],
            Field(description="Optional tenant", json_schema_extra={"x-mcp-header": "Tenant"}),
        ] = None,
    ) -> CallToolResult:
        return text_result(f"region={region}; priority={priority}; tenant={tenant if tenant is not None else '(none)'}")
