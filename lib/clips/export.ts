/**
 * Export and import of the collection. Export is the user's backup, so it is first-class: JSON holds
 * every field and re-imports exactly; Markdown with YAML front matter is for reading and for
 * note-taking apps (Obsidian, MarkDownload's format).
 */
import type { ClipStore } from './store.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, type Clip } from './schema.ts';
import { ENTITIES_LINE } from './import.ts';

/**
 * The whole collection as an export file: valid JSON laid out with one clip per line, so that the
 * importer streams it (lib/clips/import.ts) and no export is ever too large to import again. Built
 * from Blob parts, never one string: a collection can be larger than a JavaScript string can hold.
 */
export async function exportJsonBlob(
  store: ClipStore,
  now: Date = new Date(),
  /** The reader's own entities (lib/entities), written after the clips, one per line; none: no section. */
  entities: readonly unknown[] = [],
): Promise<{ blob: Blob; count: number }> {
  const header = JSON.stringify({
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    clips: [],
  });
  const parts: BlobPart[] = [`${header.slice(0, -2)}\n`];
  let lines: string[] = [];
  let count = 0;
  await store.forEach((clip) => {
    lines.push(`${count === 0 ? '' : ',\n'}${JSON.stringify(clip)}`);
    count++;
    // Folding lines into Blobs as they come lets the browser move them out of the JS heap.
    if (lines.length >= 1000) {
      parts.push(new Blob(lines));
      lines = [];
    }
  });
  parts.push(new Blob(lines));
  if (entities.length)
    parts.push(`${count === 0 ? '' : '\n'}${ENTITIES_LINE}\n${entities.map((e) => JSON.stringify(e)).join(',\n')}`);
  parts.push(`${count === 0 && !entities.length ? '' : '\n'}]}\n`);
  return { blob: new Blob(parts, { type: 'application/json' }), count };
}

/** exportJsonBlob as a string (tests, small collections). */
export async function exportJson(
  store: ClipStore,
  now: Date = new Date(),
  entities: readonly unknown[] = [],
): Promise<string> {
  return (await exportJsonBlob(store, now, entities)).blob.text();
}

/** Reads an export file's text into the collection, all or nothing (lib/clips/import.ts). */
export { importJson } from './import.ts';

export interface MarkdownFile {
  /** "2024-05-01 Title of the page.md", unique within one export. */
  filename: string;
  content: string;
}

/**
 * A YAML scalar that always reads back as the same string. JSON strings are YAML double-quoted
 * scalars, except that YAML also wants DEL, C1 controls, the line/paragraph separators and BOM
 * escaped; without quoting, titles like "yes", "1.0", "- x" or "key: value" change meaning.
 */
export function yamlString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function yamlList(values: readonly string[]): string {
  return `[${values.map(yamlString).join(', ')}]`;
}

/** One clip as Markdown: YAML front matter (title, url, saved, published, byline, site, tags, entities, note), then the body. */
export function clipToMarkdown(clip: Clip, names: Readonly<Record<string, string>> = {}): string {
  const lines: string[] = ['---', `title: ${yamlString(clip.title)}`, `url: ${yamlString(clip.url)}`];
  lines.push(`saved: ${yamlString(new Date(clip.savedAt).toISOString())}`);
  if (clip.publishedTime) lines.push(`published: ${yamlString(clip.publishedTime)}`);
  if (clip.byline) lines.push(`byline: ${yamlString(clip.byline)}`);
  if (clip.siteName) lines.push(`site: ${yamlString(clip.siteName)}`);
  lines.push(`kind: ${yamlString(clip.kind)}`);
  lines.push(`tags: ${yamlList(clip.tags)}`);
  // Names when the caller knows them (the catalogue's and the reader's own), ids otherwise.
  lines.push(`entities: ${yamlList(clip.entities.map((id) => names[id] ?? id))}`);
  if (clip.note) lines.push(`note: ${yamlString(clip.note)}`);
  lines.push('---', '');
  const body = clip.markdown.trim() || clip.text.trim();
  return `${lines.join('\n')}\n# ${clip.title.replace(/\s+/g, ' ').trim() || clip.url}\n\n${body}\n`;
}

/** A fragment every common file system accepts in a name: no separators, reserved or control characters. */
function safeName(text: string, max: number): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must not hold
      .replace(/[\\/:*?"<>|#^[\]\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^\.+|\.+$/g, '')
      .slice(0, max)
      .trim()
  );
}

/**
 * "2024-05-01 Title (page).md", "2024-05-01 Title (passage - first words of it).md": the name says
 * what the file holds, so two passages of one page are told apart by their words, not by "(2)".
 */
function fileStem(clip: Clip): string {
  const date = new Date(clip.savedAt).toISOString().slice(0, 10);
  const title = safeName(clip.title, 80) || 'Untitled';
  if (clip.kind === 'page') return `${date} ${title} (page)`;
  const words = safeName(clip.text.split(/\s+/).slice(0, 8).join(' '), 60);
  return `${date} ${title} (passage${words ? ` - ${words}` : ''})`;
}

/**
 * One Markdown file per clip (a single document cannot hold several front matters). Names that
 * would still collide (the same passage saved twice) get the end of the clip's id.
 */
export function exportMarkdown(clips: Iterable<Clip>, names: Readonly<Record<string, string>> = {}): MarkdownFile[] {
  const used = new Set<string>();
  const out: MarkdownFile[] = [];
  for (const clip of clips) {
    const stem = fileStem(clip);
    let filename = `${stem}.md`;
    if (used.has(filename.toLowerCase())) filename = `${stem} ${clip.id.slice(-8)}.md`;
    for (let n = 2; used.has(filename.toLowerCase()); n++) filename = `${stem} ${clip.id.slice(-8)}-${n}.md`;
    used.add(filename.toLowerCase());
    out.push({ filename, content: clipToMarkdown(clip, names) });
  }
  return out;
}
