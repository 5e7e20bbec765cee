// `npm test`: every check a reviewer needs, in order, ending with one line "N passed, N failed"
// that sums every suite. Checks that are not test suites (typecheck, lint, builds, web-ext
// lint) count as one test each. Every step runs even when an earlier one failed, so one run
// shows everything that is wrong; the exit code is non-zero if anything failed.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, '.ci-out');
mkdirSync(OUT, { recursive: true });
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);

/** Runs a command with inherited output (and a copy of stdout when `capture`). */
function run(cmd, args, { capture = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
    child.on('error', (err) => resolve({ code: 1, out: String(err) }));
  });
}

const check = (cmd, args, opts) => async () => {
  const { code } = await run(cmd, args, opts);
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
};

const steps = [
  ['typecheck', check(bin('tsc'), ['--noEmit', '-p', '.'])],
  [
    'lint (eslint + prettier)',
    async () => {
      const a = await run(bin('eslint'), ['--max-warnings', '0', '.']);
      const b = await run(bin('prettier'), ['--check', '--log-level', 'warn', '.']);
      const ok = a.code === 0 && b.code === 0;
      return { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
    },
  ],
  [
    'unit + DOM tests (vitest)',
    async () => {
      const report = path.join(OUT, 'vitest.json');
      const { code } = await run(bin('vitest'), [
        'run',
        '--config',
        'tests/vitest.config.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
      ]);
      try {
        const r = JSON.parse(readFileSync(report, 'utf8'));
        return {
          passed: r.numPassedTests,
          failed: r.numFailedTests + (code !== 0 && r.numFailedTests === 0 ? 1 : 0),
        };
      } catch {
        return { passed: 0, failed: 1 };
      }
    },
  ],
  ['build chrome-mv3 (production)', check(bin('wxt'), ['build'])],
  ['build firefox-mv3 (production)', check(bin('wxt'), ['build', '-b', 'firefox', '--mv3'])],
  ['build chrome-mv3-e2e (test build)', check(bin('wxt'), ['build', '--mode', 'e2e'])],
  [
    'build firefox-mv3-e2e (test build)',
    check(bin('wxt'), ['build', '-b', 'firefox', '--mv3', '--mode', 'e2e']),
  ],
  [
    'web-ext lint (firefox-mv3)',
    check(bin('web-ext'), ['lint', '--source-dir', '.output/firefox-mv3', '--output', 'text']),
  ],
  [
    'e2e (real Chromium and Firefox)',
    async () => {
      const { code, out } = await run(
        process.execPath,
        ['--test', '--test-concurrency=1', '--test-reporter=tap', 'tests/e2e/'],
        { capture: true },
      );
      const count = (label) => Number(out.match(new RegExp(`^# ${label} (\\d+)`, 'm'))?.[1] ?? 0);
      const passed = count('pass');
      const failed = count('fail') + count('cancelled');
      return { passed, failed: failed + (code !== 0 && failed === 0 ? 1 : 0) };
    },
  ],
];

const only = process.argv.slice(2);
const results = [];
const started = Date.now();
for (const [name, step] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  console.log(`\n::: ${name}`);
  const t0 = Date.now();
  const result = await step();
  results.push({ name, ...result, seconds: ((Date.now() - t0) / 1000).toFixed(1) });
}

console.log('\nSummary');
for (const r of results) {
  console.log(
    `  ${r.failed ? 'FAIL' : 'ok  '}  ${r.name.padEnd(36)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds}s`,
  );
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`  total time ${((Date.now() - started) / 1000).toFixed(1)}s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
