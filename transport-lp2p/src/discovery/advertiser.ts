import { randomBytes } from 'node:crypto';
import type { Answer } from 'dns-packet';
import { DiscoveryStateError, InstanceNameConflictError } from '../errors/index.ts';
import { type AdvertiseOptions, validateAdvertiseOptions } from './advertise-options.ts';
import { generateAuthToken } from './auth-token.ts';
import { conflictRename, toInstanceLabel } from './instance-label.ts';
import { MdnsHost } from './mdns-host.ts';
import { probeName } from './name-probe.ts';
import { buildServiceRecords, goodbyeRecords, instanceFqdn } from './service-records.ts';
import { encodeOspTxt } from './txt-record.ts';

export type { AdvertiseOptions } from './advertise-options.ts';

/** RFC 6762 §8.3: at least two unsolicited announcements, one second apart. */
const ANNOUNCE_INTERVAL_MS = 1000;
const MAX_RENAMES = 16;

/**
 * Advertises this agent as `_openscreen._udp` over mDNS (osp-network §Discovery with mDNS): probes for its
 * instance name, announces, answers queries, re-announces on change and says goodbye on stop.
 *
 * @example
 * const advertiser = new OspAdvertiser({ displayName: 'Kitchen', fingerprint, port: 4433 });
 * await advertiser.start();
 * await advertiser.update({ displayName: 'Kitchen tablet' }); // bumps `mv`
 * await advertiser.stop(); // goodbye
 */
export class OspAdvertiser {
  /** The `at` TXT value. */
  readonly authToken: string;
  #options: AdvertiseOptions;
  #metadataVersion: number;
  #instance: string;
  readonly #hostName: string;
  #host: MdnsHost | undefined;
  #records: Answer[] = [];
  #state: 'idle' | 'starting' | 'running' | 'stopped' = 'idle';
  #starting: Promise<void> | undefined;
  #announceTimer: NodeJS.Timeout | undefined;
  readonly #abort = new AbortController();

  constructor(options: AdvertiseOptions) {
    validateAdvertiseOptions(options);
    this.#options = { ...options };
    this.authToken = options.authToken ?? generateAuthToken();
    this.#metadataVersion = options.metadataVersion ?? 1;
    this.#instance = toInstanceLabel(options.displayName);
    const hostName = options.hostname ?? `osp-${randomBytes(6).toString('hex')}`;
    this.#hostName = hostName.toLowerCase().endsWith('.local') ? hostName : `${hostName}.local`;
  }

  /** The `mv` TXT value currently advertised. */
  get metadataVersion(): number {
    return this.#metadataVersion;
  }

  /** The DNS-SD instance name in use; differs from the display name prefix after a conflict rename. */
  get instanceName(): string {
    return this.#instance;
  }

  /**
   * Opens (or shares) the mDNS socket, probes for the instance name (renaming on conflict, RFC 6762 §9) and
   * announces. Resolves once the first announcement is queued, about 0.75–1 s after the call. A failed start
   * (socket error, {@link InstanceNameConflictError}) leaves the advertiser stopped.
   */
  start(): Promise<void> {
    if (this.#state !== 'idle') {
      return Promise.reject(new DiscoveryStateError(`cannot start an advertiser that is ${this.#state}`));
    }
    this.#state = 'starting';
    this.#starting = this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    this.#host = await MdnsHost.acquire(this.#options.interfaceAddress).catch((error: unknown) => {
      this.#state = 'stopped';
      throw error;
    });
    try {
      await this.#claimName(this.#host);
    } catch (error) {
      this.#state = 'stopped';
      await this.#host.release();
      this.#host = undefined;
      throw error;
    }
    if (this.#abort.signal.aborted) return;
    this.#state = 'running';
    this.#publish();
  }

  /** Changes what is advertised and bumps `mv` (osp-network §Discovery with mDNS), then re-announces. */
  async update(changes: { displayName?: string; port?: number; tcpPort?: number }): Promise<void> {
    if (this.#state !== 'running' || !this.#host) {
      throw new DiscoveryStateError(`cannot update an advertiser that is ${this.#state}`);
    }
    const next = { ...this.#options, ...changes };
    validateAdvertiseOptions(next);
    this.#options = next;
    this.#metadataVersion += 1;
    if (changes.displayName !== undefined && toInstanceLabel(changes.displayName) !== this.#instance) {
      // A new instance name is a new service: retire the old one, then probe for the new (RFC 6762 §8, §10.1).
      this.#host.deleteRecords(this);
      await this.#host.announce(goodbyeRecords(this.#records));
      this.#instance = toInstanceLabel(changes.displayName);
      await this.#claimName(this.#host);
      if (this.#abort.signal.aborted) return;
    }
    this.#publish();
  }

  /** Sends a goodbye (TTL 0, RFC 6762 §10.1) and releases the socket. Safe to call more than once. */
  async stop(): Promise<void> {
    if (this.#state === 'stopped' || this.#state === 'idle') {
      this.#state = 'stopped';
      return;
    }
    this.#state = 'stopped';
    this.#abort.abort();
    clearTimeout(this.#announceTimer);
    await this.#starting?.catch(() => {});
    const host = this.#host;
    if (!host) return;
    host.deleteRecords(this);
    if (this.#records.length > 0) await host.announce(goodbyeRecords(this.#records));
    this.#records = [];
    await host.release();
  }

  async #claimName(host: MdnsHost): Promise<void> {
    const wanted = this.#instance;
    for (let attempt = 1; attempt <= MAX_RENAMES; attempt += 1) {
      this.#instance = attempt === 1 ? wanted : conflictRename(wanted, attempt);
      const proposed = this.#buildRecords(host).filter((r) => r.name === instanceFqdn(this.#instance));
      const conflict = await probeName(host, instanceFqdn(this.#instance), proposed, this.#abort.signal);
      if (!conflict) return;
    }
    throw new InstanceNameConflictError(`no free instance name for "${wanted}" after ${MAX_RENAMES} tries`);
  }

  #publish(): void {
    const host = this.#host;
    if (!host) return;
    this.#records = this.#buildRecords(host);
    host.setRecords(this, this.#records);
    clearTimeout(this.#announceTimer);
    void host.announce(this.#records);
    this.#announceTimer = setTimeout(() => void host.announce(this.#records), ANNOUNCE_INTERVAL_MS);
  }

  #buildRecords(host: MdnsHost): Answer[] {
    const { fingerprint, port, tcpPort, q2qPort, httpsPort, ttl } = this.#options;
    return buildServiceRecords({
      instance: this.#instance,
      hostName: this.#hostName,
      port,
      txt: encodeOspTxt({
        fingerprint,
        metadataVersion: this.#metadataVersion,
        authToken: this.authToken,
        tcpPort,
        q2qPort,
        httpsPort,
      }),
      addresses: host.addresses(),
      ttl,
    });
  }
}
