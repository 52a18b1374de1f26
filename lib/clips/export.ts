/**
 * Export and import of the collection. Export is the user's backup, so it is first-class: JSON holds
 * every field and re-imports exactly; Markdown with YAML front matter is for reading and for
 * note-taking apps (Obsidian, MarkDownload's format).
 */
import type { ClipStore, ImportResult } from './store.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, ExportFile, describeIssues, type Clip } from './schema.ts';
import { ImportError } from './errors.ts';

/** The whole collection as an export file (pretty-printed JSON). */
export async function exportJson(store: ClipStore, now: Date = new Date()): Promise<string> {
  const file: ExportFile = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    clips: await store.all(),
  };
  return JSON.stringify(file, null, 2);
}

/**
 * Reads an export file into the collection, all or nothing. Throws ImportError naming the first
 * problems (syntax, or up to three fields with their paths); the collection is then unchanged.
 */
export async function importJson(store: ClipStore, text: string): Promise<ImportResult> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ImportError(`Not a JSON file: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = ExportFile.safeParse(data);
  if (!parsed.success) throw new ImportError(`Not a valid clips export: ${describeIssues(parsed.error, 3)}`);
  return store.importClips(parsed.data.clips);
}

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
export function clipToMarkdown(clip: Clip): string {
  const lines: string[] = ['---', `title: ${yamlString(clip.title)}`, `url: ${yamlString(clip.url)}`];
  lines.push(`saved: ${yamlString(new Date(clip.savedAt).toISOString())}`);
  if (clip.publishedTime) lines.push(`published: ${yamlString(clip.publishedTime)}`);
  if (clip.byline) lines.push(`byline: ${yamlString(clip.byline)}`);
  if (clip.siteName) lines.push(`site: ${yamlString(clip.siteName)}`);
  lines.push(`kind: ${yamlString(clip.kind)}`);
  lines.push(`tags: ${yamlList(clip.tags)}`);
  lines.push(`entities: ${yamlList(clip.entities)}`);
  if (clip.note) lines.push(`note: ${yamlString(clip.note)}`);
  lines.push('---', '');
  const body = clip.markdown.trim() || clip.text.trim();
  return `${lines.join('\n')}\n# ${clip.title.replace(/\s+/g, ' ').trim() || clip.url}\n\n${body}\n`;
}

/** A file name every common file system accepts: no separators, reserved characters or control characters. */
function safeFileStem(clip: Clip): string {
  const date = new Date(clip.savedAt).toISOString().slice(0, 10);
  const title = clip.title
    .replace(/[\\/:*?"<>|#^[\]\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+|\.+$/g, '')
    .slice(0, 80)
    .trim();
  return `${date} ${title || 'Untitled'}`;
}

/**
 * One Markdown file per clip (a single document cannot hold several front matters). The library
 * page decides how to deliver them (one download each, or an archive).
 */
export function exportMarkdown(clips: readonly Clip[]): MarkdownFile[] {
  const used = new Set<string>();
  return clips.map((clip) => {
    const stem = safeFileStem(clip);
    let filename = `${stem}.md`;
    for (let n = 2; used.has(filename.toLowerCase()); n++) filename = `${stem} (${n}).md`;
    used.add(filename.toLowerCase());
    return { filename, content: clipToMarkdown(clip) };
  });
}
