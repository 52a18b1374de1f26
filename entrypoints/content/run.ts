/**
 * Content script wiring: settings → scanner → highlights → hover cards, and the messages the popup and
 * the background send to this tab. Card data comes from the background (the knowledge base is not
 * injected into pages); only the catalogue's rules ship in this script, and the automaton comes from the
 * pack in storage.local.
 */
import corpus from 'virtual:kb-rules';
import { browser } from 'wxt/browser';
import type { Matcher } from '../../lib/match/matcher';
import { LAYER_OF, type CompiledEntities } from '../../lib/entities/compile';
import { PACK_KEY, packFits, samePack, unpackMatcher, type MatcherPack } from '../../lib/entities/pack';
import { send, type PageEntitiesResponse, type TabRequest } from '../../lib/messages';
import { portName, windowPort } from '../../lib/page/card-channel';
import { ContextLayer } from '../../lib/page/context-layer';
import { adoptSheet, highlightSheet } from '../../lib/page/highlight-style';
import { DOCUMENT_PREFIX, HighlightLayers, highlightsSupported } from '../../lib/page/highlights';
import { PrivateMarks } from '../../lib/page/private-marks';
import { liveRange } from '../../lib/page/hit-test';
import { scanState } from '../../lib/page/scan-signal';
import { PageScanner } from '../../lib/page/scanner';
import { SUMMARY_KEY } from '../../lib/settings/keys';
import { pageMarking, parseSummary, sameMarking, type PageMarking } from '../../lib/settings/summary';
import { installClips, type TabHandler } from './clips';

interface Session {
  abort: AbortController;
  scanner: PageScanner;
  layer: ContextLayer;
}

/** What every marking session of this document shares. */
interface Shared {
  /** Null until the background has written a pack this build can use (see `runContent`). */
  matcher: Matcher | null;
  layers: HighlightLayers;
  /** Whether an entity is the reader's own (drawn where the page cannot read it). */
  isOwn: (entity: string) => boolean;
  shadowSheet: ReturnType<typeof highlightSheet>;
  /** Names this script's card frame among the frames of the tab (each frame of a page has its own). */
  nonce: string;
  frameUrl: string;
}

/**
 * Starts marking this document and returns the answers to the extension's messages to it (the caller,
 * entrypoints/content-main.ts, listens for them from the document's start); undefined where the
 * browser cannot draw marks.
 */
