import { startUp } from '@offgrid/transport-lp2p/node';
import { defaultStateDir, parseInterface, parseOptions, parsePort, UsageError } from './cli-options.ts';

/**
 * `offgrid up [--name NAME] [--state-dir DIR] [--interface ADDR] [--port N] [--ui-port P]`: runs the agent, the
 * loopback bridge that serves the LP2P API to web pages, and the trusted UI, until SIGINT/SIGTERM. Prints
 * `ui: http://127.0.0.1:P/` once everything is ready (issue 12's contract). The agent browses at once but
 * advertises only when a page asks and the person consents in the trusted UI.
 */
export async function runUpCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    name: { type: 'string' },
    'state-dir': { type: 'string' },
    interface: { type: 'string' },
    port: { type: 'string' },
    'ui-port': { type: 'string' },
  });
  if (values.name === '') throw new UsageError('--name must not be empty');
  const up = await startUp({
    agent: {
      displayName: values.name ?? 'Offgrid',
      stateDir: values['state-dir'] ?? defaultStateDir(),
      interfaceAddress: parseInterface(values.interface),
      port: parsePort(values.port),
    },
    uiPort: parsePort(values['ui-port']) ?? 0,
  });
  console.log(`agent fingerprint ${up.agent.fingerprint}`);
  console.log(`ui: ${up.bridge.uiUrl}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await up.stop();
  return 0;
}
