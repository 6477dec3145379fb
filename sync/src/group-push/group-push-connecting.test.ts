/**
 * A push channel attached while it is still connecting, as the dialling side of an LP2P data channel is until the
 * peer's open response: what is offered meanwhile reaches the peer once the channel opens, instead of being
 * dropped (an offer sent into a connecting channel) or timing out (a push started while the peer seemed away).
 * Blob sync lost its "want" messages this way (issue 14's end-to-end test: photos that never arrived).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChannelEvent, SyncChannel } from '../channel.ts';
import { createMemoryChannelPair } from '../memory-channel.ts';
import { createNode, nextReceived } from './testing/push-mesh.ts';

/** One end of a memory pair that reports `connecting` (and refuses to send) until {@link open} is called. */
class DiallingChannel extends EventTarget implements SyncChannel {
  readonly #inner: SyncChannel;
  #open = false;
  binaryType = 'arraybuffer';

  constructor(inner: SyncChannel) {
    super();
    this.#inner = inner;
    inner.addEventListener('message', (event: ChannelEvent) =>
      this.dispatchEvent(new MessageEvent('message', { data: (event as MessageEvent).data })),
    );
    inner.addEventListener('close', () => this.dispatchEvent(new Event('close')));
  }

  get readyState(): string {
    return this.#open ? String(this.#inner.readyState) : 'connecting';
  }

  get bufferedAmount(): number {
    return this.#inner.bufferedAmount;
  }

  send(data: Uint8Array<ArrayBuffer>): void {
    if (!this.#open) throw new DOMException('channel is connecting', 'InvalidStateError');
    this.#inner.send(data);
  }

  close(): void {
    this.#inner.close();
  }

  open(): void {
    this.#open = true;
    this.dispatchEvent(new Event('open'));
  }
}

/** Sender `s` dials receiver `r`: `r`'s end is open at once, `s`'s only when the test says so. */
function dial() {
  const sender = createNode('s', { peerTimeoutMs: 60_000 });
  const receiver = createNode('r');
  const [sr, rs] = createMemoryChannelPair('s', 'r');
  const dialling = new DiallingChannel(sr);
  receiver.push.addPeer('s', rs);
  return { sender, receiver, dialling };
}

describe('GroupPush over a channel that is still connecting', () => {
  it('a push started while the channel connects is offered once it opens', async () => {
    const { sender, receiver, dialling } = dial();
    sender.push.addPeer('r', dialling);
    const result = sender.push.push('want these', { to: ['r'], name: 'want' });
    // Long enough for the manifest to be hashed and the push to start (and find the peer away).
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(receiver.received.length, 0);
    dialling.open();
    const received = await nextReceived(receiver, 2000);
    assert.equal(await received.text(), 'want these');
    assert.equal((await result).peers[0]?.status, 'confirmed');
    sender.push.close();
    receiver.push.close();
  });

  it('a push already under way when the connecting channel is attached is offered once it opens', async () => {
    const { sender, receiver, dialling } = dial();
    const result = sender.push.push('from before', { to: ['r'], name: 'want' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    sender.push.addPeer('r', dialling);
    await new Promise((resolve) => setTimeout(resolve, 20));
    dialling.open();
    const received = await nextReceived(receiver, 2000);
    assert.equal(await received.text(), 'from before');
    assert.equal((await result).peers[0]?.status, 'confirmed');
    sender.push.close();
    receiver.push.close();
  });
});
