import { basenameOf, normalizePath } from './normalize-path';
import { WRAP_HINTS, hasHiddenCharacters } from './reveal-hidden';

/** One mention of a Windows executable in a string. */
export interface ProcessMention {
  /** Start of the mention: the path's first character when a path is attached, else the name's. */
  start: number;
  /** End of the mention (just after `.exe`, `.scr` or `.com`). */
  end: number;
  /** Where the file name starts. */
  nameStart: number;
  /** Lower-cased file name as written (lookalikes are never corrected). */
  name: string;
  /** Normalized full path when the mention is an absolute path, else null. */
  path: string | null;
  /** True when the mention is inside a URL (a download: the path on disk is unknown). */
  url: boolean;
}

/**
 * Finds every Windows executable mentioned in `text`: bare names, full paths (drive, UNC,
 * `\\?\`, `\??\`, `\Device\HarddiskVolumeN`, `%VAR%`, `\SystemRoot`, forward slashes,
 * JSON-escaped backslashes, quoted paths with spaces), every executable token of a command
 * line, and download URLs. Not: wildcards (`*.exe`), the bare extension, `.exe` followed by
 * more name or domain labels (`x.exe.mui`, `svchost.exe.evil.com`), other extensions.
 *
 * @example findProcesses('"C:\\Program Files\\A b\\x.exe" -k y.exe').map((m) => m.name) // ['x.exe', 'y.exe']
 */
export function findProcesses(text: string): ProcessMention[] {
  const mentions: ProcessMention[] = [];
  EXE.lastIndex = 0;
  for (let m = EXE.exec(text); m; m = EXE.exec(text)) {
    const mention = mentionAt(text, m.index);
    // ".com" (the letter after the dot is c or C) names a program only in a few names.
    if (mention && ((m[0].charCodeAt(1) | 0x20) !== 0x63 || isComProgram(mention)))
      mentions.push(mention);
  }
  return mentions;
}

/**
 * `.exe`, and the other extensions Windows runs as a process image: screensavers and `.com`.
 * One definition for detection, the manual lookup and lookalike names.
 */
export const EXECUTABLE_EXTENSION = String.raw`\.(?:exe|scr|com)`;
const EXE = new RegExp(EXECUTABLE_EXTENSION, 'gi');

/**
 * Windows programs that still ship as `.com` (`chcp.com 65001` starts many a terminal). Any
 * other `.com` is read as a domain, even in a path: IIS sites live in folders named
 * `C:\inetpub\wwwroot\contoso.com`.
 */
const COM_PROGRAMS = new Set([
  'chcp.com',
  'more.com',
  'tree.com',
  'format.com',
  'mode.com',
  'diskcopy.com',
  'diskcomp.com',
  'command.com',
  'win.com',
]);

function isComProgram(mention: ProcessMention): boolean {
  return !mention.url && COM_PROGRAMS.has(mention.name);
}
const PERCENT_ESCAPE = /%[0-9a-f]{2}/i;
let decoding = false;

/**
 * The mention that ends a percent-encoded token, read from its decoded text (one level
 * deep). In a URL, a decoded token without separators is one file name ("a%20b.exe").
 */
