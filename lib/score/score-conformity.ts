import { baselineInsight, knownNames, wellKnownNames } from '../baseline/baseline';
import { directoryOf, normalizePath } from '../detect/normalize-path';
import type { Insight, ListKey, LookupResult, Share } from '../insight';
import { hasHiddenCharacters, hiddenCodePoints, revealHidden } from '../detect/reveal-hidden';
import { findLookalike, skeleton } from './lookalike';
import { folderMatches, shareOf } from './listed-values';

export { listedMatches, shareOf } from './listed-values';

/**
 * The conformity score: how far one observed execution (name, folder, parent, hashes)
 * departs from what is normal for that process. It measures conformity, never "malicious":
 * unknown is not anomalous, and rare is not malicious.
 *
 * Formula. Each factor that applies gives a conformity c in [0, 1] and a weight w:
 * - parent and folder shares (from EchoTrail's or the baseline's lists; case variants summed,
 *   "C:\Users\..." buckets as wildcards) map to c = log10(100·share%)/3, clamped: 10 % or
 *   more is fully usual, 1 % → 0.67, 0.1 % → 0.33, 0.01 % or never → 0. A value missing from
 *   a truncated list is "not in the top N": half the c of the rarest listed entry (weight 3
 *   each, shrinking with the trust below);
 * - a known hash of the name: c = 1 (weight 2); a hash EchoTrail knows under other names
 *   (masquerade): c = 0 (weight 5);
 * - a lookalike name (svch0st.exe), or a name holding invisible or right-to-left control
 *   characters: c = 0 (weight 5 each); a system binary outside its usual
 *   folders: c = 0 (weight 4);
 * - a renamed binary (the row's OriginalFileName names a Windows binary other than the one
 *   running, or a Windows binary's name is worn by a file that calls itself otherwise):
 *   c = 0 (weight 5);
 * - a neutral prior c = 0.6 whose weight grows as the evidence gets weaker: trust
 *   t = 0.4 + 0.6·EPS/100 (a rare binary's short lists say less), prior weight 0.5 + 2·(1 − t).
 * score = round(100 · Σ w·c / Σ w). With no factor but the prior (a bare name, no context),
 * nothing can be said: the score is null. The score is deterministic, within 0–100, and
 * monotonic: a more common parent or folder never lowers it.
 */
export interface Observation {
  name: string;
  path?: string | null;
  parent?: string | null;
  md5?: string | null;
  sha1?: string | null;
  sha256?: string | null;
  commandLine?: string | null;
  /** The name the executable gives itself (Sysmon's OriginalFileName), when its row says it. */
  originalName?: string | null;
}

export type FactorKind = 'path' | 'parent' | 'hash' | 'name' | 'folder' | 'prevalence';
export type Band = 'typical' | 'unusual' | 'rare' | 'never-observed' | 'unknown';

export interface Factor {
  kind: FactorKind;
  /** Conformity in [0, 1], or null for a factor that only informs (prevalence). */
  value: number | null;
  weight: number;
  sentence: string;
}

export interface Conformity {
  score: number | null;
  band: Band;
  flags: string[];
  factors: Factor[];
}

export interface ScoreInput {
  observation: Observation;
  /** The lookup of the name. */
  lookup: Pick<LookupResult, 'status' | 'insight'> | null;
  /** Lookups of the observed hashes (for the masquerade check). */
  hashLookups?: Array<Pick<LookupResult, 'query' | 'status' | 'insight'>>;
  bands?: { typical: number; rare: number };
}

export const DEFAULT_BANDS = { typical: 70, rare: 30 };
/** How the kernel's own process is named as a parent (it has no image file). */
const KERNEL_NAMES = ['system', 'ntoskrnl.exe'];
const W = { share: 3, hashKnown: 2, masquerade: 5, lookalike: 5, hidden: 5, folder: 4 };
const KNOWN = new Set(knownNames());
const WELL_KNOWN = new Set(wellKnownNames());

/** c = log10(100·share)/3, clamped to [0, 1]: 10 % → 1, 1 % → 0.67, 0.1 % → 0.33. */
export function shareConformity(sharePct: number): number {
  if (sharePct <= 0) return 0;
  return Math.min(1, Math.max(0, Math.log10(sharePct * 100) / 3));
}

/** A folder with each segment's trailing spaces and dots dropped and look-alike letters folded. */
function folderSkeleton(dir: string): string {
  return dir
    .split('\\')
    .map((segment) => skeleton(segment.replace(/[ .]+$/, '')))
    .join('\\');
}

const pct = (n: number) => `${n.toFixed(2)} %`;
const top = (list: readonly Share[], n = 2) =>
  list
    .slice(0, n)
    .map((s) => `${s.value} ${shortPct(s.pct)} %`)
    .join(', ');

/**
 * A share in whole percent, except where rounding would claim "100" or "0" for what is not:
 * 99.5 stays 99.5 beside a 1 % runner-up, 0.3 stays 0.3.
 */
