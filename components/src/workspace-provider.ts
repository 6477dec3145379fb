import { ContextProvider } from '@lit/context';
import { css, html, LitElement } from 'lit';
import type { NearbyPeer } from './types.ts';
import {
  type InviteSource,
  type ShareSource,
  type WorkspaceSources,
  workspaceContext,
} from './workspace-context.ts';
import { presenceSource, statusSource, ValueSource, type WorkspaceLike } from './workspace-sources.ts';

/**
 * `<offgrid-workspace>`: hand a framework `Workspace` over once, and every element inside follows it — the sync
 * status, the people on `document`, the devices nearby (`peers`), share and import (`share`, a `NearbyShare`),
 * invite and join (`invite`). It renders only its children (`display: contents`).
 *
 * Properties: `workspace` (`Workspace`), `document` (the document whose people `<offgrid-presence>` shows),
 * `share` (`NearbyShare`), `peers` (`NearbyPeer[]`: names and marks of the devices nearby), `invite`
 * (an `InviteSource`).
 *
 * @example
 * <offgrid-workspace .workspace=${workspace} .share=${share} document="shopping">
 *   <offgrid-sync-status></offgrid-sync-status> <offgrid-presence></offgrid-presence>
 *   <offgrid-import-nearby></offgrid-import-nearby>
 * </offgrid-workspace>
 */
export class OffgridWorkspace extends LitElement {
  static override properties = {
    workspace: { attribute: false },
    document: { type: String },
    share: { attribute: false },
    peers: { attribute: false },
    invite: { attribute: false },
  };
  static override styles = css`:host { display: contents; }`;

  declare workspace: WorkspaceLike | undefined;
  declare document: string | undefined;
  declare share: ShareSource | undefined;
  declare peers: readonly NearbyPeer[] | undefined;
  declare invite: InviteSource | undefined;
  readonly #provider = new ContextProvider(this, { context: workspaceContext, initialValue: undefined });
  readonly #peers = new ValueSource<readonly NearbyPeer[]>([]);
  #status: WorkspaceSources['status'];
  #presence: WorkspaceSources['presence'];

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('peers')) this.#peers.set(this.peers ?? []);
    if (!['workspace', 'document', 'share', 'peers', 'invite'].some((key) => changed.has(key))) return;
    const workspace = this.workspace;
    // New sources only for a new workspace or document: elements keep their subscriptions otherwise.
    if (changed.has('workspace')) this.#status = workspace && statusSource(workspace);
    if (changed.has('workspace') || changed.has('document'))
      this.#presence =
        workspace && this.document !== undefined ? presenceSource(workspace, this.document) : undefined;
    const sources: WorkspaceSources = {
      ...(this.#status && { status: this.#status }),
      ...(this.#presence && { presence: this.#presence }),
      ...(this.peers !== undefined && { peers: this.#peers }),
      ...(this.share && { share: this.share }),
      ...(this.invite && { invite: this.invite }),
    };
    this.#provider.setValue(sources);
  }

  override render() {
    return html`<slot></slot>`;
  }
}
