// Entry point of the mcp-conform TypeScript SDK v1 adapter.
//   node dist/server.js stdio
//   node dist/server.js http <port> [path]
//   node dist/server.js sse <port> [path]     (legacy HTTP+SSE of 2024-11-05; path is the SSE endpoint)
// stdout belongs to the MCP stdio stream: everything this program says itself goes to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createFixtureServer } from './fixture.js';
import { startHttp } from './http.js';
import { startSse } from './sse.js';

const USAGE = 'usage: node dist/server.js stdio | node dist/server.js http <port> [path] | node dist/server.js sse <port> [path]';
// A hard stop in case a close() hangs: the harness expects SIGTERM to end us promptly.
const SHUTDOWN_GRACE_MS = 2000;

function onShutdown(close: () => Promise<void>): void {
    let closing = false;
    const shutdown = () => {
        if (closing) return;
        closing = true;
        setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
        close()
            .catch(error => console.error(`[mcp-conform adapter] error while closing: ${String(error)}`))
            .finally(() => process.exit(0));
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
}

async function runStdio(): Promise<void> {
    const server = createFixtureServer();
    const close = () => server.close();
    onShutdown(close);
    // The SDK's stdio transport does not react to end of input; a client closing our stdin means it is done.
    process.stdin.on('end', () => {
        close().finally(() => process.exit(0));
    });
    await server.connect(new StdioServerTransport());
}

async function runHttp(portArg: string | undefined, pathArg: string | undefined, legacySse = false): Promise<void> {
    const port = Number(portArg);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${String(portArg)}`);
    const path = pathArg ?? (legacySse ? '/sse' : '/mcp');
    if (!path.startsWith('/')) throw new Error(`path must start with "/": ${path}`);
    const adapter = legacySse ? await startSse(port, path) : await startHttp(port, path);
    onShutdown(() => adapter.close());
}

async function main(argv: string[]): Promise<void> {
    const [mode, ...rest] = argv;
    if (mode === 'stdio' && rest.length === 0) return runStdio();
    if (mode === 'http' && rest.length >= 1 && rest.length <= 2) return runHttp(rest[0], rest[1]);
    if (mode === 'sse' && rest.length >= 1 && rest.length <= 2) return runHttp(rest[0], rest[1], true);
    console.error(USAGE);
    process.exit(2);
}

main(process.argv.slice(2)).catch(error => {
    console.error(`[mcp-conform adapter] fatal: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
});
