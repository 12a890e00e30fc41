import { describe, expect, it } from 'vitest';
import { SseParser } from './sse.js';

describe('SseParser', () => {
  it('parses events split across chunks at any point', () => {
    const text = 'id: 1\nevent: message\ndata: {"a":1}\n\ndata: {"b":2}\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      const events = [...p.feed(text.slice(0, cut)), ...p.feed(text.slice(cut))];
      expect(events).toEqual([
        { id: '1', event: 'message', data: '{"a":1}' },
        { event: 'message', data: '{"b":2}' },
      ]);
    }
  });
  it('handles CRLF and CR line ends, comments, multi-line data and retry', () => {
    const p = new SseParser();
    const events = p.feed(': comment\r\nretry: 1500\r\ndata: line1\r\ndata: line2\r\n\r\ndata:x\r\rdata: y');
    expect(events).toEqual([
      { event: 'message', data: 'line1\nline2', retry: 1500 },
      { event: 'message', data: 'x' },
    ]);
  });
  it('keeps a priming event (id, empty data) so callers can see it and skip it', () => {
    expect(new SseParser().feed('id: prime-1\ndata: \n\n')).toEqual([{ id: 'prime-1', event: 'message', data: '' }]);
  });
  it('waits for the rest of a CRLF split between chunks', () => {
    const p = new SseParser();
    expect(p.feed('data: a\r')).toEqual([]);
    expect(p.feed('\n\r\n')).toEqual([{ event: 'message', data: 'a' }]);
  });
});
