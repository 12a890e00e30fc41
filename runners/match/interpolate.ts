// Captured values flow into later steps through `${name}` in strings and object keys. A string that is
// exactly `${name}` takes the captured value with its JSON type; inside longer text (and in keys) the
// value is spliced as text.

const WHOLE = /^\$\{([A-Za-z_][\w.-]*)\}$/;
const PART = /\$\{([A-Za-z_][\w.-]*)\}/g;

export class MissingCapture extends Error {}

export function interpolate(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(whole[1] as string, vars);
    return spliceText(value, vars);
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, vars));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [spliceText(k, vars), interpolate(v, vars)]));
  }
  return value;
}

function spliceText(text: string, vars: Record<string, unknown>): string {
  return text.replace(PART, (_, name: string) => {
    const v = lookup(name, vars);
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

function lookup(name: string, vars: Record<string, unknown>): unknown {
  if (!(name in vars) || vars[name] === undefined) {
    throw new MissingCapture(`\${${name}} was never captured (is the capture's path right, and did its step run?)`);
  }
  return vars[name];
}
