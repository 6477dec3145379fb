/** The lifecycle half of the data channel suite: open, close, failure, ids. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DataChannelError } from '../../errors/index.ts';
import { MAX_MESSAGE_SIZE } from '../data-channel-payload.ts';
import type { LP2PDataChannel } from '../lp2p-data-channel.ts';
import type { LP2PErrorEvent } from '../lp2p-events.ts';
import { incoming, messages, nextEvent, openChannel, record } from './channel-helpers.ts';
import type { LP2PPair } from './lp2p-pair.ts';

const MiB = 1024 * 1024;

export function lifecycleTests(getPair: () => LP2PPair): void {
  it('closes on the other side with closing then close, after delivering what was sent', async () => {
    const { local, remote } = await openChannel(getPair());
    const localEvents = record(local);
    const remoteEvents = record(remote);
    const got = messages(remote, 3);
    local.send('one');
    local.send(new Uint8Array(MiB));
    local.send('three');
    local.close();
    assert.equal(local.readyState, 'closing');
    assert.throws(() => local.send('late'), { name: 'InvalidStateError' });
    await Promise.all([nextEvent(local, 'close'), nextEvent(remote, 'close')]);
    const [first, , third] = await got;
    assert.deepEqual([first, third], ['one', 'three']);
    assert.deepEqual(localEvents, ['close']);
    assert.deepEqual(remoteEvents, ['closing', 'close']);
    assert.deepEqual([local.readyState, remote.readyState], ['closed', 'closed']);

    // The connection is still usable, and so is the id.
    const again = getPair().client.createDataChannel('again', { id: local.id ?? -1 });
    await nextEvent(again, 'open');
  });

  it('closes a channel closed while connecting without the peer ever seeing it', async () => {
    const arriving = incoming(getPair().server);
    const brief = getPair().client.createDataChannel('brief');
    const events = record(brief);
    brief.close();
    assert.equal(brief.readyState, 'closing');
    await nextEvent(brief, 'close');
    assert.deepEqual(events, ['close']);
    getPair().client.createDataChannel('next');
    assert.equal((await arriving).label, 'next');
  });

  it('closes a channel closed after its open request left, on both sides, without error', async () => {
    const local = getPair().client.createDataChannel('brief');
    const localEvents = record(local);
    const remote = Promise.withResolvers<{ channel: LP2PDataChannel; events: string[] }>();
    getPair().server.ondatachannel = ({ channel }) => {
      remote.resolve({ channel, events: record(channel) });
      local.close(); // the request has arrived; its answer has not
    };
    const { channel, events } = await remote.promise;
    await Promise.all([nextEvent(local, 'close'), nextEvent(channel, 'close')]);
    assert.deepEqual(localEvents, ['close']);
    assert.deepEqual(events, ['open', 'closing', 'close']);
  });

  it('refuses a message above MAX_MESSAGE_SIZE with a TypeError', async () => {
    const { local } = await openChannel(getPair());
    // Zero-filled and never touched, so the kernel does not back it with memory.
    assert.throws(() => local.send(new ArrayBuffer(MAX_MESSAGE_SIZE + 1)), TypeError);
    assert.equal(local.bufferedAmount, 0);
  });

  it('errors then closes every channel when the peer drops, and fires close on both connections', async () => {
    const { local, remote } = await openChannel(getPair());
    const pending = getPair().client.createDataChannel('never answered');
    const events = record(local);
    const errors: Error[] = [];
    for (const channel of [local, pending]) {
      channel.addEventListener('error', (e) => errors.push((e as LP2PErrorEvent).error));
    }
    const closed = [pending, local, remote, getPair().client, getPair().server].map((t) =>
      nextEvent(t, 'close'),
    );
    await getPair().serverAgent.close(0, 'gone');
    await Promise.all(closed);
    assert.deepEqual(events, ['error', 'close']);
    assert.equal(errors.length, 2);
    for (const error of errors)
      assert.ok(error instanceof DataChannelError && error.code === 'connection-lost');
    assert.throws(() => getPair().client.createDataChannel('late'), { name: 'InvalidStateError' });
  });

  it('closes channels quietly when the application closes the connection', async () => {
    const { local, remote } = await openChannel(getPair());
    const localEvents = record(local);
    const remoteEvents = record(remote);
    const closed = [local, remote].map((channel) => nextEvent(channel, 'close'));
    await getPair().client.close();
    await Promise.all(closed);
    assert.deepEqual(localEvents, ['close']);
    // The peer saw its connection drop: for it, that is an error.
    assert.deepEqual(remoteEvents, ['error', 'close']);
  });

  it('gives channel ids unique per connection: even from the dialler, odd from the listener', async () => {
    const ours = Array.from({ length: 5 }, (_, i) => getPair().client.createDataChannel(`c${i}`));
    const theirs = Array.from({ length: 5 }, (_, i) => getPair().server.createDataChannel(`s${i}`));
    await Promise.all([...ours, ...theirs].map((channel) => nextEvent(channel, 'open')));
    const ids = [...ours, ...theirs].map((channel) => channel.id as number);
    assert.equal(new Set(ids).size, 10);
    assert.ok(ours.every((channel) => (channel.id as number) % 2 === 0));
    assert.ok(theirs.every((channel) => (channel.id as number) % 2 === 1));
    assert.throws(() => getPair().client.createDataChannel('taken', { id: ours[0]?.id ?? 0 }), {
      name: 'OperationError',
    });
    assert.throws(() => getPair().client.createDataChannel('reserved', { id: 65_535 }), TypeError);
    assert.throws(() => getPair().client.createDataChannel('negative', { id: -1 }), TypeError);
  });

  it('errors both channels when both sides pick the same id at once (the open is refused)', async () => {
    const a = getPair().client.createDataChannel('a', { id: 41 });
    const b = getPair().server.createDataChannel('b', { id: 41 });
    const [ea, eb] = await Promise.all([
      nextEvent<LP2PErrorEvent>(a, 'error'),
      nextEvent<LP2PErrorEvent>(b, 'error'),
    ]);
    for (const { error } of [ea, eb]) {
      assert.ok(error instanceof DataChannelError && error.code === 'open-rejected' && error.result === 102);
    }
    assert.deepEqual([a.readyState, b.readyState], ['closed', 'closed']);
    const retry = getPair().client.createDataChannel('retry', { id: 41 });
    await nextEvent(retry, 'open');
  });
}
