import { describe, expect, it } from 'vitest';
import { encodeHeaderValue } from './client-session.js';

describe('encodeHeaderValue', () => {
  it('leaves plain ASCII as it is', () => {
    expect(encodeHeaderValue('us-west1')).toBe('us-west1');
    expect(encodeHeaderValue('a value with inner spaces')).toBe('a value with inner spaces');
  });

  it('Base64-encodes the UTF-8 of values a header cannot carry plainly, between lowercase markers', () => {
    expect(encodeHeaderValue('Zürich')).toBe('=?base64?WsO8cmljaA==?=');
    expect(encodeHeaderValue(' padded ')).toBe('=?base64?IHBhZGRlZCA=?=');
    expect(encodeHeaderValue('line1\nline2')).toBe('=?base64?bGluZTEKbGluZTI=?=');
    expect(encodeHeaderValue('tab\there')).toBe(`=?base64?${Buffer.from('tab\there').toString('base64')}?=`);
  });

  it('encodes a plain value that looks like the sentinel itself', () => {
    expect(encodeHeaderValue('=?base64?literal?=')).toBe('=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=');
  });
});
