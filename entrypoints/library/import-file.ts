/**
 * The library page's import: the file is checked, parsed and written here, in the page that chose it
 * (lib/clips/import.ts), through this page's own ClipStore. IndexedDB on the extension's origin is
 * shared with the background, which is told afterwards to refresh what it caches.
 */
import { importFile, type ImportProgress } from '../../lib/clips/import';
import type { ImportResult } from '../../lib/clips/store';
import { withStore } from '../../lib/clips/export-files';
import { importEntities } from '../../lib/entities/transfer';
import { EntityStore } from '../../lib/entities/store';

export interface ImportRun {
  fileName: string;
  progress: ImportProgress;
  cancelled: boolean;
  cancel: () => void;
  done: Promise<ImportResult>;
}

export interface ImportHooks {
  onProgress: () => void;
  /** The collection may have changed (import finished, or failed after writing and was rolled back). */
  onChanged: () => void;
}

export function importFromFile(file: File, hooks: ImportHooks): ImportRun {
  const controller = new AbortController();
  const run: ImportRun = {
    fileName: file.name,
    progress: { bytesRead: 0, totalBytes: file.size, clips: 0 },
    cancelled: false,
    cancel: () => {
      run.cancelled = true;
      controller.abort();
      hooks.onProgress();
    },
    done: Promise.resolve({ added: 0, merged: 0 }),
  };
  run.done = withStore((store) =>
    importFile(store, file, {
      signal: controller.signal,
      entities: async (raw) => {
        await importEntities(new EntityStore(store.db), raw);
      },
      onProgress: (p) => {
        run.progress = p;
        hooks.onProgress();
      },
    }),
  ).finally(hooks.onChanged);
  return run;
}
