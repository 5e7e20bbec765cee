// Lookups in a real Chromium with the e2e build and the local EchoTrail-compatible server:
// a page with K distinct indicators sends exactly K requests, a reload sends none, a
// restarted service worker sends none (the cache is in IndexedDB), and nothing but the
// queried name or hash and the documented headers leaves the browser.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, launchWithExtension, requestFindings, serveDirectory } from './harness.mjs';
import { startFakeEchoTrail } from '../fake-echotrail/server.mjs';

const PAGE = 'consoles/02-splunk-table';
const expected = JSON.parse(readFileSync(path.join(FIXTURES, PAGE, 'expected.json'), 'utf8'));
const KEYS = [...Object.keys(expected.processes), ...Object.keys(expected.hashes)].sort();
/** Headers our client sets, plus those every browser fetch carries. */
const ALLOWED_HEADERS = new Set([
  'x-api-key',
  'api-version',
  'accept',
  'host',
  'connection',
  'user-agent',
  'accept-encoding',
  'accept-language',
  'origin',
  'sec-fetch-site',
  'sec-fetch-mode',
  'sec-fetch-dest',
  'sec-fetch-storage-access',
  'sec-ch-ua',
  'sec-ch-ua-mobile',
  'sec-ch-ua-platform',
  'pragma',
  'cache-control',
  'priority',
]);

describe('lookups (real Chromium, local EchoTrail-compatible server)', () => {
  let harness;
  let site;
  let server;
  before(async () => {
    server = await startFakeEchoTrail();
    harness = await launchWithExtension();
    site = await serveDirectory(FIXTURES);
    const options = await harness.openOptions();
    await options.getByLabel('API key').fill(server.apiKey);
    await options.getByLabel('API base URL').fill(server.url);
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.').waitFor();
    await options.close();
  });
  after(async () => {
    await harness?.close();
    await site?.close();
    await server?.close();
  });

  /** Waits until the findings are complete and the server has seen no request for a while. */
  async function settle(page) {
    for (let i = 0; i < 100; i++) {
      const findings = await requestFindings(harness, page);
      if (findings.complete) break;
      await page.waitForTimeout(100);
    }
    let count = -1;
    while (count !== server.requests.length) {
      count = server.requests.length;
      await page.waitForTimeout(1_000);
    }
  }

  it(`a page with ${KEYS.length} distinct indicators sends exactly ${KEYS.length} requests`, async () => {
    const page = await harness.context.newPage();
    await page.goto(`${site.url}/${PAGE}/`);
    await settle(page);
    assert.deepEqual(server.insightQueries().sort(), KEYS);
    await page.close();
  });

  it('a reload sends none: answers come from the cache', async () => {
    const before = server.requests.length;
    const page = await harness.context.newPage();
    await page.goto(`${site.url}/${PAGE}/`);
    await settle(page);
    assert.equal(server.requests.length, before);
    await page.close();
  });

  it('a restarted service worker sends none: the cache is persistent', async () => {
    const before = server.requests.length;
    await harness.restartServiceWorker();
    const page = await harness.context.newPage();
    await page.goto(`${site.url}/${PAGE}/`);
    await settle(page);
    assert.equal(server.requests.length, before);
    await page.close();
  });

  it('the popup shows the quota left today and the cache size', async () => {
    const popup = await harness.openPopup();
    const status = popup.getByRole('status');
    await status.filter({ hasText: 'lookups left today' }).waitFor({ timeout: 5_000 });
    const text = await status.textContent();
    assert.match(text, /EchoTrail API key set/);
    assert.match(text, new RegExp(`Key works: ${250 - KEYS.length} of 250 lookups left today`));
    assert.match(text, new RegExp(`${KEYS.length} cached answers`));
    assert.doesNotMatch(await popup.content(), new RegExp(server.apiKey));
    await popup.close();
  });

  it('options test a key before saving it, and clear the cache', async () => {
    const options = await harness.openOptions();
    await options.getByLabel('API key').fill('not-the-key');
    await options.getByRole('button', { name: 'Test key' }).click();
    await options.getByText('EchoTrail refused the API key (HTTP 403).').waitFor();
    await options.getByLabel('API key').fill(server.apiKey);
    await options.getByRole('button', { name: 'Test key' }).click();
    await options.getByText(/Key works: \d+ of 250 lookups left today/).waitFor();
    await options.getByText(`${KEYS.length} cached answers`).waitFor();
    await options.getByRole('button', { name: 'Clear cache' }).click();
    await options.getByText('0 cached answers').waitFor();
    await options.close();
  });

  it('sends nothing but the queried name or hash and the documented headers', () => {
    assert.ok(server.requests.length > 0);
    for (const request of server.requests.filter((r) => r.path.startsWith('/insights/'))) {
      const query = decodeURIComponent(request.path.replace(/^\/insights\//, ''));
      assert.ok(KEYS.includes(query), `unexpected request ${request.path}`);
      assert.equal(request.query, '');
      assert.equal(request.body, '');
      for (const [name, value] of Object.entries(request.headers)) {
        assert.ok(ALLOWED_HEADERS.has(name), `unexpected header ${name}: ${value}`);
        assert.doesNotMatch(
          String(value),
          new RegExp(`${site.url.replace(/[.:/]/g, '\\$&')}|splunk|svchost`, 'i'),
        );
      }
      assert.equal(request.headers.referer, undefined);
      assert.equal(request.headers.cookie, undefined);
    }
  });
});
