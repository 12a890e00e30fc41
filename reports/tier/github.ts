// The SEP-1730 tier legs the GitHub REST API can answer without judgment: how fast issues are triaged,
// how fast P0 issues are resolved, and the newest stable release. Network and HTTP problems never throw:
// a leg that could not be measured is left out of the evidence and explained in `problems`.
import { UsageError } from '../../runners/errors.js';
import type { TierEvidence } from './model.js';

export interface GithubOptions {
  /** Defaults to $MCP_CONFORM_GITHUB_API, then https://api.github.com. */
  apiBase?: string;
  /** Defaults to $GITHUB_TOKEN; without one GitHub allows 60 requests an hour. */
  token?: string;
  now: Date;
  /** Triage looks at issues created in the last windowDays days (default 90). */
  windowDays?: number;
  /** Per request (default 10000). */
  timeoutMs?: number;
  /** Per listing, at 100 items a page (default 10). */
  maxPages?: number;
}

type Json = Record<string, unknown>;
type LegName = 'triage' | 'p0' | 'stable release';
type Triage = NonNullable<TierEvidence['triage']>;
type P0 = NonNullable<TierEvidence['p0']>;
type StableRelease = NonNullable<TierEvidence['stableRelease']>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TRIAGE_BUSINESS_HOURS = 48;
const MONTH_DAYS = 30;
const PER_PAGE = '100';
/** How legs are named in problem sentences, whatever order they run in. */
const LEG_ORDER: LegName[] = ['triage', 'p0', 'stable release'];

/** The host, the credentials or the repository are unusable: every leg not yet measured stays unmeasured. */
class Fatal extends Error {
  constructor(
    message: string,
    readonly advice?: string,
  ) {
    super(message);
  }
}

/** Only the leg being measured is lost; the others may still succeed. */
class LegFailure extends Error {}

export async function githubEvidence(repo: string, opts: GithubOptions): Promise<{ evidence: TierEvidence; problems: string[] }> {
  const { owner, name } = parseRepo(repo);
  const now = opts.now.getTime();
  if (Number.isNaN(now)) throw new UsageError('githubEvidence: `now` is not a valid date.');
  const base = apiBaseOf(opts.apiBase ?? (process.env.MCP_CONFORM_GITHUB_API || 'https://api.github.com'));
  const windowDays = positive(opts.windowDays ?? 90, 'windowDays');
  const api = new Api(base, owner, name, opts.token ?? process.env.GITHUB_TOKEN, positive(opts.timeoutMs ?? 10_000, 'timeoutMs'), positive(opts.maxPages ?? 10, 'maxPages'));

  const evidence: TierEvidence = { asOf: isoDay(now), source: `GitHub API ${base} for ${owner}/${name}` };
  const problems: string[] = [];
  // Cheapest first, so a tight rate limit still leaves the most legs measured.
  const jobs: { leg: LegName; measure: (notes: string[]) => Promise<void> }[] = [
    {
      leg: 'stable release',
      measure: async (notes) => {
        evidence.stableRelease = await measureStableRelease(api, notes);
      },
    },
    {
      leg: 'p0',
      measure: async (notes) => {
        evidence.p0 = await measureP0(api, now, notes);
      },
    },
    {
      leg: 'triage',
      measure: async (notes) => {
        evidence.triage = await measureTriage(api, now, windowDays, notes);
      },
    },
  ];
  const pending = new Set<LegName>(jobs.map((j) => j.leg));
  for (const job of jobs) {
    const notes: string[] = [];
    try {
      await job.measure(notes);
      pending.delete(job.leg);
      problems.push(...notes);
    } catch (err) {
      if (err instanceof Fatal) {
        problems.push(`${err.message}: ${legList([...pending])} not measured${err.advice ? `; ${err.advice}` : ''}`);
        break;
      }
      if (!(err instanceof LegFailure)) throw err;
      pending.delete(job.leg);
      problems.push(`${err.message}: ${job.leg} not measured`);
    }
  }
  return { evidence, problems };
}

/** Milliseconds between the two moments that fall on Monday–Friday (UTC), in hours; 0 when `to` is not after `from`. */
export function businessHoursBetween(from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) return NaN;
  let ms = 0;
  for (let cursor = start; cursor < end; ) {
    const stop = Math.min((Math.floor(cursor / DAY) + 1) * DAY, end);
    const weekday = new Date(cursor).getUTCDay();
    if (weekday !== 0 && weekday !== 6) ms += stop - cursor;
    cursor = stop;
  }
  return ms / HOUR;
}

