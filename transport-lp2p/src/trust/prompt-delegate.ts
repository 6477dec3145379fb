/**
 * Everything that needs a person during pairing and peer management goes through one small interface, so the
 * CLI, a test and an app each supply their own (lp2p §Peer Management: "displays the known peers to the user
 * through its native user interface"; osp-network §User Interface Considerations).
 */

/** A peer as shown to a person. Unverified names and suspicious agents must be shown as such. */
export interface PeerPrompt {
  readonly fingerprint: string;
  readonly name: string;
  readonly verified: boolean;
  /** Reasons from osp-network §Local active network attackers; empty when nothing is suspicious. */
  readonly suspicious: readonly string[];
}

/** A PSK in the two encodings of osp-network Appendix B. Both encode the same key. */
export interface PresentedPsk {
  /** Base-10 digits in dash-separated groups. */
  readonly numeric: string;
  /** The text a QR code carries (hex). */
  readonly qrText: string;
}

/** What a person entered: typed digits, or a scanned QR code's text. */
export type EnteredPsk = string | { readonly qrText: string };

export interface PromptDelegate {
  /** Show the PSK to the user (PSK presenter). `signal` aborts when the attempt ends, so the UI can clear it. */
  showPsk(request: {
    readonly peer: PeerPrompt;
    readonly psk: PresentedPsk;
    readonly signal: AbortSignal;
  }): void;
  /**
   * Ask the user for the PSK shown on the peer (PSK consumer): resolves with the digits they typed (dashes and
   * spaces allowed), or with the text of the QR code they scanned.
   */
  requestPsk(request: { readonly peer: PeerPrompt; readonly signal: AbortSignal }): Promise<EnteredPsk>;
  /** Let the user pick one peer; `undefined` when dismissed. */
  choosePeer(request: {
    readonly peers: readonly PeerPrompt[];
    readonly origin?: string;
    readonly signal: AbortSignal;
  }): Promise<string | undefined>;
  /**
   * Ask whether this device may become discoverable for `origin` (lp2p §Peer advertisement: "must get the user's
   * explicit consent in order to start advertising"). `nickname` is what the origin asked to be called.
   */
  allowAdvertising(request: {
    readonly origin: string;
    readonly nickname: string;
    readonly signal: AbortSignal;
  }): Promise<boolean>;
  /** Ask whether `origin` may use `peer` (lp2p §Peer grant). */
  grantOrigin(request: {
    readonly peer: PeerPrompt;
    readonly origin: string;
    readonly signal: AbortSignal;
  }): Promise<boolean>;
  /**
   * Pairing stopped after `failures` failed attempts in a row (someone may be guessing PSKs: osp-network §Local
   * active network attackers). Ask whether to answer pairing attempts again, starting with the one from `peer`.
   * Absent, or resolving false: no pairing is answered until the agent restarts.
   */
  allowPairingAfterFailures?(request: {
    readonly peer: PeerPrompt;
    readonly failures: number;
    readonly signal: AbortSignal;
  }): Promise<boolean>;
}
