// URL-mode elicitation and sampling with tools (FIXTURE.md): test_url_elicitation,
// test_url_elicitation_required and test_sampling_tools in both eras, and the faults that bend them.
import { randomUUID } from 'node:crypto';
import type { Faults } from './faults.js';
import { isObject, notification, RpcError, type JsonObject } from './jsonrpc.js';
import { inputRequired, samplingText, type StatelessRequest } from './mrtr.js';
import type { ClientAnswer, Emit, Session } from './session.js';
import { text } from './text-block.js';

/** URLElicitationRequiredError (2025-11-25). */
export const URL_ELICITATION_REQUIRED = -32042;

export const URL_ELICITATION_MESSAGE = 'Please open the link to continue.';
export const URL_REQUIRED_MESSAGE = 'Please authorise access to the example service.';
export const URL_KEY = 'url-1';
export const SAMPLE_KEY = 'sample-1';
export const FOLLOW_UP_KEY = 'sample-2';

const elicitUrl = (id: string) => `https://127.0.0.1/mcp-conform/elicit/${id}`;

interface HandshakeCall {
  session: Session;
  emit: Emit;
  faults: Faults;
}

const toolError = (message: string): JsonObject => ({ content: [text(message)], isError: true });

function failure(method: string, answer: ClientAnswer): JsonObject {
  if (answer.kind === 'error') return toolError(answer.message);
  return toolError(answer.kind === 'timeout' ? `the client did not answer ${method} in time` : 'the session was closed');
}

const declaresUrlMode = (capabilities: JsonObject | undefined) => isObject(capabilities?.elicitation) && isObject(capabilities.elicitation.url);
const declaresSamplingTools = (capabilities: JsonObject | undefined) => isObject(capabilities?.sampling) && isObject(capabilities.sampling.tools);

// ---- URL-mode elicitation ----

/** Handshake era: elicitation/create in url mode; on accept, notifications/elicitation/complete with the same id. */
export async function urlElicitation({ session, emit, faults }: HandshakeCall): Promise<JsonObject> {
  if (!declaresUrlMode(session.clientCapabilities)) return toolError('The client did not declare URL-mode elicitation');
  const id = randomUUID();
  const params: JsonObject = {
    mode: 'url',
    message: URL_ELICITATION_MESSAGE,
    url: elicitUrl(id),
    // url-elicitation-missing-id: the request names no elicitationId.
    ...(!faults.has('url-elicitation-missing-id') && { elicitationId: id }),
  };
  const answer = await session.requestClient('elicitation/create', params, emit);
  if (answer.kind !== 'result') return failure('elicitation/create', answer);
  const action = isObject(answer.result) ? String(answer.result.action) : 'undefined';
  // The out-of-band interaction is simulated as finishing at once once the user consented.
  if (action === 'accept' && !faults.has('url-elicitation-complete-missing')) {
    const completed = faults.has('url-elicitation-complete-wrong-id') ? randomUUID() : id;
    emit(notification('notifications/elicitation/complete', { elicitationId: completed }));
  }
  return { content: [text(`URL elicitation action=${action}`)] };
}

