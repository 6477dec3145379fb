/**
 * Plain data the elements render. The framework produces these; the shapes of the push types mirror
 * `@offgrid/sync`'s `PushOffer`, `PushProgress` and `ReceiveProgress` (docs/group-push.md) structurally, so a
 * value from `GroupPush` can be assigned as it is without this package depending on the sync layer.
 */

/** Where this device's changes can go right now. */
export type Connectivity = 'offline' | 'nearby only' | 'online';

/** One document's sync state (docs/sync.md: acks from peers and from the server). */
export interface DocumentSyncStatus {
  readonly name: string;
  /** Local changes no peer and no server has acknowledged yet. */
  readonly notOnAnyPeer: number;
  /** Local changes the server has not acknowledged yet (directly or through a peer). */
  readonly notOnServer: number;
  /** `false` when `notOnServer` is a lower bound (the framework could not count them): no number is shown. */
  readonly notOnServerKnown?: boolean;
  /** Epoch ms of the oldest change the server has not acknowledged. */
  readonly oldestUnconfirmedAt?: number;
  /** Epoch ms of the server's last acknowledgement of this document. */
  readonly lastServerConfirmationAt?: number;
}

/** What `<offgrid-sync-status>` shows. */
export interface SyncStatus {
  readonly connectivity: Connectivity;
  readonly documents: readonly DocumentSyncStatus[];
}

/** A person working in the workspace now. */
export interface Person {
  readonly id: string;
  readonly name: string;
  /** Any CSS colour; the person's cursor colour. */
  readonly color: string;
  /** This device's own user. */
  readonly self?: boolean;
}

/** A peer on the LAN as `offgrid peers` shows it. */
export interface NearbyPeer {
  readonly id: string;
  /** DNS-SD name; nobody has checked it unless `verified`. */
  readonly name: string;
  /** Whether the name was checked against the peer's certificate. */
  readonly verified: boolean;
  /** Paired before (pinned by fingerprint). */
  readonly trusted?: boolean;
  /** Reasons to distrust the peer (e.g. a name that imitates another's); empty when none. */
  readonly suspicious?: readonly string[];
  /** Certificate fingerprint, shown shortened. */
  readonly fingerprint?: string;
}

/** A recipient's state in a push (GroupPush's `PeerStatus`). */
export type PushPeerStatus =
  | 'waiting'
  | 'offered'
  | 'receiving'
  | 'confirmed'
  | 'declined'
  | 'failed'
  | 'cancelled';

/** One recipient's progress (GroupPush's `PeerProgress`). */
export interface PushPeerProgress {
  readonly peer: string;
  readonly status: PushPeerStatus;
  readonly receivedBytes: number;
  /** Bytes per second. */
  readonly rate: number;
  readonly remainingMs: number | undefined;
}

/** A push as the sender sees it (GroupPush's `PushProgress`). */
export interface PushProgress {
  readonly transferId: string;
  readonly totalBytes: number;
  readonly sentBytes: number;
  readonly peers: readonly PushPeerProgress[];
}

/** An incoming push (the fields of GroupPush's `PushOffer` the element shows). */
export interface PushOffer {
  readonly transferId: string;
  /** Peer id of the sender. */
  readonly from: string;
  /** `document`: a workspace document (the framework's share), merged on import. */
  readonly kind: 'file' | 'message' | 'document';
  /** Display only: the sender chose it. */
  readonly name: string;
  readonly mediaType: string;
  readonly totalBytes: number;
}

/** Progress of one receipt (GroupPush's `ReceiveProgress`). */
export interface ReceiveProgress {
  readonly transferId: string;
  /** The framework's receipts say how they ended; without it, all bytes held means received. */
  readonly state?: 'receiving' | 'imported' | 'failed';
  readonly totalBytes: number;
  readonly receivedBytes: number;
  readonly rate: number;
  readonly remainingMs: number | undefined;
}
