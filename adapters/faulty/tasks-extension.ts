// Stateless era (2026-07-28): the official tasks extension, `io.modelcontextprotocol/tasks`. A request
// whose own client capabilities declare the extension may be answered with a CreateTaskResult
// (`resultType: "task"`); the client then polls tasks/get, answers input requests with tasks/update,
// cancels with tasks/cancel, and may follow status changes as `notifications/tasks` on a
// subscriptions/listen stream (`notifications.taskIds`). Tasks belong to the process (the stateless era
// has no session): ids are random UUIDs, and a task is forgotten once its ttlMs has passed.
// (The experimental tasks of 2025-11-25 are a different protocol; they live in tasks.ts.)
import { randomUUID } from 'node:crypto';
import type { Faults } from './faults.js';
import {
  INTERNAL_ERROR,
  invalidParams,
  isObject,
  MISSING_CLIENT_CAPABILITY,
  notification,
  RpcError,
  type Id,
  type JsonObject,
  type RpcErrorBody,
} from './jsonrpc.js';
import type { StatelessRequest } from './mrtr.js';
import type { Emit } from './session.js';
import { SUBSCRIPTION_ID_META } from './subscriptions.js';
import { text } from './text-block.js';
import { sleepUnlessAborted } from './timing.js';

export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/** What server/discover declares under `capabilities.extensions`. */
export const TASKS_EXTENSION_CAPABILITY = { [TASKS_EXTENSION]: {} };

/** A task may be discarded this long after its creation (the Task's `ttlMs`). */
const TTL_MS = 900_000;
const POLL_INTERVAL_MS = 100;
const DEFAULT_DURATION_MS = 300;
const MAX_DURATION_MS = 600_000;
/** How long the fixed-length task tools work before they finish. */
const SHORT_DURATION_MS = 100;
/** test_task_input_required: the pause before each round of input requests. */
const ROUND_DELAY_MS = 50;
/** task-ext-created-lazily: how long after its CreateTaskResult a task becomes visible to tasks/get. */
const LAZY_CREATION_MS = 500;
/** task-ext-forgotten-early: how long a finished task stays readable, whatever its ttlMs says. */
const EARLY_FORGET_MS = 300;
/** The _meta key a 2025-11-25 server used to tie a result to its task (the extension has no such key). */
const RELATED_TASK_META = 'io.modelcontextprotocol/related-task';

type TaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';
const TERMINAL: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];

interface InputRound {
  /** The outstanding input requests of the round, by key. */
  requests: Record<string, JsonObject>;
  /** Answers received so far for those keys. */
  answers: JsonObject;
  done(answers: JsonObject): void;
}

interface ExtensionTask {
  readonly taskId: string;
  status: TaskStatus;
  statusMessage?: string;
  readonly createdAt: string;
  lastUpdatedAt: string;
  result?: JsonObject;
  error?: RpcErrorBody;
  round?: InputRound;
  /** Stops the work (tasks/cancel). */
  readonly abort: AbortController;
  /** Called with the task's detailed view after every change of status (listen streams). */
  readonly watchers: Set<(view: JsonObject) => void>;
}

/** Every task of the process that tasks/get can see, by id. */
const tasks = new Map<string, ExtensionTask>();

/** Whether these client capabilities declare the tasks extension. */
export function declaresTasks(capabilities: JsonObject): boolean {
  const extensions = capabilities.extensions;
  return isObject(extensions) && isObject(extensions[TASKS_EXTENSION]);
}

function missingCapabilities(required: JsonObject, why: string): RpcError {
  return new RpcError(MISSING_CLIENT_CAPABILITY, `Missing required client capability: ${why}`, { requiredCapabilities: required }, 400);
}

const missingExtension = (why: string) => missingCapabilities({ extensions: { [TASKS_EXTENSION]: {} } }, `the ${TASKS_EXTENSION} extension (${why})`);

