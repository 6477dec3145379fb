/**
 * Pairing and identity crypto cost: one full SPAKE2 exchange as OSP runs it (both sides' public values,
 * shared keys and confirmation checks, edwards25519) and one agent certificate creation (P-256 key
 * generation plus a self-signed X.509 certificate). Medians, so a GC pause does not skew them.
 */
import { createAgentIdentity, Spake2 } from '@offgrid/transport-lp2p/node';
import { percentile, type Report } from '../bench-suite.ts';

export const name = 'pairing-crypto';

const utf8 = new TextEncoder();
const identityA = utf8.encode('q7YdJ1x6T5cYbB8Zb1l0f1mZ0zvH8b3hS0rNQm6bW1U=');
const identityB = utf8.encode('Zz3l3fC0m7d0gT3o1bU8mX0n2a4JwzF7YbQk5eR2c8A=');
const password = utf8.encode('61488548833');

function spake2Exchange(): void {
  const a = Spake2.forOsp('A', { password, identityA, identityB });
  const b = Spake2.forOsp('B', { password, identityA, identityB });
  const ka = a.finish(b.publicValue);
  const kb = b.finish(a.publicValue);
  if (!kb.verifyPeerConfirmation(ka.confirmation) || !ka.verifyPeerConfirmation(kb.confirmation)) {
    throw new Error('SPAKE2 exchange did not confirm');
  }
}

async function medianMs(body: () => unknown, runs: number): Promise<number> {
  await body(); // warm-up: JIT and noble's precomputed base-point tables
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await body();
    samples.push(performance.now() - started);
  }
  return percentile(samples, 50);
}

export async function run(report: Report): Promise<void> {
  report({ metric: 'pairing.spake2.compute', value: await medianMs(spake2Exchange, 40), unit: 'ms' });
  const create = () => createAgentIdentity({ instanceName: 'Bench', modelName: 'Offgrid' });
  report({ metric: 'identity.create', value: await medianMs(create, 20), unit: 'ms' });
}
