import type {
  Connection,
  connectedPayload,
  Extension,
  Hocuspocus,
  onAuthenticatePayload,
  onConfigurePayload,
  onDisconnectPayload,
} from '@hocuspocus/server';
import { ConnectionCounts } from './connection-counts.ts';
import { AccessRefusedError } from './errors.ts';
import type { TokenStore } from './token-store.ts';
import { grantCovers, type TokenGrant } from './tokens-file.ts';

/** Per-connection and per-token ceilings, checked when a document is opened. */
export interface AccessLimits {
  /** Documents one WebSocket connection may have open at once. */
  readonly maxDocumentsPerConnection: number;
  /** WebSocket connections one token may have open at once (each with at least one document). */
  readonly maxConnectionsPerToken: number;
}

/** What a connection's Hocuspocus context holds once this extension let it in. */
export interface AccessContext {
  readonly token: string;
  /** Its entry in the connection counts. */
  readonly counted: number;
}

/** The close code Hocuspocus' common package names Forbidden (4403), sent when a token loses its access. */
const FORBIDDEN = 4403;
/** `setTimeout` takes at most a signed 32-bit delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The token check of `offgrid serve`, as a Hocuspocus extension. `onAuthenticate` runs before Hocuspocus loads
 * or sends anything of the document (it queues the client's other messages until then), so a refused client
 * gets a permission-denied message and no document data. Read tokens open documents read-only, which
 * Hocuspocus enforces by refusing every update (sync status `false`) without applying it. When the tokens file
 * changes, or a token expires, connections that lost their access are closed.
 */
export class AccessControl implements Extension {
  readonly extensionName = 'offgrid-access';
  private instance?: Hocuspocus;
  /** Hocuspocus closes a connection that has not finished opening within its 60 s timeout. */
  private readonly counts = new ConnectionCounts(60_000);
  private expiryTimer?: NodeJS.Timeout;
  private readonly stopWatching: () => void;
  private readonly tokens: TokenStore;
  private readonly limits: AccessLimits;
  private readonly log: (message: string) => void;
  private readonly now: () => number;

  constructor(
    tokens: TokenStore,
    limits: AccessLimits,
    log: (message: string) => void,
    now: () => number = Date.now,
  ) {
    this.tokens = tokens;
    this.limits = limits;
    this.log = log;
    this.now = now;
    this.stopWatching = tokens.onChange(() => this.enforce());
  }

  async onConfigure({ instance }: onConfigurePayload): Promise<void> {
    this.instance = instance;
    this.scheduleExpiry();
  }

  async onAuthenticate(data: onAuthenticatePayload): Promise<AccessContext> {
    const { token, documentName, socketId } = data;
    let grant: TokenGrant;
    try {
      grant = this.check(token, documentName);
      this.checkLimits(token, socketId);
    } catch (error) {
      this.log(
        `offgrid serve: refused ${JSON.stringify(documentName)} on ${socketId}: ${(error as Error).message}`,
      );
      throw error;
    }
    if (grant.access === 'read') data.connectionConfig.readOnly = true;
    return { token, counted: this.counts.add(socketId, token, this.now()) };
  }

  async connected({ context }: connectedPayload): Promise<void> {
    const counted = (context as Partial<AccessContext> | undefined)?.counted;
    if (counted !== undefined) this.counts.confirm(counted);
  }

  async onDisconnect({ context }: onDisconnectPayload): Promise<void> {
    const counted = (context as Partial<AccessContext> | undefined)?.counted;
    if (counted !== undefined) this.counts.remove(counted);
  }

  async onDestroy(): Promise<void> {
    clearTimeout(this.expiryTimer);
    this.stopWatching();
  }

  /** The grant that lets `token` open `documentName`; throws `AccessRefusedError` otherwise. */
  check(token: string, documentName: string): TokenGrant {
    const grant = this.tokens.lookup(token);
    if (grant === undefined) throw new AccessRefusedError('token-unknown', 'unknown token');
    if (grant.expiresAt !== undefined && grant.expiresAt <= this.now())
      throw new AccessRefusedError('token-expired', 'token expired');
    if (!grantCovers(grant, documentName))
      throw new AccessRefusedError('outside-prefixes', 'document outside the token\u2019s prefixes');
    return grant;
  }

  private checkLimits(token: string, socketId: string): void {
    if (this.counts.documents(socketId) >= this.limits.maxDocumentsPerConnection)
      throw new AccessRefusedError(
        'too-many-documents',
        `over ${this.limits.maxDocumentsPerConnection} documents on one connection`,
      );
    const sockets = this.counts.sockets(token, socketId);
    if (!sockets.includes && sockets.count >= this.limits.maxConnectionsPerToken)
      throw new AccessRefusedError(
        'too-many-connections',
        `over ${this.limits.maxConnectionsPerToken} connections for one token`,
      );
  }

  /** Closes every open connection whose token no longer grants what it was opened with. */
  private enforce(): void {
    for (const document of this.instance?.documents.values() ?? []) {
      for (const connection of document.getConnections()) {
        const token = (connection.context as Partial<AccessContext> | undefined)?.token;
        if (token === undefined) continue;
        try {
          const grant = this.check(token, document.name);
          if (grant.access === 'read' && !connection.readOnly)
            throw new AccessRefusedError('outside-prefixes', 'token now read-only');
        } catch (error) {
          this.log(
            `offgrid serve: closing ${connection.socketId} on ${JSON.stringify(document.name)}: ${(error as Error).message}`,
          );
          closeConnection(connection, (error as AccessRefusedError).reason ?? 'forbidden');
        }
      }
    }
    this.scheduleExpiry();
  }

  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    const now = this.now();
    let next = Number.POSITIVE_INFINITY;
    for (const grant of this.tokens.all())
      if (grant.expiresAt !== undefined && grant.expiresAt > now) next = Math.min(next, grant.expiresAt);
    if (next === Number.POSITIVE_INFINITY) return;
    this.expiryTimer = setTimeout(() => this.enforce(), Math.min(next - now + 1, MAX_TIMER_MS));
    this.expiryTimer.unref();
  }
}

/**
 * Ends a document connection and its WebSocket: the provider reconnects, presents its token again and is
 * refused; a document-level close alone would leave it sending updates that nobody accepts.
 */
function closeConnection(connection: Connection, reason: string): void {
  connection.close({ code: FORBIDDEN, reason });
  connection.webSocket.close(FORBIDDEN, reason);
}