/** `elicitation: {}` means form mode (back-compat); with sub-keys, form must be one of them. */
function supportsFormElicitation(capabilities: JsonObject): boolean {
  const e = capabilities.elicitation;
  return isObject(e) && (Object.keys(e).length === 0 || isObject(e.form));
}

// ---- the task store ----

function now(): string {
  return new Date().toISOString();
}

/** The Task members every view shares (CreateTaskResult is exactly these, plus resultType). */
function baseView(task: ExtensionTask): JsonObject {
  return {
    taskId: task.taskId,
    status: task.status,
    ...(task.statusMessage !== undefined && { statusMessage: task.statusMessage }),
    createdAt: task.createdAt,
    lastUpdatedAt: task.lastUpdatedAt,
    ttlMs: TTL_MS,
    pollIntervalMs: POLL_INTERVAL_MS,
  };
}

/**
 * The input requests of the current round still waiting for an answer (a round may be answered in
 * parts). task-ext-answered-key-listed keeps the answered ones too; task-ext-input-one-at-a-time shows
 * only the first outstanding one.
 */
function outstandingRequests(round: InputRound, faults: Faults): Record<string, JsonObject> {
  let entries = Object.entries(round.requests);
  if (!faults.has('task-ext-answered-key-listed')) entries = entries.filter(([key]) => !(key in round.answers));
  if (faults.has('task-ext-input-one-at-a-time')) entries = entries.slice(0, 1);
  return Object.fromEntries(entries);
}

/** The DetailedTask of tasks/get and notifications/tasks: the base plus what the status carries. */
function detailedView(task: ExtensionTask, faults: Faults): JsonObject {
  const view = baseView(task);
  if (task.status === 'input_required' && task.round && !faults.has('task-ext-input-requests-missing')) view.inputRequests = outstandingRequests(task.round, faults);
  // task-ext-working-partial-result: a working task already shows a (partial) result.
  if (task.status === 'working' && faults.has('task-ext-working-partial-result')) view.result = { content: [text('Still working')] };
  if (task.status === 'completed' && task.result && !faults.has('task-ext-completed-without-result')) view.result = task.result;
  if (task.status === 'failed' && task.error) view.error = task.error;
  return view;
}

function changeStatus(task: ExtensionTask, status: TaskStatus, faults: Faults, statusMessage?: string): void {
  task.status = status;
  // task-ext-last-updated-frozen: lastUpdatedAt keeps the creation time whatever happens.
  if (!faults.has('task-ext-last-updated-frozen')) task.lastUpdatedAt = now();
  if (statusMessage !== undefined) task.statusMessage = statusMessage;
  else delete task.statusMessage;
  const view = detailedView(task, faults);
  for (const watcher of task.watchers) watcher(view);
  // task-ext-forgotten-early: a finished task is dropped long before its ttlMs has passed.
  if (TERMINAL.includes(status) && faults.has('task-ext-forgotten-early')) setTimeout(() => tasks.delete(task.taskId), EARLY_FORGET_MS).unref();
}

const isTerminal = (task: ExtensionTask) => TERMINAL.includes(task.status);

/** What a task's work can do besides waiting: ask the client for input and wait for every answer. */
interface TaskWork {
  signal: AbortSignal;
  ask(requests: Record<string, JsonObject>): Promise<JsonObject>;
}

/**
 * Creates a task and starts its work in the background; the task is in the store (so tasks/get
 * resolves) before this returns, except under task-ext-created-lazily.
 */
