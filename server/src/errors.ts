/**
 * Base class of every error `@offgrid/server` lets out (the shape of the sync package's `SyncError`). `code` is
 * stable and machine-readable; `message` is for people.
 */
export class ServerError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The tokens file is missing, not JSON, or an entry is malformed. `code`: `tokens-file-invalid`. */
export class TokensFileError extends ServerError {
  constructor(message: string, options?: ErrorOptions) {
    super('tokens-file-invalid', message, options);
  }
}

/** The SQLite file cannot be opened or written. `code`: `storage-failed`. */
export class StorageError extends ServerError {
  constructor(message: string, options?: ErrorOptions) {
    super('storage-failed', message, options);
  }
}

/**
 * A connection was refused. Hocuspocus sends `reason` to the client in its permission-denied message, so it
 * says what kind of refusal this is and nothing about the tokens the server knows.
 */
export class AccessRefusedError extends ServerError {
  readonly reason: string;

  constructor(
    code:
      | 'token-unknown'
      | 'token-expired'
      | 'outside-prefixes'
      | 'too-many-documents'
      | 'too-many-connections',
    message: string,
  ) {
    super(code, message);
    this.reason = code;
  }
}

/** Wrong command-line input: printed with the usage text, exit code 2. */
export class UsageError extends ServerError {
  constructor(message: string) {
    super('usage', message);
  }
}
