import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_DIR } from '../paths.js';
import { PROTOCOL_VERSIONS } from '../versions.js';
import { schemaDigest, validateWireMessage } from './mcp-schema.js';
import { createAjv } from './json-schema.js';

const EXAMPLES = join(SCHEMA_DIR, 'mcp', '2026-07-28', 'examples');

describe('vendored schemas', () => {
  it('has a schema and a digest for every protocol version', () => {
    for (const v of PROTOCOL_VERSIONS) expect(schemaDigest(v)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('accepts every official example message against its definition (positive fixtures)', () => {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, 'mcp', '2026-07-28', 'schema.json'), 'utf8'));
    const ajv = createAjv('2020-12');
    ajv.addSchema(schema, 'mcp');
    let count = 0;
    for (const type of readdirSync(EXAMPLES)) {
      const validate = ajv.compile({ $ref: `mcp#/$defs/${type}` });
      for (const file of readdirSync(join(EXAMPLES, type))) {
        const ok = validate(JSON.parse(readFileSync(join(EXAMPLES, type, file), 'utf8')));
        expect(ok, `${type}/${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
        count++;
      }
    }
    expect(count).toBe(129);
  });
});

describe('validateWireMessage', () => {
  const toolResult = (content: unknown) => ({ jsonrpc: '2.0', id: 1, result: { content } });

  it('checks a response against the result type of the method it answers, in every version', () => {
    for (const v of ['2024-11-05', '2025-06-18', '2025-11-25']) {
      expect(validateWireMessage(v, 'in', toolResult([{ type: 'text', text: 'hi' }]), { answersMethod: 'tools/call' }).ok).toBe(true);
      const bad = validateWireMessage(v, 'in', toolResult([{ type: 'text' }]), { answersMethod: 'tools/call' });
      expect(bad.ok).toBe(false);
      expect(bad.definition).toMatch(/CallToolResult/);
      expect(bad.violations[0]?.path).toBe('/result/content/0');
      expect(bad.violations[0]?.message).toMatch(/text/);
      expect(bad.violations[0]?.rule).toMatch(/TextContent|ContentBlock|required/);
    }
  });

  it('scores a 2026-07-28 result by its resultType', () => {
    const inputRequired = { jsonrpc: '2.0', id: 1, result: { resultType: 'input_required', inputRequests: { a: { method: 'roots/list' } } } };
    const v = validateWireMessage('2026-07-28', 'in', inputRequired, { answersMethod: 'tools/call' });
    expect(v.definition).toMatch(/InputRequiredResult/);
    expect(v.ok).toBe(true);
    expect(validateWireMessage('2026-07-28', 'in', { jsonrpc: '2.0', id: 1, result: { resultType: 'complete' } }, { answersMethod: 'tools/call' }).ok).toBe(false);
  });

  it('knows which content types a version defines', () => {
    const audio = toolResult([{ type: 'audio', data: 'AAAA', mimeType: 'audio/wav' }]);
    expect(validateWireMessage('2025-03-26', 'in', audio, { answersMethod: 'tools/call' }).ok).toBe(true);
    expect(validateWireMessage('2024-11-05', 'in', audio, { answersMethod: 'tools/call' }).ok).toBe(false);
  });

  it('checks notifications and requests by method, in the direction they travel', () => {
    const progress = { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 't', progress: 'half' } };
    const v = validateWireMessage('2025-11-25', 'in', progress);
    expect(v.ok).toBe(false);
    expect(v.violations[0]?.path).toBe('/params/progress');
    expect(validateWireMessage('2025-11-25', 'out', { jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: { level: 'loud' } }).ok).toBe(false);
    expect(validateWireMessage('2025-11-25', 'out', { jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: { level: 'info' } }).ok).toBe(true);
  });

  it('rejects messages that are not JSON-RPC, and ids of the wrong type', () => {
    expect(validateWireMessage('2025-11-25', 'in', { hello: 'world' }).ok).toBe(false);
    expect(validateWireMessage('2025-11-25', 'in', [1, 2]).ok).toBe(false);
    expect(validateWireMessage('2025-11-25', 'in', { jsonrpc: '2.0', id: 1.5, result: {} }).ok).toBe(false);
    expect(validateWireMessage('2025-11-25', 'in', { jsonrpc: '1.0', id: 1, result: {} }).ok).toBe(false);
  });

  it('scores a null-id error by its error object in every version', () => {
    const parseError = { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } };
    for (const v of PROTOCOL_VERSIONS) expect(validateWireMessage(v, 'in', parseError).ok, v).toBe(true);
    expect(validateWireMessage('2024-11-05', 'in', { jsonrpc: '2.0', id: null, error: { code: 'x' } }).ok).toBe(false);
    expect(validateWireMessage('2025-11-25', 'in', { jsonrpc: '2.0', id: null, error: { code: 1.5, message: 'm' } }).ok).toBe(false);
  });
});
