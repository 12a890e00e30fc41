// Stateless era (2026-07-28): multi round-trip requests. The server never sends JSON-RPC requests;
// a tool that needs input answers an InputRequiredResult (`resultType: "input_required"`) with the
// embedded requests, and the client retries the call with `inputResponses` (and the `requestState`
// it was given, echoed verbatim). Everything a later round needs travels in that state, signed with
// a per-process key, so the server keeps nothing between rounds.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Faults } from './faults.js';
import { INTERNAL_ERROR, invalidParams, isObject, MISSING_CLIENT_CAPABILITY, RpcError, type JsonObject } from './jsonrpc.js';
import type { LogLevel } from './session.js';
import { elicitationParams, samplingMessages, samplingTools } from './input-request-faults.js';
import { text } from './text-block.js';

/** What a stateless-era request carries besides its own params (read from `_meta` and the retry fields). */
export interface StatelessRequest {
  protocolVersion: string;
  /** This request's `io.modelcontextprotocol/clientCapabilities`, the only ones that count. */
  capabilities: JsonObject;
  /** Every capability earlier stateless requests of this process declared (capability-from-earlier-request). */
  earlierCapabilities: JsonObject;
  /** `io.modelcontextprotocol/logLevel`: no log messages at all for the request when absent. */
  logLevel: LogLevel | undefined;
  inputResponses: JsonObject | undefined;
  requestState: string | undefined;
}

type Block = JsonObject;
const complete = (message: string): JsonObject => ({ content: [text(message)] });

/**
 * An InputRequiredResult. Only input requests this request's client capabilities allow may go out
 * (MRTR-012); asking for anything else is -32021 naming what is missing (HTTP 400).
 */
export function inputRequired(req: StatelessRequest, inputRequests: Record<string, JsonObject>, requestState?: string): JsonObject {
  const missing: JsonObject = {};
  for (const { method, params } of Object.values(inputRequests)) {
    const urlMode = isObject(params) && params.mode === 'url';
    if (method === 'elicitation/create' && urlMode && !(isObject(req.capabilities.elicitation) && isObject(req.capabilities.elicitation.url))) missing.elicitation = { url: {} };
    if (method === 'elicitation/create' && !urlMode && !supportsFormElicitation(req.capabilities)) missing.elicitation = { form: {} };
    if (method === 'sampling/createMessage' && !isObject(req.capabilities.sampling)) missing.sampling = {};
    if (method === 'roots/list' && !isObject(req.capabilities.roots)) missing.roots = {};
  }
  if (Object.keys(missing).length > 0) {
    throw new RpcError(MISSING_CLIENT_CAPABILITY, `Missing required client capability: ${Object.keys(missing).join(', ')}`, { requiredCapabilities: missing }, 400);
  }
  return { resultType: 'input_required', inputRequests, ...(requestState !== undefined && { requestState }) };
}

// ---- the embedded input requests of FIXTURE.md ----

const NAME_SCHEMA: JsonObject = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };

const ASK_NAME: JsonObject = {
  method: 'elicitation/create',
  params: { mode: 'form', message: 'What is your name?', requestedSchema: NAME_SCHEMA },
};

/** The sampling input request; the sampling faults of input-request-faults.ts bend it. */
const askSum = (faults: Faults): JsonObject => ({
  method: 'sampling/createMessage',
  params: { messages: samplingMessages('What is 2+2?', faults), maxTokens: 100, ...samplingTools(faults) },
});

const ASK_ROOTS: JsonObject = { method: 'roots/list' };

const ANSWER_SCHEMA: JsonObject = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };

function askStep(round: 1 | 2): JsonObject {
  return { method: 'elicitation/create', params: { mode: 'form', message: `Round ${round} of 2: please answer.`, requestedSchema: ANSWER_SCHEMA } };
}

// ---- request state: base64url(JSON payload) "." base64url(HMAC-SHA256(payload text)) ----

const STATE_KEY = randomBytes(32);
const STATE_TTL_MS = 10 * 60_000;

function mac(body: string): string {
  return createHmac('sha256', STATE_KEY).update(body).digest('base64url');
}

/** A state string bound to one tool, with an issue time and a nonce; opaque to the client. */
export function signState(tool: string, fields: JsonObject = {}): string {
  const body = Buffer.from(JSON.stringify({ ...fields, tool, iat: Date.now(), nonce: randomUUID() }), 'utf8').toString('base64url');
  return `${body}.${mac(body)}`;
}

/**
 * The payload of a state this process issued for `tool` within the last ten minutes, else undefined.
 * The signature is compared as canonical text, so changing any character of the state (even one
 * that base64 decoding would tolerate) makes it invalid. `anyTool` (mrtr-state-not-bound-to-tool)
 * accepts a state issued for any tool.
 */
