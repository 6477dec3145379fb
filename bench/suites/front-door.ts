/**
 * The front door under load (issue 9): 1 000 unauthenticated sessions (half QUIC, half TLS/TCP, from 125 loopback
 * addresses) held against one agent process for 20 s, while a trusted peer reconnects and exchanges agent-status
 * round trips with it and a newcomer pairs with SPAKE2 (PSK read from the agent's output). Reports the trusted peer's round trip idle and loaded (and their ratio; the target is ≤ 2),
 * its reconnect times, and the agent's RSS before, at its peak and after.
 */
import { runFrontDoorLoad } from '@offgrid/transport-lp2p/testing';
import type { Report } from '../bench-suite.ts';

export const name = 'front-door';

const MB = 1e6;

export async function run(report: Report): Promise<void> {
  const result = await runFrontDoorLoad({ connections: 1000, seconds: 20, addresses: 125, samples: 200 });
  for (const transport of ['quic', 'tcp'] as const) {
    const idle = result.rttIdleMs[transport];
    const loaded = result.rttLoadedMs[transport];
    report({ metric: `front-door.${transport}.rtt.idle`, value: idle, unit: 'ms' });
    report({ metric: `front-door.${transport}.rtt.loaded`, value: loaded, unit: 'ms' });
    report({ metric: `front-door.${transport}.rtt.loaded-vs-idle`, value: loaded / idle, unit: 'ratio' });
    report({
      metric: `front-door.${transport}.reconnect.idle`,
      value: result.reconnectIdleMs[transport],
      unit: 'ms',
    });
    report({
      metric: `front-door.${transport}.reconnect.loaded`,
      value: result.reconnectLoadedMs[transport],
      unit: 'ms',
    });
  }
  report({ metric: 'front-door.pairing.idle', value: result.pairingIdleMs, unit: 'ms' });
  report({ metric: 'front-door.pairing.loaded', value: result.pairingLoadedMs, unit: 'ms' });
  report({ metric: 'front-door.rss.before', value: result.rssBeforeBytes / MB, unit: 'MB' });
  report({ metric: 'front-door.rss.peak', value: result.rssPeakBytes / MB, unit: 'MB' });
  report({ metric: 'front-door.rss.after', value: result.rssAfterBytes / MB, unit: 'MB' });
  report({ metric: 'front-door.unauthenticated.max', value: result.maxUnauthenticated, unit: 'sessions' });
  report({ metric: 'front-door.strangers.open.max', value: result.strangers.maxOpen, unit: 'sessions' });
  report({ metric: 'front-door.strangers.dialled', value: result.strangers.dialled, unit: 'dials' });
  report({ metric: 'front-door.agent.survived', value: result.agentSurvived ? 1 : 0, unit: 'bool' });
}
