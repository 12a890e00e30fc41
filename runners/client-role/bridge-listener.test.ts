// The stdio bridge relays a client's lines to the harness and the harness's lines back, byte for byte.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { listenForBridge, type BridgeEndpoint } from './bridge-listener.js';

let endpoint: BridgeEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

function startBridge(command: string[]) {
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

const waitUntil = async (test: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!test() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return test();
};

describe('stdio bridge', () => {
  it('relays what the client writes to the harness and the answers back, and ends when the client closes stdin', async () => {
    endpoint = await listenForBridge();
    const received: unknown[] = [];
    const ep = endpoint;
    ep.onMessage((m) => {
      received.push(m);
      if (m && typeof m === 'object' && 'id' in m) ep.send({ jsonrpc: '2.0', id: (m as { id: unknown }).id, result: {} });
    });
    const bridge = startBridge(ep.command);
    bridge.child.stdin.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\nnot json\n');
    expect(await waitUntil(() => bridge.out().includes('"id":1'))).toBe(true);
    expect(received).toEqual([{ jsonrpc: '2.0', id: 1, method: 'ping' }, undefined]);
    // The answer to the ping goes out before the next line is read.
    expect(ep.timeline.events.map((e) => `${e.direction} ${e.kind}`)).toEqual(['in message', 'out message', 'in noise']);
    bridge.child.stdin.end();
    expect(await bridge.exited).toBe(0);
    expect(await waitUntil(() => ep.timeline.closed !== undefined)).toBe(true);
  });

  it('refuses a connection without the case token, and a bridge that cannot reach the harness fails fast with a message', async () => {
    endpoint = await listenForBridge();
    const wrong = [...endpoint.command.slice(0, -1), 'not-the-token'];
    const stray = startBridge(wrong);
    stray.child.stdin.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
    await stray.exited; // the harness hung up on it
    expect(endpoint.timeline.events).toEqual([]);
    const nowhere = startBridge([...endpoint.command.slice(0, 2), '1', 'token']);
    expect(await nowhere.exited).toBe(1);
    expect(nowhere.err()).toMatch(/connection to the harness failed/);
  });
});