/** Handshake era: the call cannot proceed before a URL-mode elicitation, so it answers -32042. */
export function urlElicitationRequired(faults: Faults): never {
  const id = randomUUID();
  const elicitations: JsonObject[] = [{ mode: 'url', message: URL_REQUIRED_MESSAGE, url: elicitUrl(id), elicitationId: id }];
  // url-required-lists-form: a form-mode elicitation (no url, no id) is listed too.
  if (faults.has('url-required-lists-form')) {
    elicitations.push({ mode: 'form', message: 'Your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } } } });
  }
  throw new RpcError(URL_ELICITATION_REQUIRED, 'This request requires more information.', { elicitations });
}

/** Stateless era: the url-mode elicitation travels as an input request (no elicitationId, no completion notification). */
export function statelessUrlElicitation(req: StatelessRequest, faults: Faults): JsonObject {
  const answer = req.inputResponses?.[URL_KEY];
  if (answer === undefined || faults.has('mrtr-ignores-responses')) {
    if (!declaresUrlMode(req.capabilities)) return toolError('The client did not declare URL-mode elicitation');
    return inputRequired(req, { [URL_KEY]: { method: 'elicitation/create', params: { mode: 'url', message: URL_ELICITATION_MESSAGE, url: elicitUrl(randomUUID()) } } });
  }
  const action = isObject(answer) ? String(answer.action) : 'undefined';
  return { content: [text(`URL elicitation action=${action}`)] };
}

// ---- sampling with tools ----

const WEATHER_TOOL: JsonObject = {
  name: 'get_weather',
  description: 'Current weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** The first sampling request: tools only for a client that declared sampling.tools (unless the fault offers them anyway). */
function firstRequest(prompt: string, withTools: boolean, faults: Faults): JsonObject {
  const tools = withTools || faults.has('sampling-tools-ignore-capability');
  return { messages: [{ role: 'user', content: text(prompt) }], maxTokens: 100, ...(tools && { tools: [WEATHER_TOOL], toolChoice: { mode: 'auto' } }) };
}

const blocksOf = (content: unknown): JsonObject[] => (Array.isArray(content) ? content.filter(isObject) : isObject(content) ? [content] : []);

/**
 * The follow-up to a `toolUse` stop: the conversation so far, the assistant's tool_use turn, and one user turn
 * of tool_result blocks, one per tool_use id. Undefined when the answer asks for no tool.
 */
function followUpRequest(prompt: string, answer: unknown, faults: Faults): JsonObject | undefined {
  if (!isObject(answer) || answer.stopReason !== 'toolUse' || faults.has('sampling-tool-use-unanswered')) return undefined;
  const uses = blocksOf(answer.content).filter((b) => b.type === 'tool_use');
  if (uses.length === 0) return undefined;
  let results = uses.map((use) => {
    const city = isObject(use.input) && typeof use.input.city === 'string' ? use.input.city : 'nowhere';
    return { type: 'tool_result', toolUseId: use.id, content: [text(`Weather in ${city}: sunny`)] };
  });
  // sampling-tool-result-missing-id: only the first tool_use gets its result.
  if (faults.has('sampling-tool-result-missing-id')) results = results.slice(0, 1);
  return {
    messages: [
      { role: 'user', content: text(prompt) },
      { role: 'assistant', content: blocksOf(answer.content) },
      { role: 'user', content: results },
    ],
    maxTokens: 100,
    tools: [WEATHER_TOOL],
    toolChoice: { mode: 'auto' },
  };
}

/** Handshake era: sampling with tools, answering one toolUse stop with the tools' results. */
export async function samplingWithTools(prompt: string, { session, emit, faults }: HandshakeCall): Promise<JsonObject> {
  if (!isObject(session.clientCapabilities?.sampling)) return toolError('The client did not declare the sampling capability');
  const first = await session.requestClient('sampling/createMessage', firstRequest(prompt, declaresSamplingTools(session.clientCapabilities), faults), emit);
  if (first.kind !== 'result') return failure('sampling/createMessage', first);
  const followUp = followUpRequest(prompt, first.result, faults);
  if (!followUp) return { content: [text(`LLM response: ${samplingText(first.result)}`)] };
  const second = await session.requestClient('sampling/createMessage', followUp, emit);
  if (second.kind !== 'result') return failure('sampling/createMessage', second);
  return { content: [text(`LLM response: ${samplingText(second.result)}`)] };
}

/** Stateless era: the same loop as input_required rounds (sample-1, then sample-2 for a toolUse stop). */
export function statelessSamplingWithTools(prompt: string, req: StatelessRequest, faults: Faults): JsonObject {
  const responses = faults.has('mrtr-ignores-responses') ? {} : (req.inputResponses ?? {});
  const second = responses[FOLLOW_UP_KEY];
  if (second !== undefined) return { content: [text(`LLM response: ${samplingText(second)}`)] };
  const first = responses[SAMPLE_KEY];
  if (first === undefined) return inputRequired(req, { [SAMPLE_KEY]: { method: 'sampling/createMessage', params: firstRequest(prompt, declaresSamplingTools(req.capabilities), faults) } });
  const followUp = followUpRequest(prompt, first, faults);
  if (!followUp) return { content: [text(`LLM response: ${samplingText(first)}`)] };
  return inputRequired(req, { [FOLLOW_UP_KEY]: { method: 'sampling/createMessage', params: followUp } });
}
