// Property tests: whatever JSON a server (or a proxy in front of it) answers, the parser never
// throws, and a hit holds only finite numbers, percentages within 0–100 and capped lists.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInsight, parseUsage } from '@/lib/echotrail/parse-response';
import { LIST_KEYS } from '@/lib/insight';

const QUERIES = ['svchost.exe', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'];

/** Values as they come: numbers, numeric strings, junk. */
const loose = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 12 }),
  fc.double().map(String),
  fc.constantFrom('99.99', '0.00', '1e999', '-5', 'NaN', ''),
  fc.constant(null),
);
const entry = fc.oneof(
  fc.tuple(fc.string({ maxLength: 40 }), loose),
  fc.jsonValue({ maxDepth: 2 }),
);
const shaped = fc.record(
  {
    rank: loose,
    host_prev: loose,
    eps: loose,
    description: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })),
    paths: fc.oneof(fc.array(entry, { maxLength: 30 }), fc.jsonValue({ maxDepth: 2 })),
    parents: fc.array(entry, { maxLength: 30 }),
    children: fc.array(entry, { maxLength: 30 }),
    hashes: fc.array(entry, { maxLength: 30 }),
    filenames: fc.array(entry, { maxLength: 30 }),
    truncated: fc.oneof(fc.dictionary(fc.string(), loose), fc.jsonValue({ maxDepth: 1 })),
    message: fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant('EchoTrail has never observed x.exe execute in the wild'),
    ),
  },
  { requiredKeys: [] },
);

describe('hostile API answers', () => {
  it('never throw, and a hit holds only sane numbers', () => {
    fc.assert(
      fc.property(
        fc.oneof(shaped, fc.jsonValue({ maxDepth: 4 })),
        fc.constantFrom(...QUERIES),
        (body, query) => {
          const parsed = parseInsight(query, body);
          parseUsage(body);
          if (parsed.kind !== 'hit') return;
          const { insight } = parsed;
          for (const n of [insight.rank, insight.hostPrev, insight.eps])
            expect(n === null || Number.isFinite(n)).toBe(true);
          for (const key of LIST_KEYS)
            for (const share of insight[key]) {
              expect(typeof share.value).toBe('string');
              expect(share.pct >= 0 && share.pct <= 100).toBe(true);
            }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