function decodedMention(token: string, inUrl: boolean): ProcessMention | null {
  if (decoding) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    return null; // "%zz", a lone "%": not an escape after all
  }
  if (inUrl && !/[\\/"'<>|:*?\p{Cc}]/u.test(decoded))
    return { start: 0, end: 0, nameStart: 0, name: decoded.toLowerCase(), path: null, url: true };
  const resume = EXE.lastIndex;
  decoding = true;
  try {
    const inner = findProcesses(decoded).filter((m) => m.end === decoded.length);
    const last = inner[inner.length - 1];
    return last ? { ...last, url: last.path === null } : null;
  } finally {
    decoding = false;
    EXE.lastIndex = resume;
  }
}
/** Longest path we try to read back from a name (Windows' long-path limit is larger, consoles' are not). */
const MAX_PATH_CHARS = 1024;
const MAX_NAME_CHARS = 255;

function mentionAt(text: string, dot: number): ProcessMention | null {
  const end = dot + 4;
  if (!endsToken(text, end)) return null;

  let nameStart = dot;
  while (nameStart > 0 && dot - nameStart < MAX_NAME_CHARS && isNameCharAt(text, nameStart - 1)) {
    nameStart--;
  }
  if (nameStart > 0 && dot - nameStart >= MAX_NAME_CHARS && isNameCharAt(text, nameStart - 1)) {
    return null; // longer than any Windows file name
  }
  // A byte-order mark before a name is what a pasted file began with, not part of the name.
  while (nameStart < dot && text.charCodeAt(nameStart) === 0xfeff) nameStart++;
  if (nameStart === dot) {
    // "setup (1).exe": browsers' duplicate-download names have a space and parentheses.
    const dup = /([^\s\\/:*?"<>|'`()[\]{},;=&^!]+ \(\d{1,3}\))$/.exec(
      text.slice(Math.max(0, dot - 200), dot),
    );
    if (!dup) return null;
    nameStart = dot - dup[1]!.length;
  }
  const before = nameStart > 0 ? text[nameStart - 1] : '';
  // A wildcard, unless the star is sha256sum's binary-mode mark ("<hash> *rundll32.exe").
  if ((before === '*' || before === '?') && text[end] !== '*' && !afterChecksum(text, nameStart))
    return null;
  const stem = text.slice(nameStart, dot);
  if (!/[\p{L}\p{N}]/u.test(stem) || /^\d+(\.\d+)+$/.test(stem)) return null; // "...", "10.0.19041"
  // Percent-encoded ("C%3A%5CWindows%5Ccmd.exe", a search link's "Image%3D%22C%3A…"): the
  // name and path are those of the decoded text, the span that of the text as written.
  const urlStart = urlTokenStart(text, nameStart);
  if (stem.includes('%') && PERCENT_ESCAPE.test(stem)) {
    const inUrl = urlStart >= 0;
    if ((before !== '\\' && before !== '/') || inUrl) {
      const decoded = decodedMention(text.slice(nameStart, end), inUrl);
      if (decoded) return { ...decoded, start: nameStart, end, nameStart };
    }
  }

  if (urlStart >= 0) {
    // A file: URL names a file on disk, so its path is known ("file:///C:/Windows/notepad.exe").
    const local = fileUrlPath(text.slice(urlStart, nameStart));
    if (local !== null)
      return withPath(local + text.slice(nameStart, end), urlStart, nameStart, end);
    return bareName(text, nameStart, end, true);
  }

  if (before === '\\' || before === '/') {
    const start = anchoredPathStart(text, nameStart - 1);
    if (start >= 0) return withPath(text.slice(start, end), start, nameStart, end);
  } else if (before === ' ') {
    // A last path segment with spaces: "C:\Users\x\Downloads\Invoice 2211.pdf.exe".
    // Only when the path is quoted or is the whole value: in prose or a command line the
    // words before a name are not part of its file name.
    const sep = lastSegmentSeparator(text, nameStart);
    if (sep >= 0) {
      const start = anchoredPathStart(text, sep);
      if (start >= 0 && standsAlone(text, start, end))
        return withPath(text.slice(start, end), start, sep + 1, end);
    }
  }
  return bareName(text, nameStart, end, false);
}

/**
 * A mention spanning [start, end) whose file is `rawPath` on disk, as written. A path a console
 * shortened in the middle ("C:\Windows\Sys…\svchost.exe", "C:\...\x.exe") names no folder: it
 * has its name only (its folder would read as one the binary never runs from).
 */
function withPath(rawPath: string, start: number, nameStart: number, end: number): ProcessMention {
  const path = normalizePath(rawPath);
  const elided = rawPath.includes('…') || rawPath.includes('...');
  return { start, end, nameStart, name: basenameOf(path), path: elided ? null : path, url: false };
}

/** A name with no path: as written, or in a download URL. */
function bareName(text: string, nameStart: number, end: number, url: boolean): ProcessMention {
  return {
    start: nameStart,
    end,
    nameStart,
    name: text.slice(nameStart, end).toLowerCase(),
    url,
    path: null,
  };
}

/** Whether the star before `nameStart` follows a digest and a space, as `sha256sum` prints a file. */
function afterChecksum(text: string, nameStart: number): boolean {
  return (
    text[nameStart - 1] === '*' &&
    /(?:^|[^0-9a-f])(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})[ \t]+\*$/i.test(
      text.slice(Math.max(0, nameStart - 80), nameStart),
    )
  );
}

/** `.exe` must end the token: not `.executable`, `x.exe.mui`, `svchost.exe.evil.com`, `a.exe_1`. */
function endsToken(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const c = text.charCodeAt(end);
  if (isWordChar(c) || c === 0x24 /* $ */) return false;
  if (c >= 0x80 && hasHiddenCharacters(text[end]!)) {
    // Invisible break hints (zero-width space, soft hyphen, word joiner, a stray BOM) between
    // the extension and the end of the token are the console's, not the name's…
    TRAILING_HINTS.lastIndex = end;
    if (TRAILING_HINTS.test(text)) {
      const after = TRAILING_HINTS.lastIndex;
      return after >= text.length || !isNameChar(text.charCodeAt(after));
    }
    // …but any other hidden character continues the name ("lsass.exe\u202Egpj.exe", the
    // right-to-left trick), as does a hint with more name after it.
    return false;
  }
  if (c === 0x2e /* . */ || c === 0x2d /* - */) return !isWordChar(text.charCodeAt(end + 1));
  return true;
}

const TRAILING_HINTS = new RegExp(`(?:${WRAP_HINTS}|\\uFEFF)+`, 'y');

/**
 * Non-ASCII punctuation but dashes, math symbols, and the arrows, box drawing, shapes and dingbats
 * (U+2190–U+2BFF): a lineage's arrows (`explorer.exe→cmd.exe`), a tree's branches
 * (`└─cmd.exe`), bullets, the curly quotes and guillemets tickets put around names
 * (`‘cmd.exe’`), CJK and full-width brackets. Letters, marks and digits of any script stay in
 * a name (a Cyrillic lookalike is a name), as do hidden format characters (the right-to-left
 * trick), the halves of a surrogate pair, and signs such as ™ or ®.
 */
// Dashes, as the ASCII hyphen, join the words of a name ("Report–Final.exe", "invoice‐2024.exe").
const NAME_DELIMITER = /(?!\p{Pd})[\p{P}\p{Sm}]/u;

function isNameDelimiter(c: number): boolean {
  if (c >= 0x2190 && c <= 0x2bff) return true;
  return (c < 0xd800 || c > 0xdfff) && NAME_DELIMITER.test(String.fromCharCode(c));
}

/**
 * Whether the character at `i` continues a name read backwards: a curly apostrophe between
 * two letters does ("Bob’s.exe", as a word processor or a browser's download wrote it); the
 * same character around a name is a quote (`‘cmd.exe’`).
 */
function isNameCharAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 0x2019 || c === 0x2018)
    return isLetterOrDigit(text.charCodeAt(i - 1)) && isLetterOrDigit(text.charCodeAt(i + 1));
  return isNameChar(c);
}

