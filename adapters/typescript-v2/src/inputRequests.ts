// The embedded input requests of the stateless era's input_required tools (FIXTURE.md), and readers for the
// client's answers. The keys and params are contracts: a client echoes the keys back in `inputResponses`.
import { inputRequired, type CreateMessageResult, type CreateMessageResultWithTools, type InputRequest } from '@modelcontextprotocol/server';

export const ELICIT_KEY = 'elicit-1';
export const SAMPLE_KEY = 'sample-1';
export const ROOTS_KEY = 'roots-1';

export const askName = (message = 'What is your name?'): InputRequest =>
    inputRequired.elicit({
        mode: 'form',
        message,
        requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }
    });

export const askTwoPlusTwo = (): InputRequest =>
    inputRequired.createMessage({
        messages: [{ role: 'user', content: { type: 'text', text: 'What is 2+2?' } }],
        maxTokens: 100
    });

export const askRoots = (): InputRequest => inputRequired.listRoots();

/** The text of a sampling answer; a non-text answer is shown as JSON rather than dropped. */
export function samplingText(result: CreateMessageResult | CreateMessageResultWithTools): string {
    const blocks = Array.isArray(result.content) ? result.content : [result.content];
    const texts = blocks.flatMap(block => (block.type === 'text' ? [block.text] : []));
    return texts.length > 0 ? texts.join('') : JSON.stringify(result.content);
}
