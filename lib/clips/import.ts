/**
 * Import of an export file, read and checked in the extension page that chose it (never sent through
 * one runtime message, which Chrome caps at 64 MiB) and written in batches, all or nothing: every
 * batch is its own short transaction (one long transaction at 100,000 clips took minutes and may
 * time out), and a cancel or a failure rolls the whole import back (ClipStore.rollbackImport).
 *
 * Two layouts are read. The exporter writes one clip per line (exportJsonBlob), which is streamed:
 * no file is ever held as one string, so any export re-imports whatever its size. Any other valid
 * export JSON (older exports were pretty-printed) is parsed whole, up to WHOLE_FILE_MAX_BYTES.
 */
import { ImportError } from './errors.ts';
import { Clip, EXPORT_FORMAT, EXPORT_VERSION, ExportFile, describeIssues } from './schema.ts';
import type { ClipStore, ImportResult } from './store.ts';

/** Larger than any collection a browser profile holds in practice; the check is against a mistaken pick. */
export const MAX_IMPORT_BYTES = 4 * 1024 ** 3;
/** V8 strings stop at ~512 M characters; a file parsed whole stays well below. */
export const WHOLE_FILE_MAX_BYTES = 256 * 1024 ** 2;
export const IMPORT_BATCH = 1000;
/** A batch also ends at this many characters of JSON: one clip may hold ~20 M, a batch of them must not. */
export const IMPORT_BATCH_CHARS = 16_000_000;

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  /** Clips written so far (taken back if the import does not finish). */
  clips: number;
}

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Clips per transaction. */
  batchSize?: number;
  newId?: () => string;
  /**
   * Receives the export's `entities` (the reader's own, raw) once every clip batch is written and before
   * the import is finished; a throw rolls the clips back too, so clips and entities land all or nothing.
   */
  entities?: (raw: unknown[]) => Promise<void>;
}

/** The line between the clips and the reader's entities in the line layout (see exportJsonBlob). */
export const ENTITIES_LINE = '],"entities":[';

const AGAIN = 'Nothing was imported.';
const CHOOSE = 'Choose the file that “Export JSON” saved (its name starts with “context-reader-clips”).';

const plain = {
  empty: () => new ImportError(`This file is empty. ${AGAIN} ${CHOOSE}`),
  tooLarge: (size: number) =>
    new ImportError(
      `This file is too large to be a collection export (${mib(size)}). ${AGAIN} ${CHOOSE}`,
      `size ${size} bytes, limit ${MAX_IMPORT_BYTES}`,
    ),
  zip: () =>
    new ImportError(
      `This is a ZIP archive (perhaps the Markdown export), not a collection backup. ${AGAIN} ${CHOOSE}`,
      'The file starts with the ZIP signature "PK".',
    ),
  binary: (what: string) => new ImportError(`This file is not a collection export: it is ${what}. ${AGAIN} ${CHOOSE}`),
  notExport: (details: string) =>
    new ImportError(`This file is not a Context Reader export. ${AGAIN} ${CHOOSE}`, details),
  damaged: (details: string) =>
    new ImportError(
      `This export is damaged or incomplete (it may have been cut short or edited), so it cannot be read. ${AGAIN} Export your collection again and import the new file.`,
      details,
    ),
  newer: (details: string) =>
    new ImportError(
      `This export was made by a newer version of Context Reader. ${AGAIN} Update the extension, then import the file again.`,
      details,
    ),
  wholeTooLarge: (size: number) =>
    new ImportError(
      `This export is in an older layout that can only be read up to ${mib(WHOLE_FILE_MAX_BYTES)}, and it is ${mib(size)}. ${AGAIN} Export the collection again with this version and import the new file.`,
    ),
  badClips: (count: string, details: string) =>
    new ImportError(
      `${count} in this file cannot be imported (a field is missing, too long or not a web address). ${AGAIN} Export the collection again, or remove those clips from the file and retry.`,
      details,
    ),
};

