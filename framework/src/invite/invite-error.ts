/** Why an invite or a join ended without a granted peer. */
export type InviteErrorCode = 'aborted' | 'pairing-failed' | 'not-granted';

/** An invite or join failed; `code` says why, `cause` holds the agent's error (an `AuthenticationError`…). */
export class InviteError extends Error {
  readonly code: InviteErrorCode;
  /** The peer concerned, when known. */
  readonly fingerprint: string | undefined;

  constructor(
    code: InviteErrorCode,
    message: string,
    options: { fingerprint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InviteError';
    this.code = code;
    this.fingerprint = options.fingerprint;
  }
}
