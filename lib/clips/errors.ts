/**
 * Errors the clip collection shows to people. Dexie's own errors name IndexedDB internals; these say
 * what happened to the user's data and what to do. Memex lost users' clips on a full disk
 * (WorldBrain/Memex #1009): a full disk must be said plainly, never swallowed.
 */
import Dexie from 'dexie';

export const STORAGE_FULL_MESSAGE =
  "Your browser's storage is full: the clip was not saved. Export your collection, free some space and try again.";

export const STORAGE_UNAVAILABLE_MESSAGE =
  'The clip collection cannot be opened: this browser window does not allow the extension to store data ' +
  '(private windows often do not). Try again in a normal window.';

export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  constructor(message: string = STORAGE_FULL_MESSAGE, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  constructor(message: string = STORAGE_UNAVAILABLE_MESSAGE, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * An import file that was refused, and the collection is unchanged. `message` says in plain words what
 * is wrong and what to do; `details` keeps the technical text (parser message, fields and paths) for
 * a "Details" disclosure and for bug reports.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  readonly details: string | undefined;
  constructor(message: string, details?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.details = details;
  }
}

interface ErrorLike {
  name?: unknown;
  inner?: unknown;
  cause?: unknown;
  failures?: unknown;
}

/**
 * Whether `err`, or an error it wraps, is a quota error. IndexedDB reports a full disk as a
 * QuotaExceededError on the request, or as an AbortError of the transaction whose cause is the quota
 * error; Dexie wraps either (`inner`), and bulk operations collect them in `failures`.
 */
export function isQuotaError(err: unknown, depth = 0): boolean {
  if (depth > 5 || typeof err !== 'object' || err === null) return false;
  const e = err as ErrorLike;
  if (e.name === Dexie.errnames.QuotaExceeded || e.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  if (isQuotaError(e.inner, depth + 1) || isQuotaError(e.cause, depth + 1)) return true;
  const failures = Array.isArray(e.failures) ? e.failures : [];
  return failures.some((f) => isQuotaError(f, depth + 1));
}

function nameOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as ErrorLike).name : undefined;
}

/**
 * Errors that mean IndexedDB cannot be used here at all (missing, blocked, or disabled). Firefox's
 * private windows refused IndexedDB with an InvalidStateError; Chromium reports a broken or
 * inaccessible backing store as an UnknownError.
 */
const UNAVAILABLE = new Set<string>([
  Dexie.errnames.OpenFailed,
  Dexie.errnames.MissingAPI,
  Dexie.errnames.InvalidState,
  // Every call after a failed open: the extension never closes the database itself.
  Dexie.errnames.DatabaseClosed,
  'UnknownError',
  'SecurityError',
]);

/**
 * Maps an error from Dexie to the collection's errors; anything else is returned as it is.
 * `fullMessage` lets callers say what was not done ("nothing was imported").
 */
export function toStorageError(err: unknown, fullMessage: string = STORAGE_FULL_MESSAGE): unknown {
  if (err instanceof StorageFullError || err instanceof StorageUnavailableError || err instanceof ImportError)
    return err;
  if (isQuotaError(err)) return new StorageFullError(fullMessage, { cause: err });
  const name = nameOf(err);
  if (name === Dexie.errnames.Version || nameOf((err as ErrorLike | null)?.inner) === Dexie.errnames.Version) {
    return new StorageUnavailableError(
      'The clip collection was saved by a newer version of the extension: update the extension to open it.',
      { cause: err },
    );
  }
  if (typeof name === 'string' && UNAVAILABLE.has(name)) return new StorageUnavailableError(undefined, { cause: err });
  return err;
}
