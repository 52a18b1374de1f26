import createDOMPurify from 'dompurify';
import { useMemo, useRef } from 'preact/hooks';
import { markPassage, PASSAGE_ID } from '../../lib/clips/passage-mark';
import type { ClipSpan } from '../../lib/clips/routes';
import type { Clip } from '../../lib/clips/schema';
import type { ClipFilters, EntityNames } from '../../lib/messages';

export interface ClipReaderProps {
  /** The clip to read, with its body. */
  clip: Clip;
  /** Entity names by id. */
  names: EntityNames;
  /** Opens the original page (http(s) only). */
  onOpen: (url: string) => void;
  /** Applies a filter from a chip. */
  onFilter: (key: keyof ClipFilters, value: string) => void;
  /** A passage of the clip's text to mark and scroll to (from a card's "From your clips"). */
  passage?: ClipSpan | null;
}

/**
 * Clip HTML came from a web page. It was sanitised at extraction, and is sanitised again here, then
 * shown in an iframe sandboxed without allow-scripts (an opaque origin with no access to the
 * extension) under a CSP that loads nothing: no script, no image, no request leaves the page.
 */
const FORBID_TAGS = [
  'img',
  'picture',
  'source',
  'video',
  'audio',
  'track',
  'svg',
  'math',
  'iframe',
  'frame',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'style',
  'link',
  'meta',
  'base',
];

let purifier: ReturnType<typeof createDOMPurify> | undefined;
function sanitise(html: string): string {
  if (!purifier) {
    purifier = createDOMPurify(window);
    purifier.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName !== 'A') return;
      const href = node.getAttribute('href') ?? '';
      let ok = false;
      try {
        ok = ['http:', 'https:'].includes(new URL(href).protocol);
      } catch {
        ok = false;
      }
      if (!ok) node.removeAttribute('href');
      else {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
  }
  return purifier.sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR: ['style', 'srcset', 'ping', 'formaction', 'src', 'background'],
    ALLOW_DATA_ATTR: false,
  });
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The clip's body as sanitised HTML, with `passage` wrapped in marks when it is found there. */
function bodyHtml(clip: Clip, passage: ClipSpan | null): { html: string; marked: boolean } {
  const html = clip.html.trim()
    ? sanitise(clip.html)
    : clip.text
        .split(/\n{2,}/)
        .map((p) => `<p>${escapeHtml(p)}</p>`)
        .join('');
  if (!passage) return { html, marked: false };
  // An inert document: nothing in it loads or runs while the marks go in.
  const body = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body;
  const marked = markPassage(body, clip.text, passage);
  return { html: marked ? body.innerHTML : html, marked };
}

function srcdoc(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
:root { color-scheme: light dark; }
body { font: 17px/1.6 Georgia, "Iowan Old Style", serif; max-width: 42em; margin: 0 auto; padding: 8px 20px 40px; color: CanvasText; background: Canvas; }
h1, h2, h3 { font-family: system-ui, sans-serif; line-height: 1.25; }
blockquote { margin: 1em 0; padding-left: 1em; border-left: 3px solid #8888; }
pre { white-space: pre-wrap; }
a { color: LinkText; }
mark.${PASSAGE_ID} { background: #ffe58f; color: #1f2328; box-shadow: 0 0 0 2px #ffe58f; border-radius: 2px; }
@media (prefers-color-scheme: dark) { mark.${PASSAGE_ID} { background: #7a5c00; color: #fff; box-shadow: 0 0 0 2px #7a5c00; } }
</style></head><body>${body}</body></html>`;
}

/** The reading view of one clip: its details, the note, and the body in a sandboxed frame. */
export default function ClipReader({ clip, names, onOpen, onFilter, passage = null }: ClipReaderProps) {
  const body = useMemo(() => bodyHtml(clip, passage), [clip.id, clip.updatedAt, passage?.start, passage?.end]);
  const doc = useMemo(() => srcdoc(body.html), [body]);
  const frame = useRef<HTMLIFrameElement>(null);
  const details = [clip.byline, clip.siteName, clip.publishedTime && `published ${clip.publishedTime}`]
    .filter(Boolean)
    .join(' · ');
  return (
    <article class="reader" aria-label={`Reading: ${clip.title}`}>
      <header>
        <p class="muted kind-line">
          {clip.kind === 'page' ? 'Saved page' : 'Saved passage'} · saved {new Date(clip.savedAt).toLocaleString()}
        </p>
        <h2>{clip.title || clip.url}</h2>
        {details && <p class="muted">{details}</p>}
        <p>
          <button type="button" class="link url" onClick={() => onOpen(clip.url)}>
            {clip.url}
          </button>
        </p>
        {clip.note && <p class="note">{clip.note}</p>}
        {passage && !body.marked && (
          <p class="muted passage-missing">The passage from the card is no longer in this clip as saved.</p>
        )}
        <div class="chips">
          {clip.tags.map((t) => (
            <button type="button" class="chip tag" key={`t:${t}`} onClick={() => onFilter('tag', t)}>
              #{t}
            </button>
          ))}
          {clip.entities.map((id) => (
            <button type="button" class="chip entity" key={`e:${id}`} onClick={() => onFilter('entity', id)}>
              {names[id]?.name ?? id}
            </button>
          ))}
        </div>
      </header>
      <iframe
        ref={frame}
        class="reader-body"
        title="Clip content"
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        srcdoc={doc}
        onLoad={() => {
          // The frame is another origin (sandboxed, no scripts): it cannot be scrolled from here, but it
          // can be sent to a fragment of its own document, which scrolls it to the passage's first mark.
          if (!body.marked) return;
          try {
            frame.current?.contentWindow?.location.replace(`about:srcdoc#${PASSAGE_ID}`);
          } catch {
            // A browser that refuses it still shows the passage marked, at the top of the clip.
          }
        }}
      />
    </article>
  );
}
