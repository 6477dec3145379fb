import { agentFingerprint } from '../../identity/index.ts';
import type { DialOptions, LocalCredentials } from '../session.ts';

/**
 * Options to dial a listener on 127.0.0.1 at `port` that presents `credentials` (the tests that use this give
 * both sides one identity), pinned to that identity's fingerprint.
 * @example
 * const session = await dialQuic({ ...loopbackDial(listener.port, credentials), timeoutMs: 2000 });
 */
export function loopbackDial(port: number, credentials: LocalCredentials): DialOptions {
  return {
    host: '127.0.0.1',
    port,
    serverName: 'agent.local',
    credentials,
    expectedFingerprint: agentFingerprint(credentials.certificateDer),
  };
}
