/**
 * Size of what the extension injects into every page: the content script, the document_start script
 * that adopts the marks' stylesheet (entrypoints/marks-style.content.ts), and a CSS file if any.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSizes {
  js: { raw: number; gzip: number };
  css: { raw: number; gzip: number };
  /** marks-style.js, injected at document_start. */
  start: { raw: number; gzip: number };
  total: { raw: number; gzip: number };
}

export function measureBundle(extensionDir: string): BundleSizes {
  const size = (file: string) => {
    const path = join(extensionDir, 'content-scripts', file);
    // The marks' stylesheet is built at run time now (lib/page/highlight-style.ts): no CSS file is injected.
    if (!existsSync(path)) return { raw: 0, gzip: 0 };
    const b = readFileSync(path);
    return { raw: b.length, gzip: gzipSync(b, { level: 9 }).length };
  };
  const js = size('content.js');
  const css = size('content.css');
  const start = size('marks-style.js');
  return {
    js,
    css,
    start,
    total: { raw: js.raw + css.raw + start.raw, gzip: js.gzip + css.gzip + start.gzip },
  };
}
