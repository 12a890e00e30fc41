// Fixed payloads and content builders shared by the fixture's tools, resources and prompts.
// The texts are contracts (adapters/FIXTURE.md): scenarios compare them byte for byte.

export const SERVER_NAME = 'mcp-conform-tmcp';
export const SERVER_VERSION = '0.1.0';

export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
export const WAV_BASE64 = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA=';

/** Pause between the steps of the logging and progress tools. */
export const STEP_DELAY_MS = 50;

export const text = (value: string) => ({ type: 'text' as const, text: value });

export const pngImage = () => ({ type: 'image' as const, data: PNG_BASE64, mimeType: 'image/png' });

export const textResult = (value: string) => ({ content: [text(value)] });

export const toolError = (message: string) => ({ isError: true, content: [text(message)] });

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));
