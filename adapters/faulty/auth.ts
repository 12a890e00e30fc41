// Authorization mode of the HTTP front-end (adapters/FIXTURE.md, "Authorization mode"): the endpoint
// is an OAuth 2.1 resource server. Bearer tokens are validated by introspection (RFC 7662) at the
// authorization server the environment names: active, audience = this endpoint's URL, scope = the
// required one or a broader scope implying it. Protected Resource Metadata (RFC 9728) is served at the
// path-inserted and the root well-known URIs; refusals are 401 / 403 with a Bearer challenge.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from './faults.js';
import { log } from './protocol.js';

export const AUTH_ENV = {
  introspection: 'MCP_CONFORM_AUTH_INTROSPECTION',
  issuer: 'MCP_CONFORM_AUTH_ISSUER',
  scope: 'MCP_CONFORM_AUTH_SCOPE',
  broadScope: 'MCP_CONFORM_AUTH_BROAD_SCOPE',
} as const;

const WELL_KNOWN = '/.well-known/oauth-protected-resource';
const INTROSPECTION_TIMEOUT_MS = 5000;

interface AuthConfig {
  introspection: string;
  issuer: string;
  scope: string;
  broadScope: string | undefined;
  /** The canonical URL of the MCP endpoint: the audience tokens must name. */
  resource: string;
  path: string;
}

interface Claims {
  active: boolean;
  aud?: string | string[];
  scope?: string;
  exp?: number;
}

type Refusal = { status: 401 | 403 | 500; challenge?: Record<string, string>; error: string; description: string };

export class AuthMode {
  /** Introspection answers for active tokens, kept until the token's exp (auth-expiry-cached: for ever). */
  private readonly cache = new Map<string, Claims>();

  private constructor(
    private readonly config: AuthConfig,
    private readonly faults: Faults,
  ) {}

  /** Auth mode is on when the environment names an introspection endpoint; undefined otherwise. */
  static fromEnv(env: NodeJS.ProcessEnv, port: number, path: string, faults: Faults): AuthMode | undefined {
    const introspection = env[AUTH_ENV.introspection];
    if (!introspection) return undefined;
    const scope = env[AUTH_ENV.scope] || 'mcp:tools';
    return new AuthMode(
      {
        introspection,
        issuer: env[AUTH_ENV.issuer] || new URL(introspection).origin,
        scope,
        broadScope: env[AUTH_ENV.broadScope] || undefined,
        resource: `http://127.0.0.1:${port}${path}`,
        path,
      },
      faults,
    );
  }

  private get metadataUrl(): string {
    return `${new URL(this.config.resource).origin}${WELL_KNOWN}${this.config.path}`;
  }

