import { decodePskQrText, renderPskQrSvg } from '../pairing/index.ts';
import type { EnteredPsk, PeerPrompt, PresentedPsk, PromptDelegate } from '../trust/index.ts';
import type { PromptBoard } from './prompt-board.ts';

const yesNo = (answer: unknown) => (typeof answer === 'boolean' ? answer : undefined);

/**
 * The agent's prompt delegate when a person uses it through the trusted UI (`offgrid up`): every question becomes a
 * prompt on the board that the UI shows, and waits for the person's answer there (lp2p §Peer Management: the user
 * agent's own user interface). Pages never see these prompts or their answers, only what the API resolves with.
 */
export class UiPromptDelegate implements PromptDelegate {
  readonly #board: PromptBoard;

  constructor(board: PromptBoard) {
    this.#board = board;
  }

  showPsk({ peer, psk, signal }: { peer: PeerPrompt; psk: PresentedPsk; signal: AbortSignal }): void {
    // The QR code renders asynchronously; the digits are what counts, so a QR failure shows none.
    void renderPskQrSvg(decodePskQrText(psk.qrText))
      .catch(() => '')
      .then((qrSvg) =>
        this.#board.show({ kind: 'show-psk', peer, psk: { numeric: psk.numeric, qrSvg } }, signal),
      );
  }

  requestPsk({ peer, signal }: { peer: PeerPrompt; signal: AbortSignal }): Promise<EnteredPsk> {
    return this.#board.ask({ kind: 'enter-psk', peer }, signal, (answer) =>
      typeof answer === 'string' && /^[\d\s-]{1,64}$/.test(answer) ? answer : undefined,
    );
  }

  choosePeer({
    peers,
    origin,
    signal,
  }: {
    peers: readonly PeerPrompt[];
    origin?: string;
    signal: AbortSignal;
  }): Promise<string | undefined> {
    const known = new Set(peers.map((peer) => peer.fingerprint));
    return this.#board
      .ask({ kind: 'choose-peer', peers, ...(origin === undefined ? {} : { origin }) }, signal, (answer) =>
        answer === null ? null : typeof answer === 'string' && known.has(answer) ? answer : undefined,
      )
      .then((chosen) => chosen ?? undefined);
  }

  allowAdvertising({
    origin,
    nickname,
    signal,
  }: {
    origin: string;
    nickname: string;
    signal: AbortSignal;
  }): Promise<boolean> {
    return this.#board.ask({ kind: 'advertise', origin, nickname }, signal, yesNo);
  }

  grantOrigin({
    peer,
    origin,
    signal,
  }: {
    peer: PeerPrompt;
    origin: string;
    signal: AbortSignal;
  }): Promise<boolean> {
    return this.#board.ask({ kind: 'grant', peer, origin }, signal, yesNo);
  }

  /** Asks whether `origin` may use the LP2P API at all: its first use (docs/security.md §Capability tokens). */
  allowSite(origin: string, signal: AbortSignal): Promise<boolean> {
    return this.#board.ask({ kind: 'site', origin }, signal, yesNo);
  }
}
