import type { AuthenticationError } from '../errors/index.ts';
import type { AgentConnection } from './agent-connection.ts';

/** Fired on an `OspAgent` for every new connection, incoming or outgoing. */
export class ConnectionEvent extends Event {
  readonly connection: AgentConnection;

  constructor(connection: AgentConnection) {
    super('connection');
    this.connection = connection;
  }
}

/** Fired on an `OspAgent` as `paired` or `pairingfailed` when a pairing attempt ends, on either side. */
export class PairingEvent extends Event {
  readonly fingerprint: string;
  readonly error: AuthenticationError | undefined;

  constructor(type: 'paired' | 'pairingfailed', fingerprint: string, error?: AuthenticationError) {
    super(type);
    this.fingerprint = fingerprint;
    this.error = error;
  }
}
