/**
 * Invisible and direction-control characters in names: zero-width spaces and joiners, the
 * byte-order mark, and the bidirectional overrides behind the right-to-left-override trick
 * (`invoice\u202Efdp.exe` is displayed as "invoiceexe.pdf"). Windows keeps them in file
 * names; an analyst cannot see them.
 */
const HIDDEN = /\p{Cf}/u;

/**
 * The invisible characters consoles insert so that long paths and hashes wrap (soft hyphen,
 * zero-width space and non-joiner, word joiner): a regex character class.
 */
export const WRAP_HINTS = '[\\u00AD\\u200B\\u200C\\u2060]';
const HIDDEN_ALL = /\p{Cf}/gu;

/** Whether `text` holds a character that is not displayed or reorders what follows. */
export function hasHiddenCharacters(text: string): boolean {
  return HIDDEN.test(text);
}

/**
 * `text` with each hidden character written out as its code point, so that it is displayed
 * as it really is.
 * @example revealHidden('lsass.exe\u202Egpj.exe') // 'lsass.exe[U+202E]gpj.exe'
 */
export function revealHidden(text: string): string {
  if (!HIDDEN.test(text)) return text;
  return text.replace(HIDDEN_ALL, (ch) => `[${codePoint(ch)}]`);
}

/** The distinct hidden characters of `text`, as "U+202E" code points. */
export function hiddenCodePoints(text: string): string[] {
  const points = new Set<string>();
  for (const ch of text.match(HIDDEN_ALL) ?? []) points.add(codePoint(ch));
  return [...points];
}

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
