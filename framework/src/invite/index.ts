/** Invite and join: pairing through the agent's prompt delegate (Node) or its trusted UI (pages). */
export {
  type GrantPrompt,
  type InviteAgent,
  type InvitedPeer,
  type InviteOptions,
  inviteNearby,
  joinNearby,
} from './agent-invite.ts';
export { InviteError, type InviteErrorCode } from './invite-error.ts';
export {
  DOCUMENTS_CHANNEL_LABEL,
  type LinkConnectionOptions,
  linkConnection,
  type NearbyConnection,
} from './link-connection.ts';
export { inviteFromPage, joinFromPage, type NearbyReceiver, type NearbyRequest } from './page-invite.ts';
export { PageInvite, type PageInviteOptions, type PageInviteState } from './page-invite-flow.ts';
