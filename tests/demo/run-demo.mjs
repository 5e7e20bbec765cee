// `npm run demo [-- --headless] [-- --no-build]`: builds the extension and opens the demo alert
// console with it loaded, on the built-in baseline (no API key, no network). With no display,
// or with --headless, it saves a screenshot and prints its path.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  E2E_BUILD,
  findChromium,
  launchWithExtension,
  requestFindings,
  serveDirectory,
} from '../e2e/harness.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const args = new Set(process.argv.slice(2));
const noDisplay =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const headless = args.has('--headless') || noDisplay;

if (!args.has('--no-build')) {
  console.log(
    'Building the extension (test build: the production build plus 127.0.0.1/localhost)…',
  );
  const build = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'wxt'),
    ['build', '--mode', 'e2e'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}

if (!findChromium()) {
  console.error(`
No Chromium found. Get one with:
  sudo apt-get install -y --no-install-recommends chromium     (Debian/Ubuntu)
or point CHROME_PATH at a Chromium or Chrome binary and run this again.

The built extension is at:
  ${E2E_BUILD}
Load it by hand at chrome://extensions → Developer mode → "Load unpacked", then open
  tests/demo/console.html through any local web server on 127.0.0.1.`);
  process.exit(2);
}

const site = await serveDirectory(path.join(ROOT, 'tests', 'demo'));
const harness = await launchWithExtension({ headless, viewport: { width: 1440, height: 900 } });
const page = harness.context.pages()[0] ?? (await harness.context.newPage());
const url = `${site.url}/console.html`;
await page.goto(url);
console.log(`Demo console: ${url}`);
console.log(
  `Extension ${harness.extensionId} loaded (${harness.loadVia === 'cdp' ? 'CDP Extensions.loadUnpacked' : '--load-extension'}), mode: built-in baseline.`,
);

// Wait until the page is scanned and scored.
let findings = await requestFindings(harness, page);
for (let i = 0; i < 100 && !findings.complete; i++) {
  await page.waitForTimeout(100);
  findings = await requestFindings(harness, page);
}
const unusual = findings.processes
  .filter((p) => p.contexts.some((c) => c.score !== null && c.score < 70))
  .map((p) => p.name);
console.log(
  `Findings on the page: ${findings.processes.length} processes, ${findings.hashes.length} hashes; least conforming: ${unusual.join(', ') || 'none'}.`,
);

if (headless) {
  // Rest the pointer on the suspicious svchost.exe (C:\Users\Public) so its card opens.
  const cell = page.locator('td', { hasText: 'C:\\Users\\Public\\svchost.exe' }).first();
  const box = await cell.boundingBox();
  await page.mouse.move(box.x + 20, box.y + 8);
  await page.waitForTimeout(1_200);
  const outDir = path.join(ROOT, '.output', 'demo');
  mkdirSync(outDir, { recursive: true });
  const shot = path.join(outDir, 'demo-console.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`Screenshot: ${shot}`);
  await harness.close();
  await site.close();
} else {
  console.log('Close the browser window (or press Ctrl-C) to end the demo.');
  const stop = async () => {
    await harness.close().catch(() => {});
    await site.close();
    process.exit(0);
  };
  harness.context.on('close', stop);
  process.on('SIGINT', stop);
}
