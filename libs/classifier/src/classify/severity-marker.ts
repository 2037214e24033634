import { parseSeverity, type Severity } from '../severity';
import type { ErrorType } from '../types';

// SafeWork's ErrorMonitor logs "[SEVERITY] error_type: message", e.g.
// "ERROR: [CRITICAL] database_connection_error: …". A lower-case identifier and a colon must
// follow, so gunicorn's own "[CRITICAL] WORKER TIMEOUT" level is not mistaken for it.
const MARKER = /\[(CRITICAL|HIGH|MEDIUM|LOW)\]\s+([a-z][a-z_]*)\s*:/;

const MARKER_TYPES: Readonly<Record<string, ErrorType>> = {
  database_connection: 'database_connection',
  database: 'database_connection',
  db_connection: 'database_connection',
  redis_connection: 'redis_connection',
  redis: 'redis_connection',
  application: 'application_error',
  application_error: 'application_error',
  app: 'application_error',
  survey_system: 'survey_system',
  survey: 'survey_system',
  authentication: 'authentication',
  auth: 'authentication',
};

/** A severity marker found in a line. */
export interface SeverityMarker {
  readonly severity: Severity;
  /** The type the marker names, when it names a known one. */
  readonly type?: ErrorType;
}

/** Finds SafeWork's `[SEVERITY] error_type:` marker in the text. */
export function findSeverityMarker(text: string): SeverityMarker | undefined {
  // Most lines have no bracket at all: no regex run for them.
  if (!text.includes('[')) return undefined;
  const match = MARKER.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  const key = match[0];
  if (key === last.key) return last.marker;
  let marker = known.get(key);
  if (marker === undefined) {
    const severity = parseSeverity(match[1]);
    if (severity === undefined) return undefined;
    const name = match[2].replace(/_error$/, '');
    const type = MARKER_TYPES[name] ?? MARKER_TYPES[match[2]];
    marker = Object.freeze(type === undefined ? { severity } : { severity, type });
    // Markers are few (four severities times the types an app names); bounded all the same.
    if (known.size >= 256) known.clear();
    known.set(key, marker);
  }
  last = { key, marker };
  return marker;
}

/** Markers already read, by severity and name: a flood repeats one marker on every line. */
const known = new Map<string, SeverityMarker>();
let last: { key: string; marker: SeverityMarker | undefined } = { key: '', marker: undefined };
