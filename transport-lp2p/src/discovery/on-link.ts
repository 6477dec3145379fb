import { BlockList } from 'node:net';
import { networkInterfaces } from 'node:os';

/** How long a snapshot of the local subnets is trusted before it is re-read. */
const REFRESH_MS = 5000;

/**
 * Tells whether a packet's source address is on one of our links (RFC 6762 §11: mDNS is link-local, and
 * packets from elsewhere, e.g. forwarded by a misconfigured router, must be ignored). Only IPv4.
 */
export class OnLinkFilter {
  readonly #interfaceAddress: string | undefined;
  #subnets = new BlockList();
  #readAt = Number.NEGATIVE_INFINITY;

  /** With `interfaceAddress`, only that interface's subnet counts as on-link. */
  constructor(interfaceAddress?: string) {
    this.#interfaceAddress = interfaceAddress;
  }

  has(address: string, now = Date.now()): boolean {
    if (now - this.#readAt > REFRESH_MS) {
      this.#subnets = localSubnets(this.#interfaceAddress);
      this.#readAt = now;
    }
    return this.#subnets.check(address, 'ipv4');
  }
}

function localSubnets(interfaceAddress: string | undefined): BlockList {
  const subnets = new BlockList();
  // RFC 3927: IPv4 link-local addresses are on-link by definition.
  subnets.addSubnet('169.254.0.0', 16, 'ipv4');
  for (const info of Object.values(networkInterfaces()).flatMap((list) => list ?? [])) {
    if (info.family !== 'IPv4' || (interfaceAddress !== undefined && info.address !== interfaceAddress))
      continue;
    const prefix = info.cidr ? Number(info.cidr.split('/')[1]) : 32;
    subnets.addSubnet(info.address, Number.isInteger(prefix) ? prefix : 32, 'ipv4');
  }
  return subnets;
}
