/**
 * Export downloads for the popup and the library page. Reading the collection is done here, on the
 * extension's origin, with a ClipStore of this page (export only reads; every write goes through the
 * background), so a large collection never travels through a runtime message.
 */
import { ClipsDB } from '../../lib/clips/db';
import { exportJson, exportMarkdown } from '../../lib/clips/export';
import { ClipStore } from '../../lib/clips/store';
import { zip } from './zip';

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

async function withStore<T>(use: (store: ClipStore) => Promise<T>): Promise<T> {
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
    const json = await exportJson(store);
    download(new Blob([json], { type: 'application/json' }), `context-reader-clips-${today()}.json`);
    return (JSON.parse(json) as { clips: unknown[] }).clips.length;
  });
}

/** Downloads every clip as a Markdown file with YAML front matter, in one ZIP. */
export async function downloadMarkdown(): Promise<number> {
  return withStore(async (store) => {
    const files = exportMarkdown(await store.all());
    download(zip(files.map((f) => ({ name: f.filename, content: f.content }))), `context-reader-clips-${today()}-markdown.zip`);
    return files.length;
  });
}
