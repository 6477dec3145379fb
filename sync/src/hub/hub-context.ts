import type * as Y from 'yjs';
import type { WireLimits } from '../protocol/limits.ts';
import type { AwarenessLimits } from './awareness-check.ts';
import type { SyncDocument } from './sync-document.ts';
import type { SyncLink } from './sync-link.ts';

/** What a peer may do with a document. `none` is answered exactly as a document that does not exist. */
export type AccessLevel = 'read' | 'write' | 'none';

/**
 * - `peer`: symmetric; both sides send step 1 when a document is open on both, both acknowledge.
 * - `client`: we talk to a Hocuspocus server: auth token first, then step 1, as `HocuspocusProvider` does.
 * - `server`: a Hocuspocus provider talks to us: its auth token is checked, documents may be opened on demand.
 */
export type LinkRole = 'peer' | 'client' | 'server';

/** Hooks and limits of a {@link SyncHub}. */
export interface SyncHubOptions {
  /** Access per peer id (authenticated fingerprint or token identity) and document name. Default: `write`. */
  access?(peerId: string, documentName: string): AccessLevel;
  /**
   * Server role: the identity of a Hocuspocus token for a document, or `null` to refuse. Default: the link's
   * `peerId` when one was given, else the token itself.
   */
  authenticate?(token: string, documentName: string, link: SyncLink): string | null | Promise<string | null>;
  /**
   * A document to open when a Hocuspocus client (server role) asks for one the hub does not hold (else: refused).
   * With {@link resolveForPeers}, also when a peer offers one (its step 1): how a device's always-on replica
   * (`offgrid up`) takes every document of an app its pages and nearby agents have. May resolve later (a
   * document read from storage first); the link holds that peer's later messages meanwhile, up to
   * `maxQueuedMessages`. `undefined` refuses, exactly as for a document that does not exist.
   */
  resolveDocument?(documentName: string, role: LinkRole): Y.Doc | undefined | Promise<Y.Doc | undefined>;
  /** Use {@link resolveDocument} for peer links too (default: server role only). */
  resolveForPeers?: boolean;
  limits?: Partial<WireLimits>;
  awarenessLimits?: Partial<AwarenessLimits>;
  /** Messages a link may queue while an async hook runs before it is closed. Default 1000. */
  maxQueuedMessages?: number;
  /** A remote presence not renewed for this long is removed. Default 30 000 ms (y-protocols renews every 15 s). */
  presenceTimeoutMs?: number;
  /** Wall clock for ack ages and presence expiry (ms). */
  now?(): number;
  /**
   * Resolves once what the document holds now is durable here (a workspace's store). Acknowledgements of a peer's
   * changes wait for it, so a peer told "applied" may forget nothing a kill of this process could lose. Without
   * it, changes are acknowledged once applied in memory.
   */
  durable?(documentName: string): Promise<void> | undefined;
}

/** @internal What a link needs from its hub. */
export interface HubContext {
  readonly limits: WireLimits;
  readonly awarenessLimits: AwarenessLimits;
  readonly maxQueuedMessages: number;
  access(peerId: string, documentName: string): AccessLevel;
  authenticate(token: string, documentName: string, link: SyncLink): string | null | Promise<string | null>;
  /** The document of that name, opening it on demand (server role, or peers with `resolveForPeers`). */
  document(
    documentName: string,
    role: LinkRole,
  ): SyncDocument | undefined | Promise<SyncDocument | undefined>;
  forget(link: SyncLink): void;
  durable?(documentName: string): Promise<void> | undefined;
}
