/**
 * The background answers what pages ask of the knowledge base (cards, the reader), keeps the clip
 * collection and the settings, and relays the keyboard shortcut to the active tab. It is the only
 * context besides the extension pages that holds the whole knowledge base, so that pages get just the
 * matcher. Every request arrives through one router (lib/protocol/router.ts): checked caller, parsed
 * request, then one small handler from the map below.
 */
import '../../lib/zod-config';
import kb from 'virtual:kb';
import type { WxtBrowser } from 'wxt/browser';
import { Knowledge } from '../../lib/kb/knowledge';
import { sendToTab, type EntityNames, type Protocol, type TabMessenger } from '../../lib/messages';
import { createRouter, type Handlers } from '../../lib/protocol/router';
import { SettingsStore } from '../../lib/settings/store';
import { startClipService } from './clips';
import { coreHandlers } from './core-handlers';
import { installTrackMenu, startEntityService } from './entities';
import { benchMark } from '../../lib/page/bench-marks';
import { ClipsDB } from '../../lib/clips/db';
import { ClipStore } from '../../lib/clips/store';
import { EntityStore } from '../../lib/entities/store';
import type { ListedClip } from '../../lib/entities/card';

/** The keyboard commands that are a request to the active tab's content script. */
const TAB_COMMANDS: Record<string, (tabs: TabMessenger, tabId: number) => Promise<unknown>> = {
  'show-card': (tabs, tabId) => sendToTab(tabs, tabId, 'page:card-at-selection', {}),
  'show-previous-card': (tabs, tabId) => sendToTab(tabs, tabId, 'page:card-step', { direction: -1 }),
};

export function startBackground(browser: WxtBrowser): void {
  benchMark('bg:main');
  const knowledge = new Knowledge(kb);
  const db = new ClipsDB();
  // The clip service reads the reader's entities (to find them in new clips); the entity service tells
  // it when a re-scan changed stored clips: late-bound, since each needs the other.
  let onClipsChanged = () => {};
  let clipsListed: (entity: string) => Promise<readonly ListedClip[] | null> = () => Promise.resolve(null);
  const entities = startEntityService({
    local: browser.storage.local,
    knowledge,
    store: new EntityStore(db),
    onClipsChanged: () => onClipsChanged(),
    clipsListed: (entity) => clipsListed(entity),
  });
  const clips = startClipService(browser, knowledge, new ClipStore(db), entities);
  onClipsChanged = () => void clips.handlers['clips:refresh']({}, { caller: 'extension', url: extensionBase });
  clipsListed = (entity) => clips.listed(entity);
  // The collection's database is opened only if it exists: a worker start must not create it (nor
  // upgrade one an older version is still writing).
  void entities
    .init(async () => {
      const list = await indexedDB.databases?.().catch(() => null);
      return list ? list.some((d) => d.name === 'context-reader') : true;
    })
    .catch(() => undefined);
  const settings = new SettingsStore(browser.storage.local);
  // A summary lost or written by an older version is rebuilt; also migrates settings out of storage.local.
  void settings.publish().catch(() => undefined);
  const extensionBase = browser.runtime.getURL('/');
  const handlers: Handlers<Protocol> = {
    ...clips.handlers,
    ...entities.handlers,
    ...coreHandlers({
      knowledge,
      clips,
      settings,
      extensionBase,
      openTab: (url) => browser.tabs.create({ url }),
      own: entities,
      names: (ids) => {
        const out: EntityNames = {};
        for (const id of ids) {
          const e = knowledge.entity(id);
          if (e) out[id] = { name: e.name, type: e.type };
        }
        return out;
      },
    }),
  };
  installTrackMenu(browser, (url) => browser.tabs.create({ url }));
  browser.runtime.onMessage.addListener(createRouter(handlers, { extensionId: browser.runtime.id, extensionBase }));
  benchMark('bg:listening');
  // No runtime.onConnect listener here, on purpose: the only ports are `card-frame:<nonce>` between a
  // content script (or the reader page) and its card frame, and the background has no part in them.

  // Playwright cannot press browser commands: tests send these same tab messages.
  browser.commands?.onCommand.addListener(async (command) => {
    const tabCommand = TAB_COMMANDS[command];
    if (!tabCommand) return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await tabCommand(browser.tabs, tab.id).catch(() => undefined);
  });
}