function isLetterOrDigit(c: number): boolean {
  return isWordChar(c) || (c >= 0xc0 && /[\p{L}\p{N}]/u.test(String.fromCharCode(c)));
}

/** Characters a bare file name is made of; console delimiters (quotes, brackets, `=`, `,` …) end it. */
function isNameChar(c: number): boolean {
  if (c <= 0x20 || c === 0x7f) return false;
  if (c >= 0xa1 && isNameDelimiter(c)) return false;
  switch (c) {
    case 0x5c: // \
    case 0x2f: // /
    case 0x3a: // :
    case 0x2a: // *
    case 0x3f: // ?
    case 0x22: // "
    case 0x3c: // <
    case 0x3e: // >
    case 0x7c: // |
    case 0x27: // '
    case 0x60: // `
    case 0x28: // (
    case 0x29: // )
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x2c: // ,
    case 0x3b: // ;
    case 0x3d: // =
    case 0x26: // &
    case 0x5e: // ^
    case 0x21: // !
      return false;
  }
  return !isUnicodeSpace(c);
}

function isUnicodeSpace(c: number): boolean {
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** `0-9 A-Z _ a-z`: a character that continues a word (and so a name or a hash). */
export function isWordChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f
  );
}

function isSeparator(c: number): boolean {
  return c === 0x5c || c === 0x2f;
}

