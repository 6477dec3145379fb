import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { TerminalPromptDelegate } from '../trust/terminal-prompt-delegate.ts';
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
 * The configured manager, or one made from the environment: `OFFGRID_ORIGIN` (default `node:` + program name),
 * `OFFGRID_NAME` (default host name), `OFFGRID_STATE_DIR` (default `~/.offgrid`), `OFFGRID_INTERFACE`, with the
 * terminal prompt delegate.
 */
export function defaultLocalPeerManager(): Promise<LocalPeerManager> {
  if (!configured) {
    const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
    configureLocalPeerManager({
      origin: process.env.OFFGRID_ORIGIN ?? `node:${process.argv[1]?.split('/').pop() ?? 'program'}`,
      prompt: new TerminalPromptDelegate({ input: process.stdin, output: process.stdout, interactive }),
      agent: {
        displayName: process.env.OFFGRID_NAME ?? hostname(),
        stateDir: process.env.OFFGRID_STATE_DIR ?? join(homedir(), '.offgrid'),
        interfaceAddress: process.env.OFFGRID_INTERFACE,
      },
    });
  }
  return configured as Promise<LocalPeerManager>;
}
