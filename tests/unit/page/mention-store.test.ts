// @vitest-environment jsdom
/**
 * MentionStore's node index keeps one mention per text node without an array, several in one: hit-tests,
 * removals and rescans must not tell the two apart; it counts mentions per block for blocks read whole.
 */
import { describe, expect, it } from 'vitest';
import { MentionStore, nodesOf, type PageMention } from '../../../lib/page/mention-store';

function setup() {
  document.body.innerHTML = '<p><b>Nikolai</b> Patrushev met the CSTO and the CSTO</p>';
  const [first, second] = [...document.querySelector('p')!.childNodes].map((n) => n.firstChild ?? n) as Text[];
  const events: string[] = [];
  const store = new MentionStore({
    added: (m) => events.push(`+${m.entity}`),
    removed: (m) => events.push(`-${m.entity}`),
  });
  const mention = (entity: string, a: Text, from: number, b: Text, to: number): PageMention => {
    const m: PageMention = {
      entity,
      rule: 0,
      startContainer: a,
      startOffset: from,
      endContainer: b,
      endOffset: to,
      pending: false,
    };
    if (a !== b) m.nodes = [a, b];
    return m;
  };
  // "Nikolai Patrushev" spans two nodes; two CSTOs share the second one.
  const person = mention('patrushev', first!, 0, second!, 10);
  const csto1 = mention('csto', second!, 20, second!, 24);
  const csto2 = mention('csto', second!, 33, second!, 37);
  return { store, events, first: first!, second: second!, person, csto1, csto2 };
}

describe('MentionStore', () => {
  it('finds each mention at its own offsets, whether its node holds one mention or several', () => {
    const { store, first, second, person, csto1, csto2 } = setup();
    for (const m of [person, csto1, csto2]) store.add(m);
    expect(nodesOf(person)).toEqual([first, second]);
    expect(nodesOf(csto1)).toEqual([second]);
    expect(store.at(first, 3)).toEqual([person]);
    expect(store.at(second, 5)).toEqual([person]);
    expect(store.at(second, 22)).toEqual([csto1]);
    expect(store.at(second, 35)).toEqual([csto2]);
    expect(store.at(second, 28)).toEqual([]);
    expect(store.counts()).toEqual(
      new Map([
        ['patrushev', 1],
        ['csto', 2],
      ]),
    );
  });

  it.each([
    ['the mention sharing the node first', ['person', 'csto1']],
    ['a mention alone on its node', ['csto2', 'person']],
  ] as const)('removes %s and keeps the rest findable', (_, order) => {
    const s = setup();
    for (const m of [s.person, s.csto1, s.csto2]) s.store.add(m);
    for (const k of order) s.store.remove(s[k]);
    const left = (['person', 'csto1', 'csto2'] as const).filter((k) => !(order as readonly string[]).includes(k));
    for (const k of left) expect(s.store.at(s.second, s[k].startOffset + 1)).toEqual([s[k]]);
    expect(s.store.all.size).toBe(1);
  });

  it('drops every mention touching a node when that node is read again', () => {
    const { store, events, first, second, person, csto1, csto2 } = setup();
    for (const m of [person, csto1, csto2]) store.add(m);
    store.removeNode(second);
    expect(store.all.size).toBe(0);
    expect(store.at(first, 3)).toEqual([]);
    expect(events).toEqual(['+patrushev', '+csto', '+csto', '-patrushev', '-csto', '-csto']);
  });

  it('drops the mentions inside a block read whole again, and visits its nodes only when it holds one', () => {
    const { store, events, person, csto1, csto2 } = setup();
    const p = document.querySelector('p')!;
    document.body.insertAdjacentHTML('beforeend', '<p id="other">no names</p>');
    const other = document.getElementById('other')!;
    for (const m of [person, csto1, csto2]) store.add(m);
    expect(person.block).toBe(p);
    // A block with no mention: its text nodes are not looked at.
    let visited = 0;
    const create = document.createTreeWalker.bind(document);
    document.createTreeWalker = (...a: Parameters<typeof create>) => (visited++, create(...a));
    try {
      store.removeInBlock(other);
      expect(visited).toBe(0);
      store.removeInBlock(p);
      expect(visited).toBe(1);
      expect(store.all.size).toBe(0);
      expect(events.slice(3)).toEqual(['-patrushev', '-csto', '-csto']);
      // Counted down to nothing: read again, the block is not visited.
      store.removeInBlock(p);
      expect(visited).toBe(1);
    } finally {
      document.createTreeWalker = create;
    }
  });
});
