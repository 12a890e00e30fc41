// The tools both eras list (FIXTURE.md "Tools") that need nothing from the client.
import * as z from 'zod';
import { STEP_DELAY_MS, WAV_BASE64, pngImage, sleep, text, textResult, toolError } from './content.js';
import type { FixtureServer } from './fixture.js';

const LOG_MESSAGES = ['Tool execution started', 'Tool processing data', 'Tool execution completed'];
const DEFAULT_SLOW_OPERATION_MS = 2000;

/** How each labelled test_slow_operation went, for test_operation_status (process-wide). */
const operations = new Map<string, 'running' | 'completed' | 'cancelled'>();

export function registerTools(server: FixtureServer): void {
    server.tool({ name: 'test_simple_text', description: 'Returns a simple text block' }, () =>
        textResult('This is a simple text response for testing.')
    );

    server.tool({ name: 'test_image_content', description: 'Returns a 1x1 PNG image block' }, () => ({ content: [pngImage()] }));

    server.tool({ name: 'test_audio_content', description: 'Returns a WAV audio block' }, () => ({
        content: [{ type: 'audio', data: WAV_BASE64, mimeType: 'audio/wav' }]
    }));

    server.tool({ name: 'test_embedded_resource', description: 'Returns an embedded text resource' }, () => ({
        content: [
            {
                type: 'resource',
                resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' }
            }
        ]
    }));

    server.tool({ name: 'test_multiple_content_types', description: 'Returns text, image and resource blocks' }, () => ({
        content: [
            text('Multiple content types test:'),
            pngImage(),
            {
                type: 'resource',
                resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' }
            }
        ]
    }));

    server.tool({ name: 'test_tool_with_logging', description: 'Sends three info log messages while running' }, async () => {
        // server.log filters by the session's logging/setLevel level (handshake era) or by the request's _meta
        // logLevel (stateless era, where it sends nothing without one).
        for (const [index, data] of LOG_MESSAGES.entries()) {
            if (index > 0) await sleep(STEP_DELAY_MS);
            server.log('info', data);
        }
        return textResult('Tool with logging executed successfully');
    });

    server.tool({ name: 'test_tool_with_progress', description: 'Reports progress 0, 50, 100 of 100' }, async () => {
        // server.progress sends nothing unless the request carried _meta.progressToken.
        for (const [index, progress] of [0, 50, 100].entries()) {
            if (index > 0) await sleep(STEP_DELAY_MS);
            server.progress(progress, 100);
        }
        return textResult('Tool with progress executed successfully');
    });

    server.tool({ name: 'test_error_handling', description: 'Always returns a tool execution error' }, () =>
        toolError('This tool intentionally returns an error for testing')
    );

    server.tool(
        {
            name: 'test_echo',
            description: 'Echoes the message back',
            schema: z.object({ message: z.string().describe('Text to echo') })
        },
        ({ message }) => textResult(`Echo: ${message}`)
    );

    server.tool(
        {
            name: 'test_structured_content',
            description: 'Returns structured content matching its output schema',
            outputSchema: z.object({ temperature: z.number(), conditions: z.string() })
        },
        () => {
            const weather = { temperature: 22.5, conditions: 'Partly cloudy' };
            return { structuredContent: weather, content: [text(JSON.stringify(weather))] };
        }
    );

    server.tool({ name: 'test_trigger_list_changed', description: 'Announces a tool list change' }, () => {
        // tmcp broadcasts this to every handshake-era session and every open subscriptions/listen stream.
        server.changed('tools');
        return textResult('List change notified');
    });

    server.tool(
        {
            name: 'test_slow_operation',
            description: 'Waits durationMs (default 2000) unless cancelled',
            schema: z.object({
                durationMs: z.number().int().nonnegative().optional().describe('How long to wait, in ms'),
                label: z.string().optional().describe('Remember how the call went under this label')
            })
        },
        async ({ durationMs = DEFAULT_SLOW_OPERATION_MS, label }) => {
            // tmcp's only cancellation signal is ctx.signal: the HTTP transport aborts it when the request's connection
            // closes; notifications/cancelled does not reach it, and stdio provides none.
            const signal = server.ctx.signal;
            if (label !== undefined) operations.set(label, 'running');
            const cancelled = await waitUnlessAborted(durationMs, signal);
            if (label !== undefined) operations.set(label, cancelled ? 'cancelled' : 'completed');
            return textResult(`Done after ${durationMs} ms`);
        }
    );

    server.tool(
        {
            name: 'test_operation_status',
            description: 'Tells how a labelled test_slow_operation went',
            schema: z.object({ label: z.string().describe('The label given to test_slow_operation') })
        },
        ({ label }) => textResult(operations.get(label) ?? 'unknown')
    );

    // The x-mcp-header annotations reach the listed inputSchema through zod metadata; tmcp's HTTP transport checks
    // the Mcp-Param-* headers of stateless-era calls against them before the handler runs.
    server.tool(
        {
            name: 'test_header_params',
            description: 'Echoes arguments that clients mirror into Mcp-Param headers',
            schema: z.object({
                region: z.string().describe('Region to route the call to').meta({ 'x-mcp-header': 'Region' }),
                priority: z.number().int().describe('Priority of the call').meta({ 'x-mcp-header': 'Priority' }),
                tenant: z.string().describe('Optional tenant').optional().meta({ 'x-mcp-header': 'Tenant' })
            })
        },
        ({ region, priority, tenant }) => textResult(`region=${region}; priority=${priority}; tenant=${tenant ?? '(none)'}`)
    );
}

/** Resolves true when the signal aborted before the time was up. */
function waitUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
    return new Promise(resolve => {
        if (signal?.aborted) return resolve(true);
        const onAbort = () => {
            clearTimeout(timer);
            resolve(true);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve(false);
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
