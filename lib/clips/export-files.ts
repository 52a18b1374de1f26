/**
 * Export downloads for the popup and the library page. The collection is read here, on the
 * extension's origin, with a ClipStore of this page, so a large collection never travels through a
 * runtime message.
 */
import { ClipsDB } from './db';
import { exportJsonBlob, exportMarkdown } from './export';
import { markdownZip } from './markdown-zip';
import type { Clip } from './schema';
import { ClipStore } from './store';

function download(blob: Blob, filename: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const today = (): string => new Date().toISOString().slice(0, 10);

export async function withStore<T>(use: (store: ClipStore) => Promise<T>): Promise<T> {
  const db = new ClipsDB();
  try {
    return await use(new ClipStore(db));
  } finally {
    db.close();
  }
}

/** Downloads the whole collection as versioned JSON; returns how many clips it holds. */
export async function downloadJson(): Promise<number> {
  return withStore(async (store) => {
    const { blob, count } = await exportJsonBlob(store);
    download(blob, `context-reader-clips-${today()}.json`);
    return count;
  });
}

/** Downloads every clip as a Markdown file with YAML front matter, in one ZIP. */
export async function downloadMarkdown(): Promise<number> {
  return withStore(async (store) => {
    const clips: Clip[] = [];
    await store.forEach((c) => clips.push(c));
    download(markdownZip(exportMarkdown(clips)), `context-reader-clips-${today()}-markdown.zip`);
    return clips.length;
  });
}
