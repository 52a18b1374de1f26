/**
 * Size of what the extension injects into every page: the content script, the script that adopts the
 * marks' stylesheet (entrypoints/marks-style.ts), and a CSS file if any, as the manifest lists them. Both
 * scripts run at document_start (the content script waits there for the page's load, lib/page/after-load.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSizes {
  js: { raw: number; gzip: number };
  css: { raw: number; gzip: number };
  /** marks-style.js (STYLE_SCRIPT). */
  start: { raw: number; gzip: number };
  total: { raw: number; gzip: number };
}

interface ContentScriptEntry {
  js?: string[];
  css?: string[];
}

/** The stylesheet's own script, counted apart from the content script. */
export const STYLE_SCRIPT = 'marks-style.js';

/** Sums what the manifest injects: the stylesheet's script under `start`, other scripts under js, and css. */
export function measureBundle(extensionDir: string): BundleSizes {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
    content_scripts?: ContentScriptEntry[];
  };
  const out = { js: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 }, start: { raw: 0, gzip: 0 } };
  const add = (to: { raw: number; gzip: number }, file: string) => {
    const path = join(extensionDir, file);
    if (!existsSync(path)) throw new Error(`the manifest injects ${file}, which the build lacks`);
    const b = readFileSync(path);
    to.raw += b.length;
    to.gzip += gzipSync(b, { level: 9 }).length;
  };
  for (const entry of manifest.content_scripts ?? []) {
    for (const file of entry.js ?? []) add(file === STYLE_SCRIPT ? out.start : out.js, file);
    for (const file of entry.css ?? []) add(out.css, file);
  }
  const { js, css, start } = out;
  return {
    js,
    css,
    start,
    total: { raw: js.raw + css.raw + start.raw, gzip: js.gzip + css.gzip + start.gzip },
  };
}
