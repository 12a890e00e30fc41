"""The mcp-conform client adapter for the Python SDK (`mcp` on PyPI).

Reads a client plan (schema/client-plan.schema.json), carries out each action with the SDK's `Client`, and
writes one outcome line per action, per notification and per answered server request
(schema/client-outcome.schema.json).

    python src/client.py --plan <plan.json> --outcomes <outcomes.jsonl>

Exit status: 0 when the plan ran to its end (failed actions are outcomes), 2 for a bad plan or bad usage,
1 for anything else.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import IO, Any

import anyio
from anyio.abc import TaskGroup
from mcp.client import Client, ClientRequestContext, IncomingMessage
from mcp.client.extension import advertise
from mcp.client.stdio import StdioServerParameters
from mcp.shared.exceptions import MCPDeprecationWarning
from mcp_types import (
    INTERNAL_ERROR,
    CreateMessageRequestParams,
    CreateMessageResult,
    CreateMessageResultWithTools,
    ElicitRequestParams,
    ElicitResult,
    ErrorData,
    Implementation,
    ListRootsResult,
    PromptReference,
    ResourceTemplateReference,
    SamplingCapability,
)
from mcp_types.version import LATEST_HANDSHAKE_VERSION, MODERN_PROTOCOL_VERSIONS
from pydantic import BaseModel, ValidationError

from plan import Action, Answer, HttpTarget, Json, Plan, PlanError, StdioTarget, read_plan

USAGE = "usage: python src/client.py --plan <plan.json> --outcomes <outcomes.jsonl>"
LIST_KEYS = {"listTools": "tools", "listResources": "resources", "listResourceTemplates": "resourceTemplates", "listPrompts": "prompts"}


def to_json(value: Any) -> Any:
    """What the SDK returned, as the wire shape (aliases, no nulls)."""
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True, mode="json", exclude_none=True)
    return value


def error_of(error: BaseException) -> Json:
    code = getattr(error, "code", None)
    message = str(error) or type(error).__name__
    return {"code": code, "message": message} if isinstance(code, int) else {"message": message}


def note(message: str) -> None:
    print(f"client: {message}", file=sys.stderr, flush=True)


class Outcomes:
    """The outcomes file: one JSON line each, flushed at once so that a crash leaves what happened so far."""

    def __init__(self, file: IO[str]) -> None:
        self._file = file

    def write(self, line: Json) -> None:
        self._file.write(json.dumps(line) + "\n")
        self._file.flush()


# ---------------------------------------------------------------------------------------------------------
# Answers to the server's requests (sampling, elicitation, roots), from the plan.


def _sampling_result(result: Json) -> CreateMessageResult | CreateMessageResultWithTools:
    try:
        return CreateMessageResult.model_validate(result)
    except ValidationError:
        # Array content or tool_use blocks: the tools-capable shape.
        return CreateMessageResultWithTools.model_validate(result)


def _refusal(answer: Answer | None) -> ErrorData:
    """The error a callback answers with: the plan's own, or -32603 when the plan gives no answer."""
    if answer is None or answer.error is None:
        return ErrorData(code=INTERNAL_ERROR, message="the plan gives no answer for this request")
    return ErrorData(code=answer.error["code"], message=answer.error["message"])


@dataclass
class Answers:
    """The SDK's callbacks; registering one is what makes the SDK declare the capability."""

    plan: Plan
    out: Outcomes

    def _log(self, method: str, params: Any) -> None:
        self.out.write({"event": "request", "method": method, "params": to_json(params)})

    async def sampling(
        self, context: ClientRequestContext, params: CreateMessageRequestParams
    ) -> CreateMessageResult | CreateMessageResultWithTools | ErrorData:
        self._log("sampling/createMessage", params)
        answer = self.plan.answers.get("sampling")
        if answer is None or answer.result is None:
            return _refusal(answer)
        return _sampling_result(answer.result)

    async def elicitation(self, context: ClientRequestContext, params: ElicitRequestParams) -> ElicitResult | ErrorData:
        self._log("elicitation/create", params)
        answer = self.plan.answers.get("elicitation")
        if answer is None or answer.result is None:
            return _refusal(answer)
        return ElicitResult.model_validate(answer.result)

    async def roots(self, context: ClientRequestContext) -> ListRootsResult | ErrorData:
        self._log("roots/list", None)
        answer = self.plan.answers.get("roots")
        if answer is None or answer.result is None:
            return _refusal(answer)
        return ListRootsResult.model_validate(answer.result)


