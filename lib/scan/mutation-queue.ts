/**
 * Watches roots (the document, open shadow roots, same-origin frame documents) with one
 * MutationObserver each. The observer callback only queues nodes: all work happens later, in
 * the scanner's time slices, which also decide which nodes matter (a chart redrawn with
 * 2,000 shapes does not). More than `RESCAN_THRESHOLD` nodes that matter are cheaper to
 * handle as one rescan of their root than node by node.
 */
export const RESCAN_THRESHOLD = 1000;
/** Past this many queued nodes the queue stops keeping them and asks for a rescan of the root. */
const QUEUE_LIMIT = 20_000;

export interface QueuedChanges {
  /** Added nodes. */
  nodes: Node[];
  /** Text nodes whose text changed (a ticking clock as much as a new process name: the
   * scanner tells them apart in its slice). */
  changedText: Node[];
  /** Roots to rescan whole (a batch over the queue's limit). */
  roots: Node[];
  /** True when nodes were removed or text changed: stale occurrences must be dropped. */
  stale: boolean;
  /** Elements whose `class`, `style`, `hidden`, `aria-hidden` or `open` changed (text may show). */
  restyled: Element[];
}

/** Attributes whose change can show text that was hidden (a tab, an accordion, a `<details>`). */
const REVEALING_ATTRIBUTES = ['class', 'style', 'hidden', 'aria-hidden', 'open'];

export class MutationQueue {
  readonly #observers = new Map<Node, MutationObserver>();
  #nodes = new Set<Node>();
  #changedText = new Set<Node>();
  #roots = new Set<Node>();
  #stale = false;
  #restyled = new Set<Element>();

  /**
   * `wantsRestyles` says whether attribute changes matter now (some hidden text is being
   * watched); when it does not, they are ignored without waking the scanner.
   */
  constructor(
    private readonly isOwnNode: (node: Node) => boolean,
    private readonly onQueued: () => void,
    private readonly wantsRestyles: () => boolean = () => false,
    private readonly limit = QUEUE_LIMIT,
  ) {}

  observe(root: Document | ShadowRoot): void {
    if (this.#observers.has(root)) return;
    const view = (root.ownerDocument ?? (root as Document)).defaultView;
    if (!view) return;
    const observer = new view.MutationObserver((records) => this.#queue(root, records));
    observer.observe(root, {
      childList: true,
      subtree: true,
      characterData: true,
      attributeFilter: REVEALING_ATTRIBUTES,
    });
    this.#observers.set(root, observer);
  }

  unobserve(root: Node): void {
    this.#observers.get(root)?.disconnect();
    this.#observers.delete(root);
  }

  #queue(root: Node, records: MutationRecord[]): void {
    const restyles = this.wantsRestyles();
    for (const record of records) {
      if (record.type === 'attributes') {
        if (restyles && !this.isOwnNode(record.target))
          this.#restyled.add(record.target as Element);
        continue;
      }
      if (this.isOwnNode(record.target)) continue;
      if (record.type === 'characterData') {
        this.#changedText.add(record.target);
        continue;
      }
      if (record.removedNodes.length > 0) this.#stale = true;
      for (const node of record.addedNodes) if (!this.isOwnNode(node)) this.#nodes.add(node);
    }
    if (this.#nodes.size > this.limit) {
      this.#nodes.clear();
      this.#roots.add(root);
      this.#stale = true;
    }
    // A page toggling classes for its own animations does not wake the scanner.
    if (this.pending) this.onQueued();
  }

  get pending(): boolean {
    return (
      this.#nodes.size > 0 ||
      this.#changedText.size > 0 ||
      this.#roots.size > 0 ||
      this.#stale ||
      this.#restyled.size > 0
    );
  }

  /** Hands over everything queued so far and starts a new batch. */
  take(): QueuedChanges {
    const changes = {
      nodes: [...this.#nodes],
      changedText: [...this.#changedText],
      roots: [...this.#roots],
      stale: this.#stale,
      restyled: [...this.#restyled],
    };
    this.#nodes = new Set();
    this.#changedText = new Set();
    this.#roots = new Set();
    this.#stale = false;
    this.#restyled = new Set();
    return changes;
  }

  disconnect(): void {
    for (const observer of this.#observers.values()) observer.disconnect();
    this.#observers.clear();
  }
}
