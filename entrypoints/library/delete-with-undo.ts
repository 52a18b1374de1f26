/**
 * Deleting a clip from the popup or the library: delete at once, then offer Undo in a notice, which puts
 * the very same clip back (same id, note, tags and dates).
 */
import type { NoticeProps } from '../../components/clips/Notice';
import type { ClipSummary } from '../../lib/messages';
import type { Collection } from './use-collection';

export type NoticeState = Omit<NoticeProps, 'onDismiss'>;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Deletes `clip` and reports through `notify`; `changed` runs after the deletion and after an undo
 * (the popup refreshes its page status then). Resolves true when the clip was deleted.
 */
export async function deleteWithUndo(col: Pick<Collection, 'remove' | 'restore'>, clip: ClipSummary, notify: (n: NoticeState) => void, changed: () => void = () => undefined): Promise<boolean> {
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
            (err) => notify({ tone: 'error', message: message(err) }),
          ),
      },
    });
    changed();
    return true;
  } catch (err) {
    notify({ tone: 'error', message: message(err) });
    return false;
  }
}
