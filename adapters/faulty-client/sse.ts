// A Server-Sent Events reader for fetch bodies: fields `event`, `data` (several lines joined with
// "\n"), `id` and `retry`; comment lines (":" first) are skipped (or handed to `onComment`); an event
// is dispatched at a blank line.

export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
  retry: number | undefined;
}

/**
 * Reads events until the stream ends or is aborted; errors from an aborted read end it quietly. An
 * error thrown by a handler stops the reading and rejects the returned promise.
 */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (event: SseEvent) => void, onComment?: (text: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let retry: number | undefined;

  const line = (text: string): void => {
    if (text === '') {
      if (data.length > 0) onEvent({ event: event || 'message', data: data.join('\n'), id, retry });
      event = '';
      data = [];
      retry = undefined;
      return;
    }
    if (text.startsWith(':')) return onComment?.(text);
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  };

  let handlerError: { error: unknown } | undefined;
  const guarded = (text: string): void => {
    try {
      line(text);
    } catch (error) {
      handlerError = { error };
      throw error;
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let at: number;
      while ((at = buffer.search(/\r\n|\r|\n/)) !== -1) {
        const text = buffer.slice(0, at);
        const width = buffer.startsWith('\r\n', at) ? 2 : 1;
        // A lone "\r" at the end of the buffer may be the first half of "\r\n": wait for more.
        if (width === 1 && buffer[at] === '\r' && at === buffer.length - 1) break;
        buffer = buffer.slice(at + width);
        guarded(text);
      }
    }
    buffer += decoder.decode();
    if (buffer !== '') guarded(buffer);
    guarded('');
  } catch {
    // Aborted or broken: the caller learns of it through the missing messages.
  } finally {
    if (handlerError) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  if (handlerError) throw handlerError.error;
}
