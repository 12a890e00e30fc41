// Rules on what a server asks of the client: sampling and elicitation requests, whether sent as
// JSON-RPC requests (handshake era) or embedded in an input_required result (2026-07-28).
import { refs, type TranscriptRule } from './rule.js';
import { isRecord, isRequest, isResponse, type Item, type Rec, type TranscriptView } from './view.js';

interface Ask {
  item: Item;
  /** Where in the message, for evidence. */
  where: string;
  params: Rec;
  /** What the client declared for the request this ask belongs to. */
  capabilities: Rec | undefined;
}

function asks(view: TranscriptView, method: string): Ask[] {
  if (!view.stateless) {
    return view.fromServer
      .filter((i) => isRequest(i.m) && i.m.method === method)
      .map((item) => ({ item, where: '/params', params: isRecord(item.m.params) ? item.m.params : {}, capabilities: view.clientCapabilities() }));
  }
  return view.fromServer
    .filter((i) => isResponse(i.m) && isRecord(i.m.result) && isRecord((i.m.result as Rec).inputRequests))
    .flatMap((item) =>
      Object.entries((item.m.result as Rec).inputRequests as Rec)
        .filter(([, r]) => isRecord(r) && r.method === method)
        .map(([key, r]) => ({
          item,
          where: `/result/inputRequests/${key}/params`,
          params: isRecord((r as Rec).params) ? ((r as Rec).params as Rec) : {},
          capabilities: view.clientCapabilities(view.requestFor(item)),
        })),
    );
}

const at = (view: TranscriptView, a: Ask) => `${view.describe(a.item)} at ${a.where}`;

export const SAMPLING_TOOLS_DECLARED: TranscriptRule = {
  id: 'sampling.tools-need-capability',
  title: 'Sampling requests carry tools or toolChoice only to clients that declared sampling.tools',
  level: 'MUST NOT',
  spec: refs({ '2025-11-25': ['SAMP-003'], '2026-07-28': ['SAMP-004'] }),
  noun: 'tool-enabled sampling request(s) to a client without sampling.tools',
  judge(view: TranscriptView) {
    const all = asks(view, 'sampling/createMessage');
    if (all.length === 0) return undefined;
    return all
      .filter((a) => (a.params.tools !== undefined || a.params.toolChoice !== undefined) && !isRecord((a.capabilities?.sampling as Rec | undefined)?.tools))
      .map((a) => `${at(view, a)}: ${a.params.tools !== undefined ? 'tools' : 'toolChoice'} sent, but the client did not declare sampling.tools`);
  },
};

const blocks = (content: unknown): Rec[] => (Array.isArray(content) ? content.filter(isRecord) : isRecord(content) ? [content] : []);

export const SAMPLING_TOOL_MESSAGES: TranscriptRule = {
  id: 'sampling.tool-message-structure',
  title: 'Sampling messages are user or assistant turns with content; tool_result turns hold only tool results and answer every tool_use of the turn before',
  level: 'MUST',
  spec: refs({ '2025-11-25': ['SAMP-006', 'SAMP-007'], '2026-07-28': ['SAMP-007', 'SAMP-008', 'SAMP-009'] }),
  noun: 'malformed sampling conversation(s)',
  judge(view: TranscriptView) {
    const all = asks(view, 'sampling/createMessage');
    if (all.length === 0) return undefined;
    const problems: string[] = [];
    for (const a of all) {
      const messages = Array.isArray(a.params.messages) ? a.params.messages : [];
      messages.forEach((raw, i) => {
        const m = isRecord(raw) ? raw : {};
        const here = `${at(view, a)}/messages/${i}`;
        if (m.role !== 'user' && m.role !== 'assistant') problems.push(`${here}: role ${JSON.stringify(m.role)} (user or assistant)`);
        if (m.content === undefined) problems.push(`${here}: no content`);
        const content = blocks(m.content);
        const results = content.filter((b) => b.type === 'tool_result');
        if (m.role === 'user' && results.length > 0 && results.length < content.length) problems.push(`${here}: a user turn with tool_result blocks also holds other content`);
        const uses = content.filter((b) => b.type === 'tool_use').map((b) => b.id);
        if (m.role !== 'assistant' || uses.length === 0) return;
        const next = isRecord(messages[i + 1]) ? (messages[i + 1] as Rec) : undefined;
        // The last turn may be the pending tool call itself; only a following turn must answer it.
        if (next === undefined) return;
        const answered = new Set(blocks(next.content).filter((b) => b.type === 'tool_result').map((b) => b.toolUseId));
        const missing = uses.filter((id) => !answered.has(id));
        if (next.role !== 'user' || missing.length > 0) problems.push(`${here}: tool_use ${JSON.stringify(missing.length ? missing : uses)} not answered by a tool_result in the next user turn`);
      });
    }
    return problems;
  },
};

