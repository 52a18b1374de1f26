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
import { sendToTab, type Protocol, type TabMessenger } from '../../lib/messages';
import { createRouter, type Handlers } from '../../lib/protocol/router';
import { SettingsStore } from '../../lib/settings/store';
import { startClipService } from './clips';
import { coreHandlers } from './core-handlers';

/** The keyboard commands that are a request to the active tab's content script. */
const TAB_COMMANDS: Record<string, (tabs: TabMessenger, tabId: number) => Promise<unknown>> = {
  'show-card': (tabs, tabId) => sendToTab(tabs, tabId, 'page:card-at-selection', {}),
  'show-previous-card': (tabs, tabId) => sendToTab(tabs, tabId, 'page:card-step', { direction: -1 }),
};

export function startBackground(browser: WxtBrowser): void {
  const knowledge = new Knowledge(kb);
  const clips = startClipService(browser, knowledge);
  const settings = new SettingsStore(browser.storage.local);
  // A summary lost or written by an older version is rebuilt; also migrates settings out of storage.local.
  void settings.publish().catch(() => undefined);
  const extensionBase = browser.runtime.getURL('/');
  const handlers: Handlers<Protocol> = {
    ...clips.handlers,
    ...coreHandlers({ knowledge, clips, settings, extensionBase, openTab: (url) => browser.tabs.create({ url }) }),
  };
  browser.runtime.onMessage.addListener(createRouter(handlers, { extensionId: browser.runtime.id, extensionBase }));
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