export function verifyState(state: string, tool: string, anyTool = false): JsonObject | undefined {
  const dot = state.indexOf('.');
  if (dot <= 0 || dot !== state.lastIndexOf('.')) return undefined;
  const body = state.slice(0, dot);
  const given = Buffer.from(state.slice(dot + 1), 'utf8');
  const expected = Buffer.from(mac(body), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(payload) || (payload.tool !== tool && !anyTool) || typeof payload.iat !== 'number') return undefined;
  if (Date.now() - payload.iat > STATE_TTL_MS) return undefined;
  return payload;
}

const badState = (tool: string, state: string | undefined) =>
  invalidParams(state === undefined ? `${tool}: the retry must echo the requestState it was given` : `${tool}: invalid requestState`, {
    requestState: state ?? null,
  });

// ---- reading the client's responses ----

/** The retry's responses; under mrtr-ignores-responses a retry looks exactly like a first call. */
function responsesOf(req: StatelessRequest, faults: Faults): JsonObject {
  return faults.has('mrtr-ignores-responses') ? {} : (req.inputResponses ?? {});
}

function elicitResult(key: string, value: unknown): { action: string; content: JsonObject | undefined } {
  if (!isObject(value) || typeof value.action !== 'string') throw invalidParams(`inputResponses["${key}"] must be an ElicitResult`, { key });
  return { action: value.action, content: isObject(value.content) ? value.content : undefined };
}

/** The text of a sampling answer's content, which is one block or (with sampling tools) an array. */
export function samplingText(result: unknown): string {
  const content = isObject(result) ? result.content : undefined;
  const blocks = Array.isArray(content) ? content : [content];
  const first = blocks.find((b) => isObject(b) && b.type === 'text' && typeof b.text === 'string');
  return isObject(first) ? String(first.text) : JSON.stringify(content);
}

function samplingResult(key: string, value: unknown): string {
  if (!isObject(value) || value.content === undefined) throw invalidParams(`inputResponses["${key}"] must be a CreateMessageResult`, { key });
  return samplingText(value);
}

function rootsCount(key: string, value: unknown): number {
  if (!isObject(value) || !Array.isArray(value.roots)) throw invalidParams(`inputResponses["${key}"] must be a ListRootsResult`, { key });
  return value.roots.length;
}

function greeting(key: string, value: unknown): string {
  const { action, content } = elicitResult(key, value);
  const name = action === 'accept' && typeof content?.name === 'string' ? content.name : 'stranger';
  return `Hello, ${name}!`;
}

// ---- the stateless-only tools ----

/** Tools whose input request went out and was not answered yet (only mrtr-expects-retry looks). */
const unanswered = new Set<string>();

export const MRTR_TOOL_NAMES = [
  'test_input_required_result_elicitation',
  'test_input_required_result_sampling',
  'test_input_required_result_list_roots',
  'test_input_required_result_request_state',
  'test_input_required_result_multiple_inputs',
  'test_input_required_result_multi_round',
  'test_input_required_result_tampered_state',
  'test_input_required_result_capabilities',
] as const;
export type MrtrToolName = (typeof MRTR_TOOL_NAMES)[number];

