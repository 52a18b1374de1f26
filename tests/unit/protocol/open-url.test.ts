import { describe, expect, it } from 'vitest';
import { openableUrl } from '../../../lib/open-url';

const BASE = 'chrome-extension://abcdefghijklmnop/';

describe('openableUrl', () => {
  it.each([
    ['https', 'https://example.com/a?b=1#c', 'https://example.com/a?b=1#c'],
    ['http', 'http://localhost:8080/x', 'http://localhost:8080/x'],
    ['javascript:', 'javascript:alert(1)', null],
    ['JavaScript: in capitals', 'JaVaScRiPt:alert(1)', null],
    ['data:', 'data:text/html,<script>alert(1)</script>', null],
    ['blob:', 'blob:https://example.com/1234', null],
    ['file:', 'file:///etc/passwd', null],
    ['ftp:', 'ftp://example.com/', null],
    ['about:', 'about:blank', null],
    ['chrome:', 'chrome://settings', null],
    ['not a URL', 'example.com/a', null],
    ['not a string', 42, null],
    ['an overlong URL', `https://example.com/${'a'.repeat(9000)}`, null],
    ['the reader page', `${BASE}reader.html#doc=d1&start=1&end=2`, `${BASE}reader.html#doc=d1&start=1&end=2`],
    ['the library page', `${BASE}library.html#clip=x`, `${BASE}library.html#clip=x`],
    ['another page of the extension', `${BASE}popup.html`, null],
    ["another extension's reader", 'chrome-extension://otherextension/reader.html', null],
    ['the reader of a moz-extension with another uuid', 'moz-extension://1234/reader.html', null],
  ])('%s', (_name, url, expected) => {
    expect(openableUrl(url, BASE)).toBe(expected);
  });

  it('opens no extension page when it is not told which extension it is', () => {
    expect(openableUrl(`${BASE}reader.html`)).toBeNull();
  });

  it("accepts Firefox's moz-extension pages of the same install", () => {
    const ff = 'moz-extension://0b6e5d1c-1111-2222-3333-444455556666/';
    expect(openableUrl(`${ff}library.html`, ff)).toBe(`${ff}library.html`);
  });
});
