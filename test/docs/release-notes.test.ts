import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { releaseNoteSchema, releaseNoteSections, releaseNoteTagNames } from '../../docs/src/release-notes';
import { docsRoot, pagesDir } from './guidance-examples';

// Release notes are a content collection (docs/src/content/release-notes/*.md): the site build
// validates them with the same schema; these checks give a faster, clearer failure.

const dir = join(docsRoot, 'src/content/release-notes');
const notes = readdirSync(dir).filter((f) => f.endsWith('.md')).map((file) => {
  const source = readFileSync(join(dir, file), 'utf8');
  const [, frontmatter, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source) ?? [];
  return { file, frontmatter: parse(frontmatter ?? ''), body: body ?? '' };
});

describe('release notes', () => {
  it('exist, one file per change, and the old single page is gone', () => {
    expect(notes.length).toBeGreaterThanOrEqual(7);
    expect(existsSync(join(pagesDir, 'release-notes.md'))).toBe(false);
    expect(existsSync(join(pagesDir, 'release-notes.mdx'))).toBe(false);
  });

  it.each(notes.map((n) => [n.file, n] as const))('%s has valid frontmatter, a matching file name and the three sections', (file, note) => {
    const parsed = releaseNoteSchema.safeParse(note.frontmatter);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(file.startsWith(`${parsed.data!.date.toISOString().slice(0, 10)}-`)).toBe(true);
    const headings = [...note.body.matchAll(/^(#+) (.+)$/gm)].map((m) => [m[1]!.length, m[2]!.trim()] as const);
    expect(headings.filter(([level]) => level < 3)).toEqual([]);
    for (const section of releaseNoteSections) expect(headings.map(([, text]) => text)).toContain(section);
  });

  it.each(notes.map((n) => [n.file, n] as const))('%s says where it applies: the sandbox, production or both', (_file, note) => {
    const tags: string[] = note.frontmatter.tags ?? [];
    expect(tags.filter((t) => t === 'sandbox-release' || t === 'production-release').length).toBeGreaterThan(0);
  });

  it.each(notes.map((n) => [n.file, n] as const))('%s speaks to integrators, not about our hosting', (_file, note) => {
    // Providers integrate with the API; how we host it (databases, indexes, runtimes) is not theirs to act on.
    const internals = /\b(sqlite|libsql|d1|turso|cloudflare|workers?|workerd|database|indexe?s|index|triggers?|migrations?|node\.js|hosting|hosts?)\b/gi;
    expect(`${note.frontmatter.title}\n${note.body}`.match(internals) ?? []).toEqual([]);
  });

  it('rejects unknown tags, missing versions and bad dates', () => {
    const good = { date: '2026-11-29', title: 'A change', tags: ['bug-fix'], versions: ['v3'] };
    expect(releaseNoteSchema.safeParse(good).success).toBe(true);
    expect(releaseNoteSchema.safeParse({ ...good, tags: ['bugfix'] }).success).toBe(false);
    expect(releaseNoteSchema.safeParse({ ...good, tags: [] }).success).toBe(false);
    expect(releaseNoteSchema.safeParse({ ...good, versions: [] }).success).toBe(false);
    expect(releaseNoteSchema.safeParse({ ...good, versions: ['3'] }).success).toBe(false);
    expect(releaseNoteSchema.safeParse({ ...good, date: 'soon' }).success).toBe(false);
    expect(releaseNoteTagNames).toEqual(expect.arrayContaining(['breaking-change', 'new-feature', 'bug-fix', 'new-field', 'data-update', 'sandbox-release', 'production-release', 'removed-field']));
  });
});
