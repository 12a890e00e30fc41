/** `*` matches any run of characters; everything else is literal. Used for scenario and check id globs. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp('^' + glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}
