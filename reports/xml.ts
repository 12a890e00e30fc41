// XML 1.0 escaping for reports built from adapter-supplied strings, which are hostile by default.

/** Anything outside XML 1.0's Char production (C0 controls, lone surrogates, U+FFFE/FFFF) is illegal even escaped. */
const ILLEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripIllegal(s: string): string {
  return s.replace(ILLEGAL, '');
}

/** Element text. `>` is escaped too, so `]]>` can never appear. */
export function xmlText(s: string): string {
  return stripIllegal(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A double-quoted attribute value; whitespace as character references survives attribute normalization. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
