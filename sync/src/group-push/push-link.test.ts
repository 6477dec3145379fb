import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChannelEvent, SyncChannel } from '../channel.ts';
import { HIGH_WATER, LOW_WATER, PushLink } from './push-link.ts';
import { testBytes } from './testing/push-mesh.ts';

/** A channel whose buffer only drains when the test says so. */
class StuckChannel extends EventTarget implements SyncChannel {
  readyState = 'open';
  bufferedAmount = 0;
  bufferedAmountLowThreshold?: number;
  sent = 0;

  constructor(withLowEvent: boolean) {
    super();
    if (withLowEvent) this.bufferedAmountLowThreshold = 0;
  }

  send(data: Uint8Array<ArrayBuffer>): void {
    this.sent++;
    this.bufferedAmount += data.length;
  }

  close(): void {
    this.readyState = 'closed';
    this.dispatchEvent(new Event('close'));
  }

  override addEventListener(type: string, listener: (event: ChannelEvent) => void): void {
    super.addEventListener(type, listener);
  }

  override removeEventListener(type: string, listener: (event: ChannelEvent) => void): void {
    super.removeEventListener(type, listener);
  }
}

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

for (const withLowEvent of [true, false]) {
  describe(`PushLink backpressure (${withLowEvent ? 'bufferedamountlow' : 'polling, as for WebSocket'})`, () => {
    it('stops sending pieces above the high-water mark and resumes when the buffer drains', async () => {
      const channel = new StuckChannel(withLowEvent);
      const link = new PushLink('p', channel);
      if (withLowEvent) assert.equal(channel.bufferedAmountLowThreshold, LOW_WATER);
      // A chunk as large as the high-water mark: once it is out, the buffer is above the mark.
      const pieces = HIGH_WATER / (64 * 1024);
      const done: number[] = [];
      const id = new Uint8Array(32);
      for (const index of [0, 1]) {
        link.serve({
          id,
          key: 'k',
          index,
          read: async () => testBytes(HIGH_WATER, index + 1),
          sent: () => done.push(index),
        });
      }
      await tick(30);
      assert.equal(channel.sent, pieces, 'one chunk (in pieces of 64 KiB) went out, then the link waited');
      assert.deepEqual(done, [0]);
      channel.bufferedAmount = 0;
      if (withLowEvent) channel.dispatchEvent(new Event('bufferedamountlow'));
      await tick(30);
      assert.equal(channel.sent, 2 * pieces);
      assert.deepEqual(done, [0, 1]);
    });

    it('stops waiting when the channel closes', async () => {
      const channel = new StuckChannel(withLowEvent);
      const link = new PushLink('p', channel);
      channel.bufferedAmount = 5 * 1024 * 1024;
      let sentBytes = -1;
      link.serve({
        id: new Uint8Array(32),
        key: 'k',
        index: 0,
        read: async () => testBytes(1000),
        sent: (b) => (sentBytes = b),
      });
      await tick(20);
      assert.equal(channel.sent, 0);
      channel.close();
      await tick(20);
      assert.equal(sentBytes, 0);
      assert.equal(channel.sent, 0);
    });
  });
}
