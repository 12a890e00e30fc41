// The fixture surface of adapters/FIXTURE.md, built with the SDK's high-level McpServer.
// Names and texts are a contract that scenarios compare byte for byte: change them only together with FIXTURE.md.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { SubscribeRequestSchema, UnsubscribeRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { InMemoryTaskStore, isTerminal } from '@modelcontextprotocol/sdk/experimental/tasks';
import type { CreateTaskRequestHandlerExtra } from '@modelcontextprotocol/sdk/experimental/tasks';
import { z } from 'zod';
import { registerServerFlowTools } from './serverFlows.js';
import { registerElicitationFormTools } from './elicitationForms.js';
import { registerRootsTool } from './roots.js';
import { text } from './content.js';

export const SERVER_NAME = 'mcp-conform-typescript';
export const SERVER_VERSION = '0.1.0';

const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV_BASE64 = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA=';
const STEP_DELAY_MS = 50;
const COMPLETION_WORDS = ['alpha', 'beta', 'gamma'];
/** The completions of test://template/{id}/data's id variable. */
const TEMPLATE_IDS = ['1', '2', '42'];
// How often the SDK re-reads a task while tasks/result blocks (and the hint it hands clients); its default is 1000 ms.
const TASK_POLL_INTERVAL_MS = 100;

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));


/** A fresh server per stdio process or HTTP session, so no state leaks between clients. */
/** How each labelled test_slow_operation went, for test_operation_status (process-wide, like the fixture's other state). */
const operations = new Map<string, 'running' | 'completed' | 'cancelled'>();

export function createFixtureServer(): McpServer {
    // The SDK's experimental tasks: given a TaskStore, Protocol itself serves tasks/get, tasks/result, tasks/list and
    // tasks/cancel. One store per server keeps tasks to their own stdio process or HTTP session.
    const taskStore = new InMemoryTaskStore();
    const server = new McpServer(
        { name: SERVER_NAME, version: SERVER_VERSION },
        {
            // Declared up front so the handshake advertises exactly the capabilities FIXTURE.md lists.
            capabilities: {
                tools: { listChanged: true },
                resources: { subscribe: true, listChanged: true },
                prompts: { listChanged: true },
                logging: {},
                completions: {},
                // The SDK does not derive this from the store: it only checks requests.tools.call before running a
                // task-augmented tools/call. list and cancel are declared because the SDK serves both.
                tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } }
            },
            taskStore
        }
    );
    // Errors the SDK cannot answer on the wire (e.g. an unparsable stdio line) only surface here.
    server.server.onerror = error => console.error(`[mcp-conform adapter] ${error instanceof Error ? error.message : String(error)}`);

    // Drops the store's ttl timers when the stdio stream or HTTP session ends.
    server.server.onclose = () => taskStore.cleanup();

    registerTools(server);
    registerServerFlowTools(server);
    registerElicitationFormTools(server);
    registerRootsTool(server);
    registerTaskTools(server);
    registerResources(server);
    registerPrompts(server);
    return server;
}

