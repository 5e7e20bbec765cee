// What the page-scanning tests of every browser share: the page-mutation recorder, the
// expected findings of a fixture, and waiting until the findings settle.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './harness.mjs';
import { scorePage } from '../support/score-findings.mjs';

/** Records every mutation of the page from DOMContentLoaded on (before our content script runs). */
export const RECORDER = `
  window.__mutations = [];
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver((records) => {
      for (const r of records) window.__mutations.push(r.type + ' ' + (r.target.nodeName || '') + ' ' + (r.attributeName || ''));
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
`;

/** The hand-written expected.json of a fixture directory (relative to tests/fixtures). */
export const expectedOf = (dir) =>
  JSON.parse(readFileSync(path.join(FIXTURES, dir, 'expected.json'), 'utf8'));

/**
 * Asks `request()` for the page's findings until they are complete and have not changed for
 * `stableMs` (or `timeoutMs` passed); returns the last answer.
 */
export async function settledFindings(request, { stableMs = 0, timeoutMs = 10_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  let sameSince = Date.now();
  for (;;) {
    const findings = await request();
    const key = JSON.stringify({ ...findings, url: '' });
    if (key !== last) {
      last = key;
      sameSince = Date.now();
    }
    if (findings.complete && Date.now() - sameSince >= stableMs) return findings;
    if (Date.now() > deadline) return findings;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fails with every difference between `findings` and a fixture's expected findings. */
export function assertMatches(findings, expected) {
  const { problems } = scorePage(findings, expected);
  assert.deepEqual(problems, [], problems.join('\n'));
}

/** The consoles of the detection corpus (tests/fixtures/consoles), in order. */
export const CORPUS = readdirSync(path.join(FIXTURES, 'consoles'))
  .filter((d) => !d.startsWith('.'))
  .sort();

/**
 * Opens corpus console `dir` with `open(url)` (→ { page, errors }) and checks that
 * `findingsOf(page)` match its expected.json exactly, with zero page mutations (the page has
 * the RECORDER) and no page error.
 */
export async function checkConsole({ open, findingsOf }, siteUrl, dir) {
  const { page, errors } = await open(`${siteUrl}/consoles/${dir}/`);
  const findings = await findingsOf(page);
  assert.equal(findings.complete, true);
  assertMatches(findings, expectedOf(`consoles/${dir}`));
  assert.deepEqual(await page.evaluate(() => window.__mutations), []);
  assert.deepEqual(errors, []);
  await page.close();
}

/**
 * Checks that the first two highlights (processes, hashes) hold one range per occurrence of
 * `findings`; they are painted over the next animation frames, so this polls for a second.
 */
export async function assertHighlightsMatch(page, findings) {
  const occurrences = (list) => list.reduce((n, x) => n + x.occurrences, 0);
  const want = [occurrences(findings.processes), occurrences(findings.hashes)];
  let sizes = [];
  for (let i = 0; i < 20; i++) {
    sizes = await page.evaluate(() => [...CSS.highlights.values()].slice(0, 2).map((h) => h.size));
    if (JSON.stringify(sizes) === JSON.stringify(want)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.deepEqual(sizes, want);
}

/** Checks that the page's only mutation is our one UI host added to <html> (a card opened). */
export async function assertOnlyOurHostAdded(page) {
  const mutations = await page.evaluate(() => window.__mutations);
  assert.ok(
    mutations.length <= 1 && mutations.every((m) => m === 'childList HTML '),
    JSON.stringify(mutations),
  );
}

/**
 * Puts the caret two characters into `name` where it first stands in a paragraph's text (the
 * keyboard command opens the card for the finding at the selection). Playwright and
 * Puppeteer pages alike.
 */
export async function putCaretIn(page, name) {
  await page.evaluate((n) => {
    const p = [...document.querySelectorAll('p')].find((e) => e.firstChild?.data?.includes(n));
    const text = p.firstChild;
    const at = text.data.indexOf(n);
    getSelection().setBaseAndExtent(text, at + 2, text, at + 2);
  }, name);
}
