/**
 * Lookalike names: a name within two edits of a well-known Windows binary, or equal to one
 * once look-alike characters are folded (0/o, 1/l/i, rn/m, vv/w, Cyrillic and Greek letters
 * drawn like Latin ones), while not itself a known binary: scvhost.exe, svch0st.exe,
 * lsasss.exe, ѕvchost.exe (Cyrillic ѕ); or one with a bitness tacked on (lsass32.exe,
 * cmd64.exe, svchost_x64.exe), too short for two edits to tell.
 */

import { EXECUTABLE_EXTENSION } from '../detect/find-processes';

const EXTENSION_AT_END = new RegExp(`${EXECUTABLE_EXTENSION}$`);
/** "32", "64", "_x64", "-x86" at the end of a stem: what a masquerade adds to look native. */
const BITNESS_SUFFIX = /^(.{2,}?)[-_]?(?:32|64|x64|x86|amd64)$/;

/** Letters from other scripts that render like Latin ones. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  х: 'x',
  у: 'y',
  ԁ: 'd',
  һ: 'h',
  ӏ: 'l',
  ո: 'n',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  κ: 'k',
  τ: 't',
  ι: 'i',
};

/** Folds a name to a skeleton in which look-alike spellings coincide. */
export function skeleton(name: string): string {
  let s = '';
  for (const ch of name.toLowerCase().normalize('NFKC')) s += HOMOGLYPHS[ch] ?? ch;
  return s
    .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, '') // invisible and direction marks
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/0/g, 'o')
    .replace(/[1i]/g, 'l');
}

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two adjacent
 * letters (scvhost ↔ svchost is one edit), with an early exit past `max` (names are short).
 */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let twoBack: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, twoBack[j - 2]! + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    twoBack = previous;
    previous = current;
  }
  return previous[b.length]!;
}

export interface Lookalike {
  /** The well-known binary the name imitates. */
  imitates: string;
  /**
   * How: 'homoglyph' (look-alike characters), 'extension' (another one), 'bitness' (a "32" or
   * "64" added), or the number of edits.
   */
  how: 'homoglyph' | 'extension' | 'bitness' | 1 | 2;
}

/**
 * The well-known name `name` imitates, if any. Look-alike characters are checked against
 * every name in `known`; edit distance only against `wellKnown` (the binaries on nearly every
 * host), since short, rarer names sit one edit from too many ordinary ones. A name that is
 * itself known is never a lookalike.
 */
export function findLookalike(
  name: string,
  known: ReadonlySet<string>,
  wellKnown: ReadonlySet<string> = known,
): Lookalike | null {
  const lower = name.toLowerCase();
  if (known.has(lower)) return null;
  const stem = lower.replace(EXTENSION_AT_END, '');
  const folded = skeleton(lower);
  // "lsass32.exe", "cmd64.exe": a well-known name with a bitness added (rundll32 and regsvr32
  // are known names themselves, so never reach here).
  const bare = BITNESS_SUFFIX.exec(stem)?.[1];
  if (bare && wellKnown.has(`${bare}.exe`)) return { imitates: `${bare}.exe`, how: 'bitness' };
  let best: Lookalike | null = null;
  for (const target of known) {
    if (!target.endsWith('.exe')) continue;
    if (skeleton(target) === folded) return { imitates: target, how: 'homoglyph' };
    if (!wellKnown.has(target)) continue;
    const targetStem = target.slice(0, -4);
    // "svchost.com", "explorer.scr": the name of one, with another extension Windows runs.
    if (stem === targetStem && stem !== lower && targetStem.length >= 3)
      return { imitates: target, how: 'extension' };
    // Very short names (sc, at, net, cmd) sit one edit from too many others.
    const max = targetStem.length >= 6 ? 2 : targetStem.length >= 4 ? 1 : 0;
    if (max === 0) continue;
    const distance = editDistance(stem, targetStem, max);
    if (distance <= max && (!best || (typeof best.how === 'number' && distance < best.how)))
      best = { imitates: target, how: distance as 1 | 2 };
  }
  return best;
}
