import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Session, SessionCloseInfo } from '../platform/index.ts';
import { createMemorySessionPair } from '../platform/index.ts';
import { Admission } from './admission.ts';
import { AgentConnection } from './agent-connection.ts';
import { CloseCode } from './close-codes.ts';

const INFO = { displayName: 'a', modelName: 'm', capabilities: [], stateToken: 'abcdefgh', locales: [] };

/** An incoming session from `address` admitted by `admission`, and the stranger's end of it. */
function stranger(admission: Admission, address: string, authenticated = false) {
  const [client, server] = createMemorySessionPair();
  const fromAddress: Session = Object.assign(Object.create(null), {
    get kind() {
      return server.kind;
    },
    isClient: false,
    remoteCertificate: server.remoteCertificate,
    remoteAddress: { address, port: 4000 },
    incomingStreams: server.incomingStreams,
    incomingUnidirectionalStreams: server.incomingUnidirectionalStreams,
    closed: server.closed,
    openStream: () => server.openStream(),
    openUnidirectionalStream: () => server.openUnidirectionalStream(),
    close: (code?: number, reason?: string) => server.close(code, reason),
    stats: () => server.stats(),
  });
  let id = 0;
  const connection = new AgentConnection({
    session: admission.watch(fromAddress),
    localInfo: () => INFO,
    nextRequestId: () => ++id,
    remoteFingerprint: `fp-${address}`,
    authenticated,
  });
  admission.admit(connection);
  return { client, connection };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('Admission of unauthenticated sessions', () => {
  it('caps sessions per address and in total, dropping the idlest first with 429', async () => {
    const admission = new Admission({ maxUnauthenticated: 5, maxUnauthenticatedPerAddress: 3 });
    const a = [];
    for (let i = 0; i < 3; i++) {
      a.push(stranger(admission, '10.0.0.1'));
      await tick();
    }
    // The first is busy (it opened a stream), so the second is the idlest when a fourth comes from that address.
    await a[0]?.client.openStream();
    await tick(20);
    const fourth = stranger(admission, '10.0.0.1');
    const closed = (await Promise.race([a[1]?.client.closed, tick(500)])) as SessionCloseInfo | undefined;
    assert.equal(closed?.code, CloseCode.TooManySessions);
    assert.equal(a[0]?.connection.isClosed, false, 'the busy one stays');
    assert.equal(admission.unauthenticated, 3);
    // Three more from other addresses: the total cap (5) drops the idlest overall, here 10.0.0.1's third.
    const others = [stranger(admission, '10.0.0.2'), stranger(admission, '10.0.0.3')];
    await tick(20);
    assert.equal(admission.unauthenticated, 5);
    others.push(stranger(admission, '10.0.0.4'));
    await tick(20);
    assert.equal(admission.unauthenticated, 5);
    assert.equal(a[2]?.connection.isClosed, true);
    assert.equal(fourth.connection.isClosed, false);
    // Trusted peers are never counted nor dropped.
    const trusted = stranger(admission, '10.0.0.1', true);
    await tick(20);
    assert.equal(trusted.connection.isClosed, false);
    assert.equal(admission.unauthenticated, 5);
    admission.stop();
    for (const s of [...a, fourth, ...others, trusted]) await s.connection.close();
  });

  it('closes with 408 when pairing does not start before the deadline, not while it runs', async () => {
    const admission = new Admission({ authDeadlineMs: 100 });
    const idle = stranger(admission, '10.0.0.1');
    const pairing = stranger(admission, '10.0.0.2');
    admission.pairing(pairing.connection, true);
    const info = await idle.client.closed;
    assert.equal(info.code, CloseCode.Timeout);
    assert.match(info.reason, /authentication deadline/);
    await tick(150);
    assert.equal(pairing.connection.isClosed, false, 'a running attempt has its own bound');
    admission.pairing(pairing.connection, false);
    assert.equal((await pairing.client.closed).code, CloseCode.Timeout);
    admission.stop();
  });

  it('closes with 403 past the stream cap before authentication; no cap after it', async () => {
    const admission = new Admission({ maxStreamsBeforeAuth: 3 });
    const peer = stranger(admission, '10.0.0.1');
    for (let i = 0; i < 4; i++) await peer.client.openStream().catch(() => undefined);
    const info = await Promise.race([peer.client.closed, tick(1000)]);
    assert.equal((info as SessionCloseInfo | undefined)?.code, CloseCode.NotAllowed);
    const friend = stranger(admission, '10.0.0.2');
    friend.connection.markAuthenticated();
    for (let i = 0; i < 10; i++) await friend.client.openStream();
    await tick(20);
    assert.equal(friend.connection.isClosed, false);
    assert.equal(admission.unauthenticated, 0);
    admission.stop();
    await friend.connection.close();
  });
});
