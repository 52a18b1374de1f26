import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import type { Knowledge } from '../../lib/kb/knowledge';
import { paragraphSpans } from '../../lib/kb/paragraphs';
import { Matcher } from '../../lib/match/matcher';
import { readerUrl } from '../../lib/messages';
import { portName } from '../../lib/page/card-channel';
import { ContextLayer } from '../../lib/page/context-layer';
import { HighlightLayers } from '../../lib/page/highlights';
import { PageScanner } from '../../lib/page/scanner';

export interface ReaderProps {
  /** The bundled knowledge base. */
  knowledge: Knowledge;
  /** The extension API (opening clips in the library). */
  browser: WxtBrowser;
}

interface Target {
  doc: string;
  start?: number;
  end?: number;
}

function parseHash(hash: string, fallback: string): Target {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const start = Number(p.get('start'));
  const end = Number(p.get('end'));
  return {
    doc: p.get('doc') ?? fallback,
    ...(Number.isFinite(start) && Number.isFinite(end) && p.has('start') ? { start, end } : {}),
  };
}

export default function Reader({ knowledge, browser }: ReaderProps) {
  const docs = knowledge.kb.documents;
  const [target, setTarget] = useState<Target>(() => parseHash(location.hash, docs[0]!.id));
  const articleRef = useRef<HTMLElement>(null);
  const doc = knowledge.document(target.doc) ?? docs[0]!;
  const paras = useMemo(
    () => paragraphSpans(doc.text, doc.body).map((p) => ({ start: p.start, text: doc.text.slice(p.start, p.end) })),
    [doc],
  );

  useEffect(() => {
    const onHash = () => setTarget(parseHash(location.hash, docs[0]!.id));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  // Mark mentions and wire the same cards as on any page; mark and scroll to the cited passage.
  useEffect(() => {
    const article = articleRef.current;
    if (!article) return;
    const abort = new AbortController();
    const layers = new HighlightLayers();
    const scanner = new PageScanner({ matcher: new Matcher(knowledge.kb.spec), layers, signal: abort.signal });
    // The same card frame as on web pages; here its controller is this extension page, which moves to a
    // cited passage itself.
    const nonce = crypto.randomUUID();
    new ContextLayer({
      doc: document,
      store: scanner.store,
      layers,
      signal: abort.signal,
      frameUrl: `${browser.runtime.getURL('/card.html')}#n=${nonce}&in=reader`,
      nonce,
      connect: () => browser.runtime.connect({ name: portName(nonce) }),
      onCite: (c) => {
        location.hash = new URL(readerUrl(location.href.split('#')[0]!, c.doc, c.start, c.end)).hash;
      },
    });
    scanner.start();
    if (target.start !== undefined && target.end !== undefined) {
      const range = quoteRange(article, target.start, target.end);
      if (range) {
        layers.set('quote', [range]);
        const el = range.startContainer.parentElement;
        el?.scrollIntoView({ block: 'center' });
        el?.closest('p')?.setAttribute('data-quoted', '');
      }
    }
    return () => {
      abort.abort();
      layers.dispose();
    };
  }, [doc, target.start, target.end]);

  return (
    <div class="layout">
      <nav aria-label="Documents">
        <h1>Bundled documents</h1>
        <ol>
          {docs.map((d) => (
            <li key={d.id}>
              <a href={`#doc=${d.id}`} aria-current={d.id === doc.id ? 'page' : undefined}>
                {d.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <main>
        <article ref={articleRef} data-doc={doc.id}>
          <h1>{doc.title}</h1>
          <p class="meta">
            {[doc.publisher, doc.author, doc.dateText ?? doc.dates.join(', ')].filter(Boolean).join(' · ')}
          </p>
          {paras.map((p) => (
            <p key={p.start} data-start={p.start}>
              {p.text}
            </p>
          ))}
        </article>
        <p class="chrome-note">
          Shown: the article body as collected (characters {doc.body.start}–{doc.body.end} of {doc.file}); the page
          chrome around it is kept in the file but not shown or quoted.
        </p>
      </main>
    </div>
  );
}

/** A StaticRange over document offsets [start, end), using the paragraphs' data-start offsets. */
function quoteRange(article: HTMLElement, start: number, end: number): StaticRange | null {
  let a: { node: Text; offset: number } | null = null;
  let b: { node: Text; offset: number } | null = null;
  for (const p of article.querySelectorAll<HTMLElement>('p[data-start]')) {
    const pStart = Number(p.dataset.start);
    const node = p.firstChild;
    if (!(node instanceof Text)) continue;
    const pEnd = pStart + node.data.length;
    if (!a && start >= pStart && start <= pEnd) a = { node, offset: start - pStart };
    if (end >= pStart && end <= pEnd) {
      b = { node, offset: end - pStart };
      break;
    }
  }
  if (!a || !b) return null;
  return new StaticRange({ startContainer: a.node, startOffset: a.offset, endContainer: b.node, endOffset: b.offset });
}
