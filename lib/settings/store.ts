/** Reads and writes settings through the extension storage API (passed in, so tests can use fakes). */
import type { Browser } from 'wxt/browser';
import { SETTINGS_KEY, parseSettings, type Settings } from './settings';

type StorageArea = Pick<Browser.storage.StorageArea, 'get' | 'set'>;

export async function loadSettings(area: StorageArea): Promise<Settings> {
  const got = await area.get(SETTINGS_KEY);
  return parseSettings(got[SETTINGS_KEY]);
}

export async function saveSettings(area: StorageArea, s: Settings): Promise<void> {
  await area.set({ [SETTINGS_KEY]: s });
}

export async function updateSettings(area: StorageArea, change: (s: Settings) => Settings): Promise<Settings> {
  const next = change(await loadSettings(area));
  await saveSettings(area, next);
  return next;
}
