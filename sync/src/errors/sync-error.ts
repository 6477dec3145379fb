/**
 * Base class of every error that crosses a module boundary in `@offgrid/sync` (the same shape as the transport's
 * `OffgridError`, which this portable package does not import). `code` is stable and machine-readable;
 * `message` is for people. Each area adds a subclass in a file of its own in this folder.
 */
export class SyncError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
