/**
 * The Chromium lane of the shared flows (tests/e2e/flows/): the same flows the Firefox lane runs, here
 * under Playwright's runner in the worker's Chromium with the built extension.
 */
import { chromiumDriver } from './driver/chromium';
import type { Driver } from './driver/types';
import { test } from './fixtures';
import { flows, runFlow } from './flows';

let driver: Driver | undefined;

for (const flow of flows) {
  test(flow.name, async ({ ext, server }) => {
    if (flow.timeoutMs) test.setTimeout(flow.timeoutMs);
    driver ??= chromiumDriver(ext);
    await runFlow(driver, server, flow);
  });
}
