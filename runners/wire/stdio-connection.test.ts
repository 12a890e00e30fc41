import { afterEach, describe, expect, it } from 'vitest';
import { liveProcessCount, spawnProcess } from '../targets/processes.js';
import { StdioConnection } from './stdio-connection.js';

// A tiny peer that writes a message split across two writes, a noise line, and echoes what it reads.
const PEER = `
process.stdout.write('{"jsonrpc":"2.0","me');
setTimeout(() => {
  process.stdout.write('thod":"notifications/a"}\\nthis is not json\\n\\n');
  process.stdin.on('data', (d) => process.stdout.write(d));
}, 30);
`;

describe('StdioConnection framing', () => {
  afterEach(() => expect(liveProcessCount()).toBe(0));

  it('reassembles split lines, records noise, skips blank lines, and writes one line per message', async () => {
    const conn = new StdioConnection(spawnProcess(process.execPath, ['-e', PEER], {}));
    await conn.send('{"jsonrpc":"2.0","id":1,"method":"ping"}');
    const echoed = await conn.timeline.waitFor((e) => e.direction === 'in' && e.kind === 'message' && (e.message as { id?: number }).id === 1, 0, 5000);
    expect(echoed.kind).toBe('event');
    const inbound = conn.timeline.events.filter((e) => e.direction === 'in');
    expect(inbound.map((e) => e.kind)).toEqual(['message', 'noise', 'message']);
    expect(inbound[0]?.message).toEqual({ jsonrpc: '2.0', method: 'notifications/a' });
    expect(inbound[1]?.raw).toBe('this is not json');
    await conn.close();
  });

  it('decodes each line strictly: bytes that are not UTF-8 are recorded as noise, not repaired', async () => {
    const peer = "process.stdout.write(Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d, 0x0a])); process.stdout.write('{\"ok\":\"é\"}\\n');";
    const conn = new StdioConnection(spawnProcess(process.execPath, ['-e', peer], {}));
    await conn.timeline.waitFor((e) => e.kind === 'message', 0, 5000);
    const inbound = conn.timeline.events.filter((e) => e.direction === 'in');
    expect(inbound[0]).toMatchObject({ kind: 'noise', raw: expect.stringMatching(/^\(not valid UTF-8\)/) });
    expect(inbound[1]).toMatchObject({ kind: 'message', message: { ok: 'é' } });
    await conn.close();
  });

  it('reassembles a 32 MB line from hundreds of chunks without copying it once per chunk', async () => {
    // Joined once, this takes well under a second; copied per 64 KB chunk, it took tens of seconds.
    const peer = "process.stdout.write(JSON.stringify({ jsonrpc: '2.0', method: 'n', params: { p: 'x'.repeat(32 * 1024 * 1024) } }) + '\\n'); process.stdin.resume();";
    const conn = new StdioConnection(spawnProcess(process.execPath, ['-e', peer], {}));
    const outcome = await conn.timeline.waitFor((e) => e.direction === 'in', 0, 8000);
    expect(outcome).toMatchObject({ kind: 'event', event: { kind: 'message' } });
    await conn.close();
  });

  it('records a line the server left unfinished when it died, but not one the harness cut off by closing', async () => {
    const dies = new StdioConnection(spawnProcess(process.execPath, ['-e', 'process.stdout.write(\'{"jsonrpc":"2.0",\', () => process.exit(1))'], {}));
    await dies.timeline.waitFor(() => false, 0, 5000);
    expect(dies.timeline.events.filter((e) => e.direction === 'in')).toMatchObject([{ kind: 'noise', raw: '{"jsonrpc":"2.0",' }]);
    const cut = new StdioConnection(spawnProcess(process.execPath, ['-e', 'process.stdout.write(\'{"jsonrpc":"2.0",\'); process.stdin.resume();'], {}));
    await new Promise((r) => setTimeout(r, 300));
    await cut.close();
    expect(cut.timeline.events.filter((e) => e.direction === 'in')).toEqual([]);
  });

  it('reports the peer going away to every waiter', async () => {
    const conn = new StdioConnection(spawnProcess(process.execPath, ['-e', 'process.exit(3)'], {}));
    const outcome = await conn.timeline.waitFor(() => false, 0, 5000);
    expect(outcome).toEqual({ kind: 'closed', reason: 'the server process exited with code 3' });
    await conn.close();
  });

  it('kills a peer that ignores stdin closing and SIGTERM', async () => {
    const stubborn = "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);";
    const proc = spawnProcess(process.execPath, ['-e', stubborn], {});
    await new Promise((r) => setTimeout(r, 200));
    await proc.stop(200);
    const exit = await proc.exited;
    expect(exit.signal).toBe('SIGKILL');
  });
});
