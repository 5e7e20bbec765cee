// Real-browser harness: Debian Chromium (or CHROME_PATH) driven by playwright-core, with the
// built extension loaded and fixture pages served from 127.0.0.1.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const E2E_BUILD = path.join(ROOT, '.output', 'chrome-mv3-e2e');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** The Chromium to drive: CHROME_PATH, else the first Debian/Ubuntu location that exists. */
export function findChromium() {
  if (process.env.CHROME_PATH)
    return existsSync(process.env.CHROME_PATH) ? process.env.CHROME_PATH : null;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

// Flags that keep Chromium quiet on a machine with no network (see shared/TOOLCHAIN.md).
const QUIET_FLAGS = [
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-gpu',
  '--no-sandbox',
];

/**
 * How to load the unpacked extension into `executablePath`. Branded Google Chrome 137+ ignores
 * `--load-extension`, so it gets the CDP `Extensions.loadUnpacked` route; Chromium builds take
 * the command-line flags. PROCLENS_LOAD_VIA=cdp|flag overrides.
 */
export function extensionLoadMethod(executablePath) {
  const forced = process.env.PROCLENS_LOAD_VIA;
  if (forced === 'cdp' || forced === 'flag') return forced;
  try {
    const version = execFileSync(executablePath, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    const branded = /Google Chrome\s+(\d+)/.exec(version);
    return branded && Number(branded[1]) >= 137 ? 'cdp' : 'flag';
  } catch {
    return 'flag';
  }
}

/** The first page of `context` whose URL passes `test`, waited for up to `timeoutMs`, or null. */
async function waitForPage(context, test, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = context.pages().find((p) => test(p.url()));
    if (page || Date.now() > deadline) return page ?? null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Launches Chromium with the extension at `extensionPath` loaded (default: the e2e build).
 * @param {{ extensionPath?: string, headless?: boolean, viewport?: {width: number, height: number}, loadVia?: 'flag'|'cdp' }} [options]
 */
export async function launchWithExtension(options = {}) {
  const extensionPath = options.extensionPath ?? E2E_BUILD;
  if (!existsSync(path.join(extensionPath, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionPath}: run \`npm run build:e2e\` first.`);
  }
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error(
      'No Chromium found: apt-get install -y --no-install-recommends chromium, or set CHROME_PATH.',
    );
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'proclens-e2e-'));
  const loadVia = options.loadVia ?? extensionLoadMethod(executablePath);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: options.headless ?? true,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    // Playwright's default --disable-extensions silently breaks Extensions.loadUnpacked.
    ignoreDefaultArgs: loadVia === 'cdp' ? ['--disable-extensions'] : [],
    args:
      loadVia === 'cdp'
        ? [...QUIET_FLAGS, '--enable-unsafe-extension-debugging']
        : [
            ...QUIET_FLAGS,
            `--disable-extensions-except=${extensionPath}`,
            `--load-extension=${extensionPath}`,
          ],
  });
  if (loadVia === 'cdp') {
    const session = await context.browser().newBrowserCDPSession();
    await session.send('Extensions.loadUnpacked', { path: extensionPath });
    await session.detach();
  }
  const firstWorker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(firstWorker.url()).host;
  // On install the extension opens its options page (first run). Close it before any test runs:
  // otherwise a test's own visit to options.html races openOptionsPage() re-targeting that tab.
  const firstRunOptions = await waitForPage(
    context,
    (url) => url.startsWith(`chrome-extension://${extensionId}/options.html`),
    5_000,
  );
  await firstRunOptions?.close();
  // Playwright keeps one Worker object across a stop and a restart (its evaluate() hangs while
  // the worker is stopped), so the worker's real state is followed through CDP on a page the
  // harness keeps for itself.
  const controlPage =
    context.pages().find((p) => !p.url().startsWith('chrome-extension://')) ??
    (await context.newPage());
  const cdp = await context.newCDPSession(controlPage);
  let workerStatus = 'running';
  const statusWaiters = new Set();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    const ours = versions.find((v) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`));
    if (!ours) return;
    workerStatus = ours.runningStatus;
    for (const waiter of statusWaiters) waiter();
  });
  await cdp.send('ServiceWorker.enable');
  const waitForStatus = async (status, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (workerStatus !== status) {
      if (Date.now() > deadline)
        throw new Error(`service worker did not reach "${status}" (is "${workerStatus}")`);
      await new Promise((resolve) => {
        statusWaiters.add(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  const liveWorker = () =>
    context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));

  const harness = {
    context,
    extensionId,
    /** Whether installing opened the options page (first run), as it should. */
    openedOptionsOnInstall: firstRunOptions !== null,
    loadVia,
    extensionUrl: (file) => `chrome-extension://${extensionId}/${file}`,

    /** The running service worker, woken up first if it was stopped. */
    async serviceWorker() {
      if (workerStatus !== 'running') {
        // Any extension event wakes it; an extension page that messages it is the simplest.
        const page = await context.newPage();
        await page.goto(harness.extensionUrl('popup.html'));
        await waitForStatus('running');
        await page.close();
      }
      const worker =
        liveWorker() ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
      return worker;
    },

    /** 'running', 'stopped', 'starting' or 'stopping', as Chromium reports it. */
    serviceWorkerStatus: () => workerStatus,

    /** Opens the toolbar popup's page in a tab (a real popup cannot be opened headless). */
    async openPopup() {
      const page = await context.newPage();
      await page.goto(harness.extensionUrl('popup.html'));
      return page;
    },

    async openOptions() {
      const page = await context.newPage();
      await page.goto(harness.extensionUrl('options.html'));
      return page;
    },

    /**
     * Fires the real contextMenus.onClicked listener with `info` and `tab`, as a right-click
     * would (a native menu cannot be clicked headless).
     */
    async dispatchMenuClick(info, tab) {
      const worker = await harness.serviceWorker();
      await worker.evaluate(
        ([i, t]) => chrome.contextMenus.onClicked.dispatch(i, t),
        [info, tab ?? { id: -1 }],
      );
    },

    /** Stops the extension's service worker, as Chromium does after 30 s idle. */
    async stopServiceWorker() {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await waitForStatus('stopped');
    },

    /** Stops the service worker and wakes a fresh one; returns the new worker. */
    async restartServiceWorker() {
      await harness.stopServiceWorker();
      return harness.serviceWorker();
    },

    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `dir` on 127.0.0.1 at a random port. Also serves `extra` routes (path → string or
 * function returning a string), for generated pages.
 */
export async function serveDirectory(dir = FIXTURES, extra = {}, host = '127.0.0.1') {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = extra[url.pathname];
    if (route !== undefined) {
      res.writeHead(200, { 'content-type': MIME['.html'] });
      res.end(typeof route === 'function' ? route(url) : route);
      return;
    }
    const file = path.join(
      dir,
      path.normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, ''),
    );
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      const target = (await stat(file)).isDirectory() ? path.join(file, 'index.html') : file;
      const body = await readFile(target);
      res.writeHead(200, {
        'content-type': MIME[path.extname(target)] ?? 'application/octet-stream',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, host, resolve));
  const { port } = server.address();
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/**
 * Sends the public `proclens:findings` message to the tab showing `page`, from the service
 * worker, exactly as the popup does; returns the content script's answer.
 */
export async function requestFindings(harness, page) {
  const worker = await harness.serviceWorker();
  const pageUrl = page.url();
  // The content script is injected at document_idle: until then nobody receives the message.
  for (let attempt = 0; ; attempt++) {
    try {
      return await worker.evaluate(async (url) => {
        const [tab] = await chrome.tabs.query({ url });
        if (!tab?.id) throw new Error(`no tab for ${url}`);
        return chrome.tabs.sendMessage(tab.id, { type: 'proclens:findings' });
      }, pageUrl);
    } catch (error) {
      if (attempt >= 50 || !/Receiving end does not exist|no tab for/.test(String(error)))
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * The HTML of our card's panel, read through CDP (which pierces closed shadow roots, as
 * assistive technology does); null when no card is open.
 */
export async function cardHtml(page) {
  return withCardPanel(page, async (cdp, panel) => {
    const { outerHTML } = await cdp
      .send('DOM.getOuterHTML', { nodeId: panel.nodeId })
      .catch(() => ({ outerHTML: '' }));
    return /<article/.test(outerHTML) ? outerHTML : null;
  });
}

/**
 * Polls the open card until its HTML matches `pattern` (any card when omitted), for up to
 * `timeoutMs`; returns the last HTML seen, or null when no card showed.
 */
export async function waitForCard(page, pattern = null, timeoutMs = 4_000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const html = await cardHtml(page);
    if ((html && (!pattern || pattern.test(html))) || Date.now() >= deadline) return html;
    await page.waitForTimeout(intervalMs);
  }
}

/** The card panel's laid-out width and height in CSS pixels, or null when no card is open. */
export async function cardBox(page) {
  return withCardPanel(page, async (cdp, panel) => {
    const { model } = await cdp.send('DOM.getBoxModel', { nodeId: panel.nodeId });
    const [left, top, , , right, bottom] = model.border;
    return { width: model.width, height: model.height, left, top, right, bottom };
  });
}

/** Runs `use` with a CDP session and the card panel's node (found through closed shadow roots). */
async function withCardPanel(page, use) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const find = (node) => {
      if (node.attributes?.includes('pl-panel')) return node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
        const found = find(child);
        if (found) return found;
      }
      return null;
    };
    const panel = find(root);
    return panel ? await use(cdp, panel) : null;
  } finally {
    await cdp.detach();
  }
}

/** Runs axe-core on a page; returns its serious and critical violations. */
export async function seriousViolations(page) {
  const source = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(source);
  const results = await page.evaluate(() =>
    globalThis.axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

/** Points the extension at a local EchoTrail-compatible server (its key and URL), as options would. */
export async function useEchoTrail(harness, server) {
  const worker = await harness.serviceWorker();
  await worker.evaluate(
    ([apiKey, apiBaseUrl]) =>
      chrome.storage.local.set({
        settings: {
          version: 1,
          apiKey,
          apiBaseUrl,
          cacheHitTtlHours: 24,
          cacheMissTtlHours: 6,
          highlight: true,
          autoLookup: 'all',
          bands: { typical: 70, rare: 30 },
        },
      }),
    [server.apiKey, server.url],
  );
}
