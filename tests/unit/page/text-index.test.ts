// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { BLOCK_SEPARATOR } from '../../../lib/match/chars';
import { collectText, locate, walkText, type TextChunk } from '../../../lib/page/text-index';
import {
  BLOCK_TAGS,
  BREAK_TAGS,
  PLAIN_INLINE_TAGS,
  SKIP_TAGS,
  canHostShadow,
  isSkippedElement,
} from '../../../lib/page/skip';
import { prng } from '../../support/prng';

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
    expect(chunks.length).toBeGreaterThan(1);
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
    expect(a.node!.data).toBe('Nikolai');
    expect(a.offset).toBe(0);
    expect(b.node!.data).toBe(' Patrushev');
    expect(b.offset).toBe(10);
    // An end exactly at a node boundary stays in the earlier node.
    const c = locate(chunk!, start + 'Nikolai'.length, true);
    expect(c.node!.data).toBe('Nikolai');
    expect(c.offset).toBe(7);
  });

  it('reads a paragraph of plain inline markup whole, and finds its text nodes only when asked', () => {
    document.body.innerHTML =
      '<p id="p">The <b>CSTO</b> and <em>the <a href="#">SCO</a></em> met.</p><p id="q">Then <br>Kanal.</p>';
    const [chunk] = collectText(document.body);
    const p = document.getElementById('p')!;
    // The plain paragraph is one entry; the one with a line break is read node by node.
    expect(chunk!.nodes[0]).toBe(p);
    expect(chunk!.nodes.slice(1).every((n) => n.nodeType === 3)).toBe(true);
    expect(chunk!.text).toBe(`The CSTO and the SCO met.${BLOCK_SEPARATOR}Then ${BLOCK_SEPARATOR}Kanal.`);
    const at = locate(chunk!, chunk!.text.indexOf('SCO'));
    expect(at.node!.data).toBe('SCO');
    expect(at.offset).toBe(0);
    // The paragraph's text nodes now stand in its place, each at its own start.
    expect(chunk!.nodes.slice(0, 6).map((n) => (n as Text).data)).toEqual([
      'The ',
      'CSTO',
      ' and ',
      'the ',
      'SCO',
      ' met.',
    ]);
    expect(chunk!.starts.slice(0, 6)).toEqual([0, 4, 8, 13, 17, 20]);
    expect(locate(chunk!, chunk!.text.indexOf('Kanal')).node!.data).toBe('Kanal.');
    // Read node by node when asked to.
    expect(collectText(document.body, { wholeBlocks: false })[0]!.nodes.every((n) => n.nodeType === 3)).toBe(true);
  });

  it('reads a plain paragraph longer than the longest piece of a block node by node, to be cut between nodes', () => {
    document.body.innerHTML = `<p>${'<b>One.</b> Two. '.repeat(40)}</p>`;
    const chunks = collectText(document.body, { maxBlockChunk: 100 });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.nodes.every((n) => n.nodeType === 3))).toBe(true);
  });

  it('after a block read whole, reads no skipped element as plain text of it (inline markup around the block)', () => {
    document.body.innerHTML =
      '<div><p>a <b>b</b></p><b><i>x</i><em>y</em><u>z</u></b><script>secret()</script><textarea>typed</textarea> tail</div>';
    const text = collectText(document.body)
      .map((c) => c.text)
      .join('|');
    expect(text).toBe(`a b${BLOCK_SEPARATOR}xyz tail`);
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

  it('steps over a block the caller reads while the walk is paused, plain or not', () => {
    document.body.innerHTML = '<div id="o"><p>CSTO <b>SCO</b></p><p>CIS</p></div><p>after</p>';
    const stepOver = new Set<Element>();
    const walk = walkText(document.body, { stepOver, nodesPerYield: 1 });
    expect(walk.next().value).toBeNull(); // paused before its first node,
    expect(walk.next().value).toBeNull(); // then past the <div>, before its first <p>
    stepOver.add(document.getElementById('o')!);
    const text = [...walk].flatMap((c) => (c ? [c.text] : [])).join('|');
    expect(text).toBe('after');
  });

  it('holds no skipped, block or line-breaking tag among the plain inline ones, and only the span can host', () => {
    for (const tag of PLAIN_INLINE_TAGS) {
      expect(BLOCK_TAGS.has(tag) || SKIP_TAGS.has(tag) || BREAK_TAGS.has(tag), tag).toBe(false);
      expect(canHostShadow(tag), tag).toBe(tag === 'span');
    }
  });

  it('reads the rest of a paragraph of inline markup as plain, its spans still asked for shadow roots', () => {
    document.body.innerHTML =
      '<p>The <b>CSTO</b> and <a href="#">SCO</a> met <em>twice</em>, <span id="s">RATS</span> <i>too</i>.</p>' +
      '<p>Then <b>1</b> <b>2</b> <b>3</b> <b hidden>CIS</b> <span contenteditable>CIS</span> end.</p><p>After</p>';
    const root = document.getElementById('s')!.attachShadow({ mode: 'open' });
    const seen: ShadowRoot[] = [];
    const text = collectText(document.body, { onShadowRoot: (r) => seen.push(r) })
      .map((c) => c.text)
      .join('')
      .split(BLOCK_SEPARATOR);
    expect(text).toEqual(['The CSTO and SCO met twice, RATS too.', 'Then 1 2 3   end.', 'After']);
    expect(seen.length === 1 && seen[0] === root).toBe(true);
  });

  it("walks a giant paragraph (the screen walk's root) without counting its children", () => {
    const p = document.createElement('p');
    p.innerHTML = Array.from({ length: 1_000 }, (_, i) => `w${i} <em>x${i}</em>`).join(' ');
    document.body.replaceChildren(p);
    // A whole count visits all 65,000 inline elements of a 2 MB paragraph: 4–6 ms, every time it is asked.
    for (const name of ['children', 'childElementCount', 'childNodes'])
      Object.defineProperty(p, name, {
        get: () => {
          throw new Error(`${name} asked`);
        },
      });
    const text = collectText(p)
      .map((c) => c.text)
      .join('');
    expect(text.startsWith('w0 x0 w1 x1')).toBe(true);
    expect(text.endsWith('w999 x999')).toBe(true);
  });

  it('reads an inline root inside a plain block to its own end (a rescan of an added span)', () => {
    document.body.innerHTML = '<div>a <b>1</b> <span id="r">x <b>3</b> <b>4</b> <b>5</b> y</span> z</div><p>next</p>';
    const text = collectText(document.getElementById('r')!)
      .map((c) => c.text)
      .join('|');
    expect(text).toBe('x 3 4 5 y');
  });

  it('reads every page as a node-by-node walk would: random markup, plain blocks or not, read whole or not', () => {
    const rnd = prng(7);
    // Blocks full of inline markup (the walk reads the rest of such a block as plain from its third
    // inline element), with now and then what makes a block not plain: a break, a nested block, a
    // skipped element, a custom element.
    const inline = ['b', 'a', 'span', 'em', 'code', 'i', 'span'];
    const rare = ['p', 'div', 'li', 'br', 'img', 'script', 'x-tag', 'label', 'wbr', 'textarea'];
    const attrs = ['', '', '', '', '', '', ' hidden', ' contenteditable', ' contenteditable="false"', ' class="c"'];
    const tree = (depth: number): string =>
      Array.from({ length: 1 + Math.floor(rnd() * (depth ? 8 : 4)) }, () => {
        if (depth > 3 || rnd() < 0.45) return rnd() < 0.05 ? '' : `w${Math.floor(rnd() * 100)} `;
        const list = rnd() < 0.15 || depth === 0 ? rare : inline;
        const tag = list[Math.floor(rnd() * (depth === 0 ? 3 : list.length))]!;
        const attr = attrs[Math.floor(rnd() * attrs.length)]!;
        if (tag === 'br' || tag === 'img' || tag === 'wbr') return `<${tag}${attr}>`;
        return `<${tag}${attr}>${tree(depth + 1)}</${tag}>`;
      }).join('');
    let whole = 0;
    for (let i = 0; i < 600; i++) {
      const wholeBlocks = i % 2 === 0;
      document.body.innerHTML = tree(0);
      // Shadow roots on spans and custom elements, plain blocks or not.
      const hosts = [...document.body.querySelectorAll('span, x-tag')].filter(() => rnd() < 0.3);
      for (const h of hosts) h.attachShadow({ mode: 'open' }).innerHTML = '<p>inside</p>';
      const seen: ShadowRoot[] = [];
      const chunks = collectText(document.body, { onShadowRoot: (r) => seen.push(r), chunkSize: 8, wholeBlocks });
      const expected = nodeByNode(document.body);
      expect(chunks.map((c) => c.text).join(BLOCK_SEPARATOR), document.body.innerHTML).toBe(expected.text);
      // Blocks read whole stand in for their text nodes until something in them is located.
      const read = chunks.flatMap((c) => c.nodes.filter((n) => n.nodeType === 1));
      if (!wholeBlocks) expect(read).toEqual([]);
      whole += read.length;
      for (const c of chunks) expandAll(c);
      expect(chunks.flatMap((c) => c.nodes)).toEqual(expected.nodes);
      for (const c of chunks) expect(c.starts).toEqual(startsOf(c));
      // By identity (two shadow roots compare equal as plain objects).
      expect(expected.roots.filter((r) => !seen.includes(r)).length, 'roots missed').toBe(0);
      expect(seen.filter((r) => !expected.roots.includes(r)).length, 'roots not expected').toBe(0);
    }
    expect(whole, 'blocks read whole').toBeGreaterThan(50);
  });
});

