/**
 * Extension pages (the popup) read and change settings through the background, their one writer
 * (lib/settings/store.ts): the full settings are kept where content scripts cannot read them.
 */
import { send, type MessageSender } from '../messages';
import { SUMMARY_KEY, type Settings } from './settings';

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export async function loadSettings(runtime: MessageSender): Promise<Settings> {
  const res = await send(runtime, 'settings:get', {});
  if (!res.ok) throw new SettingsError(res.error.message);
  return res.settings;
}

export async function updateSettings(runtime: MessageSender, change: (s: Settings) => Settings): Promise<Settings> {
  const res = await send(runtime, 'settings:put', { settings: change(await loadSettings(runtime)) });
  if (!res.ok) throw new SettingsError(res.error.message);
  return res.settings;
}

interface ChangeEvents {
  addListener(cb: (changes: Record<string, unknown>, area: string) => void): void;
  removeListener(cb: (changes: Record<string, unknown>, area: string) => void): void;
}

/** Calls `onChange` whenever the settings changed (any tab, any page); returns the unsubscribe. */
export function watchSettings(onChanged: ChangeEvents, onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && SUMMARY_KEY in changes) onChange();
  };
  onChanged.addListener(listener);
  return () => onChanged.removeListener(listener);
}
