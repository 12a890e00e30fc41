// test_list_roots (FIXTURE.md, handshake era): asks the client for its roots the way this SDK asks for any input,
// with an input request that the SDK sends as a roots/list request on the handshake era. Whether that request
// reaches a client that declared no roots is the SDK's doing.
import { inputRequired, inputResponse, type McpServer } from '@modelcontextprotocol/server';
import { text } from './content.js';
import { askRoots } from './inputRequests.js';

export function registerRootsTool(server: McpServer): void {
    server.registerTool('test_list_roots', { description: 'Asks the client for its roots' }, ctx => {
        const answer = inputResponse(ctx.mcpReq.inputResponses, 'roots');
        if (answer.kind !== 'roots') return inputRequired({ inputRequests: { roots: askRoots() } });
        return { content: [text(`Roots: ${answer.roots.length}: ${answer.roots.map(r => r.uri).join(', ')}`)] };
    });
}
