/**
 * Base class of every error that crosses a module boundary in `@offgrid/transport-lp2p`.
 * `code` is stable and machine-readable; `message` is for people.
 */
export class OffgridError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
