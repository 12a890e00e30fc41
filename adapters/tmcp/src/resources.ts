// The fixture's resources (FIXTURE.md "Resources"). Reading an unregistered URI is left to tmcp, and so are
// resources/subscribe and resources/unsubscribe, which tmcp answers itself when `resources.subscribe` is declared.
import { PNG_BASE64 } from './content.js';
import { isStateless, type FixtureServer } from './fixture.js';

/** The completions of test://template/{id}/data's id variable (FIXTURE.md "Completion"). */
const TEMPLATE_IDS = ['1', '2', '42'];

const textContents = (uri: string, mimeType: string, text: string) => ({ contents: [{ uri, mimeType, text }] });

export function registerResources(server: FixtureServer): void {
    server.resource(
        { name: 'static-text', description: 'A static text resource', uri: 'test://static-text', mimeType: 'text/plain' },
        uri => textContents(uri, 'text/plain', 'This is the content of the static text resource.')
    );

    server.resource(
        { name: 'static-binary', description: 'A static PNG resource', uri: 'test://static-binary', mimeType: 'image/png' },
        uri => ({ contents: [{ uri, mimeType: 'image/png', blob: PNG_BASE64 }] })
    );

    server.resource(
        { name: 'watched-resource', description: 'A resource clients may subscribe to', uri: 'test://watched-resource', mimeType: 'text/plain' },
        uri => textContents(uri, 'text/plain', 'Watched resource content')
    );

    // Without `list`, template instances stay out of resources/list and appear only in resources/templates/list.
    server.template(
        {
            name: 'template',
            description: 'A templated JSON resource',
            uri: 'test://template/{id}/data',
            mimeType: 'application/json',
            complete: {
                id: value => {
                    const values = TEMPLATE_IDS.filter(id => id.startsWith(value));
                    return { completion: { values, total: values.length, hasMore: false } };
                }
            }
        },
        (uri, { id }) => {
            const value = Array.isArray(id) ? id.join(',') : id;
            return textContents(uri, 'application/json', JSON.stringify({ id: value, templateTest: true, data: `Data for ID: ${value}` }));
        }
    );

    server.resource(
        {
            name: 'stateless-static-text',
            description: 'A static text resource of the stateless era',
            uri: 'test://stateless-static-text',
            mimeType: 'text/plain',
            enabled: () => isStateless(server)
        },
        uri => textContents(uri, 'text/plain', 'This is a stateless static text resource.')
    );
}
