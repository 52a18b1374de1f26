/**
 * The Firefox lane: the shared flows in real Firefox (driver/firefox.ts), one browser for the file.
 * Run by `npm run test:firefox` (vitest.firefox.config.ts) and inside `npm test`.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { startServer, type TestServer } from '../../support/server';
import { launchFirefoxDriver } from '../driver/firefox';
import type { Driver } from '../driver/types';
import { flows, runFlow } from '../flows';

let driver: Driver;
let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  driver = await launchFirefoxDriver();
}, 60_000);

afterAll(async () => {
  await driver?.close();
  await server?.close();
});

for (const flow of flows) it(flow.name, () => runFlow(driver, server, flow), flow.timeoutMs ?? 45_000);
