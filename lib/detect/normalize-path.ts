import { WRAP_HINTS } from './reveal-hidden';

/**
 * Normalizes a Windows path as consoles print it into the one form ProcLens compares:
 * lower case, single backslashes, a drive letter (or `\\server\share`), no `\\?\`, `\??\`,
 * `\Device\HarddiskVolumeN`, `\SystemRoot`, `%VAR%` or `$env:VAR` prefixes, this machine's
 * `\\localhost\c$` share read as `c:`, `.` and `..` resolved. Other devices
 * (`\Device\HarddiskVolumeShadowCopyN`) are kept as they are.
 *
 * @example normalizePath('%SystemRoot%\\System32\\svchost.exe') === 'c:\\windows\\system32\\svchost.exe'
 * @example normalizePath('C:\\\\Windows\\\\notepad.exe') === 'c:\\windows\\notepad.exe' // JSON-escaped
 */
export function normalizePath(raw: string): string {
  // A zero-width space or soft hyphen after a separator is a console's wrapping hint.
  const trimmed = raw.trim();
  let path = collapseSeparators(
    WRAP_HINT.test(trimmed) ? trimmed.replace(WRAP_HINT_AFTER_SEPARATOR, '$1') : trimmed,
  );
  path = path.toLowerCase();
  path = stripPrefixes(path);
  path = expandEnvironment(path);
  return resolveDots(path).replace(SYSNATIVE, '$1system32');
}

const WRAP_HINT = new RegExp(WRAP_HINTS);
/** A 32-bit program's name for the 64-bit System32: the image that runs is System32's. */
const SYSNATIVE = /^([a-z]:\\windows\\)sysnative(?=\\|$)/;
const WRAP_HINT_AFTER_SEPARATOR = new RegExp(`([\\\\/])${WRAP_HINTS}+`, 'g');

/** The directory part of a normalized path (what EchoTrail's `paths` lists), or null. */
export function directoryOf(normalizedPath: string): string | null {
  const cut = normalizedPath.lastIndexOf('\\');
  if (cut <= 0) return null;
  const dir = normalizedPath.slice(0, cut);
  // "c:" alone is the root directory.
  return /^[a-z]:$/.test(dir) ? `${dir}\\` : dir;
}

/** The file name part of a path, lower-cased. */
export function basenameOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return path.slice(cut + 1).toLowerCase();
}

// The system volume is by far the most common target of \Device\HarddiskVolumeN and
// \SystemRoot; the page does not say which letter a volume has, so map them to C:.
const SYSTEM_DRIVE = 'c:';

/**
 * Folders behind the environment variables consoles print. Per-user folders map to
 * EchoTrail's anonymised bucket `c:\users\...`, since the user name is unknown.
 */
const ENVIRONMENT: Record<string, string> = {
  systemroot: 'c:\\windows',
  windir: 'c:\\windows',
  systemdrive: 'c:',
  programfiles: 'c:\\program files',
  'programfiles(x86)': 'c:\\program files (x86)',
  programw6432: 'c:\\program files',
  commonprogramfiles: 'c:\\program files\\common files',
  'commonprogramfiles(x86)': 'c:\\program files (x86)\\common files',
  programdata: 'c:\\programdata',
  allusersprofile: 'c:\\programdata',
  public: 'c:\\users\\public',
  userprofile: 'c:\\users\\...',
  homepath: '\\users\\...',
  appdata: 'c:\\users\\...\\appdata\\roaming',
  localappdata: 'c:\\users\\...\\appdata\\local',
  temp: 'c:\\users\\...\\appdata\\local\\temp',
  tmp: 'c:\\users\\...\\appdata\\local\\temp',
  comspec: 'c:\\windows\\system32\\cmd.exe',
};

/**
 * Separators arrive single (`\`), JSON-escaped (`\\`) or double-escaped (`\\\\`), and as `/`.
 * The shortest run inside the path is one separator; a leading run of twice that is UNC.
 */
function collapseSeparators(path: string): string {
  if (!path.includes('/') && !path.includes('\\\\', 1)) return path; // already single backslashes
  const runs = [...path.matchAll(/[\\/]+/g)];
  const inner = runs.filter((m) => m.index > 0).map((m) => m[0].length);
  const unit = inner.length > 0 ? Math.min(...inner) : 1;
  return path.replace(/[\\/]+/g, (run, index: number) => {
    if (index === 0 && run.length >= unit * 2) return '\\\\';
    return '\\';
  });
}

/** This machine's administrative share of a drive (`\\localhost\c$\…`): that drive. */
const LOCAL_ADMIN_SHARE = /^\\\\(?:localhost|127\.0\.0\.1|\[::1\])\\([a-z])\$(?=\\|$)/;

function stripPrefixes(path: string): string {
  path = stripDevicePrefixes(path);
  const share = LOCAL_ADMIN_SHARE.exec(path);
  return share ? `${share[1]}:${path.slice(share[0].length)}` : path;
}

function stripDevicePrefixes(path: string): string {
  if (path.startsWith('\\\\?\\unc\\')) return `\\\\${path.slice(8)}`;
  if (path.startsWith('\\\\?\\') || path.startsWith('\\??\\') || path.startsWith('\\\\.\\')) {
    path = path.slice(4);
    // The object manager's root, as tools print a shadow copy: "\\?\GLOBALROOT\Device\…".
    if (path.startsWith('globalroot\\')) path = path.slice(10);
  }
  if (path.startsWith('\\device\\mup\\')) return `\\\\${path.slice(12)}`;
  // A volume by number or by GUID ("\\?\Volume{…}\", what some EDRs print for the image).
  const volume = /^(?:\\device\\harddiskvolume\d+|volume\{[0-9a-f-]{36}\})(?=\\|$)/.exec(path);
  if (volume) return SYSTEM_DRIVE + path.slice(volume[0].length);
  // Other devices (a volume shadow copy, a network redirector) are kept: running from a
  // snapshot is not running from C:.
  if (path.startsWith('\\device\\')) return path;
  if (/^\\systemroot(?=\\|$)/.test(path)) return `c:\\windows${path.slice(11)}`;
  // A rooted path with no drive ("\Windows\System32\x.exe") is on the system drive.
  if (/^\\(?!\\)/.test(path)) return SYSTEM_DRIVE + path;
  return path;
}

function expandEnvironment(path: string): string {
  return path.replace(
    /^(?:%([a-z0-9_()]+)%|\$\{?env:([a-z0-9_()]+)\}?)(?=\\|$)/,
    (whole, cmd?: string, powershell?: string) => ENVIRONMENT[(cmd ?? powershell)!] ?? whole,
  );
}

function resolveDots(path: string): string {
  if (!path.includes('\\.')) return path;
  const unc = path.startsWith('\\\\');
  const parts = (unc ? path.slice(2) : path).split('\\');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '.') continue;
    if (part === '..') {
      if (out.length > 1) out.pop();
      continue;
    }
    out.push(part);
  }
  return (unc ? '\\\\' : '') + out.join('\\');
}
