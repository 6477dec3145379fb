/**
 * The sync conformance suite over `LP2PDataChannel` on loopback (in-memory and TCP sessions), through the
 * transport's testing entry: proof at run time that the LP2P data channel fits `SyncChannel` as it is. The same
 * suite between network namespaces (TCP and QUIC) is in `sync-lan.test.ts`.
 */
import { once } from 'node:events';
import type { LP2PDataChannel } from '@offgrid/transport-lp2p';
import { lp2pPair, type PairKind } from '@offgrid/transport-lp2p/testing';
import { describeSyncConformance } from './testing/sync-conformance.ts';

for (const kind of ['memory', 'tcp'] as PairKind[]) {
  describeSyncConformance(`LP2PDataChannel (${kind} session)`, async () => {
    const pair = await lp2pPair(kind);
    const arriving = once(pair.server, 'datachannel');
    const a = pair.client.createDataChannel('sync');
    await once(a, 'open');
    const b = ((await arriving) as [{ channel: LP2PDataChannel }])[0].channel;
    if (b.readyState !== 'open') await once(b, 'open');
    return { a, b, close: () => pair.close() };
  });
}