function startTask(work: (w: TaskWork) => Promise<JsonObject>, faults: Faults): ExtensionTask {
  const createdAt = now();
  const task: ExtensionTask = {
    taskId: randomUUID(),
    status: 'working',
    createdAt,
    lastUpdatedAt: createdAt,
    abort: new AbortController(),
    watchers: new Set(),
  };
  const register = () => tasks.set(task.taskId, task);
  if (faults.has('task-ext-created-lazily')) setTimeout(register, LAZY_CREATION_MS).unref();
  else register();
  setTimeout(() => {
    task.abort.abort();
    tasks.delete(task.taskId);
  }, TTL_MS).unref();

  const { signal } = task.abort;
  const ask = (requests: Record<string, JsonObject>) =>
    new Promise<JsonObject>((resolve) => {
      if (signal.aborted) return resolve({});
      const finish = (answers: JsonObject) => {
        signal.removeEventListener('abort', onAbort);
        delete task.round;
        resolve(answers);
      };
      const onAbort = () => finish({});
      signal.addEventListener('abort', onAbort, { once: true });
      task.round = { requests, answers: {}, done: finish };
      changeStatus(task, 'input_required', faults, 'Waiting for input from the client');
    });

  // task-ext-cancel-not-final: work that goes on after a cancellation overwrites the cancelled status.
  const settled = () => isTerminal(task) && !(task.status === 'cancelled' && faults.has('task-ext-cancel-not-final'));
  void work({ signal, ask }).then(
    (result) => {
      if (settled()) return;
      // task-ext-tool-error-as-failed: a tool result with isError is reported as a failed task.
      if (result.isError === true && faults.has('task-ext-tool-error-as-failed')) {
        task.error = { code: INTERNAL_ERROR, message: toolText(result) };
        changeStatus(task, 'failed', faults, 'The tool reported an error');
        return;
      }
      task.result = result;
      changeStatus(task, 'completed', faults);
    },
    (e: unknown) => {
      if (settled()) return;
      const error: RpcErrorBody = e instanceof RpcError ? { code: e.code, message: e.message, ...(e.data !== undefined && { data: e.data }) } : { code: INTERNAL_ERROR, message: 'Internal error' };
      // task-ext-failure-as-tool-error: a JSON-RPC error is reported as a completed task with an isError result.
      if (faults.has('task-ext-failure-as-tool-error')) {
        task.result = { content: [text(error.message)], isError: true };
        changeStatus(task, 'completed', faults);
        return;
      }
      task.error = error;
      changeStatus(task, 'failed', faults, `Task failed: ${error.message}`);
    },
  );
  return task;
}

function toolText(result: JsonObject): string {
  const first = Array.isArray(result.content) ? result.content[0] : undefined;
  return isObject(first) && typeof first.text === 'string' ? first.text : 'Tool error';
}

// ---- the task tools ----

const NAME_SCHEMA: JsonObject = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
const CONFIRM_SCHEMA: JsonObject = { type: 'object', properties: { confirm: { type: 'boolean' } }, required: ['confirm'] };

const askName = (): JsonObject => ({ method: 'elicitation/create', params: { mode: 'form', message: 'What is your name?', requestedSchema: NAME_SCHEMA } });
const CITY_SCHEMA: JsonObject = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
const askCity = (): JsonObject => ({ method: 'elicitation/create', params: { mode: 'form', message: 'Which city are you in?', requestedSchema: CITY_SCHEMA } });
const askConfirm = (name: string): JsonObject => ({
  method: 'elicitation/create',
  params: { mode: 'form', message: `Send the greeting to ${name}?`, requestedSchema: CONFIRM_SCHEMA },
});

const NO_ARGUMENTS: JsonObject = { type: 'object', properties: {} };

const TOOLS = [
  {
    name: 'test_task_tool',
    description: `Waits durationMs milliseconds (default ${DEFAULT_DURATION_MS}); runs as a task for clients with the tasks extension`,
    inputSchema: {
      type: 'object',
      properties: { durationMs: { type: 'integer', minimum: 0, maximum: MAX_DURATION_MS, description: 'How long to wait, in milliseconds' } },
    },
  },
  { name: 'test_task_required', description: `Waits ${SHORT_DURATION_MS} ms; can only run as a task`, inputSchema: NO_ARGUMENTS },
  { name: 'test_task_input_required', description: 'A task that asks for a name, then for a confirmation, before it greets', inputSchema: NO_ARGUMENTS },
  { name: 'test_task_multi_input', description: 'A task that asks for a name and a city at once, then greets', inputSchema: NO_ARGUMENTS },
  { name: 'test_task_failure', description: `Fails with a JSON-RPC error after ${SHORT_DURATION_MS} ms`, inputSchema: NO_ARGUMENTS },
  { name: 'test_task_tool_error', description: `Returns a tool error (isError) after ${SHORT_DURATION_MS} ms`, inputSchema: NO_ARGUMENTS },
] as const;

