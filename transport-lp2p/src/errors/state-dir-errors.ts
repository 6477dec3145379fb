import { OffgridError } from './offgrid-error.ts';

/**
 * The agent's state directory or one of its files cannot be used: missing when it must exist (`state-dir-missing`),
 * writable by group or others or owned by someone else (`state-dir-insecure`, refused as ssh refuses such files),
 * or a file-system failure (`state-file-io`). The message always names the path.
 */
export class StateDirError extends OffgridError {
  readonly path: string;

  constructor(
    code: 'state-dir-missing' | 'state-dir-insecure' | 'state-file-io',
    path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, `${path}: ${message}`, options);
    this.path = path;
  }
}
