import { describe, expect, it } from 'vitest';
import { isValidQuery, normalizeQuery, wellFormed } from '@/lib/insight';
import { echoTrailLink } from '@/lib/report/card-report';

describe('queries', () => {
  it.each([
    ['cmd.exe', true],
    ['Setup (1).exe', true],
    ['😀.exe', true],
    ['d41d8cd98f00b204e9800998ecf8427e', true],
    ['c:\\windows\\cmd.exe', false],
    ['cmd.dll', false],
    ['a\u0007.exe', false],
    // Half a surrogate pair: page text may hold one, no URL can.
    ['x\ud800y.exe', false],
    ['\udc00z.exe', false],
  ])('%s is a query ProcLens may send: %s', (query, valid) => {
    expect(isValidQuery(normalizeQuery(query))).toBe(valid);
  });

  it('makes any text safe for a URL, keeping whole surrogate pairs', () => {
    expect(wellFormed('x\ud800y.exe')).toBe('x\ufffdy.exe');
    expect(wellFormed('\udc00😀')).toBe('\ufffd😀');
    expect(echoTrailLink('x\ud800y.exe')).toBe(
      'https://www.echotrail.io/insights/search/x%EF%BF%BDy.exe',
    );
  });
});
