/**
 * Import fuzzing (issue 6, "data that tries to break it"): thousands of malformed, truncated, oversized
 * and wrong-typed export files. Every one must be refused with an ImportError carrying a short message,
 * and the database must be byte-for-byte what it was (every record, index fields included, dumped to
 * JSON before and after). Plus: whatever importJson accepts must export again.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipsDB } from '../../../lib/clips/db.ts';
import { ImportError } from '../../../lib/clips/errors.ts';
import { exportJson, exportMarkdown, importJson } from '../../../lib/clips/export.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, LIMITS, type Clip } from '../../../lib/clips/schema.ts';
import type { ClipStore } from '../../../lib/clips/store.ts';
import { fullClip, makeStore, type TestStore } from './helpers.ts';

// CI replays one fixed exploration, so that a red run is reproducible and not a dice roll; a developer's
// run explores new cases each time (FUZZ_SEED=n replays a reported seed).
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20_261_125 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });

/** Every record in the database, index fields included, in a stable order. */
async function dump(db: ClipsDB): Promise<string> {
  return JSON.stringify(await db.clips.orderBy('id').toArray());
}

let t: TestStore;
let before: string;
/** A valid export of the seeded collection, and of clips the collection does not have yet. */
let ownExport: string;
const fresh: Clip[] = [11, 12, 13, 14, 15].map((n) => fullClip(n));

beforeAll(async () => {
  t = makeStore('fuzz');
  for (let i = 1; i <= 10; i++) await t.store.restore(fullClip(i));
  before = await dump(t.db);
  ownExport = await exportJson(t.store, new Date('2024-06-01T10:00:00.000Z'));
});
afterAll(() => t.db.close());

function fileOf(clips: unknown[], top: Record<string, unknown> = {}): Record<string, unknown> {
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: '2024-06-01T10:00:00.000Z', clips, ...top };
}

/** Imports `text`, expects an ImportError with a short, non-empty message and an untouched database. */
async function expectRejected(store: ClipStore, db: ClipsDB, text: string): Promise<void> {
  let error: unknown;
  let result: unknown;
  try {
    result = await importJson(store, text);
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error(`accepted (${JSON.stringify(result)}): ${text.slice(0, 300)}`);
  expect(error).toBeInstanceOf(ImportError);
  const message = (error as Error).message;
  expect(message.length).toBeGreaterThan(10);
  // The UI shows the message: it must not echo a megabyte of input.
  expect(message.length).toBeLessThan(2_000);
  expect(await dump(db)).toBe(before);
}

const rejected = (text: string) => expectRejected(t.store, t.db, text);

// ---- Field-level mutations of an otherwise valid file ------------------------------------------------

type Kind = 'string' | 'number' | 'array' | 'object' | 'kind';
const FIELD_KINDS: Record<string, Kind> = {
  id: 'string',
  kind: 'kind',
  url: 'string',
  urlKey: 'string',
  title: 'string',
  byline: 'string',
  siteName: 'string',
  publishedTime: 'string',
  lang: 'string',
  excerpt: 'string',
  text: 'string',
  html: 'string',
  markdown: 'string',
  selection: 'object',
  entities: 'array',
  note: 'string',
  tags: 'array',
  savedAt: 'number',
  updatedAt: 'number',
};
const REQUIRED = [
  'id',
  'kind',
  'url',
  'urlKey',
  'title',
  'text',
  'html',
  'markdown',
  'entities',
  'note',
  'tags',
  'savedAt',
  'updatedAt',
];

function isOfKind(v: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'kind':
      return v === 'page' || v === 'selection';
  }
}

/** A JSON value of the wrong type for `field` (never undefined: that would only drop an optional field). */
const wrongTyped = fc.constantFrom(...Object.keys(FIELD_KINDS)).chain((field) =>
  fc.tuple(
    fc.constant(field),
    fc.jsonValue({ maxDepth: 3 }).filter((v) => !isOfKind(v, FIELD_KINDS[field]!)),
  ),
);