function mib(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GB`
    : `${Math.max(1, Math.round(bytes / 1024 ** 2))} MB`;
}

/** Refuses what is plainly not an export (empty, too large, a ZIP, another binary file) from its first bytes. */
export async function checkFile(file: Blob): Promise<void> {
  if (file.size === 0) throw plain.empty();
  if (file.size > MAX_IMPORT_BYTES) throw plain.tooLarge(file.size);
  const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x50, 0x4b)) throw plain.zip();
  if (starts(0x1f, 0x8b)) throw plain.binary('a compressed (gzip) file');
  if (starts(0x25, 0x50, 0x44, 0x46)) throw plain.binary('a PDF document');
  if (head.includes(0)) throw plain.binary('a binary file, not text');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\ufeff/, '');
  const first = text.trimStart()[0];
  if (first !== undefined && first !== '{')
    throw plain.notExport(`The file starts with ${JSON.stringify(text.trimStart().slice(0, 40))}, not with "{".`);
}

/** The header line the exporter writes before one clip per line. */
const LINE_HEADER = /^\{"format":"[^"]*","version":[^,]*,"exportedAt":"[^"]*","clips":\[$/;

const Header = ExportFile.omit({ clips: true });

function checkHeader(data: unknown): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw plain.notExport('The JSON is not an object with "format", "version" and "clips".');
  const d = data as Record<string, unknown>;
  if (d.format !== EXPORT_FORMAT)
    throw plain.notExport(`format: ${JSON.stringify(d.format)} (expected "${EXPORT_FORMAT}")`);
  if (typeof d.version === 'number' && d.version > EXPORT_VERSION)
    throw plain.newer(`version ${d.version}; this version reads version ${EXPORT_VERSION}`);
  const header = Header.safeParse(d);
  if (!header.success) throw plain.notExport(describeIssues(header.error, 3));
}

/** Validates one batch (clips numbered from `first`); throws with up to three problems and their paths. */
function validate(raw: readonly unknown[], first: number): Clip[] {
  const out: Clip[] = [];
  const problems: string[] = [];
  const bad: number[] = [];
  raw.forEach((item, i) => {
    const parsed = Clip.safeParse(item);
    if (parsed.success) out.push(parsed.data);
    else {
      bad.push(first + i);
      if (problems.length < 3) problems.push(describeIssues(parsed.error, 3, ['clips', first + i]));
    }
  });
  if (bad.length > 0) {
    const count = bad.length === 1 ? `Clip ${bad[0]! + 1}` : `${bad.length} clips (the first is clip ${bad[0]! + 1})`;
    throw plain.badClips(count, problems.join('; '));
  }
  return out;
}

const aborted = (): DOMException => new DOMException('The import was cancelled.', 'AbortError');

/** Decodes a stream's chunks; fatal, so a file that is not UTF-8 text is refused in plain words. */
function utf8Decoder(): (chunk?: Uint8Array) => string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return (chunk) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch (err) {
      throw plain.binary(`not UTF-8 text (${err instanceof Error ? err.message : String(err)})`);
    }
  };
}

/** The first line of a line-per-clip export, closed so that it parses on its own. */
function checkLineHeader(first: string): void {
  let header: unknown;
  try {
    header = JSON.parse(`${first}]}`);
  } catch (err) {
    throw plain.damaged(`line 1: ${err instanceof Error ? err.message : String(err)}`);
  }
  checkHeader(header);
}

/** The clips of an export read whole (one JSON document, as other tools write it); its entities go to `entities`. */
function wholeClips(text: string, entities: unknown[]): unknown[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (err) {
    throw plain.damaged(err instanceof Error ? err.message : String(err));
  }
  checkHeader(data);
  const clips = (data as { clips?: unknown }).clips;
  if (!Array.isArray(clips)) throw plain.notExport('"clips" is not a list.');
  const own = (data as { entities?: unknown }).entities;
  if (own !== undefined && !Array.isArray(own)) throw plain.notExport('"entities" is not a list.');
  if (own) entities.push(...(own as unknown[]));
  return clips;
}

/** Parses a line-per-clip export line by line: clips into batches, the entities section into `entities`. */
function lineParser(entities: unknown[]) {
  const state = {
    lineNo: 0,
    ended: false,
    inEntities: false,
    batch: [] as unknown[],
    batchChars: 0,
    /** The clips parsed since the last take. */
    take(): unknown[] {
      const out = state.batch;
      state.batch = [];
      state.batchChars = 0;
      return out;
    },
    parse(line: string): void {
      state.lineNo++;
      const t = line.trim();
      if (t === '') return;
      if (state.ended) throw plain.damaged(`line ${state.lineNo}: text after the end of the export`);
      if (t === ']}') {
        state.ended = true;
        return;
      }
      if (t === ENTITIES_LINE && !state.inEntities) {
        state.inEntities = true;
        return;
      }
      if (!state.inEntities) state.batchChars += t.length;
      try {
        (state.inEntities ? entities : state.batch).push(JSON.parse(t.endsWith(',') ? t.slice(0, -1) : t));
      } catch (err) {
        throw plain.damaged(`line ${state.lineNo}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
  return state;
}

/**
 * Yields the file's clips in batches of raw (unvalidated) values, with the bytes read so far.
 * Decoding is fatal: a file that is not UTF-8 text is refused rather than read as replacement characters.
 */
