/** Stable codes of the state store's errors. */
export const STATE_STORE_ERROR_CODES = {
  STS_ERR_OPEN: 'The state database could not be opened or created (path, permissions, disk).',
  STS_ERR_CORRUPT: 'The state database failed its integrity check.',
  STS_ERR_SCHEMA: 'The state database has a newer schema than this version understands.',
  STS_ERR_WRITE: 'A write to the state database failed (read-only, locked, I/O error).',
  STS_ERR_FULL: 'A write to the state database failed because its file system is full.',
} as const;
export type StateStoreErrorCode = keyof typeof STATE_STORE_ERROR_CODES;

export class StateStoreError extends Error {
  override readonly name = 'StateStoreError';
  readonly code: StateStoreErrorCode;
  constructor(code: StateStoreErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
