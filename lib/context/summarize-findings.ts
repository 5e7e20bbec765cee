import type { FindingContext, HashType, PageFindings, ProcessFinding } from '../findings';

/** What a summary needs of each occurrence (an analysis result or the scanner's index). */
export interface Occurrences {
  processes: Iterable<{ name: string; path: string | null; context: FindingContext }>;
  hashes: Iterable<{ value: string; type: HashType }>;
}

/**
 * Folds occurrences into the public `PageFindings` shape: one entry per process name with its
 * occurrence count, distinct paths and distinct contexts, and one per hash. Order is first
 * appearance on the page.
 */
export function summarizeFindings(
  url: string,
  analysis: Occurrences,
  notices: string[] = [],
  complete = true,
): PageFindings {
  const processes = new Map<string, ProcessFinding & { contextKeys: Set<string> }>();
  for (const occurrence of analysis.processes) {
    let entry = processes.get(occurrence.name);
    if (!entry)
      processes.set(
        occurrence.name,
        (entry = {
          name: occurrence.name,
          occurrences: 0,
          paths: [],
          contexts: [],
          contextKeys: new Set(),
        }),
      );
    entry.occurrences++;
    // Paths as written, and a path written in two fields (a folder beside the name).
    for (const path of [occurrence.path, occurrence.context.path])
      if (path && !entry.paths.includes(path)) entry.paths.push(path);
    const key = contextKey(occurrence.context);
    if (!entry.contextKeys.has(key)) {
      entry.contextKeys.add(key);
      // The public shape: the original name only ever informs the score.
      const { originalName: _internal, ...context } = occurrence.context;
      entry.contexts.push({ ...context, flags: [...context.flags] });
    }
  }
  const hashes = new Map<string, PageFindings['hashes'][number]>();
  for (const hash of analysis.hashes) {
    const entry = hashes.get(hash.value);
    if (entry) entry.occurrences++;
    else hashes.set(hash.value, { value: hash.value, type: hash.type, occurrences: 1 });
  }
  return {
    version: 1,
    url,
    complete,
    processes: [...processes.values()].map(({ contextKeys: _unused, ...finding }) => finding),
    hashes: [...hashes.values()],
    notices,
  };
}

function contextKey(c: FindingContext): string {
  return [c.role, c.path, c.parent, c.md5, c.sha1, c.sha256, c.score, c.flags.join(',')].join('|');
}
