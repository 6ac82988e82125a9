import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { newestFirst, noteAnchor, tagLabel } from '../../release-notes';
import { basePath, site as service } from '../../site';

// /api-reference/release-notes/rss.xml: one <item> per release note, newest first (RSS 2.0).

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** A note's Markdown as plain text for the feed's description (headings and links flattened). */
const plain = (markdown: string) =>
  markdown
    .replace(/^#+\s*/gm, '')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

export const GET: APIRoute = async ({ site }) => {
  const notes = newestFirst(await getCollection('releaseNotes'));
  const page = new URL(`${basePath}/release-notes/`, site).href;
  const items = notes.map((note) => {
    const link = `${page}#${noteAnchor(note.id)}`;
    return [
      '    <item>',
      `      <title>${escape(note.data.title)}</title>`,
      `      <link>${escape(link)}</link>`,
      `      <guid isPermaLink="false">lead-provider-api-release-note-${escape(note.id)}</guid>`,
      `      <pubDate>${note.data.date.toUTCString()}</pubDate>`,
      ...note.data.tags.map((tag) => `      <category>${escape(tagLabel(tag))}</category>`),
      ...note.data.versions.map((v) => `      <category>API ${escape(v)}</category>`),
      `      <description>${escape(plain(note.body ?? ''))}</description>`,
      '    </item>',
    ].join('\n');
  });
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    `    <title>${escape(service.name)} release notes</title>`,
    `    <link>${escape(page)}</link>`,
    `    <atom:link href="${escape(new URL('rss.xml', page).href)}" rel="self" type="application/rss+xml"/>`,
    `    <description>Changes to the ${escape(service.name)}, its sandbox and its guidance.</description>`,
    '    <language>en-gb</language>',
    notes[0] ? `    <lastBuildDate>${notes[0].data.date.toUTCString()}</lastBuildDate>` : '',
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].filter((line) => line !== '').join('\n');
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
