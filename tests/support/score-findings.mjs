// Compares a PageFindings answer with a fixture's expected.json. Shared by the happy-dom
// corpus test and the real-Chromium e2e tests, so both hold the page to the same standard.

/**
 * @typedef {{ processes: Record<string, { occurrences: number, paths: string[], contexts: Array<Record<string, string>> }>,
 *             hashes: Record<string, { type: string, occurrences: number }> }} Expected
 * @typedef {{ truePositives: number, found: number, expected: number, pairsMatched: number, pairsUnion: number, problems: string[] }} PageScore
 */

const pairKey = (name, c) =>
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
 * Indicators are counted per occurrence (processes by name, hashes by value); pairings
 * compare each distinct (name, role, path, parent, hashes) context, and an extra context
 * counts against accuracy like a missing one.
 * @param {import('../../lib/findings').PageFindings} findings
 * @param {Expected} expected
 * @returns {PageScore}
 */
export function scorePage(findings, expected) {
  const problems = [];
  let truePositives = 0;
  let found = 0;
  let total = 0;
  const count = (kind, id, got, want) => {
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
