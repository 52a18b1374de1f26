import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ClipsDB } from '../../../lib/clips/db.ts';
import {
  STORAGE_FULL_MESSAGE,
  StorageFullError,
  StorageUnavailableError,
  isQuotaError,
  toStorageError,
} from '../../../lib/clips/errors.ts';
import { ClipStore } from '../../../lib/clips/store.ts';
import { makeStore, pageInput, type TestStore } from './helpers.ts';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

let t: TestStore | undefined;
afterEach(() => t?.db.close());

describe('a full disk', () => {
  it('makes saveClip fail with StorageFullError and its message, and saves nothing', async () => {
    t = makeStore();
    await t.store.saveClip(pageInput({ url: 'https://example.com/kept' }));
    // IndexedDB fails the write request with a QuotaExceededError; a creating hook that throws one
    // makes Dexie fail the put and abort the transaction the same way.
    t.db.clips.hook('creating', () => {
      throw quota();
    });
    const error = await t.store.saveClip(pageInput({ url: 'https://example.com/new' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toBe(STORAGE_FULL_MESSAGE);
    expect((await t.store.list()).map((c) => c.url)).toEqual(['https://example.com/kept']);
  });

  it.each([
    ['a QuotaExceededError', quota(), true],
    ['Dexie’s QuotaExceededError', new Dexie.QuotaExceededError('full'), true],
    ['an AbortError whose inner error is the quota error', new Dexie.AbortError('Transaction aborted', quota()), true],
    ['an AbortError without a quota cause', new DOMException('aborted', 'AbortError'), false],
    ['a BulkError with a quota failure', new Dexie.BulkError('1 of 2 failed', { 1: quota() }), true],
    ['Firefox’s legacy name', { name: 'NS_ERROR_DOM_QUOTA_REACHED' }, true],
    ['a ConstraintError', new Dexie.ConstraintError('duplicate key'), false],
    ['a plain Error', new Error('boom'), false],
  ])('recognises %s', (_name, err, expected) => {
    expect(isQuotaError(err)).toBe(expected);
    expect(toStorageError(err) instanceof StorageFullError).toBe(expected);
  });

  it('passes other errors through unchanged', () => {
    const err = new Error('boom');
    expect(toStorageError(err)).toBe(err);
  });
});

describe('IndexedDB that cannot be opened', () => {
  it('gives StorageUnavailableError when IndexedDB is missing (Dexie MissingAPIError)', async () => {
    expect(typeof globalThis.indexedDB).toBe('undefined');
    const db = new ClipsDB('no-idb');
    const error = await new ClipStore(db).count().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as Error).message).toMatch(/cannot be opened/);
  });

  it('gives StorageUnavailableError when opening is refused (private window)', async () => {
    const refusing = {
      open: () => {
        throw new DOMException(
          'A mutation operation was attempted on a database that did not allow mutations.',
          'InvalidStateError',
        );
      },
    };
    const db = new ClipsDB('private', {
      indexedDB: refusing,
      IDBKeyRange: { bound() {}, lowerBound() {}, upperBound() {} },
    });
    const error = await new ClipStore(db).saveClip(pageInput()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
  });

  it('tells the user to update when the database is from a newer version', () => {
    const err = toStorageError(new Dexie.OpenFailedError('open failed', new Dexie.VersionError('newer')));
    expect(err).toBeInstanceOf(StorageUnavailableError);
    expect((err as Error).message).toMatch(/newer version/);
  });
});