def _mode(version: str | None) -> str:
    """The SDK's era switch: 2026-07-28 (or later) connects as a dual-era client, older versions handshake."""
    if version is None:
        return "auto"  # the SDK's default
    if version >= min(MODERN_PROTOCOL_VERSIONS):
        return "auto"
    if version != LATEST_HANDSHAKE_VERSION:
        note(f"the SDK always proposes {LATEST_HANDSHAKE_VERSION} in initialize; the plan's {version} cannot be asked for")
    return "legacy"


def build_client(plan: Plan, out: Outcomes, on_message: Callable[[IncomingMessage], Awaitable[None]], timeout_s: float) -> Client:
    capabilities = plan.capabilities
    answers = Answers(plan, out)
    callbacks: dict[str, Any] = {}
    if "sampling" in capabilities:
        callbacks["sampling_callback"] = answers.sampling
        callbacks["sampling_capabilities"] = SamplingCapability.model_validate(capabilities["sampling"] or {})
    if "elicitation" in capabilities:
        # The SDK always declares both modes, {form: {}, url: {}}, for an elicitation callback.
        callbacks["elicitation_callback"] = answers.elicitation
        if set(capabilities["elicitation"] or {"form": {}}) != {"form", "url"}:
            note(f"the SDK declares elicitation {{form, url}}; the plan asked for {json.dumps(capabilities['elicitation'])}")
    if "roots" in capabilities:
        # The SDK always declares roots.listChanged: true.
        callbacks["list_roots_callback"] = answers.roots
    if "tasks" in capabilities:
        note("the SDK cannot receive tasks (no task support in 2.x); capabilities.tasks is not declared")
    for unsupported in sorted(set(capabilities) - {"sampling", "elicitation", "roots", "tasks", "extensions"}):
        note(f"the SDK offers no way to declare capabilities.{unsupported}; not declared")
    extensions = [advertise(identifier, settings) for identifier, settings in (capabilities.get("extensions") or {}).items()]
    target = plan.target
    server: str | StdioServerParameters
    if isinstance(target, HttpTarget):
        server = target.url
    else:
        server = StdioServerParameters(command=target.command[0], args=target.command[1:], env=target.env)
    return Client(
        server,
        mode=_mode(plan.protocol_version),
        read_timeout_seconds=timeout_s,
        message_handler=on_message,
        client_info=Implementation(name=plan.client_info["name"], version=plan.client_info["version"]),
        extensions=extensions or None,
        **callbacks,
    )


# ---------------------------------------------------------------------------------------------------------
# Running the plan


@dataclass
class Connection:
    """The Client's lifetime, held by a task of its own so that connect and close can be separate actions."""

    client: Client
    connected: anyio.Event = field(default_factory=anyio.Event)
    closing: anyio.Event = field(default_factory=anyio.Event)
    finished: anyio.Event = field(default_factory=anyio.Event)
    error: BaseException | None = None

    async def hold(self) -> None:
        try:
            async with self.client:
                self.connected.set()
                await self.closing.wait()
        except Exception as error:  # an outcome, not a crash: the plan goes on
            self.error = error
        finally:
            self.connected.set()
            self.finished.set()

    async def close(self) -> None:
        self.closing.set()
        await self.finished.wait()


@dataclass
class Background:
    scope: anyio.CancelScope
    done: anyio.Event = field(default_factory=anyio.Event)
    outcome: Json = field(default_factory=dict)


