// What an authorization case knows: the URLs of the protected server and of the harness's
// authorization server, the scopes the server was told to require, and a fresh set of tokens.
// Scenarios read them as `${auth.*}` variables (README.md, "Authorization scenarios").
import { AuthorizationServer } from './authorization-server.js';

/** The scope every request to the MCP endpoint needs in auth mode. */
export const REQUIRED_SCOPE = 'mcp:tools';
/** A broader scope that implies every `mcp:*` scope, REQUIRED_SCOPE included (a scope hierarchy). */
export const BROAD_SCOPE = 'mcp';
/** A scope the server knows but that does not allow calling the endpoint. */
export const OTHER_SCOPE = 'mcp:prompts';
/** The resource a wrong-audience token is issued for. */
export const OTHER_RESOURCE = 'https://other-resource.mcp-conform.invalid/mcp';
/** How long a short-lived token lives at most (it expires 2 to 3 seconds after it is minted). */
export const SHORT_LIVED_SECONDS = 3;

export interface CaseAuth {
  /** Flat `${auth.*}` variables. */
  vars: Record<string, string>;
  /** The token every request of the case carries unless a step says otherwise. */
  validToken: string;
}

/** The PRM well-known URLs of RFC 9728 section 3.1 for a resource: path-inserted, and at the root. */
export function metadataUrls(resource: string): { path: string; root: string } {
  const u = new URL(resource);
  const tail = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  return { path: `${u.origin}/.well-known/oauth-protected-resource${tail}`, root: `${u.origin}/.well-known/oauth-protected-resource` };
}

/** Mints the tokens of one case against the resource `resource` (the canonical URL of the endpoint). */
export function mintCaseAuth(as: AuthorizationServer, resource: string, now = Date.now()): CaseAuth {
  const nowSeconds = Math.floor(now / 1000);
  const hour = nowSeconds + 3600;
  const tokens = {
    valid: as.mint({ aud: resource, scope: REQUIRED_SCOPE, exp: hour }),
    wrongAudience: as.mint({ aud: OTHER_RESOURCE, scope: REQUIRED_SCOPE, exp: hour }),
    expired: as.mint({ aud: resource, scope: REQUIRED_SCOPE, exp: nowSeconds - 60 }),
    shortLived: as.mint({ aud: resource, scope: REQUIRED_SCOPE, exp: nowSeconds + SHORT_LIVED_SECONDS }),
    insufficientScope: as.mint({ aud: resource, scope: OTHER_SCOPE, exp: hour }),
    broadScope: as.mint({ aud: resource, scope: BROAD_SCOPE, exp: hour }),
    garbage: AuthorizationServer.garbage(),
  };
  const urls = metadataUrls(resource);
  const vars: Record<string, string> = {
    'auth.resource': resource,
    'auth.issuer': as.issuer,
    'auth.scope': REQUIRED_SCOPE,
    'auth.broadScope': BROAD_SCOPE,
    'auth.metadataPathUrl': urls.path,
    'auth.metadataRootUrl': urls.root,
  };
  for (const [name, token] of Object.entries(tokens)) vars[`auth.tokens.${name}`] = token;
  return { vars, validToken: tokens.valid };
}

/** The values an adapter manifest's `server.http.auth.env` placeholders are replaced with. */
export function authPlaceholders(as: AuthorizationServer, resource: string, port: number, path: string): Record<string, string> {
  return {
    '{introspection}': as.introspectionEndpoint,
    '{issuer}': as.issuer,
    '{scope}': REQUIRED_SCOPE,
    '{broadScope}': BROAD_SCOPE,
    '{resource}': resource,
    '{port}': String(port),
    '{path}': path,
  };
}

export function fillPlaceholders(text: string, values: Record<string, string>): string {
  let out = text;
  for (const [key, value] of Object.entries(values)) out = out.replaceAll(key, value);
  return out;
}
