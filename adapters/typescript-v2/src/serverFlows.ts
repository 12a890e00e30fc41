// URL-mode elicitation and sampling with tools (FIXTURE.md): test_url_elicitation, test_url_elicitation_required
// (handshake era only) and test_sampling_tools. Sampling is written the multi-round-trip way for both eras (the
// SDK's legacy shim sends each round as a real request on the handshake era). URL elicitation is not: on the
// handshake era the tool must know the elicitationId to send notifications/elicitation/complete, and
// inputRequired.elicitUrl() takes none (the shim mints one the handler never sees), so that era uses the
// push-style elicitInput and createElicitationCompletionNotifier.
import { randomUUID } from 'node:crypto';
import {
    CLIENT_CAPABILITIES_META_KEY,
    UrlElicitationRequiredError,
    inputRequired,
    inputResponse,
    type CallToolResult,
    type ClientCapabilities,
    type CreateMessageResult,
    type CreateMessageResultWithTools,
    type McpServer,
    type SamplingMessage,
    type ServerContext,
    type Tool
} from '@modelcontextprotocol/server';
import * as z from 'zod';
import { text } from './content.js';
import type { Era } from './fixture.js';
import { samplingText } from './inputRequests.js';

const URL_KEY = 'url-1';
const SAMPLE_KEY = 'sample-1';
const FOLLOW_UP_KEY = 'sample-2';
const URL_MESSAGE = 'Please open the link to continue.';

const toolError = (message: string): CallToolResult => ({ isError: true, content: [text(message)] });
const elicitUrl = (id: string) => `https://127.0.0.1/mcp-conform/elicit/${id}`;

const WEATHER_TOOL: Tool = {
    name: 'get_weather',
    description: 'Current weather for a city',
    inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
};

/** What the client declared: the request's _meta envelope on the stateless era, initialize on the handshake era. */
function capabilitiesOf(server: McpServer, era: Era, ctx: ServerContext): ClientCapabilities | undefined {
    if (era === 'modern') return (ctx.mcpReq.envelope as Record<string, ClientCapabilities | undefined> | undefined)?.[CLIENT_CAPABILITIES_META_KEY];
    return server.server.getClientCapabilities();
}

/** The follow-up to a toolUse stop: the conversation, the assistant's tool_use turn, one tool_result per tool_use id. */
function followUp(prompt: string, answer: CreateMessageResult | CreateMessageResultWithTools) {
    const content = Array.isArray(answer.content) ? answer.content : [answer.content];
    const uses = content.flatMap(block => (block.type === 'tool_use' ? [block] : []));
    if (answer.stopReason !== 'toolUse' || uses.length === 0) return undefined;
    const results = uses.map(use => {
        const city = typeof use.input.city === 'string' ? use.input.city : 'nowhere';
        return { type: 'tool_result' as const, toolUseId: use.id, content: [text(`Weather in ${city}: sunny`)] };
    });
    const messages: SamplingMessage[] = [
        { role: 'user', content: text(prompt) },
        { role: 'assistant', content },
        { role: 'user', content: results }
    ];
    return inputRequired.createMessage({ messages, maxTokens: 100, tools: [WEATHER_TOOL], toolChoice: { mode: 'auto' } });
}

export function registerServerFlowTools(server: McpServer, era: Era): void {
    server.registerTool('test_url_elicitation', { description: 'Asks the user to open a URL (URL-mode elicitation)' }, async ctx => {
        if (!capabilitiesOf(server, era, ctx)?.elicitation?.url) return toolError('The client did not declare URL-mode elicitation');
        if (era === 'modern') {
            const answer = inputResponse(ctx.mcpReq.inputResponses, URL_KEY);
            if (answer.kind !== 'elicit') {
                return inputRequired({ inputRequests: { [URL_KEY]: inputRequired.elicitUrl({ message: URL_MESSAGE, url: elicitUrl(randomUUID()) }) } });
            }
            return { content: [text(`URL elicitation action=${answer.action}`)] };
        }
        const elicitationId = randomUUID();
        // ctx.mcpReq.elicitInput does not relate the request to this call by itself: without relatedRequestId it goes
        // out on the standalone GET stream over Streamable HTTP (the legacy shim passes it; so does this tool).
        const result = await ctx.mcpReq.elicitInput(
            { mode: 'url', message: URL_MESSAGE, url: elicitUrl(elicitationId), elicitationId },
            { relatedRequestId: ctx.mcpReq.id }
        );
        // The out-of-band interaction is simulated as finishing at once once the user consented.
        if (result.action === 'accept') {
            await server.server.createElicitationCompletionNotifier(elicitationId, { relatedRequestId: ctx.mcpReq.id })();
        }
        return { content: [text(`URL elicitation action=${result.action}`)] };
    });

    if (era === 'legacy') {
        server.registerTool(
            'test_url_elicitation_required',
            { description: 'Needs a URL-mode elicitation first, and says so with error -32042' },
            () => {
                const elicitationId = randomUUID();
                // McpServer passes this error through as a JSON-RPC error on the handshake era.
                throw new UrlElicitationRequiredError([
                    { mode: 'url', message: 'Please authorise access to the example service.', url: elicitUrl(elicitationId), elicitationId }
                ]);
            }
        );
    }

    server.registerTool(
        'test_sampling_tools',
        {
            description: 'Asks the client to sample an LLM that may call a tool',
            inputSchema: z.object({ prompt: z.string().describe('Prompt for the LLM') })
        },
        ({ prompt }, ctx) => {
            const responses = ctx.mcpReq.inputResponses;
            const second = inputResponse(responses, FOLLOW_UP_KEY);
            if (second.kind === 'sampling') return { content: [text(`LLM response: ${samplingText(second.result)}`)] };
            const first = inputResponse(responses, SAMPLE_KEY);
            if (first.kind !== 'sampling') {
                // Tools only for a client that declared sampling.tools.
                const tools = capabilitiesOf(server, era, ctx)?.sampling?.tools ? { tools: [WEATHER_TOOL], toolChoice: { mode: 'auto' as const } } : {};
                const messages: SamplingMessage[] = [{ role: 'user', content: text(prompt) }];
                return inputRequired({ inputRequests: { [SAMPLE_KEY]: inputRequired.createMessage({ messages, maxTokens: 100, ...tools }) } });
            }
            const next = followUp(prompt, first.result);
            if (!next) return { content: [text(`LLM response: ${samplingText(first.result)}`)] };
            return inputRequired({ inputRequests: { [FOLLOW_UP_KEY]: next } });
        }
    );
}
