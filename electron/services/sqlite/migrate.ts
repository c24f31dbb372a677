import type Database from 'better-sqlite3';

/**
 * Brings a SQLite file to the schema version `steps.length`, versioned with SQLite's user_version.
 * Step i migrates from version i to i+1 inside one transaction, so a crash mid-migration leaves the
 * previous version intact. A file from a newer app is refused rather than misread.
 */
export function migrate(db: Database.Database, steps: readonly string[], name: string): void {
  const current = db.prepare<[], { user_version: number }>('PRAGMA user_version').get()!.user_version;
  if (current > steps.length) {
    throw new Error(`${name} schema version ${current} is newer than this app (${steps.length})`);
  }
  for (let v = current; v < steps.length; v++) {
    db.transaction(() => {
      db.exec(steps[v]!);
      db.exec(`PRAGMA user_version = ${v + 1}`);
    }).immediate();
  }
}
