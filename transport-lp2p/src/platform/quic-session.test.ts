import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { it } from 'node:test';
import { SessionError } from '../errors/index.ts';
import { createTestCredentials } from '../testing/test-credentials.ts';
import { dialQuic } from './quic-dial.ts';
import { listenQuic } from './quic-listen.ts';
import { loopbackDial } from './testing/loopback-dial.ts';
import { describeNetworkSession } from './testing/network-session-conformance.ts';

describeNetworkSession('quic', { dial: dialQuic, listen: listenQuic });

it('times out against a UDP port that never answers', async () => {
  const credentials = await createTestCredentials('quic-timeout');
  const silent = createSocket('udp4').bind(0, '127.0.0.1');
  await once(silent, 'listening');
  await assert.rejects(
    dialQuic({ ...loopbackDial(silent.address().port, credentials), timeoutMs: 150 }),
    (e: unknown) => e instanceof SessionError && e.code === 'timeout',
  );
  silent.close();
});

it('reports quiche’s smoothed round-trip time in stats, and stats still work once closed', async () => {
  const credentials = await createTestCredentials('quic-rtt');
  const listener = await listenQuic({ host: '127.0.0.1', credentials, verifyPeer: () => true });
  const session = await dialQuic(loopbackDial(listener.port, credentials));
  const rtt = session.stats().rttMs;
  // Whole milliseconds as the binding truncates them: 0 is the usual loopback reading.
  assert.ok(rtt !== undefined && Number.isInteger(rtt) && rtt >= 0 && rtt < 1000, `rtt ${rtt}`);
  await session.close();
  assert.equal(typeof session.stats().bytesSent, 'number');
  await listener.close();
});