type TaskToolName = (typeof TOOLS)[number]['name'];

export function isTaskExtensionTool(name: unknown): name is TaskToolName {
  return TOOLS.some((tool) => tool.name === name);
}

/** The task tools as tools/list shows them on the stateless era (appended to the fixture's tools). */
export function listTaskExtensionTools(faults: Faults): JsonObject[] {
  return TOOLS.map((tool) => ({ ...tool, description: faults.has('null-description') ? null : tool.description }));
}

const FAILURE_MESSAGE = 'Task failed on purpose';
const TOOL_ERROR_MESSAGE = 'The task ended with a tool error';

/** What each tool does, whether it runs as a task or inline. */
function workOf(name: TaskToolName, duration: number, faults: Faults): (w: TaskWork) => Promise<JsonObject> {
  switch (name) {
    case 'test_task_tool':
    case 'test_task_required':
      return async ({ signal }) => {
        await sleepUnlessAborted(duration, signal);
        return { content: [text(`Task finished after ${duration} ms`)] };
      };
    case 'test_task_failure':
      return async ({ signal }) => {
        await sleepUnlessAborted(duration, signal);
        throw new RpcError(INTERNAL_ERROR, FAILURE_MESSAGE);
      };
    case 'test_task_tool_error':
      return async ({ signal }) => {
        await sleepUnlessAborted(duration, signal);
        return { content: [text(TOOL_ERROR_MESSAGE)], isError: true };
      };
    case 'test_task_input_required':
      return async ({ signal, ask }) => {
        await sleepUnlessAborted(ROUND_DELAY_MS, signal);
        const first = await ask({ 'name-1': askName() });
        const named = elicited(first['name-1']);
        const name = named.action === 'accept' && typeof named.content?.name === 'string' ? named.content.name : 'stranger';
        await sleepUnlessAborted(ROUND_DELAY_MS, signal);
        // task-ext-input-key-reused: the second round asks under the key the first one already used.
        const key = faults.has('task-ext-input-key-reused') ? 'name-1' : 'confirm-2';
        const second = elicited((await ask({ [key]: askConfirm(name) }))[key]);
        const confirmed = second.action === 'accept' && second.content?.confirm === true;
        return { content: [text(confirmed ? `Hello, ${name}!` : `No greeting for ${name}`)] };
      };
    case 'test_task_multi_input':
      return async ({ signal, ask }) => {
        await sleepUnlessAborted(ROUND_DELAY_MS, signal);
        const answers = await ask({ 'name-1': askName(), 'city-1': askCity() });
        const named = elicited(answers['name-1']);
        const placed = elicited(answers['city-1']);
        const name = named.action === 'accept' && typeof named.content?.name === 'string' ? named.content.name : 'stranger';
        const city = placed.action === 'accept' && typeof placed.content?.city === 'string' ? placed.content.city : 'nowhere';
        return { content: [text(`Hello, ${name} from ${city}!`)] };
      };
  }
}

function elicited(value: unknown): { action: string | undefined; content: JsonObject | undefined } {
  if (!isObject(value)) return { action: undefined, content: undefined };
  return { action: typeof value.action === 'string' ? value.action : undefined, content: isObject(value.content) ? value.content : undefined };
}

/**
 * tools/call of a task tool on the stateless era. With the extension declared on this request the
 * answer is a CreateTaskResult; without it test_task_tool, test_task_failure and test_task_tool_error
 * run inline (core behaviour), while test_task_required and the input tools get -32021.
 */