class Runner:
    def __init__(self, plan: Plan, out: Outcomes, tg: TaskGroup) -> None:
        self.plan = plan
        self.out = out
        self.tg = tg
        self.connection: Connection | None = None
        self.background: dict[str, Background] = {}

    @property
    def timeout_s(self) -> float:
        return self.plan.timeout_ms / 1000

    @property
    def client(self) -> Client:
        if self.connection is None or not self.connection.connected.is_set() or self.connection.error is not None:
            raise RuntimeError("not connected")
        return self.connection.client

    async def on_message(self, message: IncomingMessage) -> None:
        if isinstance(message, Exception):
            note(f"transport error: {message!r}")
            return
        body = to_json(message)
        self.out.write({"event": "notification", "method": body.get("method"), "params": body.get("params")})

    async def run(self) -> None:
        for index, action in enumerate(self.plan.actions):
            base: Json = {"action": action.kind, "index": index}
            if action.label is not None:
                base["label"] = action.label
            if action.kind == "callTool" and action.args.get("background") is True:
                self.start_background(action, base)
                continue
            started = time.monotonic()
            try:
                with anyio.fail_after(self.bound(action)):
                    result = await self.perform(action)
                line = {**base, "ok": True, **({"result": to_json(result)} if result is not None else {})}
            except Exception as error:
                line = {**base, "ok": False, "error": error_of(error)}
            self.out.write({**line, "ms": since(started)})
        for background in self.background.values():
            await background.done.wait()

    def bound(self, action: Action) -> float:
        """A connect with its own timeout is bounded above it, so that the SDK's timeout is what fires."""
        own = action.args.get("timeoutMs") if action.kind == "connect" else None
        return self.timeout_s if own is None else max(self.timeout_s, own / 1000 + 1)

    async def shutdown(self) -> None:
        if self.connection is not None:
            with anyio.move_on_after(self.timeout_s):
                await self.connection.close()

    async def perform(self, action: Action) -> Any:
        args = action.args
        match action.kind:
            case "connect":
                return await self.connect(args)
            case "ping":
                return await self.client.send_ping()
            case "listTools" | "listResources" | "listResourceTemplates" | "listPrompts":
                return await self.list(action.kind, all_pages=args.get("all", True) is not False)
            case "callTool":
                return await self.call_tool(args)
            case "readResource":
                return await self.client.read_resource(args["uri"])
            case "getPrompt":
                return await self.client.get_prompt(args["name"], args.get("arguments"))
            case "complete":
                return await self.complete(args)
            case "setLoggingLevel":
                return await self.client.set_logging_level(args["level"])
            case "subscribe":
                return await self.client.subscribe_resource(args["uri"])
            case "unsubscribe":
                return await self.client.unsubscribe_resource(args["uri"])
            case "cancel":
                return self.cancel(args["label"])
            case "wait":
                return await self.wait(args["label"])
            case "sleep":
                await anyio.sleep(args["ms"] / 1000)
                return None
            case "rootsChanged":
                return await self.client.send_roots_list_changed()
            case "close":
                return await self.close()
            case _:
                raise PlanError(f"unknown action {action.kind}")

    async def connect(self, args: Json) -> Json:
        # The SDK's read timeout bounds initialize (or the discover probe); it then bounds every request.
        timeout_ms = args.get("timeoutMs", self.plan.timeout_ms)
        connection = Connection(build_client(self.plan, self.out, self.on_message, timeout_ms / 1000))
        self.connection = connection
        self.tg.start_soon(connection.hold)
        await connection.connected.wait()
        if connection.error is not None:
            raise connection.error
        client = connection.client
        return {
            "protocolVersion": client.protocol_version,
            "era": "stateless" if client.protocol_version in MODERN_PROTOCOL_VERSIONS else "handshake",
            "serverInfo": to_json(client.server_info),
            "capabilities": to_json(client.server_capabilities),
            "instructions": client.instructions,
        }

    async def close(self) -> None:
        if self.connection is None:
            raise RuntimeError("not connected")
        connection, self.connection = self.connection, None
        await connection.close()

    async def list(self, kind: str, *, all_pages: bool) -> Any:
        """One page, or every page merged: the SDK's list calls take a cursor and leave the walk to the caller."""
        fetch = {
            "listTools": self.client.list_tools,
            "listResources": self.client.list_resources,
            "listResourceTemplates": self.client.list_resource_templates,
            "listPrompts": self.client.list_prompts,
        }[kind]
        page = await fetch()
        if not all_pages:
            return page
        key = LIST_KEYS[kind]
        items = list(to_json(page).get(key, []))
        while page.next_cursor is not None:
            page = await fetch(cursor=page.next_cursor)
            items.extend(to_json(page).get(key, []))
        return {key: items}

    async def call_tool(self, args: Json) -> Any:
        if "task" in args:
            # The SDK has no task API (2.x dropped the experimental tasks of 2025-11-25): nothing is sent.
            raise RuntimeError("unsupported by this SDK: task-augmented tools/call")

        async def on_progress(progress: float, total: float | None, message: str | None) -> None:
            params = {"progress": progress, "total": total, "message": message}
            self.out.write({"event": "notification", "method": "notifications/progress", "params": {k: v for k, v in params.items() if v is not None}})

        return await self.client.call_tool(
            args["name"], args.get("arguments"), progress_callback=on_progress if args.get("progress") is True else None
        )

    async def complete(self, args: Json) -> Any:
        ref_raw = args["ref"]
        ref = PromptReference.model_validate(ref_raw) if ref_raw.get("type") == "ref/prompt" else ResourceTemplateReference.model_validate(ref_raw)
        context = args.get("context") or {}
        return await self.client.complete(ref, args["argument"], context_arguments=context.get("arguments"))

    def start_background(self, action: Action, base: Json) -> None:
        assert action.label is not None
        background = Background(scope=anyio.CancelScope())
        self.background[action.label] = background

        async def run() -> None:
            started = time.monotonic()
            outcome: Json = {"ok": False, "error": {"message": "cancelled by the plan"}}
            try:
                # Cancelling the scope abandons the request; the SDK then sends notifications/cancelled.
                with background.scope, anyio.fail_after(self.timeout_s):
                    outcome = {"ok": True, "result": to_json(await self.call_tool(action.args))}
            except Exception as error:
                outcome = {"ok": False, "error": error_of(error)}
            background.outcome = outcome
            self.out.write({**base, **outcome, "ms": since(started)})
            background.done.set()

        self.tg.start_soon(run)

    def cancel(self, label: str) -> None:
        self.background[label].scope.cancel()

    async def wait(self, label: str) -> Any:
        background = self.background[label]
        await background.done.wait()
        outcome = background.outcome
        if not outcome.get("ok"):
            raise RuntimeError(outcome.get("error", {}).get("message", "failed"))
        return outcome.get("result")


