export { STATE_STORE_ERROR_CODES, StateStoreError, type StateStoreErrorCode } from './errors';
export { MIGRATIONS } from './migrations';
export { SqliteStateStore, type ErrorCountRow, type IncidentRow, type SqliteStateStoreOptions } from './sqlite-state-store';
