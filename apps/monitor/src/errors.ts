/** Stable codes of the monitor app's own errors. */
export const MONITOR_ERROR_CODES = {
  MON_ERR_CONFIG: 'A configuration value is invalid; the process exits with code 78 before starting anything.',
} as const;
export type MonitorErrorCode = keyof typeof MONITOR_ERROR_CODES;
