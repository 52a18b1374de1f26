/**
 * Actions on the collection shared by the popup and the library page, each reporting to the reader
 * through a notice: deleting a clip (at once, with an Undo that puts the very same clip back: same id,
 * note, tags and dates) and exporting the collection.
 */
import type { NoticeProps } from '../clips/Notice';
import type { ClipSummary } from '../../lib/messages';
import type { Collection } from './use-collection';

export type NoticeState = Omit<NoticeProps, 'onDismiss'>;

/** The text of an error, for a notice. */
export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Deletes `clip` and reports through `notify`; `changed` runs after the deletion and after an undo
 * (the popup refreshes its page status then). Resolves true when the clip was deleted.
 */
export async function deleteWithUndo(
  col: Pick<Collection, 'remove' | 'restore'>,
  clip: ClipSummary,
  notify: (n: NoticeState) => void,
  changed: () => void = () => undefined,
): Promise<boolean> {
  try {
    const removed = await col.remove(clip.id);
    if (!removed) return false;
    notify({
      tone: 'info',
      message: `Deleted “${clip.title || clip.url}”.`,
      action: {
        label: 'Undo',
        onClick: () =>
          void col.restore(removed).then(
            () => {
              notify({ tone: 'success', message: 'Clip restored.' });
              changed();
            },
            (err: unknown) => notify({ tone: 'error', message: errorMessage(err) }),
          ),
      },
    });
    changed();
    return true;
  } catch (err) {
    notify({ tone: 'error', message: errorMessage(err) });
    return false;
  }
}

/** Exports the whole collection as JSON or Markdown (a download) and says how many clips went out. */
export async function exportCollection(kind: 'json' | 'md', notify: (n: NoticeState) => void): Promise<void> {
  try {
    // Loaded on demand: the exporter brings Dexie, fflate and the store (~400 KB of script) that the
    // popup parsed on every open before its first list, for a button rarely pressed.
    const { downloadJson, downloadMarkdown } = await import('../../lib/clips/export-files');
    const n = kind === 'json' ? await downloadJson() : await downloadMarkdown();
    notify({ tone: 'success', message: `Exported ${n} clip${n === 1 ? '' : 's'}.` });
  } catch (err) {
    notify({ tone: 'error', message: errorMessage(err) });
  }
}
