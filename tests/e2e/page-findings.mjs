// What the page-scanning tests of every browser share: the page-mutation recorder, the
// expected findings of a fixture, and waiting until the findings settle.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
