// The parts every page's header and footer share.
export interface PageHead {
  title: string;
  /** Relative paths from the page to the site root's files. */
  css: string;
  home: string;
  requirements: string;
  generated: string;
  harness: string;
}

export function pageHead(title: string, depth: 0 | 1, generatedAt: Date, harness: { name: string; version: string }): PageHead {
  const up = depth === 0 ? '' : '../';
  return {
    title,
    css: `${up}style.css`,
    home: `${up}index.html`,
    requirements: `${up}requirements.html`,
    generated: generatedAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    harness: `${harness.name} ${harness.version}`,
  };
}