/** Which elicitation modes a client's capabilities allow: an empty elicitation object means form only. */
function declaredModes(capabilities: Rec | undefined): Set<string> {
  const e = capabilities?.elicitation;
  if (!isRecord(e)) return new Set();
  const modes = new Set(['form', 'url'].filter((m) => isRecord(e[m])));
  if (modes.size === 0) modes.add('form');
  return modes;
}

export const ELICITATION_MODE_DECLARED: TranscriptRule = {
  id: 'elicitation.mode-declared',
  title: 'The server elicits only in a mode the client declared (an empty elicitation capability means form only)',
  level: 'MUST NOT',
  spec: refs({ '2025-11-25': ['ELIC-004'], '2026-07-28': ['ELIC-006', 'MRTR-012'] }),
  noun: 'elicitation(s) in an undeclared mode',
  judge(view: TranscriptView) {
    const all = asks(view, 'elicitation/create');
    if (all.length === 0) return undefined;
    return all
      .map((a) => ({ a, mode: typeof a.params.mode === 'string' ? a.params.mode : 'form' }))
      .filter(({ a, mode }) => !declaredModes(a.capabilities).has(mode))
      .map(({ a, mode }) => `${at(view, a)}: ${mode} mode, but the client declared ${JSON.stringify(a.capabilities?.elicitation ?? 'no elicitation')}`);
  },
};

const PRIMITIVE = new Set(['string', 'number', 'integer', 'boolean']);

function formProblem(schema: unknown): string | undefined {
  if (!isRecord(schema)) return 'form mode without a requestedSchema object';
  if (schema.type !== 'object') return `requestedSchema type is ${JSON.stringify(schema.type)}, not "object"`;
  const props = isRecord(schema.properties) ? schema.properties : {};
  for (const [name, p] of Object.entries(props)) {
    if (!isRecord(p)) return `property ${name} is not a schema object`;
    const isEnumArray = p.type === 'array' && isRecord(p.items) && (Array.isArray(p.items.enum) || Array.isArray(p.items.anyOf));
    if (!(typeof p.type === 'string' && PRIMITIVE.has(p.type)) && !isEnumArray) return `property ${name} is not a primitive (type ${JSON.stringify(p.type)})`;
  }
  return undefined;
}

function urlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'url mode without a url';
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:' ? undefined : `url ${JSON.stringify(value)} is not an http(s) URL`;
  } catch {
    return `url ${JSON.stringify(value)} is not a valid absolute URL`;
  }
}

export const ELICITATION_REQUEST_SHAPE: TranscriptRule = {
  id: 'elicitation.request-shape',
  title:
    'Every elicitation has a message; form mode has a flat requestedSchema of primitive properties; url mode has a valid URL (and, before 2026-07-28, a unique elicitationId)',
  level: 'MUST',
  spec: refs({ '2025-11-25': ['ELIC-005', 'ELIC-007'], '2026-07-28': ['ELIC-007', 'ELIC-009', 'ELIC-011'] }),
  noun: 'malformed elicitation request(s)',
  judge(view: TranscriptView) {
    const all = asks(view, 'elicitation/create');
    if (all.length === 0) return undefined;
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const a of all) {
      const p = a.params;
      if (typeof p.message !== 'string') problems.push(`${at(view, a)}: no message`);
      const mode = p.mode ?? 'form';
      const problem = mode === 'form' ? formProblem(p.requestedSchema) : mode === 'url' ? urlProblem(p.url) : `unknown mode ${JSON.stringify(mode)}`;
      if (problem) problems.push(`${at(view, a)}: ${problem}`);
      if (mode === 'url' && !view.stateless) {
        if (typeof p.elicitationId !== 'string' || p.elicitationId === '') problems.push(`${at(view, a)}: url mode without an elicitationId`);
        else if (ids.has(p.elicitationId)) problems.push(`${at(view, a)}: elicitationId ${JSON.stringify(p.elicitationId)} used twice`);
        else ids.add(p.elicitationId);
      }
    }
    return problems;
  },
};
