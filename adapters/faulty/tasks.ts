// The experimental tasks of 2025-11-25 (handshake era only): task-augmented tools/call on the two
// task tools, and tasks/get, tasks/result, tasks/list, tasks/cancel. Tasks belong to the session
// (one stdio process, one Streamable HTTP session); they are kept until the session ends.
import { randomUUID } from 'node:crypto';
import type { Faults } from './faults.js';
import { INTERNAL_ERROR, invalidParams, isObject, METHOD_NOT_FOUND, RpcError, type JsonObject } from './jsonrpc.js';
import type { Session } from './session.js';
import { text } from './text-block.js';
import { sleepUnlessAborted } from './timing.js';

/** The only protocol version that has tasks. */
export const TASKS_VERSION = '2025-11-25';
export const TASKS_CAPABILITY = { list: {}, cancel: {}, requests: { tools: { call: {} } } };
export const RELATED_TASK_KEY = 'io.modelcontextprotocol/related-task';

const DEFAULT_TTL_MS = 60_000;
const POLL_INTERVAL_MS = 100;
/** tasks/result waits at most this long for a task to become terminal. */
const RESULT_WAIT_MS = 30_000;
const LIST_PAGE_SIZE = 50;
const DEFAULT_DURATION_MS = 300;
const REQUIRED_TOOL_DURATION_MS = 100;
const MAX_DURATION_MS = 600_000;

type TaskStatus = 'working' | 'completed' | 'failed' | 'cancelled';

type TaskOutcome = { kind: 'result'; result: JsonObject } | { kind: 'error'; error: RpcError };

interface TaskRecord {
  taskId: string;
  status: TaskStatus;
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  ttl: number;
  outcome?: TaskOutcome;
  /** Stops the task's work (tasks/cancel, end of the session). */
  readonly abort: AbortController;
  /** Resolves once the task is terminal. */
  readonly terminal: Promise<void>;
  markTerminal(): void;
}

interface TaskStore {
  /** In creation order (tasks/list keeps it). */
  readonly tasks: Map<string, TaskRecord>;
}

const stores = new WeakMap<Session, TaskStore>();

function storeOf(session: Session): TaskStore {
  let store = stores.get(session);
  if (!store) {
    const created: TaskStore = { tasks: new Map() };
    store = created;
    stores.set(session, created);
    // The session is gone: stop whatever its tasks are still doing.
    session.onClose(() => {
      for (const task of created.tasks.values()) if (task.status === 'working') task.abort.abort();
    });
  }
  return store;
}

/** Whether the session negotiated the version that has tasks (the handshake era calls this). */
export function tasksEnabled(session: Session): boolean {
  return session.protocolVersion === TASKS_VERSION;
}

// ---- the task tools ----

const TASK_TOOLS = [
  {
    name: 'test_task_tool',
    description: `Waits durationMs milliseconds (default ${DEFAULT_DURATION_MS}); may run as a task`,
    inputSchema: {
      type: 'object',
      properties: { durationMs: { type: 'integer', minimum: 0, maximum: MAX_DURATION_MS, description: 'How long to wait, in milliseconds' } },
    },
    execution: { taskSupport: 'optional' },
  },
  {
    name: 'test_task_required',
    description: `Waits ${REQUIRED_TOOL_DURATION_MS} ms; must be called as a task`,
    inputSchema: { type: 'object', properties: {} },
    execution: { taskSupport: 'required' },
  },
] as const;

export function isTaskTool(name: unknown): boolean {
  return TASK_TOOLS.some((tool) => tool.name === name);
}

/** The task tools as tools/list shows them (appended to the fixture's tools). */
export function listTaskTools(faults: Faults): JsonObject[] {
  return TASK_TOOLS.map((tool) => ({ ...tool, description: faults.has('null-description') ? null : tool.description }));
}

async function runTaskTool(duration: number, signal: AbortSignal): Promise<JsonObject> {
  await sleepUnlessAborted(duration, signal);
  return { content: [text(`Task finished after ${duration} ms`)] };
}

