/**
 * Finds the browsers the demo and the end-to-end lanes drive, and gets one where none is found, the way
 * the machine allows: Debian's package as root, else the browser project's own installer on a developer's
 * laptop, else a plain message saying what to install. Never a silent skip: a green `npm test` means both
 * browsers ran.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function onPath(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p && existsSync(p) ? p : undefined;
}

const isDebianRoot = () => process.getuid?.() === 0 && existsSync('/etc/debian_version') && Boolean(onPath('apt-get'));

/** `apt-get install` of `pkg` as root on Debian; false when this machine is not that. */
function aptInstall(pkg: string): boolean {
  if (!isDebianRoot()) return false;
  process.stderr.write(`No ${pkg} found: installing Debian's ${pkg} with apt-get…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  return spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env }).status === 0;
}

let firefox: string | undefined;

/** FIREFOX_PATH, Debian's firefox-esr, a system firefox; installed with apt when there is none. */
export function firefoxPath(): string {
  if (firefox) return firefox;
  const env = process.env.FIREFOX_PATH;
  if (env) {
    if (!existsSync(env)) throw new Error(`FIREFOX_PATH is ${env}, but no file is there.`);
    return (firefox = env);
  }
  const found = () =>
    ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p)) ??
    onPath('firefox-esr') ??
    onPath('firefox');
  firefox = found();
  if (!firefox && aptInstall('firefox-esr')) firefox = found();
  if (!firefox) {
    throw new Error(
      'No Firefox found for the end-to-end tests. Install one and run again: on Debian/Ubuntu `sudo apt-get install firefox-esr`; ' +
        'elsewhere install Firefox 142 or newer, or `npx @puppeteer/browsers install firefox@stable`, and set FIREFOX_PATH to its binary.',
    );
  }
  return firefox;
}

let chromium: string | null | undefined;

/**
 * CHROMIUM_PATH, Debian's /usr/bin/chromium, or Playwright's own Chromium (undefined: Playwright finds it).
 * Where there is none: apt-get as root on Debian, else Playwright's installer (a laptop).
 */
export function chromiumPath(): string | undefined {
  if (chromium !== undefined) return chromium ?? undefined;
  const env = process.env.CHROMIUM_PATH;
  if (env) {
    if (!existsSync(env)) throw new Error(`CHROMIUM_PATH is ${env}, but no file is there.`);
    return (chromium = env);
  }
  const system = () => ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  chromium = system();
  if (chromium) return chromium;
  if (playwrightChromiumInstalled()) {
    chromium = null;
    return undefined;
  }
  if (aptInstall('chromium') && (chromium = system())) return chromium;
  process.stderr.write('No Chromium found: installing Playwright’s Chromium (npx playwright install chromium)…\n');
  if (
    spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' }).status === 0 &&
    playwrightChromiumInstalled()
  ) {
    chromium = null;
    return undefined;
  }
  throw new Error(
    'No Chromium found and none could be installed. On Debian/Ubuntu: `sudo apt-get install chromium`; elsewhere `npx playwright install chromium`, or set CHROMIUM_PATH.',
  );
}

function playwrightChromiumInstalled(): boolean {
  // Resolved lazily: the Firefox lane must not need Playwright's browser registry.
  const r = spawnSync(
    process.execPath,
    ['-e', "const {chromium}=require('playwright-core');process.stdout.write(chromium.executablePath())"],
    { encoding: 'utf8' },
  );
  return r.status === 0 && existsSync(r.stdout.trim());
}