export function runMrtrTool(name: MrtrToolName, req: StatelessRequest, faults: Faults): JsonObject {
  const responses = responsesOf(req, faults);
  switch (name) {
    case 'test_input_required_result_elicitation': {
      if (faults.has('mrtr-complete-without-input')) return complete('Hello, stranger!');
      // mrtr-extra-keys-rejected: an answer under a key that was never asked for fails the whole retry.
      const unasked = Object.keys(responses).filter((k) => k !== 'elicit-1');
      if (faults.has('mrtr-extra-keys-rejected') && unasked.length > 0) throw invalidParams(`Unknown inputResponses key: ${unasked[0]}`, { key: unasked[0] });
      // mrtr-any-key-accepted: the first answer stands in for elicit-1, whatever its key.
      const answer = responses['elicit-1'] !== undefined ? responses['elicit-1'] : faults.has('mrtr-any-key-accepted') ? Object.values(responses)[0] : undefined;
      if (answer === undefined) {
        // mrtr-expects-retry: a first call while an earlier one was never retried is refused.
        if (faults.has('mrtr-expects-retry') && unanswered.has(name)) throw new RpcError(INTERNAL_ERROR, 'An earlier input request was never answered');
        unanswered.add(name);
        return inputRequired(req, { 'elicit-1': ASK_NAME });
      }
      unanswered.delete(name);
      // mrtr-null-response-internal-error: reads the action of a null answer and crashes.
      if (answer === null && faults.has('mrtr-null-response-internal-error')) throw new RpcError(INTERNAL_ERROR, "Cannot read properties of null (reading 'action')");
      // mrtr-number-response-accepted: an answer that is a number passes for a declined elicitation.
      if (typeof answer === 'number' && faults.has('mrtr-number-response-accepted')) return complete('Hello, stranger!');
      // elicitation-decline-crashes: reads the name as if the user had accepted.
      if (faults.has('elicitation-decline-crashes') && elicitResult('elicit-1', answer).action !== 'accept') {
        throw new RpcError(INTERNAL_ERROR, "Cannot read properties of undefined (reading 'name')");
      }
      return complete(greeting('elicit-1', answer));
    }

    case 'test_input_required_result_sampling': {
      if (responses['sample-1'] === undefined) {
        // mrtr-sampling-no-messages: the sampling request has nothing for the model to answer.
        const ask = faults.has('mrtr-sampling-no-messages') ? { method: 'sampling/createMessage', params: { messages: [], maxTokens: 100 } } : askSum(faults);
        return inputRequired(req, { 'sample-1': ask });
      }
      const sampled = samplingResult('sample-1', responses['sample-1']);
      // mrtr-sampling-answer-ignored: a canned answer instead of the client's.
      return complete(`Sampling result: ${faults.has('mrtr-sampling-answer-ignored') ? '4' : sampled}`);
    }

    case 'test_input_required_result_list_roots': {
      if (responses['roots-1'] === undefined) {
        // mrtr-roots-not-requested: only a state comes back, so the client is never asked for its roots.
        if (faults.has('mrtr-roots-not-requested')) return { resultType: 'input_required', requestState: signState(name) };
        // mrtr-roots-undeclared: asks for roots whatever the request declared.
        if (faults.has('mrtr-roots-undeclared')) return { resultType: 'input_required', inputRequests: { 'roots-1': ASK_ROOTS } };
        return inputRequired(req, { 'roots-1': ASK_ROOTS });
      }
      const count = rootsCount('roots-1', responses['roots-1']);
      // mrtr-roots-answer-ignored: reports no roots whatever the client sent.
      return complete(`Roots: ${faults.has('mrtr-roots-answer-ignored') ? 0 : count}`);
    }

    case 'test_input_required_result_request_state':
    case 'test_input_required_result_tampered_state': {
      // A first call carries neither responses nor state; anything else is a retry, which must
      // echo the state: it is the proof that the first round happened.
      const state = faults.has('mrtr-ignores-responses') ? undefined : req.requestState;
      if (Object.keys(responses).length === 0 && state === undefined) return inputRequired(req, { 'elicit-1': ASK_NAME }, signState(name));
      const unchecked =
        name === 'test_input_required_result_request_state' ? faults.has('request-state-unchecked') : faults.has('tampered-state-accepted') && state !== undefined;
      if (!unchecked && (state === undefined || !verifyState(state, name, faults.has('mrtr-state-not-bound-to-tool')))) throw badState(name, state);
      return complete('State verified');
    }

    case 'test_input_required_result_multiple_inputs': {
      const asks: Record<string, JsonObject> = { 'elicit-1': ASK_NAME, 'sample-1': askSum(faults), 'roots-1': ASK_ROOTS };
      // Answers from earlier rounds travel in the state, so a client may answer in several goes.
      let earlier: string[] = [];
      const state = faults.has('mrtr-ignores-responses') ? undefined : req.requestState;
      if (state !== undefined) {
        const payload = verifyState(state, name);
        if (!payload) throw badState(name, state);
        earlier = Array.isArray(payload.have) ? payload.have.filter((k): k is string => typeof k === 'string') : [];
      }
      if (responses['elicit-1'] !== undefined) elicitResult('elicit-1', responses['elicit-1']);
      if (responses['sample-1'] !== undefined) samplingResult('sample-1', responses['sample-1']);
      if (responses['roots-1'] !== undefined) rootsCount('roots-1', responses['roots-1']);
      // mrtr-multiple-answers-one-used: only the first answer of a retry counts.
      const answered = Object.keys(asks).filter((k) => responses[k] !== undefined);
      const used = faults.has('mrtr-multiple-answers-one-used') ? answered.slice(0, 1) : answered;
      const have = Object.keys(asks).filter((k) => earlier.includes(k) || used.includes(k));
      const missing = Object.keys(asks).filter((k) => !have.includes(k));
      if (missing.length === 0) return complete('All inputs received');
      // mrtr-partial-answers-error: a retry answering only some of the requests is refused.
      if (faults.has('mrtr-partial-answers-error') && have.length > 0) throw invalidParams(`Missing inputResponses: ${missing.join(', ')}`, { missing });
      // mrtr-partial-reasks-everything: asks again for what was answered too.
      // mrtr-multiple-inputs-one-at-a-time: asks for one input per round.
      const asked = faults.has('mrtr-partial-reasks-everything') ? Object.keys(asks) : faults.has('mrtr-multiple-inputs-one-at-a-time') ? missing.slice(0, 1) : missing;
      const pending = Object.fromEntries(asked.map((k) => [k, asks[k] as JsonObject]));
      return inputRequired(req, pending, have.length > 0 ? signState(name, { have }) : undefined);
    }

    case 'test_input_required_result_multi_round': {
      // Each round's state names the round it asked for; an answer counts only with the state of its
      // round, and without a state this is a first call (a state that is sent must be ours).
      const state = faults.has('mrtr-ignores-responses') ? undefined : req.requestState;
      const payload = state === undefined ? undefined : verifyState(state, name, faults.has('mrtr-state-not-bound-to-tool'));
      if (state !== undefined && !payload) throw badState(name, state);
      const round = typeof payload?.round === 'number' ? payload.round : 0;
      const askFirst = () => inputRequired(req, { 'step-1': askStep(1) }, signState(name, { round: 1 }));
      // mrtr-multi-round-state-unchecked: an answer to step 2 completes without the state of round 2.
      if (responses['step-2'] !== undefined && (round === 2 || faults.has('mrtr-multi-round-state-unchecked'))) {
        elicitResult('step-2', responses['step-2']);
        // mrtr-multi-round-state-rejected: the state of round 2 fails its own verification.
        if (faults.has('mrtr-multi-round-state-rejected')) throw badState(name, state);
        return complete('Completed after 2 rounds');
      }
      if (responses['step-1'] !== undefined && round === 1) {
        const first = elicitResult('step-1', responses['step-1']);
        // mrtr-multi-round-repeats-first: the first round's answer is lost and round 1 is asked again.
        if (faults.has('mrtr-multi-round-repeats-first')) return askFirst();
        // mrtr-multi-round-state-dropped: round 2 comes without the state that proves round 1 happened.
        return inputRequired(req, { 'step-2': askStep(2) }, faults.has('mrtr-multi-round-state-dropped') ? undefined : signState(name, { round: 2, step1: first.action }));
      }
      return askFirst();
    }

    case 'test_input_required_result_capabilities': {
      if (responses['elicit-1'] !== undefined) return complete(greeting('elicit-1', responses['elicit-1']));
      if (responses['sample-1'] !== undefined) return complete(`Sampling result: ${samplingResult('sample-1', responses['sample-1'])}`);
      // mrtr-ignores-capabilities asks for form elicitation whatever the client declared;
      // mrtr-capabilities-fallback-elicitation does so when the client declared nothing.
      const declaredNothing = !isObject(req.capabilities.elicitation) && !isObject(req.capabilities.sampling);
      if (faults.has('mrtr-ignores-capabilities') || (declaredNothing && faults.has('mrtr-capabilities-fallback-elicitation'))) {
        return { resultType: 'input_required', inputRequests: { 'elicit-1': ASK_NAME } };
      }
      // Only what this request's capabilities allow: form elicitation, else sampling, else nothing.
      if (supportsFormElicitation(req.capabilities)) return inputRequired(req, { 'elicit-1': ASK_NAME });
      if (isObject(req.capabilities.sampling)) return inputRequired(req, { 'sample-1': askSum(faults) });
      return complete('No inputs possible');
    }
  }
}

