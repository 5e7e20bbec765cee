import { describe, expect, it } from 'vitest';
import { chunkSegment } from '@/lib/scan/segment-chunks';
import type { TextSegment } from '@/lib/scan/text-segments';

/** A segment over text nodes holding `parts`, as the walk builds it. */
function segmentOf(parts: string[], truncated = false): TextSegment {
  const block = document.createElement('pre');
  let start = 0;
  const pieces = parts.map((part) => {
    const node = document.createTextNode(part);
    block.append(node);
    const piece = { node, start };
    start += part.length;
    return piece;
  });
  return { block, text: parts.join(''), pieces, truncated };
}

/** Every character of every chunk, read back through the chunk's pieces from its node. */
function readBack(chunk: TextSegment): string {
  let out = '';
  for (let i = 0; i < chunk.text.length; i++) {
    const piece = [...chunk.pieces].reverse().find((p) => p.start <= i)!;
    out += piece.node.data[i - piece.start];
  }
  return out;
}

const lines = (n: number, line: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => line(i)).join('\n');

describe('chunkSegment', () => {
  it('leaves a short text whole', () => {
    const segment = segmentOf(['cmd.exe\nsvchost.exe\n']);
    expect(chunkSegment(segment, 1_000)).toEqual([segment]);
  });

  it('cuts a long log at line breaks, each chunk mapping to its nodes', () => {
    const text = lines(400, (i) => `08:00:${i % 60} Image=C:\\Tools\\p${i}.exe`);
    // Three text nodes, cut anywhere (a node may start and end inside a chunk).
    const segment = segmentOf([text.slice(0, 5_000), text.slice(5_000, 9_001), text.slice(9_001)]);
    const chunks = chunkSegment(segment, 2_000);
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(3_000);
      expect(chunk.text === text.slice(-chunk.text.length) || chunk.text.endsWith('\n')).toBe(true);
      expect(readBack(chunk)).toBe(chunk.text);
      expect(chunk.block).toBe(segment.block);
    }
  });

  it('prefers a blank line between events', () => {
    const event = (i: number) =>
      `Image: C:\\Tools\\p${i}.exe\nParentImage: C:\\Windows\\q${i}.exe\n`;
    const text = lines(200, event);
    const chunks = chunkSegment(segmentOf([text]), 2_000);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks.slice(1)) expect(chunk.text.startsWith('Image:')).toBe(true);
  });

  it('cuts NDJSON between lines and JSON between the elements of an array', () => {
    const records = Array.from({ length: 300 }, (_, i) => ({
      process: { name: `p${i}.exe`, parent: { name: `q${i}.exe`, args: ['a', '{'] } },
    }));
    const ndjson = chunkSegment(
      segmentOf([records.map((r) => JSON.stringify(r)).join('\n')]),
      2_000,
    );
    expect(ndjson.length).toBeGreaterThan(2);
    for (const chunk of ndjson)
      for (const line of chunk.text.split('\n').filter(Boolean))
        expect(() => JSON.parse(line)).not.toThrow();

    const array = chunkSegment(segmentOf([JSON.stringify(records, null, 2)]), 2_000);
    expect(array.length).toBeGreaterThan(2);
    for (const chunk of array.slice(1)) expect(chunk.text).toMatch(/^\n? {2}\{/);

    // Inside an object, between the elements of its array, read under the keys open there.
    const object = chunkSegment(segmentOf([JSON.stringify({ events: records }, null, 2)]), 2_000);
    expect(object.length).toBeGreaterThan(2);
    expect(object[0]!.reopened).toBeUndefined();
    for (const chunk of object.slice(1)) {
      expect(chunk.reopened).toBe('{"events":[');
      expect(chunk.text).toMatch(/^\n? {4}\{/);
    }
    // JSON on one line (an API answer shown raw) is cut after the comma between two records.
    const raw = chunkSegment(segmentOf([JSON.stringify({ events: records })]), 2_000);
    expect(raw.length).toBeGreaterThan(2);
    for (const chunk of raw.slice(1)) {
      expect(chunk.reopened).toBe('{"events":[');
      expect(chunk.text.startsWith('{"process":')).toBe(true);
    }
    // A single record is cut nowhere inside.
    const one = segmentOf([
      JSON.stringify({ process: records[0], more: 'x'.repeat(10_000) }, null, 2),
    ]);
    expect(chunkSegment(one, 2_000)).toEqual([one]);
  });

  it('cuts a text with no line break only right after a program name', () => {
    const text = Array.from(
      { length: 2_000 },
      (_, i) => `C:\\Program Files\\A B\\p${i}.exe -k x`,
    ).join(' ');
    const chunks = chunkSegment(segmentOf([text]), 2_000);
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.text).toMatch(/\.exe $/);
  });

  it('says only of the last chunk that the node was read in part', () => {
    const chunks = chunkSegment(segmentOf([lines(500, (i) => `p${i}.exe`)], true), 500);
    expect(chunks.map((c) => c.truncated)).toEqual([...chunks.slice(1).map(() => false), true]);
  });
});
