// The shapes of what test_sampling and test_elicitation ask of the client, in both eras, and the
// faults that bend them.
import type { Faults } from './faults.js';
import type { JsonObject } from './jsonrpc.js';
import { text } from './text-block.js';

/**
 * The conversation sent for sampling: the prompt alone, or under sampling-mixed-tool-result a tool
 * loop whose tool_result turn also holds text (tool results must stand alone).
 */
export function samplingMessages(prompt: string, faults: Faults): JsonObject[] {
  if (!faults.has('sampling-mixed-tool-result')) return [{ role: 'user', content: text(prompt) }];
  return [
    { role: 'user', content: text(prompt) },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'use-1', name: 'lookup', input: {} }] },
    { role: 'user', content: [{ type: 'tool_result', toolUseId: 'use-1', content: [text('42')] }, text('and more')] },
  ];
}

/** sampling-tools-undeclared: offers tools whether or not the client declared sampling.tools. */
export function samplingTools(faults: Faults): JsonObject {
  if (!faults.has('sampling-tools-undeclared')) return {};
  return { tools: [{ name: 'lookup', inputSchema: { type: 'object', properties: {} } }], toolChoice: { mode: 'auto' } };
}

/**
 * The elicitation sent by test_elicitation: a form with one string. url-elicitation-undeclared asks
 * in url mode of a client that declared form only; elicitation-nested-schema nests an object in the form.
 */
export function elicitationParams(message: string, faults: Faults, era: 'handshake' | 'stateless'): JsonObject {
  if (faults.has('url-elicitation-undeclared')) {
    return { mode: 'url', message, url: 'https://127.0.0.1/elicit', ...(era === 'handshake' && { elicitationId: 'elicit-url-1' }) };
  }
  const response = faults.has('elicitation-nested-schema') ? { type: 'object', properties: { text: { type: 'string' } } } : { type: 'string' };
  return { ...(era === 'stateless' && { mode: 'form' }), message, requestedSchema: { type: 'object', properties: { response }, required: ['response'] } };
}
