import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SyncChannel } from '../channel.ts';
import { decodeMessage } from '../protocol/decode-message.ts';
import { LinkOutbox } from './link-outbox.ts';

/** A channel whose buffer level the test sets; it fires `bufferedamountlow` like a data channel. */
class StuckChannel extends EventTarget implements SyncChannel {
  readyState = 'open';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  readonly sent: string[] = [];
  send(data: Uint8Array<ArrayBuffer>): void {
    const message = decodeMessage(data);
    this.sent.push(message.kind === 'stateless' ? message.payload : message.kind);
  }
  close(): void {}
  drainTo(level: number): void {
    this.bufferedAmount = level;
    if (level <= this.bufferedAmountLowThreshold) this.dispatchEvent(new Event('bufferedamountlow'));
  }
}

it('holds messages while the channel buffer is over 1 MiB and sends them in order once it drains', async () => {
  const channel = new StuckChannel();
  const outbox = new LinkOutbox(channel, false, () => assert.fail('not broken'));
  const stateless = (payload: string) => outbox.send({ kind: 'stateless', address: 'd', payload });
  stateless('1');
  channel.bufferedAmount = 2 * 1024 * 1024;
  stateless('2');
  stateless('3');
  assert.deepEqual(channel.sent, ['1'], 'held while over the high-water mark');
  channel.drainTo(512 * 1024);
  assert.deepEqual(channel.sent, ['1'], 'not yet below the low-water mark');
  channel.drainTo(100);
  assert.deepEqual(channel.sent, ['1', '2', '3']);
  stateless('4');
  assert.deepEqual(channel.sent, ['1', '2', '3', '4'], 'straight through again');
});

it('polls bufferedAmount on a channel without a threshold (a WebSocket)', async () => {
  const channel = new StuckChannel();
  const socketLike = Object.assign(channel, { bufferedAmountLowThreshold: undefined });
  const outbox = new LinkOutbox(socketLike as unknown as SyncChannel, false, () => assert.fail('not broken'));
  channel.bufferedAmount = 5 * 1024 * 1024;
  outbox.send({ kind: 'stateless', address: 'd', payload: 'a' });
  assert.deepEqual(channel.sent, []);
  channel.bufferedAmount = 0;
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(channel.sent, ['a']);
});
