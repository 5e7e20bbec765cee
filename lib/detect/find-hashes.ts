import type { HashType } from '../findings';
import {
  classifyField,
  rulesOutFileHash,
  saysSomething,
  type FieldMeaning,
} from './classify-field';
import { WRAP_HINTS } from './reveal-hidden';

/** One file hash in a string. */
export interface HashMention {
  start: number;
  end: number;
  /** Lower-case hex. */
  value: string;
  type: HashType;
  /** What labels it inline ("SHA256=", "MD5:", `"sha256": "…"`), when something does. */
  label: FieldMeaning | null;
}

// 32, 40 or 64 hex digits not touching another word character (so longer hex runs, GUID
// parts and identifiers glued to letters never match).
const HEX_RUN =
  /(?<![0-9A-Za-z_])(?:[0-9a-fA-F]{64}|[0-9a-fA-F]{40}|[0-9a-fA-F]{32})(?![0-9A-Za-z_])/g;
/**
 * Hashes a console broke with invisible break opportunities (zero-width space, soft hyphen,
 * word joiner) so they wrap: read only in text that holds one.
 */
const BROKEN_HEX_RUN = new RegExp(
  `(?<![0-9A-Za-z_])[0-9a-fA-F](?:${WRAP_HINTS}?[0-9a-fA-F]){31,63}(?![0-9A-Za-z_])`,
  'g',
);
const BREAKS = new RegExp(WRAP_HINTS, 'g');
const HAS_BREAK = new RegExp(WRAP_HINTS);
const BROKEN_HEX = new RegExp(`(?:[0-9a-fA-F]${WRAP_HINTS}?){32}`);

/** Whether `text` may hold a hash broken for wrapping (see BROKEN_HEX_RUN): a cheap test. */
export function mayHoldBrokenHash(text: string): boolean {
  return HAS_BREAK.test(text) && BROKEN_HEX.test(text);
}
const TYPE_BY_LENGTH: Record<number, HashType> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

const HASH_LENGTH: Record<HashType, number> = { md5: 32, sha1: 40, sha256: 64 };

/** Whether a hex run at [start, end) is cut short: an ellipsis right after or before it. */
function isCut(text: string, start: number, end: number): boolean {
  return (
    text[end] === '…' ||
    text.startsWith('..', end) ||
    text[start - 1] === '…' ||
    (start >= 2 && text[start - 1] === '.' && text[start - 2] === '.')
  );
}

/** Whether a run of `length` hex digits is as long as an MD5, SHA1 or SHA256. */
export function isHashLength(length: number): boolean {
  return TYPE_BY_LENGTH[length] !== undefined;
}
/** How far back an inline label may stand ("SHA256=", `"process.hash.sha256": "`). */
const LABEL_LOOKBACK = 48;

/**
 * Finds MD5, SHA1 and SHA256 file hashes in `text`. A value labelled as an identifier (host
 * id, agent id, GUID, trace, session, commit …) or as a non-file hash (IMPHASH, JA3 …) is not a
 * file hash; neither is a placeholder (`0000…`, `ffff…`, `deadbeef…`) nor a run of decimal
 * digits. `fieldLabel` is the label of the whole value (its column header or key), which an
 * inline label overrides.
 *
 * @example findHashes('MD5=0cc175b9c0f1b6a831c399e269772661,IMPHASH=…').map((h) => h.type) // ['md5']
 */
export function findHashes(text: string, fieldLabel?: string | null): HashMention[] {
  const field = fieldLabel ? classifyField(fieldLabel) : null;
  const found: HashMention[] = [];
  const runs = HAS_BREAK.test(text) ? BROKEN_HEX_RUN : HEX_RUN;
  runs.lastIndex = 0;
  for (let m = runs.exec(text); m; m = runs.exec(text)) {
    const value = runs === HEX_RUN ? m[0].toLowerCase() : m[0].replace(BREAKS, '').toLowerCase();
    if (!TYPE_BY_LENGTH[value.length]) continue;
    if (isPlaceholder(value)) continue;
    // GUIDs with dashes never match; also refuse a 32-hex run that is the tail of one.
    if (text[m.index - 1] === '-' && /[0-9a-f]-$/i.test(text.slice(m.index - 2, m.index))) continue;
    // The start of a longer digest that a console shortened ("de96a6e6…", "…b32c"); a SHA256
    // is the longest there is, so one before "..." ends a sentence.
    if (value.length < 64 && isCut(text, m.index, m.index + m[0].length)) continue;
    const hash = labelledDigest(text, m.index, m.index + m[0].length, value, field);
    if (hash) found.push(hash);
  }
  return found;
}

/**
 * A digest written at [start, end) of `text` with its inline label, or null when its label
 * rules it out: an identifier's or another digest's label, or one algorithm longer than it.
 */
function labelledDigest(
  text: string,
  start: number,
  end: number,
  value: string,
  field: FieldMeaning | null,
): HashMention | null {
  const label = inlineLabel(text, start);
  // A prefix that names nothing ("ldt:" in an id column's "ldt:<hex>:42") does not outweigh
  // the column's own label.
  const meaning = saysSomething(label) ?? field ?? label;
  if (rulesOutFileHash(meaning)) return null;
  // Shorter than the one algorithm its label names: a cut digest (32 digits of a SHA256).
  if (meaning?.hashType && value.length < HASH_LENGTH[meaning.hashType]) return null;
  return { start, end, value, type: TYPE_BY_LENGTH[value.length]!, label };
}

