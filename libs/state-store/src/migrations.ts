/**
 * Versioned schema migrations, applied in order inside one transaction each. Never edit a
 * shipped migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: log stream checkpoints
  `CREATE TABLE checkpoints (
     container TEXT PRIMARY KEY,
     checkpoint TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,
  // 2: GitHub reporter — fingerprint ↔ issue index, durable outbox (with write-ahead intents)
  `CREATE TABLE tracked_issues (
     fingerprint TEXT PRIMARY KEY,
     issue_number INTEGER,
     status TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE TABLE outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     fingerprint TEXT NOT NULL,
     kind TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // 3: monitor — error counters per hour, incidents, container samples, heartbeat
  `CREATE TABLE error_counts (
     hour TEXT NOT NULL,
     container TEXT NOT NULL,
     type TEXT NOT NULL,
     severity TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (hour, container, type, severity)
   );
   CREATE TABLE incidents (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     container TEXT NOT NULL,
     type TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     message TEXT NOT NULL,
     started_at TEXT NOT NULL,
     recovered_at TEXT
   );
   CREATE INDEX incidents_open ON incidents (container, type, recovered_at);
   CREATE TABLE containers (
     name TEXT PRIMARY KEY,
     sample TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE heartbeat (
     component TEXT PRIMARY KEY,
     at TEXT NOT NULL,
     status TEXT NOT NULL
   );`,
  // 4: the operator's decisions — maintenance windows (the CLI writes them, the monitor reads them)
  `CREATE TABLE maintenance (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     starts_at TEXT NOT NULL,
     ends_at TEXT NOT NULL,
     containers TEXT,
     reason TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX maintenance_ends ON maintenance (ends_at);`,
  // 5: the operator's decisions — silences of one fingerprint (the CLI sets them, the monitor lifts them)
  `CREATE TABLE silences (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     fingerprint TEXT NOT NULL,
     data TEXT NOT NULL,
     lifted_at TEXT
   );
   CREATE INDEX silences_active ON silences (lifted_at);`,
  // 6: deploys — a container started from another image than before (the dashboard marks them)
  `CREATE TABLE deploys (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     container TEXT NOT NULL,
     from_image TEXT NOT NULL,
     to_image TEXT NOT NULL,
     at TEXT NOT NULL
   );
   CREATE INDEX deploys_at ON deploys (at);`,
];
