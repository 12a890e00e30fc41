// stdio: serveStdio serves both eras on one connection. The first message decides: `initialize` pins a
// handshake-era instance, a request carrying the 2026-07-28 _meta envelope pins a stateless-era one.
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createFixtureServer } from './fixture.js';

export interface RunningStdioAdapter {
    close(): Promise<void>;
}

export function startStdio(): RunningStdioAdapter {
    const handle = serveStdio(({ era }) => createFixtureServer({ era }), {
        onerror: error => console.error(`[mcp-conform adapter] ${error.message}`)
    });
    return { close: () => handle.close() };
}
