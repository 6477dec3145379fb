/** Event and channel helpers shared by the data channel tests. */
import { once } from 'node:events';
import type { LP2PConnection } from '../lp2p-connection.ts';
import type { LP2PDataChannel } from '../lp2p-data-channel.ts';
import type { LP2PDataChannelEvent } from '../lp2p-events.ts';
import type { LP2PPair } from './lp2p-pair.ts';

export const nextEvent = async <E extends Event = Event>(target: EventTarget, type: string): Promise<E> =>
  ((await once(target, type)) as [E])[0];

export const incoming = async (connection: LP2PConnection): Promise<LP2PDataChannel> =>
  (await nextEvent<LP2PDataChannelEvent>(connection, 'datachannel')).channel;

/** The data of the next `count` messages on `channel`. */
export function messages(channel: LP2PDataChannel, count: number): Promise<unknown[]> {
  const got: unknown[] = [];
  return new Promise((resolve) => {
    const listener = (event: Event) => {
      got.push((event as MessageEvent).data);
      if (got.length < count) return;
      channel.removeEventListener('message', listener);
      resolve(got);
    };
    channel.addEventListener('message', listener);
  });
}

/** A channel from client to server, open on both sides. */
export async function openChannel(pair: LP2PPair, label = 'test', protocol = '') {
  const arriving = incoming(pair.server);
  const local = pair.client.createDataChannel(label, { protocol });
  await nextEvent(local, 'open');
  return { local, remote: await arriving };
}

/** Events in the order they fired on `channel`. */
export function record(channel: LP2PDataChannel): string[] {
  const seen: string[] = [];
  for (const type of ['open', 'closing', 'close', 'error'])
    channel.addEventListener(type, () => seen.push(type));
  return seen;
}
