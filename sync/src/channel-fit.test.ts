/**
 * Type-level proof that the channels the issue names fit {@link SyncChannel} with no adapter: this file fails
 * `npm run typecheck` if one stops fitting, and its test checks the runtime helpers on real objects.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { LP2PDataChannel } from '@offgrid/transport-lp2p';
import type { WebSocket as NodeWebSocket } from 'ws';
import { isChannelClosed, isChannelOpen, type SyncChannel } from './channel.ts';

type Fits<T extends SyncChannel> = T;
export type LP2PFits = Fits<LP2PDataChannel>;
export type WsFits = Fits<NodeWebSocket>;
export type GlobalWebSocketFits = Fits<WebSocket>;

it('reads open and closed from string and numeric ready states', () => {
  const channel = (readyState: string | number): SyncChannel => ({
    readyState,
    bufferedAmount: 0,
    send() {},
    close() {},
    addEventListener() {},
    removeEventListener() {},
  });
  assert.equal(isChannelOpen(channel('open')), true);
  assert.equal(isChannelOpen(channel(1)), true);
  assert.equal(isChannelOpen(channel('connecting')), false);
  assert.equal(isChannelClosed(channel('closing')), true);
  assert.equal(isChannelClosed(channel(3)), true);
  assert.equal(isChannelClosed(channel(0)), false);
});