const OWNER = '[A-Za-z0-9][A-Za-z0-9-]{0,38}';
const NAME = '[A-Za-z0-9._-]{1,100}';
const SHORT_FORM = new RegExp(`^(${OWNER})/(${NAME})$`);
// Lazy name so a trailing ".git" is left for the optional group.
const URL_FORM = new RegExp(`^https?://(?:www\\.)?github\\.com/(${OWNER})/(${NAME}?)(?:\\.git)?/?$`, 'i');

export function parseRepo(text: string): { owner: string; name: string } {
  const trimmed = text.trim();
  const m = SHORT_FORM.exec(trimmed) ?? URL_FORM.exec(trimmed);
  const owner = m?.[1];
  const name = m?.[2];
  if (!owner || !name || name === '.' || name === '..') {
    throw new UsageError(`"${text}" is not a GitHub repository: give OWNER/REPO or https://github.com/OWNER/REPO.`);
  }
  return { owner, name };
}

// ---------------------------------------------------------------------------------------------------------
// Legs

async function measureStableRelease(api: Api, notes: string[]): Promise<StableRelease> {
  const { items, truncated } = await api.list('/releases', {});
  if (truncated) notes.push(api.cutNote('/releases', 'stable release'));
  let best: { version: Version; release: Json } | undefined;
  for (const release of items) {
    if (release.draft === true || release.prerelease === true) continue;
    const version = versionOfTag(release.tag_name);
    if (!version || version.major < 1 || version.pre !== undefined) continue;
    // Listings are newest first, so on a tie the newer release of the same version is kept.
    if (!best || compareVersions(version, best.version) > 0) best = { version, release };
  }
  if (!best) return { latest: null };
  const out: StableRelease = { latest: best.version.text };
  const published = timeOf(best.release.published_at);
  if (published !== undefined) out.releasedAt = isoDay(published);
  if (typeof best.release.html_url === 'string') out.url = best.release.html_url;
  return out;
}

async function measureP0(api: Api, now: number, notes: string[]): Promise<P0> {
  const { items, truncated } = await api.list('/issues', { labels: 'P0', state: 'all' });
  if (truncated) notes.push(api.cutNote('/issues?labels=P0', 'p0'));
  const issues = items.map(toIssue).filter((i): i is Issue => i !== undefined && !i.pull && i.created <= now);
  return {
    issues: issues.length,
    within7Days: issues.filter((i) => resolvedWithin(i, 7, now)).length,
    within14Days: issues.filter((i) => resolvedWithin(i, 14, now)).length,
    url: `https://github.com/${api.owner}/${api.name}/issues?q=label%3AP0`,
  };
}

/** Closed within N×24 h of creation, or still open but younger than N days (not yet late). */
function resolvedWithin(issue: Issue, days: number, now: number): boolean {
  const closed = issue.closed !== undefined && issue.closed <= now ? issue.closed : undefined;
  return closed !== undefined ? closed - issue.created <= days * DAY : now - issue.created < days * DAY;
}

async function measureTriage(api: Api, now: number, windowDays: number, notes: string[]): Promise<Triage> {
  const start = now - windowDays * DAY;
  const since = new Date(start).toISOString();
  // `since` filters on update time, so older issues still come back; newest-created first lets paging stop at the window's edge.
  const listed = await api.list('/issues', { state: 'all', since, sort: 'created', direction: 'desc' }, (page) =>
    page.every((item) => (timeOf(item.created_at) ?? 0) >= start),
  );
  if (listed.truncated) notes.push(api.cutNote('/issues', 'triage'));
  const issues = listed.items.map(toIssue).filter((i): i is Issue => i !== undefined && !i.pull && i.created >= start && i.created <= now);
  const result: Triage = { issues: 0, within2BusinessDays: 0, withinOneMonth: 0, since: isoDay(start), url: `https://github.com/${api.owner}/${api.name}/issues` };
  if (issues.length === 0) return result;

  const moments = new TriageMoments(now);
  for (const issue of issues) moments.add(issue.number, issue.closed);
  // Repository events come newest first; a page wholly before the window means the rest is older still.
  const events = await api.list('/issues/events', {}, (page) => page.some((e) => (timeOf(e.created_at) ?? 0) >= start));
  if (events.truncated) notes.push(api.cutNote('/issues/events', 'triage'));
  for (const event of events.items) {
    if (event.event === 'labeled' || event.event === 'closed') moments.add(numberOf(get(event, 'issue', 'number')), timeOf(event.created_at));
  }
  const authors = new Map(issues.map((i) => [i.number, i.author]));
  const comments = await api.list('/issues/comments', { since });
  if (comments.truncated) notes.push(api.cutNote('/issues/comments', 'triage'));
  for (const comment of comments.items) {
    const number = issueNumberOfUrl(comment.issue_url);
    const commenter = get(comment, 'user', 'login');
    // A bot's greeting is not a maintainer looking at the issue.
    if (number === undefined || !authors.has(number) || commenter === authors.get(number) || get(comment, 'user', 'type') === 'Bot') continue;
    moments.add(number, timeOf(comment.created_at));
  }
  return { ...result, ...countTriage(issues, moments, now) };
}

