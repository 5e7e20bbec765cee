import { findIndicators } from '../detect/find-indicators';
import { textTreeNodes } from './text-tree';
import type { Observation } from '../score/score-conformity';

export interface TextObservation {
  /** What to look up: a process name, or a hash when the text holds no process. */
  query: string;
  observation: Observation | null;
}

/**
 * Reads a selection or a pasted snippet (a name, a path, a hash, a command line, a Sysmon
 * line or a whole copied row) into what to look up and what the text says about it: the
 * process, its path, its parent and its hashes, paired by the same rules as on the page.
 *
 * @example observeText('Image: C:\\Windows\\System32\\cmd.exe\nParentImage: C:\\Windows\\explorer.exe')
 *   // { query: 'cmd.exe', observation: { name: 'cmd.exe', path: 'c:\\windows\\system32\\cmd.exe', parent: 'explorer.exe', … } }
 */
export function observeText(text: string, parentHint?: string | null): TextObservation | null {
  const snippet = text.slice(0, 20_000);
  // A copied table arrives tab-separated: with its header line it reads as a table; a row
  // alone reads best as "Key: value" lines.
  const asTable = snippet.includes('\t') ? findIndicators(snippet) : null;
  const labelled = asTable?.processes.some((p) => p.meaning.owner !== 'other');
  const indicators = labelled ? asTable! : findIndicators(snippet.replace(/\t/g, '\n'));
  const { processes, hashes } = indicators;
  const owned = (owner: string) =>
    processes.find(
      (p) => p.meaning.owner === owner && (p.meaning.kind === 'value' || p.commandHead),
    );
  // A lineage on one line ("explorer.exe → cmd.exe → x.exe", "x.exe was launched by
  // cmd.exe") is about its last child: the last link that is no one's parent.
  const lineage = snippet.includes('\n') ? null : textTreeNodes(snippet, processes);
  const parents = new Set(lineage ? [...lineage.values()].map((node) => node.parent) : []);
  const last = lineage
    ? ([...lineage.keys()].filter((m) => !parents.has(m.name)).pop() ?? null)
    : null;
  const process =
    last ??
    owned('process') ??
    processes.find((p) => p.meaning.owner !== 'parent' && p.meaning.owner !== 'grandparent') ??
    null;
  if (!process) {
    const hash = hashes[0];
    return hash ? { query: hash.value, observation: null } : null;
  }
  const parent =
    parentHint?.trim().toLowerCase().split(/[\\/]/).pop() ||
    (last ? lineage!.get(last)!.parent : null) ||
    owned('parent')?.name ||
    // A parent named by reference, or the kernel ("ParentImage: System").
    indicators.parents?.[0]?.name ||
    null;
  const hashOf = (type: 'md5' | 'sha1' | 'sha256') =>
    hashes.find(
      (h) =>
        h.type === type &&
        (!h.meaning || h.meaning.owner === 'process' || h.meaning.owner === 'other'),
    )?.value ?? null;
  const path =
    processes.filter((p) => p.name === process.name && p.path).map((p) => p.path)[0] ?? null;
  const original = processes.find(
    (p) => p.meaning.owner === 'process' && p.meaning.kind === 'original-name',
  );
  return {
    query: process.name,
    observation: {
      name: process.name,
      path,
      parent,
      md5: hashOf('md5'),
      sha1: hashOf('sha1'),
      sha256: hashOf('sha256'),
      ...(original ? { originalName: original.name } : {}),
    },
  };
}
