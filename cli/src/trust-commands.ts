import {
  isAgentFingerprint,
  prepareStateDir,
  TrustStore,
  terminalSafe,
  terminalSafeJson,
} from '@offgrid/transport-lp2p/node';
import { defaultStateDir, parseOptions, UsageError } from './cli-options.ts';

/** `offgrid trusted [--json] [--state-dir DIR]`: the known peers this agent paired with. */
export async function runTrustedCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { json: { type: 'boolean' }, 'state-dir': { type: 'string' } });
  const stateDir = values['state-dir'] ?? defaultStateDir();
  await prepareStateDir(stateDir, { create: false });
  const peers = (await TrustStore.open(stateDir)).list().filter((p) => p.authenticated);
  if (values.json) {
    console.log(
      terminalSafeJson(
        peers.map((p) => ({
          name: p.displayName,
          fingerprint: p.fingerprint,
          pairedAt: p.pairedAt,
          grants: p.grants,
        })),
      ),
    );
  } else if (peers.length === 0) {
    console.log('no trusted agents');
  } else {
    for (const p of peers)
      console.log(`${terminalSafe(p.displayName)}  ${p.fingerprint}  paired ${p.pairedAt}`);
  }
  return 0;
}

/** `offgrid unpair FINGERPRINT [--state-dir DIR]`: forgets a paired agent; it must pair again. */
export async function runUnpairCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { 'state-dir': { type: 'string' } }, true);
  const [fingerprint, ...extra] = positionals;
  if (fingerprint === undefined || extra.length > 0 || !isAgentFingerprint(fingerprint)) {
    throw new UsageError('unpair takes one FINGERPRINT');
  }
  const stateDir = values['state-dir'] ?? defaultStateDir();
  await prepareStateDir(stateDir, { create: false });
  const store = await TrustStore.open(stateDir);
  if (await store.unpair(fingerprint)) {
    console.log(`unpaired ${fingerprint}`);
    return 0;
  }
  console.error(`offgrid: ${fingerprint} is not a trusted agent`);
  return 1;
}
