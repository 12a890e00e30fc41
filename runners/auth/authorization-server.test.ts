import { afterEach, describe, expect, it } from 'vitest';
import { AuthorizationServer, CLIENT_ID } from './authorization-server.js';
import { BROAD_SCOPE, metadataUrls, mintCaseAuth, OTHER_RESOURCE, OTHER_SCOPE, REQUIRED_SCOPE } from './case-auth.js';
import { bearerChallenge, parseChallenges } from './www-authenticate.js';

const RESOURCE = 'http://127.0.0.1:4567/mcp';
let as: AuthorizationServer | undefined;

afterEach(async () => {
  await as?.close();
  as = undefined;
});

async function started(now?: () => number): Promise<AuthorizationServer> {
  as = new AuthorizationServer(now);
  await as.start();
  return as;
}

async function introspectOverHttp(server: AuthorizationServer, token: string): Promise<Record<string, unknown>> {
  const res = await fetch(server.introspectionEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
    signal: AbortSignal.timeout(2000),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('harness authorization server', () => {
  it('listens on 127.0.0.1 and serves RFC 8414 metadata naming its introspection endpoint', async () => {
    const server = await started();
    expect(server.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(server.metadataUrl, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ issuer: server.issuer, introspection_endpoint: `${server.issuer}/introspect`, response_types_supported: ['code'] });
  });

  it('introspects the tokens it minted with their claims, and nothing else (RFC 7662)', async () => {
    const server = await started();
    const exp = Math.floor(Date.now() / 1000) + 60;
    const token = server.mint({ aud: RESOURCE, scope: 'a b', exp });
    expect(await introspectOverHttp(server, token)).toMatchObject({ active: true, aud: RESOURCE, scope: 'a b', exp, iss: server.issuer, client_id: CLIENT_ID, token_type: 'Bearer' });
    expect(await introspectOverHttp(server, AuthorizationServer.garbage())).toEqual({ active: false });
    expect(server.introspections).toBe(2);
  });

  it('says nothing but active:false about an expired token', async () => {
    let clock = 1_000_000_000_000;
    const server = await started(() => clock);
    const token = server.mint({ aud: RESOURCE, scope: REQUIRED_SCOPE, exp: clock / 1000 + 2 });
    expect(server.introspect(token).active).toBe(true);
    clock += 2000;
    expect(server.introspect(token)).toEqual({ active: false });
  });

  it('refuses introspection without a token, and other methods', async () => {
    const server = await started();
    const empty = await fetch(server.introspectionEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', signal: AbortSignal.timeout(2000) });
    expect(empty.status).toBe(400);
    const get = await fetch(server.introspectionEndpoint, { signal: AbortSignal.timeout(2000) });
    expect(get.status).toBe(405);
  });

  it('mints one set of case tokens with the claims each stands for', async () => {
    const now = Date.now();
    const server = await started();
    const { vars, validToken } = mintCaseAuth(server, RESOURCE, now);
    expect(vars['auth.tokens.valid']).toBe(validToken);
    expect(vars['auth.resource']).toBe(RESOURCE);
    expect(vars['auth.metadataPathUrl']).toBe('http://127.0.0.1:4567/.well-known/oauth-protected-resource/mcp');
    expect(vars['auth.metadataRootUrl']).toBe('http://127.0.0.1:4567/.well-known/oauth-protected-resource');
    const claims = (name: string) => server.introspect(vars[`auth.tokens.${name}`] as string);
    expect(claims('valid')).toMatchObject({ active: true, aud: RESOURCE, scope: REQUIRED_SCOPE });
    expect(claims('wrongAudience')).toMatchObject({ active: true, aud: OTHER_RESOURCE, scope: REQUIRED_SCOPE });
    expect(claims('insufficientScope')).toMatchObject({ active: true, aud: RESOURCE, scope: OTHER_SCOPE });
    expect(claims('broadScope')).toMatchObject({ active: true, aud: RESOURCE, scope: BROAD_SCOPE });
    expect(claims('shortLived')).toMatchObject({ active: true, aud: RESOURCE });
    expect(claims('expired')).toEqual({ active: false });
    expect(claims('garbage')).toEqual({ active: false });
    expect(new Set(Object.entries(vars).filter(([k]) => k.startsWith('auth.tokens.')).map(([, v]) => v)).size).toBe(7);
  });

  it('builds the path-inserted and root well-known URLs of RFC 9728', () => {
    expect(metadataUrls('https://example.com/public/mcp')).toEqual({
      path: 'https://example.com/.well-known/oauth-protected-resource/public/mcp',
      root: 'https://example.com/.well-known/oauth-protected-resource',
    });
    expect(metadataUrls('https://example.com').path).toBe('https://example.com/.well-known/oauth-protected-resource');
  });
});

describe('WWW-Authenticate parsing', () => {
  it('reads the Bearer challenge with quoted and token params', () => {
    const c = bearerChallenge('Bearer resource_metadata="http://127.0.0.1:1/.well-known/oauth-protected-resource/mcp", scope="a b", error=invalid_token');
    expect(c).toEqual({ scheme: 'Bearer', params: { resource_metadata: 'http://127.0.0.1:1/.well-known/oauth-protected-resource/mcp', scope: 'a b', error: 'invalid_token' } });
  });

  it('splits joined challenges, keeps token68 and escapes, lowercases param names', () => {
    const all = parseChallenges('Basic YWxhZGRpbjpvcGVuc2VzYW1l==, Negotiate, bearer Error="insufficient_scope", error_description="say \\"hi\\""');
    expect(all.map((c) => c.scheme)).toEqual(['Basic', 'Negotiate', 'bearer']);
    expect(all[0]?.token68).toBe('YWxhZGRpbjpvcGVuc2VzYW1l==');
    expect(all[2]?.params).toEqual({ error: 'insufficient_scope', error_description: 'say "hi"' });
    expect(bearerChallenge('Basic realm="x"')?.scheme).toBe('Basic');
    expect(bearerChallenge(undefined)).toBeUndefined();
  });
});
