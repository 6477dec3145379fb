/**
 * The agent's front door over real QUIC and TLS/TCP on loopback: what a stranger (any certificate, never paired)
 * can hold is capped and timed out (docs/security.md).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Session } from '../platform/index.ts';
import { dialQuic, dialTcp } from '../platform/node.ts';
import { createTestCredentials } from '../testing/test-credentials.ts';
import { CloseCode } from './close-codes.ts';
import type { OspAgent } from './osp-agent.ts';
import { startLoopbackAgent } from './testing/loopback-agent.ts';

const HANDSHAKE_MS = 300;
const DEADLINE_MS = 600;
const PER_ADDRESS = 3;

describe('front door: caps and deadlines for strangers', () => {
  let dir: string;
  let agent: OspAgent;
  const sessions: Session[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offgrid-door-'));
    agent = await startLoopbackAgent({
      displayName: 'Door',
      stateDir: dir,
      handshakeTimeoutMs: HANDSHAKE_MS,
      admission: {
        maxUnauthenticatedPerAddress: PER_ADDRESS,
        maxUnauthenticated: 16,
        authDeadlineMs: DEADLINE_MS,
      },
    });
  });
  after(async () => {
    await Promise.allSettled(sessions.map((s) => s.close()));
    await agent.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function dial(transport: 'quic' | 'tcp'): Promise<Session> {
    const options = {
      host: '127.0.0.1',
      port: transport === 'quic' ? agent.quicPort : (agent.tcpPort as number),
      serverName: agent.identity.hostname,
      credentials: await createTestCredentials('stranger'),
      expectedFingerprint: agent.fingerprint,
    };
    const session = transport === 'quic' ? await dialQuic(options) : await dialTcp(options);
    sessions.push(session);
    return session;
  }

  for (const transport of ['quic', 'tcp'] as const) {
    it(`caps unauthenticated ${transport} sessions per address, dropping the oldest idle with 429`, async () => {
      const opened: Session[] = [];
      for (let i = 0; i < PER_ADDRESS + 2; i++) {
        opened.push(await dial(transport));
        await new Promise((r) => setTimeout(r, 30));
      }
      const first = await Promise.race([opened[0]?.closed, new Promise((r) => setTimeout(r, 2000))]);
      assert.equal((first as { code: number } | undefined)?.code, CloseCode.TooManySessions);
      const second = opened[1] as Session;
      assert.equal((await second.closed).code, CloseCode.TooManySessions);
      assert.ok(agent.unauthenticatedSessions <= PER_ADDRESS);
      // The rest time out: no pairing started before the authentication deadline.
      const last = await opened[PER_ADDRESS + 1]?.closed;
      assert.equal(last?.code, CloseCode.Timeout);
      assert.equal(agent.unauthenticatedSessions, 0);
    });
  }
});
