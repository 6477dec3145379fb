import { BridgeLink, type BridgeLinkOptions } from './bridge-link.ts';
import { BRIDGE_PATH } from './bridge-protocol.ts';

let options: BridgeLinkOptions | undefined;
let link: BridgeLink | undefined;

/**
 * Points the module at a bridge other than the one that served it (e.g. when bundled into an app). Call before
 * the first `LP2PReceiver` or `LP2PRequest`.
 * @example configureBridge({ url: 'ws://127.0.0.1:8940/lp2p', uiUrl: 'http://127.0.0.1:8940/' });
 */
export function configureBridge(next: BridgeLinkOptions): void {
  options = next;
  link = undefined;
}

/** The page's one link to its agent, opened on first use. */
export function defaultBridgeLink(): BridgeLink {
  link ??= new BridgeLink(options ?? optionsFromModuleUrl());
  return link;
}

/** The bridge serves this module at `/lp2p.js`: its own URL says where the agent is. */
function optionsFromModuleUrl(): BridgeLinkOptions {
  const base = new URL(import.meta.url);
  if (base.protocol !== 'http:') {
    throw new TypeError(
      'load the LP2P browser module from the agent (http://127.0.0.1:P/lp2p.js) or call configureBridge',
    );
  }
  const url = new URL(BRIDGE_PATH, base);
  url.protocol = 'ws:';
  return { url: url.href, uiUrl: new URL('/', base).href };
}
