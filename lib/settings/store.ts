/**
 * The settings' one writer, in the background. The full settings (with the addresses of the sites and
 * pages where the reader unmarked names) live in the extension's IndexedDB, which no content script can
 * open; every write also refreshes the summary content scripts read (lib/settings/summary.ts).
 */
import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { Browser } from 'wxt/browser';
import { LEGACY_SETTINGS_KEY, SUMMARY_KEY, capSettings, parseSettings, type Settings } from './settings';
import { parseSummary, summarise } from './summary';

type StorageArea = Pick<Browser.storage.StorageArea, 'get' | 'set' | 'remove'>;

export class SettingsDB extends Dexie {
  kv!: Table<unknown, string>;
  constructor(name = 'context-reader-settings', options: Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'> = {}) {
    super(name, options);
    this.version(1).stores({ kv: '' });
  }
}

function randomSalt(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class SettingsStore {
  /** Writes run one after another, so two quick "Not this" clicks both land. */
  private queue: Promise<unknown> = Promise.resolve();
  private ready: Promise<void> | null = null;

  constructor(
    private readonly area: StorageArea,
    readonly db: SettingsDB = new SettingsDB(),
  ) {}

  /** Moves settings kept in storage.local by earlier versions into the database, once. */
  private migrate(): Promise<void> {
    this.ready ??= (async () => {
      const got = await this.area.get(LEGACY_SETTINGS_KEY);
      const legacy = got[LEGACY_SETTINGS_KEY];
      if (legacy === undefined) return;
      if ((await this.db.kv.get('settings')) === undefined) await this.write(parseSettings(legacy));
      await this.area.remove(LEGACY_SETTINGS_KEY);
    })();
    return this.ready;
  }

  async load(): Promise<Settings> {
    await this.migrate();
    return parseSettings(await this.db.kv.get('settings'));
  }

  update(change: (s: Settings) => Settings): Promise<Settings> {
    const next = this.queue.then(async () => {
      const s = capSettings(change(await this.load()));
      await this.write(s);
      return s;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * At start-up: rewrites the summary when it is missing or was not made from these settings (another
   * salt). Otherwise leaves it alone, since every write reaches every tab as a storage event, and the
   * service worker starts often.
   */
  async publish(): Promise<void> {
    const settings = await this.load();
    const current = parseSummary((await this.area.get(SUMMARY_KEY))[SUMMARY_KEY]);
    const salt = await this.db.kv.get('salt');
    if (current && typeof salt === 'string' && current.salt === salt) return;
    await this.write(settings);
  }

  private async write(s: Settings): Promise<void> {
    let salt = (await this.db.kv.get('salt')) as string | undefined;
    if (typeof salt !== 'string') {
      salt = randomSalt();
      await this.db.kv.put(salt, 'salt');
    }
    await this.db.kv.put(s, 'settings');
    await this.area.set({ [SUMMARY_KEY]: summarise(s, salt) });
  }
}
