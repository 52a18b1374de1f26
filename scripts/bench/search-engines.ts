/**
 * Measures the search engines the collection could use, in Node, on synthetic collections of 10,000
 * and 100,000 clips indexed the way issue 10 asks (title, lead/snippet, note, tags, entity ids; not
 * whole texts): FlexSearch 0.8 (an Index with forward tokenisation, fed the collection's own folded
 * tokens) and the collection's current in-memory SearchIndex (lib/clips/search-index.ts). Prints build
 * time, heap growth, the median of each query, and the size and load time of a persisted copy.
 *
 *   npx tsx scripts/bench/search-engines.ts [--sizes=10000,100000]
 *
 * MiniSearch 7.2 (a devDependency used only here) is measured the same way: fed the same folded
 * tokens, every query word must match (combineWith AND), the last word as a prefix, as the collection
 * searches; its answer is ordered by relevance, so the matches are then sorted newest first and cut to
 * the page, as a list needs. Its persisted copy is JSON.stringify(index) and MiniSearch.loadJSON.
 */
import { Charset, Index } from 'flexsearch';
import MiniSearch from 'minisearch';
import { serialize, deserialize } from 'node:v8';
import { SearchIndex, type IndexSnapshot } from '../../lib/clips/search-index.ts';
import { tokenize } from '../../lib/clips/text.ts';

const sizes = (process.argv.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '10000,100000').split(',').map(Number);
const NAMES = [
  'Patrushev',
  'Bordyuzha',
  'Zas',
  'Nurgaliyev',
  'Gerasimov',
  'Sagimbayev',
  'CSTO',
  'SCO',
  'RATS',
  'Kanal',
  'Tajikistan',
  'Kyrgyzstan',
  'Moscow',
  'Dushanbe',
];
const WORDS =
  'security border treaty organization summit exercise narcotics seized tonnes heroin operation channel council meeting ministers defence cooperation terrorism regional structure agreement leaders afghan troops drill command'.split(
    ' ',
  );

function rng(seed: number) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff;
}

interface Doc {
  id: string;
  savedAt: number;
  text: string;
  tags: string[];
  entities: string[];
}

function collection(n: number): Doc[] {
  const r = rng(n);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const sentence = (k: number) =>
    Array.from(
      { length: k },
      () => (r() < 0.15 ? pick(NAMES) : pick(WORDS)) + (r() < 0.3 ? String(Math.floor(r() * 500)) : ''),
    ).join(' ');
  return Array.from({ length: n }, (_, i) => {
    const title = sentence(10);
    const lead = sentence(45);
    const note = r() < 0.3 ? sentence(15) : '';
    const tags = r() < 0.5 ? [pick(['security', 'asia', 'drugs', 'defence', 'to-read'])] : [];
    const entities = Array.from(
      new Set(Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(NAMES).toLowerCase())),
    );
    return {
      id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      savedAt: 1_700_000_000_000 + i * 1000,
      text: [title, lead, note, tags.join(' '), entities.join(' ')].join('\n'),
      tags,
      entities,
    };
  });
}

