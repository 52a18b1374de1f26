/**
 * Vite plugin that turns data/ into two modules at build time:
 * - `virtual:kb-spec`: the matcher spec (aliases and rules), for extension pages that build a matcher;
 * - `virtual:kb-rules`: the spec without its surface forms, and the spec's fingerprint, for the content
 *   script, which loads the compiled automaton from the pack in storage.local (lib/entities/pack.ts);
 * - `virtual:kb`: the whole knowledge base (documents, catalogue, derived index) for extension pages.
 * A malformed data file fails the build here, with the file, entity and field in the message.
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { loadData } from './load';
import { buildKnowledgeBase } from './build';
import type { KnowledgeBase } from './knowledge';
import { corpusRules } from '../entities/pack';

const SPEC_ID = 'virtual:kb-spec';
const KB_ID = 'virtual:kb';
const RULES_ID = 'virtual:kb-rules';

export function defaultDataDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../data');
}

export function kbPlugin(dataDir = defaultDataDir()): Plugin {
  let kb: KnowledgeBase | undefined;
  const get = () => (kb ??= buildKnowledgeBase(loadData(dataDir)));
  return {
    name: 'context-reader-kb',
    resolveId(id) {
      if (id === SPEC_ID || id === KB_ID || id === RULES_ID) return `\0${id}`;
      return undefined;
    },
    load(id) {
      if (id === `\0${SPEC_ID}`) return `export default ${JSON.stringify(get().spec)};`;
      if (id === `\0${RULES_ID}`) return `export default ${JSON.stringify(corpusRules(get().spec))};`;
      if (id === `\0${KB_ID}`) return `export default JSON.parse(${JSON.stringify(JSON.stringify(get()))});`;
      return undefined;
    },
    configureServer(server) {
      server.watcher.add(dataDir);
    },
    handleHotUpdate(ctx) {
      if (ctx.file.startsWith(dataDir)) kb = undefined;
    },
  };
}
