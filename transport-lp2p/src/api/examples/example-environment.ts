/**
 * Imported first by every example: plays the user agent's part for a test, with no person present. It configures
 * the default local peer-to-peer manager from OFFGRID_* variables, shows PSKs as `PSK: …` lines, reads PSKs from
 * standard input, picks the first peer found and grants what is asked (after OFFGRID_EXAMPLE_GRANT_DELAY_MS).
 * Requests look for peers for 2.5 s (OFFGRID_DISCOVERY_WAIT_MS); `advertising` is printed once the agent is.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { ProgrammaticPromptDelegate } from '../../trust/index.ts';
import { LineInput } from '../../trust/node.ts';
import { configureLocalPeerManager, defaultLocalPeerManager } from '../default-manager.ts';
import '../node-host.ts';

const lines = new LineInput(process.stdin);
configureLocalPeerManager({
  origin: 'https://example.test',
  discoveryWaitMs: Number(process.env.OFFGRID_DISCOVERY_WAIT_MS ?? 2500),
  prompt: new ProgrammaticPromptDelegate({
    onShowPsk: (psk) => console.log(`PSK: ${psk.numeric}`),
    providePsk: (_peer, signal) => lines.read('', signal),
    // A test can make this side take its time to grant, as a person reading the prompt would.
    grantOrigin: async () => {
      await delay(Number(process.env.OFFGRID_EXAMPLE_GRANT_DELAY_MS ?? 0));
      return true;
    },
  }),
  agent: {
    displayName: process.env.OFFGRID_NAME ?? 'example',
    stateDir: process.env.OFFGRID_STATE_DIR ?? '.offgrid-example',
    interfaceAddress: process.env.OFFGRID_INTERFACE,
  },
});

// Observable side effects for the test: q2q (WebTransport) sessions the agent admitted, and when it advertises.
void defaultLocalPeerManager().then((manager) => {
  manager.agent.addEventListener('quictransportsession', () => console.log('q2q session admitted'));
  const advertising = setInterval(() => {
    if (!manager.agent.advertising) return;
    clearInterval(advertising);
    console.log('advertising');
  }, 20);
  advertising.unref();
});
