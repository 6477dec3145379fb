/**
 * `LP2PDataChannel` pairs between two network namespaces for the sync suite: two child programs
 * (`lan-channel-end.ts`), one per namespace of a private LAN, hold a real OSP session (TCP or QUIC) and a data
 * channel per pair; in this process each end is a {@link RelayedChannel} that does what its child's channel does.
 * The hubs under test run here, so the suite's assertions are the same as on every other channel. Test code only.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createLan, type Lan, type LanHost } from '@offgrid/transport-lp2p/testing';
import type { SyncChannel } from '../channel.ts';
import type { SyncChannelPair } from './channel-pair.ts';

type Line = {
  type: string;
  id?: number;
  data?: string;
  port?: number;
  fingerprint?: string;
  message?: string;
  bytes?: number;
  buffered?: number;
};

const waitMs = 20_000;

/**
 * The test-process face of a data channel that lives in a child program. Its `bufferedAmount` is what the hub has
 * handed over and the child has not yet passed to its channel, plus that channel's own `bufferedAmount`, so the
 * hub's backpressure works on the real channel's buffer; `bufferedamountlow` fires when that sum drops to the
 * threshold (relayed to the child's channel too).
 */
export class RelayedChannel extends EventTarget implements SyncChannel {
  readyState: 'connecting' | 'open' | 'closing' | 'closed' = 'connecting';
  binaryType = 'arraybuffer';
  readonly #end: ChannelEnd;
  readonly #id: number;
  #inPipe = 0;
  #childBuffered = 0;
  #threshold = 0;

  constructor(end: ChannelEnd, id: number) {
    super();
    this.#end = end;
    this.#id = id;
  }

  get bufferedAmount(): number {
    return this.#inPipe + this.#childBuffered;
  }

  get bufferedAmountLowThreshold(): number {
    return this.#threshold;
  }

  set bufferedAmountLowThreshold(value: number) {
    this.#threshold = value;
    this.#end.write({ type: 'threshold', id: this.#id, value });
  }

  send(data: Uint8Array<ArrayBuffer>): void {
    if (this.readyState !== 'open') throw new Error(`send on a ${this.readyState} channel`);
    this.#inPipe += data.length;
    this.#end.write({ type: 'send', id: this.#id, data: Buffer.from(data).toString('base64') });
  }

  close(): void {
    if (this.readyState === 'closing' || this.readyState === 'closed') return;
    this.readyState = 'closing';
    this.#end.write({ type: 'close', id: this.#id });
  }

  /** @internal A line from the child about this channel. */
  relay(line: Line): void {
    if (line.type === 'open' && this.readyState === 'connecting') {
      this.readyState = 'open';
      this.dispatchEvent(new Event('open'));
    } else if (line.type === 'message' && line.data !== undefined) {
      const bytes = Buffer.from(line.data, 'base64');
      const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      this.dispatchEvent(new MessageEvent('message', { data }));
    } else if (line.type === 'sent' || line.type === 'buffered') {
      const before = this.bufferedAmount;
      this.#inPipe -= line.bytes ?? 0;
      this.#childBuffered = line.buffered ?? 0;
      if (before > this.#threshold && this.bufferedAmount <= this.#threshold) {
        this.dispatchEvent(new Event('bufferedamountlow'));
      }
    } else if (line.type === 'close' && this.readyState !== 'closed') {
      this.readyState = 'closed';
      this.dispatchEvent(new Event('close'));
    }
  }
}

/** One child program in one namespace and the channels it holds. */
class ChannelEnd {
  readonly #child: ChildProcess;
  readonly #channels = new Map<number, RelayedChannel>();
  readonly #waiters = new Set<(line: Line) => boolean>();
  readonly errors: string[] = [];

  constructor(host: LanHost, kind: 'tcp' | 'quic', name: string) {
    const script = join(import.meta.dirname, 'lan-channel-end.ts');
    this.#child = host.spawn(process.execPath, [script, kind, host.address, name], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    createInterface({ input: this.#child.stdout as NonNullable<ChildProcess['stdout']> }).on(
      'line',
      (text) => {
        const line = JSON.parse(text) as Line;
        if (line.type === 'error') this.errors.push(line.message ?? '');
        if (line.id !== undefined) this.#channel(line.id).relay(line);
        for (const waiter of this.#waiters) if (waiter(line)) this.#waiters.delete(waiter);
      },
    );
  }

  write(line: Record<string, unknown>): void {
    this.#child.stdin?.write(`${JSON.stringify(line)}\n`);
  }

  /** The next line that passes `test`. */
  next(test: (line: Line) => boolean): Promise<Line> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(
          new Error(`no matching line from the channel end in ${waitMs} ms (${this.errors.join('; ')})`),
        );
      }, waitMs);
      const waiter = (line: Line) => {
        if (!test(line)) return false;
        clearTimeout(timer);
        resolve(line);
        return true;
      };
      this.#waiters.add(waiter);
    });
  }

  channel(id: number): RelayedChannel {
    return this.#channel(id);
  }

  stop(): void {
    this.#child.stdin?.end();
    this.#child.kill();
  }

  #channel(id: number): RelayedChannel {
    let channel = this.#channels.get(id);
    if (channel === undefined) {
      channel = new RelayedChannel(this, id);
      this.#channels.set(id, channel);
    }
    return channel;
  }
}

/** A LAN of two namespaces with one session between them; `pair()` opens a fresh data channel on it. */
export interface LanChannels {
  pair(): Promise<SyncChannelPair>;
  close(): Promise<void>;
}

export async function createLanChannels(kind: 'tcp' | 'quic'): Promise<LanChannels> {
  const lan: Lan = await createLan(2);
  const [dialHost, listenHost] = lan.hosts as [LanHost, LanHost];
  const dialer = new ChannelEnd(dialHost, kind, 'sync-dialer');
  const listener = new ChannelEnd(listenHost, kind, 'sync-listener');
  try {
    const identity = (line: Line) => line.type === 'identity';
    const [dialerId, listenerId] = await Promise.all([dialer.next(identity), listener.next(identity)]);
    const listening = listener.next((line) => line.type === 'listening');
    listener.write({ type: 'listen', peer: dialerId.fingerprint });
    const { port } = await listening;
    const connected = (line: Line) => line.type === 'connected';
    const both = Promise.all([dialer.next(connected), listener.next(connected)]);
    dialer.write({ type: 'dial', host: listenHost.address, port, peer: listenerId.fingerprint });
    await both;
  } catch (error) {
    dialer.stop();
    listener.stop();
    await lan.close();
    throw error;
  }
  let nextId = 0;
  return {
    async pair() {
      const id = ++nextId;
      const opened = (line: Line) => line.type === 'open' && line.id === id;
      const both = Promise.all([dialer.next(opened), listener.next(opened)]);
      dialer.write({ type: 'open', id });
      await both;
      const [a, b] = [dialer.channel(id), listener.channel(id)];
      return {
        a,
        b,
        close: () => {
          a.close();
          b.close();
        },
      };
    },
    async close() {
      dialer.stop();
      listener.stop();
      await lan.close();
    },
  };
}
