// The switchable faults of the faulty client. Each one deliberately breaks a single client-side
// protocol rule, so the harness (playing the server) can show that the check guarding that rule
// fails when, and only when, the rule is broken. Keep this list in step with faults.yaml.

export const CLIENT_FAULT_NAMES = [
  // Lifecycle (handshake era).
  'no-initialize',
  'initialize-missing-client-info',
  'asks-unknown-version',
  'sampling-undeclared',
  'stateless-sends-initialize',
  'no-initialized-notification',
  'requests-before-initialized',
  'accepts-unsupported-version',
  'initialize-cancelled-on-timeout',
  // JSON-RPC base.
  'reuses-request-ids',
  'ping-unanswered',
  'unknown-request-ignored',
  'jsonrpc-missing-on-responses',
  'response-id-mangled',
  'response-ids-stringified',
  'answers-notifications',
  'notifications-with-id',
  'meta-key-malformed',
  'late-answer-fatal',
  'trace-context-malformed',
  // Capabilities and answers to server requests.
  'capabilities-overclaimed',
  'sampling-answer-malformed',
  'sampling-tools-undeclared',
  'elicitation-undeclared',
  'elicitation-modeless-refused',
  'elicitation-mode-unchecked',
  'elicitation-complete-unknown-fatal',
  'roots-undeclared',
  'roots-bare-paths',
  'roots-change-unnotified',
  'tool-error-thrown',
  'structured-content-unvalidated',
  'output-schema-draft-07',
  'dialect-ignored',
  'fetches-network-refs',
  'local-refs-unresolved',
  // Utilities.
  'ignores-cursor',
  'progress-token-reused',
  'cancel-without-notification',
  'cancels-finished-requests',
  'progress-token-fractional',
  'empty-cursor-ends-pagination',
  // stdio framing.
  'stdio-non-json-line',
  'stdio-embedded-newlines',
  'stdio-latin1',
  // Streamable HTTP.
  'json-only-accept',
  'no-session-id-echo',
  'no-protocol-version-header',
  'no-delete-on-close',
  'http-batched-messages',
  'get-without-accept',
  'sse-comment-fatal',
  'header-names-case-sensitive',
  'no-reinitialize-after-404',
  'no-stream-resumption',
  'retry-ignored',
  'redirects-not-followed',
  // Stateless era (2026-07-28).
  'stateless-missing-meta',
  'stateless-missing-method-header',
  'stateless-missing-name-header',
  'stateless-no-request-state-echo',
  'stateless-reuses-id-on-retry',
  'stateless-input-reused',
  'stateless-input-answered-as-response',
  'stateless-jsonrpc-missing',
  'param-header-unencoded',
  'param-header-sentinel-plain',
  'param-header-null-sent',
  'invalid-header-tools-kept',
  'name-header-unencoded',
  'result-type-unchecked',
  'result-type-required',
  'fallback-only-on-method-not-found',
  'fallback-on-any-error',
  'stateless-capabilities-on-first-only',
  'elicitation-capability-no-mode',
  'stateless-invents-request-state',
  'cache-by-method-only',
  'extension-id-unprefixed',
  // Tasks (2025-11-25).
  'task-metadata-honoured',
  'task-starts-completed',
  'task-result-without-related-task',
  'task-get-uses-meta-id',
  'task-timestamps-missing',
  'tasks-list-empty',
  'task-cancel-terminal-accepted',
  'task-unknown-id-internal-error',
  'task-augments-regardless',
  'task-required-called-plainly',
] as const;

export type ClientFaultName = (typeof CLIENT_FAULT_NAMES)[number];

/** The faults switched on for this process; immutable once parsed. */
export type ClientFaults = ReadonlySet<ClientFaultName>;

export const CLIENT_FAULTS_ENV = 'MCP_CONFORM_CLIENT_FAULTS';

export class UnknownClientFaultError extends Error {}

function isFaultName(name: string): name is ClientFaultName {
  return (CLIENT_FAULT_NAMES as readonly string[]).includes(name);
}

/** Parses the comma-separated env value; an unknown name is an error, never silently ignored. */
export function parseClientFaults(value: string | undefined): ClientFaults {
  const faults = new Set<ClientFaultName>();
  for (const raw of (value ?? '').split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    if (!isFaultName(name)) {
      throw new UnknownClientFaultError(`unknown fault '${name}' in ${CLIENT_FAULTS_ENV}; known faults: ${CLIENT_FAULT_NAMES.join(', ')}`);
    }
    faults.add(name);
  }
  return faults;
}
