/**
 * Launches real Chromium with the built extension loaded (headless), as the tests, the demo and the
 * benchmark all do. The Chromium binary comes from CHROMIUM_PATH, else Debian's /usr/bin/chromium, else
 * Playwright's own download on a developer's machine; where there is none, one is installed
 * (support/find-browser.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import { chromiumPath } from './find-browser';

export const EXTENSION_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../.output/chrome-mv3');

export { chromiumPath };

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  close(): Promise<void>;
}

/** Chromium quiet and offline-friendly: no sandbox (root), no GPU, nothing it would fetch on its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export async function launchWithExtension(
  options: { headless?: boolean; userDataDir?: string; extensionDir?: string } = {},
): Promise<ExtensionBrowser> {
  const dir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(resolve(dir, 'manifest.json')))
    throw new Error(`No built extension at ${dir}: run \`npm run build\` first.`);
  const executablePath = chromiumPath();
  const context = await chromium.launchPersistentContext(options.userDataDir ?? '', {
    ...(executablePath ? { executablePath } : {}),
    headless: options.headless ?? true,
    viewport: { width: 1280, height: 800 },
    args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, ...CHROMIUM_ARGS],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId, worker, close: () => context.close() };
}

/**
 * Stops the extension's service worker the way the browser does when it is idle (CDP
 * `ServiceWorker.stopWorker`), from an extension page, and resolves once the browser reports it
 * stopped (polled every 100 ms, up to `timeoutMs`). The tests, the bench and restart-profile.ts share it.
 */
export async function stopServiceWorker(ext: ExtensionBrowser, timeoutMs = 30_000): Promise<void> {
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/reader.html`);
    const cdp = await ext.context.newCDPSession(page);
    type Version = { versionId: string; scriptURL: string; runningStatus: string };
    let versions: Version[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Version[] }) => (versions = e.versions));
    await cdp.send('ServiceWorker.enable');
    const ours = () => versions.find((v) => v.scriptURL.includes(ext.extensionId));
    const until = async (done: () => boolean, what: string) => {
      for (const end = Date.now() + timeoutMs; !done();) {
        if (Date.now() > end) throw new Error(`The extension's service worker: timed out waiting for ${what}.`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until(() => ours() !== undefined, 'its version');
    await cdp.send('ServiceWorker.stopWorker', { versionId: ours()!.versionId });
    await until(() => ours()?.runningStatus === 'stopped', 'it to stop');
  } finally {
    await page.close();
  }
}
