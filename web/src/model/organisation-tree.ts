import type { Organisation } from '../api/types';
import { KIND_ORDER } from './organisations';

export interface OrganisationNode {
  organisation: Organisation;
  children: OrganisationNode[];
}

const collator = new Intl.Collator('zh-Hans-CN', { numeric: true });

function compare(a: OrganisationNode, b: OrganisationNode): number {
  return (
    KIND_ORDER[a.organisation.kind] - KIND_ORDER[b.organisation.kind] ||
    collator.compare(a.organisation.name, b.organisation.name)
  );
}

/**
 * The flat list the API returns, as a tree. The roots are the organisations whose parent the
 * caller cannot see: normally just the caller's own organisation.
 */
export function buildOrganisationTree(items: readonly Organisation[]): OrganisationNode[] {
  const byId = new Map<string, OrganisationNode>(
    items.map((organisation) => [organisation.id, { organisation, children: [] }]),
  );
  const roots: OrganisationNode[] = [];
  for (const node of byId.values()) {
    const parent = node.organisation.parentId ? byId.get(node.organisation.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (nodes: OrganisationNode[]) => {
    nodes.sort(compare);
    for (const node of nodes) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** The ids of the organisations whose name contains the text, with all their ancestors. */
export function matchingWithAncestors(items: readonly Organisation[], text: string): { matches: Set<string>; visible: Set<string> } {
  const needle = text.trim().toLowerCase();
  const byId = new Map(items.map((organisation) => [organisation.id, organisation]));
  const matches = new Set<string>();
  const visible = new Set<string>();
  if (!needle) return { matches, visible };
  for (const organisation of items) {
    if (!organisation.name.toLowerCase().includes(needle)) continue;
    matches.add(organisation.id);
    let current: Organisation | undefined = organisation;
    while (current && !visible.has(current.id)) {
      visible.add(current.id);
      current = current.parentId ? byId.get(current.parentId) : undefined;
    }
  }
  return { matches, visible };
}

export interface TreeSelectNode {
  value: string;
  title: string;
  children?: TreeSelectNode[];
}

/** The tree in the shape antd's TreeSelect takes. */
export function toTreeSelectData(nodes: readonly OrganisationNode[]): TreeSelectNode[] {
  return nodes.map((node) => ({
    value: node.organisation.id,
    title: node.organisation.name,
    children: node.children.length ? toTreeSelectData(node.children) : undefined,
  }));
}
