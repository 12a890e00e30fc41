// Reading sampling answers. tmcp validates message() answers against its CreateMessageResult (one text, image or
// audio block); answers to raw server.request() calls arrive unvalidated, so both are read defensively.

interface Block {
    type?: unknown;
    text?: unknown;
    id?: unknown;
    input?: unknown;
}

const blocksOf = (result: unknown): Block[] => {
    const content = (result as { content?: unknown } | null)?.content;
    if (Array.isArray(content)) return content as Block[];
    return content && typeof content === 'object' ? [content as Block] : [];
};

/** The text of a sampling answer; a non-text answer is shown as JSON rather than dropped. */
export function samplingText(result: unknown): string {
    const blocks = blocksOf(result);
    const texts = blocks.flatMap(block => (block.type === 'text' && typeof block.text === 'string' ? [block.text] : []));
    return texts.length > 0 ? texts.join('') : JSON.stringify((result as { content?: unknown } | null)?.content);
}

/** The tool_use blocks of an answer that stopped for tool use (none otherwise). */
export function toolUses(result: unknown): Array<{ id: string; city: string; block: Block }> {
    if ((result as { stopReason?: unknown } | null)?.stopReason !== 'toolUse') return [];
    return blocksOf(result).flatMap(block => {
        if (block.type !== 'tool_use' || typeof block.id !== 'string') return [];
        const city = (block.input as { city?: unknown } | undefined)?.city;
        return [{ id: block.id, city: typeof city === 'string' ? city : 'nowhere', block }];
    });
}

export const contentBlocks = blocksOf;
