import type Database from 'better-sqlite3';

/** A container started from another image than it ran before: a deploy (or a rollback). */
export interface Deploy {
  readonly container: string;
  /** Images as `name (sha256:12 hex)`. */
  readonly fromImage: string;
  readonly toImage: string;
  readonly at: string;
}

/** Port: the deploys the monitor saw (it writes them; the health API and `status` read them). */
export interface DeployStore {
  recordDeploy(deploy: Deploy): void;
  /** Deploys at or after `since`, oldest first. */
  deploys(since: Date): Deploy[];
}

/** `DeployStore` on the state database. */
export class SqliteDeployStore implements DeployStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  recordDeploy(d: Deploy): void {
    this.#db.prepare('INSERT INTO deploys (container, from_image, to_image, at) VALUES (?, ?, ?, ?)').run(d.container, d.fromImage, d.toImage, d.at);
  }

  deploys(since: Date): Deploy[] {
    return this.#db.prepare('SELECT container, from_image AS fromImage, to_image AS toImage, at FROM deploys WHERE at >= ? ORDER BY at, id').all(since.toISOString()) as Deploy[];
  }
}

/** `DeployStore` in memory, for the pipeline spec. */
export class InMemoryDeployStore implements DeployStore {
  readonly #deploys: Deploy[] = [];

  recordDeploy(d: Deploy): void {
    this.#deploys.push(d);
  }

  deploys(since: Date): Deploy[] {
    return this.#deploys.filter((d) => Date.parse(d.at) >= since.getTime());
  }
}
