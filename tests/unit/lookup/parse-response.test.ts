import { describe, expect, it } from 'vitest';
import { parseInsight, parseUsage } from '@/lib/echotrail/parse-response';
import { retryAtOf } from '@/lib/echotrail/client';

describe('parseInsight', () => {
  it('reads strings and numbers alike, and ignores unknown fields', () => {
    const parsed = parseInsight('svchost.exe', {
      rank: '24',
      host_prev: 94.4,
      eps: '96.07',
      paths: [['C:\\Windows\\System32', 99.9]],
      threat_score: 88,
      tags: [['x']],
    });
    expect(parsed).toMatchObject({
      kind: 'hit',
      insight: {
        rank: 24,
        hostPrev: 94.4,
        eps: 96.07,
        paths: [{ value: 'C:\\Windows\\System32', pct: 99.9 }],
      },
    });
  });

  it.each([
    [{ message: 'EchoTrail has never observed x.exe execute in the wild' }, 'miss'],
    [{ message: 'EchoTrail has never observed error.exe execute in the wild' }, 'miss'],
    [{ message: 'No results' }, 'miss'],
    [{ message: 'Forbidden' }, 'unexpected'],
    [{ message: 'Limit Exceeded' }, 'unexpected'],
    [{ message: 'Internal server error' }, 'unexpected'],
    [{ rank: 'high' }, 'unexpected'],
    [{ eps: '140' }, 'unexpected'],
    [{ paths: [['C:\\x']] }, 'unexpected'],
    [{ paths: 'C:\\x' }, 'unexpected'],
    [[], 'unexpected'],
    ['text', 'unexpected'],
    [null, 'unexpected'],
    [{}, 'unexpected'],
    [{ parents: [] }, 'hit'],
    [{ rank: null, eps: null, paths: null }, 'hit'],
  ])('%j → %s', (body, kind) => {
    expect(parseInsight('x.exe', body).kind).toBe(kind);
  });

  it('keeps the readable part of an answer with odd fields or entries, and names what it left out', () => {
    const parsed = parseInsight('svchost.exe', {
      rank: '2,963',
      host_prev: '94.4%',
      eps: 'n/a',
      description: 42,
      intel: { html: '<b>x</b>' },
      paths: [['C:\\Windows\\System32', '99.92'], ['C:\\x', 'N/A'], ['C:\\y'], 'C:\\z'],
      parents: { 'services.exe': '99.65', 'MsMpEng.exe': 0.35 },
      children: [['WmiPrvSE.exe', '12.44', 1234]],
      hashes: 'none',
    });
    expect(parsed).toMatchObject({
      kind: 'hit',
      insight: {
        rank: 2963,
        hostPrev: 94.4,
        eps: null,
        description: '42',
        intel: null,
        paths: [{ value: 'C:\\Windows\\System32', pct: 99.92 }],
        parents: [
          { value: 'services.exe', pct: 99.65 },
          { value: 'MsMpEng.exe', pct: 0.35 },
        ],
        children: [{ value: 'WmiPrvSE.exe', pct: 12.44 }],
        hashes: [],
        unreadable: ['eps', 'intel', 'paths', 'hashes'],
      },
    });
  });

  it("reads the answer inside a proxy's envelope", () => {
    expect(parseInsight('cmd.exe', { data: { rank: '7', eps: '99.1' } })).toMatchObject({
      kind: 'hit',
      insight: { rank: 7, eps: 99.1 },
    });
    expect(
      parseInsight('x.exe', {
        data: { message: 'EchoTrail has never observed x.exe execute in the wild' },
      }).kind,
    ).toBe('miss');
    expect(parseInsight('cmd.exe', { result: { note: 'x' } }).kind).toBe('unexpected');
  });

  it('reads list entries written as objects', () => {
    const parsed = parseInsight('svchost.exe', {
      parents: [
        { name: 'services.exe', percent: '99.65' },
        { value: 'MsMpEng.exe', pct: 0.35 },
        { label: 'x.exe', n: 3 },
      ],
      paths: [{ path: 'C:\\Windows\\System32', prevalence: '99.9' }],
    });
    expect(parsed).toMatchObject({
      kind: 'hit',
      insight: {
        parents: [
          { value: 'services.exe', pct: 99.65 },
          { value: 'MsMpEng.exe', pct: 0.35 },
        ],
        paths: [{ value: 'C:\\Windows\\System32', pct: 99.9 }],
        unreadable: ['parents'],
      },
    });
  });

  it('caps what a hostile answer may hold', () => {
    const parsed = parseInsight('x.exe', {
      rank: 1,
      intel: 'x'.repeat(5_000_000),
      children: Array.from({ length: 100_000 }, (_, i) => [`c${i}.exe`, '0.01']),
      parents: [
        ['p'.repeat(100_000), '50'],
        ['explorer.exe', '50'],
      ],
    });
    expect(parsed.kind).toBe('hit');
    if (parsed.kind !== 'hit') return;
    expect(parsed.insight.intel!.length).toBe(20_000);
    expect(parsed.insight.children).toHaveLength(1_000);
    expect(parsed.insight.parents).toEqual([{ value: 'explorer.exe', pct: 50 }]);
    expect(parsed.insight.unreadable).toEqual(['parents']);
  });

  it('leaves `unreadable` out of a clean answer', () => {
    const parsed = parseInsight('x.exe', { rank: 1, paths: [] });
    expect(parsed.kind === 'hit' && 'unreadable' in parsed.insight).toBe(false);
  });

  it('keeps what `truncated` says was left out', () => {
    const parsed = parseInsight('x.exe', {
      rank: 1,
      truncated: { children: 1328, paths: '5', network: 0, bogus: 3 },
    });
    expect(parsed.kind === 'hit' && parsed.insight.truncated).toEqual({ children: 1328, paths: 5 });
  });

  it.each(['weird', [5, 1], { children: { n: 3 } }])(
    'reads a `truncated` of another shape (%j) as saying nothing, and keeps the answer',
    (truncated) => {
      const parsed = parseInsight('x.exe', { rank: 1, eps: '90.00', truncated });
      expect(parsed).toMatchObject({ kind: 'hit', insight: { rank: 1, eps: 90, truncated: {} } });
    },
  );

  it('says what a 200 error message said, and it is never a miss', () => {
    expect(parseInsight('x.exe', { message: 'Forbidden' })).toEqual({
      kind: 'unexpected',
      reason: 'EchoTrail said "Forbidden"',
    });
  });
});

