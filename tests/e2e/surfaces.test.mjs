// The three surfaces in a real Chromium with the e2e build: hover cards on a console, the
// popup (lookup, this page, this site), right-click and keyboard cards; per-site opt-in;
// accessibility of popup and options (axe-core). Screenshots go to .output/screenshots/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  FIXTURES,
  ROOT,
  cardBox,
  cardHtml,
  waitForCard,
  launchWithExtension,
  requestFindings,
  seriousViolations,
  serveDirectory,
} from './harness.mjs';
import { putCaretIn } from './page-findings.mjs';

const SHOTS = path.join(ROOT, '.output', 'screenshots');
const SYSMON_LINE =
  'Image: C:\\Users\\Public\\svchost.exe\nCommandLine: C:\\Users\\Public\\svchost.exe -k netsvcs\nParentImage: C:\\Windows\\System32\\rundll32.exe';

async function settle(harness, page) {
  for (let i = 0; i < 100; i++) {
    const findings = await requestFindings(harness, page);
    if (findings.complete) return findings;
    await page.waitForTimeout(100);
  }
  throw new Error('findings never complete');
}

/** Hovers the first cell showing `text` and waits for the card; returns its HTML. */
async function hoverCard(page, text) {
  const cell = page.locator('td', { hasText: text }).first();
  const box = await cell.boundingBox();
  await page.mouse.move(box.x + 12, box.y + 8);
  return waitForCard(page, /Conformity score \d+ of 100/);
}

const scoreIn = (html) => Number(/Conformity score (\d+) of 100/.exec(html ?? '')?.[1]);

