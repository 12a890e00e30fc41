// Streamable HTTP in stateful mode: one StreamableHTTPServerTransport and one McpServer per session.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { OrderedEventStore } from './eventStore.js';
import { createFixtureServer } from './fixture.js';

const HOST = '127.0.0.1';
// Same bound the SDK applies when it reads a body itself (4 MiB); we only read bodies that carry no session id.
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface RunningHttpAdapter {
    close(): Promise<void>;
}

export async function startHttp(port: number, path: string): Promise<RunningHttpAdapter> {
    const sessions = new Map<string, StreamableHTTPServerTransport>();

    const httpServer = createServer((req, res) => {
        route(req, res, path, sessions).catch(error => {
            console.error(`[mcp-conform adapter] request failed: ${error instanceof Error ? error.stack : String(error)}`);
            if (!res.headersSent) sendJsonRpcError(res, 500, -32603, 'Internal error');
            else res.end();
        });
    });

    await listen(httpServer, port);
    const address = httpServer.address();
    const boundPort = typeof address === 'object' && address ? address.port : port;
    console.error(`mcp-conform adapter ready on http://${HOST}:${boundPort}${path}`);

    return {
        async close() {
            // Closing a transport ends its open SSE streams, which lets the HTTP server finish closing.
            await Promise.allSettled([...sessions.values()].map(transport => transport.close()));
            await new Promise<void>(resolve => {
                httpServer.close(() => resolve());
                httpServer.closeAllConnections();
            });
        }
    };
}

/** Binds to 127.0.0.1 (the legacy SSE front-end uses it too). */
export function listen(httpServer: HttpServer, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, HOST, () => {
            httpServer.off('error', reject);
            resolve();
        });
    });
}

async function route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    sessions: Map<string, StreamableHTTPServerTransport>
): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (url.pathname !== path) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
        return;
    }

    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
        const transport = sessions.get(sessionId);
        if (!transport) {
            // Unknown, expired or deleted session: the spec tells the client to start over on 404.
            sendJsonRpcError(res, 404, -32001, 'Session not found');
            return;
        }
        // Known session: the SDK transport owns everything from here (body parsing, GET streams, DELETE).
        await transport.handleRequest(req, res);
        return;
    }
    if (sessionId !== undefined) {
        sendJsonRpcError(res, 400, -32000, 'Bad Request: only one Mcp-Session-Id header is allowed');
        return;
    }

    if (req.method !== 'POST') {
        if (req.method === 'GET' || req.method === 'DELETE') {
            sendJsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
        } else {
            res.setHeader('Allow', 'GET, POST, DELETE');
            sendJsonRpcError(res, 405, -32000, 'Method not allowed.');
        }
        return;
    }

    // Without a session id only an initialize request is acceptable; we must read the body to tell.
    const body = await readBody(req);
    if (body === undefined) {
        sendJsonRpcError(res, 413, -32000, `Payload Too Large: Request body must not exceed ${MAX_BODY_BYTES} bytes`);
        return;
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(body);
    } catch {
        sendJsonRpcError(res, 400, -32700, 'Parse error: Invalid JSON');
        return;
    }
    const carriesInitialize = isInitializeRequest(parsed) || (Array.isArray(parsed) && parsed.some(isInitializeRequest));
    if (!carriesInitialize) {
        sendJsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
        return;
    }

    const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        eventStore: new OrderedEventStore(),
        // Registered before the initialize response leaves, so the client's next request finds its session.
        onsessioninitialized: id => {
            sessions.set(id, transport);
        }
    });
    // Runs on DELETE, on shutdown, and whenever the SDK closes the transport; later use of the id gets 404.
    transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await createFixtureServer().connect(transport);
    await transport.handleRequest(req, res, parsed);
}

/** Reads the whole body as UTF-8, or returns undefined once it exceeds MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
        const buffer = chunk as Buffer;
        size += buffer.length;
        if (size > MAX_BODY_BYTES) return undefined;
        chunks.push(buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
}

/** Same body shape the SDK transport uses for its own HTTP-level errors. */
function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null })
    );
}
