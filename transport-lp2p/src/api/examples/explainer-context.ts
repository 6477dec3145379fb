/**
 * The explainer's snippets continue one another: a later snippet uses `options`, `conn`, `receiver` or `request`
 * from an earlier one. Each peer's snippet imports what it needs from here, so it runs verbatim.
 */
import './example-environment.ts';
import type { LP2PConnection } from '../index.ts';
import { LP2PReceiver, LP2PRequest } from '../index.ts';

/** §Shorthand APIs passes `options`; the explainer leaves them open. */
export const options = { nickname: process.env.OFFGRID_NAME ?? 'peer' };

/** §Advanced data exchange uses the receiver (Peer A) and the request (Peer B) of §Peer discovery. */
export const receiver = new LP2PReceiver({ nickname: 'Peer A' });
export const request = new LP2PRequest({ nickname: 'Peer B' });

/** §Simple message exchange uses the connection of §Peer discovery: Peer A's first incoming one, Peer B's request. */
export async function connectionOf(side: 'A' | 'B'): Promise<LP2PConnection> {
  if (side === 'B') return request.start();
  return new Promise((resolve) => {
    receiver.onconnection = (e) => resolve(e.connection);
  });
}
