// The fixture's prompts and the completion of test_prompt_with_arguments' arg1 (FIXTURE.md "Prompts", "Completion").
import * as z from 'zod';
import { pngImage, text } from './content.js';
import type { FixtureServer } from './fixture.js';

const COMPLETION_WORDS = ['alpha', 'beta', 'gamma'];

const user = <T>(content: T) => ({ role: 'user' as const, content });

export function registerPrompts(server: FixtureServer): void {
    server.prompt({ name: 'test_simple_prompt', description: 'A prompt without arguments' }, () => ({
        messages: [user(text('This is a simple prompt for testing.'))]
    }));

    server.prompt(
        {
            name: 'test_prompt_with_arguments',
            description: 'A prompt with two required arguments',
            schema: z.object({ arg1: z.string().describe('First argument'), arg2: z.string().describe('Second argument') }),
            complete: {
                arg1: value => {
                    const values = COMPLETION_WORDS.filter(word => word.startsWith(value));
                    return { completion: { values, total: values.length, hasMore: false } };
                }
            }
        },
        ({ arg1, arg2 }) => ({ messages: [user(text(`Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`))] })
    );

    server.prompt(
        {
            name: 'test_prompt_with_embedded_resource',
            description: 'A prompt that embeds a resource',
            schema: z.object({ resourceUri: z.string().describe('URI of the embedded resource') })
        },
        ({ resourceUri }) => ({
            messages: [
                user({ type: 'resource' as const, resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } }),
                user(text('Please process the embedded resource above.'))
            ]
        })
    );

    server.prompt({ name: 'test_prompt_with_image', description: 'A prompt that carries an image' }, () => ({
        messages: [user(pngImage()), user(text('Please analyze the image above.'))]
    }));
}
