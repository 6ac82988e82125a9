import { z } from 'astro/zod';

// The shape of a release note (src/content/release-notes/*.md). Shared by the collection schema,
// the release notes page and the feed, so a tag or version cannot be used in one and not known
// by another.

/** Tags in the order their badges are shown, with the badge colour (a Starlight badge variant). */
export const releaseNoteTags = {
  'breaking-change': 'danger',
  'removed-field': 'danger',
  'new-feature': 'success',
  'new-field': 'tip',
  'bug-fix': 'caution',
  'data-update': 'note',
  'production-release': 'default',
  'sandbox-release': 'default',
} as const;

export type ReleaseNoteTag = keyof typeof releaseNoteTags;

export const releaseNoteTagNames = Object.keys(releaseNoteTags) as [ReleaseNoteTag, ...ReleaseNoteTag[]];

/** "breaking-change" → "Breaking change" */
export const tagLabel = (tag: string) => tag.charAt(0).toUpperCase() + tag.slice(1).replace(/-/g, ' ');

/** The three sections every note has, in this order (checked when the site builds). */
export const releaseNoteSections = ['What changed', 'Why', 'What you need to do'] as const;

export const releaseNoteSchema = z.object({
  /** The day the change reached the environments in `tags` (YYYY-MM-DD). */
  date: z.coerce.date(),
  title: z.string().min(5),
  tags: z.array(z.enum(releaseNoteTagNames)).min(1),
  /** API versions the change affects, e.g. [v3]. */
  versions: z.array(z.string().regex(/^v\d+$/, 'a version looks like v3')).min(1),
  /** Breaks a tie between notes of the same date: higher comes first. */
  order: z.number().int().default(0),
});

export type ReleaseNoteData = z.infer<typeof releaseNoteSchema>;

/** Newest first; notes of one day by `order`, then by id. */
export function newestFirst<T extends { id: string; data: ReleaseNoteData }>(notes: T[]): T[] {
  return [...notes].sort((a, b) => b.data.date.getTime() - a.data.date.getTime() || b.data.order - a.data.order || a.id.localeCompare(b.id));
}

/** The anchor of a note on the release notes page, e.g. `2026-11-29-schools-and-partnerships`. */
export const noteAnchor = (id: string) => id.replace(/[^a-z0-9-]+/gi, '-').toLowerCase();

/** "29 November 2026" */
export const formatNoteDate = (date: Date) =>
  date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
