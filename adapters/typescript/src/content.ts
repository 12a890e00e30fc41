// The one text-block helper of this adapter.
export const text = (value: string) => ({ type: 'text' as const, text: value });
