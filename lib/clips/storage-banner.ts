/**
 * The "your browser may clear this collection" banner: shown only when there is something to lose
 * (clips stored, storage not persistent) and never again once the reader closed it.
 */
export const BANNER_DISMISSED_KEY = 'clipsStorageBannerDismissed';

export interface BannerState {
  /** Clips in the collection; null while unknown. */
  total: number | null;
  /** Whether the browser granted persistent storage; null while unknown. */
  persisted: boolean | null;
  /** Whether the reader closed the banner before. */
  dismissed: boolean;
}

export function showStorageBanner({ total, persisted, dismissed }: BannerState): boolean {
  return !dismissed && persisted === false && total !== null && total > 0;
}

type Area = { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };

export async function bannerDismissed(area: Area): Promise<boolean> {
  try {
    return (await area.get(BANNER_DISMISSED_KEY))[BANNER_DISMISSED_KEY] === true;
  } catch {
    return false;
  }
}

export async function dismissBanner(area: Area): Promise<void> {
  await area.set({ [BANNER_DISMISSED_KEY]: true });
}
