"""Tools listed on the stateless era (2026-07-28) only (FIXTURE.md "Stateless era").

Each input_required tool answers `InputRequiredResult` until the retried request carries the answers. The
`requestState` a tool returns is plaintext here: the SDK's RequestStateBoundary (installed by MCPServer)
seals it, binds it to the tool name and arguments, and verifies the echo before the handler runs, answering a
modified, expired or foreign state with -32602.
"""

from __future__ import annotations

import json
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.shared.exceptions import MCPError
from mcp_types import (
    INVALID_PARAMS,
    MISSING_REQUIRED_CLIENT_CAPABILITY,
    CallToolResult,
    ClientCapabilities,
    InputRequests,
    InputRequiredResult,
    LoggingLevel,
    MissingRequiredClientCapabilityErrorData,
    SamplingCapability,
)

from content import text_result
from inputs import (
    ELICIT_KEY,
    ROOTS_KEY,
    SAMPLE_KEY,
    AnyContext,
    ask_name,
    ask_roots,
    ask_two_plus_two,
    capabilities,
    elicit_answer,
    roots_answer,
    sampling_answer,
    sampling_text,
)

LOG_LEVELS: tuple[LoggingLevel, ...] = ("debug", "info", "notice", "warning", "error")

ToolResult = CallToolResult | InputRequiredResult


def _mint(tool: str, round_reached: int) -> str:
    return json.dumps({"tool": tool, "round": round_reached})


def _round(ctx: AnyContext, tool: str) -> int:
    """The round the echoed (already verified) state records for `tool`; 0 without one."""
    if ctx.request_state is None:
        return 0
    try:
        state = json.loads(ctx.request_state)
    except ValueError:
        return 0
    if not isinstance(state, dict) or state.get("tool") != tool or not isinstance(state.get("round"), int):
        return 0
    return state["round"]


def _missing_sampling() -> MCPError:
    data = MissingRequiredClientCapabilityErrorData(required_capabilities=ClientCapabilities(sampling=SamplingCapability()))
    return MCPError(
        code=MISSING_REQUIRED_CLIENT_CAPABILITY,
        message="This tool needs the sampling capability",
        data=data.model_dump(by_alias=True, mode="json", exclude_none=True),
    )


def register_stateless_tools(app: MCPServer) -> None:
    @app.tool(description="Needs the sampling capability in the request's client capabilities")
    def test_missing_capability(ctx: Context[Any, Any]) -> CallToolResult:
        # MCPServer passes an MCPError through as the JSON-RPC error (the SDK maps -32021 to HTTP 400).
        if capabilities(ctx).sampling is None:
            raise _missing_sampling()
        return text_result("Success")

    @app.tool(description="Asks for a name by elicitation")
    def test_input_required_result_elicitation(ctx: Context[Any, Any]) -> ToolResult:
        answer = elicit_answer(ctx, ELICIT_KEY)
        if answer is None:
            return InputRequiredResult(input_requests={ELICIT_KEY: ask_name()})
        name = (answer.content or {}).get("name")
        return text_result(f"Hello, {name}!")

    @app.tool(description="Asks the client to sample an LLM")
    def test_input_required_result_sampling(ctx: Context[Any, Any]) -> ToolResult:
        answer = sampling_answer(ctx, SAMPLE_KEY)
        if answer is None:
            return InputRequiredResult(input_requests={SAMPLE_KEY: ask_two_plus_two()})
        return text_result(f"Sampling result: {sampling_text(answer)}")

    @app.tool(description="Asks for the client's roots")
    def test_input_required_result_list_roots(ctx: Context[Any, Any]) -> ToolResult:
        answer = roots_answer(ctx, ROOTS_KEY)
        if answer is None:
            return InputRequiredResult(input_requests={ROOTS_KEY: ask_roots()})
        return text_result(f"Roots: {len(answer.roots)}")

    request_state_tool = "test_input_required_result_request_state"

    @app.tool(name=request_state_tool, description="Round-trips an opaque requestState")
    def request_state(ctx: Context[Any, Any]) -> ToolResult:
        if ctx.input_responses is None and ctx.request_state is None:
            return InputRequiredResult(input_requests={ELICIT_KEY: ask_name()}, request_state=_mint(request_state_tool, 1))
        if _round(ctx, request_state_tool) != 1:
            raise MCPError(code=INVALID_PARAMS, message="requestState missing: the retry must echo the requestState it was given")
        return text_result("State verified")

    @app.tool(description="Asks for an elicitation, a sampling and the roots at once")
    def test_input_required_result_multiple_inputs(ctx: Context[Any, Any]) -> ToolResult:
        missing: InputRequests = {}
        if elicit_answer(ctx, ELICIT_KEY) is None:
            missing[ELICIT_KEY] = ask_name()
        if sampling_answer(ctx, SAMPLE_KEY) is None:
            missing[SAMPLE_KEY] = ask_two_plus_two()
        if roots_answer(ctx, ROOTS_KEY) is None:
            missing[ROOTS_KEY] = ask_roots()
        if missing:
            return InputRequiredResult(input_requests=missing)
        return text_result("All inputs received")

    multi_round_tool = "test_input_required_result_multi_round"

    @app.tool(name=multi_round_tool, description="Two elicitation rounds before the result")
    def multi_round(ctx: Context[Any, Any]) -> ToolResult:
        # The stateless era keeps nothing between requests: the round reached travels in requestState.
        def ask(step: int) -> InputRequiredResult:
            request = ask_name(f"Step {step} of 2: what is your name?")
            return InputRequiredResult(input_requests={f"step-{step}": request}, request_state=_mint(multi_round_tool, step))

        reached = _round(ctx, multi_round_tool)
        if reached == 0:
            return ask(1)
        if reached == 1:
            return ask(2) if elicit_answer(ctx, "step-1") is not None else ask(1)
        if elicit_answer(ctx, "step-2") is None:
            return ask(2)
        return text_result("Completed after 2 rounds")

    tampered_state_tool = "test_input_required_result_tampered_state"

    @app.tool(name=tampered_state_tool, description="Rejects a modified requestState")
    def tampered_state(ctx: Context[Any, Any]) -> ToolResult:
        # A modified state never reaches this handler: the SDK's boundary answers -32602 first.
        if _round(ctx, tampered_state_tool) == 1 and elicit_answer(ctx, ELICIT_KEY) is not None:
            return text_result("State verified")
        return InputRequiredResult(input_requests={ELICIT_KEY: ask_name()}, request_state=_mint(tampered_state_tool, 1))

    @app.tool(description="Asks only for inputs the request's client capabilities allow")
    def test_input_required_result_capabilities(ctx: Context[Any, Any]) -> ToolResult:
        if elicit_answer(ctx, ELICIT_KEY) is not None:
            return text_result("Received elicitation input")
        if sampling_answer(ctx, SAMPLE_KEY) is not None:
            return text_result("Received sampling input")
        declared = capabilities(ctx)
        if declared.elicitation is not None:
            return InputRequiredResult(input_requests={ELICIT_KEY: ask_name()})
        if declared.sampling is not None:
            return InputRequiredResult(input_requests={SAMPLE_KEY: ask_two_plus_two()})
        return text_result("No inputs possible")

    @app.tool(description="Logs once per level from debug to error")
    async def test_logging_tool(ctx: Context[Any, Any]) -> CallToolResult:
        # The SDK sends nothing unless the request's _meta carries a logLevel, and filters by it.
        for level in LOG_LEVELS:
            await ctx.log(level, f"Log message at level {level}")
        return text_result("Logged")
