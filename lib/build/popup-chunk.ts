import type { Plugin } from 'vite';

/**
 * What `entrypoints/popup/Popup.tsx` imports, with it (Preact, zod, the polyfill, the clip list, the
 * settings and message clients), goes into one chunk, which the other pages and the background share:
 * opening the popup then fetches its entry, that chunk and rolldown's runtime instead of seven chunks.
 * WXT's few-byte plugin modules go with it.
 */
export const POPUP_CHUNK = /entrypoints[\\/]popup[\\/]Popup\.tsx$|virtual:wxt-(html-)?plugins/;

export function popupChunk(): Plugin {
  return {
    name: 'context-reader:popup-chunk',
    config: () => ({
      // Chromium and Firefox (115 on) preload modules themselves: no polyfill chunk to fetch first.
      build: { modulePreload: { polyfill: false } },
    }),
    outputOptions(options) {
      // The content scripts are single-file IIFE builds, which are not split.
      if (options.format === 'iife' || options.format === 'umd') return null;
      return { ...options, codeSplitting: { groups: [{ name: 'popup-all', test: POPUP_CHUNK }] } };
    },
  };
}
