import type { FindingContext, PageFindings } from '@/lib/findings';

/** A fixture's sidecar: every process and hash on the page, with counts and pairings. */
export interface Expected {
  processes: Record<
    string,
    {
      occurrences: number;
      paths: string[];
      contexts: Array<Partial<FindingContext> & { role: string }>;
    }
  >;
  hashes: Record<string, { type: string; occurrences: number }>;
}

export interface PageScore {
  truePositives: number;
  found: number;
  expected: number;
  pairsMatched: number;
  pairsUnion: number;
  problems: string[];
}

const pairKey = (name: string, c: Partial<FindingContext>) =>
  [
    name,
    c.role,
    c.path ?? null,
    c.parent ?? null,
    c.md5 ?? null,
    c.sha1 ?? null,
    c.sha256 ?? null,
  ].join(' | ');

/**
 * Compares findings with a fixture's expectations. Indicators are counted per occurrence
 * (processes by name, hashes by value); pairings compare each distinct (name, role, path,
 * parent, hashes) context, and an extra context counts against accuracy like a missing one.
 */
export function scorePage(findings: PageFindings, expected: Expected): PageScore {
  const problems: string[] = [];
  let truePositives = 0;
  let found = 0;
  let total = 0;
  const count = (kind: string, id: string, got: number, want: number) => {
    truePositives += Math.min(got, want);
    found += got;
    total += want;
    if (got !== want) problems.push(`${kind} ${id}: found ${got}, expected ${want}`);
  };
  const gotProcesses = new Map(findings.processes.map((p) => [p.name, p]));
  for (const name of new Set([...gotProcesses.keys(), ...Object.keys(expected.processes)])) {
    count(
      'process',
      name,
      gotProcesses.get(name)?.occurrences ?? 0,
      expected.processes[name]?.occurrences ?? 0,
    );
    const gotPaths = [...(gotProcesses.get(name)?.paths ?? [])].sort();
    const wantPaths = [...(expected.processes[name]?.paths ?? [])].sort();
    if (JSON.stringify(gotPaths) !== JSON.stringify(wantPaths))
      problems.push(`paths of ${name}: ${JSON.stringify(gotPaths)} ≠ ${JSON.stringify(wantPaths)}`);
  }
  const gotHashes = new Map(findings.hashes.map((h) => [h.value, h]));
  for (const value of new Set([...gotHashes.keys(), ...Object.keys(expected.hashes)])) {
    const got = gotHashes.get(value);
    const want = expected.hashes[value];
    count('hash', value.slice(0, 12), got?.occurrences ?? 0, want?.occurrences ?? 0);
    if (got && want && got.type !== want.type)
      problems.push(`hash ${value.slice(0, 12)}: type ${got.type} ≠ ${want.type}`);
  }

  const gotPairs = new Set(
    findings.processes.flatMap((p) => p.contexts.map((c) => pairKey(p.name, c))),
  );
  const wantPairs = new Set(
    Object.entries(expected.processes).flatMap(([name, p]) =>
      p.contexts.map((c) => pairKey(name, c)),
    ),
  );
  const union = new Set([...gotPairs, ...wantPairs]);
  let pairsMatched = 0;
  for (const pair of union) {
    if (gotPairs.has(pair) && wantPairs.has(pair)) pairsMatched++;
    else problems.push(`${gotPairs.has(pair) ? 'unexpected' : 'missing'} context: ${pair}`);
  }
  return { truePositives, found, expected: total, pairsMatched, pairsUnion: union.size, problems };
}
