import { describe, expect, it } from 'vitest';
import { libraryClipUrl, parseClipSpan } from '../../../lib/clips/routes';

const BASE = 'chrome-extension://x/library.html';

describe('library addresses of a clip at a passage', () => {
  it.each([
    [undefined, `${BASE}#clip=abc`],
    [{ start: 10, end: 42 }, `${BASE}#clip=abc&at=10-42`],
    [{ start: 42, end: 42 }, `${BASE}#clip=abc`],
  ])('at %j → %s', (at, url) => {
    expect(libraryClipUrl(BASE, 'abc', at)).toBe(url);
  });

  it.each([
    ['10-42', { start: 10, end: 42 }],
    ['0-1', { start: 0, end: 1 }],
    ['42-10', null],
    ['5-5', null],
    ['-1-4', null],
    ['1e3-2e3', null],
    ['10-42&x', null],
    ['1234567890-1234567891', null],
    ['', null],
    [null, null],
  ])('parseClipSpan(%j) → %j', (value, span) => {
    expect(parseClipSpan(value)).toEqual(span);
  });

  it('reads back what it writes', () => {
    const hash = new URL(libraryClipUrl(BASE, 'a b', { start: 3, end: 9 })).hash.slice(1);
    const params = new URLSearchParams(hash);
    expect(params.get('clip')).toBe('a b');
    expect(parseClipSpan(params.get('at'))).toEqual({ start: 3, end: 9 });
  });
});
