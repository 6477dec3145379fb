/**
 * TLS 1.3 session tickets from agents we connected to, for resumption on the next connection (osp-network §TLS 1.3
 * forbids only early data; resumption without 0-RTT is allowed). Keyed by our own fingerprint, the pinned fingerprint
 * and the address (`tlsSessionKey`), so a ticket is only ever offered to the agent that issued it, by the identity it
 * was issued to. Each ticket is used once (RFC 8446 §C.4: reuse lets
 * observers link connections); bounded in keys and tickets per key.
 */
export class TlsSessionCache {
  readonly #entries = new Map<string, { tickets: Uint8Array[]; certificateDer: Uint8Array }>();
  readonly #maxKeys: number;
  readonly #maxTicketsPerKey: number;
  /** Handshakes that offered a ticket, and those the peer resumed (a restarted peer cannot: new ticket keys). */
  readonly stats = { offered: 0, resumed: 0 };

  constructor(options: { maxKeys?: number; maxTicketsPerKey?: number } = {}) {
    this.#maxKeys = options.maxKeys ?? 256;
    this.#maxTicketsPerKey = options.maxTicketsPerKey ?? 4;
  }

  /**
   * Removes and returns a ticket for `key`, with the certificate of the session it resumes: a resumed handshake
   * carries no certificate, but only the holder of the original session's secrets can complete it.
   */
  take(key: string): { ticket: Uint8Array; certificateDer: Uint8Array } | undefined {
    const entry = this.#entries.get(key);
    const ticket = entry?.tickets.shift();
    if (!entry || !ticket) return undefined;
    if (entry.tickets.length === 0) this.#entries.delete(key);
    return { ticket, certificateDer: entry.certificateDer };
  }

  /** Keeps a ticket from a session whose peer presented `certificateDer` (already checked against the pin). */
  put(key: string, ticket: Uint8Array, certificateDer: Uint8Array): void {
    const entry = this.#entries.get(key);
    const tickets = entry && sameBytes(entry.certificateDer, certificateDer) ? entry.tickets : [];
    tickets.push(ticket);
    while (tickets.length > this.#maxTicketsPerKey) tickets.shift();
    this.#entries.delete(key); // Re-inserted last: the map's order is least recently used first.
    this.#entries.set(key, { tickets, certificateDer });
    if (this.#entries.size > this.#maxKeys) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** Tickets kept for `key`. */
  count(key: string): number {
    return this.#entries.get(key)?.tickets.length ?? 0;
  }

  /** Forgets every ticket for `key` (e.g. after the peer was unpaired). */
  delete(key: string): void {
    this.#entries.delete(key);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}

/** The process-wide cache `dialTcp` uses unless given another. */
export const sharedTlsSessions = new TlsSessionCache();
