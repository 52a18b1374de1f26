import { useEffect, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import type { PageEntitiesResponse } from '../../lib/messages';

export interface PopupProps {
  /** The extension API. */
  browser: WxtBrowser;
}

/** The tab the popup acts on: `?tab=ID` (tests, the library page), else the active tab. */
async function targetTab(browser: WxtBrowser): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export default function Popup({ browser }: PopupProps) {
  const [page, setPage] = useState<PageEntitiesResponse | null>(null);
  const [tabId, setTabId] = useState<number>();
  useEffect(() => {
    void targetTab(browser).then(async (id) => {
      setTabId(id);
      if (id === undefined) return;
      const res = (await browser.tabs.sendMessage(id, { type: 'page:entities' }, { frameId: 0 }).catch(() => null)) as PageEntitiesResponse | null;
      setPage(res);
    });
  }, []);
  return (
    <main>
      <h1>Context Reader</h1>
      <ul class="entities">
        {(page?.entities ?? []).map((e) => (
          <li key={e.id}>
            <button type="button" onClick={() => tabId !== undefined && void browser.tabs.sendMessage(tabId, { type: 'page:reveal', entity: e.id }, { frameId: 0 })}>
              {e.name} <span class="count">{e.count}</span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
