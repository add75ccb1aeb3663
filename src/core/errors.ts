/**
 * Errors that are the user's to fix — a file, a name, an option, an output folder — as opposed
 * to a failure of the fit or of DMS Fit itself. The CLI exits 1 for these and 2 for the rest,
 * and the extension shows them without "please report".
 */
import type { Diagnostic } from './data/diagnostics';

export class UserError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UserError';
  }
}

/** A destination results must not replace, or one another writer holds: the message says what to do. */
export class OutputRefused extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'OutputRefused';
  }
}

/** Bad input data: carries the diagnostics (with lines) that explain it, if any. */
export class InputError extends UserError {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[],
  ) {
    super(message);
    this.name = 'InputError';
  }
}
