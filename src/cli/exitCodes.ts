/** Process exit codes of `dmsfit`, documented in the README. */
export const EXIT = { ok: 0, inputError: 1, fitFailure: 2, cancelled: 130 } as const;
