/**
 * WebTransport streams through the bridge (browser/bridge-stream.ts ↔ bridge/transport-relay.ts): large transfers
 * arrive byte for byte over real q2q QUIC on loopback, a page that ignores its credit window is cut off with a typed
 * error, and an agent's malformed or oversized frame ends the page's transport with a typed error, not a crash.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { LP2PQuicTransport } from '../api/index.ts';
import { dialQ2q, listenQ2q } from '../api/node.ts';
import {
  BridgeLink,
  CHUNK_BYTES,
  decodePageMessage,
  encodeBridgeMessage,
  LP2PRequest,
  MAX_FRAME_BYTES,
  STREAM_WINDOW,
} from '../browser/index.ts';
import { BridgeError, QuicTransportError } from '../errors/index.ts';
import { agentFingerprint } from '../identity/index.ts';
import { createMemorySessionPair, type SessionListener } from '../platform/index.ts';
import { createTestCredentials } from '../testing/index.ts';
import { bridgedTransport } from './testing/bridged-transport.ts';
import { TransportRelay } from './transport-relay.ts';

/** Reads a stream to its end into one array. */
async function readAll(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of readable) parts.push(part.slice());
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.byteLength;
  }
  return all;
}

/** Writes `bytes` in pieces of uneven sizes, across the bridge's chunk size, then closes. */
async function writeUneven(writable: WritableStream<Uint8Array>, bytes: Uint8Array): Promise<void> {
  const writer = writable.getWriter();
  const sizes = [1, 1000, CHUNK_BYTES - 1, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 17, 65_536];
  for (let at = 0, i = 0; at < bytes.byteLength; i++) {
    const end = Math.min(bytes.byteLength, at + (sizes[i % sizes.length] as number));
    await writer.write(bytes.subarray(at, end));
    at = end;
  }
  await writer.close();
}

describe('WebTransport streams through the bridge, over q2q QUIC on loopback', () => {
  let listener: SessionListener;
  let peer: LP2PQuicTransport;
  let bridged: Awaited<ReturnType<typeof bridgedTransport>>;

  before(async () => {
    const client = await createTestCredentials('relay-test-page-agent');
    const server = await createTestCredentials('relay-test-peer');
    listener = await listenQ2q({ host: '127.0.0.1', credentials: server, verifyPeer: () => true });
    const accepted = listener.incomingSessions.getReader();
    bridged = await bridgedTransport(() =>
      dialQ2q({
        host: '127.0.0.1',
        port: listener.port,
        serverName: 'relay.test',
        credentials: client,
        expectedFingerprint: agentFingerprint(server.certificateDer),
      }),
    );
    await bridged.transport.ready;
    const { value } = await accepted.read();
    assert.ok(value, 'the peer took the session');
    peer = new LP2PQuicTransport(Promise.resolve(value));
    await peer.ready;
  });

  after(async () => {
    await bridged.close();
    peer.close();
    await listener.close();
  });

  it('carries 24 MiB page → peer → page byte for byte on a bidirectional stream (echo)', async () => {
    void (async () => {
      for await (const { readable, writable } of peer.incomingBidirectionalStreams) {
        void readable.pipeTo(writable).catch(() => {});
      }
    })();
    const bytes = new Uint8Array(randomBytes(24 * 1024 * 1024));
    const { readable, writable } = await bridged.transport.createBidirectionalStream();
    const [echoed] = await Promise.all([readAll(readable), writeUneven(writable, bytes)]);
    assert.equal(echoed.byteLength, bytes.byteLength);
    assert.ok(Buffer.from(echoed).equals(bytes), 'the echo is byte-identical');
  });

  it('carries 8 MiB page → peer byte for byte on a unidirectional stream, and datagrams both ways', async () => {
    const bytes = new Uint8Array(randomBytes(8 * 1024 * 1024));
    const incoming = peer.incomingUnidirectionalStreams.getReader();
    const received = incoming.read().then(({ value }) => readAll(value as ReadableStream<Uint8Array>));
    await writeUneven(await bridged.transport.createUnidirectionalStream(), bytes);
    assert.ok(Buffer.from(await received).equals(bytes), 'the peer read the same bytes');
    incoming.releaseLock();

    const echo = peer.datagrams.readable.getReader();
    const back = bridged.transport.datagrams.readable.getReader();
    const writer = bridged.transport.datagrams.writable.getWriter();
    const echoWriter = peer.datagrams.writable.getWriter();
    let got: Uint8Array | undefined;
    // Datagrams may be lost between agents (not on loopback in practice): a few tries.
    for (let i = 0; i < 10 && got === undefined; i++) {
      await writer.write(Uint8Array.of(1, 2, 3, i));
      const arrived = await Promise.race([
        echo.read().then(({ value }) => value),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 200)),
      ]);
      if (arrived) {
        await echoWriter.write(arrived);
        got = (await back.read()).value;
      }
    }
    assert.deepEqual([...(got ?? [])].slice(0, 3), [1, 2, 3]);
  });
});

