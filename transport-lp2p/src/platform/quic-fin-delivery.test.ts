/**
 * Stream ends at LAN datagram sizes. With 1452- or 1350-byte datagrams a burst of streams fills the initial
 * congestion window, and quiche 0.18 used to drop a FIN queued behind it (quic-stream-writable.ts), leaving
 * one echo in a burst waiting forever. Loopback normally uses 64 KiB datagrams, which hid it; these tests
 * force LAN sizes, and the conformance suite runs again under them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestCredentials } from '../testing/test-credentials.ts';
import { dialQuic } from './quic-dial.ts';
import { listenQuic } from './quic-listen.ts';
import type { LocalCredentials, Session, SessionListener } from './session.ts';
import { loopbackDial } from './testing/loopback-dial.ts';
import { describeNetworkSession } from './testing/network-session-conformance.ts';
import { readAll } from './testing/session-conformance.ts';

const lanPayloadBytes = 1452;
/** A burst normally echoes in well under 200 ms here; a lost FIN never completes. */
const burstDeadlineMs = 3000;

describeNetworkSession(`quic with ${lanPayloadBytes}-byte datagrams`, {
  dial: (options) => dialQuic({ ...options, maxUdpPayloadBytes: lanPayloadBytes }),
  listen: (options) => listenQuic({ ...options, maxUdpPayloadBytes: lanPayloadBytes }),
});

/** Echoes every accepted stream, closing `closeDelayMs` after the peer's end (0: in the same turn). */
function serveEchoClosingAfter(session: Session, closeDelayMs: number): void {
  void (async () => {
    for await (const stream of session.incomingStreams) {
      void (async () => {
        const writer = stream.writable.getWriter();
        for await (const chunk of stream.readable) await writer.write(chunk);
        if (closeDelayMs > 0) await sleep(closeDelayMs);
        await writer.close();
      })().catch(() => {});
    }
  })().catch(() => {});
}

async function echo(session: Session, payload: Uint8Array, closeDelayMs: number): Promise<Uint8Array> {
  const stream = await session.openStream();
  const reply = readAll(stream.readable);
  const writer = stream.writable.getWriter();
  await writer.write(payload);
  if (closeDelayMs > 0) await sleep(closeDelayMs);
  await writer.close();
  return reply;
}

/** `rounds` bursts of `count` concurrent echoes; fails on the first burst that misses the deadline. */
async function echoBursts(
  session: Session,
  options: { rounds: number; count: number; bytes: number; closeDelayMs: number },
): Promise<void> {
  for (let round = 0; round < options.rounds; round++) {
    const payloads = Array.from({ length: options.count }, (_, i) =>
      new Uint8Array(options.bytes).fill(round * 31 + i),
    );
    const deadline = AbortSignal.timeout(burstDeadlineMs);
    const stalled = new Promise<never>((_, reject) =>
      deadline.addEventListener('abort', () => reject(new Error(`round ${round}: an echo never ended`))),
    );
    const replies = await Promise.race([
      Promise.all(payloads.map((p) => echo(session, p, options.closeDelayMs))),
      stalled,
    ]);
    for (const [i, reply] of replies.entries()) assert.deepEqual(reply, payloads[i]);
  }
}

for (const payloadBytes of [1452, 1350]) {
  describe(`stream ends with ${payloadBytes}-byte datagrams`, () => {
    let credentials: LocalCredentials;
    let listener: SessionListener;
    const sessions: Session[] = [];
    const pair = async (serverCloseDelayMs: number): Promise<Session> => {
      const reader = listener.incomingSessions.getReader();
      const client = await dialQuic({
        ...loopbackDial(listener.port, credentials),
        maxUdpPayloadBytes: payloadBytes,
      });
      const { value: server } = await reader.read();
      reader.releaseLock();
      assert.ok(server);
      serveEchoClosingAfter(server, serverCloseDelayMs);
      sessions.push(client);
      return client;
    };

    before(async () => {
      credentials = await createTestCredentials(`quic-fin-${payloadBytes}`);
      listener = await listenQuic({
        host: '127.0.0.1',
        credentials,
        verifyPeer: () => true,
        maxUdpPayloadBytes: payloadBytes,
      });
    });
    after(async () => {
      await Promise.all(sessions.map((s) => s.close()));
      await listener.close();
    });

    it('ends every echo of 20 concurrent 1 KB streams, 5 bursts', async () => {
      await echoBursts(await pair(0), { rounds: 5, count: 20, bytes: 1000, closeDelayMs: 0 });
    });

    it('ends every echo of 100 concurrent 100-byte streams, 2 bursts', async () => {
      await echoBursts(await pair(0), { rounds: 2, count: 100, bytes: 100, closeDelayMs: 0 });
    });

    // Still runs and reports, but cannot fail the suite: about 1 run in 6 a FIN sent alone in a congested burst
    // is still lost to quiche 0.18's bug (cloudflare/quiche#2525; fixed upstream in #2665, not yet bundled by
    // @matrixai/quic). See docs/protocol.md §Sessions. Make it a plain `it` again once the library ships the fix.
    const finOnlyTodo = 'residual quiche#2525: a FIN with no data to carry it can still be dropped';
    it('ends streams closed a turn after their last write (a FIN with no data to carry it)', {
      todo: finOnlyTodo,
    }, async () => {
      await echoBursts(await pair(1), { rounds: 3, count: 20, bytes: 1000, closeDelayMs: 1 });
    });
  });
}