export async function runContent(signal: AbortSignal): Promise<TabHandler | undefined> {
  if (!highlightsSupported() || !document.documentElement) return undefined;
  const names = new Map(corpus.rules.map((r) => [r.entity, r]));
  // The summary, not the settings: it holds what applies to this page and no other page's address
  // (lib/settings/summary.ts), and reading it wakes no service worker.
  // The catalogue's forms and the reader's entities, compiled into one pack where they were written
  // (lib/entities/pack.ts): one storage read, one automaton decoded, no build. storage.local is the
  // extension's own; the page cannot read it.
  const stored: Record<string, unknown> = await browser.storage.local.get([SUMMARY_KEY, PACK_KEY]).catch(() => ({}));
  let applied: PageMarking = pageMarking(parseSummary(stored[SUMMARY_KEY]), location.href);
  const loaded = unpackMatcher(stored[PACK_KEY], corpus);
  let own: OwnNames = loaded?.names ?? {};
  // One sheet for the document and the open shadow roots, for this document's random highlight names.
  const shadowSheet = highlightSheet();
  adoptSheet(document, shadowSheet);
  // A page may reassign document.adoptedStyleSheets at any time; the reader's pointer puts ours back.
  document.addEventListener('pointermove', () => adoptSheet(document, shadowSheet), { passive: true, signal });

  // Made before anything is marked, on every page: its presence must not depend on what it will draw.
  const privateMarks = new PrivateMarks();
  signal.addEventListener('abort', () => privateMarks.dispose(), { once: true });

  const nonce = crypto.randomUUID();
  const shared: Shared = {
    matcher: loaded?.matcher ?? null,
    layers: new HighlightLayers(window, DOCUMENT_PREFIX, privateMarks),
    isOwn: (entity) => own[entity] !== undefined,
    shadowSheet,
    nonce,
    frameUrl: `${browser.runtime.getURL('/card.html')}#n=${nonce}`,
  };
  let session: Session | null = null;
  /** Asks waiting for a session: the page's list before the background's first pack has come. */
  const waiting: (() => void)[] = [];
  const settle = () => {
    for (const w of waiting.splice(0)) w();
  };
  /** The marking session, once there is one to ask (none if marking is off here, or no pack came). */
  const current = (): Promise<Session | null> =>
    session || !applied.marking
      ? Promise.resolve(session)
      : new Promise((resolve) => waiting.push(() => resolve(session)));

  const stop = () => {
    if (!session) return;
    session.abort.abort();
    session = null;
    shared.layers.dispose();
  };
  const start = () => {
    stop();
    if (applied.marking && shared.matcher) session = startSession(shared, shared.matcher, applied, signal);
    settle();
  };

  let inUse: MatcherPack | null = loaded && packFits(stored[PACK_KEY], corpus.fingerprint) ? stored[PACK_KEY] : null;
  const usePack = (raw: unknown) => {
    // The same pack written again would restart marking from an empty store for nothing.
    if (!packFits(raw, corpus.fingerprint) || (inUse && samePack(raw, inUse))) return;
    const next = unpackMatcher(raw, corpus);
    if (!next) return;
    inUse = raw;
    own = next.names;
    shared.matcher = next.matcher;
    start();
  };

  // Every tab hears every change; only a tab whose own marking changed restarts.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || signal.aborted) return;
    // A new or edited entity of the reader's: load the new automaton and mark again, without a reload.
    if (PACK_KEY in changes) usePack(changes[PACK_KEY].newValue);
    if (!(SUMMARY_KEY in changes)) return;
    const next = pageMarking(parseSummary(changes[SUMMARY_KEY].newValue), location.href);
    if (sameMarking(next, applied)) return;
    applied = next;
    start();
  });

  // No pack fits this build (a fresh profile, an update): the background writes one, which this request
  // makes sure of, and answers once it is stored. Its storage event may reach this frame before the read
  // above did (they travel apart), so the pack is read again after the answer rather than awaited.
  if (!loaded)
    void send(browser.runtime, 'entities:pack', {})
      .then(async () => {
        if (shared.matcher || signal.aborted) return;
        const again: Record<string, unknown> = await browser.storage.local.get(PACK_KEY);
        if (!shared.matcher && !signal.aborted) usePack(again[PACK_KEY]);
      })
      .catch(() => undefined)
      .finally(settle);

  const tab: TabContext = { signal, current, session: () => session, layers: shared.layers, names, own: () => own };
  start();
  const clips = installClips({ signal, layers: new HighlightLayers(window, DOCUMENT_PREFIX, privateMarks) });
  return (raw) => answerTab(raw, tab) ?? clips(raw);
}

/** What the tab's answers read of the running content script. */
interface TabContext {
  signal: AbortSignal;
  /** The session once there is one to ask (`runContent`'s `current`). */
  current: () => Promise<Session | null>;
  session: () => Session | null;
  layers: HighlightLayers;
  names: Map<string, (typeof corpus.rules)[number]>;
  own: () => OwnNames;
}

