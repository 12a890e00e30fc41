import type { JsonObject } from './jsonrpc.js';

/** A text content block, the shape most fixture answers are made of. */
export const text = (value: string): JsonObject => ({ type: 'text', text: value });
