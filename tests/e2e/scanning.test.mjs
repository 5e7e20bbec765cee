// Page scanning in a real Chromium with the e2e build: every console of the detection corpus
// and every live-page fixture is scanned without a single mutation of the page's nodes, and
// its findings match its expected.json exactly.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES, launchWithExtension, requestFindings, serveDirectory } from './harness.mjs';
import {
  CORPUS,
  RECORDER,
  assertHighlightsMatch,
  assertOnlyOurHostAdded,
  assertMatches,
  checkConsole,
  expectedOf,
  settledFindings as settled,
} from './page-findings.mjs';

const settledFindings = (harness, page, options) =>
  settled(() => requestFindings(harness, page), options);

describe('page scanning (real Chromium, e2e build)', () => {
  let harness;
  let site;
  before(async () => {
    harness = await launchWithExtension();
    await harness.context.addInitScript(RECORDER);
    site = await serveDirectory(FIXTURES, {
      '/renamed.html': `<!doctype html><html><body><table>
        <tr><th>Image</th><th>OriginalFileName</th><th>ParentImage</th></tr>
        <tr><td>C:\\Users\\Public\\update.exe</td><td>CertUtil.exe</td><td>cmd.exe</td></tr>
        <tr><td>C:\\Windows\\System32\\cmd.exe</td><td>Cmd.Exe</td><td>explorer.exe</td></tr>
        </table></body></html>`,
    });
  });
  after(async () => {
    await harness?.close();
    await site?.close();
  });

  async function open(url) {
    const page = await harness.context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    return { page, errors };
  }

  for (const dir of CORPUS) {
    it(`console ${dir}: exact findings, zero page mutations`, () =>
      checkConsole({ open, findingsOf: (page) => settledFindings(harness, page) }, site.url, dir));
  }

  it('highlights every occurrence through CSS.highlights, and hover finds the one under the pointer', async () => {
    const { page } = await open(`${site.url}/consoles/02-splunk-table/`);
    const findings = await settledFindings(harness, page);
    await assertHighlightsMatch(page, findings);

    const cell = page.locator('td', { hasText: 'C:\\Windows\\Temp\\svchost.exe' }).first();
    const box = await cell.boundingBox();
    await page.mouse.move(box.x + 15, box.y + 8);
    const worker = await harness.serviceWorker();
    const probe = () =>
      worker.evaluate(async (url) => {
        const [tab] = await chrome.tabs.query({ url });
        return chrome.tabs.sendMessage(tab.id, { type: 'proclens:test:hover' });
      }, page.url());
    let hit = null;
    for (let i = 0; i < 20 && !hit; i++) {
      hit = await probe();
      if (!hit) await page.waitForTimeout(50);
    }
    assert.deepEqual(hit, {
      key: 'svchost.exe',
      kind: 'process',
      text: 'C:\\Windows\\Temp\\svchost.exe',
    });
    // Beside the text (in the cell's empty space) there is no hit.
    await page.mouse.move(box.x + box.width - 3, box.y + box.height - 3);
    await page.waitForTimeout(150);
    assert.equal(await probe(), null);
    // Hovering may have opened a card: our one host element on <html> is the only change allowed.
    await assertOnlyOurHostAdded(page);
    await page.close();
  });

  it("scores each row's context, and paints unusual occurrences apart", async () => {
    const { page } = await open(`${site.url}/consoles/02-splunk-table/`);
    const findings = await settledFindings(harness, page);
    const svchost = findings.processes.find((p) => p.name === 'svchost.exe');
    const normal = svchost.contexts.find((c) => c.path === 'c:\\windows\\system32\\svchost.exe');
    const temp = svchost.contexts.find((c) => c.path === 'c:\\windows\\temp\\svchost.exe');
    assert.ok(normal.score >= 80, `normal svchost scored ${normal.score}`);
    assert.deepEqual(normal.flags, []);
    assert.ok(temp.score < 40, `svchost in Temp under cmd.exe scored ${temp.score}`);
    assert.deepEqual([...temp.flags].sort(), ['unusual-parent', 'unusual-path']);
    const lookalike = findings.processes.find((p) => p.name === 'isass.exe').contexts[0];
    assert.ok(lookalike.flags.includes('lookalike-name'));
    let unusual = 0;
    for (let i = 0; i < 20 && unusual === 0; i++) {
      unusual = await page.evaluate(() => [...CSS.highlights.values()][2].size);
      if (!unusual) await page.waitForTimeout(50);
    }
    assert.ok(unusual >= 3, `unusual highlight holds ${unusual} ranges`);

    // A rescan finds the same rows again (SPA navigation that keeps them, a re-render): their
    // contexts were scored already, and are scored again without asking the background.
    await page.evaluate(() => history.pushState({}, '', '?again'));
    await page.waitForTimeout(300);
    const again = await settledFindings(harness, page);
    assert.match(again.url, /\?again$/);
    const scored = (f) =>
      f.processes.flatMap((p) => p.contexts.map((c) => `${p.name} ${c.path} ${c.score}`)).sort();
    assert.deepEqual(scored(again), scored(findings));
    assert.ok(
      scored(again).some((line) =>
        /^svchost\.exe c:\\windows\\system32\\svchost\.exe \d+$/.test(line),
      ),
    );
    const unusualAgain = await page.evaluate(() => [...CSS.highlights.values()][2].size);
    assert.equal(unusualAgain, unusual);
    await page.close();
  });

  it("flags a Windows binary renamed, from the row's OriginalFileName, on the built-in baseline", async () => {
    const { page } = await open(`${site.url}/renamed.html`);
    const findings = await settledFindings(harness, page);
    const contextOf = (name) =>
      findings.processes.find((p) => p.name === name)?.contexts.find((c) => c.role === 'process');
    const renamed = contextOf('update.exe');
    assert.ok(renamed.flags.includes('renamed-binary'), JSON.stringify(renamed));
    assert.ok(renamed.score < 40, `renamed certutil scored ${renamed.score}`);
    assert.ok(!contextOf('cmd.exe').flags.includes('renamed-binary'));
    // The public context holds only the documented fields.
    assert.deepEqual(Object.keys(renamed).sort(), [
      'flags',
      'md5',
      'parent',
      'path',
      'role',
      'score',
      'sha1',
      'sha256',
    ]);
    await page.close();
  });

  it('has its highlight stylesheet adopted before the page is parsed, and paints with it', async () => {
    const { page } = await open(`${site.url}/live/early-styles/`);
    await settledFindings(harness, page);
    // Adopted at document_start (no restyle of a laid-out page), then taken over by the scanner.
    assert.equal(await page.evaluate(() => window.__sheetsWhileParsing), 1);
    let painted = null;
    for (let i = 0; i < 30 && !painted?.ok; i++) {
      painted = await page.evaluate(() => {
        const rules = [...document.adoptedStyleSheets].flatMap((s) => [...s.cssRules]);
        const styled = [...CSS.highlights].filter(([name]) =>
          rules.some((r) => r.selectorText === `::highlight(${name})`),
        );
        const ranges = styled.reduce((n, [, h]) => n + h.size, 0);
        return {
          sheets: document.adoptedStyleSheets.length,
          ok: styled.length === 4 && ranges >= 2,
        };
      });
      if (!painted.ok) await page.waitForTimeout(100);
    }
    assert.deepEqual(painted, { sheets: 1, ok: true });
    await page.close();
  });

  it('follows an SPA that adds rows after 500 ms and 1,500 ms', async () => {
    const { page, errors } = await open(`${site.url}/live/spa-rows/`);
    await page.waitForSelector('body[data-ready="true"]');
    assertMatches(await settledFindings(harness, page), expectedOf('live/spa-rows'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('stays stable on a page that re-renders its rows every 200 ms', async () => {
    const { page, errors } = await open(`${site.url}/live/rerender/`);
    const first = await settledFindings(harness, page, { stableMs: 600 });
    assertMatches(first, expectedOf('live/rerender'));
    await page.waitForTimeout(700);
    assertMatches(
      await settledFindings(harness, page, { stableMs: 400 }),
      expectedOf('live/rerender'),
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('follows a virtualized table that recycles its row nodes while scrolling', async () => {
    const { page, errors } = await open(`${site.url}/live/virtual-table/`);
    await settledFindings(harness, page);
    await page.locator('#viewport').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    assertMatches(
      await settledFindings(harness, page, { stableMs: 300 }),
      expectedOf('live/virtual-table'),
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('reads open shadow roots (nested too) and never closed ones', async () => {
    const { page } = await open(`${site.url}/live/shadow-root/`);
    // A component appended after 300 ms renders into a shadow root of its own; one already in
    // the page is upgraded at 600 ms.
    await page.waitForFunction(() => customElements.get('process-badge'));
    assertMatches(
      await settledFindings(harness, page, { stableMs: 2_000 }),
      expectedOf('live/shadow-root'),
    );
    await page.close();
  });

  it('includes a same-origin child frame in the top frame findings', async () => {
    const { page } = await open(`${site.url}/live/iframe/`);
    await page.frameLocator('#child').locator('td').first().waitFor();
    assertMatches(
      await settledFindings(harness, page, { stableMs: 300 }),
      expectedOf('live/iframe'),
    );
    await page.close();
  });

  it('never reads form fields or editable regions', async () => {
    const { page } = await open(`${site.url}/live/editable/`);
    assertMatches(await settledFindings(harness, page), expectedOf('live/editable'));
    await page.close();
  });

  it('reads hidden text once the page shows it (a tab, a <details>, a [hidden] panel)', async () => {
    const { page } = await open(`${site.url}/live/reveal/`);
    const names = (f) => f.processes.map((p) => p.name).sort();
    assert.deepEqual(names(await settledFindings(harness, page)), ['cmd.exe']);
    await page.click('#show-process');
    const shown = await settledFindings(harness, page, { stableMs: 1_000 });
    assert.deepEqual(names(shown), [
      'a.exe',
      'certutil.exe',
      'cmd.exe',
      'mshta.exe',
      'svchost.exe',
    ]);
    const svchost = shown.processes.find((p) => p.name === 'svchost.exe');
    assert.equal(svchost.contexts[0].path, 'c:\\users\\public\\svchost.exe');
    await page.close();
  });

  it('resets and rescans on SPA navigation', async () => {
    const { page } = await open(`${site.url}/live/spa-navigation/`);
    const before = await settledFindings(harness, page);
    assert.deepEqual(
      before.processes.map((p) => p.name),
      ['spoolsv.exe'],
    );
    await page.click('#go');
    await page.waitForSelector('body[data-navigated="true"]');
    const afterNav = await settledFindings(harness, page, { stableMs: 1_500 });
    assertMatches(afterNav, expectedOf('live/spa-navigation'));
    assert.match(afterNav.url, /\?alert=2$/);
    await page.close();
  });
});
