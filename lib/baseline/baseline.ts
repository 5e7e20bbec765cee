import { emptyInsight, type Insight, type Share } from '../insight';
import { WINDOWS_BINARIES, type BinarySpec, type Tier } from './windows-binaries';

/**
 * Answers from the built-in baseline, in the EchoTrail shape, with no key and no network.
 * The baseline knows process names only (file hashes differ with every Windows build).
 */
const SYS32 = 'C:\\Windows\\System32';
const SYSWOW64 = 'C:\\Windows\\SysWOW64';

/** Rough prevalence by tier: how common the binary is across Windows hosts. */
const TIERS: Record<Tier, { rank: number; hostPrev: number; eps: number }> = {
  core: { rank: 40, hostPrev: 98, eps: 95 },
  common: { rank: 300, hostPrev: 80, eps: 88 },
  frequent: { rank: 900, hostPrev: 45, eps: 78 },
  occasional: { rank: 2_500, hostPrev: 15, eps: 62 },
  rare: { rank: 8_000, hostPrev: 3, eps: 40 },
};

/** "services.exe 99; svchost.exe 1" → shares; "sys" and "sys+wow" name the system folders. */
export function parseShares(text: string): Share[] {
  if (text === 'sys') return [{ value: SYS32, pct: 100 }];
  if (text === 'sys+wow')
    return [
      { value: SYS32, pct: 92 },
      { value: SYSWOW64, pct: 8 },
    ];
  return text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const cut = part.lastIndexOf(' ');
      const value = part.slice(0, cut);
      return { value: value === 'sys' ? SYS32 : value, pct: Number(part.slice(cut + 1)) };
    });
}

function toInsight([name, description, folders, parents, tier, children]: BinarySpec): Insight {
  const insight = emptyInsight(name);
  const prevalence = TIERS[tier];
  return {
    ...insight,
    rank: prevalence.rank,
    hostPrev: prevalence.hostPrev,
    eps: prevalence.eps,
    description,
    paths: parseShares(folders),
    parents: parseShares(parents),
    children: children ? parseShares(children) : [],
  };
}

const BY_NAME = new Map<string, BinarySpec>(
  WINDOWS_BINARIES.map((spec) => [spec[0].toLowerCase(), spec]),
);

/** The baseline's insight for a process name (any case), or null when it does not know it. */
export function baselineInsight(query: string): Insight | null {
  const spec = BY_NAME.get(query.trim().toLowerCase());
  return spec ? toInsight(spec) : null;
}

/** Every name the baseline knows (lower case): the reference for lookalike detection. */
export function baselineNames(): string[] {
  return [...BY_NAME.keys()];
}

/**
 * Real binaries the baseline has no data for, named within two edits of a well-known one
 * (`synchost.exe` and `svchost.exe`, `ssms.exe` and `smss.exe`). Known, so never flagged as
 * lookalikes; found by running every System32 name and common tools past the check.
 */
const LEGITIMATE_NEIGHBOURS = [
  'mighost.exe',
  'secinit.exe',
  'synchost.exe',
  'winload.exe',
  'wslhost.exe',
  'taskhostex.exe',
  'notepad++.exe',
  'ssms.exe',
  // Windows 7's task host, System32's fsiso and neth, Sysinternals PsExec, the Mail app
  'taskhost.exe',
  'fsiso.exe',
  'neth.exe',
  'psexec.exe',
  'hxoutlook.exe',
  // The new Teams client (both spellings ship), System32's Chinese IME
  'msteams.exe',
  'chsime.exe',
];

/** Every name known to be real: the baseline's, and real neighbours of well-known names. */
export function knownNames(): string[] {
  return [...new Set([...BY_NAME.keys(), ...LEGITIMATE_NEIGHBOURS])];
}

/** The names of the binaries on nearly every host (core and common tiers): what lookalikes imitate. */
export function wellKnownNames(): string[] {
  return WINDOWS_BINARIES.filter((spec) => spec[4] === 'core' || spec[4] === 'common').map((spec) =>
    spec[0].toLowerCase(),
  );
}

export const BASELINE_SIZE = BY_NAME.size;
