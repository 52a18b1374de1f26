/**
 * Import in batches, all or nothing: cancel, failure after several batches and an interrupted import
 * each leave the database exactly as it was (every record, index fields included); files that are
 * plainly not an export are refused from their first bytes with plain words.
 */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../lib/clips/errors.ts';
import { exportJson } from '../../../lib/clips/export.ts';
import { checkFile, importFile, importJson } from '../../../lib/clips/import.ts';
import { EXPORT_FORMAT, LIMITS, type Clip } from '../../../lib/clips/schema.ts';
import { fullClip, type TestStore, storesClosedAfterEach, dump } from './helpers.ts';

const store = storesClosedAfterEach('import');

async function seeded(n: number): Promise<TestStore> {
  const t = store();
  for (let i = 1; i <= n; i++) await t.store.restore(fullClip(i, { kind: 'page' }));
  return t;
}

const fileOf = (clips: unknown[]) =>
  JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: '2024-06-01T10:00:00Z', clips });

/** 1,000 new clips and, among them, newer versions of the 10 stored ones (merges to take back). */
function mixed(): Clip[] {
  const fresh = Array.from({ length: 990 }, (_, i) => fullClip(1000 + i));
  const updates = Array.from({ length: 10 }, (_, i) =>
    fullClip(i + 1, { kind: 'page', title: `Changed ${i}`, tags: ['imported'], updatedAt: 9e12 }),
  );
  return [...fresh.slice(0, 400), ...updates, ...fresh.slice(400)];
}

describe('importFile in batches', () => {
  it('writes every batch and reports progress up to the whole file', async () => {
    const source = store('source');
    for (const c of mixed()) await source.store.restore(c);
    const text = await exportJson(source.store);
    const t = await seeded(10);
    const seen: number[] = [];
    const res = await importJson(t.store, text, { batchSize: 100, onProgress: (p) => seen.push(p.clips) });
    expect(res).toEqual({ added: 990, merged: 10 });
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 100));
    expect(await t.store.count()).toBe(1000);
    expect(await t.store.get(fullClip(3).id)).toMatchObject({
      title: 'Changed 2',
      tags: expect.arrayContaining(['imported']) as unknown,
    });
    expect(await t.db.importJournal.count()).toBe(0);
    expect(await t.db.imports.count()).toBe(0);
  });

  it('cancelled after three batches: the collection is exactly as before', async () => {
    const t = await seeded(10);
    const before = await dump(t.db);
    const controller = new AbortController();
    const text = fileOf(mixed());
    let written = 0;
    const error = await importJson(t.store, text, {
      batchSize: 150,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.clips >= 450) {
          controller.abort();
          void t.store.count().then((n) => (written = n));
        }
      },
    }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(written).toBeGreaterThan(10); // the batches were in the database before the rollback
    expect(await dump(t.db)).toBe(before);
    expect(await t.db.importJournal.count()).toBe(0);
  });

  it('a damaged clip in a late batch takes back the batches written before it', async () => {
    const t = await seeded(10);
    const before = await dump(t.db);
    const clips: unknown[] = mixed();
    clips.splice(900, 0, { ...fullClip(5000), url: 'javascript:alert(1)' });
    const error = (await importJson(t.store, fileOf(clips), { batchSize: 100 }).catch(
      (e: unknown) => e,
    )) as ImportError;
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toMatch(/^Clip 901 in this file cannot be imported.*Nothing was imported/);
    expect(error.details).toMatch(/clips\[900\]\.url/);
    expect(await dump(t.db)).toBe(before);
  });

  it('a full disk in a late batch takes everything back', async () => {
    const t = await seeded(10);
    const before = await dump(t.db);
    let calls = 0;
    t.db.clips.hook('creating', () => {
      if (++calls === 700) throw new DOMException('disk full', 'QuotaExceededError');
    });
    await expect(importJson(t.store, fileOf(mixed()), { batchSize: 100 })).rejects.toThrow(
      /storage is full: nothing was imported/,
    );
    expect(await dump(t.db)).toBe(before);
  });

  it('an import left half done by a closed tab is taken back by the next import', async () => {
    const t = await seeded(10);
    const before = await dump(t.db);
    await t.store.beginImport('interrupted');
    await t.store.importBatch('interrupted', mixed().slice(300, 600));
    expect(await dump(t.db)).not.toBe(before);
    // The next import starts long after the interrupted one last wrote (the test clock moves 1 s a call).
    t.clock.now += 10 * 60_000;
    await importJson(t.store, fileOf([]));
    expect(await dump(t.db)).toBe(before);
  });

  it('journals the clips a batch adds in one entry, and the records it replaces one each', async () => {
    const t = await seeded(10);
    await t.store.beginImport('counted');
    await t.store.importBatch('counted', mixed().slice(0, 500)); // 400 new, then the 10 updates, then 90 new
    await t.store.importBatch('counted', mixed().slice(500, 800));
    const entries = await t.db.importJournal.where('importId').equals('counted').toArray();
    expect(entries.filter((e) => e.before).map((e) => e.id)).toHaveLength(10);
    const lists = entries.filter((e) => e.added);
    expect(lists.map((e) => e.added!.length)).toEqual([490, 300]);
    expect(entries).toHaveLength(12);
  });

  it('a clip added by one batch and changed by a later one is removed by the rollback', async () => {
    const t = await seeded(10);
    const before = await dump(t.db);
    const controller = new AbortController();
    const again = fullClip(2000, { title: 'Changed later', tags: ['again'], updatedAt: 9e12 });
    const clips = [...mixed().slice(0, 100), ...mixed().slice(100, 199), fullClip(2000), again, fullClip(2001)];
    const error = await importJson(t.store, fileOf(clips), {
      batchSize: 100,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.clips >= 202) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(await t.store.get(fullClip(2000).id)).toBeUndefined();
    expect(await dump(t.db)).toBe(before);
  });

  it('an interrupted import journaled one entry per clip (the earlier layout) is still taken back', async () => {
    const t = await seeded(3);
    const before = await dump(t.db);
    const replaced = (await t.db.clips.get(fullClip(2).id))!;
    const added = fullClip(77);
    await t.db.transaction('rw', [t.db.clips, t.db.importJournal, t.db.imports], async () => {
      await t.db.imports.put({ id: 'old', startedAt: 0, touchedAt: 0 });
      await t.db.importJournal.bulkPut([
        { importId: 'old', id: added.id },
        { importId: 'old', id: replaced.id, before: replaced },
      ]);
      await t.db.clips.put({ ...replaced, title: 'Overwritten by the old import', words: ['overwritten'] });
      await t.db.clips.put({ ...added, words: [], site: '' });
    });
    expect(await dump(t.db)).not.toBe(before);
    await importJson(t.store, fileOf([]));
    expect(await dump(t.db)).toBe(before);
  });

  it('ends a batch at IMPORT_BATCH_CHARS as well as at the clip count, so clips at the size limit are written a few at a time', async () => {
    const source = store('big-source');
    const big = (n: number) => fullClip(n, { text: 'x'.repeat(LIMITS.text), markdown: 'y'.repeat(LIMITS.markdown) });
    for (const n of [1, 2, 3, 4]) await source.store.restore(big(n));
    const text = await exportJson(source.store);
    const t = store();
    const batches: number[] = [];
    expect(await importJson(t.store, text, { batchSize: 100, onProgress: (p) => batches.push(p.clips) })).toEqual({
      added: 4,
      merged: 0,
    });
    expect(batches).toEqual([2, 4]); // 10 M characters a clip: the 16 M cap ends each batch after two
  });

  it('reads an older pretty-printed export as well as the one-clip-per-line layout', async () => {
    const t = store();
    const clips = [fullClip(1), fullClip(2), fullClip(5)];
    expect(
      await importJson(
        t.store,
        JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: '2024-06-01T10:00:00Z', clips }, null, 2),
      ),
    ).toEqual({ added: 3, merged: 0 });
    const text = await exportJson(t.store);
    expect(text.split('\n')[0]).toMatch(
      /^\{"format":"context-reader-clips","version":1,"exportedAt":"[^"]+","clips":\[$/,
    );
    expect(text.split('\n')).toHaveLength(3 + 3); // header, three clips, "]}", and the final newline
    const u = store('again');
    expect(await importJson(u.store, text)).toEqual({ added: 3, merged: 0 });
    expect(await u.store.all()).toStrictEqual(await t.store.all());
  });
});

