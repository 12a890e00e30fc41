"""Entry point of the mcp-conform server adapter for the Python SDK (`mcp` on PyPI).

    python src/server.py stdio                 both eras on stdin/stdout
    python src/server.py http <port> [path]    both eras on http://127.0.0.1:<port><path> (default /mcp)

stdout belongs to the MCP stdio stream: everything this program says itself goes to stderr.
"""

from __future__ import annotations

import sys
import warnings

import anyio
import uvicorn
from mcp.shared.exceptions import MCPDeprecationWarning

from fixture import create_fixture_server

HOST = "127.0.0.1"
USAGE = "usage: python src/server.py stdio | python src/server.py http <port> [path]"
# Open SSE streams would otherwise hold a SIGTERM'd server up to uvicorn's default (forever).
SHUTDOWN_GRACE_S = 2


def run_stdio() -> None:
    # MCPServer's stdio runner serves both eras on the connection (the first request decides).
    create_fixture_server().run("stdio")


async def serve_http(port: int, path: str) -> None:
    # streamable_http_app() validates Host and Origin (DNS-rebinding protection) for a loopback host and serves
    # handshake-era sessions and stateless-era requests on the one endpoint.
    app = create_fixture_server().streamable_http_app(streamable_http_path=path, host=HOST)
    config = uvicorn.Config(app, host=HOST, port=port, log_level="warning", timeout_graceful_shutdown=SHUTDOWN_GRACE_S)
    server = uvicorn.Server(config)
    async with anyio.create_task_group() as tg:
        tg.start_soon(server.serve)
        # uvicorn offers no "listening" hook; `started` flips once the socket is bound.
        while not server.started:
            if server.should_exit:
                return
            await anyio.sleep(0.02)
        bound_port = server.servers[0].sockets[0].getsockname()[1]
        print(f"mcp-conform adapter ready on http://{HOST}:{bound_port}{path}", file=sys.stderr, flush=True)


def parse_port(value: str) -> int:
    port = int(value)
    if not 0 <= port <= 65535:
        raise ValueError(f"invalid port: {value}")
    return port


def main(argv: list[str]) -> int:
    # The SDK flags logging, sampling and roots as deprecated on 2026-07-28; the fixture uses them on purpose.
    warnings.filterwarnings("ignore", category=MCPDeprecationWarning)
    match argv:
        case ["stdio"]:
            run_stdio()
        case ["http", port, *rest] if len(rest) <= 1:
            path = rest[0] if rest else "/mcp"
            if not path.startswith("/"):
                print(f'path must start with "/": {path}', file=sys.stderr)
                return 2
            anyio.run(serve_http, parse_port(port), path)
        case _:
            print(USAGE, file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
