// The detection corpus: console-like pages under tests/fixtures/consoles, each with an
// expected.json written by hand from the page. Computes precision, recall and pairing
// accuracy per page and overall, and fails below the targets of issue 3.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectFindings } from '@/lib/context/collect-findings';
import { collectTextSegments } from '@/lib/scan/text-segments';
import { scorePage, type Expected, type PageScore } from '../support/score-findings.mjs';

const CORPUS = path.resolve(__dirname, '../fixtures/consoles');
const pages = readdirSync(CORPUS)
  .filter((name) => !name.startsWith('.'))
  .sort();
const scores = new Map<string, PageScore>();

export function loadPage(html: string): void {
  document.open();
  document.write(html);
  document.close();
}

describe('detection corpus', () => {
  it('has at least 14 console pages', () => {
    expect(pages.length).toBeGreaterThanOrEqual(14);
  });

  it.each(pages)('%s', (page) => {
    loadPage(readFileSync(path.join(CORPUS, page, 'index.html'), 'utf8'));
    const expected = JSON.parse(
      readFileSync(path.join(CORPUS, page, 'expected.json'), 'utf8'),
    ) as Expected;
    const findings = collectFindings(
      `http://127.0.0.1/${page}/`,
      collectTextSegments(document.body),
    );
    const score = scorePage(findings, expected);
    scores.set(page, score);
    // Per-page floor; the overall targets are checked below.
    expect(score.problems, score.problems.join('\n')).toEqual([]);
  });

  afterAll(() => {
    const rows = [...scores.entries()].map(([page, s]) => ({
      page,
      precision: ratio(s.truePositives, s.found),
      recall: ratio(s.truePositives, s.expected),
      pairing: ratio(s.pairsMatched, s.pairsUnion),
    }));
    const sum = (f: (s: PageScore) => number) => [...scores.values()].reduce((n, s) => n + f(s), 0);
    const overall = {
      precision: ratio(
        sum((s) => s.truePositives),
        sum((s) => s.found),
      ),
      recall: ratio(
        sum((s) => s.truePositives),
        sum((s) => s.expected),
      ),
      pairing: ratio(
        sum((s) => s.pairsMatched),
        sum((s) => s.pairsUnion),
      ),
    };
    console.log(
      [
        'page                          precision  recall  pairing',
        ...rows.map(
          (r) => `${r.page.padEnd(30)} ${fmt(r.precision)}    ${fmt(r.recall)}   ${fmt(r.pairing)}`,
        ),
        `${'overall'.padEnd(30)} ${fmt(overall.precision)}    ${fmt(overall.recall)}   ${fmt(overall.pairing)}`,
      ].join('\n'),
    );
    expect(overall.recall).toBeGreaterThanOrEqual(0.99);
    expect(overall.precision).toBeGreaterThanOrEqual(0.99);
    expect(overall.pairing).toBeGreaterThanOrEqual(0.95);
  });
});

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}
function fmt(n: number): string {
  return n.toFixed(3);
}
