/**
 * The popup's and the library page's way to the collection: every read and write is a message to the
 * background, the collection's one writer. Replies carry the store's error name and message, which
 * are rethrown here as ClipError so that callers can tell a full disk from a refused import.
 */
import type { WxtBrowser } from 'wxt/browser';
import type { ClipReply, ClipRequest } from '../messages';
import { openableUrl } from '../open-url';

export class ClipError extends Error {
  constructor(
    /** StorageFullError, StorageUnavailableError, ImportError, UserError or Error. */
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClipError';
  }
}

export class ClipsClient {
  constructor(private readonly browser: WxtBrowser) {}

  async call<T extends object>(msg: ClipRequest): Promise<T> {
    let reply: ClipReply<T> | undefined;
    try {
      reply = await this.browser.runtime.sendMessage<ClipRequest, ClipReply<T> | undefined>(msg);
    } catch (err) {
      throw new ClipError('Error', `The extension did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!reply) throw new ClipError('Error', 'The extension did not answer.');
    if (!reply.ok) throw new ClipError(reply.error.name, reply.error.message);
    return reply;
  }
}

/**
 * Asks the browser not to evict the collection under storage pressure (with unlimitedStorage,
 * Chromium grants it to extensions). Returns whether storage is persistent; never throws.
 */
export async function requestPersistence(nav: Navigator = navigator): Promise<boolean> {
  try {
    if (!nav.storage?.persist) return false;
    if (await nav.storage.persisted()) return true;
    return await nav.storage.persist();
  } catch {
    return false;
  }
}

/** Only http(s) addresses are opened from a clip, whatever the stored URL says (lib/open-url.ts decides). */
export function isOpenable(url: string): boolean {
  return openableUrl(url) !== null;
}
