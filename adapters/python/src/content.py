"""Fixed payloads and content builders shared by the fixture's tools, resources and prompts.

The texts are contracts (adapters/FIXTURE.md): scenarios compare them byte for byte.
"""

from __future__ import annotations

import base64

from mcp_types import CallToolResult, ImageContent, TextContent

SERVER_NAME = "mcp-conform-python"
SERVER_VERSION = "0.1.0"

PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
WAV_BASE64 = "UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA="
PNG_BYTES = base64.b64decode(PNG_BASE64)

# Pause between the steps of the logging and progress tools, in seconds.
STEP_DELAY_S = 0.05


def text(value: str) -> TextContent:
    return TextContent(type="text", text=value)


def png_image() -> ImageContent:
    return ImageContent(type="image", data=PNG_BASE64, mime_type="image/png")


def text_result(value: str) -> CallToolResult:
    return CallToolResult(content=[text(value)])


def tool_error(value: str) -> CallToolResult:
    return CallToolResult(content=[text(value)], is_error=True)


def elicit_url(elicitation_id: str) -> str:
    return f"https://127.0.0.1/mcp-conform/elicit/{elicitation_id}"
