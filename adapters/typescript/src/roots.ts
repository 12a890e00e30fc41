// test_list_roots (FIXTURE.md, handshake era): asks the client for its roots on the call's own stream. An SDK
// refusal (the client declared no roots) becomes a tool error.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { text } from './content.js';

export function registerRootsTool(server: McpServer): void {
    server.registerTool('test_list_roots', { description: "Asks the client for its roots" }, async extra => {
        // No capability check of its own: whether roots/list reaches a client that did not declare roots is the SDK's doing.
        try {
            const { roots } = await server.server.listRoots(undefined, { relatedRequestId: extra.requestId });
            return { content: [text(`Roots: ${roots.length}: ${roots.map(r => r.uri).join(', ')}`)] };
        } catch (e) {
            return { isError: true, content: [text(`Roots unavailable: ${(e as Error).message}`)] };
        }
    });
}
