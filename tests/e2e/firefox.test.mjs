// The same extension in a real Firefox (Debian's firefox-esr, the Firefox e2e build): every
// console of the detection corpus and the live-page fixtures give exactly the findings they
// give in Chromium, with no mutation of the page; highlights paint, hover hits, the card opens.
// Firefox differs where it matters here: caretPositionFromPoint, Xray-wrapped content
// scripts, its own Highlight and visibility code, an event page instead of a service worker.
// Without a Firefox the suite is skipped, except under CI (where .ci/run installs one).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES, serveDirectory } from './harness.mjs';
import { startFakeEchoTrail } from '../fake-echotrail/server.mjs';
import { findFirefox, launchFirefoxWithExtension, messageTab } from './firefox-harness.mjs';
import {
  CORPUS,
  RECORDER,
  assertHighlightsMatch,
  assertOnlyOurHostAdded,
  assertMatches,
  checkConsole,
  expectedOf,
  putCaretIn,
  settledFindings,
} from './page-findings.mjs';

const skip =
  !findFirefox() && !process.env.CI
    ? 'no Firefox here (apt-get install -y firefox-esr, or set FIREFOX_PATH)'
    : false;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the extension in a real Firefox (Firefox e2e build)', { skip }, () => {
  let harness;
  let site;
  let otherSite;
  before(async () => {
    site = await serveDirectory(FIXTURES);
    otherSite = await serveDirectory(FIXTURES, {}, '127.0.0.2');
    harness = await launchFirefoxWithExtension(site);
  });
  after(async () => {
    await harness?.close();
    await site?.close();
    await otherSite?.close();
  });

  async function open(url) {
    const page = await harness.newPage(RECORDER);
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    return { page, errors };
  }
  const findingsOf = (page, options) =>
    settledFindings(() => messageTab(harness, page, { type: 'proclens:findings' }), options);

  /**
   * The card's HTML once it matches `pattern` (or the last seen after 4 s): it opens in our
   * closed shadow root, which Firefox lets a content script read.
   */
  async function cardOf(page, pattern) {
    let card = null;
    for (let i = 0; i < 40 && !pattern.test(card ?? ''); i++) {
      await sleep(100);
      card = await harness.inExtension(
        async (tabId) => {
          const [result] = await globalThis.browser.scripting.executeScript({
            target: { tabId },
            func: () =>
              [...document.documentElement.children]
                .map((el) => el.openOrClosedShadowRoot?.querySelector('article'))
                .find(Boolean)?.outerHTML ?? null,
          });
          return result?.result ?? null;
        },
        await harness.tabIdOf(page),
      );
    }
    return card;
  }

  /** Calls a background handler (a menu click, a command) through the event page (test build). */
  const inBackground = (name, args) =>
    harness.inExtension(
      async ([handler, handlerArgs]) => {
        const background = await globalThis.browser.runtime.getBackgroundPage();
        await background.proclensE2E[handler](...handlerArgs);
      },
      [name, args],
    );

  it('a right-click "Score this process" shows the card on the page', async () => {
    const { page } = await open(`${site.url}/consoles/15-threat-report/`);
    await findingsOf(page);
    await inBackground('menuClick', [
      {
        menuItemId: 'proclens-score',
        selectionText: 'C:\\Users\\Public\\scvhost.exe',
        editable: false,
        pageUrl: page.url(),
        frameId: 0,
      },
      { id: await harness.tabIdOf(page) },
    ]);
    const card = await cardOf(page, /lookalike/);
    assert.match(card ?? '', /looks like svchost\.exe/);
    await assertOnlyOurHostAdded(page);
    await page.close();
  });

  it('the keyboard command shows the card for the finding at the selection', async () => {
    const { page } = await open(`${site.url}/consoles/15-threat-report/`);
    await findingsOf(page);
    await putCaretIn(page, 'svch0st.exe');
    await inBackground('onCommand', ['open-card', { id: await harness.tabIdOf(page) }]);
    assert.match((await cardOf(page, /svch0st/)) ?? '', /svch0st\.exe/);
    await page.close();
  });

  for (const dir of CORPUS) {
    it(`console ${dir}: exact findings, zero page mutations`, () =>
      checkConsole({ open, findingsOf }, site.url, dir));
  }

  it('paints highlights, hit-tests the hover with caretPositionFromPoint, and opens the card', async () => {
    const { page } = await open(`${site.url}/consoles/02-splunk-table/`);
    const findings = await findingsOf(page);
    await assertHighlightsMatch(page, findings);

    const box = await page.evaluate(() => {
      const cell = [...document.querySelectorAll('td')].find((td) =>
        td.textContent.includes('C:\\Windows\\Temp\\svchost.exe'),
      );
      const { x, y, width, height } = cell.getBoundingClientRect();
      return { x, y, width, height };
    });
    await page.mouse.move(box.x + 15, box.y + 8);
    let hit = null;
    for (let i = 0; i < 20 && !hit; i++) {
      hit = await messageTab(harness, page, { type: 'proclens:test:hover' });
      if (!hit) await sleep(50);
    }
    assert.deepEqual(hit, {
      key: 'svchost.exe',
      kind: 'process',
      text: 'C:\\Windows\\Temp\\svchost.exe',
    });

    const card = await cardOf(page, /Conformity score \d+ of 100/);
    assert.match(card ?? '', /svchost\.exe/);
    assert.match(card ?? '', /aria-label="Conformity score \d+ of 100"/);
    await assertOnlyOurHostAdded(page);
    await page.close();
  });

  it('an enabled site gets the scanner registered dynamically (the shipped opt-in path)', async () => {
    const registered = await harness.inExtension(() =>
      globalThis.browser.scripting.getRegisteredContentScripts(),
    );
    assert.deepEqual(
      registered.map((s) => [s.id, s.matches, s.runAt]),
      [
        ['proclens-highlight-styles', ['http://127.0.0.2/*'], 'document_start'],
        ['proclens-scanner', ['http://127.0.0.2/*'], 'document_idle'],
      ],
    );
    const { page, errors } = await open(`${otherSite.url}/consoles/13-jira-issue/`);
    assertMatches(await findingsOf(page), expectedOf('consoles/13-jira-issue'));
    assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('follows an SPA that adds rows after 500 ms and 1,500 ms', async () => {
    const { page, errors } = await open(`${site.url}/live/spa-rows/`);
    await page.waitForSelector('body[data-ready="true"]');
    assertMatches(await findingsOf(page), expectedOf('live/spa-rows'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('stays stable on a page that re-renders its rows every 200 ms', async () => {
    const { page, errors } = await open(`${site.url}/live/rerender/`);
    assertMatches(await findingsOf(page, { stableMs: 600 }), expectedOf('live/rerender'));
    await sleep(700);
    assertMatches(await findingsOf(page, { stableMs: 400 }), expectedOf('live/rerender'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('follows a virtualized table that recycles its row nodes while scrolling', async () => {
    const { page, errors } = await open(`${site.url}/live/virtual-table/`);
    await findingsOf(page);
    await page.evaluate(() => {
      const viewport = document.querySelector('#viewport');
      viewport.scrollTop = viewport.scrollHeight;
    });
    assertMatches(await findingsOf(page, { stableMs: 300 }), expectedOf('live/virtual-table'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('reads open shadow roots (nested too) and never closed ones', async () => {
    const { page } = await open(`${site.url}/live/shadow-root/`);
    await page.waitForFunction(() => customElements.get('process-badge'));
    assertMatches(await findingsOf(page, { stableMs: 2_000 }), expectedOf('live/shadow-root'));
    await page.close();
  });

  it('includes a same-origin child frame in the top frame findings', async () => {
    const { page } = await open(`${site.url}/live/iframe/`);
    await page.waitForFunction(() =>
      document.querySelector('#child')?.contentDocument?.querySelector('td'),
    );
    assertMatches(await findingsOf(page, { stableMs: 300 }), expectedOf('live/iframe'));
    await page.close();
  });

  it('never reads form fields or editable regions', async () => {
    const { page } = await open(`${site.url}/live/editable/`);
    assertMatches(await findingsOf(page), expectedOf('live/editable'));
    await page.close();
  });
});

describe(
  'lookups and the popup in a real Firefox (local EchoTrail-compatible server)',
  { skip },
  () => {
    const PAGE = 'consoles/02-splunk-table';
    const expected = expectedOf(PAGE);
    const KEYS = [...Object.keys(expected.processes), ...Object.keys(expected.hashes)].sort();
    let harness;
    let site;
    let server;
    before(async () => {
      server = await startFakeEchoTrail();
      site = await serveDirectory(FIXTURES);
      harness = await launchFirefoxWithExtension(site);
    });
    after(async () => {
      await harness?.close();
      await site?.close();
      await server?.close();
    });

    /** The form control labelled `label` (its <label>'s text) on an extension page. */
    const control = (page, label) =>
      page.evaluateHandle(
        (text) =>
          [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === text)
            ?.control,
        label,
      );
    const button = (page, name) =>
      page.evaluateHandle(
        (text) =>
          [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === text),
        name,
      );
    const textShows = (page, pattern) =>
      page.waitForFunction(
        (source) => new RegExp(source).test(document.body.innerText),
        {},
        pattern,
      );

    /** Waits until the findings are complete and the server has seen no request for a while. */
    async function settle(page) {
      const findings = await settledFindings(() =>
        messageTab(harness, page, { type: 'proclens:findings' }),
      );
      let count = -1;
      while (count !== server.requests.length) {
        count = server.requests.length;
        await sleep(1_000);
      }
      return findings;
    }

    it('options save the API key and base URL', async () => {
      const options = await harness.openExtensionPage('options.html');
      await (await control(options, 'API key')).type(server.apiKey);
      const base = await control(options, 'API base URL');
      await base.click({ count: 3 });
      await base.type(server.url);
      await (await button(options, 'Save')).click();
      await textShows(options, 'Saved\\.');
      await options.close();
      // Saving a key asked Firefox's data consent for the names and hashes found on pages.
      assert.equal(
        await harness.inExtension(() =>
          globalThis.browser.permissions.contains({ data_collection: ['websiteContent'] }),
        ),
        true,
      );
    });

    it(`a page with ${KEYS.length} distinct indicators sends exactly ${KEYS.length} requests, a reload none`, async () => {
      const page = await harness.newPage();
      await page.goto(`${site.url}/${PAGE}/`);
      const findings = await settle(page);
      assert.deepEqual(server.insightQueries().sort(), KEYS);
      assert.ok(server.requests.every((r) => r.headers['x-api-key'] === server.apiKey));
      const svchost = findings.processes.find((p) => p.name === 'svchost.exe');
      const temp = svchost.contexts.find((c) => c.path === 'c:\\windows\\temp\\svchost.exe');
      assert.ok(temp.score < 40, `svchost in Temp under cmd.exe scored ${temp.score}`);
      const before = server.requests.length;
      await page.reload();
      await settle(page);
      assert.equal(server.requests.length, before);
      await page.close();
    });

    it("the popup lists the page's findings least conforming first", async () => {
      const page = await harness.newPage();
      await page.goto(`${site.url}/${PAGE}/`);
      await settle(page);
      const popup = await harness.openExtensionPage(
        `popup.html?tab=${await harness.tabIdOf(page)}`,
      );
      await popup.waitForSelector('.findings li');
      const scores = await popup.evaluate(() =>
        [...document.querySelectorAll('.finding-score')].map((s) => s.textContent),
      );
      const numbers = scores.map((s) => (s === '–' ? 101 : Number(s)));
      assert.deepEqual(
        numbers,
        [...numbers].sort((a, b) => a - b),
      );
      assert.ok(numbers[0] < 40, scores.join(' '));
      await textShows(popup, 'EchoTrail API key set');
      assert.doesNotMatch(await popup.content(), new RegExp(server.apiKey));
      await popup.close();
      await page.close();
    });

    // Last: the consent is not given back (only a user gesture may ask for it).
    it('without the data consent no page content is sent, and the findings and popup say why', async () => {
      await harness.inExtension(() =>
        globalThis.browser.permissions.remove({ data_collection: ['websiteContent'] }),
      );
      await sleep(2_100); // the background asks for the consent at most every 2 s
      const before = server.requests.length;
      const page = await harness.newPage();
      await page.goto(`${site.url}/consoles/01-splunk-events/`);
      const findings = await settle(page);
      assert.equal(server.requests.length, before);
      assert.ok(findings.processes.length > 0);
      assert.match(findings.notices.join(' '), /Firefox has not been allowed/);
      const popup = await harness.openExtensionPage(
        `popup.html?tab=${await harness.tabIdOf(page)}`,
      );
      await textShows(popup, 'Firefox has not been allowed to send page content');
      await popup.close();
      await page.close();
    });
  },
);