const QUERIES = ['pa', 'patru', 'border tr', 'narcotics tonnes', 'seized heroin dushanbe', 'zz'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time<T>(f: () => T): [T, number] {
  const t = performance.now();
  const v = f();
  return [v, performance.now() - t];
}

function heapMb(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

for (const n of sizes) {
  const docs = collection(n);
  // One tokenisation per clip, shared by both engines (what a save would store).
  const [tokens, tokMs] = time(() => docs.map((d) => tokenize(d.text)));
  console.log(
    `\n${n.toLocaleString()} clips: tokenise ${tokMs.toFixed(0)} ms, ${(tokens.reduce((s, t) => s + t.length, 0) / n).toFixed(0)} tokens/clip`,
  );

  let h0 = heapMb();
  const [own, ownBuild] = time(() => {
    const ix = new SearchIndex();
    // Newest first, as LiveIndex builds (each clip appends to the order).
    for (let i = docs.length - 1; i >= 0; i--) {
      const d = docs[i]!;
      ix.upsert({
        id: d.id,
        savedAt: d.savedAt,
        words: tokens[i]!,
        tags: d.tags,
        entities: d.entities,
        site: '',
        data: d.id,
      });
    }
    return ix;
  });
  const ownHeap = heapMb() - h0;
  const ownQ = QUERIES.map((q) =>
    median(Array.from({ length: 15 }, () => time(() => own.search(q, { limit: 30 }))[1])),
  );

  h0 = heapMb();
  const [flex, flexBuild] = time(() => {
    // Fed the folded tokens; FlexSearch's default encoder splits them again and indexes prefixes ("forward").
    const ix = new Index({ tokenize: 'forward', encoder: Charset.Exact });
    docs.forEach((d, i) => ix.add(i, tokens[i]!.join(' ')));
    return ix;
  });
  const flexHeap = heapMb() - h0;
  const flexQ = QUERIES.map((q) =>
    median(Array.from({ length: 15 }, () => time(() => flex.search(tokenize(q).join(' '), { limit: 30 }))[1])),
  );

  // Persisted copies: what a worker restart would read back.
  const chunks: Record<string, string> = {};
  const [, flexExportMs] = time(() => flex.export((key, data) => void (chunks[key] = data)));
  const flexBytes = Object.values(chunks).reduce((s, c) => s + (c?.length ?? 0), 0);
  const [, flexImportMs] = time(() => {
    const again = new Index({ tokenize: 'forward', encoder: Charset.Exact });
    for (const [k, v] of Object.entries(chunks)) if (v !== undefined) again.import(k, v);
  });
  // What LiveIndex persists (SearchIndex.snapshot, structured-cloned into IndexedDB) and reads back.
  const [snap, ownSaveMs] = time(() => serialize(own.snapshot()));
  const [, ownLoadMs] = time(() => SearchIndex.fromSnapshot(deserialize(snap) as IndexSnapshot<string>));

  // MiniSearch: the same tokens, split on the spaces they were joined with and taken as they are.
  const miniOptions = {
    fields: ['words'],
    tokenize: (text: string) => text.split(' '),
    processTerm: (term: string) => term || null,
    searchOptions: {
      combineWith: 'AND' as const,
      prefix: (_term: string, i: number, terms: string[]) => i === terms.length - 1,
    },
  };
  h0 = heapMb();
  const [mini, miniBuild] = time(() => {
    const ix = new MiniSearch<{ id: number; words: string }>(miniOptions);
    ix.addAll(docs.map((_, i) => ({ id: i, words: tokens[i]!.join(' ') })));
    return ix;
  });
  const miniHeap = heapMb() - h0;
  const miniSearch = (q: string) => {
    const words = tokenize(q);
    if (words.length === 0) return [];
    return mini
      .search(words.join(' '))
      .map((r) => r.id as number)
      .sort((a, b) => docs[b]!.savedAt - docs[a]!.savedAt)
      .slice(0, 30);
  };
  const miniQ = QUERIES.map((q) => median(Array.from({ length: 15 }, () => time(() => miniSearch(q))[1])));
  const [miniJson, miniSaveMs] = time(() => JSON.stringify(mini));
  const [, miniLoadMs] = time(() => MiniSearch.loadJSON(miniJson, miniOptions));

  const hits = QUERIES.map(
    (q) =>
      `${own.search(q, { limit: 30 }).results.length}/${(flex.search(tokenize(q).join(' '), { limit: 30 }) as unknown[]).length}/${miniSearch(q).length}`,
  );
  console.log(
    `  hits per query (SearchIndex/FlexSearch/MiniSearch, limit 30): ${QUERIES.map((q, i) => `${q}: ${hits[i]}`).join(', ')}`,
  );
  const fmt = (xs: number[]) => QUERIES.map((q, i) => `${q}: ${xs[i]!.toFixed(2)}`).join(', ');
  console.log(
    `  SearchIndex  build ${ownBuild.toFixed(0)} ms, heap +${ownHeap.toFixed(0)} MB, queries (ms) ${fmt(ownQ)}; snapshot ${(snap.length / 2 ** 20).toFixed(1)} MB serialised in ${ownSaveMs.toFixed(0)} ms, read back ${ownLoadMs.toFixed(0)} ms`,
  );
  console.log(
    `  MiniSearch   build ${miniBuild.toFixed(0)} ms, heap +${miniHeap.toFixed(0)} MB, queries (ms) ${fmt(miniQ)}; toJSON ${(miniJson.length / 2 ** 20).toFixed(1)} MB in ${miniSaveMs.toFixed(0)} ms, loadJSON ${miniLoadMs.toFixed(0)} ms`,
  );
  console.log(
    `  FlexSearch   build ${flexBuild.toFixed(0)} ms, heap +${flexHeap.toFixed(0)} MB, queries (ms) ${fmt(flexQ)}; export ${(flexBytes / 2 ** 20).toFixed(1)} MB in ${flexExportMs.toFixed(0)} ms, import ${flexImportMs.toFixed(0)} ms`,
  );
}
