import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { kbPlugin } from './lib/kb/vite-plugin';

// See README "Permissions" for why each permission is asked for.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  outDir: '.output',
  manifest: ({ browser }) => ({
    name: 'Context Reader',
    description:
      'Marks the CSTO, SCO, CIS, Operation Kanal and their officials on any page, with cards grounded in bundled documents.',
    permissions: ['storage', 'unlimitedStorage', 'contextMenus', 'scripting'],
    // The same reach the content script already has; needed to inject the extraction script on save.
    host_permissions: ['<all_urls>'],
    // The card is drawn by card.html in a frame inside pages. Chrome: a per-session URL (use_dynamic_url),
    // so a page cannot probe a fixed address to detect the extension. Firefox MV2 takes a plain list; its
    // moz-extension:// addresses are already random per install.
    web_accessible_resources:
      browser === 'firefox'
        ? (['card.html'] as unknown as [])
        : [{ resources: ['card.html'], matches: ['<all_urls>'], use_dynamic_url: true }],
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
            gecko: { id: 'context-reader@example.org', strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
  vite: () => ({ plugins: [preact(), kbPlugin()] }),
});
