/**
 * The background answers what pages ask of the knowledge base (cards, the reader) and relays the
 * keyboard shortcut to the active tab. It is the only context besides the extension pages that holds the
 * whole knowledge base, so that pages get just the matcher.
 */
import kb from 'virtual:kb';
import type { WxtBrowser } from 'wxt/browser';
import { Knowledge } from '../../lib/kb/knowledge';
import { readerUrl, type BackgroundRequest, type CardResponse, type TabRequest } from '../../lib/messages';
import { startClipService } from './clips';

export function startBackground(browser: WxtBrowser): void {
  const knowledge = new Knowledge(kb);
  const clips = startClipService(browser, knowledge);

  browser.runtime.onMessage.addListener((raw: unknown) => {
    const msg = raw as BackgroundRequest;
    switch (msg?.type) {
      case 'kb:card': {
        const card = knowledge.card(msg.entity) ?? null;
        return clips.refsFor(msg.entity).then((refs): CardResponse => ({ card, clips: refs }));
      }
      case 'kb:open-reader': {
        const url = readerUrl(browser.runtime.getURL('/reader.html'), msg.doc, msg.start, msg.end, msg.entity);
        return browser.tabs.create({ url }).then(() => true);
      }
      default:
        return undefined;
    }
  });

  // Playwright cannot press browser commands: tests send these same tab messages.
  browser.commands?.onCommand.addListener(async (command) => {
    const msg: TabRequest | null =
      command === 'show-card' ? { type: 'page:card-at-selection' } : command === 'show-previous-card' ? { type: 'page:card-step', direction: -1 } : null;
    if (!msg) return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await browser.tabs.sendMessage(tab.id, msg).catch(() => undefined);
  });
}