export async function callTaskExtensionTool(name: TaskToolName, params: JsonObject, req: StatelessRequest, faults: Faults, signal: AbortSignal): Promise<JsonObject> {
  const args = params.arguments ?? {};
  if (!isObject(args)) throw invalidParams('params.arguments must be an object');
  let duration = SHORT_DURATION_MS;
  if (name === 'test_task_tool') {
    const asked = args.durationMs ?? DEFAULT_DURATION_MS;
    if (typeof asked !== 'number' || !Number.isInteger(asked) || asked < 0 || asked > MAX_DURATION_MS) {
      return { content: [text(`Invalid arguments: durationMs must be an integer from 0 to ${MAX_DURATION_MS}`)], isError: true };
    }
    duration = asked;
  }
  // task-ext-remembered: an extension some earlier request of the process declared counts for this one too.
  // task-ext-legacy-task-param: a 2025-11-25 `params.task` asks for a task as the extension would.
  const declared =
    declaresTasks(req.capabilities) ||
    (faults.has('task-ext-remembered') && declaresTasks(req.earlierCapabilities)) ||
    (faults.has('task-ext-legacy-task-param') && isObject(params.task));
  const work = workOf(name, duration, faults);

  if (name === 'test_task_required' || name === 'test_task_input_required' || name === 'test_task_multi_input') {
    const missing: JsonObject = {};
    if (!declared) missing.extensions = { [TASKS_EXTENSION]: {} };
    if (name !== 'test_task_required' && !supportsFormElicitation(req.capabilities)) missing.elicitation = { form: {} };
    if (Object.keys(missing).length > 0) {
      // task-ext-required-names-nothing: the right code, but requiredCapabilities does not say what is missing.
      if (faults.has('task-ext-required-names-nothing') && !declared) throw missingCapabilities({}, `${name} can only run as a task`);
      throw missingCapabilities(missing, `${name} can only run as a task and asks for input through form elicitation`);
    }
  }
  if (!declared) {
    const result = await work({ signal, ask: async () => ({}) });
    // task-ext-inline-related-task: the plain result is tied, 2025-11-25 style, to a task the client cannot see.
    if (faults.has('task-ext-inline-related-task')) return { ...result, _meta: { [RELATED_TASK_META]: { taskId: randomUUID() } } };
    return result;
  }

  const task = startTask(work, faults);
  // task-ext-result-type-complete: the CreateTaskResult says it is a complete result.
  const created: JsonObject = { resultType: faults.has('task-ext-result-type-complete') ? 'complete' : 'task', ...baseView(task) };
  // task-ext-create-nested: the Task is also repeated under `task`, as a 2025-11-25 CreateTaskResult had it.
  if (faults.has('task-ext-create-nested')) created.task = baseView(task);
  // task-ext-create-placeholder-result: the CreateTaskResult carries an empty result as if it were final.
  if (faults.has('task-ext-create-placeholder-result')) created.result = { content: [] };
  // task-ext-legacy-ttl-names: the 2025-11-25 names ttl and pollInterval instead of ttlMs and pollIntervalMs.
  if (faults.has('task-ext-legacy-ttl-names')) {
    created.ttl = created.ttlMs;
    created.pollInterval = created.pollIntervalMs;
    delete created.ttlMs;
    delete created.pollIntervalMs;
  }
  return created;
}

// ---- tasks/get, tasks/update, tasks/cancel ----

function findTask(params: JsonObject, faults: Faults): ExtensionTask {
  const { taskId } = params;
  if (typeof taskId !== 'string') throw invalidParams('Invalid params: params.taskId must be a string');
  const task = tasks.get(taskId);
  if (task) return task;
  if (faults.has('task-ext-unknown-id-internal-error')) throw new RpcError(INTERNAL_ERROR, 'Internal error');
  throw invalidParams(`Failed to retrieve task: Task not found: ${taskId}`, { taskId });
}