/** Strings just over each field's limit (the multi-megabyte ones have their own test below). */
const OVERSIZED: [string, () => unknown][] = [
  ['id', () => '00000000-0000-4000-8000-000000000001x'],
  ['url', () => `https://news.example.com/${'a'.repeat(LIMITS.url)}`],
  ['urlKey', () => `https://news.example.com/${'a'.repeat(LIMITS.url)}`],
  ['title', () => 'T'.repeat(LIMITS.title + 1)],
  ['byline', () => 'B'.repeat(LIMITS.meta + 1)],
  ['siteName', () => 'S'.repeat(LIMITS.meta + 1)],
  ['publishedTime', () => '2'.repeat(LIMITS.meta + 1)],
  ['lang', () => 'e'.repeat(65)],
  ['excerpt', () => 'E'.repeat(LIMITS.excerpt + 1)],
  ['note', () => 'N'.repeat(LIMITS.note + 1)],
  ['tags', () => ['x'.repeat(LIMITS.tag + 1)]],
  ['tags', () => Array.from({ length: LIMITS.tags + 1 }, (_, i) => `tag${i}`)],
  ['tags', () => ['   ']],
  ['entities', () => Array.from({ length: LIMITS.entities + 1 }, (_, i) => `e${i}`)],
  ['entities', () => ['e'.repeat(LIMITS.entityId + 1)]],
  ['entities', () => ['']],
  ['selection', () => ({ exact: 'x', prefix: 'p'.repeat(LIMITS.quoteContext + 1), suffix: '', start: 0, end: 1 })],
  ['selection', () => ({ exact: '', prefix: '', suffix: '', start: 0, end: 1 })],
  ['selection', () => ({ exact: 'x', prefix: '', suffix: '', start: 5, end: 1 })],
  ['selection', () => ({ exact: 'x', prefix: '', suffix: '', start: -1, end: 1 })],
  ['savedAt', () => -1],
  ['savedAt', () => 1.5],
  ['updatedAt', () => 1e300],
  ['kind', () => 'Page'],
  ['id', () => 'not-a-uuid'],
];

/** Addresses a UI would render as a live link that runs code or smuggles content. */
const HOSTILE_URLS = [
  'javascript:alert(document.cookie)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  '\tjava\nscript:alert(1)',
  'javascript://news.example.com/%0Aalert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'blob:https://news.example.com/5d1f3c1e-0000-4000-8000-000000000000',
  'chrome-extension://abcdefghijklmnop/reader.html',
  'about:blank',
  '//news.example.com/x',
  '/relative/path',
  '',
];

