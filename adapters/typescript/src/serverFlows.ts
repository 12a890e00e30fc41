// URL-mode elicitation and sampling with tools (FIXTURE.md): test_url_elicitation, test_url_elicitation_required
// and test_sampling_tools, written with the SDK's own helpers (elicitInput, createElicitationCompletionNotifier,
// UrlElicitationRequiredError, createMessage).
import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
    UrlElicitationRequiredError,
    type CallToolResult,
    type CreateMessageResult,
    type CreateMessageResultWithTools,
    type SamplingMessage,
    type Tool
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { text } from './content.js';

const toolError = (message: string): CallToolResult => ({ isError: true, content: [text(message)] });
const elicitUrl = (id: string) => `https://127.0.0.1/mcp-conform/elicit/${id}`;

const WEATHER_TOOL: Tool = {
    name: 'get_weather',
    description: 'Current weather for a city',
    inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
};

/** The text of a sampling answer; a non-text answer is shown as JSON rather than dropped. */
function samplingText(result: CreateMessageResult | CreateMessageResultWithTools): string {
    const blocks = Array.isArray(result.content) ? result.content : [result.content];
    const texts = blocks.flatMap(block => (block.type === 'text' ? [block.text] : []));
    return texts.length > 0 ? texts.join('') : JSON.stringify(result.content);
}

export function registerServerFlowTools(server: McpServer): void {
    server.registerTool('test_url_elicitation', { description: 'Asks the user to open a URL (URL-mode elicitation)' }, async extra => {
        if (!server.server.getClientCapabilities()?.elicitation?.url) return toolError('The client did not declare URL-mode elicitation');
        const elicitationId = randomUUID();
        // relatedRequestId keeps both the request and the notification on this call's stream over Streamable HTTP.
        const result = await server.server.elicitInput(
            { mode: 'url', message: 'Please open the link to continue.', url: elicitUrl(elicitationId), elicitationId },
            { relatedRequestId: extra.requestId }
        );
        // The out-of-band interaction is simulated as finishing at once once the user consented.
        if (result.action === 'accept') {
            await server.server.createElicitationCompletionNotifier(elicitationId, { relatedRequestId: extra.requestId })();
        }
        return { content: [text(`URL elicitation action=${result.action}`)] };
    });

    server.registerTool(
        'test_url_elicitation_required',
        { description: 'Needs a URL-mode elicitation first, and says so with error -32042' },
        () => {
            const elicitationId = randomUUID();
            // McpServer passes this error through as a JSON-RPC error instead of turning it into an isError result.
            throw new UrlElicitationRequiredError([
                { mode: 'url', message: 'Please authorise access to the example service.', url: elicitUrl(elicitationId), elicitationId }
            ]);
        }
    );

    server.registerTool(
        'test_sampling_tools',
        { description: 'Asks the client to sample an LLM that may call a tool', inputSchema: { prompt: z.string().describe('Prompt for the LLM') } },
        async ({ prompt }, extra) => {
            const capabilities = server.server.getClientCapabilities();
            if (!capabilities?.sampling) return toolError('The client did not declare the sampling capability');
            const options = { relatedRequestId: extra.requestId };
            const messages: SamplingMessage[] = [{ role: 'user', content: text(prompt) }];
            if (!capabilities.sampling.tools) {
                // The SDK refuses tools toward a client without sampling.tools; the tool does not offer them.
                const plain = await server.server.createMessage({ messages, maxTokens: 100 }, options);
                return { content: [text(`LLM response: ${samplingText(plain)}`)] };
            }
            const tools = [WEATHER_TOOL];
            const first = await server.server.createMessage({ messages, maxTokens: 100, tools, toolChoice: { mode: 'auto' } }, options);
            const content = Array.isArray(first.content) ? first.content : [first.content];
            const uses = content.flatMap(block => (block.type === 'tool_use' ? [block] : []));
            if (first.stopReason !== 'toolUse' || uses.length === 0) return { content: [text(`LLM response: ${samplingText(first)}`)] };
            const results = uses.map(use => {
                const city = typeof use.input.city === 'string' ? use.input.city : 'nowhere';
                return { type: 'tool_result' as const, toolUseId: use.id, content: [text(`Weather in ${city}: sunny`)] };
            });
            const second = await server.server.createMessage(
                {
                    messages: [...messages, { role: 'assistant', content }, { role: 'user', content: results }],
                    maxTokens: 100,
                    tools,
                    toolChoice: { mode: 'auto' }
                },
                options
            );
            return { content: [text(`LLM response: ${samplingText(second)}`)] };
        }
    );
}
