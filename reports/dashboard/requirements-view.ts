// requirements.html: every requirement a record cites, with its full text, as the target of the SDK pages' links.
import type { Catalogues } from '../../runners/suites/requirements.js';
import { orderVersions, text } from './data.js';
import { requirementAnchor, type Model } from './model.js';
import type { PageHead } from './page-head.js';

interface Cited {
  levels: Set<string>;
  texts: Set<string>;
  checks: Set<string>;
}

function citations(m: Model): Map<string, Map<string, Cited>> {
  const out = new Map<string, Map<string, Cited>>();
  for (const r of m.adapters.flatMap((a) => a.rows)) {
    for (const s of r.spec) {
      if (!s.ref) continue;
      const refs = out.get(s.version) ?? new Map<string, Cited>();
      out.set(s.version, refs);
      const c = refs.get(s.ref) ?? { levels: new Set(), texts: new Set(), checks: new Set() };
      refs.set(s.ref, c);
      if (s.level) c.levels.add(s.level);
      if (s.text) c.texts.add(s.text);
      if (r.check) c.checks.add(r.check);
    }
  }
  return out;
}

const byRef = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export function requirementsView(m: Model, catalogues: Catalogues, head: PageHead) {
  const cited = citations(m);
  const versions = orderVersions(cited.keys()).map((version) => {
    const refs = cited.get(version) ?? new Map<string, Cited>();
    const items = [...refs.keys()].sort(byRef).map((ref) => {
      const c = refs.get(ref);
      const req = catalogues.get(version)?.get(ref);
      const quoted = c ? [...c.texts][0] : undefined;
      return {
        id: requirementAnchor(version, ref),
        ref,
        note: req ? null : quoted ? `Not in the ${version} catalogue; the text is the one the check quotes.` : null,
        level: text(req?.level) || (c ? [...c.levels].join(', ') : '') || 'level unknown',
        text: text(req?.text) || quoted || 'text not in the catalogue',
        area: text(req?.area),
        side: text(req?.side),
        source: text(req?.source),
        checks: c ? [...c.checks].sort().join(', ') : '',
      };
    });
    return { version, count: items.length, items };
  });
  return { head, versions, total: versions.reduce((n, v) => n + v.count, 0) };
}
