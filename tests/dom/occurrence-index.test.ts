import { describe, expect, it } from 'vitest';
import { OccurrenceIndex, type PageOccurrence } from '@/lib/scan/occurrence-index';

/** An occurrence whose range must never be asked for (the index works on offsets). */
function occurrence(key: string, nodes: Text[], startOffset: number, endOffset: number) {
  return {
    kind: 'process',
    key,
    nodes,
    startOffset,
    endOffset,
    get range(): StaticRange {
      throw new Error('a range was made');
    },
    path: null,
    context: null,
    contextKey: null,
    hashType: null,
  } satisfies PageOccurrence as PageOccurrence;
}

describe('OccurrenceIndex', () => {
  const a = document.createTextNode('cmd.exe and svchost.exe and lsass.exe');
  const b = document.createTextNode('.exe tail');
  const cmd = occurrence('cmd.exe', [a], 0, 7);
  const svchost = occurrence('svchost.exe', [a], 12, 23);
  // Split across two text nodes: "lsass" + ".exe".
  const lsass = occurrence('lsass.exe', [a, b], 28, 4);

  it('finds the occurrence under a caret position by offsets, making no range', () => {
    const index = new OccurrenceIndex();
    for (const o of [cmd, svchost, lsass]) index.add(o);
    expect(index.at(a, 3)).toBe(cmd);
    expect(index.at(a, 15)).toBe(svchost);
    expect(index.at(a, 9)).toBeNull();
    expect(index.at(a, 30)).toBe(lsass);
    expect(index.at(b, 2)).toBe(lsass);
    expect(index.at(b, 6)).toBeNull();
  });

  it('removes many occurrences at once and keeps the rest findable', () => {
    const index = new OccurrenceIndex();
    for (const o of [cmd, svchost, lsass]) index.add(o);
    expect(index.removeAll([cmd, lsass, lsass])).toEqual([cmd, lsass]);
    expect(index.size).toBe(1);
    expect(index.occurrencesOf(a)).toEqual([svchost]);
    expect(index.occurrencesOf(b)).toEqual([]);
    expect(index.at(b, 2)).toBeNull();
    // Removing what is not indexed returns nothing.
    expect(index.removeAll([cmd])).toEqual([]);
  });

  it('drops tens of thousands of occurrences of one text node (a pasted log) in one pass', () => {
    const index = new OccurrenceIndex();
    const log = document.createTextNode('svchost.exe\n'.repeat(50_000));
    const all = Array.from({ length: 50_000 }, (_, i) =>
      occurrence('svchost.exe', [log], i * 12, i * 12 + 11),
    );
    for (const o of all) index.add(o);
    expect(index.removeAll(all.filter((_, i) => i % 2 === 0))).toHaveLength(25_000);
    expect(index.occurrencesOf(log)).toHaveLength(25_000);
    expect(index.at(log, 13)).toBe(all[1]);
    expect(index.clear()).toHaveLength(25_000);
    expect(index.size).toBe(0);
    expect(index.occurrencesOf(log)).toEqual([]);
  });
});
