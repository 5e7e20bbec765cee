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

/** The node one level up from `node`, or null at the root. */
export function treeParentOf(node: Element): Element | null {
  const level = Number(node.getAttribute('aria-level'));
  const nested = node.parentElement?.closest(NODE) ?? null;
  if (nested || !(level > 1)) return nested;
  // A flat tree: the nearest earlier item one level higher.
  for (
    let previous = node.previousElementSibling;
    previous;
    previous = previous.previousElementSibling
  ) {
    if (previous.matches(NODE) && Number(previous.getAttribute('aria-level')) === level - 1)
      return previous;
  }
  return null;
}

/** The nodes below `node`: nested in it, or the items after it in a flat tree, deeper than it. */
export function treeChildrenOf(node: Element): Element[] {
  const nested = [...node.querySelectorAll(NODE)];
  const level = Number(node.getAttribute('aria-level'));
  if (nested.length > 0 || !(level >= 1)) return nested;
  const below: Element[] = [];
  for (let next = node.nextElementSibling; next; next = next.nextElementSibling) {
    if (!next.matches(NODE)) continue;
    if (!(Number(next.getAttribute('aria-level')) > level)) break;
    below.push(next);
  }
  return below;
}