/** tools/call of a task tool, with or without `params.task`. */
export async function callTaskTool(params: JsonObject, session: Session, signal: AbortSignal): Promise<JsonObject> {
  const { faults } = session;
  const args = params.arguments ?? {};
  if (!isObject(args)) throw invalidParams('params.arguments must be an object');
  const required = params.name === 'test_task_required';
  let duration = REQUIRED_TOOL_DURATION_MS;
  if (!required) {
    const asked = args.durationMs ?? DEFAULT_DURATION_MS;
    if (typeof asked !== 'number' || !Number.isInteger(asked) || asked < 0 || asked > MAX_DURATION_MS) {
      return { content: [text(`Invalid arguments: durationMs must be an integer from 0 to ${MAX_DURATION_MS}`)], isError: true };
    }
    duration = asked;
  }

  const metadata = params.task;
  if (metadata === undefined) {
    if (required && !faults.has('required-task-tool-runs-inline')) {
      throw new RpcError(METHOD_NOT_FOUND, 'test_task_required must be called as a task (params.task)');
    }
    return runTaskTool(duration, signal);
  }
  if (!isObject(metadata)) throw invalidParams('params.task must be an object');
  const ttl = metadata.ttl;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0)) {
    throw invalidParams('params.task.ttl must be a non-negative integer');
  }
  // task-result-without-task: the metadata is disregarded and the tool runs inline.
  if (faults.has('task-result-without-task')) return runTaskTool(duration, signal);

  const task = createTask(session, ttl ?? DEFAULT_TTL_MS);
  // The work runs in the background, detached from this request: its answer goes out at once.
  void runTaskTool(duration, task.abort.signal).then(
    (result) => finish(task, result.isError === true ? 'failed' : 'completed', { kind: 'result', result }),
    (e: unknown) => finish(task, 'failed', { kind: 'error', error: e instanceof RpcError ? e : new RpcError(INTERNAL_ERROR, 'Internal error') }),
  );
  return { task: taskView(task) };
}

function now(): string {
  return new Date().toISOString();
}

function createTask(session: Session, ttl: number): TaskRecord {
  const store = storeOf(session);
  const createdAt = now();
  let markTerminal = () => {};
  const terminal = new Promise<void>((resolve) => (markTerminal = resolve));
  const task: TaskRecord = {
    // Random and unguessable (the tasks are bound to the session, but ids are not to be guessed either).
    taskId: session.faults.has('task-ids-reused') ? 'task-1' : randomUUID(),
    status: 'working',
    createdAt,
    lastUpdatedAt: createdAt,
    ttl,
    abort: new AbortController(),
    terminal,
    markTerminal,
  };
  // task-ids-reused: the newer task takes the old one's place; re-inserting keeps creation order.
  store.tasks.delete(task.taskId);
  store.tasks.set(task.taskId, task);
  return task;
}

/** Moves a working task to a terminal status; a terminal status never changes again. */
function finish(task: TaskRecord, status: Exclude<TaskStatus, 'working'>, outcome?: TaskOutcome, statusMessage?: string): void {
  if (task.status !== 'working') return;
  task.status = status;
  task.lastUpdatedAt = now();
  if (outcome) task.outcome = outcome;
  if (statusMessage !== undefined) task.statusMessage = statusMessage;
  task.markTerminal();
}

function taskView(task: TaskRecord): JsonObject {
  return {
    taskId: task.taskId,
    status: task.status,
    ...(task.statusMessage !== undefined && { statusMessage: task.statusMessage }),
    createdAt: task.createdAt,
    lastUpdatedAt: task.lastUpdatedAt,
    ttl: task.ttl,
    pollInterval: POLL_INTERVAL_MS,
  };
}

function findTask(params: JsonObject, session: Session): TaskRecord {
  const { taskId } = params;
  if (typeof taskId !== 'string') throw invalidParams('params.taskId must be a string');
  const task = storeOf(session).tasks.get(taskId);
  if (task) return task;
  if (session.faults.has('unknown-task-internal-error')) throw new RpcError(INTERNAL_ERROR, 'Internal error');
  throw invalidParams(`Unknown task: ${taskId}`, { taskId });
}

