/**
 * Process trees: nested list items (`ul > li > ul > li`), ARIA trees (`role="treeitem"` inside
 * `role="group"`), flat ARIA trees whose items carry `aria-level`, and trees of nested
 * elements that a console's tree component names as nodes (`<div class="process-tree-node">`
 * inside another, Elastic's `data-test-subj="…processTreeNode"`). A node's parent is the node
 * one level up.
 */
const NODE = 'li,[role="treeitem"]';
/** A class or test id that names a tree's node: "tree-node", "ProcessTreeNode", "tree_item". */
const NODE_NAME = /^(?:[\w-]*(?:tree|process|proc)[-_]?(?:node|item)|node)$/i;
/** How far above a block of text its tree node may be (the node's own header and label). */
const MAX_NODE_DEPTH = 4;

/**
 * The tree node whose own text `block` is, or null outside any list or tree. `nested`
 * remembers, for one pass, which named elements are nodes of a tree (many blocks share one).
 */
export function treeNodeOf(
  block: Element,
  nested: Map<Element, boolean> = new Map(),
): Element | null {
  const listed = block.closest(NODE);
  let element: Element | null = block;
  for (let depth = 0; element && depth < MAX_NODE_DEPTH; depth++) {
    if (element === listed) return listed;
    if (isNestedNode(element, nested)) return element;
    element = element.parentElement;
  }
  return listed;
}

/** Whether a named node nests in, or holds, another of its name (a list item's "node" header does not). */
function isNestedNode(element: Element, nested: Map<Element, boolean>): boolean {
  let answer = nested.get(element);
  if (answer === undefined) {
    const name = nodeNameOf(element);
    answer = !!name && (namedParent(element, name) !== null || hasNamedChild(element, name));
    nested.set(element, answer);
  }
  return answer;
}

/** The name by which a tree component marks its nodes, on this element, or null. */
function nodeNameOf(element: Element): string | null {
  if (!element.hasAttributes()) return null;
  for (const token of element.classList) if (NODE_NAME.test(token)) return token;
  for (const attribute of TEST_IDS) {
    const id = element.getAttribute(attribute);
    const last = id?.split(/[:.]/).pop();
    if (last && NODE_NAME.test(last)) return last;
  }
  return null;
}
const TEST_IDS = ['data-test-subj', 'data-testid', 'data-test-id'];

/** Whether an element below `node` is marked with the same node name. */
function hasNamedChild(node: Element, name: string): boolean {
  const escaped = name.replace(/["\\]/g, '\\$&');
  return (
    node.querySelector(
      `[class~="${escaped}"],${TEST_IDS.map((a) => `[${a}$="${escaped}"]`).join(',')}`,
    ) !== null
  );
}

/**
 * The nearest element above `node` marked with the same node name, or null. A node's parent
 * node stands a few levels up (node, children box, node): the climb stops there, so a page
 * nesting thousands of nodes costs a few steps per node.
 */
function namedParent(node: Element, name: string): Element | null {
  let up = node.parentElement;
  for (let depth = 0; up && depth < MAX_PARENT_DEPTH; depth++, up = up.parentElement)
    if (nodeNameOf(up) === name) return up;
  return null;
}
const MAX_PARENT_DEPTH = 12;

/**
 * The node one level up from `node`, or null at the root. `known` remembers answers for one
 * pass: in a flat tree, an earlier sibling's known parent is this node's too, so a list of
 * thousands of siblings is not scanned back once per item.
 */
export function treeParentOf(node: Element, known: Map<Element, Element | null>): Element | null {
  const remembered = known.get(node);
  if (remembered !== undefined) return remembered;
  const parent = findTreeParent(node, known);
  known.set(node, parent);
  return parent;
}

function findTreeParent(node: Element, known: Map<Element, Element | null>): Element | null {
  const name = node.matches(NODE) ? null : nodeNameOf(node);
  if (name) return namedParent(node, name);
  const level = Number(node.getAttribute('aria-level'));
  const nested = node.parentElement?.closest(NODE) ?? null;
  if (nested || !(level > 1)) return nested;
  // A flat tree: the nearest earlier item one level higher; an item less deep than that ends
  // this node's branch.
  for (
    let previous = node.previousElementSibling;
    previous;
    previous = previous.previousElementSibling
  ) {
    if (!previous.matches(NODE)) continue;
    const previousLevel = Number(previous.getAttribute('aria-level'));
    if (previousLevel === level - 1) return previous;
    if (previousLevel < level - 1) return null;
    if (previousLevel === level) {
      const sibling = known.get(previous);
      if (sibling !== undefined) return sibling;
    }
  }
  return null;
}

/**
 * The nodes that have a node named in `named` somewhere below them (nested in them, or deeper
 * after them in a flat tree), each found once by walking up from the named nodes.
 */
export function nodesAboveNamed(
  named: Iterable<Element>,
  known: Map<Element, Element | null>,
): Set<Element> {
  const above = new Set<Element>();
  for (const node of named)
    for (let up = treeParentOf(node, known); up && !above.has(up); up = treeParentOf(up, known))
      above.add(up);
  return above;
}