/** `elicitation: {}` means form mode (back-compat); with sub-keys, form must be one of them. */
function supportsFormElicitation(capabilities: JsonObject): boolean {
  const e = capabilities.elicitation;
  return isObject(e) && (Object.keys(e).length === 0 || isObject(e.form));
}

// ---- test_sampling and test_elicitation on the stateless era ----

export function statelessSampling(prompt: string, req: StatelessRequest, faults: Faults): JsonObject {
  const answer = responsesOf(req, faults)['sample-1'];
  if (answer === undefined) {
    return inputRequired(req, {
      'sample-1': { method: 'sampling/createMessage', params: { messages: samplingMessages(prompt, faults), maxTokens: 100, ...samplingTools(faults) } },
    });
  }
  return complete(`LLM response: ${samplingResult('sample-1', answer)}`);
}

export function statelessElicitation(message: string, req: StatelessRequest, faults: Faults): JsonObject {
  const answer = responsesOf(req, faults)['elicit-1'];
  if (answer === undefined) {
    return inputRequired(req, { 'elicit-1': { method: 'elicitation/create', params: elicitationParams(message, faults, 'stateless') } });
  }
  const { action, content } = elicitResult('elicit-1', answer);
  return complete(`User response: action=${action}, content=${JSON.stringify(content)}`);
}