/** Characters no Windows path contains (`:` is handled as the drive colon). */
function isPathBreak(c: number): boolean {
  return (
    c < 0x20 || c === 0x22 || c === 0x2a || c === 0x3f || c === 0x3c || c === 0x3e || c === 0x7c
  );
}

/** Where the URL holding the name starts ("https://dl.example/x.exe", "hxxp[:]//…"), or -1. */
function urlTokenStart(text: string, nameStart: number): number {
  let i = nameStart - 1;
  const floor = Math.max(0, nameStart - MAX_PATH_CHARS);
  while (i >= floor) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x3c || c === 0x3e || isUnicodeSpace(c))
      break;
    i--;
  }
  const token = text.slice(i + 1, nameStart);
  return token.includes('://') || token.includes('[:]//') || /^www\./i.test(token) ? i + 1 : -1;
}

/**
 * The Windows folder of a `file:` URL's directory part (`file:///C:/x/` → `C:/x/`,
 * `file://server/share/` → `//server/share/`), percent-decoded; null for any other URL.
 */
function fileUrlPath(urlDirectory: string): string | null {
  const m = /^file:\/\/(?:\/?(?=[a-z](?::|%3a|\|)[\\/])|(?=[^/\\]))(.*)$/i.exec(urlDirectory);
  if (!m) return null;
  let local = m[1]!;
  try {
    local = decodeURIComponent(local);
  } catch {
    return null; // a broken escape: not a path we can read
  }
  // Old-style "file:///C|/x" spells the drive colon as a bar.
  local = local.replace(/^([a-z])\|/i, '$1:');
  return /^[a-z]:[\\/]/i.test(local) ? local : `//${local}`;
}

/**
 * For a name preceded by a space, the separator that starts its last path segment, when the
 * segment is a plausible file name with spaces (no quotes, no slash, no other `.exe`).
 */
function lastSegmentSeparator(text: string, nameStart: number): number {
  const floor = Math.max(0, nameStart - MAX_NAME_CHARS);
  for (let i = nameStart - 1; i >= floor; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) {
      // The segment runs on into the name, so only its start and content are checked here.
      // Words must stand before the space: "\_ cmd.exe" is a tree branch, not a file name.
      const segment = text.slice(i + 1, nameStart);
      return validSegment(segment.trimEnd()) && /[\p{L}\p{N}]/u.test(segment) ? i : -1;
    }
    if (c === 0x2f || c === 0x3a || isPathBreak(c) || c === 0x3d) return -1;
  }
  return -1;
}

/** The span is quoted ("…" or '…'), or is all of its line's value (after an optional label). */
function standsAlone(text: string, start: number, end: number): boolean {
  const open = text[start - 1];
  if ((open === '"' || open === "'") && text[end] === open) return true;
  const lineEnd = text.indexOf('\n', end);
  if (/\S/.test(text.slice(end, lineEnd < 0 ? text.length : lineEnd))) return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  return /^\s*$/.test(before) || /(?:[:=]\s*|\t)$/.test(before);
}

/** A directory or file-name segment: no leading/trailing space, no earlier executable in it. */
function validSegment(segment: string): boolean {
  if (segment.length === 0) return true;
  if (segment.startsWith(' ') || segment.endsWith(' ')) return false;
  return !/\.(?:exe|scr)(?![\w.$-])/i.test(segment);
}

