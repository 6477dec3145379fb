import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentFingerprint } from '../identity/index.ts';
import { createTestCredentials } from '../testing/test-credentials.ts';
import { until } from '../testing/until.ts';
import type { Session } from './session.ts';
import { dialTcp, tlsSessionKey } from './tcp-dial.ts';
import { listenTcp } from './tcp-listen.ts';
import { TlsSessionCache } from './tls-session-cache.ts';

describe('TLS session resumption between agents (TCP)', () => {
  it('resumes a session with the same pinned agent; both sides still see the right certificates', async () => {
    const [client, server] = await Promise.all([createTestCredentials('c'), createTestCredentials('s')]);
    const seen: string[] = [];
    const listener = await listenTcp({
      host: '127.0.0.1',
      credentials: server,
      verifyPeer: (fingerprint) => {
        seen.push(fingerprint);
        return true;
      },
    });
    const cache = new TlsSessionCache();
    const serverFp = agentFingerprint(server.certificateDer);
    const key = tlsSessionKey({
      credentials: client,
      expectedFingerprint: serverFp,
      host: '127.0.0.1',
      port: listener.port,
    });
    const dial = () =>
      dialTcp({
        host: '127.0.0.1',
        port: listener.port,
        serverName: 's',
        credentials: client,
        expectedFingerprint: serverFp,
        tlsSessions: cache,
      });
    const sessions: Session[] = [await dial()];
    await until(() => cache.count(key) > 0, 'a session ticket', 2000);
    sessions.push(await dial());
    assert.deepEqual(cache.stats, { offered: 1, resumed: 1 });
    for (const session of sessions) assert.equal(agentFingerprint(session.remoteCertificate), serverFp);
    // The listener saw (and admitted) the client's own certificate both times, from the resumed session too.
    assert.deepEqual(seen, [
      agentFingerprint(client.certificateDer),
      agentFingerprint(client.certificateDer),
    ]);
    // Data flows on the resumed session.
    const incoming = listener.incomingSessions.getReader();
    await incoming.read();
    const { value: accepted } = await incoming.read();
    const stream = await (sessions[1] as Session).openStream();
    const writer = stream.writable.getWriter();
    await writer.write(new Uint8Array([1, 2, 3]));
    const { value: served } = await (accepted as Session).incomingStreams.getReader().read();
    const { value: bytes } = await (served?.readable.getReader().read() ?? Promise.reject());
    assert.deepEqual([...(bytes ?? [])], [1, 2, 3]);
    await Promise.all(sessions.map((s) => s.close()));
    await listener.close();
  });

  it('a ticket offered to another agent at that address resumes nothing, and the pin still fails', async () => {
    const [client, genuine, impostor] = await Promise.all([
      createTestCredentials('c'),
      createTestCredentials('genuine'),
      createTestCredentials('impostor'),
    ]);
    const cache = new TlsSessionCache();
    const genuineFp = agentFingerprint(genuine.certificateDer);
    const first = await listenTcp({ host: '127.0.0.1', credentials: genuine, verifyPeer: () => true });
    const options = {
      host: '127.0.0.1',
      serverName: 'x',
      credentials: client,
      expectedFingerprint: genuineFp,
    };
    const session = await dialTcp({ ...options, port: first.port, tlsSessions: cache });
    const keyFor = (port: number) =>
      tlsSessionKey({ credentials: client, expectedFingerprint: genuineFp, host: '127.0.0.1', port });
    await until(() => cache.count(keyFor(first.port)) > 0, 'a session ticket', 2000);
    await session.close();
    await first.close();
    // The impostor now holds the address; the cached ticket for the genuine agent is offered to it.
    const second = await listenTcp({ host: '127.0.0.1', credentials: impostor, verifyPeer: () => true });
    const ticket = cache.take(keyFor(first.port));
    assert.ok(ticket);
    cache.put(keyFor(second.port), ticket.ticket, ticket.certificateDer);
    await assert.rejects(dialTcp({ ...options, port: second.port, tlsSessions: cache }), {
      code: 'fingerprint-mismatch',
    });
    assert.equal(cache.stats.resumed, 0);
    await second.close();
  });

  it("two local identities sharing a cache never resume each other's sessions", async () => {
    const [alice, bob, server] = await Promise.all([
      createTestCredentials('alice'),
      createTestCredentials('bob'),
      createTestCredentials('server'),
    ]);
    const seen: string[] = [];
    const listener = await listenTcp({
      host: '127.0.0.1',
      credentials: server,
      verifyPeer: (fingerprint) => {
        seen.push(fingerprint);
        return true;
      },
    });
    const cache = new TlsSessionCache();
    const serverFp = agentFingerprint(server.certificateDer);
    const dial = (credentials: typeof alice) =>
      dialTcp({
        host: '127.0.0.1',
        port: listener.port,
        serverName: 's',
        credentials,
        expectedFingerprint: serverFp,
        tlsSessions: cache,
      });
    const first = await dial(alice);
    const aliceKey = tlsSessionKey({
      credentials: alice,
      expectedFingerprint: serverFp,
      host: '127.0.0.1',
      port: listener.port,
    });
    await until(() => cache.count(aliceKey) > 0, 'a session ticket', 2000);
    const second = await dial(bob);
    assert.equal(cache.stats.offered, 0, "Alice's ticket was not offered for Bob");
    assert.deepEqual(seen, [agentFingerprint(alice.certificateDer), agentFingerprint(bob.certificateDer)]);
    await Promise.all([first.close(), second.close()]);
    await listener.close();
  });
});
