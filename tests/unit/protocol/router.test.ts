import { describe, expect, it, vi } from 'vitest';
import { coreHandlers } from '../../../entrypoints/background/core-handlers';
import type { Protocol } from '../../../lib/messages';
import type { RequestType } from '../../../lib/protocol/requests';
import {
  REFUSED,
  classify,
  createRouter,
  type CallerContext,
  type Handlers,
  type Sender,
} from '../../../lib/protocol/router';
import { DEFAULT_SETTINGS, capSettings, type Settings } from '../../../lib/settings/settings';
import type { Knowledge } from '../../../lib/kb/knowledge';

const ID = 'abcdefghijklmnop';
const BASE = `chrome-extension://${ID}/`;
const opts = { extensionId: ID, extensionBase: BASE };

const popup: Sender = { id: ID, url: `${BASE}popup.html` };
const library: Sender = { id: ID, url: `${BASE}library.html`, tab: { id: 3, url: `${BASE}library.html` } };
const cardFrame: Sender = {
  id: ID,
  url: `${BASE}card-frame.html`,
  frameId: 4,
  tab: { id: 7, url: 'https://news.example.org/a' },
};
const content: Sender = {
  id: ID,
  url: 'https://news.example.org/a',
  frameId: 0,
  tab: { id: 7, url: 'https://news.example.org/a' },
};
const contentFrame: Sender = {
  id: ID,
  url: 'https://ads.example.net/frame',
  frameId: 9,
  tab: { id: 7, url: 'https://news.example.org/a' },
};

/** Every handler records the request and caller it got, so tests see what reached it. */
function recordingHandlers() {
  const calls: { type: RequestType; req: unknown; ctx: CallerContext }[] = [];
  const handlers = new Proxy({} as Handlers<Protocol>, {
    get: (_t, type: string) => (req: unknown, ctx: CallerContext) => {
      calls.push({ type: type as RequestType, req, ctx });
      return { ok: true };
    },
  });
  return { calls, handlers };
}

describe('classify: who is calling comes from sender only', () => {
  it.each([
    ['the popup', popup, 'extension'],
    ['the library in a tab', library, 'extension'],
    ['an extension frame inside a web page (the card frame)', cardFrame, 'extension'],
    ['a content script in a top frame', content, 'content'],
    ['a content script in a sub-frame', contentFrame, 'content'],
    ['another extension', { ...popup, id: 'otherextensionid' }, null],
    ['another extension with our page path', { id: 'other', url: `chrome-extension://other/popup.html` }, null],
    ['a page of another extension id claiming ours', { id: ID, url: 'chrome-extension://other/popup.html' }, null],
    ['a content script without a tab', { id: ID, url: 'https://news.example.org/a' }, null],
  ] as const)('%s → %s', (_name, sender, caller) => {
    expect(classify(sender, opts)?.caller ?? null).toBe(caller);
  });

  it('takes the page, tab and frame from sender', () => {
    expect(classify(contentFrame, opts)).toEqual({
      caller: 'content',
      tabId: 7,
      frameId: 9,
      url: 'https://ads.example.net/frame',
      topUrl: 'https://news.example.org/a',
    });
  });
});

describe('createRouter', () => {
  it('refuses extension-page requests from a content script, and logs the type only', async () => {
    const { calls, handlers } = recordingHandlers();
    const log = vi.fn();
    const route = createRouter(handlers, { ...opts, log });
    for (const msg of [
      { type: 'clips:list', query: 'secret', filters: {}, offset: 0, limit: 10 },
      { type: 'clips:get', id: 'x' },
      { type: 'clips:save', tabId: 7, kind: 'page' },
      { type: 'passages:show', tabId: 7 },
      { type: 'settings:get' },
      { type: 'settings:put', settings: DEFAULT_SETTINGS },
    ]) {
      expect(await route(msg, content)).toEqual(REFUSED);
    }
    expect(calls).toEqual([]);
    expect(log).toHaveBeenCalledTimes(6);
    expect(log.mock.calls.flat().join(' ')).not.toContain('secret');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('refused clips:list from content'));
  });

  it('lets extension pages call them', async () => {
    const { calls, handlers } = recordingHandlers();
    const route = createRouter(handlers, opts);
    await route({ type: 'clips:get', id: 'x' }, popup);
    await route({ type: 'passages:show', tabId: 7 }, library);
    expect(calls.map((c) => [c.type, c.ctx.caller])).toEqual([
      ['clips:get', 'extension'],
      ['passages:show', 'extension'],
    ]);
  });

  it('drops url, tabId and frameId a content script writes into its message', async () => {
    const { calls, handlers } = recordingHandlers();
    const route = createRouter(handlers, opts);
    await route(
      {
        type: 'settings:suppress',
        entity: 'csto',
        scope: 'page',
        url: 'https://victim.example/',
        tabId: 99,
        frameId: 5,
      },
      content,
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.req).toEqual({ entity: 'csto', scope: 'page' });
    expect(calls[0]!.ctx).toMatchObject({ tabId: 7, frameId: 0, url: 'https://news.example.org/a' });
  });

  it.each([
    ['no type', { entity: 'csto' }],
    ['a non-string type', { type: 42 }],
    ['an unknown type', { type: 'clips:for-page', url: 'https://news.example.org/a' }],
    ['a prototype key as type', { type: 'constructor' }],
    ['null', null],
    ['a string', 'kb:card'],
  ])('refuses a message with %s', async (_name, msg) => {
    const { calls, handlers } = recordingHandlers();
    const log = vi.fn();
    expect(await createRouter(handlers, { ...opts, log })(msg, content)).toEqual(REFUSED);
    expect(calls).toEqual([]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('unknown message'));
  });

  it.each([
    ['a missing field', { type: 'kb:card' }],
    ['a wrong field type', { type: 'kb:card', entity: 7 }],
    ['an oversized id', { type: 'kb:card', entity: 'x'.repeat(500) }],
    ['a bad scope', { type: 'settings:suppress', entity: 'csto', scope: 'galaxy' }],
    ['negative offsets', { type: 'kb:open-reader', doc: 'd', start: -1, end: 3 }],
  ])('refuses a malformed request: %s', async (_name, msg) => {
    const { calls, handlers } = recordingHandlers();
    const log = vi.fn();
    expect(await createRouter(handlers, { ...opts, log })(msg, content)).toEqual(REFUSED);
    expect(calls).toEqual([]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('malformed'));
    expect(log.mock.calls.flat().join(' ')).not.toContain('xxxxx');
  });

  it('refuses everything from a sender it cannot place', async () => {
    const { calls, handlers } = recordingHandlers();
    const route = createRouter(handlers, { ...opts, log: () => undefined });
    expect(await route({ type: 'kb:card', entity: 'csto' }, { id: 'other', url: 'https://x.example/' })).toEqual(
      REFUSED,
    );
    expect(calls).toEqual([]);
  });
});

