import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../runners/errors.js';
import { businessHoursBetween, githubEvidence, parseRepo } from './github.js';

// Thursday noon: the 90-day window starts on Friday 2025-03-14 at noon.
const NOW = new Date('2025-06-12T12:00:00Z');
const RESET = Date.UTC(2025, 5, 12, 13, 0, 0) / 1000;

type Answer = { status?: number; headers?: Record<string, string>; body?: unknown } | 'hang';
type Route = (path: string, query: URLSearchParams) => Answer;

const issue = (number: number, created: string, extra: Record<string, unknown> = {}) => ({
  number,
  user: { login: 'alice' },
  created_at: created,
  closed_at: null,
  state: 'open',
  ...extra,
});
const event = (number: number, kind: string, at: string, actor = 'maint') => ({ event: kind, created_at: at, actor: { login: actor }, issue: { number } });
const comment = (number: number, login: string, at: string) => ({ issue_url: `${base}/repos/acme/sdk/issues/${number}`, user: { login }, created_at: at });
const release = (tag: string, published: string | null, extra: Record<string, unknown> = {}) => ({
  tag_name: tag,
  published_at: published,
  draft: false,
  prerelease: false,
  html_url: `https://github.com/acme/sdk/releases/tag/${tag}`,
  ...extra,
});

// Newest created first, as asked for with sort=created&direction=desc.
const TRIAGE_ISSUES = [
  issue(105, '2025-06-12T11:00:00Z'), // untriaged, an hour old: not due yet
  issue(104, '2025-06-09T12:00:00Z'), // untriaged since Monday noon: 72 business hours, overdue
  issue(101, '2025-06-02T09:00:00Z'), // labelled six hours later
  issue(106, '2025-06-01T10:00:00Z', { pull_request: { url: 'x' } }), // a pull request
  issue(108, '2025-05-30T18:00:00Z'), // Friday evening, labelled Monday 09:00: 15 business hours
  issue(103, '2025-05-20T08:00:00Z', { state: 'closed', closed_at: '2025-05-20T20:00:00Z' }), // closed the same day, no label
  issue(102, '2025-05-05T10:00:00Z'), // only its author answered; labelled five business days later
  issue(110, '2025-04-16T10:00:00Z'), // answered by a maintainer two hours later
  issue(109, '2025-04-01T10:00:00Z'), // never triaged, older than a month
  issue(111, '2025-03-20T10:00:00Z'), // labelled after 42 days
  issue(107, '2025-03-01T10:00:00Z'), // created before the window (updated inside it)
];
const EVENTS_PAGE_1 = [
  event(104, 'mentioned', '2025-06-09T13:00:00Z'),
  event(101, 'labeled', '2025-06-02T15:00:00Z'),
  event(108, 'labeled', '2025-06-02T09:00:00Z'),
  event(106, 'labeled', '2025-06-01T11:00:00Z'),
];
const EVENTS_PAGE_2 = [
  event(103, 'closed', '2025-05-20T20:00:00Z'),
  event(102, 'labeled', '2025-05-12T10:00:00Z'),
  event(111, 'labeled', '2025-05-01T10:00:00Z'),
  event(107, 'labeled', '2025-03-01T11:00:00Z'),
];
const P0_ISSUES = [
  issue(205, '2025-06-11T00:00:00Z', { pull_request: { url: 'x' } }),
  issue(204, '2025-06-10T12:00:00Z'), // open for 2 days
  issue(203, '2025-05-23T12:00:00Z'), // open for 20 days
  issue(201, '2025-05-01T00:00:00Z', { state: 'closed', closed_at: '2025-05-04T00:00:00Z' }), // 3 days
  issue(202, '2025-04-01T00:00:00Z', { state: 'closed', closed_at: '2025-04-11T00:00:00Z' }), // 10 days
  issue(206, '2024-01-01T00:00:00Z', { state: 'closed', closed_at: '2024-01-05T00:00:00Z' }), // long ago, 4 days
];

