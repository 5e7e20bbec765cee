/**
 * Hashes written right beside a file name in running text, the way tickets and threat
 * reports give them:
 *
 *     svchost.exe (SHA256: 1dee5be1…)      mshta.exe - MD5 0a83d4aa…
 *     1dee5be1…  C:\Users\Public\svchost.exe      (sha256sum, one file per line)
 *
 * Such a hash belongs to that name, whatever else the text's record holds. Only a name and
 * a hash with nothing between them but punctuation and the hash's type are paired; a name
 * may take one hash of each type ("x.exe MD5: … SHA256: …").
 */
import type { HashType } from '../findings';
import { lineAround } from './text-tree';

interface Span {
  start: number;
  end: number;
}

export type OwnHashes = Partial<Record<HashType, string>>;

/**
 * Between a name and the hash after it: "(", " - ", " [md5=", ", SHA256: ". After a comma or
 * semicolon the hash's type must be said: "svchost.exe, e3b0…, evil.com" is a list of
 * indicators, not a name and its hash.
 */
const AFTER_NAME =
  /^[ \t]*(?:(?:[-–—:([|][ \t]*)?(?:(?:sha-?256|sha-?1|md5|hash(?:es)?)[ \t]*[:=]?[ \t]*)?|[,;][ \t]*(?:sha-?256|sha-?1|md5|hash(?:es)?)[ \t]*[:=]?[ \t]*)$/i;
/** Between two hashes of one name: "), SHA256: ", " / ", " SHA1=". */
const BETWEEN_HASHES = /^[ \t]*[)\],;/|]?[ \t]*(?:(?:sha-?256|sha-?1|md5)[ \t]*[:=]?[ \t]*)?$/i;
/** Between a checksum that opens its line and its file: spaces, and sha256sum's binary mark. */
const CHECKSUM_GAP = /^[ \t]+\*?$/;

/**
 * The hashes of `hashes` that stand beside one of `names` in `text`, by name mention.
 * @example adjacentHashes('svchost.exe (SHA256: …)', names, hashes).get(names[0]) // { sha256: '…' }
 */
export function adjacentHashes<N extends Span, H extends Span & { type: HashType; value: string }>(
  text: string,
  names: readonly N[],
  hashes: readonly H[],
): Map<N, OwnHashes> {
  const owned = new Map<N, OwnHashes>();
  if (names.length === 0 || hashes.length === 0) return owned;
  const spans = [...names.map((n) => ({ n })), ...hashes.map((h) => ({ h }))].sort(
    (a, b) => ('n' in a ? a.n : a.h).start - ('n' in b ? b.n : b.h).start,
  );
  const take = (name: N, hash: H) => {
    let own = owned.get(name);
    if (!own) owned.set(name, (own = {}));
    if (own[hash.type] !== undefined) return false;
    own[hash.type] = hash.value;
    return true;
  };
  // The name the last span belongs to, and where that span ended.
  let holder: N | null = null;
  let holderEnd = 0;
  let afterHash = false;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    if ('n' in span) {
      holder = span.n;
      holderEnd = span.n.end;
      afterHash = false;
      continue;
    }
    const hash = span.h;
    const gap = text.slice(holderEnd, hash.start);
    if (holder && (afterHash ? BETWEEN_HASHES : AFTER_NAME).test(gap) && take(holder, hash)) {
      holderEnd = hash.end;
      afterHash = true;
      continue;
    }
    holder = null;
    // "<hash>  <file>": the checksum opens its line and the file follows it.
    const next = spans[i + 1];
    if (next && 'n' in next && !lineAround(text, hash.start, hash.start).before.trim()) {
      if (CHECKSUM_GAP.test(text.slice(hash.end, next.n.start))) take(next.n, hash);
    }
  }
  return owned;
}
