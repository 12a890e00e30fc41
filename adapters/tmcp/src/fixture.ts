// The fixture surface of adapters/FIXTURE.md on one tmcp McpServer. tmcp serves both eras from the same instance:
// a request whose _meta carries the 2026-07-28 envelope is handled per request (stateless era), anything else
// belongs to the session its transport keeps (handshake era). Era-specific tools and resources use tmcp's
// `enabled` callback, which runs inside the request's context, so each era lists only its own.
import { McpServer, type ClientCapabilities } from 'tmcp';
import { ZodJsonSchemaAdapter } from '@tmcp/adapter-zod';
import type * as z from 'zod';
import { SERVER_NAME, SERVER_VERSION } from './content.js';
import { registerPrompts } from './prompts.js';
import { requestStateCodec } from './requestState.js';
import { registerResources } from './resources.js';
import { registerServerFlowTools } from './serverFlows.js';
import { registerStatelessTools } from './statelessTools.js';
import { registerTools } from './tools.js';

export type FixtureServer = McpServer<z.ZodType<any, any, z.core.$ZodTypeInternals<any, any>>>;

const CACHE_TTL_MS = 300_000;

/** true while the current request is a stateless-era (2026-07-28) one. */
export const isStateless = (server: FixtureServer): boolean => server.ctx.protocolVersion !== undefined;

/** What the client declared: the request's _meta envelope (stateless era) or initialize (handshake era). */
export const clientCapabilities = (server: FixtureServer): ClientCapabilities | undefined =>
    server.ctx.sessionInfo?.clientCapabilities;

export function createFixtureServer(): FixtureServer {
    const server: FixtureServer = new McpServer(
        { name: SERVER_NAME, version: SERVER_VERSION },
        {
            adapter: new ZodJsonSchemaAdapter(),
            capabilities: {
                tools: { listChanged: true },
                resources: { subscribe: true, listChanged: true },
                prompts: { listChanged: true },
                logging: {},
                completions: {}
            },
            // Stateless-era cache fields (tmcp's default is ttlMs 0 / private): lists public, reads private.
            cache: {
                ttlMs: CACHE_TTL_MS,
                cacheScope: 'public',
                methods: { 'resources/read': { ttlMs: CACHE_TTL_MS, cacheScope: 'private' } }
            },
            requestStateCodec
        }
    );
    registerTools(server);
    registerServerFlowTools(server);
    registerStatelessTools(server);
    registerResources(server);
    registerPrompts(server);
    return server;
}
