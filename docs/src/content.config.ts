import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { releaseNoteSchema } from './release-notes';

export const collections = {
  /** The guidance pages: one Markdown or MDX file per page (Starlight). */
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  /** One file per change, named `YYYY-MM-DD-short-title.md`; see docs/README.md. */
  releaseNotes: defineCollection({
    loader: glob({ pattern: '*.md', base: './src/content/release-notes' }),
    schema: releaseNoteSchema,
  }),
};
