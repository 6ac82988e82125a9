import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db } from '../../db/client';
import { connectLibsql } from '../../db/libsql';
import { applyMigrations } from '../../db/migrate';

/** A migrated database in a temp file, for tests that run a command against DATABASE_URL. */
export async function createCliDatabase(): Promise<{ url: string; db: Db; close: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'lpapi-cli-'));
  const url = `file:${join(dir, 'cli.db')}`;
  const { db, client } = connectLibsql(url);
  await applyMigrations(db);
  return {
    url,
    db,
    close() {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
