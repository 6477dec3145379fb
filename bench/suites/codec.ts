/**
 * OSP message codec throughput: data-frame encode/decode (whole frames, and through the stream reader in
 * 64 KiB chunks as QUIC delivers them) and small control-message round trips.
 */
import { decodeMessage, encodeMessage, MessageReader, type OspMessage } from '@offgrid/transport-lp2p/node';
import type { Report } from '../bench-suite.ts';

export const name = 'codec';

const MiB = 1024 * 1024;

/** Runs `body` until `minMs` have passed (at least `minRuns` times); returns runs per second. */
function rate(body: () => void, minMs: number, minRuns: number): number {
  body(); // warm-up
  let runs = 0;
  const started = performance.now();
  let elapsed = 0;
  while (runs < minRuns || elapsed < minMs) {
    body();
    runs++;
    elapsed = performance.now() - started;
  }
  return (runs * 1000) / elapsed;
}

export async function run(report: Report): Promise<void> {
  for (const [label, size] of [
    ['1MiB', MiB],
    ['64MiB', 64 * MiB],
  ] as const) {
    const payload = new Uint8Array(size).map((_, i) => i);
    const message: OspMessage = { type: 'data-frame', encodingId: 2, payload };
    const frame = encodeMessage(message);
    const minRuns = size > MiB ? 3 : 50;
    const mbPerRun = size / 1e6;
    report({
      metric: `codec.data-frame.encode.${label}`,
      value: mbPerRun * rate(() => encodeMessage(message), 300, minRuns),
      unit: 'MB/s',
    });
    report({
      metric: `codec.data-frame.decode.${label}`,
      value: mbPerRun * rate(() => decodeMessage(frame), 300, minRuns),
      unit: 'MB/s',
    });
    const chunked = (): void => {
      const reader = new MessageReader();
      for (let at = 0; at < frame.length; at += 64 * 1024) reader.push(frame.subarray(at, at + 64 * 1024));
      if (reader.bufferedBytes !== 0) throw new Error('frame not consumed');
    };
    report({
      metric: `codec.data-frame.read-64KiB-chunks.${label}`,
      value: mbPerRun * rate(chunked, 300, minRuns),
      unit: 'MB/s',
    });
  }

  const info: OspMessage = {
    type: 'agent-info-response',
    requestId: 42,
    agentInfo: {
      displayName: 'Kitchen tablet',
      modelName: 'Offgrid 1',
      capabilities: [1100, 1200],
      stateToken: 'c0ffee',
      locales: ['en-GB'],
    },
  };
  report({
    metric: 'codec.agent-info-response.encode-decode',
    value: rate(() => decodeMessage(encodeMessage(info)), 500, 1000),
    unit: 'ops/s',
  });
  const stream = new Uint8Array(Buffer.concat(Array.from({ length: 1000 }, () => encodeMessage(info))));
  report({
    metric: 'codec.agent-info-response.read-stream',
    value: 1000 * rate(() => new MessageReader().push(stream), 500, 10),
    unit: 'msgs/s',
  });
}
