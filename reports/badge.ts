// Tier badges: a shields.io endpoint document and a self-contained SVG for one SDK's tier report.
import type { Tier, TierReport } from './tier/model.js';
import { stripIllegal, xmlAttr, xmlText } from './xml.js';
import { safeName } from './safe-name.js';

export interface ShieldsEndpoint {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
  isError?: boolean;
  cacheSeconds?: number;
}

export interface Badge {
  endpoint: ShieldsEndpoint;
  svg: string;
  stale: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CACHE_SECONDS = 3600;
const SEP = ' · ';

/** Named colours as shields.io knows them; the SVG needs the hex, the endpoint document the name. */
const GREY = '#9f9f9f';
const COLORS = new Map<string, string>([
  ['brightgreen', '#4c1'],
  ['yellow', '#dfb317'],
  ['orange', '#fe7d37'],
  ['lightgrey', GREY],
]);

const TIER_COLOR: Record<Tier, string> = { 1: 'brightgreen', 2: 'yellow', 3: 'orange' };

export function tierBadge(report: TierReport, opts: { now: Date; staleAfterDays: number }): Badge {
  const label = `MCP ${report.sdk.adapter}`;
  const stale = isStale(report.resultsAt, opts.now, opts.staleAfterDays);
  const { passed, counted } = conformanceTotals(report);

  let message: string;
  let color: string;
  let isError = false;
  if (counted === 0) {
    message = `no scored results${SEP}${report.specVersion}`;
    color = 'lightgrey';
    isError = true;
  } else {
    message = [tierText(report), report.specVersion, `${passed}/${counted}`].join(SEP);
    color = TIER_COLOR[report.tier ?? report.measuredTier];
  }
  if (stale) {
    message += `${SEP}stale`;
    color = 'lightgrey';
  }

  const endpoint: ShieldsEndpoint = { schemaVersion: 1, label, message, color };
  if (isError) endpoint.isError = true;
  endpoint.cacheSeconds = CACHE_SECONDS;
  return { endpoint, svg: renderBadgeSvg(label, message, color), stale };
}

function tierText(report: TierReport): string {
  return report.tier !== undefined ? `Tier ${report.tier}` : `Tier ${report.measuredTier} (partial)`;
}

function conformanceTotals(report: TierReport): { passed: number; counted: number } {
  let passed = 0;
  let counted = 0;
  for (const leg of report.conformance) {
    passed += leg.passed;
    counted += leg.passed + leg.failed;
  }
  return { passed, counted };
}

/** A report with no (or an unreadable) results time cannot vouch for its freshness, so it counts as stale. */
function isStale(resultsAt: string | undefined, now: Date, staleAfterDays: number): boolean {
  if (resultsAt === undefined) return true;
  const at = Date.parse(resultsAt);
  if (Number.isNaN(at)) return true;
  return now.getTime() - at > staleAfterDays * DAY_MS;
}

/** The file name (without extension) of an SDK's badge and tier report for a version. */
export function badgeFileName(adapter: string, specVersion: string): string {
  return safeName(`${adapter}-${specVersion}`);
}

// --- text width -------------------------------------------------------------------------------------

/**
 * Advance widths at 11px in tenths of a pixel, for printable ASCII: for each glyph the larger of Verdana's
 * and DejaVu Sans's (the Linux fallback), rounded up, so the estimate errs wide whichever font renders.
 */
const ASCII_WIDTHS: [number, string][] = [
  [31, "'il"],
  [37, 'j'],
  [39, ' f'],
  [41, ',.'],
  [44, 't'],
  [45, '!'],
  [47, 'r'],
  [48, '-I'],
  [50, '/\\'],
  [51, '"():;J[]|'],
  [58, 'sz'],
  [60, '?'],
  [61, 'c'],
  [63, 'L'],
  [64, 'F'],
  [65, 'k'],
  [66, 'vxy'],
  [68, 'PTYaeo'],
  [70, '$*0123456789E_`bdghnpqu{}'],
  [76, 'ABSVXZ'],
  [77, 'CKR'],
  [81, 'U'],
  [83, 'HN'],
  [85, 'D'],
  [86, '&G'],
  [87, 'OQ'],
  [90, 'w'],
  [93, '#+<=>^~'],
  [95, 'M'],
  [108, 'm'],
  [109, 'W'],
  [110, '@'],
  [120, '%'],
];

const WIDTHS = new Map<string, number>([
  ...ASCII_WIDTHS.flatMap(([w, chars]) => [...chars].map((c): [string, number] => [c, w])),
  ['·', 43],
]);

/** Non-ASCII glyphs are rarely wider than the em box; emoji fonts draw about 1.25em. */
const UNKNOWN_WIDTH = 110;
const EMOJI_WIDTH = 140;

function charWidth(ch: string): number {
  const known = WIDTHS.get(ch);
  if (known !== undefined) return known;
  if (/\p{Mn}/u.test(ch)) return 0; // combining marks sit on the previous glyph
  if ((ch.codePointAt(0) ?? 0) >= 0x1f000) return EMOJI_WIDTH;
  return UNKNOWN_WIDTH;
}

/** Rendered width in whole pixels, rounded up. NFD splits accented letters into base letter + combining mark. */
function textWidth(s: string): number {
  let tenths = 0;
  for (const ch of stripIllegal(s).normalize('NFD')) tenths += charWidth(ch);
  return Math.ceil(tenths / 10);
}

// --- SVG ----------------------------------------------------------------------------------------------

const PAD = 10;
const HEIGHT = 20;
const LABEL_FILL = '#555';
const FONT = 'Verdana,Geneva,DejaVu Sans,sans-serif';

/** Accepts a named colour or a #rgb/#rrggbb hex; anything else falls back to grey rather than reaching the markup. */
function hexColor(color: string): string {
  const named = COLORS.get(color);
  if (named !== undefined) return named;
  return /^#(?:[0-9a-f]{3}){1,2}$/i.test(color) ? color : GREY;
}

/** A text run and its shadow, one pixel lower; textLength makes renderers fit the text to the estimate. */
function textPair(centerX: number, width: number, text: string): string {
  const body = xmlText(text);
  return (
    `<text x="${centerX}" y="15" fill="#010101" fill-opacity=".3" textLength="${width}">${body}</text>` +
    `<text x="${centerX}" y="14" textLength="${width}">${body}</text>`
  );
}

export function renderBadgeSvg(label: string, message: string, color: string): string {
  const labelText = textWidth(label);
  const messageText = textWidth(message);
  const labelPart = labelText + 2 * PAD;
  const messagePart = messageText + 2 * PAD;
  const total = labelPart + messagePart;
  const title = `${label}: ${message}`;
  // Badges inlined into one page share an id namespace; naming the clip by width keeps differing clips apart.
  const clipId = `mcp-badge-round-${total}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="${HEIGHT}" viewBox="0 0 ${total} ${HEIGHT}" role="img" aria-label="${xmlAttr(title)}">`,
    `<title>${xmlText(title)}</title>`,
    '<defs>',
    '<linearGradient id="mcp-badge-gloss" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="${clipId}"><rect width="${total}" height="${HEIGHT}" rx="3" fill="#fff"/></clipPath>`,
    '</defs>',
    `<g clip-path="url(#${clipId})">`,
    `<rect width="${labelPart}" height="${HEIGHT}" fill="${LABEL_FILL}"/>`,
    `<rect x="${labelPart}" width="${messagePart}" height="${HEIGHT}" fill="${xmlAttr(hexColor(color))}"/>`,
    `<rect width="${total}" height="${HEIGHT}" fill="url(#mcp-badge-gloss)"/>`,
    '</g>',
    `<g fill="#fff" text-anchor="middle" font-family="${FONT}" font-size="11">`,
    textPair(labelPart / 2, labelText, label),
    textPair(labelPart + messagePart / 2, messageText, message),
    '</g>',
    '</svg>',
  ].join('\n');
}
