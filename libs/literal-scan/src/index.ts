export { loadLiteralScan, type BindingLoad, type LiteralScanBinding, type NativeDatabase } from './literal-scan-binding';
export { compileCached, defaultCacheDir } from './database-cache';
export { confirmTables, LiteralKind, type ConfirmTables } from './confirm-tables';
export { VectorscanGate, type VectorscanGateOptions } from './vectorscan-gate';
export { fileWindows, type FileWindowsOptions } from './file-windows';
