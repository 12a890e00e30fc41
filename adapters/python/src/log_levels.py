"""The minimum log level each handshake-era session asked for with logging/setLevel.

The SDK delivers every `notifications/message` on the handshake era and leaves filtering to the server's
`logging/setLevel` handler, so the fixture remembers the level per session. Over HTTP a session is its
Mcp-Session-Id; over stdio the process serves one connection, keyed by None.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, get_args

from mcp_types import LoggingLevel

_ORDER: Final[tuple[LoggingLevel, ...]] = get_args(LoggingLevel)
_levels: dict[str | None, LoggingLevel] = {}


def session_key(headers: Mapping[str, str] | None) -> str | None:
    return headers.get("mcp-session-id") if headers is not None else None


def set_level(key: str | None, level: LoggingLevel) -> None:
    _levels[key] = level


def allows(key: str | None, level: LoggingLevel) -> bool:
    """Whether a message at `level` may go out; everything may until the session sets a level."""
    minimum = _levels.get(key)
    return minimum is None or _ORDER.index(level) >= _ORDER.index(minimum)
