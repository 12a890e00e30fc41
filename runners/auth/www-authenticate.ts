// Parses WWW-Authenticate (RFC 9110 section 11.6.1): a list of challenges, each a scheme followed by
// a token68 or by comma-separated auth-params whose values are tokens or quoted strings. Several
// header lines arrive joined with ", " (as fetch joins them), which the grammar allows.

export interface Challenge {
  /** As sent; compare case-insensitively (`Bearer` is the normal spelling). */
  scheme: string;
  /** auth-param names lowercased (they are case-insensitive), values unquoted. */
  params: Record<string, string>;
  token68?: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

export function parseChallenges(value: string): Challenge[] {
  const out: Challenge[] = [];
  let rest = value;
  const skip = (re: RegExp) => {
    rest = rest.replace(re, '');
  };
  for (;;) {
    skip(/^[\s,]+/);
    const scheme = TOKEN.exec(rest)?.[0];
    if (!scheme) break;
    rest = rest.slice(scheme.length);
    const challenge: Challenge = { scheme, params: {} };
    out.push(challenge);
    skip(/^[ \t]+/);
    // token68: a value right after the scheme that ends the challenge (`name=value` goes on).
    const t68 = TOKEN68.exec(rest)?.[0];
    if (t68 && /^[ \t]*(,|$)/.test(rest.slice(t68.length))) {
      challenge.token68 = t68;
      rest = rest.slice(t68.length);
      continue;
    }
    // auth-params until the next challenge (a token not followed by '=') or the end.
    for (;;) {
      skip(/^[\s,]+/);
      const name = TOKEN.exec(rest)?.[0];
      if (!name) break;
      const after = rest.slice(name.length);
      const eq = /^[ \t]*=[ \t]*/.exec(after);
      if (!eq) break; // the next challenge's scheme
      rest = after.slice(eq[0].length);
      let val: string;
      if (rest.startsWith('"')) {
        let i = 1;
        val = '';
        while (i < rest.length && rest[i] !== '"') {
          if (rest[i] === '\\' && i + 1 < rest.length) i++;
          val += rest[i];
          i++;
        }
        rest = rest.slice(Math.min(i + 1, rest.length));
      } else {
        val = TOKEN.exec(rest)?.[0] ?? '';
        rest = rest.slice(val.length);
      }
      challenge.params[name.toLowerCase()] = val;
    }
  }
  return out;
}

/** The Bearer challenge of a header value (RFC 6750), else its first challenge, else undefined. */
export function bearerChallenge(value: string | undefined): Challenge | undefined {
  if (value === undefined) return undefined;
  const all = parseChallenges(value);
  return all.find((c) => c.scheme.toLowerCase() === 'bearer') ?? all[0];
}
