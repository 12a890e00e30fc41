"""The fixture's resources and the completion of their template (FIXTURE.md "Resources", "Completion").

Reading an unregistered URI is left to the SDK, which answers -32602 with data.uri on every protocol revision.
"""

from __future__ import annotations

import json

from mcp.server.mcpserver import MCPServer

from content import PNG_BYTES

# The completions of test://template/{id}/data's id variable.
TEMPLATE_URI = "test://template/{id}/data"
TEMPLATE_IDS = ("1", "2", "42")
# Listed on the stateless era only (the era filter in fixture.py hides it on the handshake era).
STATELESS_ONLY_RESOURCES = frozenset({"test://stateless-static-text"})


def register_resources(app: MCPServer) -> None:
    @app.resource("test://static-text", name="static-text", mime_type="text/plain")
    def static_text() -> str:
        return "This is the content of the static text resource."

    @app.resource("test://static-binary", name="static-binary", mime_type="image/png")
    def static_binary() -> bytes:
        # bytes become a base64 `blob` on the wire.
        return PNG_BYTES

    @app.resource("test://watched-resource", name="watched-resource", mime_type="text/plain")
    def watched_resource() -> str:
        return "Watched resource content"

    @app.resource(TEMPLATE_URI, name="template", mime_type="application/json")
    def template(id: str) -> str:  # noqa: A002 - the URI template names the variable `id`
        return json.dumps({"id": id, "templateTest": True, "data": f"Data for ID: {id}"}, separators=(",", ":"))

    @app.resource("test://stateless-static-text", name="stateless-static-text", mime_type="text/plain")
    def stateless_static_text() -> str:
        return "This is a stateless static text resource."
