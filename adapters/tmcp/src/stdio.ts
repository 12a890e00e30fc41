// stdio: tmcp's StdioTransport reads newline-delimited JSON-RPC from stdin and writes only JSON-RPC to stdout.
// Both eras share the connection; a request carrying the 2026-07-28 _meta envelope is served per request.
// The transport ends the process itself when stdin closes or on SIGINT/SIGTERM (after draining for up to 1 s).
import { StdioTransport } from '@tmcp/transport-stdio';
import type { FixtureServer } from './fixture.js';

export function startStdio(server: FixtureServer): void {
    new StdioTransport(server).listen();
}