export function shortPct(p: number): string {
  if (p > 0 && p < 1) return String(Math.max(0.1, Math.round(p * 10) / 10));
  if (p > 99 && p < 100) return String(Math.min(99.9, Math.round(p * 10) / 10));
  return String(Math.round(p));
}

/** Scores one observation. */
export function scoreConformity({
  observation,
  lookup,
  hashLookups = [],
  bands = DEFAULT_BANDS,
}: ScoreInput): Conformity {
  const name = observation.name.toLowerCase();
  const insight = lookup?.status === 'found' ? lookup.insight : null;
  const factors: Factor[] = [];
  const flags: string[] = [];
  const trust = insight ? 0.4 + (0.6 * (insight.eps ?? insight.hostPrev ?? 50)) / 100 : 0.4;

  const dir = observation.path ? directoryOf(normalizePath(observation.path)) : null;
  if (insight && dir) factors.push(listFactor('path', insight, dir, name, trust));
  if (insight && observation.parent)
    factors.push(listFactor('parent', insight, observation.parent.toLowerCase(), name, trust));

  // Hashes: known for this name, or known under other names (masquerade).
  for (const hash of [observation.sha256, observation.sha1, observation.md5].filter(
    (h): h is string => !!h,
  )) {
    const own = hashLookups.find((h) => h.query === hash.toLowerCase());
    const filenames = own?.status === 'found' ? (own.insight?.filenames ?? []) : [];
    if (filenames.length > 0 && shareOf(filenames, name, 'name') < 1) {
      flags.push('hash-name-mismatch');
      factors.push({
        kind: 'hash',
        value: 0,
        weight: W.masquerade,
        sentence: `hash ${short(hash)}: EchoTrail knows this file as ${top(filenames, 3)}, not as ${name}.`,
      });
      break;
    }
    const known = insight ? shareOf(insight.hashes, hash, 'name') : 0;
    if (known > 0) {
      factors.push({
        kind: 'hash',
        value: 1,
        weight: W.hashKnown,
        sentence: `hash ${short(hash)}: one of the known hashes of ${name} (${pct(known)} of its executions).`,
      });
      break;
    }
  }

  // The name the file gives itself: a Windows binary renamed, or a Windows binary's name worn
  // by another file.
  const original = observation.originalName?.trim().toLowerCase();
  if (original && isRenamed(name, original)) {
    flags.push('renamed-binary');
    factors.push({
      kind: 'name',
      value: 0,
      weight: W.masquerade,
      sentence: systemFolders(original)
        ? `name ${name}: the file calls itself ${original} (its original file name), a Windows binary, so this is ${original} renamed.`
        : `name ${name}: a Windows binary's name, but the file calls itself ${original} (its original file name).`,
    });
  }

  // The name: a lookalike of a well-known binary that is not itself known.
  const widelySeen = insight && (insight.hostPrev ?? 0) >= 1;
  const lookalike = widelySeen ? null : findLookalike(name, KNOWN, WELL_KNOWN);
  if (lookalike) {
    flags.push('lookalike-name');
    const how =
      lookalike.how === 'homoglyph'
        ? 'look-alike characters'
        : lookalike.how === 'extension'
          ? 'another extension'
          : lookalike.how === 'bitness'
            ? 'a bitness added'
            : `${lookalike.how} letter${lookalike.how === 1 ? '' : 's'} changed`;
    factors.push({
      kind: 'name',
      value: 0,
      weight: W.lookalike,
      sentence: `name ${name}: looks like ${lookalike.imitates} (${how}) but is not a known Windows binary.`,
    });
  }

  // The name holds characters that are not displayed or that reorder it on screen.
  if (hasHiddenCharacters(name)) {
    flags.push('hidden-characters');
    factors.push({
      kind: 'name',
      value: 0,
      weight: W.hidden,
      sentence: `name ${name}: holds ${hiddenCodePoints(name).join(', ')}, invisible or right-to-left control characters, so it is displayed otherwise than it is named.`,
    });
  }

  // The folder: a Windows system binary outside its usual folders, whatever the lists say.
  const system = systemFolders(name);
  if (dir && system && !system.some((folder) => folderMatches(folder, dir))) {
    flags.push('unusual-path');
    // A mock of the real folder ("C:\Windows \System32", look-alike letters) is worth saying.
    const observed = folderSkeleton(dir);
    const mocked = system.find((folder) => folderSkeleton(normalizePath(folder)) === observed);
    factors.push({
      kind: 'folder',
      value: 0,
      weight: W.folder,
      sentence: mocked
        ? `folder: ${dir} only looks like ${mocked} (a trailing space or dot, or look-alike characters), where ${name}, a Windows system binary, runs.`
        : `folder: ${name} is a Windows system binary that runs from ${system.join(' or ')}; here it runs from ${dir}.`,
    });
  }
  const parentFactor = factors.find((f) => f.kind === 'parent');
  if (parentFactor && parentFactor.value !== null && parentFactor.value < 0.34)
    flags.push('unusual-parent');
  const pathFactor = factors.find((f) => f.kind === 'path');
  if (
    pathFactor &&
    pathFactor.value !== null &&
    pathFactor.value < 0.34 &&
    !flags.includes('unusual-path')
  )
    flags.push('unusual-path');

  if (insight)
    factors.push({
      kind: 'prevalence',
      value: null,
      weight: 0,
      sentence: prevalenceSentence(insight, trust),
    });

  // Names, folders and parents from the page or the API are displayed as they really are.
  for (const factor of factors) factor.sentence = revealHidden(factor.sentence);

  const scored = factors.filter((f) => f.value !== null && f.weight > 0);
  let score: number | null = null;
  if (scored.length > 0) {
    const priorWeight = 0.5 + 2 * (1 - trust);
    const total = scored.reduce((n, f) => n + f.weight, priorWeight);
    const sum = scored.reduce((n, f) => n + f.weight * f.value!, priorWeight * 0.6);
    score = Math.round((100 * sum) / total);
  }
  const band: Band =
    lookup?.status === 'never-observed'
      ? 'never-observed'
      : score === null
        ? 'unknown'
        : score >= bands.typical
          ? 'typical'
          : score >= bands.rare
            ? 'unusual'
            : 'rare';
  return { score, band, flags, factors };
}