/**
 * An issue still untriaged after less than 48 business hours is not yet due and is left out entirely.
 * For the one-month threshold an untriaged issue younger than 30 days counts as within it: it is not late yet.
 */
function countTriage(issues: Issue[], moments: TriageMoments, now: number): Pick<Triage, 'issues' | 'within2BusinessDays' | 'withinOneMonth'> {
  const counts = { issues: 0, within2BusinessDays: 0, withinOneMonth: 0 };
  for (const issue of issues) {
    const triaged = moments.get(issue.number);
    const created = new Date(issue.created);
    if (triaged === undefined && businessHoursBetween(created, new Date(now)) < TRIAGE_BUSINESS_HOURS) continue;
    counts.issues++;
    if (triaged !== undefined && businessHoursBetween(created, new Date(triaged)) <= TRIAGE_BUSINESS_HOURS) counts.within2BusinessDays++;
    const monthEnd = issue.created + MONTH_DAYS * DAY;
    if (triaged !== undefined ? triaged <= monthEnd : now < monthEnd) counts.withinOneMonth++;
  }
  return counts;
}

/** The earliest triage moment per issue; moments after `now` have not happened yet as far as the report goes. */
class TriageMoments {
  private readonly earliest = new Map<number, number>();
  constructor(private readonly now: number) {}

  add(issue: number | undefined, at: number | undefined): void {
    if (issue === undefined || at === undefined || at > this.now) return;
    const known = this.earliest.get(issue);
    if (known === undefined || at < known) this.earliest.set(issue, at);
  }

  get(issue: number): number | undefined {
    return this.earliest.get(issue);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Parsing GitHub's answers

interface Issue {
  number: number;
  author: string | undefined;
  created: number;
  closed: number | undefined;
  pull: boolean;
}

function toIssue(item: Json): Issue | undefined {
  const number = numberOf(item.number);
  const created = timeOf(item.created_at);
  if (number === undefined || created === undefined) return undefined;
  const author = get(item, 'user', 'login');
  return {
    number,
    author: typeof author === 'string' ? author : undefined,
    created,
    closed: timeOf(item.closed_at),
    pull: item.pull_request !== undefined && item.pull_request !== null,
  };
}

interface Version {
  major: number;
  minor: number;
  patch: number;
  pre?: string;
  /** MAJOR.MINOR.PATCH without prefix, pre-release or build metadata. */
  text: string;
}

// The version ends the tag and follows its start or a separator: v1.2.3, sdk-v1.2.3, @scope/pkg@1.2.3, mcp-1.2.3.
const TAG_VERSION = /(?:^|[-_/@])[vV]?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function versionOfTag(tag: unknown): Version | undefined {
  if (typeof tag !== 'string') return undefined;
  const m = TAG_VERSION.exec(tag.trim());
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  const version: Version = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), text: `${m[1]}.${m[2]}.${m[3]}` };
  if (m[4] !== undefined) version.pre = m[4];
  return version;
}

function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

function issueNumberOfUrl(url: unknown): number | undefined {
  const m = typeof url === 'string' ? /\/issues\/(\d+)$/.exec(url) : null;
  return m?.[1] ? Number(m[1]) : undefined;
}

const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function get(item: Json, ...path: string[]): unknown {
  let value: unknown = item;
  for (const key of path) value = isJson(value) ? value[key] : undefined;
  return value;
}

const numberOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

