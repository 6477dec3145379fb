/** The transfer half of the data channel suite: order, types, backpressure, big messages. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { LP2PDataChannelEvent } from '../lp2p-events.ts';
import { incoming, messages, nextEvent, openChannel } from './channel-helpers.ts';
import type { LP2PPair } from './lp2p-pair.ts';

const MiB = 1024 * 1024;

export function transferTests(getPair: () => LP2PPair, options: { hugeMessage: boolean }): void {
  it('opens from either side, with label, protocol and id on both ends', async () => {
    const arriving = nextEvent<LP2PDataChannelEvent>(getPair().server, 'datachannel');
    const local = getPair().client.createDataChannel('chat', { protocol: 'v1' });
    const opened = nextEvent(local, 'open');
    assert.equal(local.readyState, 'connecting');
    assert.throws(() => local.send('too early'), { name: 'InvalidStateError' });
    const event = await arriving;
    // WebRTC announces a remote channel already open, before its `open` event.
    assert.equal(event.channel.readyState, 'open');
    assert.deepEqual(
      [event.channel.label, event.channel.protocol, event.channel.id],
      ['chat', 'v1', local.id],
    );
    await opened;
    assert.equal(local.readyState, 'open');

    const back = incoming(getPair().client);
    const reverse = getPair().server.createDataChannel('reverse');
    const [remote] = await Promise.all([back, nextEvent(reverse, 'open')]);
    const received = messages(remote, 1);
    reverse.send('from the server');
    assert.deepEqual(await received, ['from the server']);
    assert.equal(remote.label, 'reverse');
  });

  it('runs the draft example exchange (lp2p §data-channel-communication-examples)', async () => {
    const logs: string[] = [];
    const done = Promise.withResolvers<void>();
    const finish = () => logs.length === 2 && done.resolve();
    // Receiver side, as the example writes it, on the connection the receiver got.
    getPair().server.ondatachannel = (e) => {
      const channel = e.channel;
      channel.onmessage = (e) => {
        logs.push(`Receiver: Received message: ${e.data}`);
        finish();
      };
      channel.send('Good day to you, requester!');
    };
    // Requester side.
    const channel = getPair().client.createDataChannel('My Channel');
    channel.onopen = () => {
      channel.onmessage = (e) => {
        logs.push(`Requester: Received message: ${e.data}`);
        finish();
      };
      channel.send('Good day to you, receiver!');
    };
    await done.promise;
    assert.deepEqual(logs.sort(), [
      'Receiver: Received message: Good day to you, receiver!',
      'Requester: Received message: Good day to you, requester!',
    ]);
  });

  it('keeps 1000 messages in order on each of two channels', async () => {
    const a = await openChannel(getPair(), 'a');
    const b = await openChannel(getPair(), 'b');
    const gotA = messages(a.remote, 1000);
    const gotB = messages(b.remote, 1000);
    for (let i = 0; i < 1000; i++) {
      a.local.send(`a${i}`);
      b.local.send(new Uint32Array([i]));
    }
    assert.deepEqual(
      await gotA,
      Array.from({ length: 1000 }, (_, i) => `a${i}`),
    );
    assert.deepEqual(
      (await gotB).map((data) => new Uint32Array(data as ArrayBuffer)[0]),
      Array.from({ length: 1000 }, (_, i) => i),
    );
  });

  it('delivers strings as strings and binary as binaryType asks, copied at send time', async () => {
    const { local, remote } = await openChannel(getPair());
    assert.equal(remote.binaryType, 'arraybuffer');
    const bytes = new Uint8Array([1, 2, 3, 4, 5, 6]);
    let got = messages(remote, 6);
    local.send('héllo 🌍');
    local.send(bytes.buffer);
    local.send(bytes.subarray(2, 4));
    local.send(new DataView(bytes.buffer, 1, 2));
    local.send(new Blob([new Uint8Array([9, 8])]));
    local.send('after the blob');
    bytes.fill(0); // the channel copied the bytes at send time
    const [text, buffer, view, dataView, blob, last] = await got;
    assert.equal(text, 'héllo 🌍');
    assert.deepEqual(new Uint8Array(buffer as ArrayBuffer), new Uint8Array([1, 2, 3, 4, 5, 6]));
    assert.deepEqual(new Uint8Array(view as ArrayBuffer), new Uint8Array([3, 4]));
    assert.deepEqual(new Uint8Array(dataView as ArrayBuffer), new Uint8Array([2, 3]));
    assert.deepEqual(new Uint8Array(blob as ArrayBuffer), new Uint8Array([9, 8]));
    assert.equal(last, 'after the blob');

    remote.binaryType = 'blob';
    assert.throws(
      () => {
        remote.binaryType = 'text' as 'blob';
      },
      { name: 'SyntaxError' },
    );
    got = messages(remote, 2);
    local.send(new Uint8Array([7]));
    local.send('still text');
    const [asBlob, stillText] = await got;
    assert.ok(asBlob instanceof Blob);
    assert.deepEqual(await asBlob.bytes(), new Uint8Array([7]));
    assert.equal(stillText, 'still text');
  });

  it('delivers each large message as sent while the sender reuses its frame buffers', async () => {
    const { local, remote } = await openChannel(getPair());
    const sizes = [300_000, 70_000, 300_000, 1_000_000, 299_990];
    const count = 40;
    const got = messages(remote, count);
    const payload = new Uint8Array(1_000_000);
    for (let i = 0; i < count; i++) {
      const size = sizes[i % sizes.length] as number;
      payload.fill(i + 1, 0, size);
      local.send(payload.subarray(0, size));
      // Yield between sends, so written frames go back to the pool and carry later messages while the
      // transport may still be sending: only its write contract keeps them intact.
      if (i % 2 === 1) await new Promise((resolve) => setImmediate(resolve));
      else for (let turn = 0; turn < 5; turn++) await null;
    }
    const received = (await got).map((data) => new Uint8Array(data as ArrayBuffer));
    for (const [i, bytes] of received.entries()) {
      assert.equal(bytes.byteLength, sizes[i % sizes.length], `message ${i} size`);
      assert.ok(
        bytes.every((byte) => byte === i + 1),
        `message ${i} content`,
      );
    }
  });

  it('counts bufferedAmount and fires bufferedamountlow for a sender that waits for it', async () => {
    const { local, remote } = await openChannel(getPair());
    const chunk = new Uint8Array(256 * 1024);
    const total = 32 * MiB;
    const high = 4 * MiB;
    local.bufferedAmountLowThreshold = MiB;
    let received = 0;
    remote.onmessage = (e) => {
      received += (e.data as ArrayBuffer).byteLength;
    };
    let lows = 0;
    local.onbufferedamountlow = () => lows++;
    let peak = 0;
    for (let sent = 0; sent < total; sent += chunk.byteLength) {
      const before = local.bufferedAmount;
      local.send(chunk);
      assert.equal(local.bufferedAmount, before + chunk.byteLength);
      peak = Math.max(peak, local.bufferedAmount);
      if (local.bufferedAmount > high) {
        await nextEvent(local, 'bufferedamountlow');
        assert.ok(local.bufferedAmount <= MiB, `${local.bufferedAmount} after bufferedamountlow`);
      }
    }
    while (received < total) await nextEvent(remote, 'message');
    assert.equal(received, total);
    assert.equal(local.bufferedAmount, 0);
    assert.ok(peak <= high + chunk.byteLength, `peak ${peak}`);
    assert.ok(lows >= 1, 'bufferedamountlow fired');
  });

  if (options.hugeMessage) {
    it('delivers a 64 MiB message intact', async () => {
      const { local, remote } = await openChannel(getPair());
      const huge = new Uint8Array(64 * MiB);
      for (let i = 0; i < huge.length; i += 4096) huge[i] = (i / 4096) & 0xff;
      huge[huge.length - 1] = 0xee;
      const got = messages(remote, 2);
      local.send(huge);
      local.send('after');
      const [data, after] = await got;
      assert.ok(data instanceof ArrayBuffer);
      assert.ok(Buffer.from(data).equals(huge), 'payload differs');
      assert.equal(after, 'after');
    });
  }
}