const sdk: Route = (path, query) => {
  if (path === '/issues') return { body: query.get('labels') === 'P0' ? P0_ISSUES : TRIAGE_ISSUES };
  if (path === '/issues/events') {
    if (query.get('page') === '2') return { body: EVENTS_PAGE_2 };
    const page2 = `${base}/repos/acme/sdk/issues/events?per_page=100&page=2`;
    return { body: EVENTS_PAGE_1, headers: { link: `<${page2}>; rel="next", <${page2}>; rel="last"` } };
  }
  if (path === '/issues/comments') {
    return {
      body: [
        comment(110, 'maint', '2025-04-16T12:00:00Z'),
        comment(102, 'alice', '2025-05-05T11:00:00Z'),
        comment(105, 'maint', '2025-06-12T13:00:00Z'), // after "now": has not happened yet
      ],
    };
  }
  if (path === '/releases') {
    return {
      body: [
        release('v2.1.0', '2025-06-01T00:00:00Z', { prerelease: true }),
        release('v3.0.0', null, { draft: true }),
        release('v2.0.0-rc.1', '2025-05-25T00:00:00Z'),
        release('v1.9.5', '2025-05-20T00:00:00Z'),
        release('v1.10.0', '2025-04-10T08:30:00Z'),
        release('v1.2.0', '2024-12-01T00:00:00Z'),
        release('nightly', '2025-06-11T00:00:00Z'),
      ],
    };
  }
  return {};
};

const releasesOnly =
  (releases: unknown[]): Route =>
  (path) =>
    path === '/releases' ? { body: releases } : {};

const ROUTES: Record<string, Route> = {
  'acme/sdk': sdk,
  'acme/empty': () => ({}),
  'acme/zero': releasesOnly([release('v0.10.1', '2025-06-01T00:00:00Z'), release('v0.9.0', '2025-05-01T00:00:00Z')]),
  'acme/mono': releasesOnly([
    release('python-v2.0.0-beta.2', '2025-06-01T00:00:00Z'),
    release('v1.4', '2025-05-30T00:00:00Z'),
    release('mcp-1.4.0', '2025-05-20T00:00:00Z'),
    release('sdk-v1.3.0', '2025-05-10T00:00:00Z'),
    release('@scope/pkg@1.2.3', '2025-05-01T00:00:00Z'),
    release('1.3.9', '2025-04-01T00:00:00Z'),
  ]),
  'acme/limited': () => ({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(RESET) }, body: { message: 'API rate limit exceeded' } }),
  'acme/flaky': (path) => (path === '/releases' ? { status: 500, body: { message: 'Server Error' } } : {}),
  'acme/slow': () => 'hang',
};

let server: Server;
let base: string;
const seen: { url: URL; headers: IncomingHttpHeaders }[] = [];
const seenFor = (repo: string) => seen.filter((s) => s.url.pathname.startsWith(`/repos/${repo}/`));

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    seen.push({ url, headers: req.headers });
    const m = /^\/repos\/([^/]+\/[^/]+)(\/.*)$/.exec(url.pathname);
    const route = m?.[1] ? ROUTES[m[1]] : undefined;
    const answer: Answer = route ? route(m?.[2] ?? '', url.searchParams) : { status: 404, body: { message: 'Not Found' } };
    if (answer === 'hang') return;
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body ?? []));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
  // The developer's own environment must not leak into the fake API's requests.
  vi.stubEnv('GITHUB_TOKEN', '');
  vi.stubEnv('MCP_CONFORM_GITHUB_API', '');
});
afterEach(() => vi.unstubAllEnvs());

const measure = (repo: string, extra: Partial<Parameters<typeof githubEvidence>[1]> = {}) => githubEvidence(repo, { apiBase: base, now: NOW, ...extra });

describe('businessHoursBetween', () => {
  it('counts only Monday–Friday time (UTC)', () => {
    expect(businessHoursBetween(new Date('2025-05-30T12:00:00Z'), new Date('2025-06-02T12:00:00Z'))).toBe(24); // Fri → Mon
    expect(businessHoursBetween(new Date('2025-05-30T18:00:00Z'), new Date('2025-06-02T09:00:00Z'))).toBe(15);
    expect(businessHoursBetween(new Date('2025-06-02T09:00:00Z'), new Date('2025-06-02T11:30:00Z'))).toBe(2.5);
    expect(businessHoursBetween(new Date('2025-05-31T00:00:00Z'), new Date('2025-06-02T00:00:00Z'))).toBe(0); // a weekend
    expect(businessHoursBetween(new Date('2025-05-05T10:00:00Z'), new Date('2025-05-12T10:00:00Z'))).toBe(120);
  });

  it('is 0 when the end is not after the start', () => {
    expect(businessHoursBetween(new Date('2025-06-03T00:00:00Z'), new Date('2025-06-02T00:00:00Z'))).toBe(0);
  });
});