function listFactor(
  kind: 'path' | 'parent',
  insight: Insight,
  observed: string,
  name: string,
  trust: number,
): Factor {
  const key: ListKey = kind === 'path' ? 'paths' : 'parents';
  const list = insight[key];
  const kernel = kind === 'parent' && KERNEL_NAMES.includes(observed);
  const share = kernel
    ? KERNEL_NAMES.reduce((n, k) => n + shareOf(list, k, 'name'), 0)
    : shareOf(list, observed, kind === 'path' ? 'folder' : 'name', name);
  const weight = W.share * trust;
  const what = kind === 'path' ? `folder ${observed}` : `parent ${observed}`;
  const usual = list.length ? ` (usual: ${top(list)})` : '';
  // The kernel has no image file: telemetry names it "System", "ntoskrnl.exe" or nothing, so
  // a list that does not name it says nothing against it.
  if (kernel && share === 0)
    return {
      kind,
      value: null,
      weight: 0,
      sentence: `${what} (the kernel): not named among the parents listed for ${name}, as telemetry often leaves it unnamed; not counted${usual}.`,
    };
  if (share > 0) {
    return {
      kind,
      value: shareConformity(share),
      weight,
      sentence: `${what}: seen in ${pct(share)} of ${name} executions${usual}.`,
    };
  }
  const cut = insight.truncated[key] ?? 0;
  if (cut > 0 && list.length > 0) {
    const rarest = Math.min(...list.map((s) => s.pct));
    return {
      kind,
      // Its share is at most the rarest listed one: half that conformity, at the same weight
      // (a different weight could let a more common value lower the score).
      value: shareConformity(rarest) / 2,
      weight,
      sentence: `${what}: not among the ${list.length} most common ${kind === 'path' ? 'folders' : 'parents'} of ${name} (the list is cut; its rarest entry is ${pct(rarest)})${usual}.`,
    };
  }
  return { kind, value: 0, weight, sentence: `${what}: never seen for ${name}${usual}.` };
}

/** Windows binaries whose own version info names them otherwise. */
const OWN_OTHER_NAME: Record<string, string> = { 'systeminfo.exe': 'sysinfo.exe' };

/**
 * Whether a process running as `name` whose file calls itself `original` is a renamed
 * binary: the two differ (beyond case and extension: `pwsh.exe` is `pwsh.dll`) and one of them
 * is a Windows system binary. (An installer or an Electron app that calls itself otherwise is
 * not a Windows binary either way.)
 */
function isRenamed(name: string, original: string): boolean {
  const stem = (n: string) => n.replace(/\.[^.\\]*$/, '');
  if (stem(name) === stem(original) || OWN_OTHER_NAME[name] === original) return false;
  return systemFolders(original) !== null || systemFolders(name) !== null;
}

/** The usual folders of a Windows system binary (one that lives under C:\Windows), else null. */
function systemFolders(name: string): string[] | null {
  const known = baselineInsight(name);
  if (!known || known.paths.length === 0) return null;
  const inWindows = known.paths.filter((p) => /^c:\\windows(\\|$)/i.test(p.value));
  const share = inWindows.reduce((n, p) => n + p.pct, 0);
  return share >= 90 ? inWindows.map((p) => p.value) : null;
}

function prevalenceSentence(insight: Insight, trust: number): string {
  const parts = [
    insight.rank !== null ? `rank ${insight.rank}` : null,
    insight.hostPrev !== null ? `seen on ${insight.hostPrev} % of hosts` : null,
    insight.eps !== null ? `prevalence score ${insight.eps}` : null,
  ].filter(Boolean);
  const strength =
    trust >= 0.85
      ? 'its lists are strong evidence'
      : trust >= 0.65
        ? 'its lists are fair evidence'
        : 'a rare binary: its short lists are weak evidence';
  return `prevalence: ${parts.join(', ') || 'unknown'}; ${strength}.`;
}

function short(hash: string): string {
  return `${hash.slice(0, 8)}…`;
}