// Roots a Windows path can start from, most specific first (alternation order decides ties).
const ANCHOR =
  /%[A-Za-z0-9_()]{1,40}%[\\/]|[\\/]+(?:Device[\\/]+(?:HarddiskVolume(?:ShadowCopy)?\d+|Mup)|SystemRoot)[\\/]|\\{2,}(?![?.][\\/])[^\\/\s"*?<>|:]+[\\/]+[^\\/\s"*?<>|:]+[\\/]|\\(?![\\/])/gi;

/**
 * Reads back from the separator before a file name to the root of its path. Returns the
 * index where the path starts, or -1 when no root is found (a relative path).
 */
function anchoredPathStart(text: string, sep: number): number {
  const floor = Math.max(0, sep - MAX_PATH_CHARS);
  let i = sep - 1;
  for (; i >= floor; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x3a /* : */) {
      // PowerShell's "$env:windir\…" and "${env:ProgramFiles}\…".
      const before = text.charCodeAt(i - 1) | 0x20; // "v" of "$env:", either case
      const env = before === 0x76 ? /\$\{?env$/i.exec(text.slice(Math.max(0, i - 5), i)) : null;
      if (env) {
        const start = i - env[0].length;
        const rest = text.slice(i + 1, sep).replace(/^[^\\/]*[\\/]/, '');
        return validChain(rest) ? start : -1;
      }
      const drive = i - 1;
      if (
        drive >= 0 &&
        isAsciiLetter(text.charCodeAt(drive)) &&
        !isWordChar(text.charCodeAt(drive - 1)) &&
        isSeparator(text.charCodeAt(i + 1))
      ) {
        if (!validChain(text.slice(drive + 2, sep))) return -1;
        const prefix = /(?:[\\/]{2,}[?.][\\/]+|[\\/]+\?\?[\\/]+)$/.exec(
          text.slice(Math.max(0, drive - 12), drive),
        );
        return drive - (prefix ? prefix[0].length : 0);
      }
      break;
    }
    if (c === 0x3f /* ? */) {
      // "\\?\UNC\server\share\…" and "\??\UNC\…": a long-path prefix without a drive.
      const prefix = /(?:[\\/]{2}\?|[\\/]\?\?)[\\/]$/.exec(text.slice(Math.max(0, i - 2), i + 2));
      if (prefix) {
        const start = i + 2 - prefix[0].length;
        return validChain(text.slice(i + 2, sep)) ? start : -1;
      }
    }
    if (isPathBreak(text.charCodeAt(i))) break;
  }
  // No drive: look for another root inside the region, the one nearest the name first.
  const regionStart = i + 1;
  const region = text.slice(regionStart, sep + 1);
  const anchors: number[] = [];
  ANCHOR.lastIndex = 0;
  for (let m = ANCHOR.exec(region); m; m = ANCHOR.exec(region)) {
    if (m.index === 0 || isAnchorBoundary(region.charCodeAt(m.index - 1))) anchors.push(m.index);
    ANCHOR.lastIndex = m.index + 1;
  }
  for (let k = anchors.length - 1; k >= 0; k--) {
    const at = anchors[k]!;
    const rest = region.slice(at).replace(/^[\\/]+/, '');
    if (validChain(rest.slice(rest.search(/[\\/]/) + 1))) return regionStart + at;
  }
  return -1;
}

/** What may stand just before a path's root: start of a token or a console delimiter. */
function isAnchorBoundary(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0x3d ||
    c === 0x27 ||
    c === 0x28 ||
    c === 0x2c ||
    c === 0x3b ||
    c === 0x5b ||
    c === 0x7b ||
    c === 0x3e ||
    c === 0x3a ||
    isUnicodeSpace(c)
  );
}

/** Every directory between the root and the file name is a valid segment. */
function validChain(dirs: string): boolean {
  return dirs.split(/[\\/]+/).every(validSegment);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
