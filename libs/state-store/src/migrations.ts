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
];
