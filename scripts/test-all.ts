/**
 * `npm test`: every suite, one after the other, then one line that sums them all.
 *   1. type check (tsc)                 counted as one test
 *   2. unit tests (vitest)              each test counted
 *   3. builds (Chrome MV3, Firefox MV2) and `web-ext lint` on the Firefox build: one test each
 *   4. end-to-end tests (Playwright, the built extension in real Chromium)
 * Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

interface Tally {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
}
const tallies: Tally[] = [];
const only = new Set(process.argv.slice(2));
const wanted = (s: string) => only.size === 0 || only.has(s);

function run(cmd: string, args: string[], env: Record<string, string> = {}): { ok: boolean; out: string } {
  process.stdout.write(`\n$ ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  process.stdout.write(out.length > 20_000 ? `${out.slice(0, 4_000)}\n…\n${out.slice(-14_000)}` : out);
  return { ok: r.status === 0, out };
}

function single(suite: string, ok: boolean): void {
  tallies.push({ suite, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}

mkdirSync('test-results', { recursive: true });

if (wanted('typecheck')) single('typecheck', run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']).ok);

if (wanted('unit')) {
  const r = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json']);
  if (existsSync('test-results/unit.json')) {
    const j = JSON.parse(readFileSync('test-results/unit.json', 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    // A suite that failed to load counts no tests but must not pass silently.
    const failed = j.numFailedTests + (r.ok || j.numFailedTests ? 0 : 1);
    tallies.push({ suite: 'unit', passed: j.numPassedTests, failed, skipped: j.numPendingTests + j.numTodoTests });
  } else single('unit (no report)', false);
}

if (wanted('build')) {
  single('build chrome-mv3', run('npx', ['wxt', 'build']).ok);
  const ff = run('npx', ['wxt', 'build', '-b', 'firefox']).ok;
  single('build firefox-mv2', ff);
  if (ff) {
    const lint = run('npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv2', '--output', 'json', '--pretty=false', '--self-hosted']);
    const json = lint.out.slice(lint.out.indexOf('{'));
    let errors = -1;
    let warnings = -1;
    try {
      const report = JSON.parse(json) as { summary: { errors: number; warnings: number } };
      errors = report.summary.errors;
      warnings = report.summary.warnings;
    } catch {
      // unreadable report: counted as a failure below
    }
    process.stdout.write(`web-ext lint: ${errors} errors, ${warnings} warnings\n`);
    single('web-ext lint (no errors)', errors === 0);
  }
}

if (wanted('e2e')) {
  const r = run('npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/e2e.json' });
  if (existsSync('test-results/e2e.json')) {
    const j = JSON.parse(readFileSync('test-results/e2e.json', 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number }; errors?: unknown[] };
    const failed = j.stats.unexpected + j.stats.flaky + (j.errors?.length ?? 0) + (!r.ok && !j.stats.unexpected && !j.errors?.length ? 1 : 0);
    tallies.push({ suite: 'e2e', passed: j.stats.expected, failed, skipped: j.stats.skipped });
  } else single('e2e (no report)', false);
}

process.stdout.write('\n');
for (const t of tallies) process.stdout.write(`${t.suite}: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}\n`);
const passed = tallies.reduce((s, t) => s + t.passed, 0);
const failed = tallies.reduce((s, t) => s + t.failed, 0);
const skipped = tallies.reduce((s, t) => s + t.skipped, 0);
process.stdout.write(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed ? 1 : 0);
