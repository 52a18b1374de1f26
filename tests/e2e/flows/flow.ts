/**
 * A flow is one end-to-end test written once against the driver layer and run by both lanes: the
 * Chromium lane under Playwright's runner (tests/e2e/flows.spec.ts), the Firefox lane under vitest
 * (tests/e2e/firefox/lane.test.ts).
 */
import type { TestServer } from '../../support/server';
import type { Driver, Tab } from '../driver/types';
import { resetExtension } from './ui';

export interface FlowContext {
  d: Driver;
  server: TestServer;
  /** A fresh 1280×800 tab. */
  tab: Tab;
}

export interface Flow {
  name: string;
  run(c: FlowContext): Promise<void>;
  timeoutMs?: number;
}

/**
 * Runs `flow` from a clean state (no storage, no clips, one new tab), then closes what it opened and
 * empties storage again, for the suites that share the browser after it.
 */
export async function runFlow(d: Driver, server: TestServer, flow: Flow): Promise<void> {
  await resetExtension(d);
  const tab = await d.newTab();
  try {
    await flow.run({ d, server, tab });
  } finally {
    await d.reset();
    await resetExtension(d);
  }
}
