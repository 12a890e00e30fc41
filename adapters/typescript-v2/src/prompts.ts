// The fixture's prompts and the completion of test_prompt_with_arguments' arg1 (FIXTURE.md "Prompts", "Completion").
import { completable, type McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { pngImage, text } from './content.js';

const COMPLETION_WORDS = ['alpha', 'beta', 'gamma'];

export function registerPrompts(server: McpServer): void {
    server.registerPrompt('test_simple_prompt', { description: 'A prompt without arguments' }, () => ({
        messages: [{ role: 'user', content: text('This is a simple prompt for testing.') }]
    }));

    server.registerPrompt(
        'test_prompt_with_arguments',
        {
            description: 'A prompt with two required arguments',
            argsSchema: z.object({
                // completable() is how McpServer learns to answer completion/complete for this argument.
                arg1: completable(z.string().describe('First argument'), value => COMPLETION_WORDS.filter(word => word.startsWith(value ?? ''))),
                arg2: z.string().describe('Second argument')
            })
        },
        ({ arg1, arg2 }) => ({
            messages: [{ role: 'user', content: text(`Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`) }]
        })
    );

    server.registerPrompt(
        'test_prompt_with_embedded_resource',
        {
            description: 'A prompt that embeds a resource',
            argsSchema: z.object({ resourceUri: z.string().describe('URI of the embedded resource') })
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
            { role: 'user', content: pngImage() },
            { role: 'user', content: text('Please analyze the image above.') }
        ]
    }));
}
