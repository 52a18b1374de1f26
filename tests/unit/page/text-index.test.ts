// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { BLOCK_SEPARATOR } from '../../../lib/match/chars';
import { collectText, locate, walkText } from '../../../lib/page/text-index';
import { BLOCK_TAGS, BREAK_TAGS, SKIP_TAGS, canHostShadow } from '../../../lib/page/skip';

function textOf(html: string): string {
  document.body.innerHTML = html;
  return collectText(document.body)
    .map((c) => c.text)
    .join('|')
    .split(BLOCK_SEPARATOR)
    .join('¶');
}

describe('text index', () => {
  it.each([
    [
      'joins inline elements into one run',
      '<p><b>Nikolai</b> Patrushev and <a href="#">CSTO</a>\'s</p>',
      "Nikolai Patrushev and CSTO's",
    ],
    ['separates blocks', '<p>CSTO</p><p>SCO</p>', 'CSTO¶SCO'],
    ['separates a block from the text after it', '<div><p>CSTO</p>Channel</div>', 'CSTO¶Channel'],
    ['breaks at <br>', '<p>Nikolai<br>Patrushev</p>', 'Nikolai¶Patrushev'],
    ['breaks at a <br> inside inline markup', '<p>Nikolai<b>x<br></b>Patrushev</p>', 'Nikolaix¶Patrushev'],
    ['breaks at an image between two words', '<p>Nikolai<img alt="">Patrushev</p>', 'Nikolai¶Patrushev'],
    ['breaks at a <br> behind a comment', '<p>Nikolai<br><!-- c -->Patrushev</p>', 'Nikolai¶Patrushev'],
    [
      'skips code, forms and editable regions',
      '<p>A</p><script>CSTO</script><style>.x{}</style><textarea>CSTO</textarea><select><option>CSTO</option></select><div contenteditable="true">CSTO</div><div contenteditable="false">B</div><noscript>CSTO</noscript><template>CSTO</template>',
      'A¶B',
    ],
    [
      'reads contenteditable="false" in any case, skips any other value',
      '<div contenteditable="FALSE">A</div><div contenteditable="">CSTO</div><div contenteditable="plaintext-only">CSTO</div><p>B</p>',
      'A¶B',
    ],
    [
      'skips hidden subtrees and the extension host',
      '<p hidden>CSTO</p><div data-context-reader-host>CSTO</div><p>C</p>',
      'C',
    ],
  ])('%s', (_name, html, expected) => {
    expect(textOf(html)).toBe(expected);
  });

  it('splits long text into chunks only at block boundaries', () => {
    document.body.innerHTML = Array.from(
      { length: 50 },
      (_, i) => `<p>para ${i} <b>Nikolai</b> Patrushev ${'x'.repeat(100)}</p>`,
    ).join('');
    const chunks = collectText(document.body, { chunkSize: 1000 });
    expect(chunks.length).toBeGreaterThan(4);
    for (const c of chunks) {
      expect(c.text.startsWith('para ')).toBe(true);
      expect(c.text.split(BLOCK_SEPARATOR).every((p) => /^para \d+ Nikolai Patrushev x+$/.test(p))).toBe(true);
    }
  });

  it("stops a step when the caller's clock says its time is up, and loses no text for it", () => {
    document.body.innerHTML = `<p>${Array.from({ length: 3000 }, (_, i) => `<b>w${i}</b> `).join('')}</p>`;
    let asked = 0;
    const steps: (string | null)[] = [];
    // Every other question is answered "time is up".
    for (const c of walkText(document.body, { due: () => ++asked % 2 === 0 })) steps.push(c && c.text);
    const nulls = steps.filter((c) => c === null).length;
    // Without the clock: one null per 1,024 nodes (5 here); with it, a stop every 128.
    expect(asked).toBeGreaterThan(50);
    expect(nulls).toBeGreaterThan(40);
    const text = steps.filter((c): c is string => c !== null).join('');
    expect(text).toBe(document.body.textContent);
  });

  it('maps chunk offsets back to text nodes', () => {
    document.body.innerHTML = '<p>Hello <b>Nikolai</b> Patrushev</p>';
    const [chunk] = collectText(document.body);
    const start = chunk!.text.indexOf('Nikolai');
    const end = chunk!.text.indexOf('Patrushev') + 'Patrushev'.length;
    const a = locate(chunk!, start);
    const b = locate(chunk!, end, true);
    expect(a.node.data).toBe('Nikolai');
    expect(a.offset).toBe(0);
    expect(b.node.data).toBe(' Patrushev');
    expect(b.offset).toBe(10);
    // An end exactly at a node boundary stays in the earlier node.
    const c = locate(chunk!, start + 'Nikolai'.length, true);
    expect(c.node.data).toBe('Nikolai');
    expect(c.offset).toBe(7);
  });

  it('reports open shadow roots to the caller', () => {
    document.body.innerHTML = '<div id="h"></div><p>after</p>';
    const root = document.getElementById('h')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<p>CSTO inside</p>';
    const seen: ShadowRoot[] = [];
    const chunks = collectText(document.body, { onShadowRoot: (r) => seen.push(r) });
    expect(seen).toEqual([root]);
    expect(chunks.map((c) => c.text).join('')).toBe('after');
    expect(collectText(root)[0]!.text).toBe('CSTO inside');
  });

  it('steps over skipped subtrees and what the caller has read: no text, no shadow root from inside them', () => {
    document.body.innerHTML =
      '<p>A</p><div contenteditable="true"><span id="e">CSTO</span></div><section id="read"><span id="r">SCO</span></section><p>B</p>';
    const inEditable = document.getElementById('e')!.attachShadow({ mode: 'open' });
    const inRead = document.getElementById('r')!.attachShadow({ mode: 'open' });
    inEditable.innerHTML = inRead.innerHTML = '<p>CIS</p>';
    const seen: ShadowRoot[] = [];
    const stepOver = new Set([document.getElementById('read')!]);
    const text = collectText(document.body, { onShadowRoot: (r) => seen.push(r), stepOver })
      .map((c) => c.text)
      .join('');
    expect(text).toBe(`A${BLOCK_SEPARATOR}B`);
    expect(seen).toEqual([]);
    // Walked as a root of its own (the blocks on screen, read first), the section reports its root.
    collectText(document.getElementById('read')!, { onShadowRoot: (r) => seen.push(r) });
    expect(seen).toEqual([inRead]);
    // A root inside a skipped region yields nothing at all.
    expect(collectText(document.getElementById('e')!, { onShadowRoot: (r) => seen.push(r) })).toEqual([]);
    expect(seen).toEqual([inRead]);
  });

  it('asks for a shadow root only where the DOM allows one', () => {
    // Every tag the walk does not ask must be one attachShadow refuses.
    const tags = [...BLOCK_TAGS, ...SKIP_TAGS, ...BREAK_TAGS, 'a', 'b', 'em', 'i', 'strong', 'span', 'small', 'x-card'];
    for (const tag of tags) {
      let accepted = true;
      try {
        document.createElement(tag).attachShadow({ mode: 'open' });
      } catch {
        accepted = false;
      }
      if (accepted) expect(canHostShadow(tag), tag).toBe(true);
    }
    expect(canHostShadow('b')).toBe(false);
  });

  it('finds shadow roots on every kind of element that can carry one, inside links and lists too', () => {
    document.body.innerHTML =
      '<ul><li><a href="#"><span id="s"></span></a></li></ul><x-card id="x"></x-card><section id="c"></section><em>e</em>';
    const roots = ['s', 'x', 'c'].map((id) => document.getElementById(id)!.attachShadow({ mode: 'open' }));
    const nested = roots[1]!;
    nested.innerHTML = '<div id="inner"></div>';
    const deeper = nested.getElementById('inner')!.attachShadow({ mode: 'open' });
    const seen: ShadowRoot[] = [];
    collectText(document.body, { onShadowRoot: (r) => seen.push(r) });
    expect(seen).toEqual(roots);
    // The scanner walks each shadow root as a root of its own, which reports the ones inside it.
    const inside: ShadowRoot[] = [];
    collectText(nested, { onShadowRoot: (r) => inside.push(r) });
    expect(inside).toEqual([deeper]);
  });
});
