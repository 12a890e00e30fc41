// Server-Sent Events parsing (the WHATWG event-stream format) for Streamable HTTP responses.

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
  retry?: number;
}

/** Incremental parser: feed text chunks as they arrive, get complete events back. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private eventType = '';
  private id: string | undefined;
  private retry: number | undefined;

  feed(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    for (;;) {
      const nl = this.buffer.search(/\r\n|\r|\n/);
      if (nl < 0) break;
      const line = this.buffer.slice(0, nl);
      const width = this.buffer.startsWith('\r\n', nl) ? 2 : 1;
      // A lone \r at the end of a chunk may be the first half of \r\n: wait for more.
      if (this.buffer[nl] === '\r' && width === 1 && nl === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(nl + width);
      const event = this.line(line);
      if (event) out.push(event);
    }
    return out;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') {
      const hasContent = this.data.length > 0 || this.id !== undefined || this.retry !== undefined;
      const event: SseEvent | undefined = hasContent
        ? { event: this.eventType || 'message', data: this.data.join('\n'), ...(this.id !== undefined && { id: this.id }), ...(this.retry !== undefined && { retry: this.retry }) }
        : undefined;
      this.data = [];
      this.eventType = '';
      this.retry = undefined;
      this.id = undefined;
      return event;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventType = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return undefined;
  }
}
