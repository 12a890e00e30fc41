// The plan the harness hands over (schema/client-plan.schema.json) and the outcome lines written back
// (schema/client-outcome.schema.json). The plan is checked by hand, enough to refuse a bad one.

export type Answer = { result: Record<string, unknown> } | { error: { code: number; message: string; data?: unknown } };

export type Target = { transport: 'http' | 'sse'; url: string } | { transport: 'stdio'; command: string[]; env?: Record<string, string> };

export interface Plan {
  target: Target;
  protocolVersion?: string;
  clientInfo?: { name: string; version: string; [key: string]: unknown };
  capabilities?: Record<string, unknown>;
  answers?: { sampling?: Answer; elicitation?: Answer; roots?: Answer };
  timeoutMs?: number;
  actions: PlanAction[];
}

export type PlanAction = { label?: string } & Record<string, unknown>;

export type OutcomeLine =
  | { action: string; index: number; label?: string; ok: boolean; result?: unknown; error?: { code?: number; message: string }; ms: number }
  | { event: 'notification' | 'request'; method: string; params?: unknown }
  | { event: 'done' };

export const ACTION_KEYS = [
  'connect',
  'ping',
  'listTools',
  'listResources',
  'listResourceTemplates',
  'listPrompts',
  'callTool',
  'readResource',
  'getPrompt',
  'complete',
  'setLoggingLevel',
  'subscribe',
  'unsubscribe',
  'cancel',
  'wait',
  'sleep',
  'rootsChanged',
  'close',
] as const;

export type ActionKey = (typeof ACTION_KEYS)[number];

export class PlanError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkAnswer(name: string, value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value)) throw new PlanError(`answers.${name} must be an object`);
  const hasResult = isObject(value.result);
  const error = value.error;
  const hasError = isObject(error) && Number.isInteger(error.code) && typeof error.message === 'string';
  if (hasResult === hasError) throw new PlanError(`answers.${name} must hold either result (an object) or error ({code, message})`);
}

/** callTool.task (call the tool as a task): absent, or an object whose ttl, when given, is a non-negative integer. */
function validTask(task: unknown): boolean {
  if (task === undefined) return true;
  return isObject(task) && (task.ttl === undefined || (Number.isInteger(task.ttl) && (task.ttl as number) >= 0));
}

/** The key of an action (its one member besides `label`). */
export function actionKey(action: PlanAction): ActionKey {
  const keys = Object.keys(action).filter((k) => k !== 'label');
  return keys[0] as ActionKey;
}

export function checkPlan(value: unknown): Plan {
  if (!isObject(value)) throw new PlanError('the plan must be a JSON object');
  const { target, actions, protocolVersion, timeoutMs, answers, capabilities, clientInfo } = value;
  if (!isObject(target)) throw new PlanError('target must be an object');
  if (target.transport === 'http' || target.transport === 'sse') {
    if (typeof target.url !== 'string') throw new PlanError('target.url must be a string');
    try {
      new URL(target.url);
    } catch {
      throw new PlanError(`target.url is not a URL: ${target.url}`);
    }
  } else if (target.transport === 'stdio') {
    if (!Array.isArray(target.command) || target.command.length === 0 || !target.command.every((c) => typeof c === 'string')) {
      throw new PlanError('target.command must be a non-empty array of strings');
    }
    if (target.env !== undefined && (!isObject(target.env) || !Object.values(target.env).every((v) => typeof v === 'string'))) {
      throw new PlanError('target.env must map names to strings');
    }
  } else throw new PlanError(`target.transport must be http, sse or stdio, not ${JSON.stringify(target.transport)}`);
  if (protocolVersion !== undefined && (typeof protocolVersion !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(protocolVersion))) {
    throw new PlanError('protocolVersion must be a YYYY-MM-DD string');
  }
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || (timeoutMs as number) < 1 || (timeoutMs as number) > 120000)) {
    throw new PlanError('timeoutMs must be an integer from 1 to 120000');
  }
  if (capabilities !== undefined && !isObject(capabilities)) throw new PlanError('capabilities must be an object');
  const extensions = isObject(capabilities) ? capabilities.extensions : undefined;
  if (extensions !== undefined && (!isObject(extensions) || !Object.values(extensions).every(isObject))) {
    throw new PlanError('capabilities.extensions must map extension ids to objects');
  }
  if (clientInfo !== undefined && (!isObject(clientInfo) || typeof clientInfo.name !== 'string' || typeof clientInfo.version !== 'string')) {
    throw new PlanError('clientInfo must have a name and a version');
  }
  if (answers !== undefined) {
    if (!isObject(answers)) throw new PlanError('answers must be an object');
    for (const [name, answer] of Object.entries(answers)) {
      if (!['sampling', 'elicitation', 'roots'].includes(name)) throw new PlanError(`answers.${name} is not sampling, elicitation or roots`);
      checkAnswer(name, answer);
    }
  }
  if (!Array.isArray(actions)) throw new PlanError('actions must be an array');
  actions.forEach((action, index) => {
    if (!isObject(action)) throw new PlanError(`actions[${index}] must be an object`);
    if (action.label !== undefined && typeof action.label !== 'string') throw new PlanError(`actions[${index}].label must be a string`);
    const keys = Object.keys(action).filter((k) => k !== 'label');
    if (keys.length !== 1) throw new PlanError(`actions[${index}] must have exactly one action key besides label`);
    const key = keys[0] as string;
    if (!(ACTION_KEYS as readonly string[]).includes(key)) throw new PlanError(`actions[${index}]: unknown action ${key}`);
    const body = action[key];
    if (!isObject(body)) throw new PlanError(`actions[${index}].${key} must be an object`);
    const need = (field: string, type: 'string' | 'object'): void => {
      const v = body[field];
      if (type === 'string' ? typeof v !== 'string' : !isObject(v)) throw new PlanError(`actions[${index}].${key}.${field} must be a${type === 'object' ? 'n object' : ' string'}`);
    };
    if (key === 'callTool' || key === 'getPrompt') need('name', 'string');
    if (key === 'callTool' && !validTask(body.task)) throw new PlanError(`actions[${index}].callTool.task must be an object whose ttl, if any, is a non-negative integer`);
    if (key === 'readResource' || key === 'subscribe' || key === 'unsubscribe') need('uri', 'string');
    if (key === 'complete') (need('ref', 'object'), need('argument', 'object'));
    if (key === 'setLoggingLevel') need('level', 'string');
    if (key === 'connect' && body.timeoutMs !== undefined && (!Number.isInteger(body.timeoutMs) || (body.timeoutMs as number) < 1 || (body.timeoutMs as number) > 120000)) {
      throw new PlanError(`actions[${index}].connect.timeoutMs must be an integer from 1 to 120000`);
    }
    if (key === 'cancel' || key === 'wait') need('label', 'string');
    if (key === 'sleep' && (!Number.isInteger(body.ms) || (body.ms as number) < 0 || (body.ms as number) > 60000)) {
      throw new PlanError(`actions[${index}].sleep.ms must be an integer from 0 to 60000`);
    }
  });
  return value as unknown as Plan;
}
