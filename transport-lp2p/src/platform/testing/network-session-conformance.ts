/**
 * Runs the session conformance suite over a real network transport on 127.0.0.1, plus the pinning checks
 * that only real handshakes can exercise (osp-network §TLS 1.3: the fingerprint must match).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SessionError } from '../../errors/index.ts';
import { agentFingerprint } from '../../identity/index.ts';
import { createTestCredentials } from '../../testing/test-credentials.ts';
import type { DialOptions, ListenOptions, LocalCredentials, Session, SessionListener } from '../session.ts';
import { describeSessionConformance } from './session-conformance.ts';

export interface NetworkTransport {
  dial(options: DialOptions): Promise<Session>;
  listen(options: ListenOptions): Promise<SessionListener>;
}

async function firstSession(listener: SessionListener): Promise<Session> {
  const reader = listener.incomingSessions.getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  assert.ok(value, 'listener closed before a session arrived');
  return value;
}

/** Sessions that arrive within `ms`; the window is short because a refused peer is dropped at once. */
export async function sessionsWithin(listener: SessionListener, ms: number): Promise<Session[]> {
  const got: Session[] = [];
  const reader = listener.incomingSessions.getReader();
  const stop = setTimeout(() => reader.cancel(), ms);
  for (let r = await reader.read(); !r.done; r = await reader.read()) got.push(r.value);
  clearTimeout(stop);
  return got;
}

export function describeNetworkSession(name: string, transport: NetworkTransport): void {
  let client: LocalCredentials;
  let server: LocalCredentials;
  let stranger: LocalCredentials;
  const listeners: SessionListener[] = [];

  const listen = async (verifyPeer: ListenOptions['verifyPeer']) => {
    const listener = await transport.listen({ host: '127.0.0.1', credentials: server, verifyPeer });
    listeners.push(listener);
    return listener;
  };
  const dialOptions = (port: number, expectedFingerprint: string): DialOptions => ({
    host: '127.0.0.1',
    port,
    serverName: 'agent.local',
    credentials: client,
    expectedFingerprint,
    timeoutMs: 3000,
  });

  before(async () => {
    client = await createTestCredentials('client');
    server = await createTestCredentials('server');
    stranger = await createTestCredentials('stranger');
  });
  after(() => Promise.all(listeners.map((l) => l.close())));

  describeSessionConformance(name, async () => {
    const clientFingerprint = agentFingerprint(client.certificateDer);
    const listener = await listen((fingerprint) => fingerprint === clientFingerprint);
    const accepted = firstSession(listener);
    const dialled = await transport.dial(dialOptions(listener.port, agentFingerprint(server.certificateDer)));
    return {
      client: dialled,
      server: await accepted,
      clientCertificate: client.certificateDer,
      serverCertificate: server.certificateDer,
      dispose: () => listener.close(),
    };
  });

  describe(`${name} pinning`, () => {
    it('rejects a listener whose fingerprint is not the expected one', async () => {
      const listener = await listen(() => true);
      const arrivals = sessionsWithin(listener, 300);
      await assert.rejects(
        transport.dial(dialOptions(listener.port, agentFingerprint(stranger.certificateDer))),
        (e: unknown) => e instanceof SessionError && e.code === 'fingerprint-mismatch',
      );
      // The listener may have finished its half of the handshake; it must never see a stream or a byte.
      for (const session of await arrivals) {
        for await (const _ of session.incomingStreams) assert.fail('a stream reached the listener');
        assert.equal(session.stats().bytesReceived, 0);
      }
    });

    it('drops a client that verifyPeer refuses, before any session or stream', async () => {
      const seen: string[] = [];
      const listener = await listen((fingerprint, der) => {
        seen.push(fingerprint);
        assert.equal(agentFingerprint(der), fingerprint);
        return false;
      });
      const arrivals = sessionsWithin(listener, 300);
      const dialled = await transport
        .dial(dialOptions(listener.port, agentFingerprint(server.certificateDer)))
        .catch((e: unknown) => e);
      if (dialled instanceof Error) assert.ok(dialled instanceof SessionError, String(dialled));
      else {
        // With TLS 1.3 the client may finish first; it must then be cut off, not served.
        const info = await (dialled as Session).closed;
        assert.equal(info.local, false);
      }
      assert.deepEqual(await arrivals, []);
      assert.deepEqual(seen, [agentFingerprint(client.certificateDer)]);
    });
  });
}