export function handleTaskExtensionMethod(method: string, params: JsonObject, req: StatelessRequest, faults: Faults): JsonObject {
  // task-ext-methods-ungated: the methods are served whatever the request declared.
  if (!declaresTasks(req.capabilities) && !faults.has('task-ext-methods-ungated')) throw missingExtension(`needed for ${method}`);
  const task = findTask(params, faults);
  switch (method) {
    case 'tasks/get': {
      // task-ext-get-result-type-task: the polled task is labelled like a CreateTaskResult.
      const view: JsonObject = { resultType: faults.has('task-ext-get-result-type-task') ? 'task' : 'complete', ...detailedView(task, faults) };
      // task-ext-created-at-moves: createdAt is reported as the time of the poll.
      if (faults.has('task-ext-created-at-moves')) view.createdAt = now();
      // task-ext-get-timestamps-epoch: timestamps as epoch milliseconds in a string rather than ISO 8601.
      if (faults.has('task-ext-get-timestamps-epoch')) {
        view.createdAt = String(Date.parse(task.createdAt));
        view.lastUpdatedAt = String(Date.parse(task.lastUpdatedAt));
      }
      return view;
    }
    case 'tasks/update': {
      const { inputResponses } = params;
      if (!isObject(inputResponses)) throw invalidParams('Invalid params: params.inputResponses must be an object');
      const round = task.round;
      // Only keys outstanding right now count; others (never issued, already answered) are ignored.
      // task-ext-update-ignored: the answers are acknowledged and then dropped.
      if (round && task.status === 'input_required' && !faults.has('task-ext-update-ignored')) {
        const applied: JsonObject = {};
        for (const [sent, value] of Object.entries(inputResponses)) {
          // task-ext-update-any-key: an answer under a key never issued goes to the first unanswered request.
          const key = faults.has('task-ext-update-any-key') && !(sent in round.requests) ? Object.keys(round.requests).find((k) => !(k in round.answers)) : sent;
          if (key === undefined || !(key in round.requests) || key in round.answers) continue;
          if (!isObject(value) || typeof value.action !== 'string') throw invalidParams(`Invalid params: inputResponses["${key}"] must be an ElicitResult`, { key });
          round.answers[key] = value;
          applied[key] = value;
        }
        // Applied before the acknowledgement: once every key of the round is answered the task works again.
        // task-ext-partial-update-ends-round: any answer ends the round, the unanswered keys count as declined.
        const ends = Object.keys(round.requests).every((key) => key in round.answers) || (faults.has('task-ext-partial-update-ends-round') && Object.keys(applied).length > 0);
        if (ends) {
          changeStatus(task, 'working', faults);
          // task-ext-partial-answers-lost: only the answers of the last tasks/update reach the work.
          round.done(faults.has('task-ext-partial-answers-lost') ? applied : round.answers);
        }
      }
      // task-ext-update-returns-task: the acknowledgement carries the task instead of being empty.
      return faults.has('task-ext-update-returns-task') ? { resultType: 'complete', ...detailedView(task, faults) } : {};
    }
    case 'tasks/cancel':
      // task-ext-cancel-overrides-terminal: a task that already finished is turned into a cancelled one.
      if (!isTerminal(task) || faults.has('task-ext-cancel-overrides-terminal')) {
        const finished = isTerminal(task);
        changeStatus(task, 'cancelled', faults, 'Cancelled by the client');
        if (finished) {
          delete task.result;
          delete task.error;
        }
        // task-ext-cancel-not-final: the work is not stopped (and its end overwrites the status).
        if (!faults.has('task-ext-cancel-not-final')) task.abort.abort();
      }
      // task-ext-cancel-forgets: a cancelled task is dropped at once, so tasks/get no longer finds it.
      if (faults.has('task-ext-cancel-forgets')) tasks.delete(task.taskId);
      // task-ext-cancel-returns-task: the acknowledgement carries the task instead of being empty.
      return faults.has('task-ext-cancel-returns-task') ? { resultType: 'complete', ...detailedView(task, faults) } : {};
    default:
      throw new RpcError(INTERNAL_ERROR, `not a tasks extension method: ${method}`);
  }
}

