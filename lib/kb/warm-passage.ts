/**
 * A passage of the corpus for the content script to scan once before the page's first frame
 * (`virtual:kb-warm`, lib/page/scanner.ts). The first window a page's scanner matches runs the matcher's
 * code for the first time (V8 compiles and profiles it then): the frame's first 2 K window took 17.7–22.5
 * ms on the bench's 2 MB `<pre>` page and 7.9–17.0 on the one-paragraph page, where the next took 1–4,
 * and the frame's budget was spent before the screen was marked (its marks then wait a frame, and on
 * those pages a whole-page repaint, more). With this passage scanned while that frame is still to come:
 * 5.8–9.9 and 4.7–8.1 ms (three loads of each, timed inside instrumented builds).
 *
 * Which passage: the run of whole sentences within `maxChars` that names the most entities of the
 * catalogue (more rules met, more of the matcher's paths run: evidence, surnames, pending names).
 */
import type { KnowledgeBase } from './knowledge';

export function warmPassage(kb: Pick<KnowledgeBase, 'documents' | 'mentions'>, maxChars = 1_200): string {
  const byDoc = new Map<string, KnowledgeBase['mentions']>();
  for (const m of kb.mentions) {
    const list = byDoc.get(m.doc);
    if (list) list.push(m);
    else byDoc.set(m.doc, [m]);
  }
  let best = { entities: 0, text: '' };
  for (const doc of kb.documents) {
    const list = (byDoc.get(doc.id) ?? []).sort((a, b) => a.sentenceStart - b.sentenceStart);
    for (let i = 0; i < list.length; i++) {
      const start = list[i]!.sentenceStart;
      const entities = new Set<string>();
      let end = start;
      for (let j = i; j < list.length && list[j]!.sentenceEnd - start <= maxChars; j++) {
        entities.add(list[j]!.entity);
        end = Math.max(end, list[j]!.sentenceEnd);
      }
      const better =
        entities.size > best.entities || (entities.size === best.entities && end - start < best.text.length);
      if (better && end > start) best = { entities: entities.size, text: doc.text.slice(start, end) };
    }
  }
  return best.text;
}
