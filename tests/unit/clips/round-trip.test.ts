/**
 * Every export imports back (issue 10): a property over arbitrary clips, and clips at the size limits
 * of every field (one clip can hold ~20 M characters), through the one-clip-per-line export and the
 * streaming import, into an empty collection: what comes back is what went out.
 */
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { exportJsonBlob, exportMarkdown } from '../../../lib/clips/export.ts';
import { importFile } from '../../../lib/clips/import.ts';
import { markdownZip } from '../../../lib/clips/markdown-zip.ts';
import { Clip, LIMITS } from '../../../lib/clips/schema.ts';
import { fullClip, makeStore, uuid } from './helpers.ts';

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20_261_127 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });

/** Characters JSON must escape, characters it does not, astral ones and the line separators YAML minds. */
const tricky = fc.constantFrom(
  '"',
  '\\',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u001f',
  '\u2028',
  '\u2029',
  '\ufeff',
  'é',
  'Ё',
  '😀',
  '}',
  ']',
  ',',
  ' ',
);
const text = (max: number) =>
  fc.string({
    unit: fc.oneof(
      fc.constantFrom('a', 'b', 'c', ' ', 'x', 'y', 'z'),
      tricky,
      fc.string({ unit: 'grapheme', maxLength: 1 }),
    ),
    maxLength: max,
  });

const arbFields = fc.record({
  title: text(200),
  note: text(300),
  text: text(500),
  tags: fc.uniqueArray(
    fc
      .string({ minLength: 1, maxLength: 20 })
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
    { maxLength: 5 },
  ),
  kind: fc.constantFrom('page' as const, 'selection' as const),
  savedAt: fc.integer({ min: 0, max: 8.64e15 }),
});
const arbClips = fc.array(arbFields, { maxLength: 20 }).map((list) =>
  list.map((r, i) =>
    Clip.parse({
      ...fullClip(i + 1),
      ...r,
      updatedAt: r.savedAt,
      url: `https://example.org/${i}`,
      urlKey: `https://example.org/${i}`,
    }),
  ),
);

async function roundTrip(clips: Clip[]): Promise<Clip[]> {
  const source = makeStore('rt-source');
  const target = makeStore('rt-target');
  try {
    for (const c of clips) await source.store.restore(c);
    const { blob, count } = await exportJsonBlob(source.store);
    expect(count).toBe(clips.length);
    await importFile(target.store, blob, { batchSize: 7 });
    const back = await target.store.all();
    expect(back).toStrictEqual(await source.store.all());
    return back;
  } finally {
    source.db.close();
    target.db.close();
  }
}

describe('export → import round trip', () => {
  it('any clips come back exactly', async () => {
    await fc.assert(
      fc.asyncProperty(arbClips, async (clips) => {
        await roundTrip(clips);
      }),
      { numRuns: 25 },
    );
  });

  it(
    'clips with every field at its size limit, escapes included, come back exactly',
    { timeout: 120_000 },
    async () => {
      // Quotes and control characters grow six-fold in JSON; the file is far larger than the clip.
      const fill = (n: number, unit = 'a"\\\u0001\u2028') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
      const huge = Clip.parse({
        ...fullClip(1),
        title: fill(LIMITS.title),
        excerpt: fill(LIMITS.excerpt),
        text: fill(LIMITS.text),
        html: fill(LIMITS.html, '<p>x</p>'),
        markdown: fill(LIMITS.markdown, 'é😀'.slice(0, 2)),
        note: fill(LIMITS.note),
        url: `https://example.org/${'u'.repeat(LIMITS.url - 20)}`,
        urlKey: `https://example.org/${'k'.repeat(LIMITS.url - 20)}`,
        tags: Array.from({ length: LIMITS.tags }, (_, i) => `${i}`.padEnd(LIMITS.tag, 't')),
        entities: Array.from({ length: LIMITS.entities }, (_, i) => `${i}`.padEnd(LIMITS.entityId, 'e')),
        byline: fill(LIMITS.meta),
        siteName: fill(LIMITS.meta),
        publishedTime: fill(LIMITS.meta),
        savedAt: 8.64e15,
        updatedAt: 8.64e15,
      });
      const small = fullClip(2);
      const back = await roundTrip([huge, small]);
      expect(back.map((c) => c.id).sort()).toEqual([uuid(1), uuid(2)]);
    },
  );
});

/** Each central-directory entry of a ZIP: name, compression method, CRC-32 and sizes as written. */
function centralDirectory(zip: Uint8Array): { name: string; method: number; crc: number; size: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(at + 28, true);
    out.push({
      name: strFromU8(zip.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      size: view.getUint32(at + 24, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

describe('markdownZip', () => {
  it('writes every file deflated, with the CRC-32 and size of its text, across Blob parts of any size', async () => {
    // A 3 MB clip among small ones: larger than a gathered part, so it goes through as its own.
    const big = 'Чем больше текст, тем дольше. The CSTO met in Bishkek. '.repeat(60_000);
    const clips = Array.from({ length: 300 }, (_, i) =>
      fullClip(i + 1, { title: `Clip ${i}`, markdown: i === 7 ? big : `Text ${i} — «${'é'.repeat(i)}»` }),
    );
    const zip = new Uint8Array(await markdownZip(exportMarkdown(clips)).arrayBuffer());
    const files = unzipSync(zip);
    const entries = centralDirectory(zip);
    expect(entries).toHaveLength(300);
    for (const e of entries) {
      expect(e.method).toBe(8);
      expect(e.size).toBe(files[e.name]!.length);
      expect(e.crc).toBe(crc32(files[e.name]!));
    }
    expect(Object.values(files).some((f) => strFromU8(f).includes(big.trim()))).toBe(true);
  });

  it('unzips to one Markdown file per clip, named for the page or the passage', () => {
    const clips = [
      fullClip(1, { kind: 'page', title: 'CSTO summit' }),
      fullClip(2, { kind: 'selection', title: 'CSTO summit', text: 'Patrushev said the border holds' }),
    ];
    return markdownZip(exportMarkdown(clips), new Date(Date.UTC(2024, 0, 1)))
      .arrayBuffer()
      .then((buf) => {
        const out = unzipSync(new Uint8Array(buf));
        const date = new Date(clips[0]!.savedAt).toISOString().slice(0, 10);
        expect(Object.keys(out).sort()).toEqual(
          [
            `${date} CSTO summit (page).md`,
            `${new Date(clips[1]!.savedAt).toISOString().slice(0, 10)} CSTO summit (passage - Patrushev said the border holds).md`,
          ].sort(),
        );
        const page = strFromU8(out[`${date} CSTO summit (page).md`]!);
        expect(page).toMatch(/^---\ntitle: "CSTO summit"\n/);
        expect(page).toContain(clips[0]!.markdown);
        // Deflated: text shrinks (the stored writer it replaced kept every byte).
        expect(buf.byteLength).toBeLessThan(Object.values(out).reduce((n, f) => n + f.length, 0) + 400);
      });
  });
});
