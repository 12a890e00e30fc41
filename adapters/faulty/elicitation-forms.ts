// The form-schema elicitation tools of FIXTURE.md (handshake era): test_elicitation_sep1034_defaults
// (a default on every primitive type) and test_elicitation_sep1330_enums (the five enum forms of
// 2025-11-25), and the faults that bend their requested schemas or the use of the answer.
import type { Faults } from './faults.js';
import { isObject, type JsonObject } from './jsonrpc.js';
import type { ClientAnswer, Emit, Session } from './session.js';
import { text } from './text-block.js';

export const DEFAULTS_MESSAGE = 'Please confirm or change the default values.';
export const ENUMS_MESSAGE = 'Please choose from the options.';

interface FormCall {
  session: Session;
  emit: Emit;
  faults: Faults;
}

const toolError = (message: string): JsonObject => ({ content: [text(message)], isError: true });

/** One default value as the schema carries it: dropped, stringified, or as it should be. */
function withDefault(schema: JsonObject, value: string | number | boolean, faults: Faults): JsonObject {
  if (faults.has('elicitation-defaults-dropped')) return schema;
  // elicitation-defaults-as-strings: every non-string default is sent as its string form (30 → "30").
  const sent = faults.has('elicitation-defaults-as-strings') && typeof value !== 'string' ? String(value) : value;
  return { ...schema, default: sent };
}

export function defaultsSchema(faults: Faults): JsonObject {
  // elicitation-enum-default-not-member: the enum's default differs from every member (by case only).
  const statusDefault = faults.has('elicitation-enum-default-not-member') ? 'Active' : 'active';
  return {
    type: 'object',
    properties: {
      name: withDefault({ type: 'string', title: 'Name' }, 'John Doe', faults),
      age: withDefault({ type: 'integer', title: 'Age' }, 30, faults),
      score: withDefault({ type: 'number', title: 'Score' }, 95.5, faults),
      status: withDefault({ type: 'string', title: 'Status', enum: ['active', 'inactive', 'pending'] }, statusDefault, faults),
      verified: withDefault({ type: 'boolean', title: 'Verified' }, true, faults),
    },
  };
}

const options = (values: string[], titles: string[], faults: Faults): JsonObject[] =>
  // elicitation-enum-options-untitled: the titled forms list their options without titles.
  values.map((value, i) => (faults.has('elicitation-enum-options-untitled') ? { const: value } : { const: value, title: titles[i] }));

export function enumsSchema(faults: Faults): JsonObject {
  const untitled = ['option1', 'option2', 'option3'];
  const titled = ['value1', 'value2', 'value3'];
  const optionTitles = ['First Option', 'Second Option', 'Third Option'];
  const choiceTitles = ['First Choice', 'Second Choice', 'Third Choice'];
  const multi = faults.has('elicitation-multi-select-as-single');
  return {
    type: 'object',
    properties: {
      // elicitation-enum-missing-type: a bare JSON Schema enum, without the type MCP requires.
      untitledSingle: faults.has('elicitation-enum-missing-type') ? { enum: untitled } : { type: 'string', enum: untitled },
      // elicitation-titled-enum-as-legacy: the titled single-select falls back to enum + enumNames.
      titledSingle: faults.has('elicitation-titled-enum-as-legacy')
        ? { type: 'string', enum: titled, enumNames: optionTitles }
        : { type: 'string', oneOf: options(titled, optionTitles, faults) },
      legacyEnum: {
        type: 'string',
        enum: ['opt1', 'opt2', 'opt3'],
        // elicitation-enum-names-mismatch: one display name short.
        enumNames: faults.has('elicitation-enum-names-mismatch') ? ['Option One', 'Option Two'] : ['Option One', 'Option Two', 'Option Three'],
      },
      // elicitation-multi-select-as-single: both multi-selects are sent as single selects (type string).
      untitledMulti: multi ? { type: 'string', enum: untitled } : { type: 'array', items: { type: 'string', enum: untitled } },
      titledMulti: multi
        ? { type: 'string', oneOf: options(titled, choiceTitles, faults) }
        : { type: 'array', items: { anyOf: options(titled, choiceTitles, faults) } },
    },
  };
}

function failure(answer: ClientAnswer): JsonObject {
  if (answer.kind === 'error') return toolError(answer.message);
  return toolError(answer.kind === 'timeout' ? 'the client did not answer elicitation/create in time' : 'the session was closed');
}

/** Sends the form, then reports the answer: `Elicitation completed: action=<action>, content=<JSON>`. */
async function askForm({ session, emit, faults }: FormCall, message: string, requestedSchema: JsonObject): Promise<JsonObject> {
  if (!isObject(session.clientCapabilities?.elicitation)) return toolError('The client did not declare the elicitation capability');
  const answer = await session.requestClient('elicitation/create', { message, requestedSchema }, emit);
  if (answer.kind !== 'result') return failure(answer);
  const result = isObject(answer.result) ? answer.result : {};
  // elicitation-form-content-ignored: the tool reports the action but none of the submitted values.
  const content = faults.has('elicitation-form-content-ignored') ? {} : result.content;
  return { content: [text(`Elicitation completed: action=${String(result.action)}, content=${JSON.stringify(content)}`)] };
}

export const defaultsElicitation = (call: FormCall) => askForm(call, DEFAULTS_MESSAGE, defaultsSchema(call.faults));
export const enumsElicitation = (call: FormCall) => askForm(call, ENUMS_MESSAGE, enumsSchema(call.faults));
