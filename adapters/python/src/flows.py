"""The tools that need input from the client (FIXTURE.md): sampling, elicitation (form and URL), sampling with
tools and roots. Each is written per era: on the handshake era it sends real server-to-client requests on the
call's own stream; on the stateless era it answers `input_required` and reads the retry's `inputResponses`.
"""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.shared.exceptions import UrlElicitationRequiredError
from mcp.shared.message import ServerMessageMetadata
from mcp_types import (
    CallToolResult,
    CreateMessageRequest,
    CreateMessageRequestParams,
    CreateMessageResult,
    CreateMessageResultWithTools,
    ElicitRequest,
    ElicitRequestFormParams,
    ElicitRequestURLParams,
    ElicitResult,
    InputRequiredResult,
    ListRootsRequest,
    ListRootsResult,
    SamplingMessage,
    Tool,
    ToolChoice,
    ToolResultContent,
)
from pydantic import Field

from content import elicit_url, text, text_result, tool_error
from inputs import (
    AnyContext,
    SamplingAnswer,
    capabilities,
    elicit_answer,
    is_stateless,
    sampling_answer,
    sampling_text,
)

SAMPLING_KEY = "sampling"
ELICITATION_KEY = "elicitation"
URL_KEY = "url-1"
FIRST_SAMPLE_KEY = "sample-1"
FOLLOW_UP_KEY = "sample-2"
URL_MESSAGE = "Please open the link to continue."

WEATHER_TOOL = Tool(
    name="get_weather",
    description="Current weather for a city",
    input_schema={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)

DEFAULTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "title": "Name", "default": "John Doe"},
        "age": {"type": "integer", "title": "Age", "default": 30},
        "score": {"type": "number", "title": "Score", "default": 95.5},
        "status": {"type": "string", "title": "Status", "enum": ["active", "inactive", "pending"], "default": "active"},
        "verified": {"type": "boolean", "title": "Verified", "default": True},
    },
}


def _choices(values: list[str], titles: list[str]) -> list[dict[str, str]]:
    return [{"const": value, "title": title} for value, title in zip(values, titles, strict=True)]


ENUMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "untitledSingle": {"type": "string", "enum": ["option1", "option2", "option3"]},
        "titledSingle": {
            "type": "string",
            "oneOf": _choices(["value1", "value2", "value3"], ["First Option", "Second Option", "Third Option"]),
        },
        "legacyEnum": {
            "type": "string",
            "enum": ["opt1", "opt2", "opt3"],
            "enumNames": ["Option One", "Option Two", "Option Three"],
        },
        "untitledMulti": {"type": "array", "items": {"type": "string", "enum": ["option1", "option2", "option3"]}},
        "titledMulti": {
            "type": "array",
            "items": {"anyOf": _choices(["value1", "value2", "value3"], ["First Choice", "Second Choice", "Third Choice"])},
        },
    },
}


def _on_this_call(ctx: AnyContext) -> ServerMessageMetadata:
    """Routes a server-to-client request onto the call's own stream (without it: the standalone GET stream)."""
    return ServerMessageMetadata(related_request_id=ctx.request_context.request_id)


def _user_prompt(prompt: str) -> SamplingMessage:
    return SamplingMessage(role="user", content=text(prompt))


def _sampling_request(messages: list[SamplingMessage], with_tools: bool) -> CreateMessageRequest:
    tools = {"tools": [WEATHER_TOOL], "tool_choice": ToolChoice(mode="auto")} if with_tools else {}
    return CreateMessageRequest(params=CreateMessageRequestParams(messages=messages, max_tokens=100, **tools))


def _follow_up(prompt: str, answer: SamplingAnswer) -> list[SamplingMessage] | None:
    """The conversation after a toolUse stop: prompt, the assistant's tool_use turn, one tool_result per use."""
    blocks = answer.content if isinstance(answer.content, list) else [answer.content]
    uses = [block for block in blocks if block.type == "tool_use"]
    if answer.stop_reason != "toolUse" or not uses:
        return None
    results = []
    for use in uses:
        city = use.input.get("city")
        city_text = city if isinstance(city, str) else "nowhere"
        results.append(ToolResultContent(tool_use_id=use.id, content=[text(f"Weather in {city_text}: sunny")]))
    return [_user_prompt(prompt), SamplingMessage(role="assistant", content=blocks), SamplingMessage(role="user", content=results)]


async def _sample(ctx: AnyContext, request: CreateMessageRequest) -> SamplingAnswer:
    """One handshake-era sampling round trip on the call's stream."""
    with_tools = request.params.tools is not None
    result_type = CreateMessageResultWithTools if with_tools else CreateMessageResult
    return await ctx.session.send_request(request, result_type, metadata=_on_this_call(ctx))


async def _elicit_form(ctx: AnyContext, message: str, schema: dict[str, Any]) -> ElicitResult:
    return await ctx.session.elicit_form(message, schema, related_request_id=ctx.request_context.request_id)


def _elicitation_text(prefix: str, answer: ElicitResult) -> str:
    return f"{prefix}: action={answer.action}, content={json.dumps(answer.content, separators=(',', ':'))}"


