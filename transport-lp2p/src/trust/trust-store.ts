import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TrustStoreCorruptError, UnknownPeerError } from '../errors/index.ts';
import { isAgentFingerprint, readOptionalFile, writeFileAtomic } from '../identity/index.ts';

/**
 * A known peer (lp2p §Peer Management: the known peers map). What is kept follows osp-network §Persistent State:
 * the fingerprint, metadata and metadata version of agents that completed authentication.
 */
export interface KnownPeer {
  readonly fingerprint: string;
  /** The verified display name when the peer was paired. */
  readonly displayName: string;
  readonly modelName: string;
  /** Authentication state: true once SPAKE2 pairing succeeded. */
  readonly authenticated: boolean;
  readonly pairedAt: string;
  /** Peer grant state per origin (lp2p §Peer grant). */
  readonly grants: Readonly<Record<string, boolean>>;
}

interface TrustFile {
  readonly version: 1;
  readonly peers: KnownPeer[];
}

const FILE_NAME = 'known-peers.json';

/**
 * The persisted known peers map, one JSON file in the agent's state directory, replaced atomically on every
 * change so a crash leaves the old or the new map. Several processes may share a state directory (a running
 * `offgrid agent` and an `offgrid pair`): readers call `refresh()`, which re-reads the file when it changed.
 */
export class TrustStore {
  readonly path: string;
  #peers = new Map<string, KnownPeer>();
  /** Identifies the file version last read (each atomic replace makes a new inode). */
  #loadedStamp = '';
  #writes: Promise<void> = Promise.resolve();

  constructor(stateDir: string) {
    this.path = join(stateDir, FILE_NAME);
  }

  static async open(stateDir: string): Promise<TrustStore> {
    const store = new TrustStore(stateDir);
    await store.refresh();
    return store;
  }

  /** Re-reads the file if another process (or an earlier run) changed it. */
  async refresh(): Promise<void> {
    const stamp = await this.#stamp();
    if (stamp === this.#loadedStamp) return;
    const text = await readOptionalFile(this.path);
    this.#peers = text === undefined ? new Map() : parseTrustFile(this.path, text);
    this.#loadedStamp = stamp;
  }

  get(fingerprint: string): KnownPeer | undefined {
    return this.#peers.get(fingerprint);
  }

  list(): KnownPeer[] {
    return [...this.#peers.values()];
  }

  isAuthenticated(fingerprint: string): boolean {
    return this.#peers.get(fingerprint)?.authenticated === true;
  }

  hasGrant(fingerprint: string, origin: string): boolean {
    return this.#peers.get(fingerprint)?.grants[origin] === true;
  }

  /** Records a successful pairing; keeps existing grants. */
  recordAuthenticated(peer: { fingerprint: string; displayName: string; modelName: string }): Promise<void> {
    return this.#update(peer.fingerprint, (old) => ({
      fingerprint: peer.fingerprint,
      displayName: peer.displayName,
      modelName: peer.modelName,
      authenticated: true,
      pairedAt: new Date().toISOString(),
      grants: old?.grants ?? {},
    }));
  }

  /** Sets the peer grant state for one origin of an authenticated peer. */
  setGrant(fingerprint: string, origin: string, granted: boolean): Promise<void> {
    return this.#update(fingerprint, (old) => {
      if (!old)
        throw new UnknownPeerError(fingerprint, `cannot grant ${origin} to unknown peer ${fingerprint}`);
      return { ...old, grants: { ...old.grants, [origin]: granted } };
    });
  }

  /** Forgets the peer: authentication and every grant. Returns whether it was known. */
  async unpair(fingerprint: string): Promise<boolean> {
    let existed = false;
    await this.#update(fingerprint, (old) => {
      existed = old !== undefined;
      return undefined;
    });
    return existed;
  }

  #stamp(): Promise<string> {
    return stat(this.path).then(
      (s) => `${s.ino}:${s.mtimeMs}:${s.size}`,
      () => 'absent',
    );
  }

  /** Serializes read-modify-write cycles so concurrent updates in this process never lose one another. */
  #update(fingerprint: string, change: (old: KnownPeer | undefined) => KnownPeer | undefined): Promise<void> {
    const run = this.#writes.then(async () => {
      await this.refresh();
      const next = change(this.#peers.get(fingerprint));
      const peers = new Map(this.#peers);
      if (next) peers.set(fingerprint, next);
      else peers.delete(fingerprint);
      const file: TrustFile = { version: 1, peers: [...peers.values()] };
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`, 0o600);
      this.#peers = peers;
      this.#loadedStamp = await this.#stamp();
    });
    this.#writes = run.catch(() => {});
    return run;
  }
}

function parseTrustFile(path: string, text: string): Map<string, KnownPeer> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TrustStoreCorruptError(path, 'not JSON', { cause: error });
  }
  const file = data as Partial<TrustFile>;
  if (file?.version !== 1 || !Array.isArray(file.peers))
    throw new TrustStoreCorruptError(path, 'unknown format');
  const peers = new Map<string, KnownPeer>();
  for (const peer of file.peers) {
    if (!isKnownPeer(peer)) throw new TrustStoreCorruptError(path, 'a peer entry is malformed');
    peers.set(peer.fingerprint, peer);
  }
  return peers;
}

function isKnownPeer(value: unknown): value is KnownPeer {
  const p = value as KnownPeer;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.fingerprint === 'string' &&
    isAgentFingerprint(p.fingerprint) &&
    typeof p.displayName === 'string' &&
    typeof p.modelName === 'string' &&
    typeof p.authenticated === 'boolean' &&
    typeof p.pairedAt === 'string' &&
    typeof p.grants === 'object' &&
    p.grants !== null &&
    Object.values(p.grants).every((g) => typeof g === 'boolean')
  );
}
