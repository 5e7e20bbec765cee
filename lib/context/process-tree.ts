/**
 * Process trees: nested list items (`ul > li > ul > li`), ARIA trees (`role="treeitem"` inside
 * `role="group"`), and flat ARIA trees whose items carry `aria-level`. A node's parent is the
 * node one level up.
 */
const NODE = 'li,[role="treeitem"]';

/** The tree node whose own text `block` is, or null outside any list or tree. */
export function treeNodeOf(block: Element): Element | null {
  return block.closest(NODE);
}

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
