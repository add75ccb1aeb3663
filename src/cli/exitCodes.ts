/** Process exit codes of `dmsfit`, documented in the README; every command follows them. */
import { UserError } from '../core/errors';

export const EXIT = { ok: 0, inputError: 1, fitFailure: 2, cancelled: 130 } as const;

/** The exit code of an error that ended a command: 1 if the user can fix it (UserError), else 2. */
export function exitCodeOf(err: unknown): number {
  return err instanceof UserError ? EXIT.inputError : EXIT.fitFailure;
}