/** A digest a console cut short for display: its first digits, an ellipsis, maybe its last. */
const CUT_DIGEST =
  /(?<![0-9A-Za-z_])([0-9a-fA-F]{4,63})(?:…|\.{2,3})([0-9a-fA-F]{0,63})(?![0-9A-Za-z_])/g;
const MAY_BE_CUT = /[0-9a-fA-F]{6}(?:…|\.\.)/;
const FULL_DIGEST =
  /(?<![0-9A-Za-z])(?:[0-9a-fA-F]{64}|[0-9a-fA-F]{40}|[0-9a-fA-F]{32})(?![0-9A-Za-z])/g;

/** Cheap test that `text` may show a digest cut short ("de96a6e6…160ab32c"). */
export function mayHoldCutDigest(text: string): boolean {
  // Consoles cut digests in cells and labels, not in long text: this runs on every text of a
  // page that holds no indicator.
  return (
    text.length <= MAX_CUT_TEXT_CHARS &&
    (text.includes('…') || text.includes('..')) &&
    MAY_BE_CUT.test(text)
  );
}
const MAX_CUT_TEXT_CHARS = 2_000;

/**
 * The digests a console shows cut short ("de96a6e6…160ab32c", "0cc175b9...") whose whole value
 * it keeps beside the text: `fullValues(start, end)` gives the strings that may hold it (the
 * element's title, aria-label or data attributes). A value counts only when it begins and ends
 * with the digits shown; each keeps the span of the cut text, so the shown text is what is
 * highlighted.
 *
 * @example findCutHashes('SHA256: de96a6e6…160ab32c', null, () => ['de96…32c full']) // the full digest
 */
export function findCutHashes(
  text: string,
  fieldLabel: string | null,
  fullValues: (start: number, end: number) => readonly string[],
): HashMention[] {
  const field = fieldLabel ? classifyField(fieldLabel) : null;
  const found: HashMention[] = [];
  CUT_DIGEST.lastIndex = 0;
  for (let m = CUT_DIGEST.exec(text); m; m = CUT_DIGEST.exec(text)) {
    const head = m[1]!.toLowerCase();
    const tail = m[2]!.toLowerCase();
    if (head.length < 6 && tail.length < 6) continue;
    const end = m.index + m[0].length;
    let value: string | null = null;
    for (const source of fullValues(m.index, end)) {
      for (const full of source.match(FULL_DIGEST) ?? []) {
        const digest = full.toLowerCase();
        if (
          digest.length > head.length + tail.length &&
          digest.startsWith(head) &&
          digest.endsWith(tail) &&
          !isPlaceholder(digest)
        ) {
          value = digest;
          break;
        }
      }
      if (value) break;
    }
    if (!value) continue;
    const hash = labelledDigest(text, m.index, end, value, field);
    if (hash) found.push(hash);
  }
  return found;
}

/**
 * Not a digest: all decimal digits (a number, an id: a real MD5 is that with odds of 3 in
 * ten million) or five hex digits or fewer repeated (`0000…`, `ffff…`, `deadbeef…`: a real
 * one, never).
 */
function isPlaceholder(value: string): boolean {
  // One pass over lower-case hex, stopping as soon as the value is surely a digest (this runs
  // for every hash of a page).
  let seen = 0;
  let distinct = 0;
  let letter = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const digit = c <= 0x39 ? c - 0x30 : c - 0x57; // '0'-'9', 'a'-'f'
    if (digit > 9) letter = true;
    const bit = 1 << digit;
    if (!(seen & bit)) {
      seen |= bit;
      distinct++;
    }
    if (letter && distinct > 5) return false;
  }
  return true;
}

/**
 * The label written just before a value in the same line: `SHA256=`, `MD5: `, `"sha1": "`,
 * `host_id=`, `Alert id `. Returns null when the value stands alone.
 */
function inlineLabel(text: string, at: number): FieldMeaning | null {
  const floor = Math.max(0, at - LABEL_LOOKBACK);
  // Read backwards (a $-anchored regex would retry from every start position): optional
  // quote and spaces, a separator (= : =>), optional quote and spaces, then the key.
  let i = at - 1;
  const skip = (chars: string) => {
    while (i >= floor && chars.includes(text[i]!)) i--;
  };
  skip(' \t"\'');
  let keyed = false;
  if (i >= floor && (text[i] === '=' || text[i] === ':')) {
    keyed = true;
    i--;
    if (text[i] === '=' && text[i + 1] === '>') i--;
    skip(' \t"\'');
  }
  const keyEnd = i + 1;
  while (i >= floor && /[\w.\- ]/.test(text[i]!) && text[i] !== '\n') i--;
  const key = text.slice(i + 1, keyEnd).replace(/^[\s\-.]+/, '');
  if (!key || !/[A-Za-z]/.test(key[0]!)) return null;
  if (keyed) return classifyField(lastWords(key, 6));
  // A label followed only by spaces: "Alert id 4c1e…", "commit 9fceb02…".
  const meaning = classifyField(lastWords(key, 2));
  return meaning.kind === 'identifier' ||
    meaning.kind === 'not-a-file-hash' ||
    meaning.kind === 'hash'
    ? meaning
    : null;
}

/** The last `n` space-separated words of a key ("the sha256" → "sha256" for n = 1). */
function lastWords(key: string, n: number): string {
  const words = key.trim().split(/\s+/);
  return words.slice(-n).join(' ');
}
