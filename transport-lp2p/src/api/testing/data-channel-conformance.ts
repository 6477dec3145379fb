/**
 * The data channel behaviour suite, run over every session transport alike (memory, TCP, QUIC): the same
 * LP2PConnection code must behave the same whatever carries it.
 */
import { afterEach, beforeEach, describe } from 'node:test';
import { lifecycleTests } from './data-channel-lifecycle-tests.ts';
import { transferTests } from './data-channel-transfer-tests.ts';
import { type LP2PPair, lp2pPair, type PairKind } from './lp2p-pair.ts';

export function describeDataChannelConformance(kind: PairKind, options: { hugeMessage: boolean }): void {
  describe(`data channels over ${kind}`, () => {
    let pair: LP2PPair;
    beforeEach(async () => {
      pair = await lp2pPair(kind);
    });
    afterEach(() => pair.close());
    transferTests(() => pair, options);
    lifecycleTests(() => pair);
  });
}
