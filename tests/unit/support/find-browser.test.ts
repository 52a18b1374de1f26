/** Finding the browsers: an explicit path wins, a wrong one is a plain error, never a silent skip. */
import { afterEach, describe, expect, it, vi } from 'vitest';

const load = async () => {
  vi.resetModules();
  return import('../../support/find-browser');
};

afterEach(() => vi.unstubAllEnvs());

describe('find-browser', () => {
  it('takes FIREFOX_PATH and CHROMIUM_PATH when they name a file', async () => {
    vi.stubEnv('FIREFOX_PATH', process.execPath);
    vi.stubEnv('CHROMIUM_PATH', process.execPath);
    const { firefoxPath, chromiumPath } = await load();
    expect(firefoxPath()).toBe(process.execPath);
    expect(chromiumPath()).toBe(process.execPath);
  });

  it.each([
    ['FIREFOX_PATH', 'firefoxPath'],
    ['CHROMIUM_PATH', 'chromiumPath'],
  ] as const)('says so in plain words when %s names no file', async (variable, fn) => {
    vi.stubEnv(variable, '/nowhere/browser');
    const mod = await load();
    expect(() => mod[fn]()).toThrow(`${variable} is /nowhere/browser, but no file is there.`);
  });
});