async function* rawBatches(
  file: Blob,
  batchSize: number,
  signal: AbortSignal | undefined,
  entities: unknown[],
): AsyncGenerator<{ raw: unknown[]; bytesRead: number }> {
  const reader = file.stream().getReader();
  const decode = utf8Decoder();
  let bytesRead = 0;
  let buffer = '';
  let mode: 'unknown' | 'lines' | 'whole' = 'unknown';
  const whole: string[] = [];
  const lines = lineParser(entities);
  try {
    for (;;) {
      if (signal?.aborted) throw aborted();
      const { done, value } = await reader.read();
      if (value) bytesRead += value.byteLength;
      buffer += done ? decode() : decode(value);
      if (mode === 'unknown') {
        const nl = buffer.indexOf('\n');
        if (nl < 0 && !done) continue;
        const first = (nl < 0 ? buffer : buffer.slice(0, nl)).replace(/^\ufeff/, '').trim();
        if (LINE_HEADER.test(first)) {
          checkLineHeader(first);
          mode = 'lines';
          lines.lineNo = 1;
          buffer = nl < 0 ? '' : buffer.slice(nl + 1);
        } else {
          if (file.size > WHOLE_FILE_MAX_BYTES) throw plain.wholeTooLarge(file.size);
          mode = 'whole';
        }
      }
      if (mode === 'lines') {
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          lines.parse(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
          if (lines.batch.length >= batchSize || lines.batchChars >= IMPORT_BATCH_CHARS)
            yield { raw: lines.take(), bytesRead };
        }
        if (done) {
          lines.parse(buffer);
          buffer = '';
          if (!lines.ended)
            throw plain.damaged(`the file ends at line ${lines.lineNo} without the closing "]}": it was cut short`);
          if (lines.batch.length > 0) yield { raw: lines.take(), bytesRead };
          return;
        }
      } else if (mode === 'whole') {
        whole.push(buffer);
        buffer = '';
        if (done) break;
      }
    }
  } finally {
    reader.releaseLock();
  }
  const clips = wholeClips(whole.join(''), entities);
  for (let i = 0; i < clips.length; i += batchSize) yield { raw: clips.slice(i, i + batchSize), bytesRead };
  if (clips.length === 0) yield { raw: [], bytesRead };
}

/**
 * Reads `file` into the collection, all or nothing. Rejects with ImportError (plain words, with
 * details), a StorageFullError, or an AbortError when `signal` aborted; in every case the collection
 * is as it was. Resolves with how many clips were added and merged.
 */
export async function importFile(store: ClipStore, file: Blob, options: ImportOptions = {}): Promise<ImportResult> {
  const { signal, onProgress, batchSize = IMPORT_BATCH, newId = () => crypto.randomUUID() } = options;
  await checkFile(file);
  const importId = newId();
  await store.beginImport(importId);
  const total: ImportResult = { added: 0, merged: 0 };
  let index = 0;
  const entities: unknown[] = [];
  // One batch is written while the next is read, parsed and validated: IndexedDB writes outside this
  // thread, and waiting for each batch before reading the next left this page idle for half of a
  // 100,000-clip import. Transactions on the same tables run in the order they were opened, so a
  // batch still sees everything the one before it wrote. Two at most, so memory stays two batches.
  let writing: { promise: Promise<ImportResult>; clips: number; bytesRead: number } | null = null;
  const settle = async (): Promise<void> => {
    if (!writing) return;
    const { promise, clips, bytesRead } = writing;
    writing = null;
    const r = await promise;
    total.added += r.added;
    total.merged += r.merged;
    onProgress?.({ bytesRead, totalBytes: file.size, clips });
  };
  try {
    for await (const { raw, bytesRead } of rawBatches(file, batchSize, signal, entities)) {
      if (signal?.aborted) throw aborted();
      const clips = validate(raw, index);
      index += raw.length;
      const promise = clips.length > 0 ? store.importBatch(importId, clips) : Promise.resolve({ added: 0, merged: 0 });
      promise.catch(() => undefined); // awaited by settle(); this keeps a failure seen before then from being unhandled
      await settle();
      writing = { promise, clips: index, bytesRead };
    }
    await settle();
    if (signal?.aborted) throw aborted();
    if (entities.length && options.entities) await options.entities(entities);
    await store.finishImport(importId);
    return total;
  } catch (err) {
    // A batch still being written must end before the rollback reads the journal.
    await (writing as { promise: Promise<ImportResult> } | null)?.promise.catch(() => undefined);
    await store.rollbackImport(importId);
    throw err;
  }
}

/** importFile for a string (tests, and callers that already hold the text). */
export function importJson(store: ClipStore, text: string, options?: ImportOptions): Promise<ImportResult> {
  return importFile(store, new Blob([text], { type: 'application/json' }), options);
}
