"""The fixture's prompts and the completion handler (FIXTURE.md "Prompts", "Completion")."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.prompts.base import Message, UserMessage
from mcp.shared.exceptions import MCPError
from mcp_types import (
    INVALID_PARAMS,
    CompletionArgument,
    CompletionContext,
    Completion,
    EmbeddedResource,
    PromptReference,
    ResourceTemplateReference,
    TextResourceContents,
)
from pydantic import Field

from content import png_image, text
from resources import TEMPLATE_IDS, TEMPLATE_URI

COMPLETION_WORDS = ("alpha", "beta", "gamma")


def _completion(candidates: tuple[str, ...], prefix: str) -> Completion:
    values = [candidate for candidate in candidates if candidate.startswith(prefix)]
    return Completion(values=values, total=len(values), has_more=False)


def register_prompts(app: MCPServer) -> None:
    @app.prompt(description="A prompt without arguments")
    def test_simple_prompt() -> list[Message]:
        return [UserMessage(content=text("This is a simple prompt for testing."))]

    @app.prompt(description="A prompt with two required arguments")
    def test_prompt_with_arguments(
        arg1: Annotated[str, Field(description="First argument")],
        arg2: Annotated[str, Field(description="Second argument")],
    ) -> list[Message]:
        return [UserMessage(content=text(f"Prompt with arguments: arg1='{arg1}', arg2='{arg2}'"))]

    @app.prompt(description="A prompt that embeds a resource")
    def test_prompt_with_embedded_resource(
        resourceUri: Annotated[str, Field(description="URI of the embedded resource")],  # noqa: N803 - wire name
    ) -> list[Message]:
        resource = TextResourceContents(uri=resourceUri, mime_type="text/plain", text="Embedded resource content for testing.")
        return [
            UserMessage(content=EmbeddedResource(type="resource", resource=resource)),
            UserMessage(content=text("Please process the embedded resource above.")),
        ]

    @app.prompt(description="A prompt that carries an image")
    def test_prompt_with_image() -> list[Message]:
        return [UserMessage(content=png_image()), UserMessage(content=text("Please analyze the image above."))]

    known_prompts = {"test_simple_prompt", "test_prompt_with_arguments", "test_prompt_with_embedded_resource", "test_prompt_with_image"}

    @app.completion()
    async def complete(
        ref: PromptReference | ResourceTemplateReference,
        argument: CompletionArgument,
        context: CompletionContext | None,
    ) -> Completion:
        # context.arguments (2025-06-18 and later) is accepted and ignored.
        if isinstance(ref, PromptReference):
            if ref.name not in known_prompts:
                raise MCPError(code=INVALID_PARAMS, message=f"Unknown prompt: {ref.name}")
            if ref.name == "test_prompt_with_arguments" and argument.name == "arg1":
                return _completion(COMPLETION_WORDS, argument.value)
        elif ref.uri == TEMPLATE_URI and argument.name == "id":
            return _completion(TEMPLATE_IDS, argument.value)
        return Completion(values=[], total=0, has_more=False)
