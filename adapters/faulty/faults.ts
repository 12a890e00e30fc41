// The switchable faults. Each one deliberately breaks a single protocol rule so the harness's own
// tests can show that the check guarding that rule fails when (and only when) the rule is broken.
// The list must stay in step with faults.yaml, which records which checks each fault breaks.

export const FAULT_NAMES = [
  'ids-as-strings',
  'ids-as-numbers',
  'zero-id-as-null',
  'unknown-method-internal-error',
  'parse-error-silent',
  'crash-on-garbage',
  'invalid-request-ignored',
  'responds-to-notifications',
  'notification-200-json',
  'wrong-content-type',
  'drop-superseded-requests',
  'initialize-missing-server-info',
  'always-latest-version',
  'echo-any-version',
  'capabilities-empty',
  'ping-nonempty',
  'input-schema-null',
  'bad-tool-name',
  'duplicate-tool',
  'null-description',
  'text-content-as-string',
  'image-data-not-base64',
  'audio-missing-mime-type',
  'embedded-resource-flattened',
  'mixed-content-truncated',
  'tool-error-as-jsonrpc-error',
  'unknown-tool-success',
  'no-argument-validation',
  'structured-content-mismatch',
  'structured-no-text-mirror',
  'progress-wrong-token',
  'progress-not-increasing',
  'progress-after-result',
  'resource-text-missing-uri',
  'blob-not-base64',
  'template-uri-unexpanded',
  'unknown-resource-empty-contents',
  'unknown-resource-wrong-code',
  'subscribe-not-implemented',
  'unsubscribe-not-implemented',
  'prompt-content-array',
  'prompt-args-ignored',
  'unknown-prompt-empty',
  'no-prompt-argument-validation',
  'completion-too-many',
  'set-level-unsupported',
  'set-level-accepts-anything',
  'logging-silent',
  'logging-ignores-level',
  'cursor-loops',
  'invalid-cursor-ignored',
  'notify-before-initialize',
  'bad-meta-key',
  'sampling-without-max-tokens',
  'sampling-answer-ignored',
  'sampling-ignores-capability',
  'elicitation-without-schema',
  'elicitation-answer-ignored',
  'elicitation-ignores-capability',
  'no-list-changed',
  'answers-cancelled-requests',
  'crash-on-unknown-cancel',
  'bad-resource-uri',
  // Transport faults: Streamable HTTP (handshake era) and stdio.
  'session-id-with-space',
  'session-not-required',
  'unknown-session-accepted',
  'deleted-session-accepted',
  'get-returns-json',
  'bad-version-header-accepted',
  'origin-not-checked',
  'stdout-banner',
  // Stateless era (2026-07-28) only.
  'discover-missing-server-info',
  'no-cache-hints',
  'no-result-type',
  'meta-optional',
  'unsupported-version-wrong-code',
  'missing-capability-as-tool-error',
  'capability-from-earlier-request',
  'header-mismatch-ignored',
  'method-header-ignored',
  'stateless-resource-not-found-32002',
  'mrtr-complete-without-input',
  'mrtr-ignores-responses',
  'request-state-unchecked',
  'tampered-state-accepted',
  'listen-no-ack',
  'listen-no-list-changed',
  'sends-server-requests',
  'discover-missing-capabilities',
  'unknown-method-status-200',
  'page-scope-varies',
  'tools-list-unstable',
  'stateless-log-without-level',
  'stateless-log-level-ignored',
  'stateless-log-level-unchecked',
  'listen-filter-ignored',
  'undefined-error-code',
  // Experimental tasks (2025-11-25, handshake era).
  'tasks-capability-missing',
  'task-result-without-task',
  'task-get-no-ttl',
  'task-result-no-related-task',
  'tasks-list-empty',
  'cancel-terminal-accepted',
  'cancel-not-applied',
  'unknown-task-internal-error',
  'required-task-tool-runs-inline',
  'task-metadata-on-prompts-rejected',
  'task-ids-reused',
  'sse-event-ids-repeat',
  'mrtr-ignores-capabilities',
  'bad-extension-id',
  'ack-claims-everything',
  // Rules judged on the whole transcript (runners/engine/transcript).
  'server-request-id-reused',
  'notification-with-id',
  'unknown-result-type',
  'input-required-for-completion',
  'duplicate-input-request-key',
  'cancels-unknown-request',
  'log-on-listen-stream',
  'notify-before-ack',
  'list-changed-on-request-stream',
  'get-stream-echoes-responses',
  'invalid-published-schema',
  'bad-x-mcp-header',
  'bad-traceparent',
  'trace-context-rejected',
  'resources-list-varies',
  'prompts-list-varies',
  'mrtr-expects-retry',
  'elicitation-decline-crashes',
  'related-task-overrides-id',
  'prompts-list-error',
  'disconnect-not-cancelling',
  'cancel-keeps-working',
  'sampling-tools-undeclared',
  'sampling-mixed-tool-result',
  'url-elicitation-undeclared',
  'elicitation-nested-schema',
  // URL-mode elicitation (test_url_elicitation, test_url_elicitation_required) and sampling with tools (test_sampling_tools).
  'url-elicitation-missing-id',
  'url-elicitation-complete-missing',
  'url-elicitation-complete-wrong-id',
  'url-required-lists-form',
  'sampling-tools-ignore-capability',
  'sampling-tool-use-unanswered',
  'sampling-tool-result-missing-id',
  // Stateless era over HTTP: the endpoint, Origin, version header, refused notifications and Mcp-Param headers.
  'tools-not-on-endpoint',
  'stateless-origin-not-checked',
  'notification-refusal-200',
  'version-header-optional',
  'sentinel-not-decoded',
  'param-header-invalid-chars-accepted',
  'param-header-mismatch-accepted',
  'param-header-missing-accepted',
  'param-header-expected-when-absent',
  'param-header-name-case-sensitive',
  // The tasks extension (io.modelcontextprotocol/tasks) of 2026-07-28.
  'task-ext-remembered',
  'task-ext-required-names-nothing',
  'task-ext-result-type-complete',
  'task-ext-created-lazily',
  'task-ext-get-result-type-task',
  'task-ext-completed-without-result',
  'task-ext-input-requests-missing',
  'task-ext-input-key-reused',
  'task-ext-update-returns-task',
  'task-ext-update-ignored',
  'task-ext-cancel-returns-task',
  'task-ext-listen-ungated',
  'task-ext-unknown-id-internal-error',
  'task-ext-methods-ungated',
  'task-ext-failure-as-tool-error',
  'task-ext-tool-error-as-failed',
  'task-ext-notification-without-subscription-id',
] as const;

export type FaultName = (typeof FAULT_NAMES)[number];

/** The faults switched on for this process; immutable once parsed. */
export type Faults = ReadonlySet<FaultName>;

export const FAULTS_ENV = 'MCP_CONFORM_FAULTS';

export class UnknownFaultError extends Error {}

function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}

/**
 * Parses the comma-separated env value. Unknown names are an error rather than ignored: a typo in a
 * test would otherwise silently run the correct server and "prove" nothing.
 */
export function parseFaults(value: string | undefined): Faults {
  const faults = new Set<FaultName>();
  for (const raw of (value ?? '').split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    if (!isFaultName(name)) {
      throw new UnknownFaultError(`unknown fault '${name}' in ${FAULTS_ENV}; known faults: ${FAULT_NAMES.join(', ')}`);
    }
    faults.add(name);
  }
  return faults;
}
