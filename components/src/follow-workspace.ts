import { ContextConsumer } from '@lit/context';
import type { LitElement } from 'lit';
import { EventSourceController, type SnapshotSource } from './event-source-controller.ts';
import { type WorkspaceSources, workspaceContext } from './workspace-context.ts';

/**
 * A controller whose `value` follows one source of the provided workspace (`<offgrid-workspace>`), switching
 * when the provider hands over another; `source` is the source itself, for its actions.
 */
export function followWorkspace<T, S extends SnapshotSource<T> = SnapshotSource<T>>(
  host: LitElement,
  pick: (sources: WorkspaceSources) => S | undefined,
): EventSourceController<T> & { readonly source: S | undefined } {
  const controller = new EventSourceController<T>(host);
  new ContextConsumer(host, {
    context: workspaceContext,
    subscribe: true,
    callback: (sources) => {
      controller.source = sources && pick(sources);
    },
  });
  return controller as EventSourceController<T> & { readonly source: S | undefined };
}