/** The walk as specified, one node at a time: the reference for the plain-block path. */
function nodeByNode(root: Element): { text: string; nodes: Text[]; roots: ShadowRoot[] } {
  const nodes: Text[] = [];
  const roots: ShadowRoot[] = [];
  let text = '';
  let block: Element | null | undefined;
  let broken = false;
  const blockOf = (n: Node): Element | null => {
    for (let e = n.parentElement; e; e = e.parentElement) if (BLOCK_TAGS.has(e.localName)) return e;
    return null;
  };
  const visit = (n: Node): void => {
    if (n.nodeType === 3) {
      const t = n as Text;
      if (!t.data) return;
      const b = blockOf(t);
      if (text && (b !== block || broken)) text += BLOCK_SEPARATOR;
      block = b;
      broken = false;
      text += t.data;
      nodes.push(t);
      return;
    }
    if (n.nodeType !== 1) return;
    const el = n as Element;
    if (isSkippedElement(el)) return;
    if (BREAK_TAGS.has(el.localName)) broken = true;
    if (el.shadowRoot) roots.push(el.shadowRoot);
    for (const c of el.childNodes) visit(c);
  };
  for (const c of root.childNodes) visit(c);
  return { text, nodes, roots };
}

/** Locates a place in every block of `c` read whole, which puts its text nodes in its place. */
function expandAll(c: TextChunk): void {
  for (let i = c.nodes.length - 1; i >= 0; i--) if (c.nodes[i]!.nodeType === 1) locate(c, c.starts[i]!);
}

function startsOf(c: TextChunk): number[] {
  const out: number[] = [];
  let at = 0;
  for (const n of c.nodes as Text[]) {
    at = c.text.indexOf(n.data, at);
    out.push(at);
    at += n.data.length;
  }
  return out;
}
