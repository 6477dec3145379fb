import { GROUP_PUSH_CHANNEL_LABEL, type SyncChannel } from '@offgrid/sync';
import type { NearbyShare } from '../share/nearby-share.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** The label of the channel a workspace's documents sync over, beside the push's `offgrid-push`. */
export const DOCUMENTS_CHANNEL_LABEL = 'offgrid-sync';

/** An `LP2PConnection` (Node API or the page's browser module), by shape. */
export interface NearbyConnection extends EventTarget {
  createDataChannel(label: string): SyncChannel & { readonly label: string };
}

export interface LinkConnectionOptions {
  readonly workspace: Workspace;
  /** Also carry share / import (a push channel). */
  readonly share?: NearbyShare;
  /** The peer's id: its agent fingerprint, the id its own `NearbyShare` was given. */
  readonly peerId: string;
  /**
   * The side that opens the channels (the inviter, who started the request); the other side takes them from
   * `datachannel` events. Exactly one side of a connection opens.
   */
  readonly opener: boolean;
}

/**
 * Syncs the workspace's documents with a nearby connection (channel `offgrid-sync`) and, with `share`, carries
 * share / import over it (channel `offgrid-push`). Returns a function that detaches both (closing the documents'
 * channel with its sync link; the push channel stays the connection's).
 */
export function linkConnection(connection: NearbyConnection, options: LinkConnectionOptions): () => void {
  const detach: Array<() => void> = [];
  const detachAll = () => {
    for (const stop of detach.splice(0)) stop();
  };
  const take = (channel: SyncChannel & { readonly label: string }) => {
    if (channel.label === DOCUMENTS_CHANNEL_LABEL) {
      const link = options.workspace.attach(channel, { peerId: options.peerId });
      detach.push(() => link.close());
    } else if (channel.label === GROUP_PUSH_CHANNEL_LABEL && options.share) {
      detach.push(options.share.addPeer(options.peerId, channel));
    }
  };
  if (options.opener) {
    take(connection.createDataChannel(DOCUMENTS_CHANNEL_LABEL));
    if (options.share) take(connection.createDataChannel(GROUP_PUSH_CHANNEL_LABEL));
    return detachAll;
  }
  const onChannel = (event: Event) => {
    const { channel } = event as Event & { channel: SyncChannel & { readonly label: string } };
    take(channel);
  };
  connection.addEventListener('datachannel', onChannel);
  return () => {
    connection.removeEventListener('datachannel', onChannel);
    detachAll();
  };
}
