/**
 * The card's stylesheet, in its own frame (card.html): page styles cannot reach in, ours cannot leak out.
 * The body's padding leaves room for the shadow and must equal CARD_FRAME_PAD (lib/page/card-frame.ts).
 * The frame's height follows the card, so the card's height cap is set in pixels from the page's viewport.
 */
export const CARD_CSS = `
html, body { margin: 0; background: transparent; overflow: hidden; }
body { padding: 12px; }
.card {
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0b5cad; --quote: #f6f8fa;
  box-sizing: border-box; overflow: auto; padding: 12px 14px;
  background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 10px;
  box-shadow: 0 8px 28px rgba(0,0,0,.18); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  animation: cr-in 120ms ease-out;
}
@media (prefers-color-scheme: dark) {
  .card { --bg: #1c2128; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --accent: #6cb6ff; --quote: #262c36; }
}
@media (prefers-reduced-motion: reduce) { .card { animation: none; } }
@keyframes cr-in { from { opacity: 0; transform: translateY(4px); } to { opacity: 1; transform: none; } }
header { display: flex; justify-content: space-between; gap: 8px; align-items: flex-start; }
h2 { font-size: 17px; margin: 0 6px 0 0; display: inline; }
h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 12px 0 4px; }
.type { font-size: 12px; color: var(--muted); border: 1px solid var(--line); border-radius: 999px; padding: 0 6px; white-space: nowrap; }
.role { margin: 6px 0 0; }
ul { list-style: none; margin: 0; padding: 0; }
.facts li, .passages li { margin: 0 0 8px; }
.fact { margin: 0; }
blockquote { margin: 2px 0; padding: 4px 8px; background: var(--quote); border-left: 3px solid var(--line); font-size: 13px; }
.passages p { margin: 0; font-size: 13px; }
a, button { color: var(--accent); font: inherit; }
a.cite { font-size: 12px; }
a:focus-visible, button:focus-visible, summary:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button { background: none; border: 1px solid var(--line); border-radius: 6px; padding: 1px 6px; cursor: pointer; }
.tools { display: flex; gap: 4px; }
.icon { min-width: 28px; }
.parent { border: none; padding: 0; font-size: 12px; text-decoration: underline; margin-left: 4px; }
.related { display: flex; flex-wrap: wrap; gap: 4px; }
.more { margin-top: 2px; font-size: 12px; }
.saved-span { margin: 4px 0; font-size: 12px; color: var(--muted); }
.own-more[aria-disabled='true'] { opacity: .6; cursor: progress; }
footer { margin-top: 10px; border-top: 1px solid var(--line); padding-top: 6px; font-size: 12px; color: var(--muted); }
.suppress summary { cursor: pointer; color: var(--accent); margin-top: 4px; }
.suppress button { display: block; margin: 4px 0 0; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