/**
 * task-ext-legacy-methods: tasks/result and tasks/list of 2025-11-25, which the extension dropped,
 * served anyway (tasks/result answers the task's result or its current state; tasks/list every task).
 */
export function handleLegacyTaskMethod(method: string, params: JsonObject, faults: Faults): JsonObject {
  if (method === 'tasks/list') return { tasks: [...tasks.values()].map((task) => baseView(task)) };
  const task = findTask(params, faults);
  return task.result ?? detailedView(task, faults);
}

// ---- task status notifications on subscriptions/listen ----

/**
 * The task ids a listen filter asks to follow (`notifications.taskIds`), of which the server agrees to
 * the ones it knows; undefined when the filter asks for none. A client without the extension gets
 * -32021 (HTTP 400) instead.
 */
export function taskSubscription(filter: JsonObject, req: StatelessRequest, faults: Faults): string[] | undefined {
  const { taskIds } = filter;
  if (taskIds === undefined) return undefined;
  if (!Array.isArray(taskIds) || !taskIds.every((id) => typeof id === 'string')) throw invalidParams('Invalid params: notifications.taskIds must be an array of strings');
  // task-ext-listen-ungated: task notifications are granted to any client.
  if (!declaresTasks(req.capabilities) && !faults.has('task-ext-listen-ungated')) throw missingExtension('needed for notifications.taskIds');
  // task-ext-ack-foreign-ids: every task the process knows is agreed to (and followed), asked for or not.
  if (faults.has('task-ext-ack-foreign-ids')) return [...tasks.keys()];
  return taskIds.filter((id) => tasks.has(id));
}

/** Adds the agreed task ids to the listen acknowledgement passing through `emit`. */
export function acknowledgeTaskIds(emit: Emit, taskIds: string[]): Emit {
  return (message) => {
    const params = 'method' in message && message.method === 'notifications/subscriptions/acknowledged' ? message.params : undefined;
    if (!isObject(params) || taskIds.length === 0) return emit(message);
    const agreed = isObject(params.notifications) ? params.notifications : {};
    emit({ ...message, params: { ...params, notifications: { ...agreed, taskIds } } });
  };
}

/** Sends `notifications/tasks` on the stream for every status change of these tasks; returns how to stop. */
export function watchTasks(subscriptionId: Id, taskIds: string[], emit: Emit, faults: Faults): () => void {
  const watched: [ExtensionTask, (view: JsonObject) => void][] = [];
  // task-ext-notifications-all-tasks: the stream follows every task of the process, not only those agreed to.
  const followed = faults.has('task-ext-notifications-all-tasks') ? [...tasks.keys()] : taskIds;
  let progress = 0;
  for (const id of followed) {
    const task = tasks.get(id);
    if (!task) continue;
    const watcher = (view: JsonObject) => {
      // task-ext-notification-without-subscription-id: the notification does not say which stream it belongs to.
      const meta = faults.has('task-ext-notification-without-subscription-id') ? {} : { _meta: { [SUBSCRIPTION_ID_META]: subscriptionId } };
      // task-ext-progress-on-stream: each status change is also reported as notifications/progress on the stream.
      if (faults.has('task-ext-progress-on-stream')) emit(notification('notifications/progress', { ...meta, progressToken: task.taskId, progress: ++progress }));
      // task-ext-notification-status-only: the notification carries the task's id and status, not the task.
      const body = faults.has('task-ext-notification-status-only') ? { taskId: view.taskId, status: view.status } : view;
      emit(notification('notifications/tasks', { ...meta, ...body }));
    };
    task.watchers.add(watcher);
    watched.push([task, watcher]);
  }
  return () => {
    for (const [task, watcher] of watched) task.watchers.delete(watcher);
  };
}
