// The fixture's resources (FIXTURE.md "Resources"). Reading an unregistered URI is left to the SDK, which
// answers -32602 with data.uri on every protocol revision.
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/server';
import { PNG_BASE64 } from './content.js';
import type { Era } from './fixture.js';

/** The completions of test://template/{id}/data's id variable (FIXTURE.md "Completion"). */
const TEMPLATE_IDS = ['1', '2', '42'];

export function registerResources(server: McpServer, era: Era): void {
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

    if (era === 'modern') {
        server.registerResource('stateless-static-text', 'test://stateless-static-text', { mimeType: 'text/plain' }, uri => ({
            contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'This is a stateless static text resource.' }]
        }));
    } else {
        // resources/subscribe belongs to the handshake era (the stateless era has subscriptions/listen, which the
        // SDK's serving entries answer themselves). McpServer has no helper for it, so these go on the low-level
        // Server. The fixture's resources never change: a subscription only needs acknowledging.
        server.server.setRequestHandler('resources/subscribe', () => ({}));
        server.server.setRequestHandler('resources/unsubscribe', () => ({}));
    }
}
