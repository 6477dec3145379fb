import { hostname } from 'node:os';
import {
  defaultAuthCapabilities,
  isAgentFingerprint,
  OspAgent,
  TerminalPromptDelegate,
  terminalSafe,
} from '@offgrid/transport-lp2p/node';
import {
  defaultStateDir,
  isInteractive,
  parseInterface,
  parseMilliseconds,
  parseOptions,
  parsePskEase,
  UsageError,
} from './cli-options.ts';

/**
 * `offgrid pair [FINGERPRINT] [--state-dir DIR] [--interface ADDR] [--name NAME] [--psk-ease N] [--wait MS]
 * [--transport quic|tcp]`: finds the agent on the LAN (or lets the user choose one), then pairs with SPAKE2 —
 * unless both sides already trust each other, in which case it connects, verifies the pinned certificate, checks
 * that the agent authenticates it too, and exits 0 without a PSK. Reads the PSK from standard input when that is
 * not a terminal. Exit 0 only when both sides authenticated each other, 1 otherwise.
 */
export async function runPairCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      'state-dir': { type: 'string' },
      interface: { type: 'string' },
      name: { type: 'string' },
      'psk-ease': { type: 'string' },
      wait: { type: 'string' },
      transport: { type: 'string' },
    },
    true,
  );
  const [target, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError('pair takes at most one FINGERPRINT');
  if (target !== undefined && !isAgentFingerprint(target))
    throw new UsageError(`'${target}' is not an agent fingerprint`);
  const transport = values.transport ?? 'auto';
  if (transport !== 'auto' && transport !== 'quic' && transport !== 'tcp')
    throw new UsageError('--transport takes quic or tcp');
  const waitMs = parseMilliseconds(values.wait, 5000);
  const pskEaseOfInput = parsePskEase(values['psk-ease'], 100);
  const interfaceAddress = parseInterface(values.interface);
  const interactive = isInteractive();
  const prompt = new TerminalPromptDelegate({ input: process.stdin, output: process.stdout, interactive });
  const agent = await OspAgent.start({
    displayName: values.name ?? hostname(),
    stateDir: values['state-dir'] ?? defaultStateDir(),
    interfaceAddress,
    advertise: false,
    // Names shown in the chooser should be verified; with a FINGERPRINT there is nothing to show.
    verifyDiscovered: target === undefined,
    prompt,
    // Whoever runs `offgrid pair` can type; a device that cannot sets a lower ease and presents.
    authCapabilities: { ...defaultAuthCapabilities, pskEaseOfInput },
  });
  try {
    const fingerprint = await findPeer(agent, target, waitMs, prompt);
    const pairedAt = agent.trustStore.get(fingerprint)?.pairedAt;
    // Resolves only once both sides authenticated each other on this connection (a one-sided trust pairs again).
    const connection = await agent.pair(fingerprint, { transport });
    const name = terminalSafe(connection.remoteInfo?.displayName ?? fingerprint);
    const alreadyPaired = pairedAt !== undefined && agent.trustStore.get(fingerprint)?.pairedAt === pairedAt;
    console.log(
      alreadyPaired
        ? `already paired with ${name} (${fingerprint}); connection verified`
        : `paired with ${name} (${fingerprint})`,
    );
    return 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    console.error(
      terminalSafe(`offgrid: pairing failed${code ? ` (${code})` : ''}: ${(error as Error).message}`),
    );
    return 1;
  } finally {
    prompt.close();
    await agent.stop();
  }
}

/** Waits until `target` is discovered, or lets the user choose among what was found in `waitMs`. */
async function findPeer(
  agent: OspAgent,
  target: string | undefined,
  waitMs: number,
  prompt: TerminalPromptDelegate,
): Promise<string> {
  const deadline = Date.now() + waitMs;
  if (target !== undefined) {
    while (!agent.discovered(target)) {
      if (Date.now() > deadline)
        throw new Error(`no agent with fingerprint ${target} found on the LAN in ${waitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return target;
  }
  await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, 1500)));
  await agent.settled();
  const peers = agent.peers().map((peer) => agent.describePeer(peer.fingerprint));
  const chosen = await prompt.choosePeer({ peers, signal: AbortSignal.timeout(300_000) });
  if (chosen === undefined) {
    throw new Error(
      peers.length === 0
        ? 'no agents found on the LAN'
        : 'no agent chosen (give a FINGERPRINT when there is no terminal)',
    );
  }
  return chosen;
}
