import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { embeddedSource } from '../../db/reference-data/embed';

describe('embedded reference data', () => {
  it('is the CSV files as they are now (run `npm run reference:embed` after editing one)', () => {
    expect(readFileSync(new URL('../../db/reference-data/embedded.ts', import.meta.url), 'utf8')).toBe(embeddedSource());
  });
});
