import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventsMigrationFile, expectedEventsMigration } from '../../db/derived/write-events-migration';

// The change feed's triggers and first fill are written into their migration from
// db/derived/events.ts: the two must not drift apart.

describe('events migration', () => {
  it('holds exactly the triggers and first fill of db/derived/events.ts', () => {
    const current = readFileSync(eventsMigrationFile, 'utf8');
    expect(current, 'run: npx tsx db/derived/write-events-migration.ts').toBe(expectedEventsMigration(current));
  });
});