describe('parseUsage', () => {
  it.each([
    [[], null],
    [
      [{ used: 125, remaining: 125, total: 250, date: '2026-11-29' }],
      { used: 125, remaining: 125, total: 250 },
    ],
    [{ used: 1 }, 'unexpected'],
    ['text', 'unexpected'],
    [
      { used: 3, remaining: 247, total: 250 },
      { used: 3, remaining: 247, total: 250 },
    ],
    [
      { usage: [{ used: '7', remaining: '243', total: '250', date: '2026-11-29' }] },
      { used: 7, remaining: 243, total: 250 },
    ],
    [
      [
        { used: 9, remaining: 241, total: 250, date: '2026-11-29' },
        { used: 250, remaining: 0, total: 250, date: '2026-11-28' },
      ],
      { used: 9, remaining: 241, total: 250 },
    ],
  ])('%j → %j', (body, expected) => {
    expect(parseUsage(body)).toEqual(expected);
  });
});

describe('retryAtOf', () => {
  const now = Date.UTC(2026, 10, 29, 12, 0, 0);
  it.each([
    ['120', now + 120_000],
    ['Sun, 29 Nov 2026 12:30:00 GMT', Date.UTC(2026, 10, 29, 12, 30)],
    [null, Date.UTC(2026, 10, 30)],
    ['garbage', Date.UTC(2026, 10, 30)],
    ['99999999', now + 2 * 86_400_000],
  ])('%s', (header, expected) => {
    expect(retryAtOf(header, now)).toBe(expected);
  });
});