describe('checkFile: what is plainly not an export', () => {
  const blob = (bytes: Uint8Array<ArrayBuffer> | string) => new Blob([bytes]);
  it.each([
    ['an empty file', blob(''), /^This file is empty/],
    [
      'the Markdown ZIP',
      blob(zipSync({ 'a (page).md': strToU8('# A') })),
      /^This is a ZIP archive \(perhaps the Markdown export\)/,
    ],
    ['a gzip file', blob(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0])), /compressed \(gzip\)/],
    ['a PDF', blob('%PDF-1.7\n...'), /a PDF document/],
    ['a binary file', blob(new Uint8Array([0x7b, 0, 1, 2, 3])), /a binary file/],
    ['a CSV', blob('title,url,time_added\nA,https://a.example,1\n'), /^This file is not a Context Reader export/],
  ])('%s', async (_name, file, message) => {
    const error = (await checkFile(file).catch((e: unknown) => e)) as ImportError;
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/Nothing was imported\. Choose the file that “Export JSON” saved/);
  });

  it('refuses text that is not UTF-8 without touching the collection', async () => {
    const t = await seeded(3);
    const before = await dump(t.db);
    const bytes = new Uint8Array([...strToU8(fileOf([]).slice(0, -2)), 0xff, 0xfe, 0x41, ...strToU8(']}')]);
    const error = (await importFile(t.store, new Blob([bytes])).catch((e: unknown) => e)) as ImportError;
    expect(error.message).toMatch(/not UTF-8 text/);
    expect(await dump(t.db)).toBe(before);
  });
});
