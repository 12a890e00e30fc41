// JSON.parse silently keeps the last of two equal object keys; this scans the text itself and
// reports, as JSON Pointers, every key that appears twice in the same object.
export function duplicateKeyPaths(text: string): string[] {
  const found: string[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return text.slice(start + 1, i - 1);
    }
  };
  const pointer = (path: string[]) => path.map((p) => '/' + p.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
  const readValue = (path: string[], depth: number): void => {
    skipSpace();
    const c = text[i];
    if (depth > 256) throw new Error('too deep');
    if (c === '{') {
      i++;
      const keys = new Set<string>();
      skipSpace();
      while (i < text.length && text[i] !== '}') {
        skipSpace();
        if (text[i] !== '"') throw new Error('expected a key');
        const key = readString();
        if (keys.has(key)) found.push(pointer([...path, key]));
        keys.add(key);
        skipSpace();
        i++; // colon
        readValue([...path, key], depth + 1);
        skipSpace();
        if (text[i] === ',') i++;
        skipSpace();
      }
      i++;
    } else if (c === '[') {
      i++;
      let n = 0;
      skipSpace();
      while (i < text.length && text[i] !== ']') {
        readValue([...path, String(n++)], depth + 1);
        skipSpace();
        if (text[i] === ',') i++;
        skipSpace();
      }
      i++;
    } else if (c === '"') {
      readString();
    } else {
      while (i < text.length && !',}] \t\r\n'.includes(text[i] as string)) i++;
    }
  };
  try {
    readValue([], 0);
  } catch {
    // Not JSON (the schema check says so); nothing to add here.
  }
  return found;
}
