import { settle } from '../../testing/settle.ts';
import type { HoldingProxy, ProxiedConnection } from './holding-proxy.ts';

/**
 * Opens the ack-hole window of a link through `proxy` whose server's answers are held (`holdNew.down`): once our
 * step 1 is out, `update()` makes a change built on what the server lacks; once the server acknowledged it, what
 * we send is held (our step 2 among it) and the server's answers go through. Resolves when our step 2 waits at
 * the proxy.
 */
export async function openAckHoleWindow(proxy: HoldingProxy, update: () => void): Promise<void> {
  await settle(() => proxy.connections[0]?.up.seen.includes('sync-step1') === true, 'our step 1', 15_000);
  const connection = proxy.connections[0] as ProxiedConnection;
  update();
  await settle(() => connection.down.seen.includes('sync-status'), 'the server acknowledging it', 15_000);
  connection.up.hold();
  connection.down.release();
  await settle(() => connection.up.seen.includes('sync-step2'), 'our step 2 (held)', 15_000);
}
