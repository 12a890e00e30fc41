// The legacy HTTP+SSE transport (protocol version 2024-11-05) with the SDK's deprecated SSEServerTransport:
// GET <path> opens a session's event stream (one transport and one McpServer per stream), whose endpoint
// event names /messages?sessionId=<id>; POSTs there are handed to that session's transport.
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { createFixtureServer } from './fixture.js';
import { listen } from './http.js';

const HOST = '127.0.0.1';
const MESSAGES_PATH = '/messages';

export interface RunningSseAdapter {
    close(): Promise<void>;
}

export async function startSse(port: number, path: string): Promise<RunningSseAdapter> {
    const sessions = new Map<string, SSEServerTransport>();

    const httpServer = createServer((req, res) => {
        route(req, res, path, sessions).catch(error => {
            console.error(`[mcp-conform adapter] request failed: ${error instanceof Error ? error.stack : String(error)}`);
            if (!res.headersSent) res.writeHead(500).end('Internal Server Error');
            else res.end();
        });
    });

    await listen(httpServer, port);
    const address = httpServer.address();
    const boundPort = typeof address === 'object' && address ? address.port : port;
    console.error(`mcp-conform adapter ready on http://${HOST}:${boundPort}${path} (legacy HTTP+SSE)`);

    return {
        async close() {
            await Promise.allSettled([...sessions.values()].map(transport => transport.close()));
            await new Promise<void>(resolve => {
                httpServer.close(() => resolve());
                httpServer.closeAllConnections();
            });
        }
    };
}

async function route(req: IncomingMessage, res: ServerResponse, path: string, sessions: Map<string, SSEServerTransport>): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (url.pathname === path && req.method === 'GET') {
        const transport = new SSEServerTransport(MESSAGES_PATH, res);
        sessions.set(transport.sessionId, transport);
        transport.onclose = () => {
            sessions.delete(transport.sessionId);
        };
        // connect() starts the transport: the stream's headers and its endpoint event go out.
        await createFixtureServer().connect(transport);
        return;
    }
    if (url.pathname === MESSAGES_PATH && req.method === 'POST') {
        const transport = sessions.get(url.searchParams.get('sessionId') ?? '');
        if (!transport) {
            res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Session not found');
            return;
        }
        await transport.handlePostMessage(req, res);
        return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
}
