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
import { isLineageLabel } from '../detect/classify-field';

/** What a text tree says of the first process on one of its lines. */
export interface TextTreeNode {
  /** The name of the node one level up, or null for a root. */
  parent: string | null;
}

/** A process mention as far as trees need it: where it stands, and its name. */
type NamedSpan = { start: number; end: number; name: string };

/** Mentions in the order the text gives them. */
const inTextOrder = <M extends NamedSpan>(mentions: readonly M[]): M[] =>
  [...mentions].sort((a, b) => a.start - b.start);

/** A process's PID written after it: "(4242)", "[pid 4242]", "(PID: 4242)". */
const PID = String.raw`[([]\s*(?:pid\s*[:=]?\s*)?\d+\s*[)\]]`;

/** The text before and after a span on its own line. */
export function lineAround(
  text: string,
  start: number,
  end: number,
): { before: string; after: string } {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  return {
    before: text.slice(lineStart, start),
    after: text.slice(end, newline < 0 ? text.length : newline),
  };
}

const NO_NODES: ReadonlyMap<unknown, TextTreeNode> = new Map();

/** What a tree drawn in text puts before a node's name: indentation, branches, stems, bullets. */
const DRAWING = '\\s│├└─┬┌╰╭╠╚═|+\\-\\\\_>*`·.';
const PREFIX = new RegExp(`^[${DRAWING}]*$`);
/** One character of that drawing (a line starting with one goes on a tree above it). */
export const TREE_DRAWING = new RegExp(`[${DRAWING}]`);
const BRANCH = /[│├└╰╭┬╠╚]|\+-|\|-|\|_|\\_|`-/;

/**
 * The tree nodes among `mentions` (processes found in `text`, with their start offsets): a map
 * from each node mention to its parent's name. Roots appear only when they have a child. Empty
 * when the text draws no tree.
 */
export function textTreeNodes<M extends NamedSpan>(
  text: string,
  mentions: readonly M[],
): ReadonlyMap<M, TextTreeNode> {
  if (mentions.length < 2) return NO_NODES as Map<M, TextTreeNode>;
  if (ARROW_HINT.test(text)) {
    const chain = lineageNodes(text, mentions);
    if (chain.size > 0) return chain;
  }
  if (PROSE_HINT.test(text)) {
    const told = proseNodes(text, mentions);
    if (told.size > 0) return told;
  }
  // Most text is one line: no map for it (this runs for every segment of a page).
  if (!text.includes('\n')) return NO_NODES as Map<M, TextTreeNode>;
  const nodes = new Map<M, TextTreeNode>();
  const lines: Array<{ mention: M; depth: number; branch: boolean }> = [];
  let lineStart = 0;
  let next = 0;
  const sorted = inTextOrder(mentions);
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
  // The nearest line above that stands less deep: kept on a stack of ever deeper lines, so a
  // long flat list costs one step a line, not a look back over all of it.
  const open: Array<{ mention: M; depth: number }> = [];
  for (const line of lines) {
    while (open.length > 0 && open[open.length - 1]!.depth >= line.depth) open.pop();
    const above = open[open.length - 1];
    if (above) {
      nodes.set(line.mention, { parent: above.mention.name });
      hasChild.add(above.mention);
    }
    open.push(line);
  }
  for (const line of lines) {
    if (!nodes.has(line.mention) && hasChild.has(line.mention))
      nodes.set(line.mention, { parent: null });
  }
  return nodes;
}

/**
 * Right-pointing arrows that consoles and tickets draw between the links of a lineage: the
 * Arrows block's (→ ⇒ ⇢ ⇨ ↦ ↪ ⇾), guillemets and triangles (» › ▸ ▶ ►), the dingbats'
 * (➔ … ➨), the long ones (⟶ ⟹) and ⮕. A left arrow would read the chain backwards: not one.
 */
const RIGHT_ARROWS = '→⇒⇢⇨↦↪⇀⇉⇛⇝⇾»›▸▶►▹▻➔➙➛➜➝➞➟➠➡➢➣➤➥➦➧➨⟶⟹⟾⮕>';
const ARROW_HINT = new RegExp(`[${RIGHT_ARROWS}]`);
/** Longest text between two links: an arrow, spaces and a PID. */
const MAX_LINK_CHARS = 40;
/** Between two links of a lineage: an optional PID, then an arrow. */
const LINK = new RegExp(String.raw`^\s*(?:${PID})?\s*(?:-{1,2}>|=>|[${RIGHT_ARROWS}])\s*$`, 'i');
/**
 * Before a lineage's first link, on its line: nothing, a time ("10:00:05 ", an ISO stamp)
 * and a short label ("Lineage: ").
 */
const MAX_LABEL_CHARS = 60;
const CHAIN_START = /^[ \t]*(?:\d[\d:./TZ+-]{3,29}[ \t]+)?(?:[A-Za-z][\w .()/-]{0,40}:[ \t]*)?$/;

/**
 * A lineage written on one line, as EDR alert lists and tickets show it:
 * `explorer.exe → cmd.exe → powershell.exe`, `winword.exe (4120) > cmd.exe`. Each link's
 * parent is the one before it. It must open its line (or follow a short label), so a
 * command line's redirection (`cmd /c type a.exe > b.exe`) is not read as one.
 */
function lineageNodes<M extends NamedSpan>(
  text: string,
  mentions: readonly M[],
): Map<M, TextTreeNode> {
  const nodes = new Map<M, TextTreeNode>();
  const sorted = inTextOrder(mentions);
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

/** Words of an alert's description that tell who started whom. */
const PROSE_HINT = /spawn|launch|start|creat|execut|\bran\b|\bruns?\b|invok|child|parent/i;
/** Longest text between the two processes of one statement. */
const MAX_PROSE_GAP = 80;
/** An optional PID after the first name: "powershell.exe (PID 4242)". */
const PID_AFTER_NAME = String.raw`(?:\s*${PID})?`;
/** "A was launched by B", "A, started by the parent process B": B started A. */
const STARTED_BY = new RegExp(
  String.raw`^${PID_AFTER_NAME}\s*,?\s*(?:(?:was|is|has\s+been|had\s+been|got)\s+)?(?:launched|spawned|started|created|executed|invoked|run)\s+by\s+(?:the\s+|an?\s+)?(?:parent\s+)?(?:process\s+)?$`,
  'i',
);
/**
 * "A spawned B", "A, which then ran B", "A launched a child process B", Carbon Black's "The
 * application A invoked another application (B)": A started B.
 */
const STARTED = new RegExp(
  String.raw`^${PID_AFTER_NAME}\s*,?\s*(?:(?:which|that|and|then|who)\s+)*(?:has\s+|had\s+)?(?:spawned|spawns|launched|launches|started|starts|created|creates|executed|executes|ran|runs|invoked|invokes)\s+(?:an?\s+|the\s+|another\s+)?(?:new\s+)?(?:child\s+)?(?:(?:process|application|program)\s*(?:\(\s*)?)?$`,
  'i',
);
/**
 * "A, a child of B", "A with parent B", "rundll32.exe of parent excel.exe", "A (parent: B)",
 * "A, parent=B": B started A.
 */
const CHILD_OF = new RegExp(
  String.raw`^${PID_AFTER_NAME}\s*(?:[,(]?\s*(?:(?:is|was)\s+)?(?:an?\s+|the\s+)?(?:child(?:\s+process)?\s+of|(?:with|of|under)\s+(?:the\s+)?parent(?:\s+process)?:?)\s+(?:the\s+)?(?:process\s+)?|[,(;]\s*parent(?:\s+process)?(?:\s+name)?\s*(?:[:=]\s*|\s+))$`,
  'i',
);

/**
 * Who started whom, as an alert's description says it in words: "The process powershell.exe
 * was launched by winword.exe", "winword.exe spawned cmd.exe, which then ran x.exe",
 * "child process rundll32.exe of parent excel.exe". Only two processes next to each other in
 * one sentence, with nothing but those words between them, are paired.
 */
function proseNodes<M extends NamedSpan>(
  text: string,
  mentions: readonly M[],
): Map<M, TextTreeNode> {
  const nodes = new Map<M, TextTreeNode>();
  const sorted = inTextOrder(mentions);
  const link = (parent: M, child: M) => {
    if (parent.name === child.name || nodes.get(child)?.parent) return;
    nodes.set(child, { parent: parent.name });
    if (!nodes.has(parent)) nodes.set(parent, { parent: null });
  };
  for (let i = 0; i < sorted.length - 1; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    if (b.start < a.end) continue;
    const gap = text.slice(a.end, b.start);
    if (b.start - a.end <= MAX_PROSE_GAP) {
      if (STARTED.test(gap)) link(a, b);
      else if (STARTED_BY.test(gap) || CHILD_OF.test(gap)) link(b, a);
      if (nodes.has(b)) continue;
    }
    // Elastic's timeline: "… started process cmd.exe (1234) C:\…\cmd.exe /c x via parent
    // process explorer.exe (4321)": the arguments stand between, and the process is the name
    // after "started process" (its path and arguments may name others).
    if (gap.length > MAX_STATEMENT_CHARS || !VIA_PARENT.test(gap) || gap.includes('\n')) continue;
    let child = a;
    for (let j = i; j >= 0; j--) {
      const m = sorted[j]!;
      const before = text.slice(Math.max(0, m.start - 40), m.start);
      if (j < i && STATEMENT_END.test(text.slice(m.end, sorted[j + 1]!.start))) break;
      if (PROCESS_WORD.test(before)) {
        child = m;
        break;
      }
    }
    for (let j = sorted.indexOf(child); j <= i; j++)
      if (sorted[j]!.name === child.name) link(b, sorted[j]!);
  }
  return nodes;
}

/** Longest text from a process to "via parent process" (its arguments stand between). */
const MAX_STATEMENT_CHARS = 400;
const VIA_PARENT = /\b(?:via|with)\s+(?:the\s+)?parent(?:\s+process)?\s*:?\s*$/i;
const PROCESS_WORD =
  /\b(?:started|created|spawned|launched|running|ran|executed)\s+(?:the\s+|a\s+)?process\s*$/i;
const STATEMENT_END = /[.;!?](?:\s|$)|\n/;

/**
 * A lineage drawn one link per line (icons or boxes between the links, no arrow in the text),
 * under a label that says it is one ("Process lineage", "Ancestry", "Process chain"): each
 * link's parent is the one above it. Every link must stand alone on its line.
 */
export function listedLineage<M extends NamedSpan>(
  text: string,
  mentions: readonly M[],
  label: string | null,
): ReadonlyMap<M, TextTreeNode> {
  if (mentions.length < 2 || !isLineageLabel(label)) return NO_NODES as Map<M, TextTreeNode>;
  const sorted = inTextOrder(mentions);
  const nodes = new Map<M, TextTreeNode>();
  let previous: M | null = null;
  for (const m of sorted) {
    const { before, after } = lineAround(text, m.start, m.end);
    if (before.trim() || !PID_ALONE.test(after)) return NO_NODES as Map<M, TextTreeNode>;
    nodes.set(m, { parent: previous?.name ?? null });
    previous = m;
  }
  return nodes;
}

/** After a link, on its line: nothing, or its PID ("winword.exe (5532)"). */
const PID_ALONE = new RegExp(String.raw`^\s*(?:${PID})?\s*$`, 'i');