// ---- tasks/* ----

const TASK_METHODS = ['tasks/get', 'tasks/result', 'tasks/list', 'tasks/cancel'];

export function isTasksMethod(method: string): boolean {
  return TASK_METHODS.includes(method);
}

export async function handleTasksMethod(method: string, params: JsonObject, session: Session, signal: AbortSignal): Promise<JsonObject> {
  const { faults } = session;
  switch (method) {
    case 'tasks/get': {
      // related-task-overrides-id: the related-task _meta, not the taskId parameter, picks the task.
      const related = isObject(params._meta) ? params._meta[RELATED_TASK_KEY] : undefined;
      const chosen = faults.has('related-task-overrides-id') && isObject(related) ? { ...params, taskId: related.taskId } : params;
      const view = taskView(findTask(chosen, session));
      if (faults.has('task-get-no-ttl')) delete view.ttl;
      return view;
    }
    case 'tasks/result':
      return taskResult(findTask(params, session), faults, signal);
    case 'tasks/list':
      return listTasks(params, session);
    case 'tasks/cancel': {
      const task = findTask(params, session);
      if (task.status !== 'working') {
        if (faults.has('cancel-terminal-accepted')) return taskView(task);
        throw invalidParams(`Task ${task.taskId} is already ${task.status} and cannot be cancelled`, { taskId: task.taskId, status: task.status });
      }
      // cancel-not-applied: the answer claims nothing changed, and the work goes on.
      if (faults.has('cancel-not-applied')) return taskView(task);
      finish(task, 'cancelled', undefined, 'Cancelled by the client');
      task.abort.abort();
      return taskView(task);
    }
    default:
      throw new RpcError(METHOD_NOT_FOUND, 'Method not found', { method });
  }
}

async function taskResult(task: TaskRecord, faults: Faults, signal: AbortSignal): Promise<JsonObject> {
  if (task.status === 'working') {
    // Blocks until the task is terminal, bounded, and no longer than the request itself lives.
    let timer: NodeJS.Timeout | undefined;
    let onAbort = () => {};
    await Promise.race([
      task.terminal,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, RESULT_WAIT_MS);
        onAbort = resolve;
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
  if (task.status === 'working') throw new RpcError(INTERNAL_ERROR, `Task ${task.taskId} did not finish within ${RESULT_WAIT_MS} ms`);
  if (task.status === 'cancelled' || !task.outcome) {
    throw invalidParams(`Task ${task.taskId} was cancelled and has no result`, { taskId: task.taskId, status: task.status });
  }
  if (task.outcome.kind === 'error') throw task.outcome.error;
  const { result } = task.outcome;
  if (faults.has('task-result-no-related-task')) return result;
  const meta = isObject(result._meta) ? result._meta : {};
  return { ...result, _meta: { ...meta, [RELATED_TASK_KEY]: { taskId: task.taskId } } };
}

function encodeCursor(offset: number): string {
  return Buffer.from(`tasks:${offset}`, 'utf8').toString('base64');
}

function listTasks(params: JsonObject, session: Session): JsonObject {
  if (session.faults.has('tasks-list-empty')) return { tasks: [] };
  const all = [...storeOf(session).tasks.values()];
  let offset = 0;
  const { cursor } = params;
  if (cursor !== undefined) {
    const match = typeof cursor === 'string' ? /^tasks:([1-9]\d*)$/.exec(Buffer.from(cursor, 'base64').toString('utf8')) : null;
    const decoded = match ? Number(match[1]) : NaN;
    if (!match || encodeCursor(decoded) !== cursor || decoded >= all.length) throw invalidParams('Invalid cursor', { cursor });
    offset = decoded;
  }
  const end = offset + LIST_PAGE_SIZE;
  return { tasks: all.slice(offset, end).map(taskView), ...(end < all.length && { nextCursor: encodeCursor(end) }) };
}