function registerTools(server: McpServer): void {
    server.registerTool('test_simple_text', { description: 'Returns a simple text block' }, () => ({
        content: [text('This is a simple text response for testing.')]
    }));

    server.registerTool('test_image_content', { description: 'Returns a 1x1 PNG image block' }, () => ({
        content: [{ type: 'image', data: PNG_BASE64, mimeType: 'image/png' }]
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
            { type: 'image', data: PNG_BASE64, mimeType: 'image/png' },
            {
                type: 'resource',
                resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' }
            }
        ]
    }));

    server.registerTool('test_tool_with_logging', { description: 'Sends three info log messages while running' }, async extra => {
        // sendLoggingMessage is the SDK's logging API and the place where it applies the level set by
        // logging/setLevel (keyed by session id). It takes no request id, so the SDK decides on which
        // stream the messages travel; we deliberately do not route around that.
        for (const [index, data] of ['Tool execution started', 'Tool processing data', 'Tool execution completed'].entries()) {
            if (index > 0) await sleep(STEP_DELAY_MS);
            await server.sendLoggingMessage({ level: 'info', data }, extra.sessionId);
        }
        return { content: [text('Tool with logging executed successfully')] };
    });

    server.registerTool('test_tool_with_progress', { description: 'Reports progress 0, 50, 100 of 100' }, async extra => {
        const progressToken = extra._meta?.progressToken;
        if (progressToken !== undefined) {
            for (const [index, progress] of [0, 50, 100].entries()) {
                if (index > 0) await sleep(STEP_DELAY_MS);
                await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total: 100 } });
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
        { description: 'Echoes the message back', inputSchema: { message: z.string().describe('Text to echo') } },
        ({ message }) => ({ content: [text(`Echo: ${message}`)] })
    );

    server.registerTool(
        'test_structured_content',
        {
            description: 'Returns structured content matching its output schema',
            outputSchema: { temperature: z.number(), conditions: z.string() }
        },
        () => {
            const weather = { temperature: 22.5, conditions: 'Partly cloudy' };
            return { structuredContent: weather, content: [text(JSON.stringify(weather))] };
        }
    );

    server.registerTool(
        'test_sampling',
        { description: 'Asks the client to sample an LLM', inputSchema: { prompt: z.string().describe('Prompt for the LLM') } },
        async ({ prompt }, extra) => {
            // relatedRequestId ties the server-to-client request to this tools/call, so on Streamable HTTP
            // the SDK sends it on the call's own SSE stream (as the spec recommends) rather than the GET stream.
            const result = await server.server.createMessage(
                { messages: [{ role: 'user', content: text(prompt) }], maxTokens: 100 },
                { relatedRequestId: extra.requestId }
            );
            const answer = result.content.type === 'text' ? result.content.text : JSON.stringify(result.content);
            return { content: [text(`LLM response: ${answer}`)] };
        }
    );

    server.registerTool('test_trigger_list_changed', { description: 'Announces a change of the tool list' }, () => {
        server.sendToolListChanged();
        return { content: [text('List change notified')] };
    });

    server.registerTool(
        'test_slow_operation',
        {
            description: 'Waits, then answers; stops early when cancelled',
            inputSchema: {
                durationMs: z.number().int().min(0).optional().describe('How long to wait (default 2000)'),
                label: z.string().optional().describe('Remember how the call went under this label')
            }
        },
        async ({ durationMs, label }, extra) => {
            const wait = durationMs ?? 2000;
            if (label !== undefined) operations.set(label, 'running');
            extra.signal.addEventListener('abort', () => label !== undefined && operations.set(label, 'cancelled'));
            // The SDK aborts extra.signal on notifications/cancelled and then withholds the response itself.
            await new Promise<void>(resolve => {
                const timer = setTimeout(resolve, wait);
                extra.signal.addEventListener('abort', () => {
                    clearTimeout(timer);
                    resolve();
                });
            });
            if (label !== undefined && !extra.signal.aborted) operations.set(label, 'completed');
            return { content: [text(`Done after ${wait} ms`)] };
        }
    );

    server.registerTool(
        'test_operation_status',
        { description: 'Tells how a labelled test_slow_operation went', inputSchema: { label: z.string().describe('The label given to test_slow_operation') } },
        ({ label }) => ({ content: [text(operations.get(label) ?? 'unknown')] })
    );

    server.registerTool(
        'test_elicitation',
        { description: 'Asks the user for input via the client', inputSchema: { message: z.string().describe('Question for the user') } },
        async ({ message }, extra) => {
            const result = await server.server.elicitInput(
                {
                    message,
                    requestedSchema: { type: 'object', properties: { response: { type: 'string' } }, required: ['response'] }
                },
                { relatedRequestId: extra.requestId }
            );
            return { content: [text(`User response: action=${result.action}, content=${JSON.stringify(result.content)}`)] };
        }
    );

    // A plain tool here: Mcp-Param headers belong to 2026-07-28 over HTTP, which SDK v1 does not speak. The
    // x-mcp-header annotations still go out with its inputSchema, as FIXTURE.md lists it.
    server.registerTool(
        'test_header_params',
        {
            description: 'Echoes arguments that clients mirror into Mcp-Param headers',
            inputSchema: {
                region: z.string().describe('Region to route the call to').meta({ 'x-mcp-header': 'Region' }),
                priority: z.number().int().describe('Priority of the call').meta({ 'x-mcp-header': 'Priority' }),
                tenant: z.string().describe('Optional tenant').optional().meta({ 'x-mcp-header': 'Tenant' })
            }
        },
        ({ region, priority, tenant }) => ({
            content: [text(`region=${region}; priority=${priority}; tenant=${tenant ?? '(none)'}`)]
        })
    );
}

/** Creates a task for this tools/call, answers at once, and stores the tool's result once `durationMs` have passed. */
async function startTask(durationMs: number, extra: CreateTaskRequestHandlerExtra) {
    const task = await extra.taskStore.createTask({ ttl: extra.taskRequestedTtl, pollInterval: TASK_POLL_INTERVAL_MS });
    void (async () => {
        await sleep(durationMs);
        // tasks/cancel (served by the SDK) only marks the task cancelled in the store; a terminal task keeps its status.
        const current = await extra.taskStore.getTask(task.taskId).catch(() => undefined);
        if (!current || isTerminal(current.status)) return;
        await extra.taskStore.storeTaskResult(task.taskId, 'completed', {
            content: [text(`Task finished after ${durationMs} ms`)]
        });
    })().catch(error => console.error(`[mcp-conform adapter] task ${task.taskId}: ${error instanceof Error ? error.message : String(error)}`));
    return { task };
}

