import { describe, expect, it } from 'vitest';
import { createBatchRequester } from '@/lib/scan/batch-requester';

function requester() {
  const sent: string[][] = [];
  const batches = createBatchRequester<string, number>({
    keyOf: (item) => item,
    send: async (items) => {
      sent.push(items);
      return items.map((item) => item.length);
    },
    debounceMs: 0,
  });
  return { batches, sent };
}

describe('createBatchRequester', () => {
  it('asks each item once, in one message per flush', async () => {
    const { batches, sent } = requester();
    batches.want(['a', 'b', 'a']);
    batches.want(['b', 'c']);
    await batches.settled();
    expect(sent.flat()).toEqual(['a', 'b', 'c']);
    batches.want(['a']);
    await batches.settled();
    expect(sent.flat()).toEqual(['a', 'b', 'c']);
  });

  it('asks again about a key it was told to forget', async () => {
    const { batches, sent } = requester();
    batches.want(['a', 'b']);
    await batches.settled();
    batches.forget(['a']);
    batches.want(['a', 'b']);
    await batches.settled();
    expect(sent.flat()).toEqual(['a', 'b', 'a']);
  });
});
