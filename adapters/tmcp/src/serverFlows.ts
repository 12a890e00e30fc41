// Tools that ask the client for something (FIXTURE.md): sampling, elicitation (form and URL mode), sampling with
// tools and roots. tmcp's server.message() and server.elicitation() serve both eras: on the handshake era they send a
// server-to-client request (over HTTP on the calling POST's own stream), on the stateless era they end the call
// with an input_required result and the handler runs again from the top on the retry (hence `replayable`).
import { McpError } from 'tmcp';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { text, textResult, toolError } from './content.js';
import { clientCapabilities, isStateless, type FixtureServer } from './fixture.js';
import { registerElicitationFormTools } from './elicitationForms.js';
import { contentBlocks, samplingText, toolUses } from './sampling.js';

const URL_MESSAGE = 'Please open the link to continue.';
const URL_ELICITATION_REQUIRED = -32042;
const elicitUrl = (id: string) => `https://127.0.0.1/mcp-conform/elicit/${id}`;

const WEATHER_TOOL = {
    name: 'get_weather',
    description: 'Current weather for a city',
    inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
};

const userText = (value: string) => ({ role: 'user' as const, content: text(value) });

export function registerServerFlowTools(server: FixtureServer): void {
    const handshakeOnly = () => !isStateless(server);

    server.tool(
        {
            name: 'test_sampling',
            description: 'Asks the client to sample an LLM',
            schema: z.object({ prompt: z.string().describe('Prompt for the LLM') }),
            replayable: true
        },
        async ({ prompt }) => {
            const answer = await server.message({ messages: [userText(prompt)], maxTokens: 100 });
            return textResult(`LLM response: ${samplingText(answer)}`);
        }
    );

    server.tool(
        {
            name: 'test_elicitation',
            description: 'Asks the user for input via the client',
            schema: z.object({ message: z.string().describe('Question for the user') }),
            replayable: true
        },
        async ({ message }) => {
            const answer = await server.elicitation(message, z.object({ response: z.string() }));
            return textResult(`User response: action=${answer.action}, content=${JSON.stringify(answer.content)}`);
        }
    );

    server.tool(
        { name: 'test_url_elicitation', description: 'Asks the user to open a URL (URL-mode elicitation)', replayable: true },
        async () => {
            if (!clientCapabilities(server)?.elicitation?.url) return toolError('The client did not declare URL-mode elicitation');
            // tmcp's URL-mode elicitation takes a message and a URL only: it sends no elicitationId and has no way to
            // send notifications/elicitation/complete (handshake era), which 2025-06-18, its newest handshake version,
            // does not know anyway.
            const answer = await server.elicitation(URL_MESSAGE, elicitUrl(randomUUID()), { key: 'url-1' });
            return textResult(`URL elicitation action=${answer.action}`);
        }
    );

    server.tool(
        {
            name: 'test_url_elicitation_required',
            description: 'Needs a URL-mode elicitation first, and says so with error -32042',
            enabled: handshakeOnly
        },
        () => {
            const elicitationId = randomUUID();
            // tmcp answers a thrown McpError as that JSON-RPC error.
            throw new McpError(URL_ELICITATION_REQUIRED, 'This request requires more information.', {
                elicitations: [
                    { mode: 'url', message: 'Please authorise access to the example service.', url: elicitUrl(elicitationId), elicitationId }
                ]
            });
        }
    );

    server.tool(
        {
            name: 'test_sampling_tools',
            description: 'Asks the client to sample an LLM that may call a tool',
            schema: z.object({ prompt: z.string().describe('Prompt for the LLM') }),
            replayable: true
        },
        async ({ prompt }) => {
            const sampling = clientCapabilities(server)?.sampling;
            if (!sampling) return toolError('The client did not declare the sampling capability');
            if (!sampling.tools) {
                const answer = await server.message({ messages: [userText(prompt)], maxTokens: 100 }, { key: 'sample-1' });
                return textResult(`LLM response: ${samplingText(answer)}`);
            }
            // message() validates against tmcp's CreateMessageRequestParams, which has no tools/toolChoice and only
            // single-block messages, and it rejects tool_use answers. The handshake era has the raw server.request();
            // the stateless era has nothing that carries tools in an input request.
            if (isStateless(server)) return toolError('tmcp cannot send tools in a sampling input request');
            return samplingWithTools(server, prompt);
        }
    );

    server.tool({ name: 'test_list_roots', description: 'Asks the client for its roots', enabled: handshakeOnly }, async () => {
        if (!clientCapabilities(server)?.roots) return toolError('The client did not declare the roots capability');
        // refreshRoots sends roots/list to the client of this request and stores the answer in server.roots.
        await server.refreshRoots();
        return textResult(`Roots: ${server.roots.length}: ${server.roots.map(root => root.uri).join(', ')}`);
    });

    registerElicitationFormTools(server, handshakeOnly);
}

/** The handshake-era tool loop: at most two raw sampling requests. */
async function samplingWithTools(server: FixtureServer, prompt: string) {
    const ask = (messages: unknown[]) =>
        server.request({
            method: 'sampling/createMessage',
            params: { messages, maxTokens: 100, tools: [WEATHER_TOOL], toolChoice: { mode: 'auto' } }
        });
    const conversation: unknown[] = [userText(prompt)];
    const first = await ask(conversation);
    const uses = toolUses(first);
    if (uses.length === 0) return textResult(`LLM response: ${samplingText(first)}`);
    const results = uses.map(use => ({ type: 'tool_result', toolUseId: use.id, content: [text(`Weather in ${use.city}: sunny`)] }));
    const second = await ask([...conversation, { role: 'assistant', content: contentBlocks(first) }, { role: 'user', content: results }]);
    return textResult(`LLM response: ${samplingText(second)}`);
}
