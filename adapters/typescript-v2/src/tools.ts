// The tools both eras list (FIXTURE.md "Tools").
import { inputRequired, inputResponse, type McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { STEP_DELAY_MS, WAV_BASE64, pngImage, sleep, text } from './content.js';
import { samplingText } from './inputRequests.js';

const LOG_MESSAGES = ['Tool execution started', 'Tool processing data', 'Tool execution completed'];
const DEFAULT_SLOW_OPERATION_MS = 2000;

/** How each labelled test_slow_operation went, for test_operation_status (process-wide). */
const operations = new Map<string, 'running' | 'completed' | 'cancelled'>();

export function registerTools(server: McpServer, announceToolListChanged: (server: McpServer) => void): void {
    server.registerTool('test_simple_text', { description: 'Returns a simple text block' }, () => ({
        content: [text('This is a simple text response for testing.')]
    }));

    server.registerTool('test_image_content', { description: 'Returns a 1x1 PNG image block' }, () => ({
        content: [pngImage()]
    }));

    server.registerTool('test_audio_content', { description: 'Returns a WAV audio block' }, () => ({
        content: [{ type: 'audio', data: WAV_BASE64, mimeType: 'audio/wav' }]
    }));

    server.registerTool('test_embedded_resource', { description: 'Returns an embedded text resource' }, () => ({
        content: [
            {
                type: 'resource',
                resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' }
            }
        ]
    }));

    server.registerTool('test_multiple_content_types', { description: 'Returns text, image and resource blocks' }, () => ({
        content: [
            text('Multiple content types test:'),
            pngImage(),
            {
                type: 'resource',
                resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' }
            }
        ]
    }));

    server.registerTool('test_tool_with_logging', { description: 'Sends three info log messages while running' }, async ctx => {
        // ctx.mcpReq.log is the SDK's per-request logging: on the handshake era it applies the level set by
        // logging/setLevel, on the stateless era the request's _meta logLevel (and sends nothing without one).
        for (const [index, data] of LOG_MESSAGES.entries()) {
            if (index > 0) await sleep(STEP_DELAY_MS);
            await ctx.mcpReq.log('info', data);
        }
        return { content: [text('Tool with logging executed successfully')] };
    });

    server.registerTool('test_tool_with_progress', { description: 'Reports progress 0, 50, 100 of 100' }, async ctx => {
        const progressToken = ctx.mcpReq._meta?.progressToken;
        if (progressToken !== undefined) {
            for (const [index, progress] of [0, 50, 100].entries()) {
                if (index > 0) await sleep(STEP_DELAY_MS);
                await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress, total: 100 } });
            }
        }
        return { content: [text('Tool with progress executed successfully')] };
    });

    server.registerTool('test_error_handling', { description: 'Always returns a tool execution error' }, () => ({
        isError: true,
        content: [text('This tool intentionally returns an error for testing')]
    }));

    server.registerTool(
        'test_echo',
        { description: 'Echoes the message back', inputSchema: z.object({ message: z.string().describe('Text to echo') }) },
        ({ message }) => ({ content: [text(`Echo: ${message}`)] })
    );

    server.registerTool(
        'test_structured_content',
        {
            description: 'Returns structured content matching its output schema',
            outputSchema: z.object({ temperature: z.number(), conditions: z.string() })
        },
        () => {
            const weather = { temperature: 22.5, conditions: 'Partly cloudy' };
            return { structuredContent: weather, content: [text(JSON.stringify(weather))] };
        }
    );

    // Sampling and elicitation are written once, in the stateless era's style: the handler returns
    // inputRequired(...) until the answer arrives. On the stateless era the client fulfils the embedded request
    // and retries; on the handshake era the SDK's legacy shim sends it as a real server-to-client request and
    // re-enters the handler with the answer.
    server.registerTool(
        'test_sampling',
        { description: 'Asks the client to sample an LLM', inputSchema: z.object({ prompt: z.string().describe('Prompt for the LLM') }) },
        ({ prompt }, ctx) => {
            const answer = inputResponse(ctx.mcpReq.inputResponses, 'sampling');
            if (answer.kind !== 'sampling') {
                return inputRequired({
                    inputRequests: {
                        sampling: inputRequired.createMessage({ messages: [{ role: 'user', content: text(prompt) }], maxTokens: 100 })
                    }
                });
            }
            return { content: [text(`LLM response: ${samplingText(answer.result)}`)] };
        }
    );

    server.registerTool(
        'test_elicitation',
        {
            description: 'Asks the user for input via the client',
            inputSchema: z.object({ message: z.string().describe('Question for the user') })
        },
        ({ message }, ctx) => {
            const answer = inputResponse(ctx.mcpReq.inputResponses, 'elicitation');
            if (answer.kind !== 'elicit') {
                return inputRequired({
                    inputRequests: {
                        elicitation: inputRequired.elicit({
                            mode: 'form',
                            message,
                            requestedSchema: { type: 'object', properties: { response: { type: 'string' } }, required: ['response'] }
                        })
                    }
                });
            }
            return { content: [text(`User response: action=${answer.action}, content=${JSON.stringify(answer.content)}`)] };
        }
    );

    server.registerTool('test_trigger_list_changed', { description: 'Announces a tool list change' }, () => {
        announceToolListChanged(server);
        return { content: [text('List change notified')] };
    });

    server.registerTool(
        'test_slow_operation',
        {
            description: 'Waits durationMs (default 2000) unless cancelled',
            inputSchema: z.object({
                durationMs: z.number().int().nonnegative().optional().describe('How long to wait, in ms'),
                label: z.string().optional().describe('Remember how the call went under this label')
            })
        },
        async ({ durationMs = DEFAULT_SLOW_OPERATION_MS, label }, ctx) => {
            if (label !== undefined) operations.set(label, 'running');
            ctx.mcpReq.signal.addEventListener('abort', () => label !== undefined && operations.set(label, 'cancelled'));
            // On cancellation the SDK aborts this signal and does not answer the request; rejecting just ends the wait.
            await waitUnlessAborted(durationMs, ctx.mcpReq.signal);
            if (label !== undefined && !ctx.mcpReq.signal.aborted) operations.set(label, 'completed');
            return { content: [text(`Done after ${durationMs} ms`)] };
        }
    );

    server.registerTool(
        'test_operation_status',
        {
            description: 'Tells how a labelled test_slow_operation went',
            inputSchema: z.object({ label: z.string().describe('The label given to test_slow_operation') })
        },
        ({ label }) => ({ content: [text(operations.get(label) ?? 'unknown')] })
    );

    // The x-mcp-header annotations reach the listed inputSchema through zod metadata. On the stateless era over
    // HTTP the SDK itself checks the Mcp-Param-* headers against these arguments before the handler runs.
    server.registerTool(
        'test_header_params',
        {
            description: 'Echoes arguments that clients mirror into Mcp-Param headers',
            inputSchema: z.object({
                region: z.string().describe('Region to route the call to').meta({ 'x-mcp-header': 'Region' }),
                priority: z.number().int().describe('Priority of the call').meta({ 'x-mcp-header': 'Priority' }),
                tenant: z.string().describe('Optional tenant').optional().meta({ 'x-mcp-header': 'Tenant' })
            })
        },
        ({ region, priority, tenant }) => ({
            content: [text(`region=${region}; priority=${priority}; tenant=${tenant ?? '(none)'}`)]
        })
    );
}

function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
    });
}