/** A finding in each corner of the viewport, for the card's flip, shift and size. */
const EDGE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>edges</title>
<style>p { position: fixed; margin: 0; font: 14px sans-serif; }</style></head><body>
<p id="tl" style="top: 4px; left: 4px">C:\\Windows\\System32\\svchost.exe</p>
<p id="br" style="bottom: 4px; right: 4px">C:\\Windows\\System32\\lsass.exe</p>
<p id="bl" style="bottom: 4px; left: 4px">C:\\Windows\\explorer.exe</p>
</body></html>`;

describe('surfaces (real Chromium, e2e build)', () => {
  let harness;
  let site;
  let otherSite;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    harness = await launchWithExtension({ viewport: { width: 1440, height: 900 } });
    site = await serveDirectory(FIXTURES, { '/demo.html': () => '', '/edge.html': EDGE_PAGE });
    otherSite = await serveDirectory(FIXTURES, {}, '127.0.0.2');
  });
  after(async () => {
    await harness?.close();
    await site?.close();
    await otherSite?.close();
  });

  it("hovering a finding opens its card with that row's score; two rows, two scores", async () => {
    const page = await harness.context.newPage();
    await page.goto(`${site.url}/consoles/02-splunk-table/`);
    await settle(harness, page);
    const usual = await hoverCard(page, 'C:\\Windows\\System32\\svchost.exe');
    assert.match(usual, /svchost\.exe/);
    assert.ok(scoreIn(usual) >= 80, `usual row scored ${scoreIn(usual)}`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(100);
    assert.equal(await cardHtml(page), null);
    const unusual = await hoverCard(page, 'C:\\Windows\\Temp\\svchost.exe');
    assert.ok(scoreIn(unusual) < 40, `Temp row scored ${scoreIn(unusual)}`);
    assert.match(unusual, /folder: svchost\.exe is a Windows system binary/);
    await page.screenshot({ path: path.join(SHOTS, 'hover-card.png') });
    // The page's nodes: only our one host element was added.
    assert.equal(
      await page.evaluate(() => document.documentElement.lastElementChild.shadowRoot),
      null,
    );
    await page.close();
  });

  it('the card stays inside the viewport from every corner (flip, shift, size)', async () => {
    const page = await harness.context.newPage();
    await page.goto(`${site.url}/edge.html`);
    await settle(harness, page);
    for (const [id, name, below] of [
      ['tl', 'svchost.exe', true],
      ['br', 'lsass.exe', false],
      ['bl', 'explorer.exe', false],
    ]) {
      const anchor = await page.locator(`#${id}`).boundingBox();
      await page.mouse.move(anchor.x + 10, anchor.y + anchor.height / 2);
      assert.match(
        (await waitForCard(page, new RegExp(name.replace('.', '\\.')))) ?? '',
        /Conformity score/,
      );
      const card = await cardBox(page);
      const where = `${id}: card ${JSON.stringify(card)}`;
      assert.ok(card.left >= 0 && card.top >= 0, where);
      assert.ok(card.right <= 1440 && card.bottom <= 900, where);
      // Below its finding where there is room, flipped above it where there is not.
      if (below) assert.ok(card.top >= anchor.y + anchor.height, where);
      else assert.ok(card.bottom <= anchor.y, where);
      await page.keyboard.press('Escape');
      await page.mouse.move(700, 450);
      await page.waitForTimeout(300);
    }
    await page.close();
  });

  it('hovering a finding inside a same-origin frame opens its card beside it', async () => {
    const page = await harness.context.newPage();
    await page.goto(`${site.url}/live/iframe/`);
    const cell = page.frameLocator('#child').locator('td', { hasText: 'wscript.exe' }).first();
    await cell.waitFor();
    await settle(harness, page);
    const box = await cell.boundingBox();
    await page.mouse.move(box.x + 12, box.y + 8);
    const html = await waitForCard(page, /wscript\.exe/);
    assert.match(html ?? '', /wscript\.exe/);
    assert.match(html, /parent outlook\.exe/);
    await page.close();
  });

  it('the popup looks up a pasted Sysmon line and shows its card', async () => {
    const popup = await harness.openPopup();
    await popup.getByLabel('Process, path, hash, command line or event row').fill(SYSMON_LINE);
    await popup.getByRole('button', { name: 'Look up' }).click();
    const badge = popup.getByRole('img', { name: /Conformity score \d+ of 100/ });
    await badge.waitFor();
    const label = await badge.getAttribute('aria-label');
    assert.ok(scoreIn(label) < 40, label);
    assert.match(await popup.locator('.pl-card').textContent(), /parent rundll32\.exe/);
    await popup.screenshot({ path: path.join(SHOTS, 'popup-lookup.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(popup), []);
    await popup.close();
  });

  it("the popup lists the page's findings least conforming first", async () => {
    const page = await harness.context.newPage();
    await page.goto(`${site.url}/consoles/02-splunk-table/`);
    await settle(harness, page);
    const tabId = await (
      await harness.serviceWorker()
    ).evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, page.url());
    const popup = await harness.context.newPage();
    await popup.goto(harness.extensionUrl(`popup.html?tab=${tabId}`));
    await popup.locator('.findings li').first().waitFor();
    const scores = await popup.locator('.finding-score').allTextContents();
    const numbers = scores.map((s) => (s === '–' ? 101 : Number(s)));
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => a - b),
    );
    assert.ok(numbers[0] < 40);
    assert.match(
      await popup.getByText('ProcLens runs on').textContent(),
      /http:\/\/127\.0\.0\.1\/\*/,
    );
    await popup.screenshot({ path: path.join(SHOTS, 'popup-page.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(popup), []);
    await popup.close();
    await page.close();
  });

  it('a right-click "Score this process" shows the card on the page', async () => {
    const page = await harness.context.newPage();
    await page.goto(`${site.url}/consoles/15-threat-report/`);
    await settle(harness, page);
    const tabId = await (
      await harness.serviceWorker()
    ).evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, page.url());
    await harness.dispatchMenuClick(
      {
        menuItemId: 'proclens-score',
        selectionText: 'C:\\Users\\Public\\scvhost.exe',
        editable: false,
        pageUrl: page.url(),
        frameId: 0,
      },
      { id: tabId },
    );
    const html = await waitForCard(page, /lookalike/);
    assert.match(html, /scvhost\.exe/);
    assert.match(html, /looks like svchost\.exe/);
    await page.close();
  });

  it('the keyboard command shows the card for the finding at the selection', async () => {
    const page = await harness.context.newPage();
    await page.goto(`${site.url}/consoles/15-threat-report/`);
    await settle(harness, page);
    await putCaretIn(page, 'svch0st.exe');
    const worker = await harness.serviceWorker();
    const tabId = await worker.evaluate(
      async (url) => (await chrome.tabs.query({ url }))[0].id,
      page.url(),
    );
    await worker.evaluate(
      ([id]) => chrome.commands.onCommand.dispatch('open-card', { id }),
      [tabId],
    );
    const html = await waitForCard(page, /svch0st/);
    assert.match(html, /svch0st\.exe/);
    await page.close();
  });

  it('an enabled site gets the scanner registered dynamically', async () => {
    const worker = await harness.serviceWorker();
    const registered = await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    assert.deepEqual(
      registered.map((s) => [s.id, s.matches, s.runAt]),
      [
        ['proclens-highlight-styles', ['http://127.0.0.2/*'], 'document_start'],
        ['proclens-scanner', ['http://127.0.0.2/*'], 'document_idle'],
      ],
    );
    const page = await harness.context.newPage();
    await page.goto(`${otherSite.url}/consoles/13-jira-issue/`);
    const findings = await settle(harness, page);
    assert.ok(findings.processes.some((p) => p.name === 'mshta.exe'));
    // One stylesheet: the one adopted at document_start, taken over by the scanner.
    assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 1);
    await page.close();
  });

  it('options pass axe and are shown', async () => {
    const options = await harness.openOptions();
    await options.getByLabel('API key').waitFor();
    await options.screenshot({ path: path.join(SHOTS, 'options.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(options), []);
    await options.close();
  });
});