  /** Serves the Protected Resource Metadata on its well-known paths; false for any other path. */
  serveMetadata(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    if (pathname !== WELL_KNOWN + this.config.path && pathname !== WELL_KNOWN) return false;
    // auth-prm-undiscoverable: no document anywhere (and no resource_metadata in challenges).
    if (this.faults.has('auth-prm-undiscoverable')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('Method Not Allowed');
      return true;
    }
    const document: Record<string, unknown> = {
      // auth-prm-wrong-resource: names the server's origin instead of its MCP endpoint.
      resource: this.faults.has('auth-prm-wrong-resource') ? `${new URL(this.config.resource).origin}/` : this.config.resource,
      // auth-prm-no-authorization-servers: the list is left out.
      ...(!this.faults.has('auth-prm-no-authorization-servers') && { authorization_servers: [this.config.issuer] }),
      scopes_supported: [this.config.scope, ...(this.config.broadScope ? [this.config.broadScope] : [])],
      bearer_methods_supported: ['header'],
      resource_name: 'mcp-conform faulty fixture',
    };
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(document));
    return true;
  }

  /** Validates the request's bearer token; answers and returns false when it is refused. */
  async authorize(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const refusal = await this.judge(req.headers.authorization);
    if (!refusal) return true;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
    if (refusal.challenge) headers['www-authenticate'] = formatChallenge(refusal.challenge);
    res.writeHead(refusal.status, headers);
    res.end(JSON.stringify({ error: refusal.error, error_description: refusal.description }));
    return false;
  }

  private challengeFor(params: Record<string, string>, status: 401 | 403): Record<string, string> | undefined {
    if (status === 401 && this.faults.has('auth-no-www-authenticate')) return undefined;
    if (status === 403 && this.faults.has('auth-insufficient-scope-no-challenge')) return undefined;
    return {
      ...params,
      ...(!this.faults.has('auth-prm-undiscoverable') && { resource_metadata: this.metadataUrl }),
      scope: this.config.scope,
    };
  }

  private unauthorized(error: string | undefined, description: string): Refusal {
    // RFC 6750 section 3.1: a request without credentials gets a challenge without an error code.
    const challenge = this.challengeFor(error ? { error, error_description: description } : {}, 401);
    return { status: 401, ...(challenge && { challenge }), error: error ?? 'invalid_request', description };
  }

  private async judge(authorization: string | undefined): Promise<Refusal | undefined> {
    const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)[ ]*$/i.exec(authorization ?? '');
    if (!match) {
      // auth-token-optional: a request without any Authorization header is served.
      if (authorization === undefined && this.faults.has('auth-token-optional')) return undefined;
      return this.unauthorized(undefined, authorization === undefined ? 'An access token is required' : 'Malformed Authorization header');
    }
    const token = match[1] as string;
    let claims: Claims;
    try {
      claims = await this.introspect(token);
    } catch (e) {
      log(`token introspection failed: ${e instanceof Error ? e.message : String(e)}`);
      return { status: 500, error: 'server_error', description: 'The token could not be validated' };
    }
    if (!claims.active) {
      // auth-inactive-accepted: only the claims an answer carries are checked; an inactive answer has none.
      if (this.faults.has('auth-inactive-accepted')) return undefined;
      return this.unauthorized('invalid_token', 'The access token is invalid or expired');
    }
    // auth-audience-trailing-slash: the server expects its URL with a trailing slash, which no token names.
    const expected = this.faults.has('auth-audience-trailing-slash') ? `${this.config.resource}/` : this.config.resource;
    const audiences = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
    if (!audiences.includes(expected) && !this.faults.has('auth-audience-unchecked')) {
      return this.unauthorized('invalid_token', 'The access token was not issued for this resource');
    }
    const scopes = (claims.scope ?? '').split(' ').filter(Boolean);
    // A broader scope implies the required one, unless auth-scope-hierarchy-ignored.
    const implied = this.config.broadScope !== undefined && scopes.includes(this.config.broadScope) && !this.faults.has('auth-scope-hierarchy-ignored');
    if (!scopes.includes(this.config.scope) && !implied && !this.faults.has('auth-scope-unchecked')) {
      const description = `The access token lacks the scope ${this.config.scope}`;
      const challenge = this.challengeFor({ error: 'insufficient_scope', error_description: description }, 403);
      return { status: 403, ...(challenge && { challenge }), error: 'insufficient_scope', description };
    }
    return undefined;
  }

  /** Asks the authorization server, or the cache for a token it called active and that has not expired since. */
  private async introspect(token: string): Promise<Claims> {
    const cached = this.cache.get(token);
    if (cached) {
      // auth-expiry-cached: a cached answer is trusted past the token's exp.
      const live = cached.exp === undefined ? false : Date.now() < cached.exp * 1000;
      if (live || this.faults.has('auth-expiry-cached')) return cached;
      this.cache.delete(token);
    }
    const res = await fetch(this.config.introspection, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ token }).toString(),
      signal: AbortSignal.timeout(INTROSPECTION_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`introspection answered HTTP ${res.status}`);
    const body = (await res.json()) as Record<string, unknown>;
    const claims: Claims = {
      active: body.active === true,
      ...((typeof body.aud === 'string' || Array.isArray(body.aud)) && { aud: body.aud as string | string[] }),
      ...(typeof body.scope === 'string' && { scope: body.scope }),
      ...(typeof body.exp === 'number' && { exp: body.exp }),
    };
    if (claims.active && claims.exp !== undefined) this.cache.set(token, claims);
    return claims;
  }
}

function formatChallenge(params: Record<string, string>): string {
  const list = Object.entries(params).map(([k, v]) => `${k}="${v.replace(/["\\]/g, '\\$&')}"`);
  return list.length ? `Bearer ${list.join(', ')}` : 'Bearer';
}
