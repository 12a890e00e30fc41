"""The client plan (schema/client-plan.schema.json): reading and checking it before anything runs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]

ACTIONS = frozenset(
    {
        "connect", "ping", "listTools", "listResources", "listResourceTemplates", "listPrompts", "callTool",
        "readResource", "getPrompt", "complete", "setLoggingLevel", "subscribe", "unsubscribe", "cancel", "wait",
        "sleep", "rootsChanged", "close",
    }
)  # fmt: skip
REQUIRED = {
    "callTool": ("name",), "readResource": ("uri",), "getPrompt": ("name",), "complete": ("ref", "argument"),
    "setLoggingLevel": ("level",), "subscribe": ("uri",), "unsubscribe": ("uri",), "cancel": ("label",),
    "wait": ("label",), "sleep": ("ms",),
}  # fmt: skip
DEFAULT_TIMEOUT_MS = 10_000


class PlanError(Exception):
    """The plan or the command line is unusable (exit status 2)."""


@dataclass(frozen=True)
class HttpTarget:
    url: str


@dataclass(frozen=True)
class StdioTarget:
    command: list[str]
    env: dict[str, str] | None = None


@dataclass(frozen=True)
class Answer:
    result: Json | None = None
    error: Json | None = None  # {code, message}


@dataclass(frozen=True)
class Action:
    kind: str
    args: Json
    label: str | None = None


@dataclass(frozen=True)
class Plan:
    target: HttpTarget | StdioTarget
    protocol_version: str | None
    client_info: Json
    capabilities: Json
    answers: dict[str, Answer]
    timeout_ms: int
    actions: list[Action] = field(default_factory=list)


def _is_positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _read_target(raw: Any) -> HttpTarget | StdioTarget:
    if not isinstance(raw, dict):
        raise PlanError("target must be an object")
    transport = raw.get("transport")
    if transport == "http":
        if not isinstance(raw.get("url"), str):
            raise PlanError("target.url must be a URL")
        return HttpTarget(raw["url"])
    if transport == "sse":
        raise PlanError("target.transport sse: this adapter declares no legacy HTTP+SSE client")
    if transport == "stdio":
        command, env = raw.get("command"), raw.get("env")
        if not isinstance(command, list) or not command or not all(isinstance(c, str) for c in command):
            raise PlanError("target.command must be a non-empty array of strings")
        if env is not None and (not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values())):
            raise PlanError("target.env must map names to strings")
        return StdioTarget(command, env)
    raise PlanError(f"target.transport must be http or stdio, not {json.dumps(transport)}")


def _read_answer(name: str, raw: Any) -> Answer | None:
    if raw is None:
        return None
    if isinstance(raw, dict) and isinstance(raw.get("result"), dict) and "error" not in raw:
        return Answer(result=raw["result"])
    error = raw.get("error") if isinstance(raw, dict) else None
    if isinstance(error, dict) and "result" not in raw and isinstance(error.get("code"), int) and isinstance(error.get("message"), str):
        return Answer(error=error)
    raise PlanError(f"answers.{name} must be {{result: {{...}}}} or {{error: {{code, message}}}}")


def _read_action(raw: Any, index: int, background: set[str]) -> Action:
    where = f"actions[{index}]"
    if not isinstance(raw, dict):
        raise PlanError(f"{where} must be an object")
    label = raw.get("label")
    if label is not None and not isinstance(label, str):
        raise PlanError(f"{where}.label must be a string")
    keys = [key for key in raw if key != "label"]
    if len(keys) != 1:
        raise PlanError(f"{where} must have exactly one action key, has {len(keys)}")
    kind = keys[0]
    if kind not in ACTIONS:
        raise PlanError(f"{where}: unknown action {kind}")
    args = raw[kind]
    if not isinstance(args, dict):
        raise PlanError(f"{where}.{kind} must be an object")
    for name in REQUIRED.get(kind, ()):
        if name not in args:
            raise PlanError(f"{where}.{kind}.{name} is required")
    if kind == "callTool" and args.get("background") is True:
        if label is None:
            raise PlanError(f"{where}: a background callTool needs a label")
        background.add(label)
    if kind in ("cancel", "wait") and args["label"] not in background:
        raise PlanError(f"{where}.{kind}.label names no earlier background callTool: {args['label']}")
    if kind == "sleep" and not (isinstance(args["ms"], int) and args["ms"] >= 0):
        raise PlanError(f"{where}.sleep.ms must be a non-negative integer")
    if kind == "connect" and "timeoutMs" in args and not _is_positive_int(args["timeoutMs"]):
        raise PlanError(f"{where}.connect.timeoutMs must be a positive integer")
    return Action(kind, args, label)


def read_plan(path: str) -> Plan:
    try:
        with open(path, encoding="utf-8") as file:
            raw = json.load(file)
    except (OSError, ValueError) as error:
        raise PlanError(f"cannot read the plan {path}: {error}") from None
    if not isinstance(raw, dict):
        raise PlanError("the plan must be a JSON object")
    if not isinstance(raw.get("actions"), list):
        raise PlanError("actions must be an array")
    timeout_ms = raw.get("timeoutMs", DEFAULT_TIMEOUT_MS)
    if not _is_positive_int(timeout_ms):
        raise PlanError("timeoutMs must be a positive integer")
    client_info = raw.get("clientInfo", {"name": "mcp-conform-python", "version": "0.1.0"})
    if not isinstance(client_info, dict) or not all(isinstance(client_info.get(k), str) for k in ("name", "version")):
        raise PlanError("clientInfo must have a string name and version")
    version = raw.get("protocolVersion")
    if version is not None and not isinstance(version, str):
        raise PlanError("protocolVersion must be a string")
    answers_in = raw.get("answers", {})
    if not isinstance(answers_in, dict):
        raise PlanError("answers must be an object")
    answers = {
        name: answer
        for name in ("sampling", "elicitation", "roots")
        if (answer := _read_answer(name, answers_in.get(name))) is not None
    }
    capabilities = raw.get("capabilities")
    if capabilities is None:
        # Without declared capabilities, declare those the answers imply.
        implied = {"sampling": {}, "elicitation": {"form": {}}, "roots": {"listChanged": True}}
        capabilities = {name: implied[name] for name in answers}
    if not isinstance(capabilities, dict):
        raise PlanError("capabilities must be an object")
    background: set[str] = set()
    actions = [_read_action(action, index, background) for index, action in enumerate(raw["actions"])]
    return Plan(_read_target(raw.get("target")), version, client_info, capabilities, answers, timeout_ms, actions)
