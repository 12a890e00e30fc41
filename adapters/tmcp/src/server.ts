// Entry point of the mcp-conform tmcp adapter.
//   node dist/server.js stdio                 both eras on stdin/stdout
//   node dist/server.js http <port> [path]    both eras on http://127.0.0.1:<port><path> (default /mcp)
// stdout belongs to the MCP stdio stream: everything this program says itself goes to stderr.
import { createFixtureServer } from './fixture.js';
import { startHttp } from './http.js';
import { startStdio } from './stdio.js';

const USAGE = 'usage: node dist/server.js stdio | node dist/server.js http <port> [path]';
// A hard stop in case a close() hangs: the harness expects SIGTERM to end us promptly.
const SHUTDOWN_GRACE_MS = 2000;

async function runHttp(portArg: string | undefined, pathArg: string | undefined): Promise<void> {
    const port = Number(portArg);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${String(portArg)}`);
    const path = pathArg ?? '/mcp';
    if (!path.startsWith('/')) throw new Error(`path must start with "/": ${path}`);
    const adapter = await startHttp(createFixtureServer(), port, path);
    let closing = false;
    const shutdown = () => {
        if (closing) return;
        closing = true;
        setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
        adapter
            .close()
            .catch(error => console.error(`[mcp-conform adapter] error while closing: ${String(error)}`))
            .finally(() => process.exit(0));
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
}

async function main(argv: string[]): Promise<void> {
    const [mode, ...rest] = argv;
    if (mode === 'stdio' && rest.length === 0) return startStdio(createFixtureServer());
    if (mode === 'http' && rest.length >= 1 && rest.length <= 2) return runHttp(rest[0], rest[1]);
    console.error(USAGE);
    process.exit(2);
}

main(process.argv.slice(2)).catch(error => {
    console.error(`[mcp-conform adapter] fatal: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
});