def register_flow_tools(app: MCPServer) -> None:
    @app.tool(description="Asks the client to sample an LLM")
    async def test_sampling(
        prompt: Annotated[str, Field(description="Prompt for the LLM")], ctx: Context[Any, Any]
    ) -> CallToolResult | InputRequiredResult:
        request = _sampling_request([_user_prompt(prompt)], with_tools=False)
        if not is_stateless(ctx):
            return text_result(f"LLM response: {sampling_text(await _sample(ctx, request))}")
        answer = sampling_answer(ctx, SAMPLING_KEY)
        if answer is None:
            return InputRequiredResult(input_requests={SAMPLING_KEY: request})
        return text_result(f"LLM response: {sampling_text(answer)}")

    @app.tool(description="Asks the user for input via the client")
    async def test_elicitation(
        message: Annotated[str, Field(description="Question for the user")], ctx: Context[Any, Any]
    ) -> CallToolResult | InputRequiredResult:
        schema = {"type": "object", "properties": {"response": {"type": "string"}}, "required": ["response"]}
        if not is_stateless(ctx):
            return text_result(_elicitation_text("User response", await _elicit_form(ctx, message, schema)))
        answer = elicit_answer(ctx, ELICITATION_KEY)
        if answer is None:
            request = ElicitRequest(params=ElicitRequestFormParams(message=message, requested_schema=schema))
            return InputRequiredResult(input_requests={ELICITATION_KEY: request})
        return text_result(_elicitation_text("User response", answer))

    @app.tool(description="Asks the user to open a URL (URL-mode elicitation)")
    async def test_url_elicitation(ctx: Context[Any, Any]) -> CallToolResult | InputRequiredResult:
        elicitation = capabilities(ctx).elicitation
        if elicitation is None or elicitation.url is None:
            return tool_error("The client did not declare URL-mode elicitation")
        elicitation_id = uuid.uuid4().hex
        if is_stateless(ctx):
            answer = elicit_answer(ctx, URL_KEY)
            if answer is None:
                # 2026-07-28 has no elicitationId and no completion notification.
                params = ElicitRequestURLParams(message=URL_MESSAGE, url=elicit_url(elicitation_id))
                return InputRequiredResult(input_requests={URL_KEY: ElicitRequest(params=params)})
            return text_result(f"URL elicitation action={answer.action}")
        request_id = ctx.request_context.request_id
        result = await ctx.session.elicit_url(URL_MESSAGE, elicit_url(elicitation_id), elicitation_id, request_id)
        if result.action == "accept":
            # The out-of-band interaction is simulated as finishing at once once the user consented.
            await ctx.session.send_elicit_complete(elicitation_id, related_request_id=request_id)
        return text_result(f"URL elicitation action={result.action}")

    @app.tool(description="Needs a URL-mode elicitation first, and says so with error -32042")
    def test_url_elicitation_required() -> CallToolResult:
        elicitation_id = uuid.uuid4().hex
        raise UrlElicitationRequiredError(
            [
                ElicitRequestURLParams(
                    message="Please authorise access to the example service.",
                    url=elicit_url(elicitation_id),
                    elicitation_id=elicitation_id,
                )
            ]
        )

    @app.tool(description="Asks the user for a form whose fields all carry default values")
    async def test_elicitation_sep1034_defaults(ctx: Context[Any, Any]) -> CallToolResult:
        if capabilities(ctx).elicitation is None:
            return tool_error("The client did not declare the elicitation capability")
        answer = await _elicit_form(ctx, "Please confirm or change the default values.", DEFAULTS_SCHEMA)
        return text_result(_elicitation_text("Elicitation completed", answer))

    @app.tool(description="Asks the user for a form with every kind of enum field")
    async def test_elicitation_sep1330_enums(ctx: Context[Any, Any]) -> CallToolResult:
        if capabilities(ctx).elicitation is None:
            return tool_error("The client did not declare the elicitation capability")
        answer = await _elicit_form(ctx, "Please choose from the options.", ENUMS_SCHEMA)
        return text_result(_elicitation_text("Elicitation completed", answer))

    @app.tool(description="Asks the client to sample an LLM that may call a tool")
    async def test_sampling_tools(
        prompt: Annotated[str, Field(description="Prompt for the LLM")], ctx: Context[Any, Any]
    ) -> CallToolResult | InputRequiredResult:
        declared = capabilities(ctx).sampling
        if declared is None:
            return tool_error("The client did not declare the sampling capability")
        # Tools only for a client that declared sampling.tools.
        first = _sampling_request([_user_prompt(prompt)], with_tools=declared.tools is not None)
        if not is_stateless(ctx):
            answer = await _sample(ctx, first)
            conversation = _follow_up(prompt, answer)
            if conversation is not None:
                answer = await _sample(ctx, _sampling_request(conversation, with_tools=True))
            return text_result(f"LLM response: {sampling_text(answer)}")
        second_answer = sampling_answer(ctx, FOLLOW_UP_KEY)
        if second_answer is not None:
            return text_result(f"LLM response: {sampling_text(second_answer)}")
        first_answer = sampling_answer(ctx, FIRST_SAMPLE_KEY)
        if first_answer is None:
            return InputRequiredResult(input_requests={FIRST_SAMPLE_KEY: first})
        conversation = _follow_up(prompt, first_answer)
        if conversation is None:
            return text_result(f"LLM response: {sampling_text(first_answer)}")
        return InputRequiredResult(input_requests={FOLLOW_UP_KEY: _sampling_request(conversation, with_tools=True)})

    @app.tool(description="Asks the client for its roots")
    async def test_list_roots(ctx: Context[Any, Any]) -> CallToolResult:
        if capabilities(ctx).roots is None:
            return tool_error("The client did not declare the roots capability")
        # ServerSession.list_roots() would use the standalone stream; the call's own stream is asked here.
        result = await ctx.session.send_request(ListRootsRequest(), ListRootsResult, metadata=_on_this_call(ctx))
        uris = ", ".join(str(root.uri) for root in result.roots)
        return text_result(f"Roots: {len(result.roots)}: {uris}")
