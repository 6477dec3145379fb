import { BlockList, isIPv4 } from 'node:net';
import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os';

/** How long a snapshot of the local subnets is trusted before it is re-read. */
const REFRESH_MS = 5000;

/** Injected parts, for tests: the clock and the host's interface list. */
export interface OnLinkParts {
  readonly now?: () => number;
  readonly interfaces?: () => readonly NetworkInterfaceInfo[];
}

const hostInterfaces = () => Object.values(networkInterfaces()).flatMap((list) => list ?? []);

interface Subnet {
  readonly network: number;
  readonly prefix: number;
}

/**
 * Tells whether a packet's source address is on one of our links (RFC 6762 §11: mDNS is link-local, and
 * packets from elsewhere, e.g. forwarded by a misconfigured router, must be ignored), and whether an address an
 * mDNS record names is one we may send packets to. Only IPv4.
 */
export class OnLinkFilter {
  readonly #interfaceAddress: string | undefined;
  readonly #now: () => number;
  readonly #interfaces: () => readonly NetworkInterfaceInfo[];
  #blocks = new BlockList();
  #subnets: Subnet[] = [];
  #readAt = Number.NEGATIVE_INFINITY;

  /** With `interfaceAddress`, only that interface's subnet counts as on-link. */
  constructor(interfaceAddress?: string, parts: OnLinkParts = {}) {
    this.#interfaceAddress = interfaceAddress;
    this.#now = parts.now ?? Date.now;
    this.#interfaces = parts.interfaces ?? hostInterfaces;
  }

  has(address: string): boolean {
    this.#refresh();
    return isIPv4(address) && this.#blocks.check(address, 'ipv4');
  }

  /**
   * Whether `address`, taken from an A record that `responder` sent, is a unicast host of the responder's own
   * subnet: the link the response arrived on. Loopback, unspecified, multicast, broadcast, reserved and off-link
   * addresses are refused, so a record cannot point our verification dials anywhere else.
   */
  isUnicastNeighbour(address: string, responder: string): boolean {
    this.#refresh();
    if (!isIPv4(address) || !isIPv4(responder)) return false;
    const target = toNumber(address);
    const from = toNumber(responder);
    const subnet = this.#subnets.find((s) => inSubnet(from, s));
    if (!subnet || !inSubnet(target, subnet)) return false;
    const first = target >>> 24;
    const loopbackLink = from >>> 24 === 127;
    if (first === 0 || first >= 224 || (first === 127 && !loopbackLink)) return false;
    // RFC 3021: /31 and /32 have no network or broadcast address; anything wider has both.
    if (subnet.prefix <= 30) {
      const host = target & hostMask(subnet.prefix);
      if (host === 0 || host === hostMask(subnet.prefix)) return false;
    }
    return true;
  }

  #refresh(): void {
    const now = this.#now();
    if (now - this.#readAt <= REFRESH_MS) return;
    this.#readAt = now;
    // RFC 3927: IPv4 link-local addresses are on-link by definition.
    const subnets: Subnet[] = [{ network: toNumber('169.254.0.0'), prefix: 16 }];
    for (const info of this.#interfaces()) {
      if (info.family !== 'IPv4') continue;
      if (this.#interfaceAddress !== undefined && info.address !== this.#interfaceAddress) continue;
      const parsed = info.cidr ? Number(info.cidr.split('/')[1]) : 32;
      const prefix = Number.isInteger(parsed) && parsed >= 0 && parsed <= 32 ? parsed : 32;
      subnets.push({ network: (toNumber(info.address) & ~hostMask(prefix)) >>> 0, prefix });
    }
    const blocks = new BlockList();
    for (const { network, prefix } of subnets) blocks.addSubnet(toAddress(network), prefix, 'ipv4');
    this.#subnets = subnets;
    this.#blocks = blocks;
  }
}

function hostMask(prefix: number): number {
  return prefix === 0 ? 0xffffffff : (2 ** (32 - prefix) - 1) >>> 0;
}

function inSubnet(address: number, { network, prefix }: Subnet): boolean {
  return (address & ~hostMask(prefix)) >>> 0 === network;
}

function toNumber(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function toAddress(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
