/**
 * The loopback half of the bridge benchmark (bench/suites/bridge.ts), run inside one device's namespace: a q2q
 * listener on 127.0.0.1 whose sessions answer each stream with its byte count (`quic-transport-burst.ts`), a
 * relay-only bridge (`bridge/testing/bridged-transport.ts`) that pages reach it through, and a direct Node
 * `LP2PQuicTransport` to it as the baseline. QUIC on loopback carries 64 KiB datagrams, so here the bridge, not
 * QUIC, is the narrow part. Prints `ui: URL` when ready; for each stdin line `qburst N` sends N bytes on the direct
 * transport and prints `{"qburst":i,"mbPerSecond":…}`.
 *
 * Usage: node relay-peer.ts
 */
import { LineInput, LP2PQuicTransport } from '@offgrid/transport-lp2p/node';
import { startRelayServer } from '@offgrid/transport-lp2p/testing';
import { loopbackQ2q } from './loopback-q2q.ts';
import { QUIC_BURST_SOURCE, QUIC_SINK_SOURCE } from './quic-transport-burst.ts';

const quicSink = new Function(`return ${QUIC_SINK_SOURCE}`)() as (t: LP2PQuicTransport) => Promise<void>;
const quicBurst = new Function(`return ${QUIC_BURST_SOURCE}`)() as (
  t: LP2PQuicTransport,
  bytes: number,
) => Promise<number>;

const { listener, dial } = await loopbackQ2q('bench-relay-agent', 'bench-relay-peer');
void (async () => {
  for await (const session of listener.incomingSessions) {
    void quicSink(new LP2PQuicTransport(Promise.resolve(session))).catch(() => {});
  }
})();
const relay = await startRelayServer(dial);
const direct = new LP2PQuicTransport(dial());
await direct.ready;
console.log(`ui: ${relay.url}`);
const lines = new LineInput(process.stdin);
for (let qburst = 0; ; qburst++) {
  const line = await lines.read('').catch(() => undefined);
  if (line === undefined) break;
  const mbPerSecond = await quicBurst(direct, Number(line.slice('qburst '.length)));
  console.log(JSON.stringify({ qburst, mbPerSecond }));
}
direct.close();
await relay.close();
await listener.close();
