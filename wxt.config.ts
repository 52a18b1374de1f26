import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { kbPlugin } from './lib/kb/vite-plugin';
import { popupChunk } from './lib/build/popup-chunk';

// See README "Permissions" for why each permission is asked for.

/**
 * Extension pages run only the extension's own scripts, embed no plugins, and connect nowhere but to
 * the extension itself (everything is bundled; nothing is fetched).
 */
const CSP = "script-src 'self'; object-src 'none'; connect-src 'self'";
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  outDir: '.output',
  // MV3 in Firefox too: run in firefox-esr 153, every end-to-end flow passes as under MV2 (event-page
  // background, <all_urls> granted at install, popup/library/reader pages), web-ext lint finds no error,
  // and both browsers then share one manifest shape. See README "Load it into your browser".
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Context Reader',
    description:
      'Marks the CSTO, SCO, CIS, Operation Kanal and their officials on any page, with cards grounded in bundled documents.',
    permissions: ['storage', 'unlimitedStorage', 'contextMenus', 'scripting'],
    // The same reach the content script already has; needed to inject the extraction script on save.
    host_permissions: ['<all_urls>'],
    content_security_policy: { extension_pages: CSP },
    // The card is drawn by card.html in a frame inside pages, at a per-session URL (use_dynamic_url) so a
    // page cannot probe a fixed address to detect the extension. Firefox (MV3 here too) takes the same object
    // form; its moz-extension:// addresses are random per install anyway.
    web_accessible_resources: [{ resources: ['card.html'], matches: ['<all_urls>'], use_dynamic_url: true }],
    commands: {
      'show-card': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: 'Show the card for the name at the cursor or selection, else for the next name on the page',
      },
      'show-previous-card': {
        suggested_key: { default: 'Alt+Shift+J' },
        description: 'Show the card for the previous name on the page',
      },
      'save-selection': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Save the selected passage to your clip collection',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // The oldest Firefox the end-to-end lane passes in (ESR 153). ESR 140.12 was tried again with
            // the card in its own frame: the add-on installs, but pages never finish marking (README, "Why
            // 153"). 141–152 are not in Debian's archive and were not tested.
            gecko: {
              id: 'context-reader@example.org',
              strict_min_version: '153.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {
          // The marks' colours are rules on the root that reach the text through highlight inheritance
          // (lib/page/highlight-style.ts), which Chromium has from 134.
          minimum_chrome_version: '134',
        }),
  }),
  vite: () => ({ plugins: [preact(), kbPlugin(), popupChunk()] }),
  hooks: {
    // The content scripts are unlisted scripts, registered here: no WXT wrapper. entrypoints/marks-style.ts
    // needs no polyfill and no context; entrypoints/content-main.ts must not have WXT's context, which
    // talks to the page (lib/page/lifetime.ts).
    'build:manifestGenerated': (_wxt, manifest) => {
      const everywhere = { matches: ['<all_urls>'], all_frames: true, match_about_blank: true };
      manifest.content_scripts = [
        ...(manifest.content_scripts ?? []),
        { ...everywhere, run_at: 'document_start', js: ['marks-style.js'] },
        { ...everywhere, run_at: 'document_start', js: ['content-main.js'] },
      ];
    },
  },
});
