// Tasks (2025-11-25, experimental), both ways. As receiver, the client answers a task-augmented
// sampling/createMessage or elicitation/create (for a request type it declared under tasks.requests)
// with a CreateTaskResult at once, works out the plan's answer behind the task, and serves tasks/get,
// tasks/result, tasks/list and tasks/cancel. As requestor, it calls a tool as a task when the server
// offers task-augmented tools/call and the tool's execution.taskSupport allows it: CreateTaskResult,
// tasks/get polled until the task is done, then tasks/result.
import { randomUUID } from 'node:crypto';
import type { ClientFaults } from './faults.js';
import type { Answer } from './plan.js';
import type { Call, ClientSession, JsonObject, RequestOptions } from './session.js';

export const RELATED_TASK = 'io.modelcontextprotocol/related-task';

const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;
/** The poll interval this client suggests to the servers whose requests it runs as tasks (ms). */
const SUGGESTED_POLL_MS = 100;
/** The poll interval used when a server's task suggests none (ms). */
const DEFAULT_POLL_MS = 200;
/** How long the plan's canned answer "works" behind its task (ms), so the task starts out working. */
const WORK_MS = 10;
/** setTimeout's largest delay; a longer ttl is kept for the life of the process. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** The tasks.requests capability path that covers each request type the client can run as a task. */
const TASK_REQUESTS: Record<string, string[]> = {
  'sampling/createMessage': ['tasks', 'requests', 'sampling', 'createMessage'],
  'elicitation/create': ['tasks', 'requests', 'elicitation', 'create'],
};

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a capabilities object declares every key along `path`. */
function declares(capabilities: unknown, path: string[]): boolean {
  let at = capabilities;
  for (const key of path) {
    if (!isObject(at) || !isObject(at[key])) return false;
    at = at[key];
  }
  return true;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const failure = (code: number, message: string): Answer => ({ error: { code, message } });

// ---------------------------------------------------------------------------------------------
// Receiver

interface ReceivedTask {
  /** The Task as tasks/get shows it. */
  task: JsonObject;
  /** The underlying request's answer, once the task is completed or failed. */
  outcome?: Answer;
  /** Settles when the task reaches a terminal status. */
  done: Promise<void>;
  settle(): void;
}

export class TaskReceiver {
  private readonly tasks = new Map<string, ReceivedTask>();

  constructor(
    private readonly faults: ClientFaults,
    /** The capabilities the client declared. */
    private readonly declared: () => JsonObject,
  ) {}

  /**
   * The answer to a server request that involves tasks; undefined: the request is handled as usual
   * (which is also what happens to task metadata on a request type the client did not declare).
   * `produce` gives the plan's answer to the underlying request.
   */
  handle(method: string, params: JsonObject, produce: () => Answer | undefined): Promise<Answer> | undefined {
    const path = TASK_REQUESTS[method];
    if (path !== undefined) {
      // task-metadata-honoured: task metadata is acted on though the client never declared tasks for this request type.
      const accepted = declares(this.declared(), path) || this.faults.has('task-metadata-honoured');
      return isObject(params.task) && accepted ? Promise.resolve(this.create(params.task, produce)) : undefined;
    }
    const caps = this.declared();
    const serves = isObject(caps.tasks) || this.tasks.size > 0;
    if (method === 'tasks/get' && serves) return Promise.resolve(this.get(params));
    if (method === 'tasks/result' && serves) return this.result(params);
    if (method === 'tasks/list' && declares(caps, ['tasks', 'list'])) return Promise.resolve(this.list(params));
    if (method === 'tasks/cancel' && declares(caps, ['tasks', 'cancel'])) return Promise.resolve(this.cancel(params));
    return undefined;
  }

  /** Starts a task for the underlying request and answers with its CreateTaskResult. */
  private create(metadata: JsonObject, produce: () => Answer | undefined): Answer {
    const now = new Date().toISOString();
    const ttl = Number.isInteger(metadata.ttl) ? (metadata.ttl as number) : null;
    // A random UUID: unguessable, since tasks are not bound to any authorization context (TASK-025).
    const task: JsonObject = { taskId: randomUUID(), status: 'working', createdAt: now, lastUpdatedAt: now, ttl, pollInterval: SUGGESTED_POLL_MS };
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const entry: ReceivedTask = { task, done, settle };
    const taskId = task.taskId as string;
    this.tasks.set(taskId, entry);
    const work = (): void => this.finish(entry, produce() ?? failure(METHOD_NOT_FOUND, 'no handler for the task\'s request'));
    // task-starts-completed: the work is done before the task is reported, so it never starts out working.
    if (this.faults.has('task-starts-completed')) work();
    else setTimeout(work, WORK_MS);
    // Expired tasks are forgotten (TASK-027).
    if (ttl !== null && ttl <= MAX_TIMER_MS) setTimeout(() => this.tasks.delete(taskId), ttl).unref();
    return { result: { task: this.view(entry) } };
  }

  /** Records the underlying answer; a task already terminal (cancelled) stays as it is. */
  private finish(entry: ReceivedTask, outcome: Answer): void {
    if (TERMINAL.has(entry.task.status as string)) return;
    entry.outcome = outcome;
    this.move(entry, 'error' in outcome ? 'failed' : 'completed');
  }

  private move(entry: ReceivedTask, status: string, statusMessage?: string): void {
    Object.assign(entry.task, { status, lastUpdatedAt: new Date().toISOString(), ...(statusMessage !== undefined && { statusMessage }) });
    if (TERMINAL.has(status)) entry.settle();
  }

  /** A copy of the Task as it goes out. */
  private view(entry: ReceivedTask): JsonObject {
    // task-timestamps-missing: tasks go out without createdAt and lastUpdatedAt.
    if (this.faults.has('task-timestamps-missing')) {
      const { createdAt: _c, lastUpdatedAt: _u, ...rest } = entry.task;
      return rest;
    }
    return { ...entry.task };
  }

  /** The task a tasks/get, tasks/result or tasks/cancel names by its taskId param (authoritative, TASK-017), or the error. */
  private lookup(taskId: unknown): ReceivedTask | Answer {
    const entry = typeof taskId === 'string' ? this.tasks.get(taskId) : undefined;
    if (entry) return entry;
    // task-unknown-id-internal-error: an unknown task id is reported as an internal error instead of invalid params.
    const code = this.faults.has('task-unknown-id-internal-error') ? INTERNAL_ERROR : INVALID_PARAMS;
    return failure(code, `Unknown task: ${JSON.stringify(taskId)}`);
  }

  private get(params: JsonObject): Answer {
    const meta = isObject(params._meta) ? params._meta[RELATED_TASK] : undefined;
    // task-get-uses-meta-id: the related-task _meta of the request is taken over its taskId param.
    const fromMeta = this.faults.has('task-get-uses-meta-id') && isObject(meta) ? meta.taskId : params.taskId;
    const found = this.lookup(fromMeta);
    return isAnswer(found) ? found : { result: this.view(found) };
  }

  /** Blocks until the task is terminal, then answers exactly what its request answered (TASK-015, TASK-023). */
  private async result(params: JsonObject): Promise<Answer> {
    const found = this.lookup(params.taskId);
    if (isAnswer(found)) return found;
    await found.done;
    const outcome = found.outcome;
    if (outcome === undefined) return failure(INVALID_PARAMS, `Task ${String(found.task.taskId)} was cancelled and has no result`);
    if ('error' in outcome) return outcome;
    // task-result-without-related-task: the payload goes out without the related-task _meta (TASK-016).
    if (this.faults.has('task-result-without-related-task')) return outcome;
    const meta = isObject(outcome.result._meta) ? outcome.result._meta : {};
    return { result: { ...outcome.result, _meta: { ...meta, [RELATED_TASK]: { taskId: found.task.taskId } } } };
  }

  /** Every task on one page: the client never holds more than a plan's worth. */
  private list(params: JsonObject): Answer {
    if (params.cursor !== undefined) return failure(INVALID_PARAMS, `Invalid cursor: ${JSON.stringify(params.cursor)}`);
    // tasks-list-empty: tasks/list shows none of the tasks tasks/get knows.
    if (this.faults.has('tasks-list-empty')) return { result: { tasks: [] } };
    return { result: { tasks: [...this.tasks.values()].map((t) => this.view(t)) } };
  }

  private cancel(params: JsonObject): Answer {
    const found = this.lookup(params.taskId);
    if (isAnswer(found)) return found;
    // task-cancel-terminal-accepted: a finished task is "cancelled" too, instead of refused (TASK-020).
    if (TERMINAL.has(found.task.status as string) && !this.faults.has('task-cancel-terminal-accepted')) {
      return failure(INVALID_PARAMS, `Cannot cancel task ${String(found.task.taskId)}: already ${String(found.task.status)}`);
    }
    this.move(found, 'cancelled', 'Cancelled at the requestor\'s request');
    return { result: this.view(found) };
  }
}

const isAnswer = (v: ReceivedTask | Answer): v is Answer => 'result' in v || 'error' in v;

// ---------------------------------------------------------------------------------------------
// Requestor

/** What tools/list said about each tool's task support, and whether a call goes out as a task. */
export class ToolTasks {
  private readonly support = new Map<string, unknown>();

  constructor(private readonly faults: ClientFaults) {}

  learnTools(tools: unknown[]): void {
    for (const tool of tools) {
      if (isObject(tool) && typeof tool.name === 'string') this.support.set(tool.name, isObject(tool.execution) ? tool.execution.taskSupport : undefined);
    }
  }

  /**
   * The task metadata a tools/call carries, or undefined for a plain call. `asked` is the plan's
   * task option. A task only when the server offers task-augmented tools/call (TASK-003) and the tool
   * allows it (TASK-004); always for a tool that requires it (TASK-005).
   */
  metadataFor(name: string, asked: unknown, serverCapabilities: JsonObject): JsonObject | undefined {
    const wanted = isObject(asked) ? { ...(Number.isInteger(asked.ttl) && { ttl: asked.ttl }) } : undefined;
    // task-augments-regardless: the plan's task option is followed whatever the server and the tool support.
    if (wanted && this.faults.has('task-augments-regardless')) return wanted;
    if (!declares(serverCapabilities, ['tasks', 'requests', 'tools', 'call'])) return undefined;
    const support = this.support.get(name);
    // task-required-called-plainly: a tool that requires a task is called as one only when the plan asks.
    if (support === 'required') return wanted ?? (this.faults.has('task-required-called-plainly') ? undefined : {});
    return support === 'optional' ? wanted : undefined;
  }
}

/**
 * A tools/call as a task: its CreateTaskResult, tasks/get polled at the task's pollInterval (TASK-013)
 * until it is terminal or needs input (bounded by the session timeout), then tasks/result, whose
 * answer is the tool's result. A server that answers the call directly is taken at its word.
 * `current` follows the request in flight; a cancellation asks the server to cancel the task.
 */
export async function callToolAsTask(
  session: ClientSession,
  params: JsonObject,
  task: JsonObject,
  options: RequestOptions,
  current: { call?: Call; cancelled?: string },
): Promise<unknown> {
  let taskId: string | undefined;
  const send = async (method: string, body: JsonObject, opts: RequestOptions = {}): Promise<unknown> => {
    const call = session.request(method, body, opts);
    current.call = call;
    try {
      return await call.promise;
    } catch (e) {
      // Cancelled while a tasks/* request was in flight: the task itself is cancelled too.
      if (current.cancelled !== undefined && taskId !== undefined) return cancelTask(session, taskId, current.cancelled);
      throw e;
    }
  };
  const created = await send('tools/call', { ...params, task }, options);
  if (!isObject(created) || !isObject(created.task) || typeof created.task.taskId !== 'string') return created;
  taskId = created.task.taskId;
  const deadline = Date.now() + session.timeoutMs;
  let state: JsonObject = created.task;
  while (!TERMINAL.has(state.status as string) && state.status !== 'input_required') {
    if (current.cancelled !== undefined) return cancelTask(session, taskId, current.cancelled);
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`task ${taskId} still ${String(state.status)} after ${session.timeoutMs} ms`);
    const interval = Number.isInteger(state.pollInterval) && (state.pollInterval as number) > 0 ? (state.pollInterval as number) : DEFAULT_POLL_MS;
    await delay(Math.min(interval, left));
    const got = await send('tasks/get', { taskId });
    if (!isObject(got)) throw new Error(`tasks/get for ${taskId} answered a result that is not an object`);
    state = got;
  }
  return send('tasks/result', { taskId });
}

/** Asks the server to cancel the task (when it offers tasks/cancel), then fails the call. */
async function cancelTask(session: ClientSession, taskId: string, reason: string): Promise<never> {
  if (declares(session.serverCapabilities, ['tasks', 'cancel'])) await session.request('tasks/cancel', { taskId }).promise.catch(() => undefined);
  throw new Error(`cancelled: ${reason}`);
}
