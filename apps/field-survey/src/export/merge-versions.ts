/**
 * Columns for exporting submissions made with several versions of a form: the current version's fields, then the
 * fields that only older versions have (a question removed in a later version keeps its column), so an export
 * never drops what was collected. Portable.
 */
import type { Form, FormNode } from '../form/form-model.ts';

/** `current` with the fields and repeats that only `older` versions have appended where they belonged. */
export function mergeVersions(current: Form, older: readonly Form[]): Form {
  let children = current.children;
  const choices = { ...current.choices };
  for (const form of older) {
    if (form.version === current.version) continue;
    children = mergeNodes(children, form.children);
    for (const [list, items] of Object.entries(form.choices)) choices[list] ??= items;
  }
  return { ...current, children, choices };
}

function names(nodes: readonly FormNode[], out = new Set<string>()): Set<string> {
  for (const node of nodes) {
    out.add(node.name);
    if (node.kind !== 'field') names(node.children, out);
  }
  return out;
}

function mergeNodes(current: readonly FormNode[], older: readonly FormNode[]): FormNode[] {
  const merged = [...current];
  const present = names(current);
  const visit = (nodes: readonly FormNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'group') visit(node.children);
      else if (node.kind === 'repeat') {
        const at = merged.findIndex((n) => n.kind === 'repeat' && n.name === node.name);
        const same = merged[at];
        if (same?.kind === 'repeat')
          merged[at] = { ...same, children: mergeNodes(same.children, node.children) };
        else if (!present.has(node.name)) merged.push(node);
      } else if (!present.has(node.name)) merged.push(node);
    }
  };
  visit(older);
  return merged;
}
