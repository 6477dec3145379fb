import * as encoding from 'lib0/encoding';
import { AuthType, MessageType, SyncType } from './message-type.ts';
import type { SyncMessage } from './sync-message.ts';

/**
 * Encodes one message exactly as Hocuspocus 4 does (`OutgoingMessage` in the server, `OutgoingMessages/*` in the
 * provider, `writeAuthentication` & co. in `@hocuspocus/common`).
 */
export function encodeMessage(message: SyncMessage): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  if (message.kind === 'ping' || message.kind === 'pong') {
    encoding.writeVarUint(encoder, message.kind === 'ping' ? MessageType.Ping : MessageType.Pong);
    return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>;
  }
  encoding.writeVarString(encoder, message.address);
  switch (message.kind) {
    case 'sync-step1':
    case 'sync-step2':
    case 'update': {
      encoding.writeVarUint(encoder, message.reply ? MessageType.SyncReply : MessageType.Sync);
      const sub =
        message.kind === 'sync-step1'
          ? SyncType.Step1
          : message.kind === 'sync-step2'
            ? SyncType.Step2
            : SyncType.Update;
      encoding.writeVarUint(encoder, sub);
      encoding.writeVarUint8Array(
        encoder,
        message.kind === 'sync-step1' ? message.stateVector : message.update,
      );
      break;
    }
    case 'awareness':
      encoding.writeVarUint(encoder, MessageType.Awareness);
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'query-awareness':
      encoding.writeVarUint(encoder, MessageType.QueryAwareness);
      break;
    case 'auth-token':
      encoding.writeVarUint(encoder, MessageType.Auth);
      encoding.writeVarUint(encoder, AuthType.Token);
      encoding.writeVarString(encoder, message.token);
      if (message.version !== undefined) encoding.writeVarString(encoder, message.version);
      break;
    case 'auth-token-request':
      encoding.writeVarUint(encoder, MessageType.Auth);
      encoding.writeVarUint(encoder, AuthType.Token);
      break;
    case 'auth-denied':
      encoding.writeVarUint(encoder, MessageType.Auth);
      encoding.writeVarUint(encoder, AuthType.PermissionDenied);
      encoding.writeVarString(encoder, message.reason);
      break;
    case 'auth-ok':
      encoding.writeVarUint(encoder, MessageType.Auth);
      encoding.writeVarUint(encoder, AuthType.Authenticated);
      encoding.writeVarString(encoder, message.scope);
      break;
    case 'stateless':
    case 'broadcast-stateless':
      encoding.writeVarUint(
        encoder,
        message.kind === 'stateless' ? MessageType.Stateless : MessageType.BroadcastStateless,
      );
      encoding.writeVarString(encoder, message.payload);
      break;
    case 'close':
      encoding.writeVarUint(encoder, MessageType.Close);
      if (message.reason !== undefined) encoding.writeVarString(encoder, message.reason);
      break;
    case 'sync-status':
      encoding.writeVarUint(encoder, MessageType.SyncStatus);
      encoding.writeVarUint(encoder, message.applied ? 1 : 0);
      break;
  }
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>;
}
