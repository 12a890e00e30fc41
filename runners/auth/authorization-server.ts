// A tiny OAuth authorization server the harness runs on 127.0.0.1 for authorization cases. It issues
// nothing through a flow: the harness mints opaque tokens with the claims a case needs, and the server
// under test learns what a token stands for from the introspection endpoint (RFC 7662).
//   GET  /.well-known/oauth-authorization-server   RFC 8414 metadata
//   POST /introspect                               form `token=...` → { active, aud, scope, exp, iss, client_id, ... }
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLoopback, readBody } from '../wire/loopback.js';

export interface TokenClaims {
  /** The resource (RFC 8707) the token is for: the canonical URL of the MCP endpoint. */
  aud: string;
  /** Space-separated scopes. */
  scope: string;
  /** Expiry, in seconds since the epoch (a NumericDate). */
  exp: number;
}

export type Introspection =
  | { active: false }
  | { active: true; aud: string; scope: string; exp: number; iat: number; iss: string; client_id: string; sub: string; token_type: 'Bearer' };

export const CLIENT_ID = 'mcp-conform';
const MAX_BODY_BYTES = 64 * 1024;

export class AuthorizationServer {
  private server: Server | undefined;
  private port = 0;
  private readonly issued = new Map<string, TokenClaims & { iat: number }>();
  /** How many introspection requests were answered (for tests and evidence). */
  introspections = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get issuer(): string {
    if (!this.server) throw new Error('the authorization server is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  get introspectionEndpoint(): string {
    return `${this.issuer}/introspect`;
  }

  get metadataUrl(): string {
    return `${this.issuer}/.well-known/oauth-authorization-server`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.route(req, res).catch(() => {
        if (!res.headersSent) json(res, 500, { error: 'server_error' });
        else res.destroy();
      });
    });
    this.port = await listenLoopback(server);
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Issues an opaque token standing for `claims`; only this server knows what it means. */
  mint(claims: TokenClaims): string {
    const token = `mcpc_${randomBytes(24).toString('base64url')}`;
    this.issued.set(token, { ...claims, iat: Math.floor(this.now() / 1000) });
    return token;
  }

  /** A token of the right shape that was never issued. */
  static garbage(): string {
    return `mcpc_${randomBytes(24).toString('base64url')}`;
  }

  /** RFC 7662: unknown and expired tokens are simply inactive, with nothing more said about them. */
  introspect(token: string): Introspection {
    const claims = this.issued.get(token);
    if (!claims || this.now() >= claims.exp * 1000) return { active: false };
    return {
      active: true,
      aud: claims.aud,
      scope: claims.scope,
      exp: claims.exp,
      iat: claims.iat,
      iss: this.issuer,
      client_id: CLIENT_ID,
      sub: 'mcp-conform-user',
      token_type: 'Bearer',
    };
  }

  metadata(): Record<string, unknown> {
    const issuer = this.issuer;
    return {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      introspection_endpoint: this.introspectionEndpoint,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      introspection_endpoint_auth_methods_supported: ['none'],
    };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/.well-known/oauth-authorization-server' || path === '/.well-known/openid-configuration') {
      if (req.method !== 'GET') return json(res, 405, { error: 'invalid_request' });
      return json(res, 200, this.metadata());
    }
    if (path === '/introspect') {
      if (req.method !== 'POST') return json(res, 405, { error: 'invalid_request' });
      const body = await readBody(req, MAX_BODY_BYTES);
      if (body === undefined) return json(res, 413, { error: 'invalid_request' });
      const token = tokenParam(body, req.headers['content-type']);
      if (token === undefined) return json(res, 400, { error: 'invalid_request', error_description: 'token is required' });
      this.introspections++;
      return json(res, 200, this.introspect(token));
    }
    // No interactive flow: tokens are minted by the harness, never obtained from here.
    if (path === '/authorize' || path === '/token') return json(res, 400, { error: 'unsupported_grant_type', error_description: 'mcp-conform mints its tokens; there is no flow' });
    return json(res, 404, { error: 'not_found' });
  }
}

/** The `token` parameter of a form body (RFC 7662), or of a JSON body for lenient clients. */
function tokenParam(body: string, contentType: string | undefined): string | undefined {
  if (contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json') {
    try {
      const parsed = JSON.parse(body) as { token?: unknown };
      return typeof parsed.token === 'string' && parsed.token !== '' ? parsed.token : undefined;
    } catch {
      return undefined;
    }
  }
  const token = new URLSearchParams(body).get('token');
  return token === null || token === '' ? undefined : token;
}


function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