/** A settings store in memory with the real cap and merge rules. */
function fakeSettings(initial: Settings = DEFAULT_SETTINGS) {
  let current = initial;
  return {
    get current() {
      return current;
    },
    load: () => Promise.resolve(current),
    update: (change: (s: Settings) => Settings) => Promise.resolve((current = capSettings(change(current)))),
  };
}

const knowledge = {
  card: (id: string) => (id === 'csto' ? { entity: { id: 'csto' } } : undefined),
  entity: (id: string) => (id === 'csto' ? { id: 'csto' } : undefined),
  document: (id: string) => (id === 'doc-1' ? { id: 'doc-1' } : undefined),
} as unknown as Knowledge;

function core(settings = fakeSettings()) {
  const opened: string[] = [];
  const handlers = coreHandlers({
    knowledge,
    clips: {
      refsFor: () =>
        Promise.resolve([
          {
            id: 'c1',
            title: 'A clip from another site',
            url: 'https://elsewhere.example/',
            savedAt: 1,
            kind: 'page' as const,
          },
        ]),
    },
    settings,
    extensionBase: BASE,
    openTab: (url) => Promise.resolve(opened.push(url)),
  });
  const all: Handlers<Protocol> = { ...recordingHandlers().handlers, ...handlers };
  const route = createRouter(all, { ...opts, log: () => undefined });
  return { route, opened, settings };
}

describe('core handlers', () => {
  it("gives a content script the card but none of the reader's clips; the card frame gets them", async () => {
    const { route } = core();
    const fromPage = (await route({ type: 'kb:card', entity: 'csto' }, content)) as Protocol['kb:card']['res'];
    expect(fromPage.card).not.toBeNull();
    expect(fromPage.clips).toEqual([]);
    const fromFrame = (await route({ type: 'kb:card', entity: 'csto' }, cardFrame)) as Protocol['kb:card']['res'];
    expect(fromFrame.clips.map((c) => c.title)).toEqual(['A clip from another site']);
  });

  it("unmarks on the sender's page, never on a page the message names", async () => {
    const { route, settings } = core();
    await route(
      { type: 'settings:suppress', entity: 'csto', scope: 'page', url: 'https://victim.example/secret' },
      content,
    );
    await route({ type: 'settings:suppress', entity: 'csto', scope: 'site', key: 'victim.example' }, contentFrame);
    expect(settings.current.suppressed).toEqual([
      { entity: 'csto', scope: 'page', key: 'https://news.example.org/a' },
      { entity: 'csto', scope: 'site', key: 'ads.example.net' },
    ]);
  });

  it('caps and de-duplicates what a page can add', async () => {
    const { route, settings } = core();
    for (let i = 0; i < 3; i++)
      await route({ type: 'settings:suppress', entity: 'csto', scope: 'everywhere' }, content);
    expect(settings.current.suppressed).toHaveLength(1);
    for (let i = 0; i < 600; i++) await route({ type: 'settings:suppress', entity: `e${i}`, scope: 'page' }, content);
    expect(settings.current.suppressed).toHaveLength(500);
    // The oldest went first.
    expect(settings.current.suppressed[0]!.entity).toBe('e100');
    expect(settings.current.suppressed.at(-1)!.entity).toBe('e599');
  });

  it('opens the reader only at a bundled document, and only at the reader page', async () => {
    const { route, opened } = core();
    expect(await route({ type: 'kb:open-reader', doc: 'doc-1', start: 5, end: 9, entity: 'csto' }, content)).toEqual({
      ok: true,
    });
    expect(
      await route({ type: 'kb:open-reader', doc: 'javascript:alert(1)', start: 0, end: 1 }, content),
    ).toMatchObject({ ok: false });
    expect(await route({ type: 'kb:open-reader', doc: 'doc-1', start: 9, end: 5 }, content)).toMatchObject({
      ok: false,
    });
    expect(opened).toEqual([`${BASE}reader.html#doc=doc-1&start=5&end=9&entity=csto`]);
  });
});
