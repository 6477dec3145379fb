import { isAgentFingerprint, TrustStore } from '@offgrid/transport-lp2p/node';
import { defaultStateDir, parseOptions, UsageError } from './cli-options.ts';

/** `offgrid trusted [--json] [--state-dir DIR]`: the known peers this agent paired with. */
export async function runTrustedCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { json: { type: 'boolean' }, 'state-dir': { type: 'string' } });
  const peers = (await TrustStore.open(values['state-dir'] ?? defaultStateDir()))
    .list()
    .filter((p) => p.authenticated);
  if (values.json) {
    console.log(
      JSON.stringify(
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
    for (const p of peers) console.log(`${p.displayName}  ${p.fingerprint}  paired ${p.pairedAt}`);
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
  const store = await TrustStore.open(values['state-dir'] ?? defaultStateDir());
  if (await store.unpair(fingerprint)) {
    console.log(`unpaired ${fingerprint}`);
    return 0;
  }
  console.error(`offgrid: ${fingerprint} is not a trusted agent`);
  return 1;
}