describe('the agent side of a bridged stream (TransportRelay) with a page that breaks the rules', () => {
  it('cuts off a page that sends past its credit window with limit-exceeded, before buffering it', async () => {
    const [session, far] = createMemorySessionPair();
    const sent: { t: string }[] = [];
    let ids = 2 ** 30;
    const relay = new TransportRelay(
      (message) => sent.push(message),
      () => ids++,
    );
    relay.open(1, { openQuicTransportSession: async () => session }, 'open');
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(
      sent.map((m) => m.t),
      ['wt.ready'],
    );
    relay.handle({ t: 'st.open', wt: 1, st: 2 });
    // The peer never reads, so nothing the page sends is taken: the relay may hold what the window allows
    // (with slack for credits in flight), and refuses the rest synchronously.
    const chunk = new Uint8Array(CHUNK_BYTES);
    let accepted = 0;
    assert.throws(
      () => {
        for (;;) {
          relay.handle({ t: 'st.data', st: 2, d: chunk, fin: false });
          accepted += chunk.byteLength;
        }
      },
      (error) => error instanceof BridgeError && error.code === 'limit-exceeded',
    );
    assert.ok(accepted <= 2 * STREAM_WINDOW, `the relay took ${accepted} bytes before refusing`);
    relay.closeAll();
    await far.close();
  });
});

describe('the page side of the bridge with an agent that sends bad frames', () => {
  for (const [what, frame] of [
    ['a stream data frame with unknown flags', Uint8Array.of(0x02, 0x80, 0, 0, 0, 9, 1, 2)],
    ['a frame over the size limit', new Uint8Array(MAX_FRAME_BYTES + 1).fill(0x02)],
    ['a frame that is neither a data frame nor CBOR', Uint8Array.of(0xff, 0xff, 0xff)],
  ] as const) {
    it(`ends the page's transport with a typed error on ${what}`, async () => {
      // Not the real bridge: a WebSocket server that plays a broken agent once the session is up.
      const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 2 * MAX_FRAME_BYTES });
      await new Promise((resolve) => server.once('listening', resolve));
      const [session] = createMemorySessionPair();
      let ids = 2 ** 30;
      server.on('connection', (socket) => {
        const relay = new TransportRelay(
          (message) => socket.send(encodeBridgeMessage(message)),
          () => ids++,
        );
        socket.on('message', (data: Buffer) => {
          const message = decodePageMessage(new Uint8Array(data));
          if (message.t === 'hello') socket.send(encodeBridgeMessage({ t: 'welcome' }));
          else if (message.t === 'request') {
            socket.send(
              encodeBridgeMessage({ t: 'reply', rid: message.rid, conn: ids++, code: '', message: '' }),
            );
          } else if (message.t === 'wt.open') {
            relay.open(message.wt, { openQuicTransportSession: async () => session }, 'open');
            setTimeout(() => socket.send(frame), 20);
          }
        });
      });
      const { port } = server.address() as AddressInfo;
      const link = new BridgeLink({
        url: `ws://127.0.0.1:${port}/lp2p`,
        uiUrl: 'http://127.0.0.1/',
        tokenStore: { get: () => 'test', set: () => {}, clear: () => {} },
      });
      let linkError: unknown;
      link.onClose((error) => {
        linkError = error;
      });
      const transport = new LP2PQuicTransport(new LP2PRequest({}, () => link));
      await transport.ready;
      await assert.rejects(
        transport.closed,
        (error) => error instanceof QuicTransportError && error.code === 'session-lost',
      );
      assert.ok(linkError instanceof BridgeError, 'the link closed with a BridgeError');
      assert.equal((linkError as BridgeError).code, 'malformed-frame');
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    });
  }
});
