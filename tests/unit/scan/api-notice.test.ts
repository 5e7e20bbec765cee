import { describe, expect, it } from 'vitest';
import { problemFor } from '@/lib/echotrail/problems';
import type { LookupProblem, LookupResult } from '@/lib/insight';
import { apiNoticeOf } from '@/lib/scan/api-notice';

const answer = (query: string, problem: LookupProblem | null): LookupResult => ({
  query,
  status: 'found',
  source: problem ? 'baseline' : 'echotrail',
  insight: null,
  fetchedAt: null,
  stale: false,
  problem,
});

describe('apiNoticeOf', () => {
  it('says the most telling problem of a batch, with its next step', () => {
    const notice = apiNoticeOf([
      answer('cmd.exe', problemFor('server', { detail: 'HTTP 500' })),
      answer('lsass.exe', problemFor('bad-key')),
      answer('svchost.exe', null),
    ]);
    expect(notice).toBe(`${problemFor('bad-key').message} ${problemFor('bad-key').nextStep}`);
  });

  it.each([
    ['quota over a server error', ['quota', 'server'], 'quota'],
    ['a wrong base URL over a timeout', ['timeout', 'not-found'], 'not-found'],
    ['offline over an unreadable answer', ['unexpected', 'offline'], 'offline'],
  ] as const)('ranks %s', (_label, kinds, want) => {
    const notice = apiNoticeOf(kinds.map((kind, i) => answer(`p${i}.exe`, problemFor(kind))));
    expect(notice).toContain(problemFor(want).message);
  });

  it('is null when every answer came without a problem, or only without a key', () => {
    expect(apiNoticeOf([answer('cmd.exe', null)])).toBeNull();
    expect(apiNoticeOf([answer('cmd.exe', problemFor('no-key'))])).toBeNull();
  });

  it('says nothing of an empty batch, nor of a query that was no process or hash', () => {
    expect(apiNoticeOf([])).toBeUndefined();
    expect(apiNoticeOf([answer('<b>', problemFor('unexpected', { detail: 'x' }))])).toBeNull();
  });
});
