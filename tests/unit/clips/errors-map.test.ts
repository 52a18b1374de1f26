import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { StorageFullError, StorageUnavailableError, toStorageError } from '../../../lib/clips/errors';

describe('toStorageError', () => {
  const dom = (name: string) => new DOMException('x', name);
  it.each([
    ['a quota error', dom('QuotaExceededError'), StorageFullError],
    [
      'a quota error inside an abort',
      Object.assign(new Dexie.AbortError('aborted'), { inner: dom('QuotaExceededError') }),
      StorageFullError,
    ],
    ['IndexedDB refused (private window)', dom('InvalidStateError'), StorageUnavailableError],
    ['a broken backing store', dom('UnknownError'), StorageUnavailableError],
    ['every call after a failed open', new Dexie.DatabaseClosedError('closed'), StorageUnavailableError],
    ['no IndexedDB at all', new Dexie.MissingAPIError('missing'), StorageUnavailableError],
  ])('maps %s', (_name, err, type) => {
    expect(toStorageError(err)).toBeInstanceOf(type);
  });

  it('leaves other errors alone', () => {
    const e = new TypeError('bug');
    expect(toStorageError(e)).toBe(e);
  });
});
