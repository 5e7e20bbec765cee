/**
 * Process trees drawn as text, as analysts paste them into tickets and EDR exports print them:
 *
 *     explorer.exe (4120)
 *     └─ cmd.exe /c run.bat
 *        ├─ conhost.exe
 *        └─ powershell.exe -nop
 *
 * A line whose first process stands after nothing but indentation and tree glyphs is a node;
 * its depth is that prefix's width, and its parent is the nearest node above it that stands
 * less deep. Text counts as a tree only when some line draws a branch (`├ └ │ ╰ +- |- \_`),
 * so an indented list of commands is not read as one.
 */

/** What a text tree says of the first process on one of its lines. */
export interface TextTreeNode {
  /** The name of the node one level up, or null for a root. */
  parent: string | null;
}

const NO_NODES: ReadonlyMap<unknown, TextTreeNode> = new Map();

const PREFIX = /^[\s│├└─┬┌╰╭╠╚═|+\-\\_>*`·.]*$/;
const BRANCH = /[│├└╰╭┬╠╚]|\+-|\|-|\|_|\\_|`-/;

/**
 * The tree nodes among `mentions` (processes found in `text`, with their start offsets): a map
 * from each node mention to its parent's name. Roots appear only when they have a child. Empty
 * when the text draws no tree.
 */
export function textTreeNodes<M extends { start: number; end: number; name: string }>(
  text: string,
  mentions: readonly M[],
): ReadonlyMap<M, TextTreeNode> {
  if (mentions.length < 2) return NO_NODES as Map<M, TextTreeNode>;
  if (ARROW_HINT.test(text)) {
    const chain = lineageNodes(text, mentions);
    if (chain.size > 0) return chain;
  }
  // Most text is one line: no map for it (this runs for every segment of a page).
  if (!text.includes('\n')) return NO_NODES as Map<M, TextTreeNode>;
  const nodes = new Map<M, TextTreeNode>();
  const lines: Array<{ mention: M; depth: number; branch: boolean }> = [];
  let lineStart = 0;
  let next = 0;
  const sorted = [...mentions].sort((a, b) => a.start - b.start);
  for (const line of text.split('\n')) {
    const lineEnd = lineStart + line.length;
    while (next < sorted.length && sorted[next]!.start < lineStart) next++;
    const first = sorted[next];
    if (first && first.start <= lineEnd) {
      const prefix = text.slice(lineStart, first.start);
      if (PREFIX.test(prefix))
        lines.push({ mention: first, depth: prefix.length, branch: BRANCH.test(prefix) });
    }
    lineStart = lineEnd + 1;
  }
  if (lines.length < 2 || !lines.some((l) => l.branch)) return nodes;
  const hasChild = new Set<M>();
  lines.forEach((line, i) => {
    for (let j = i - 1; j >= 0; j--) {
      if (lines[j]!.depth < line.depth) {
        nodes.set(line.mention, { parent: lines[j]!.mention.name });
        hasChild.add(lines[j]!.mention);
        return;
      }
    }
  });
  for (const line of lines) {
    if (!nodes.has(line.mention) && hasChild.has(line.mention))
      nodes.set(line.mention, { parent: null });
  }
  return nodes;
}

const ARROW_HINT = /[→⇒»›▸➜⟶>]/;
/** Longest text between two links: an arrow, spaces and a PID. */
const MAX_LINK_CHARS = 40;
/** Between two links of a lineage: an optional PID, then an arrow. */
const LINK = /^\s*(?:[([]\s*(?:pid\s*[:=]?\s*)?\d+\s*[)\]])?\s*(?:-{1,2}>|=>|[→⇒»›▸➜⟶>])\s*$/i;
/** Before a lineage's first link, on its line: nothing, or a short label ("Lineage: "). */
const MAX_LABEL_CHARS = 60;
const CHAIN_START = /^[ \t]*(?:[A-Za-z][\w .()/-]{0,40}:[ \t]*)?$/;

/**
 * A lineage written on one line, as EDR alert lists and tickets show it:
 * `explorer.exe → cmd.exe → powershell.exe`, `winword.exe (4120) > cmd.exe`. Each link's
 * parent is the one before it. It must open its line (or follow a short label), so a
 * command line's redirection (`cmd /c type a.exe > b.exe`) is not read as one.
 */
function lineageNodes<M extends { start: number; end: number; name: string }>(
  text: string,
  mentions: readonly M[],
): Map<M, TextTreeNode> {
  const nodes = new Map<M, TextTreeNode>();
  const sorted = [...mentions].sort((a, b) => a.start - b.start);
  for (let i = 0; i < sorted.length - 1; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    if (b.start - a.end > MAX_LINK_CHARS || !LINK.test(text.slice(a.end, b.start))) continue;
    if (!nodes.has(a)) {
      const lineStart = text.lastIndexOf('\n', a.start - 1) + 1;
      if (
        a.start - lineStart > MAX_LABEL_CHARS ||
        !CHAIN_START.test(text.slice(lineStart, a.start))
      )
        continue;
      nodes.set(a, { parent: null });
    }
    nodes.set(b, { parent: a.name });
  }
  return nodes;
}
