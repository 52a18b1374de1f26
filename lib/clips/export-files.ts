/**
 * Export downloads for the popup and the library page. The collection is read here, on the
 * extension's origin, with a ClipStore of this page, so a large collection never travels through a
 * runtime message.
 */
import { browser } from 'wxt/browser';
import { ClipsDB } from './db';
import { send } from '../messages';
import { exportJsonBlob, exportMarkdown } from './export';
import { markdownZip } from './markdown-zip';
import type { Clip } from './schema';
import { ClipStore } from './store';
import { EntityStore } from '../entities/store';

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
    const { blob, count } = await exportJsonBlob(store, new Date(), await new EntityStore(store.db).list());
    download(blob, `context-reader-clips-${today()}.json`);
    return count;
  });
}

/** Names of the entities the clips mention: the reader's own from the database, the catalogue's from the background. */
async function entityNames(store: ClipStore, clips: readonly Clip[]): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const e of await new EntityStore(store.db).list()) names[e.id] = e.name;
  const ids = [...new Set(clips.flatMap((c) => c.entities))].filter((id) => !(id in names));
  for (let i = 0; i < ids.length; i += 1_000) {
    const res = await send(browser.runtime, 'clips:names', { ids: ids.slice(i, i + 1_000) }).catch(() => null);
    if (res?.ok) for (const [id, n] of Object.entries(res.names)) names[id] = n.name;
  }
  return names;
}

/** Downloads every clip as a Markdown file with YAML front matter, in one ZIP. */
export async function downloadMarkdown(): Promise<number> {
  return withStore(async (store) => {
    const clips: Clip[] = [];
    await store.forEach((c) => clips.push(c));
    download(
      markdownZip(exportMarkdown(clips, await entityNames(store, clips))),
      `context-reader-clips-${today()}-markdown.zip`,
    );
    return clips.length;
  });
}