def since(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def parse_args(argv: list[str]) -> tuple[str, str]:
    values: dict[str, str] = {}
    for flag, value in zip(argv[::2], argv[1::2], strict=False):
        if flag not in ("--plan", "--outcomes"):
            raise PlanError(f"unexpected argument {flag}")
        values[flag[2:]] = value
    if len(argv) % 2 or "plan" not in values or "outcomes" not in values:
        raise PlanError("both --plan and --outcomes are required")
    return values["plan"], values["outcomes"]


async def execute(plan: Plan, out: Outcomes) -> None:
    async with anyio.create_task_group() as tg:
        runner = Runner(plan, out, tg)
        try:
            await runner.run()
        finally:
            await runner.shutdown()
            tg.cancel_scope.cancel()
    out.write({"event": "done"})


def main(argv: list[str]) -> int:
    # ping, logging, sampling and roots are deprecated on 2026-07-28; the plans use them on purpose.
    warnings.filterwarnings("ignore", category=MCPDeprecationWarning)
    try:
        plan_path, outcomes_path = parse_args(argv)
        plan = read_plan(plan_path)
    except PlanError as error:
        print(f"client: {error}\n{USAGE}", file=sys.stderr)
        return 2
    with open(outcomes_path, "w", encoding="utf-8") as file:
        anyio.run(execute, plan, Outcomes(file))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
