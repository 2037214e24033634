export { STATE_STORE_ERROR_CODES, StateStoreError, type StateStoreErrorCode } from './errors';
export { MIGRATIONS } from './migrations';
export { SqliteStateStore, type SqliteStateStoreOptions } from './sqlite-state-store';
export type { ErrorCountRow, IncidentRow, MonitorStateReader, MonitorStateStore, NewIncident } from './shared/monitor-store';
export { InMemoryMonitorStore } from './shared/in-memory-monitor-store';
export {
  MONITOR_STATES,
  containerSampleOf,
  containerSampleSchema,
  heartbeatLimitSeconds,
  heartbeatVerdict,
  monitorStatusSchema,
  toStoredSample,
  type Heartbeat,
  type HeartbeatVerdict,
  type MonitorStatus,
  type MonitorStatusInput,
  type StoredContainerSample,
} from './shared/monitor-state';
export { covers, isOpen, type MaintenanceStore, type MaintenanceWindow, type NewMaintenanceWindow } from './operator/maintenance';
export { SqliteMaintenanceStore } from './operator/sqlite-maintenance-store';
export { InMemoryMaintenanceStore } from './operator/in-memory-maintenance-store';
export { SqliteSilenceStore } from './operator/sqlite-silence-store';
export { InMemoryDeployStore, SqliteDeployStore, type Deploy, type DeployStore } from './operator/deploys';
