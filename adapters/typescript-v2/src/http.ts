// Streamable HTTP on one endpoint for both eras.
//   Handshake era: stateful sessions, one NodeStreamableHTTPServerTransport and one McpServer per session
//     (Mcp-Session-Id on initialize, 404 for unknown ids, DELETE ends, GET stream).
//   Stateless era: createMcpHandler, a fresh McpServer per request, subscriptions/listen on its event bus.
// The SDK's isLegacyRequest() makes the era decision for requests without a session id (the same classifier
// createMcpHandler runs); a request carrying Mcp-Session-Id always belongs to a handshake-era session.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createMcpHandler, isInitializeRequest, isLegacyRequest } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport, toNodeHandler, toWebRequest } from '@modelcontextprotocol/node';
import { createFixtureServer } from './fixture.js';

const HOST = '127.0.0.1';

export interface RunningHttpAdapter {
    close(): Promise<void>;
}

const logError = (error: Error) => console.error(`[mcp-conform adapter] ${error.message}`);

export async function startHttp(port: number, path: string): Promise<RunningHttpAdapter> {
    const sessions = new Map<string, NodeStreamableHTTPServerTransport>();

    // legacy: 'reject' because handshake-era traffic never reaches this handler (routed to the sessions below).
    const stateless = createMcpHandler(
        // Over HTTP a stateless-era list change is published on the handler's bus, which feeds every open
        // subscriptions/listen stream; the per-request McpServer has no stream of its own to send it on.
        ({ era }) => createFixtureServer({ era, announceToolListChanged: () => stateless.notify.toolsChanged() }),
        { legacy: 'reject', onerror: logError }
    );
    const serveStateless = toNodeHandler(stateless, { onerror: logError });

    const openSession = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
        const transport = new NodeStreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            // Registered before the initialize response leaves, so the client's next request finds its session.
            onsessioninitialized: id => {
                sessions.set(id, transport);
            }
        });
        const server = createFixtureServer({
            era: 'legacy',
            // A handshake-era trigger reaches its own session and any stateless-era listen stream that is open.
            announceToolListChanged: s => {
                s.sendToolListChanged();
                stateless.notify.toolsChanged();
            }
        });
        // Runs on DELETE, on shutdown, and whenever the SDK closes the transport; later use of the id gets 404.
        transport.onclose = () => {
            if (transport.sessionId) sessions.delete(transport.sessionId);
            void server.close().catch(() => {});
        };
        await server.connect(transport);
        await transport.handleRequest(req, res, body);
    };

    const route = async (req: IncomingMessage, res: ServerResponse) => {
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
            // Known session: the SDK transport owns everything from here (body, GET stream, DELETE).
            await transport.handleRequest(req, res);
            return;
        }
        if (sessionId !== undefined) {
            sendJsonRpcError(res, 400, -32000, 'Bad Request: only one Mcp-Session-Id header is allowed');
            return;
        }

        if (req.method === 'GET' || req.method === 'DELETE') {
            // Session operations of the handshake era; the stateless era has no GET or DELETE.
            sendJsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
            return;
        }
        if (req.method !== 'POST') {
            res.setHeader('Allow', 'GET, POST, DELETE');
            sendJsonRpcError(res, 405, -32000, 'Method not allowed.');
            return;
        }

        let request: Request;
        try {
            request = await toWebRequest(req);
        } catch (error) {
            if (error instanceof Error && error.name === 'RequestBodyTooLargeError') {
                sendJsonRpcError(res, 413, -32000, 'Payload Too Large');
                return;
            }
            throw error;
        }
        const bodyText = await request.clone().text();
        let body: unknown;
        try {
            body = JSON.parse(bodyText);
        } catch {
            sendJsonRpcError(res, 400, -32700, 'Parse error: Invalid JSON');
            return;
        }

        if (!(await isLegacyRequest(request, body))) {
            await serveStateless(req, res, body);
            return;
        }
        // Handshake era without a session id: only initialize may open one.
        const opensSession = isInitializeRequest(body) || (Array.isArray(body) && body.some(isInitializeRequest));
        if (!opensSession) {
            sendJsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
            return;
        }
        await openSession(req, res, body);
    };

    const httpServer = createServer((req, res) => {
        route(req, res).catch(error => {
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
            // Closing transports and the handler ends open SSE streams, which lets the HTTP server finish closing.
            await Promise.allSettled([...sessions.values()].map(transport => transport.close()));
            await stateless.close();
            await new Promise<void>(resolve => {
                httpServer.close(() => resolve());
                httpServer.closeAllConnections();
            });
        }
    };
}

function listen(httpServer: HttpServer, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, HOST, () => {
            httpServer.off('error', reject);
            resolve();
        });
    });
}

/** The body shape the SDK transports use for their own HTTP-level errors. */
function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
