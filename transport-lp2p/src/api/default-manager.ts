import { localPeerHost } from './local-peer-host.ts';
import type { LocalPeerManagerOptions } from './local-peer-manager.ts';
import { LocalPeerManager } from './local-peer-manager.ts';

let configured: Promise<LocalPeerManager> | undefined;

/**
 * Sets the manager that `new LP2PReceiver()` and `new LP2PRequest()` use when none is passed — what a browser's
 * user agent is to a page. Call once at start-up; a Node program names its origin here.
 *
 * @example
 * configureLocalPeerManager({ origin: 'app://notes', prompt, agent: { displayName: 'Kitchen laptop', stateDir } });
 */
export function configureLocalPeerManager(options: LocalPeerManagerOptions | LocalPeerManager): void {
  configured =
    options instanceof LocalPeerManager ? Promise.resolve(options) : LocalPeerManager.start(options);
  configured.catch(() => {}); // Reported to whoever awaits it.
}

/**
 * The configured manager, or the host's default one (Node's: from `OFFGRID_*` variables with the terminal prompt
 * delegate, see `node-host.ts`). Rejects with `LP2PError('not-started')` when neither exists.
 */
export function defaultLocalPeerManager(): Promise<LocalPeerManager> {
  if (!configured) {
    try {
      configureLocalPeerManager(localPeerHost().defaultManagerOptions());
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return configured as Promise<LocalPeerManager>;
}
