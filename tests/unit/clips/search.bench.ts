/**
 * Search cost per keystroke with 10,000 clips (run: npx vitest bench tests/unit/clips).
 * fake-indexeddb is a JavaScript model of IndexedDB, slower than the browsers' own: read the
 * figures as relative (one query shape against another), not as what a user will feel.
 */
import { bench, describe } from 'vitest';
import { toRecord } from '../../../lib/clips/db.ts';
import type { Clip } from '../../../lib/clips/schema.ts';
import { LiveIndex } from '../../../lib/clips/live-index.ts';
import { makeStore, uuid } from './helpers.ts';

const VOCAB = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}x`);
const pick = (seed: number) => VOCAB[(seed * 2_654_435_761) % VOCAB.length]!;

function clip(n: number): Clip {
  const words = Array.from({ length: 300 }, (_, k) => pick(n * 300 + k)).join(' ');
  return {
    id: uuid(n),
    kind: 'page',
    url: `https://example.com/${n}`,
    urlKey: `https://example.com/${n}`,
    title: `Clip ${n} about the CSTO and Patrushev`,
    text: words,
    html: '',
    markdown: '',
    entities: n % 3 ? ['csto'] : [],
    note: '',
    tags: n % 10 ? [] : ['ten'],
    savedAt: n,
    updatedAt: n,
  };
}

const t = makeStore('bench');
const live = new LiveIndex(t.db, (c) => c.id);
const ready = (async () => {
  for (let i = 0; i < 10_000; i += 500) {
    await t.db.clips.bulkAdd(Array.from({ length: 500 }, (_, k) => toRecord(clip(i + k + 1))));
  }
  await live.whenReady();
})();

describe('search, 10,000 clips', () => {
  bench('prefix of a common word ("patr")', async () => {
    await ready;
    await live.search('patr', {});
  });
  bench('two words, last a prefix ("csto patru")', async () => {
    await ready;
    await live.search('csto patru', {});
  });
  bench('rare word ("w1x")', async () => {
    await ready;
    await live.search(VOCAB[1]!, {});
  });
  bench('short prefix over many words ("w1")', async () => {
    await ready;
    await live.search('w1', {});
  });
  bench('list, newest 50', async () => {
    await ready;
    await t.store.list();
  });
  bench('list filtered by a tag', async () => {
    await ready;
    await t.store.list({ tag: 'ten' });
  });
});
