/**
 * The behaviour every `Session` implementation must share, run against memory, TCP and QUIC alike
 * (STYLE.md §Tests: conformance suites). Import from a `*.test.ts` and pass a factory.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SessionError } from '../../errors/index.ts';
import type { Session, SessionReceiveStream, SessionStream } from '../session.ts';

export interface SessionPairFixture {
  readonly client: Session;
  readonly server: Session;
  readonly clientCertificate: Uint8Array;
  readonly serverCertificate: Uint8Array;
  /** Frees everything the factory made (listeners, sockets). */
  dispose(): Promise<void>;
}

export type SessionPairFactory = () => Promise<SessionPairFixture>;

/** Reads a stream to its end and joins the chunks. */
export async function readAll(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of readable) {
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

/** Answers every stream the session accepts by writing back what it reads. */
export function serveEcho(session: Session): void {
  void (async () => {
    for await (const stream of session.incomingStreams) {
      stream.readable.pipeTo(stream.writable).catch(() => {});
    }
  })().catch(() => {});
}

async function echo(session: Session, payload: Uint8Array): Promise<Uint8Array> {
  const stream = await session.openStream();
  const reply = readAll(stream.readable);
  const writer = stream.writable.getWriter();
  await writer.write(payload);
  await writer.close();
  return reply;
}

async function nextStream(session: Session): Promise<SessionStream> {
  const reader = session.incomingStreams.getReader();
  try {
    const { value } = await reader.read();
    assert.ok(value, 'expected an incoming stream');
    return value;
  } finally {
    reader.releaseLock();
  }
}

async function nextUnidirectional(session: Session): Promise<SessionReceiveStream> {
  const reader = session.incomingUnidirectionalStreams.getReader();
  try {
    const { value } = await reader.read();
    assert.ok(value, 'expected an incoming unidirectional stream');
    return value;
  } finally {
    reader.releaseLock();
  }
}

/** Sends `payload` on a new unidirectional stream of `from`; resolves with what `to` read from it. */
async function sendOneWay(from: Session, to: Session, payload: Uint8Array): Promise<Uint8Array> {
  const incoming = nextUnidirectional(to);
  const stream = await from.openUnidirectionalStream();
  const writer = stream.writable.getWriter();
  // Read while writing: the transport's backpressure would hold a write the size of the payload.
  const written = writer.write(payload).then(() => writer.close());
  const received = await incoming;
  assert.equal(received.id, stream.id, 'both sides name the stream alike');
  const [bytes] = await Promise.all([readAll(received.readable), written]);
  return bytes;
}

function pattern(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed + (i >>> 13)) & 0xff;
  return bytes;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function describeSessionConformance(name: string, factory: SessionPairFactory): void {
  describe(`${name} session conformance`, () => {
    let pair: SessionPairFixture;
    before(async () => {
      pair = await factory();
    });
    after(() => pair.dispose());

    it('exposes the peer certificate and who dialled', () => {
      assert.deepEqual(new Uint8Array(pair.client.remoteCertificate), pair.serverCertificate);
      assert.deepEqual(new Uint8Array(pair.server.remoteCertificate), pair.clientCertificate);
      assert.equal(pair.client.isClient, true);
      assert.equal(pair.server.isClient, false);
    });

    it('opens a stream from the client and echoes', async () => {
      const accepted = nextStream(pair.server).then((s) => s.readable.pipeTo(s.writable));
      const reply = await echo(pair.client, new TextEncoder().encode('hello from client'));
      await accepted;
      assert.equal(new TextDecoder().decode(reply), 'hello from client');
    });

    it('opens a stream from the server and echoes', async () => {
      const accepted = nextStream(pair.client).then((s) => s.readable.pipeTo(s.writable));
      const reply = await echo(pair.server, new TextEncoder().encode('hello from server'));
      await accepted;
      assert.equal(new TextDecoder().decode(reply), 'hello from server');
    });

    it('lets a reader cancel one stream: the writer fails, the session lives on', async () => {
      const accepted = nextStream(pair.server).then((s) => s.readable.cancel('not interested'));
      const stream = await pair.client.openStream();
      const writer = stream.writable.getWriter();
      await writer.write(new Uint8Array(10));
      await accepted;
      let failed = false;
      for (let i = 0; i < 100 && !failed; i++) {
        failed = await writer.write(new Uint8Array(10)).then(
          () => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5)),
          () => true,
        );
      }
      assert.ok(failed, 'writes to a cancelled stream must fail');
      const echoed = nextStream(pair.server).then((s) => s.readable.pipeTo(s.writable));
      assert.deepEqual(await echo(pair.client, new Uint8Array([9])), new Uint8Array([9]));
      await echoed;
    });

    it('fails the reader, not ends it, when the peer aborts its writer', async () => {
      const incoming = nextStream(pair.server);
      const stream = await pair.client.openStream();
      const writer = stream.writable.getWriter();
      await writer.write(new Uint8Array([1, 2, 3]));
      const reader = (await incoming).readable.getReader();
      assert.deepEqual([...((await reader.read()).value ?? [])], [1, 2, 3]);
      await writer.abort(new Error('the writer changed its mind'));
      await assert.rejects(reader.read());
    });

    it('carries 50 concurrent streams each way without mixing them', async () => {
      serveEcho(pair.server);
      serveEcho(pair.client);
      for (const side of [pair.client, pair.server]) {
        const payloads = Array.from({ length: 50 }, (_, i) => pattern(1000 + i * 97, i));
        const replies = await Promise.all(payloads.map((p) => echo(side, p)));
        for (const [i, reply] of replies.entries()) assert.deepEqual(reply, payloads[i]);
        const ids = new Set((await Promise.all([side.openStream(), side.openStream()])).map((s) => s.id));
        assert.equal(ids.size, 2, 'stream ids are unique');
      }
    });

    it('moves 8 MiB intact and in order, both directions', async () => {
      for (const side of [pair.client, pair.server]) {
        const payload = pattern(8 * 1024 * 1024, side.isClient ? 1 : 2);
        const reply = await echo(side, payload);
        assert.equal(reply.byteLength, payload.byteLength);
        assert.equal(sha256(reply), sha256(payload));
      }
    });

    it('lets a writer reuse a chunk once its write resolved', async () => {
      // The server echoes (an earlier test started that), so the chunks cross twice.
      const stream = await pair.client.openStream();
      const arrived = readAll(stream.readable);
      const writer = stream.writable.getWriter();
      // One buffer, refilled after each write resolves: the peer must read every fill as it was.
      const chunk = new Uint8Array(256 * 1024);
      const fills = 16;
      for (let fill = 0; fill < fills; fill++) {
        chunk.fill(fill + 1);
        await writer.write(chunk);
      }
      chunk.fill(0xff);
      await writer.close();
      const received = await arrived;
      assert.equal(received.byteLength, fills * chunk.byteLength);
      for (let fill = 0; fill < fills; fill++) {
        const part = received.subarray(fill * chunk.byteLength, (fill + 1) * chunk.byteLength);
        assert.ok(
          part.every((byte) => byte === fill + 1),
          `write ${fill} arrived changed`,
        );
      }
    });

    it('carries unidirectional streams both ways, apart from the bidirectional ones', async () => {
      for (const [from, to] of [
        [pair.client, pair.server],
        [pair.server, pair.client],
      ] as const) {
        const payload = pattern(300_000, from.isClient ? 3 : 4);
        assert.equal(sha256(await sendOneWay(from, to, payload)), sha256(payload));
        const opened = await Promise.all([from.openUnidirectionalStream(), from.openUnidirectionalStream()]);
        const ids = new Set(opened.map((s) => s.id));
        assert.equal(ids.size, 2, 'unidirectional stream ids are unique');
        if (from.kind !== 'tcp') {
          // HTTP/2 numbers its streams its own way; QUIC and memory follow RFC 9000 §2.1.
          for (const id of ids) assert.equal(id % 4 >= 2, true, 'RFC 9000 §2.1: bit 1 marks unidirectional');
        }
        // The two just opened carry nothing yet; end them and drain them so later tests start clean.
        for (const stream of opened) await stream.writable.close();
        for (const _ of opened) await readAll((await nextUnidirectional(to)).readable);
      }
    });

    it('keeps granting unidirectional streams as finished ones are read (MAX_STREAMS)', async () => {
      // More than the initial grant of 1000 (quic-config.ts): the peer must raise the limit as streams end.
      const reader = pair.server.incomingUnidirectionalStreams.getReader();
      let read = 0;
      const drained = (async () => {
        while (read < 1100) {
          const { value } = await reader.read();
          if (!value) break;
          await readAll(value.readable);
          read++;
        }
        reader.releaseLock();
      })();
      for (let batch = 0; batch < 11; batch++) {
        await Promise.all(
          Array.from({ length: 100 }, async (_, i) => {
            const writer = (await pair.client.openUnidirectionalStream()).writable.getWriter();
            await writer.write(new Uint8Array([batch, i]));
            await writer.close();
          }),
        );
      }
      await drained;
      assert.equal(read, 1100);
    });

    it('counts bytes in stats', () => {
      const client = pair.client.stats();
      const server = pair.server.stats();
      assert.ok(client.bytesSent >= 8 * 1024 * 1024, `client sent ${client.bytesSent}`);
      assert.ok(server.bytesReceived >= 8 * 1024 * 1024, `server received ${server.bytesReceived}`);
      assert.ok(client.streamsOpened >= 52 && server.streamsAccepted >= 52);
      assert.ok(server.streamsOpened >= 52 && client.streamsAccepted >= 52);
    });

    it('closes with a code and reason that the peer sees', async () => {
      const streamBeforeClose = await pair.server.openStream();
      await assert.rejects(pair.server.close(-1, 'negative'), SessionError, 'codes the wire cannot carry');
      await pair.server.close(404, 'unknown type key 77');
      const [local, remote] = await Promise.all([pair.server.closed, pair.client.closed]);
      assert.deepEqual(local, { code: 404, reason: 'unknown type key 77', local: true });
      assert.deepEqual(remote, { code: 404, reason: 'unknown type key 77', local: false });
      await assert.rejects(pair.client.openStream(), SessionError);
      await assert.rejects(streamBeforeClose.writable.getWriter().write(new Uint8Array(1)));
      await pair.client.close(1, 'again');
      assert.deepEqual(await pair.client.closed, remote, 'close is idempotent');
    });
  });
}
