import { SyncProtocolError } from '../errors/sync-protocol-error.ts';
import { BoundedReader } from './bounded-reader.ts';
import { defaultWireLimits, type WireLimits } from './limits.ts';
import { AuthType, MessageType, SyncType } from './message-type.ts';
import type { SyncMessage } from './sync-message.ts';

/**
 * Decodes one Hocuspocus 4 message: `varString address, varUint type, payload` (server `IncomingMessage` /
 * `MessageReceiver`, provider `MessageReceiver`), or the one-byte connection-level Ping/Pong. Throws
 * {@link SyncProtocolError}; never allocates more than the input. Trailing bytes after a known payload are
 * ignored, as Hocuspocus does (the provider appends its version to the auth token that way).
 */
export function decodeMessage(bytes: Uint8Array, limits: WireLimits = defaultWireLimits): SyncMessage {
  if (bytes.length > limits.maxMessageBytes) {
    throw new SyncProtocolError(
      'message-too-large',
      `message of ${bytes.length} bytes (limit ${limits.maxMessageBytes})`,
    );
  }
  if (bytes.length === 1 && bytes[0] === MessageType.Ping) return { kind: 'ping' };
  if (bytes.length === 1 && bytes[0] === MessageType.Pong) return { kind: 'pong' };
  const reader = new BoundedReader(bytes);
  const address = reader.readVarString(limits.maxNameBytes, 'document name', 'name-too-long');
  const type = reader.readVarUint();
  switch (type) {
    case MessageType.Sync:
    case MessageType.SyncReply:
      return decodeSync(reader, address, type === MessageType.SyncReply, limits);
    case MessageType.Awareness:
      return {
        kind: 'awareness',
        address,
        update: reader.readVarBytes(limits.maxMessageBytes, 'awareness update'),
      };
    case MessageType.QueryAwareness:
      return { kind: 'query-awareness', address };
    case MessageType.Auth:
      return decodeAuth(reader, address, limits);
    case MessageType.Stateless:
    case MessageType.BroadcastStateless: {
      const payload = reader.readVarString(limits.maxStringBytes, 'stateless payload');
      return { kind: type === MessageType.Stateless ? 'stateless' : 'broadcast-stateless', address, payload };
    }
    case MessageType.Close:
      if (reader.remaining === 0) return { kind: 'close', address };
      return { kind: 'close', address, reason: reader.readVarString(limits.maxStringBytes, 'close reason') };
    case MessageType.SyncStatus:
      return { kind: 'sync-status', address, applied: reader.readVarUint() === 1 };
    default:
      throw new SyncProtocolError('unknown-message-type', `unknown message type ${type}`);
  }
}

function decodeSync(reader: BoundedReader, address: string, reply: boolean, limits: WireLimits): SyncMessage {
  const sub = reader.readVarUint();
  const payload = reader.readVarBytes(limits.maxMessageBytes, 'sync payload');
  switch (sub) {
    case SyncType.Step1:
      return { kind: 'sync-step1', address, stateVector: payload, reply };
    case SyncType.Step2:
      return { kind: 'sync-step2', address, update: payload, reply };
    case SyncType.Update:
      return { kind: 'update', address, update: payload, reply };
    default:
      throw new SyncProtocolError('unknown-message-type', `unknown sync message type ${sub}`);
  }
}

function decodeAuth(reader: BoundedReader, address: string, limits: WireLimits): SyncMessage {
  const sub = reader.readVarUint();
  switch (sub) {
    case AuthType.Token: {
      if (reader.remaining === 0) return { kind: 'auth-token-request', address };
      const token = reader.readVarString(limits.maxStringBytes, 'token');
      if (reader.remaining === 0) return { kind: 'auth-token', address, token };
      return {
        kind: 'auth-token',
        address,
        token,
        version: reader.readVarString(limits.maxStringBytes, 'version'),
      };
    }
    case AuthType.PermissionDenied:
      return { kind: 'auth-denied', address, reason: reader.readVarString(limits.maxStringBytes, 'reason') };
    case AuthType.Authenticated:
      return { kind: 'auth-ok', address, scope: reader.readVarString(limits.maxStringBytes, 'scope') };
    default:
      throw new SyncProtocolError('unknown-message-type', `unknown auth message type ${sub}`);
  }
}