describe('import fuzzing: every malformed file is refused and the database is unchanged', () => {
  it('random JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (v) => rejected(JSON.stringify(v))),
      { numRuns: 400 },
    );
  });

  it('random text, including arbitrary Unicode and lone surrogates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', 'u', '0', 'e', ' ') }),
        ),
        async (s) => rejected(s),
      ),
      { numRuns: 300 },
    );
  });

  it('objects that look like an export but are not one', async () => {
    const top = fc.record(
      {
        format: fc.oneof(fc.constant(EXPORT_FORMAT), fc.jsonValue()),
        version: fc.oneof(fc.constant(EXPORT_VERSION), fc.jsonValue()),
        exportedAt: fc.oneof(fc.constant('2024-06-01T10:00:00Z'), fc.jsonValue()),
        clips: fc.oneof(fc.constant([]), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        top.filter(
          (o) =>
            !(
              o.format === EXPORT_FORMAT &&
              o.version === EXPORT_VERSION &&
              o.exportedAt === '2024-06-01T10:00:00Z' &&
              Array.isArray(o.clips) &&
              o.clips.length === 0
            ),
        ),
        async (o) => rejected(JSON.stringify(o)),
      ),
      { numRuns: 300 },
    );
  });

  it('a valid file with one clip field of the wrong type', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(fresh.length - 1), wrongTyped, async (index, [field, value]) => {
        const clips: Record<string, unknown>[] = fresh.map((c) => ({ ...c }));
        clips[index]![field] = value;
        await rejected(JSON.stringify(fileOf(clips)));
      }),
      { numRuns: 500 },
    );
  });

  it('a valid file with a required clip field missing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(fresh.length - 1), fc.constantFrom(...REQUIRED), async (index, field) => {
        // The clip without one required field.
        const clips: Record<string, unknown>[] = fresh.map((c, i) =>
          i === index ? Object.fromEntries(Object.entries(c).filter(([k]) => k !== field)) : { ...c },
        );
        await rejected(JSON.stringify(fileOf(clips)));
      }),
      { numRuns: 100 },
    );
  });

  it('a valid file with one field over its limit or out of range', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(fresh.length - 1), fc.constantFrom(...OVERSIZED), async (index, [field, make]) => {
        const clips: Record<string, unknown>[] = fresh.map((c) => ({ ...c }));
        clips[index]![field] = make();
        await rejected(JSON.stringify(fileOf(clips)));
      }),
      { numRuns: 150 },
    );
  });

  it('a valid file with a javascript:, data: or other unsafe URL', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(fresh.length - 1),
        fc.constantFrom('url', 'urlKey'),
        fc.constantFrom(...HOSTILE_URLS),
        async (index, field, url) => {
          const clips: Record<string, unknown>[] = fresh.map((c) => ({ ...c }));
          clips[index]![field] = url;
          await rejected(JSON.stringify(fileOf(clips)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the multi-megabyte fields one character over their limits', async () => {
    for (const [field, limit] of [
      ['text', LIMITS.text],
      ['markdown', LIMITS.markdown],
      ['html', LIMITS.html],
    ] as const) {
      const clips: Record<string, unknown>[] = fresh.map((c) => ({ ...c }));
      clips[4]![field] = 'x'.repeat(limit + 1);
      await rejected(JSON.stringify(fileOf(clips)));
    }
    // And a selection quote over its limit.
    const clips: Record<string, unknown>[] = fresh.map((c) => ({ ...c }));
    clips[0]!.selection = { exact: 'q'.repeat(LIMITS.quote + 1), prefix: '', suffix: '', start: 0, end: 1 };
    await rejected(JSON.stringify(fileOf(clips)));
  });

  it('top-level fields of the wrong type or value', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('format', 'version', 'exportedAt', 'clips'),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.constantFrom(
            'context-reader-clips ',
            'CONTEXT-READER-CLIPS',
            '1',
            2,
            1.0000001,
            0,
            '2024-13-01T00:00:00Z',
            '2024-06-01',
            'yesterday',
          ),
        ),
        async (field, value) => {
          const ok: Record<string, unknown> = {
            format: EXPORT_FORMAT,
            version: EXPORT_VERSION,
            exportedAt: '2024-06-01T10:00:00.000Z',
            clips: [],
          };
          fc.pre(!(Array.isArray(value) && value.length === 0 && field === 'clips'));
          fc.pre(JSON.stringify(value) !== JSON.stringify(ok[field]));
          await rejected(JSON.stringify(fileOf(fresh, { [field]: value })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('truncations of a valid file at random positions', async () => {
    const whole = JSON.stringify(fileOf(fresh), null, 2);
    await fc.assert(
      fc.asyncProperty(fc.nat(whole.length - 1), async (at) => rejected(whole.slice(0, at))),
      { numRuns: 400 },
    );
    // The collection's own export, too (every clip of it is already stored: a successful import would merge).
    // It ends "]}\n": cutting only the final newline leaves a complete file.
    const own = ownExport.trimEnd();
    await fc.assert(
      fc.asyncProperty(fc.nat(own.length - 1), async (at) => rejected(own.slice(0, at))),
      { numRuns: 200 },
    );
  });

  it('a valid file with bytes flipped, inserted or deleted', async () => {
    const whole = JSON.stringify(fileOf(fresh));
    // Characters whose insertion or substitution outside a string always breaks JSON or a field.
    await fc.assert(
      fc.asyncProperty(fc.nat(whole.length - 1), fc.constantFrom('{', '}', '[', ']', ',', ':'), async (at, ch) => {
        const text = whole.slice(0, at) + ch + whole.slice(at);
        let valid = false;
        try {
          JSON.parse(text);
          valid = true;
        } catch {
          /* not JSON */
        }
        fc.pre(!valid); // Inside a string it is just another character of, say, a title.
        await rejected(text);
      }),
      { numRuns: 200 },
    );
  });

  it('deep nesting, in place of the file and inside fields', async () => {
    await fc.assert(
      // From depth 2: at depth 1, "tags":[] is a valid (empty) tag list, so the file is a valid export.
      fc.asyncProperty(
        fc.integer({ min: 2, max: 100_000 }),
        fc.constantFrom('array', 'object', 'field', 'selection', 'clips'),
        async (depth, where) => {
          const arr = '['.repeat(depth) + ']'.repeat(depth);
          const obj = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
          const clip = JSON.stringify(fresh[0]).slice(0, -1);
          const head = `{"format":"${EXPORT_FORMAT}","version":1,"exportedAt":"2024-06-01T10:00:00Z","clips":`;
          const text = {
            array: arr,
            object: obj,
            field: `${head}[${clip},"tags":${arr}}]}`,
            selection: `${head}[${clip},"selection":${obj}}]}`,
            clips: `${head}[${arr}]}`,
          }[where];
          await rejected(text);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('__proto__ and constructor keys neither pollute prototypes nor reach the database', async () => {
    const probe = {} as Record<string, unknown>;
    const text = `{"__proto__":{"polluted":1},"format":"${EXPORT_FORMAT}","version":1,"exportedAt":"2024-06-01T10:00:00Z","clips":[{"__proto__":{"polluted":2},"constructor":{"prototype":{"polluted":3}},"id":"bad"}]}`;
    await rejected(text);
    expect(probe.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('import fuzzing: whatever is accepted exports again', () => {
  /**
   * savedAt/updatedAt are "non-negative integers" (Millis); a Date only holds ±8.64e15 ms, so a larger
   * safe integer is accepted by the import and then breaks every reader of the date (Markdown export,
   * the library's date display).
   */
  it('a clip with any accepted savedAt exports to JSON and Markdown', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.nat(), fc.maxSafeNat(), fc.constantFrom(0, 8.64e15, 8.64e15 + 1, Number.MAX_SAFE_INTEGER)),
        async (savedAt) => {
          const s = makeStore('accepted');
          try {
            const clip = fullClip(21, { savedAt, updatedAt: savedAt });
            let accepted = true;
            try {
              await importJson(s.store, JSON.stringify(fileOf([clip])));
            } catch (e) {
              expect(e).toBeInstanceOf(ImportError);
              accepted = false;
            }
            if (!accepted) return;
            const clips = await s.store.all();
            expect(() => exportMarkdown(clips)).not.toThrow();
            await expect(exportJson(s.store)).resolves.toContain(clip.id);
          } finally {
            s.db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
