import { type LinkConnectionOptions, linkConnection, type NearbyConnection } from './link-connection.ts';

/** `LP2PRequest` of `@offgrid/transport-lp2p/browser`, by shape. */
export interface NearbyRequest<C extends NearbyConnection> {
  start(): Promise<C>;
}

/** `LP2PReceiver` of `@offgrid/transport-lp2p/browser`, by shape. */
export interface NearbyReceiver extends EventTarget {
  start(): Promise<void>;
}

/**
 * Invites from a page: `request.start()` opens the agent's trusted UI, where the person picks the device, sees
 * the PSK to read out (pairing, when the two agents do not trust each other yet) and grants this app; then the
 * workspace (and `share`) are linked over the new connection, this side opening the channels.
 *
 * @example
 * import { LP2PRequest } from '/lp2p.js';
 * const { connection } = await inviteFromPage(new LP2PRequest({ nickname: 'notes' }), { workspace, share, peerId });
 */
export async function inviteFromPage<C extends NearbyConnection>(
  request: NearbyRequest<C>,
  options: Omit<LinkConnectionOptions, 'opener'>,
): Promise<{ connection: C; detach: () => void }> {
  const connection = await request.start();
  return { connection, detach: linkConnection(connection, { ...options, opener: true }) };
}

/**
 * Joins from a page: the receiver makes this device discoverable (the person consents in the trusted UI, and
 * types the PSK the inviter shows when the agents pair); each connection that arrives is linked to the
 * workspace (and `share`) with the peer id `peerIdOf(connection)` gives. Resolves once discoverable; the
 * returned function stops linking new connections.
 */
export async function joinFromPage(
  receiver: NearbyReceiver,
  options: Omit<LinkConnectionOptions, 'opener' | 'peerId'> & {
    peerIdOf(connection: NearbyConnection): string;
  },
): Promise<() => void> {
  const onConnection = (event: Event) => {
    const { connection } = event as Event & { connection: NearbyConnection };
    linkConnection(connection, { ...options, peerId: options.peerIdOf(connection), opener: false });
  };
  receiver.addEventListener('connection', onConnection);
  await receiver.start();
  return () => receiver.removeEventListener('connection', onConnection);
}
