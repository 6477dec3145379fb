import type { RemoteInfo } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import type { Answer, Question } from 'dns-packet';
import makeMdns from 'multicast-dns';
import { MdnsSocketError } from '../errors/index.ts';
import { answerQuery, type QueryAnswer } from './mdns-responder.ts';
import { OnLinkFilter } from './on-link.ts';

/** A decoded mDNS response and the address it came from. */
export type ResponseListener = (packet: makeMdns.ResponsePacket, rinfo: RemoteInfo) => void;

const MDNS_PORT = 5353;
/** Users are counted here, synchronously, so a release racing an acquire cannot close a socket in use. */
const hosts = new Map<string, { readonly host: Promise<MdnsHost>; users: number }>();

/**
 * One mDNS socket per interface per process, shared by every advertiser and browser there (RFC 6762 §15.2
 * wants one responder per host). Answers queries from the records its users publish and fans responses out.
 */
export class MdnsHost {
  /** IPv4 address of the interface in use, or `undefined` for all interfaces. */
  readonly interfaceAddress: string | undefined;
  readonly #mdns: makeMdns.MulticastDNS;
  readonly #records = new Map<object, readonly Answer[]>();
  readonly #listeners = new Set<ResponseListener>();
  readonly #delayed = new Set<NodeJS.Timeout>();

  private constructor(mdns: makeMdns.MulticastDNS, interfaceAddress: string | undefined) {
    this.#mdns = mdns;
    this.interfaceAddress = interfaceAddress;
    const onLink = new OnLinkFilter(interfaceAddress);
    // Packets are remote input: a handler failing on one must neither crash the process nor starve the others.
    mdns.on('query', (query, rinfo) => {
      if (onLink.has(rinfo.address)) guard(() => this.#onQuery(query, rinfo));
    });
    mdns.on('response', (response, rinfo) => {
      // RFC 6762 §11: responses not from port 5353 or not from our link are silently ignored.
      if (rinfo.port !== MDNS_PORT || !onLink.has(rinfo.address)) return;
      for (const listener of this.#listeners) guard(() => listener(response, rinfo));
    });
    // Undecodable packets and failed group joins arrive as warnings; remote junk must not crash us.
    mdns.on('warning', () => {});
  }

  /** Gets the shared host for an interface (IPv4 address), opening its socket on first use. */
  static acquire(interfaceAddress?: string): Promise<MdnsHost> {
    const key = interfaceAddress ?? '*';
    let entry = hosts.get(key);
    if (!entry) {
      const created = { host: MdnsHost.#open(interfaceAddress), users: 0 };
      created.host.catch(() => {
        if (hosts.get(key) === created) hosts.delete(key);
      });
      hosts.set(key, created);
      entry = created;
    }
    entry.users += 1;
    return entry.host;
  }

  static #open(interfaceAddress: string | undefined): Promise<MdnsHost> {
    // multicast-dns only warns when it cannot join the group on a missing interface, then hears nothing.
    if (interfaceAddress !== undefined && !localIPv4Addresses(true).includes(interfaceAddress)) {
      return Promise.reject(new MdnsSocketError(`no local interface has the address ${interfaceAddress}`));
    }
    // multicast-dns binds to `interface` unless told otherwise, and a socket bound to a unicast address never
    // receives multicast: bind the wildcard and let `interface` pick the group membership and outgoing interface.
    const mdns = makeMdns({ interface: interfaceAddress, bind: '0.0.0.0', port: MDNS_PORT, reuseAddr: true });
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => {
        mdns.destroy();
        reject(new MdnsSocketError(`cannot open the mDNS socket: ${error.message}`, { cause: error }));
      };
      mdns.once('error', onError);
      mdns.once('ready', () => {
        mdns.off('error', onError);
        mdns.on('error', () => {});
        resolve(new MdnsHost(mdns, interfaceAddress));
      });
    });
  }

  /** IPv4 addresses to put in A records: the chosen interface's only, or every external one. */
  addresses(): string[] {
    if (this.interfaceAddress !== undefined) return [this.interfaceAddress];
    return localIPv4Addresses(false);
  }

  /** Sets (replaces) the records `owner` answers queries with. */
  setRecords(owner: object, records: readonly Answer[]): void {
    this.#records.set(owner, records);
  }

  deleteRecords(owner: object): void {
    this.#records.delete(owner);
  }

  /** Subscribes to every mDNS response; returns the unsubscribe function. */
  onResponse(listener: ResponseListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Multicasts an unsolicited response: an announcement or a goodbye (RFC 6762 §8.3, §10.1). */
  announce(answers: Answer[], additionals: Answer[] = []): Promise<void> {
    return new Promise((resolve) => this.#mdns.respond({ answers, additionals }, () => resolve()));
  }

  /**
   * Multicasts a query. `answers` lists known answers (RFC 6762 §7.1); `authorities` carries our proposed
   * records when probing (RFC 6762 §8.2).
   */
  query(questions: Question[], sections: { answers?: Answer[]; authorities?: Answer[] } = {}): Promise<void> {
    const { answers = [], authorities = [] } = sections;
    return new Promise((resolve) => this.#mdns.query({ questions, answers, authorities }, () => resolve()));
  }

  /** Drops one use; the last one closes the socket. */
  async release(): Promise<void> {
    const key = this.interfaceAddress ?? '*';
    const entry = hosts.get(key);
    if (!entry) return;
    entry.users -= 1;
    if (entry.users > 0) return;
    hosts.delete(key);
    for (const timer of this.#delayed) clearTimeout(timer);
    await new Promise<void>((resolve) => this.#mdns.destroy(() => resolve()));
  }

  #onQuery(query: makeMdns.QueryPacket, rinfo: RemoteInfo): void {
    if (!Array.isArray(query.questions)) return;
    const known = Array.isArray(query.answers) ? query.answers : [];
    const reply = this.#answer(query.questions, known);
    if (!reply) return;
    if (rinfo.port !== MDNS_PORT) {
      // RFC 6762 §6.7 legacy unicast: a one-shot resolver gets a unicast reply echoing its id and questions.
      const packet = { ...reply, id: query.id, questions: query.questions };
      this.#mdns.respond(packet, { address: rinfo.address, port: rinfo.port });
    } else if (reply.answers.every((record) => record.type === 'PTR')) {
      // RFC 6762 §6: an answer made only of shared records (PTRs, which many responders hold) waits a random
      // 20–120 ms so the answers of several responders do not collide. It is rebuilt when it goes out: a
      // goodbye sent meanwhile must not be followed by the records it withdrew.
      const timer = setTimeout(
        () => {
          this.#delayed.delete(timer);
          const fresh = this.#answer(query.questions, known);
          if (fresh) this.#mdns.respond(fresh);
        },
        20 + Math.random() * 100,
      );
      this.#delayed.add(timer);
    } else {
      // Unique records, as asked for by probes, are answered at once.
      this.#mdns.respond(reply);
    }
  }

  #answer(questions: readonly Question[], known: readonly Answer[]): QueryAnswer | undefined {
    const owned = [...this.#records.values()].flat();
    return owned.length === 0 ? undefined : answerQuery(questions, known, owned);
  }
}

function guard(handle: () => void): void {
  try {
    handle();
  } catch {
    // Dropped: the packet was malformed in a way the decoder let through.
  }
}

function localIPv4Addresses(includeInternal: boolean): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((info) => info.family === 'IPv4' && (includeInternal || !info.internal))
    .map((info) => info.address);
}
