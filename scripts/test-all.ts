/**
 * `npm test`: every check and every test suite, one after the other, a line per suite, then one line
 * that counts tests only:
 *   checks  type check (tsc), lint (when the project has `npm run lint`), the two builds, web-ext lint
 *           on the Firefox build: each listed as ok or FAILED, not counted as tests
 *   tests   unit (vitest), end-to-end in Chromium (Playwright), end-to-end in Firefox (vitest + puppeteer)
 * The last line is `tests: N passed, M failed`; a failed check, or a suite that could not run (its
 * build failed, or it wrote no report), adds one to "failed", so the run exits non-zero and says why.
 * Reports start fresh: test-results/ is emptied first, so a suite that crashes is never read from the
 * previous run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

interface Tally {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  note?: string;
}
interface Check {
  name: string;
  ok: boolean;
  seconds: number;
  note?: string;
}
const tallies: Tally[] = [];
const checks: Check[] = [];
const only = new Set(process.argv.slice(2));
const wanted = (s: string) => only.size === 0 || only.has(s);
const started = Date.now();

function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): { ok: boolean; out: string; seconds: number } {
  process.stdout.write(`\n$ ${cmd} ${args.join(' ')}\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const out = `${r.stdout}${r.stderr}`;
  process.stdout.write(out.length > 20_000 ? `${out.slice(0, 4_000)}\n…\n${out.slice(-14_000)}` : out);
  return { ok: r.status === 0, out, seconds: (Date.now() - t0) / 1000 };
}

function check(name: string, cmd: string, args: string[]): boolean {
  const r = run(cmd, args);
  checks.push({ name, ok: r.ok, seconds: r.seconds });
  return r.ok;
}

/** A suite that could not run or wrote no report: one failure, with the reason on its line. */
function notRun(suite: string, note: string): void {
  tallies.push({ suite, passed: 0, failed: 1, skipped: 0, seconds: 0, note });
}

function vitestSuite(suite: string, report: string, args: string[]): void {
  const r = run('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile=${report}`]);
  if (!existsSync(report)) {
    notRun(suite, `no report (${report}); see its output above`);
    return;
  }
  const j = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  // A file that failed to load counts no tests but must not pass silently.
  const failed = j.numFailedTests + (r.ok || j.numFailedTests ? 0 : 1);
  tallies.push({
    suite,
    passed: j.numPassedTests,
    failed,
    skipped: j.numPendingTests + j.numTodoTests,
    seconds: r.seconds,
  });
}

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

if (wanted('typecheck') || wanted('lint')) {
  // The entrypoints' generated types (.wxt/) must match the tree, or a newly added page fails the type check.
  spawnSync('npx', ['wxt', 'prepare'], { stdio: 'ignore' });
}
if (wanted('typecheck')) check('type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
if (wanted('lint') && scripts.lint) check('lint', 'npm', ['run', '--silent', 'lint']);

if (wanted('unit')) vitestSuite('unit', 'test-results/unit.json', []);

let chromeBuilt = false;
let firefoxBuilt = false;
if (wanted('build') || wanted('e2e') || wanted('e2e-chromium') || wanted('e2e-firefox')) {
  chromeBuilt = check('build chrome-mv3', 'npx', ['wxt', 'build']);
  firefoxBuilt = check('build firefox-mv3', 'npx', ['wxt', 'build', '-b', 'firefox']);
  if (firefoxBuilt && wanted('build')) {
    const lint = run('npx', [
      'web-ext',
      'lint',
      '--source-dir',
      '.output/firefox-mv3',
      '--output',
      'json',
      '--pretty=false',
      '--self-hosted',
    ]);
    let summary: { errors: number; warnings: number } | undefined;
    try {
      summary = (JSON.parse(lint.out.slice(lint.out.indexOf('{'))) as { summary: { errors: number; warnings: number } })
        .summary;
    } catch {
      // unreadable report: a failed check below
    }
    checks.push({
      name: 'web-ext lint',
      ok: summary?.errors === 0,
      seconds: lint.seconds,
      note: summary ? `${summary.errors} errors, ${summary.warnings} warnings` : 'unreadable report',
    });
  }
}

if (wanted('e2e') || wanted('e2e-chromium')) {
  const suite = 'e2e chromium';
  if (!chromeBuilt) notRun(suite, 'not run: the Chrome build failed');
  else {
    // playwright.config.ts writes this report; Playwright empties test-results/ when it starts, so the
    // suites before it were read already.
    const report = 'test-results/e2e-chromium.json';
    const r = run('npx', ['playwright', 'test']);
    if (!existsSync(report)) notRun(suite, `no report (${report}); see its output above`);
    else {
      const j = JSON.parse(readFileSync(report, 'utf8')) as {
        stats: { expected: number; unexpected: number; flaky: number; skipped: number };
        errors?: unknown[];
      };
      const failed =
        j.stats.unexpected +
        j.stats.flaky +
        (j.errors?.length ?? 0) +
        (!r.ok && !j.stats.unexpected && !j.errors?.length ? 1 : 0);
      tallies.push({ suite, passed: j.stats.expected, failed, skipped: j.stats.skipped, seconds: r.seconds });
    }
  }
}

if (wanted('e2e') || wanted('e2e-firefox')) {
  const suite = 'e2e firefox';
  if (!firefoxBuilt) notRun(suite, 'not run: the Firefox build failed');
  else vitestSuite(suite, 'test-results/e2e-firefox.json', ['-c', 'vitest.firefox.config.ts']);
}

const secs = (s: number) => `${Math.round(s)} s`;
process.stdout.write('\n');
for (const c of checks)
  process.stdout.write(
    `check ${c.name}: ${c.ok ? 'ok' : 'FAILED'}${c.note ? ` (${c.note})` : ''}, ${secs(c.seconds)}\n`,
  );
for (const t of tallies)
  process.stdout.write(
    `${t.suite}: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}${t.note ? ` (${t.note})` : `, ${secs(t.seconds)}`}\n`,
  );
const failedChecks = checks.filter((c) => !c.ok);
if (failedChecks.length)
  process.stdout.write(`failed checks (each counted as one failure): ${failedChecks.map((c) => c.name).join(', ')}\n`);
process.stdout.write(`whole run: ${secs((Date.now() - started) / 1000)}\n`);
const passed = tallies.reduce((s, t) => s + t.passed, 0);
const failed = tallies.reduce((s, t) => s + t.failed, 0) + failedChecks.length;
const skipped = tallies.reduce((s, t) => s + t.skipped, 0);
process.stdout.write(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed ? 1 : 0);
