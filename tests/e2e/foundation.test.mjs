// The foundation in a real Chromium: the e2e build loads, its content script runs on a
// 127.0.0.1 page, the service worker answers, popup and options render, a context-menu click
// reaches the real listener, and the harness can restart the worker.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { E2E_BUILD, launchWithExtension, requestFindings, serveDirectory } from './harness.mjs';

/** A line of webextension-polyfill's source: present where the polyfill is bundled. */
const POLYFILL_MARK = 'This script should only be loaded in a browser extension';

describe('foundation (real Chromium, e2e build)', () => {
  let harness;
  let site;
  before(async () => {
    harness = await launchWithExtension();
    site = await serveDirectory();
  });
  after(async () => {
    await harness?.close();
    await site?.close();
  });

  it('runs the content script on a 127.0.0.1 page and answers proclens:findings', async () => {
    const page = await harness.context.newPage();
    await page.goto(`${site.url}/minimal.html`);
    const findings = await requestFindings(harness, page);
    assert.equal(findings.version, 1);
    assert.equal(findings.url, `${site.url}/minimal.html`);
    assert.ok(
      Array.isArray(findings.processes) &&
        Array.isArray(findings.hashes) &&
        Array.isArray(findings.notices),
    );
    await page.close();
  });

  it('a second copy of the scanner injected into the tab takes over from the first', async () => {
    const page = await harness.context.newPage();
    await page.goto(`${site.url}/minimal.html`);
    await requestFindings(harness, page);
    const ours = () =>
      page.evaluate(() => [CSS.highlights.size, document.adoptedStyleSheets.length]);
    const [highlights, sheets] = await ours();
    const worker = await harness.serviceWorker();
    await worker.evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      await chrome.scripting.executeScript({
        target: { tabId: tab.id },
        files: ['content-scripts/scanner.js'],
      });
    }, page.url());
    await page.waitForTimeout(500);
    // The first copy removed its highlights and stylesheet; the second has its own.
    assert.deepEqual(await ours(), [highlights, sheets]);
    assert.equal((await requestFindings(harness, page)).version, 1);
    await page.close();
  });

  it('bundles webextension-polyfill in the worker, popup and options, not in the content script', () => {
    const read = (file) => readFileSync(path.join(E2E_BUILD, file), 'utf8');
    assert.ok(read('background.js').includes(POLYFILL_MARK));
    assert.ok(!read('content-scripts/scanner.js').includes(POLYFILL_MARK));
    // The content script answers proclens:findings with the browser's own API (first test).
  });

  it('keeps the built-in baseline in the background, out of the content script', () => {
    const read = (file) => readFileSync(path.join(E2E_BUILD, file), 'utf8');
    // A binary only the baseline names (the score and the card both once pulled it in).
    const mark = 'sgrmbroker.exe';
    assert.ok(read('background.js').toLowerCase().includes(mark));
    assert.ok(!read('content-scripts/scanner.js').toLowerCase().includes(mark));
  });

  it('installing opens the options page once (first run), where consoles are enabled', () => {
    assert.equal(harness.openedOptionsOnInstall, true);
  });

  it('the service worker answers the popup, which renders its status', async () => {
    const popup = await harness.openPopup();
    const status = popup.getByRole('status');
    await status.filter({ hasText: 'baseline' }).waitFor({ timeout: 5_000 });
    assert.match(await status.textContent(), /Built-in baseline \(no API key set\)/);
    await popup.close();
  });

  it('options render with the public labels and persist across reloads', async () => {
    const options = await harness.openOptions();
    await options.getByLabel('API key').fill('my-secret-key');
    await options.getByLabel('API base URL').fill('http://127.0.0.1:9/');
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.').waitFor();
    await options.reload();
    assert.equal(await options.getByLabel('API key').inputValue(), 'my-secret-key');
    assert.equal(await options.getByLabel('API base URL').inputValue(), 'http://127.0.0.1:9');
    assert.equal(await options.getByLabel('API key').getAttribute('type'), 'password');
    // The popup now reports the key as set, without showing it.
    const popup = await harness.openPopup();
    const status = popup.getByRole('status');
    await status.filter({ hasText: 'EchoTrail' }).waitFor({ timeout: 5_000 });
    assert.doesNotMatch(await popup.content(), /my-secret-key/);
    // An invalid URL is refused with a reason, and nothing is stored.
    await options.getByLabel('API base URL').fill('ftp://nope');
    await options.getByRole('button', { name: 'Save' }).click();
    await options.locator('#api-base-url-error').waitFor();
    await options.reload();
    assert.equal(await options.getByLabel('API base URL').inputValue(), 'http://127.0.0.1:9');
    await popup.close();
    await options.close();
  });

  it('a dispatched context-menu click reaches the background listener', async () => {
    await harness.dispatchMenuClick(
      {
        menuItemId: 'proclens-score',
        selectionText: '  C:\\Windows\\System32\\rundll32.exe  ',
        editable: false,
        pageUrl: site.url,
        frameId: 0,
      },
      {
        id: 7,
        index: 0,
        pinned: false,
        highlighted: false,
        windowId: 1,
        active: true,
        incognito: false,
        selected: false,
        discarded: false,
        autoDiscardable: true,
        groupId: -1,
      },
    );
    const worker = await harness.serviceWorker();
    const stored = await worker.evaluate(() => chrome.storage.session.get('lastMenuQuery'));
    assert.equal(stored.lastMenuQuery.query, 'C:\\Windows\\System32\\rundll32.exe');
    assert.equal(stored.lastMenuQuery.tabId, 7);
    // The item exists: updating a known id resolves, an unknown one rejects.
    await worker.evaluate(() => chrome.contextMenus.update('proclens-score', {}));
    await assert.rejects(worker.evaluate(() => chrome.contextMenus.update('no-such-item', {})));
  });

  it('the harness can stop and restart the service worker, which then answers again', async () => {
    const worker = await harness.serviceWorker();
    await worker.evaluate(() => {
      globalThis.__beforeRestart = true;
    });
    await harness.stopServiceWorker();
    assert.equal(harness.serviceWorkerStatus(), 'stopped');
    const restarted = await harness.serviceWorker();
    assert.equal(harness.serviceWorkerStatus(), 'running');
    assert.equal(await restarted.evaluate(() => typeof globalThis.__beforeRestart), 'undefined');
    const popup = await harness.openPopup();
    await popup
      .getByRole('status')
      .filter({ hasText: /EchoTrail|baseline/ })
      .waitFor({ timeout: 5_000 });
    await popup.close();
  });
});

describe('loading route for branded Chrome 137+ (CDP Extensions.loadUnpacked)', () => {
  it('loads the extension without --load-extension and runs its content script', async () => {
    const harness = await launchWithExtension({ loadVia: 'cdp' });
    const site = await serveDirectory();
    try {
      assert.equal(harness.loadVia, 'cdp');
      const page = await harness.context.newPage();
      await page.goto(`${site.url}/minimal.html`);
      const findings = await requestFindings(harness, page);
      assert.equal(findings.url, `${site.url}/minimal.html`);
    } finally {
      await harness.close();
      await site.close();
    }
  });
});
