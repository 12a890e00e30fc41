// The fixture surface of adapters/FIXTURE.md on a fresh McpServer. The SDK's serving entries call this factory
// per stdio connection, per HTTP session (handshake era) and per HTTP request (stateless era).
import { McpServer, type CacheHint } from '@modelcontextprotocol/server';
import { SERVER_NAME, SERVER_VERSION } from './content.js';
import { registerPrompts } from './prompts.js';
import { requestStateCodec } from './requestState.js';
import { registerResources } from './resources.js';
import { registerElicitationFormTools } from './elicitationForms.js';
import { registerRootsTool } from './roots.js';
import { registerServerFlowTools } from './serverFlows.js';
import { registerStatelessTools } from './statelessTools.js';
import { registerTools } from './tools.js';

/** The SDK's names for the two eras: `legacy` = handshake era (initialize), `modern` = 2026-07-28. */
export type Era = 'legacy' | 'modern';

export interface FixtureOptions {
    era: Era;
    /**
     * How test_trigger_list_changed announces a tool list change. Defaults to McpServer.sendToolListChanged(),
     * which reaches a handshake-era session and, under serveStdio, the connection's subscriptions/listen streams.
     * Over HTTP the stateless era's listen streams live on createMcpHandler's event bus instead.
     */
    announceToolListChanged?: (server: McpServer) => void;
}

const LIST_HINT: CacheHint = { ttlMs: 300_000, cacheScope: 'public' };
const READ_HINT: CacheHint = { ttlMs: 300_000, cacheScope: 'private' };

export function createFixtureServer(options: FixtureOptions): McpServer {
    const server = new McpServer(
        { name: SERVER_NAME, version: SERVER_VERSION },
        {
            // Declared up front so both eras advertise exactly the capabilities FIXTURE.md lists. The SDK keeps
            // `logging` on the stateless era: ctx.mcpReq.log() honours the request's _meta logLevel there.
            capabilities: {
                tools: { listChanged: true },
                resources: { subscribe: true, listChanged: true },
                prompts: { listChanged: true },
                logging: {},
                completions: {}
            },
            // Stateless-era cache fields; the SDK emits ttlMs 0 / private when no hint is configured.
            cacheHints: {
                'server/discover': LIST_HINT,
                'tools/list': LIST_HINT,
                'prompts/list': LIST_HINT,
                'resources/list': LIST_HINT,
                'resources/templates/list': LIST_HINT,
                'resources/read': READ_HINT
            },
            requestState: { verify: requestStateCodec.verify }
        }
    );
    // Errors the SDK cannot answer on the wire (and the reasons behind rejected requestState) surface only here.
    server.server.onerror = error => console.error(`[mcp-conform adapter] ${error.message}`);

    registerTools(server, options.announceToolListChanged ?? (s => s.sendToolListChanged()));
    registerServerFlowTools(server, options.era);
    if (options.era === 'legacy') registerElicitationFormTools(server);
    if (options.era === 'legacy') registerRootsTool(server);
    if (options.era === 'modern') registerStatelessTools(server);
    registerResources(server, options.era);
    registerPrompts(server);
    return server;
}
