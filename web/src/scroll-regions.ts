// Keyboard users reach what scrolls: a table wider than its card (antd's `.ant-table-content`, or
// `.ant-table-body` with a fixed header) scrolls sideways inside its own box, and a box that scrolls
// must take the focus so that the arrow keys move it (WCAG 2.1.1; axe's scrollable-region-focusable).
// antd sets no tabindex on them, so one observer of the document gives each such box tabindex="0".
const SCROLLERS = '.ant-table-content, .ant-table-body';

function mark(root: ParentNode) {
  for (const element of root.querySelectorAll<HTMLElement>(SCROLLERS)) {
    if (!element.hasAttribute('tabindex')) element.tabIndex = 0;
  }
}

export function makeScrollRegionsFocusable(root: HTMLElement = document.body): () => void {
  mark(root);
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      mark(root);
    });
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
