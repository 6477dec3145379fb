/**
 * The sync conformance suite over `LP2PDataChannel` between two network namespaces on a private LAN, on a TCP
 * (TLS) session and on a QUIC session: each channel end lives in a child program in its namespace
 * (`testing/lan-channel-end.ts`) and is driven from here, where the hubs and the suite's assertions run.
 */
import { after, describe } from 'node:test';
import { lanUnavailableReason } from '@offgrid/transport-lp2p/testing';
import { createLanChannels, type LanChannels } from './testing/lan-channel-pair.ts';
import { describeSyncConformance } from './testing/sync-conformance.ts';

const skip = lanUnavailableReason();

for (const kind of ['tcp', 'quic'] as const) {
  describe(`between network namespaces (${kind})`, { skip }, () => {
    let lan: Promise<LanChannels> | undefined;
    after(async () => {
      if (lan) await (await lan).close();
    });
    describeSyncConformance(`LP2PDataChannel (${kind} session, two namespaces)`, async () => {
      lan ??= createLanChannels(kind);
      return (await lan).pair();
    });
  });
}