/** The answers to the popup's and the background's messages about marking (clips: ./clips.ts). */
function answerTab(raw: unknown, t: TabContext): Promise<unknown> | undefined {
  if (t.signal.aborted) return undefined;
  const msg = raw as TabRequest;
  const session = t.session();
  switch (msg?.type) {
    case 'page:entities':
      return t.current().then((s) => pageEntities(s, t.names, t.own()));
    case 'page:reveal':
      return Promise.resolve(reveal(session, t.layers, msg.entity));
    case 'page:card-at-selection':
      // With nothing at the selection, the shortcut steps to the next mention from the viewport.
      return Promise.resolve(session ? session.layer.showAtSelection() || session.layer.step(1) : false);
    case 'page:card-step':
      return Promise.resolve(session?.layer.step(msg.direction === -1 ? -1 : 1) ?? false);
    case 'page:scan-state':
      // Every frame of the tab hears it; only the one the caller named answers (the others stay silent).
      return window.name !== '' && window.name === msg.name ? Promise.resolve(scanState()) : undefined;
    default:
      return undefined;
  }
}

type OwnNames = CompiledEntities['names'];

/** Marks the page (scanner) and answers the reader's pointer and keys (context layer) until aborted. */
function startSession(
  { layers, isOwn, shadowSheet, frameUrl, nonce }: Shared,
  matcher: Matcher,
  applied: PageMarking,
  signal: AbortSignal,
): Session {
  const abort = new AbortController();
  signal.addEventListener('abort', () => abort.abort(), { once: true });
  const suppressed = new Set(applied.suppressed);
  const scanner = new PageScanner({
    matcher,
    layers,
    signal: abort.signal,
    isSuppressed: (e) => suppressed.has(e),
    isOwn,
    shadowStyle: shadowSheet,
    onFirstPass: () => layer.prepareCard(),
  });
  const layer = new ContextLayer({
    doc: document,
    store: scanner.store,
    layers,
    signal: abort.signal,
    frameUrl,
    nonce,
    // Firefox delivers no runtime message or port from a content script to an extension frame.
    connect: (frame) =>
      import.meta.env.FIREFOX ? windowPort(frame, frameUrl, nonce) : browser.runtime.connect({ name: portName(nonce) }),
    shadowRoots: () => scanner.shadowRoots,
  });
  // A task of its own: the automaton is built in this one (20–45 ms on this machine), and the first
  // slice right behind it made one unbroken run of both (37–56 ms on the dense and <pre> pages). Until
  // then `settled()` waits, so the popup's list is not answered from a page not yet read.
  setTimeout(() => scanner.start(), 0);
  return { abort, scanner, layer };
}

/** The entities marked on this page, for the popup. */
function pageEntities(
  current: Session | null,
  names: Map<string, (typeof corpus.rules)[number]>,
  own: OwnNames,
): Promise<PageEntitiesResponse> {
  // The list must be complete: a page still being marked finishes its first pass first.
  return (current?.scanner.settled() ?? Promise.resolve()).then((): PageEntitiesResponse => {
    const counts = current?.scanner.store.counts() ?? new Map<string, number>();
    return {
      url: location.href,
      marking: current !== null,
      entities: [...counts].map(([id, count]) => {
        const mine = own[id];
        if (mine) return { id, name: mine.name, type: LAYER_OF[mine.type], count, own: true };
        const r = names.get(id);
        return { id, name: r?.entity ?? id, type: r?.type ?? 'organisation', count };
      }),
    };
  });
}

/** Scrolls to the entity's first mention in document order and flashes it. */
function reveal(session: Session | null, layers: HighlightLayers, entity: string): boolean {
  if (!session) return false;
  const ranges = session.scanner.store
    .mentionsOf(entity)
    .map((m) => ({ m, r: liveRange(document, m) }))
    .filter((x): x is { m: typeof x.m; r: Range } => x.r !== null)
    .sort((a, b) => a.r.compareBoundaryPoints(Range.START_TO_START, b.r));
  const first = ranges[0];
  if (!first) return false;
  const el = first.r.startContainer.parentElement;
  const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
  el?.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
  layers.set('flash', [new StaticRange(first.m)]);
  setTimeout(() => layers.clearLayer('flash'), 1600);
  return true;
}
