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
];
