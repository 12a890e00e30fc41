// Streamable HTTP on one endpoint for both eras: tmcp's HttpTransport (a fetch-style Request -> Response handler)
// bridged to Node by @hono/node-server. The transport decides the era per request (MCP-Protocol-Version header or
// the _meta envelope) and keeps handshake-era sessions (Mcp-Session-Id) itself.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { HttpTransport } from '@tmcp/transport-http';
import type { FixtureServer } from './fixture.js';

const HOST = '127.0.0.1';

export interface RunningHttpAdapter {
    close(): Promise<void>;
}

/** Browser origins of this machine's own pages: with and without the port, by name and by address. */
function loopbackOrigins(port: number): string[] {
    return ['localhost', '127.0.0.1', '[::1]'].flatMap(host => [`http://${host}`, `http://${host}:${port}`]);
}

export function startHttp(server: FixtureServer, port: number, path: string): Promise<RunningHttpAdapter> {
    // Created once the port is known: allowedOrigins is exact-match. tmcp lets every cross-origin request through
    // (with a console warning) until allowedOrigins is set; the spec wants Origin validated, so only loopback
    // origins are allowed (same-origin requests always are).
    let transport: HttpTransport | undefined;

    return new Promise((resolve, reject) => {
        const httpServer = serve(
            {
                hostname: HOST,
                port,
                // respond() returns null for paths the transport does not own.
                fetch: async request =>
                    (await transport?.respond(request)) ?? new Response('Not Found', { status: 404 })
            },
            (info: AddressInfo) => {
                httpServer.off('error', reject);
                const ready = new HttpTransport(server, { path, allowedOrigins: loopbackOrigins(info.port) });
                transport = ready;
                console.error(`mcp-conform adapter ready on http://${HOST}:${info.port}${path}`);
                resolve({
                    async close() {
                        // Ends open subscriptions/listen streams so that the HTTP server can finish closing.
                        await ready.close();
                        const node = httpServer as Server;
                        await new Promise<void>(done => {
                            node.close(() => done());
                            node.closeAllConnections();
                        });
                    }
                });
            }
        );
        httpServer.once('error', reject);
    });
}