function registerTaskTools(server: McpServer): void {
    // getTask/getTaskResult are what registerToolTask requires of a handler; the SDK's own tasks/get and
    // tasks/result handlers read the store directly.
    server.experimental.tasks.registerToolTask(
        'test_task_tool',
        {
            description: 'Waits durationMs (default 300), then answers; runs as a task when called with params.task',
            inputSchema: { durationMs: z.number().int().min(0).optional().describe('How long to wait (default 300)') },
            execution: { taskSupport: 'optional' }
        },
        {
            createTask: ({ durationMs }, extra) => startTask(durationMs ?? 300, extra),
            getTask: (_args, extra) => extra.taskStore.getTask(extra.taskId),
            getTaskResult: async (_args, extra) => (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult
        }
    );

    server.experimental.tasks.registerToolTask(
        'test_task_required',
        { description: 'Runs only as a task: waits 100 ms, then answers', execution: { taskSupport: 'required' } },
        {
            createTask: extra => startTask(100, extra),
            getTask: extra => extra.taskStore.getTask(extra.taskId),
            getTaskResult: async extra => (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult
        }
    );
}

function registerResources(server: McpServer): void {
    server.registerResource('static-text', 'test://static-text', { mimeType: 'text/plain' }, uri => ({
        contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }]
    }));

    server.registerResource('static-binary', 'test://static-binary', { mimeType: 'image/png' }, uri => ({
        contents: [{ uri: uri.href, mimeType: 'image/png', blob: PNG_BASE64 }]
    }));

    server.registerResource('watched-resource', 'test://watched-resource', { mimeType: 'text/plain' }, uri => ({
        contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'Watched resource content' }]
    }));

    // list: undefined keeps template instances out of resources/list; they appear only in resources/templates/list.
    server.registerResource(
        'template',
        new ResourceTemplate('test://template/{id}/data', {
            list: undefined,
            complete: { id: value => TEMPLATE_IDS.filter(id => id.startsWith(value)) }
        }),
        { mimeType: 'application/json' },
        (uri, { id }) => {
            const value = Array.isArray(id) ? id.join(',') : id;
            return {
                contents: [
                    {
                        uri: uri.href,
                        mimeType: 'application/json',
                        text: JSON.stringify({ id: value, templateTest: true, data: `Data for ID: ${value}` })
                    }
                ]
            };
        }
    );

    // McpServer has no subscription helper, so these go on the low-level Server. The fixture's resources
    // never change, so a subscription only needs to be acknowledged; no notifications/resources/updated follows.
    server.server.setRequestHandler(SubscribeRequestSchema, () => ({}));
    server.server.setRequestHandler(UnsubscribeRequestSchema, () => ({}));
}

function registerPrompts(server: McpServer): void {
    server.registerPrompt('test_simple_prompt', { description: 'A prompt without arguments' }, () => ({
        messages: [{ role: 'user', content: text('This is a simple prompt for testing.') }]
    }));

    server.registerPrompt(
        'test_prompt_with_arguments',
        {
            description: 'A prompt with two required arguments',
            argsSchema: {
                // completable() is how McpServer learns to answer completion/complete for this argument.
                arg1: completable(z.string().describe('First argument'), value =>
                    COMPLETION_WORDS.filter(word => word.startsWith(value ?? ''))
                ),
                arg2: z.string().describe('Second argument')
            }
        },
        ({ arg1, arg2 }) => ({
            messages: [{ role: 'user', content: text(`Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`) }]
        })
    );

    server.registerPrompt(
        'test_prompt_with_embedded_resource',
        {
            description: 'A prompt that embeds a resource',
            argsSchema: { resourceUri: z.string().describe('URI of the embedded resource') }
        },
        ({ resourceUri }) => ({
            messages: [
                {
                    role: 'user',
                    content: {
                        type: 'resource',
                        resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' }
                    }
                },
                { role: 'user', content: text('Please process the embedded resource above.') }
            ]
        })
    );

    server.registerPrompt('test_prompt_with_image', { description: 'A prompt that carries an image' }, () => ({
        messages: [
            { role: 'user', content: { type: 'image', data: PNG_BASE64, mimeType: 'image/png' } },
            { role: 'user', content: text('Please analyze the image above.') }
        ]
    }));
}
