import type { Readable, Writable } from 'node:stream';
import { terminalSafe } from '../identity/index.ts';
import { decodePskNumeric } from '../pairing/index.ts';
import { renderPskQrTerminal } from '../pairing/node.ts';
import { LineInput } from './line-input.ts';
import type { EnteredPsk, PeerPrompt, PresentedPsk, PromptDelegate } from './prompt-delegate.ts';

export interface TerminalPromptOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** A person at a terminal (prompts, QR codes, choices) rather than a script or a headless device. */
  readonly interactive: boolean;
}

/**
 * The CLI's prompt delegate. Headless (a NAS, a Raspberry Pi, a pipe), it prints `PSK: <base-10 encoding>` as a line
 * of its own and reads PSKs as lines from its input; it never grants an origin or picks a peer on its own.
 */
export class TerminalPromptDelegate implements PromptDelegate {
  readonly #output: Writable;
  readonly #interactive: boolean;
  readonly #lines: LineInput;

  constructor(options: TerminalPromptOptions) {
    this.#output = options.output;
    this.#interactive = options.interactive;
    this.#lines = new LineInput(options.input, options.interactive ? options.output : undefined);
  }

  showPsk({ peer, psk }: { peer: PeerPrompt; psk: PresentedPsk }): void {
    if (this.#interactive) {
      this.#output.write(`\nPairing with ${describe(peer)}. Enter this PSK on that device:\n`);
      void renderPskQrTerminal(decodePskNumeric(psk.numeric)).then((qr) => this.#output.write(`${qr}\n`));
    }
    this.#output.write(`PSK: ${psk.numeric}\n`);
  }

  async requestPsk({ peer, signal }: { peer: PeerPrompt; signal: AbortSignal }): Promise<EnteredPsk> {
    return this.#lines.read(`Enter the PSK shown on ${describe(peer)}: `, signal);
  }

  async choosePeer({
    peers,
    signal,
  }: {
    peers: readonly PeerPrompt[];
    signal: AbortSignal;
  }): Promise<string | undefined> {
    if (!this.#interactive || peers.length === 0) return undefined;
    peers.forEach((peer, i) => {
      this.#output.write(`  ${i + 1}) ${describe(peer)}  ${peer.fingerprint}\n`);
    });
    const answer = await this.#lines.read(`Choose 1–${peers.length} (empty to cancel): `, signal);
    const index = Number(answer.trim()) - 1;
    return peers[index]?.fingerprint;
  }

  /** Headless, running the program that asks is the consent (as running `offgrid agent` is). */
  async allowAdvertising({
    origin,
    nickname,
    signal,
  }: {
    origin: string;
    nickname: string;
    signal: AbortSignal;
  }): Promise<boolean> {
    if (!this.#interactive) return true;
    const answer = await this.#lines.read(
      `Make this device discoverable for ${terminalSafe(origin)} as "${terminalSafe(nickname)}"? [y/N] `,
      signal,
    );
    return /^y(es)?$/i.test(answer.trim());
  }

  async grantOrigin({
    peer,
    origin,
    signal,
  }: {
    peer: PeerPrompt;
    origin: string;
    signal: AbortSignal;
  }): Promise<boolean> {
    if (!this.#interactive) return false;
    const answer = await this.#lines.read(
      `Let ${terminalSafe(origin)} use ${describe(peer)}? [y/N] `,
      signal,
    );
    return /^y(es)?$/i.test(answer.trim());
  }

  /** Headless, nobody is watching the PSKs: pairing stays stopped until the agent restarts. */
  async allowPairingAfterFailures({
    peer,
    failures,
    signal,
  }: {
    peer: PeerPrompt;
    failures: number;
    signal: AbortSignal;
  }): Promise<boolean> {
    if (!this.#interactive) return false;
    const answer = await this.#lines.read(
      `Pairing stopped after ${failures} failed attempts in a row (someone may be guessing PSKs). ` +
        `Answer the attempt from ${describe(peer)}? [y/N] `,
      signal,
    );
    return /^y(es)?$/i.test(answer.trim());
  }

  close(): void {
    this.#lines.close();
  }
}

/** Every name shown here came from the network: {@link terminalSafe} keeps it from driving the terminal. */
function describe(peer: PeerPrompt): string {
  const name = peer.verified ? terminalSafe(peer.name) : `${terminalSafe(peer.name)} (unverified)`;
  return peer.suspicious.length > 0 ? `${name} [SUSPICIOUS: ${peer.suspicious.join(', ')}]` : name;
}