function timeOf(v: unknown): number | undefined {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function legList(legs: LegName[]): string {
  const names = LEG_ORDER.filter((l) => legs.includes(l));
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function positive(value: number, option: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`githubEvidence: ${option} must be a positive number, got ${value}.`);
  return value;
}

function apiBaseOf(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`GitHub API base "${text}" is not a URL (check apiBase or MCP_CONFORM_GITHUB_API).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`GitHub API base "${text}" must be an http(s) URL.`);
  return text.replace(/\/+$/, '');
}

// ---------------------------------------------------------------------------------------------------------
// HTTP

class Api {
  private readonly headers: Record<string, string>;
  private readonly origin: string;

  constructor(
    private readonly base: string,
    readonly owner: string,
    readonly name: string,
    private readonly token: string | undefined,
    private readonly timeoutMs: number,
    private readonly maxPages: number,
  ) {
    this.origin = new URL(base).origin;
    this.headers = { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28', 'User-Agent': 'mcp-conform' };
    if (token) this.headers.Authorization = `Bearer ${token}`;
  }

  /**
   * Every item of a repository listing, following rel="next" up to maxPages pages. `keepGoing` sees each page
   * and may end the listing early; `truncated` says pages were left unread because of maxPages.
   */
  async list(path: string, query: Record<string, string>, keepGoing?: (page: Json[]) => boolean): Promise<{ items: Json[]; truncated: boolean }> {
    const items: Json[] = [];
    let url: URL | undefined = new URL(`${this.base}/repos/${this.owner}/${this.name}${path}?${new URLSearchParams({ ...query, per_page: PER_PAGE })}`);
    for (let pages = 0; url; pages++) {
      if (pages === this.maxPages) return { items, truncated: true };
      const { page, next } = await this.getPage(url);
      items.push(...page);
      if (keepGoing && !keepGoing(page)) break;
      url = next === undefined ? undefined : this.sameOrigin(next, url);
    }
    return { items, truncated: false };
  }

  cutNote(listing: string, leg: LegName): string {
    return `GitHub API listing ${listing} for ${this.owner}/${this.name} has more than ${this.maxPages} page(s) (maxPages); ${leg} was measured on the first ${this.maxPages * Number(PER_PAGE)} items only`;
  }

  private async getPage(url: URL): Promise<{ page: Json[]; next: string | undefined }> {
    const what = `GET ${url.pathname}`;
    let res: Response;
    let body: string;
    try {
      res = await fetch(url, { headers: this.headers, signal: AbortSignal.timeout(this.timeoutMs) });
      body = await res.text();
    } catch (err) {
      throw new Fatal(`GitHub API unreachable at ${new URL(`${this.base}/`).href} (${this.networkReason(err)})`);
    }
    if (!res.ok) throw this.httpFailure(res, what, body);
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      throw new LegFailure(`GitHub API answered ${what} with a body that is not JSON`);
    }
    if (!Array.isArray(data)) throw new LegFailure(`GitHub API answered ${what} with something other than a list`);
    return { page: data.filter(isJson), next: nextLink(res.headers.get('link')) };
  }

  private httpFailure(res: Response, what: string, body: string): Error {
    const repo = `${this.owner}/${this.name}`;
    if (res.status === 429 || (res.status === 403 && (res.headers.get('x-ratelimit-remaining') === '0' || res.headers.has('retry-after')))) {
      const advice = this.token
        ? 'the quota of the GITHUB_TOKEN in use is spent: wait for the reset or use another GITHUB_TOKEN'
        : 'set GITHUB_TOKEN to a GitHub token for a higher limit (60 requests an hour without one)';
      return new Fatal(`GitHub API rate limit reached (${res.status}${rateLimitWhen(res)})`, advice);
    }
    if (res.status === 401) return new Fatal(`GitHub API rejected the credentials (401)`, 'check GITHUB_TOKEN');
    if (res.status === 404) return new Fatal(`repository ${repo} not found (404)`, this.token ? undefined : 'if it is private, set GITHUB_TOKEN');
    const message = githubMessage(body);
    return new LegFailure(`GitHub API answered ${res.status} to ${what}${message ? ` (${message})` : ''}`);
  }

  private networkReason(err: unknown): string {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${this.timeoutMs} ms`;
    const cause = err instanceof Error ? err.cause : undefined;
    if (isJson(cause) || cause instanceof Error) {
      const { code, syscall, message } = cause as { code?: unknown; syscall?: unknown; message?: unknown };
      if (typeof code === 'string') return typeof syscall === 'string' ? `${syscall} ${code}` : code;
      if (typeof message === 'string' && message) return message;
    }
    return err instanceof Error ? err.message : String(err);
  }

  /** Never send the token to another host, whatever a Link header says. */
  private sameOrigin(next: string, current: URL): URL {
    const url = new URL(next, current);
    if (url.origin !== this.origin) throw new LegFailure(`GitHub API pointed the next page of ${current.pathname} at another host (${url.origin})`);
    return url;
  }
}

function nextLink(header: string | null): string | undefined {
  for (const part of header?.split(',') ?? []) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    const rel = m?.[2] ? /;\s*rel="?([^";]*)"?/.exec(m[2])?.[1] : undefined;
    if (m?.[1] && rel?.split(/\s+/).includes('next')) return m[1];
  }
  return undefined;
}

function rateLimitWhen(res: Response): string {
  const reset = res.headers.get('x-ratelimit-reset');
  if (reset && /^\d+$/.test(reset)) return `, resets at ${new Date(Number(reset) * 1000).toISOString()}`;
  const retry = res.headers.get('retry-after');
  return retry && /^\d+$/.test(retry) ? `, retry after ${retry} s` : '';
}

function githubMessage(body: string): string | undefined {
  try {
    const data: unknown = JSON.parse(body);
    return isJson(data) && typeof data.message === 'string' ? data.message : undefined;
  } catch {
    return undefined;
  }
}