describe('parseRepo', () => {
  it('accepts OWNER/REPO and github.com URLs', () => {
    expect(parseRepo('modelcontextprotocol/typescript-sdk')).toEqual({ owner: 'modelcontextprotocol', name: 'typescript-sdk' });
    expect(parseRepo('https://github.com/acme/my.sdk')).toEqual({ owner: 'acme', name: 'my.sdk' });
    expect(parseRepo('https://github.com/acme/sdk.git')).toEqual({ owner: 'acme', name: 'sdk' });
    expect(parseRepo(' https://github.com/acme/sdk/ ')).toEqual({ owner: 'acme', name: 'sdk' });
  });

  it('throws a UsageError naming the expected forms otherwise', () => {
    for (const bad of ['acme', 'acme/sdk/tree/main', 'https://gitlab.com/acme/sdk', 'acme/..', '']) {
      expect(() => parseRepo(bad)).toThrow(UsageError);
    }
    expect(() => parseRepo('acme')).toThrow('"acme" is not a GitHub repository: give OWNER/REPO or https://github.com/OWNER/REPO.');
  });
});

describe('githubEvidence', () => {
  it('measures triage, P0 resolution and the latest stable release', async () => {
    const { evidence, problems } = await measure('acme/sdk');
    expect(problems).toEqual([]);
    expect(evidence).toEqual({
      asOf: '2025-06-12',
      source: `GitHub API ${base} for acme/sdk`,
      // Counted: 101 102 103 104 108 109 110 111. Within 2 business days: 101 103 108 110. Within a month: those and 102 104.
      triage: { issues: 8, within2BusinessDays: 4, withinOneMonth: 6, since: '2025-03-14', url: 'https://github.com/acme/sdk/issues' },
      p0: { issues: 5, within7Days: 3, within14Days: 4, url: 'https://github.com/acme/sdk/issues?q=label%3AP0' },
      stableRelease: { latest: '1.10.0', releasedAt: '2025-04-10', url: 'https://github.com/acme/sdk/releases/tag/v1.10.0' },
    });
  });

  it('asks for the documented listings and follows rel="next"', async () => {
    await measure('acme/sdk');
    const asked = seenFor('acme/sdk').map((s) => `${s.url.pathname}?${s.url.searchParams}`);
    expect(asked).toEqual([
      '/repos/acme/sdk/releases?per_page=100',
      '/repos/acme/sdk/issues?labels=P0&state=all&per_page=100',
      '/repos/acme/sdk/issues?state=all&since=2025-03-14T12%3A00%3A00.000Z&sort=created&direction=desc&per_page=100',
      '/repos/acme/sdk/issues/events?per_page=100',
      '/repos/acme/sdk/issues/events?per_page=100&page=2',
      '/repos/acme/sdk/issues/comments?since=2025-03-14T12%3A00%3A00.000Z&per_page=100',
    ]);
  });

  it('says so when maxPages cuts a listing short, and measures on what it read', async () => {
    const { evidence, problems } = await measure('acme/sdk', { maxPages: 1 });
    // Without the second events page, 102 looks untriaged and is 38 days old.
    expect(evidence.triage).toMatchObject({ issues: 8, within2BusinessDays: 4, withinOneMonth: 5 });
    expect(problems).toEqual([
      'GitHub API listing /issues/events for acme/sdk has more than 1 page(s) (maxPages); triage was measured on the first 100 items only',
    ]);
  });

  it('reads versions out of prefixed tags and ignores tags without MAJOR.MINOR.PATCH', async () => {
    const { evidence } = await measure('acme/mono');
    expect(evidence.stableRelease).toEqual({ latest: '1.4.0', releasedAt: '2025-05-20', url: 'https://github.com/acme/sdk/releases/tag/mcp-1.4.0' });
  });

  it('reports latest: null when only 0.x releases exist, and when there are none', async () => {
    expect((await measure('acme/zero')).evidence.stableRelease).toEqual({ latest: null });
    const empty = await measure('acme/empty');
    expect(empty.evidence.stableRelease).toEqual({ latest: null });
    expect(empty.evidence.triage).toEqual({ issues: 0, within2BusinessDays: 0, withinOneMonth: 0, since: '2025-03-14', url: 'https://github.com/acme/empty/issues' });
    expect(empty.problems).toEqual([]);
  });

  it('sends the GitHub headers, and Authorization only when a token is given', async () => {
    await measure('acme/empty', { token: 'secret-token' });
    expect(seen.length).toBeGreaterThan(0);
    for (const { headers } of seen) {
      expect(headers).toMatchObject({ accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'mcp-conform', authorization: 'Bearer secret-token' });
    }
    seen.length = 0;
    await measure('acme/empty');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.headers.authorization !== undefined)).toEqual([]);
  });

  it('takes the token and the API base from the environment by default', async () => {
    vi.stubEnv('GITHUB_TOKEN', 'env-token');
    vi.stubEnv('MCP_CONFORM_GITHUB_API', base);
    const { evidence } = await githubEvidence('acme/zero', { now: NOW });
    expect(evidence.source).toBe(`GitHub API ${base} for acme/zero`);
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer env-token', 'Bearer env-token', 'Bearer env-token']);
  });

  it('stops at a rate limit with one sentence that names the reset and GITHUB_TOKEN', async () => {
    const result = await measure('acme/limited');
    expect(result).toEqual({
      evidence: { asOf: '2025-06-12', source: `GitHub API ${base} for acme/limited` },
      problems: [
        'GitHub API rate limit reached (403, resets at 2025-06-12T13:00:00.000Z): triage, p0 and stable release not measured; set GITHUB_TOKEN to a GitHub token for a higher limit (60 requests an hour without one)',
      ],
    });
    expect(seenFor('acme/limited')).toHaveLength(1);
  });

  it('reports a missing repository once', async () => {
    const { evidence, problems } = await measure('https://github.com/acme/missing.git');
    expect(problems).toEqual(['repository acme/missing not found (404): triage, p0 and stable release not measured; if it is private, set GITHUB_TOKEN']);
    expect(evidence).toEqual({ asOf: '2025-06-12', source: `GitHub API ${base} for acme/missing` });
    expect(seen).toHaveLength(1);
  });

  it('loses only the leg whose request failed', async () => {
    const { evidence, problems } = await measure('acme/flaky');
    expect(problems).toEqual(['GitHub API answered 500 to GET /repos/acme/flaky/releases (Server Error): stable release not measured']);
    expect(evidence.stableRelease).toBeUndefined();
    expect(evidence.p0).toEqual({ issues: 0, within7Days: 0, within14Days: 0, url: 'https://github.com/acme/flaky/issues?q=label%3AP0' });
    expect(evidence.triage).toMatchObject({ issues: 0 });
  });

  it('gives up on an API that does not answer within timeoutMs, once', async () => {
    const started = Date.now();
    const result = await measure('acme/slow', { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toEqual({
      evidence: { asOf: '2025-06-12', source: `GitHub API ${base} for acme/slow` },
      problems: [`GitHub API unreachable at ${base}/ (no answer within 300 ms): triage, p0 and stable release not measured`],
    });
  });

  it('reports an unreachable API once, leaves every leg out and does not throw', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const started = Date.now();
    const { evidence, problems } = await githubEvidence('acme/sdk', { apiBase: `http://127.0.0.1:${port}`, now: NOW, timeoutMs: 5000 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBe(`GitHub API unreachable at http://127.0.0.1:${port}/ (connect ECONNREFUSED): triage, p0 and stable release not measured`);
    expect(evidence).toEqual({ asOf: '2025-06-12', source: `GitHub API http://127.0.0.1:${port} for acme/sdk` });
  });
});
