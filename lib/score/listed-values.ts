import { basenameOf, directoryOf, normalizePath } from '../detect/normalize-path';
import type { Share } from '../insight';

/*
 * How a value observed on the page is found in EchoTrail's lists (parents, folders, hashes,
 * names). Kept apart from the score so the card, which marks "this row" in the lists, does
 * not carry the baseline into every page.
 */

/**
 * The share of `observed` in a list: names compared without case (case variants summed),
 * folders compared as normalized directories with "..." buckets as wildcards (see
 * `listedMatches`).
 */
export function shareOf(
  list: readonly Share[],
  observed: string,
  kind: 'name' | 'folder',
  name?: string,
): number {
  let sum = 0;
  for (const entry of list) if (listedMatches(entry.value, observed, kind, name)) sum += entry.pct;
  return Math.min(100, sum);
}

/**
 * Whether a listed value is the observed one. Names (and hashes) compare without case, and a
 * listed name written with its folder (`C:\Windows\System32\services.exe`) is that name.
 * Folders compare normalized, "..." buckets as wildcards, long names also matching their 8.3
 * short names; a listed full path of the process itself (`…\System32\svchost.exe` where
 * EchoTrail documents `…\System32`) is its folder. The score and the card's marks use it.
 */
export function listedMatches(
  listed: string,
  observed: string,
  kind: 'name' | 'folder',
  name?: string,
): boolean {
  if (kind === 'name') return basenameOf(listed) === basenameOf(observed);
  const dir = normalizePath(observed);
  if (folderMatches(listed, dir)) return true;
  const file = name && /[\\/]/.test(listed) ? basenameOf(listed) : null;
  return (
    file === name?.toLowerCase() && folderMatches(directoryOf(normalizePath(listed)) ?? '', dir)
  );
}

export function folderMatches(listed: string, dir: string): boolean {
  const pattern = normalizePath(listed);
  if (!pattern.includes('...') && !dir.includes('~')) return pattern === dir;
  // Segment by segment: "..." is any run of characters, and a long name also matches the 8.3
  // short name Windows derives from it ("program files" ~ "progra~1", "application" ~
  // "applic~2"), which telemetry from installers and old tools still writes.
  const regex = new RegExp(
    `^${pattern
      .split('\\')
      .map((segment) => {
        const literal = segment
          .split('...')
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*');
        const short = shortNamePrefix(segment);
        return short ? `(?:${literal}|${short}~\\d+)` : literal;
      })
      .join('\\\\')}$`,
  );
  return regex.test(dir);
}

/**
 * The first characters of the 8.3 short name of a long folder name (spaces and dots dropped,
 * six characters kept), or null when the name needs none (it fits 8.3) or is a wildcard.
 */
function shortNamePrefix(segment: string): string | null {
  if (segment.includes('...') || /^[^\s.]{1,8}(\.[^\s.]{0,3})?$/.test(segment)) return null;
  const stem = segment.replace(/[\s.]/g, '').slice(0, 6);
  return stem && /^[\w$%'@{}!#()&^-]+$/.test(stem) ? stem.replace(/[$()^{}]/g, '\\$&') : null;
}

/**
 * A list with the spellings of one value merged, for display: EchoTrail lists case variants
 * apart (`WmiPrvSE.exe` and `wmiprvse.exe`, `C:\Windows\System32` and `C:\WINDOWS\System32`).
 * The most common spelling is kept, the shares are summed, and the list is ordered by share.
 */
export function mergeSpellings(list: readonly Share[], kind: 'name' | 'folder'): Share[] {
  const merged = new Map<string, Share>();
  for (const share of list) {
    const key = kind === 'folder' ? normalizePath(share.value) : share.value.toLowerCase();
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...share });
    else {
      if (share.pct > seen.pct) seen.value = share.value;
      seen.pct = Math.min(100, seen.pct + share.pct);
    }
  }
  if (merged.size === list.length) return [...list];
  return [...merged.values()].sort((a, b) => b.pct - a.pct);
}
