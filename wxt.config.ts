import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { kbPlugin } from './lib/kb/vite-plugin';

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
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Context Reader',
    description:
      'Marks the CSTO, SCO, CIS, Operation Kanal and their officials on any page, with cards grounded in bundled documents.',
    permissions: ['storage', 'unlimitedStorage', 'contextMenus', 'scripting'],
    // The same reach the content script already has; needed to inject the extraction script on save.
    host_permissions: ['<all_urls>'],
    // MV3 takes an object per context; MV2 (the Firefox build) one string.
    content_security_policy: manifestVersion === 2 ? (CSP as unknown as { extension_pages: string }) : { extension_pages: CSP },
    commands: {
      'show-card': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: 'Show the context card for the name at the cursor or selection',
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
