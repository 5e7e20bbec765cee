import { describe, expect, it } from 'vitest';
import { fetchInsight, type ClientConfig } from '@/lib/echotrail/client';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

/** A client whose every request gets `status` with `body` (and `headers`). */
function answering(status: number, body: unknown, headers: Record<string, string> = {}) {
  const config: ClientConfig = {
    baseUrl: 'https://api.example.test',
    apiKey: 'k',
    retries: 0,
    now: () => NOW,
    isOnline: () => true,
    fetch: async () =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers }),
  };
  return fetchInsight('cmd.exe', config);
}

describe('fetchInsight: what a refusal means', () => {
  it('reads a 403 "Missing Authentication Token" as a wrong base URL, not a bad key', async () => {
    const outcome = await answering(403, { message: 'Missing Authentication Token' });
    expect(outcome).toMatchObject({ kind: 'problem', problem: { kind: 'not-found' } });
    expect(outcome.kind === 'problem' && outcome.problem.message).toContain(
      'Missing Authentication Token',
    );
  });

  it.each([{ message: 'Forbidden' }, 'Forbidden', ''])(
    'reads a 403 %j as a refused key',
    async (body) => {
      expect(await answering(403, body)).toMatchObject({ problem: { kind: 'bad-key' } });
    },
  );

  it('pauses a minute, not a day, on a rate throttle that gives no Retry-After', async () => {
    const outcome = await answering(429, { message: 'Too Many Requests' });
    expect(outcome).toMatchObject({ problem: { kind: 'quota', retryAt: NOW + 60_000 } });
    expect(outcome.kind === 'problem' && outcome.problem.message).toMatch(/more slowly/);
  });

  it.each([
    [{ message: 'Limit Exceeded' }, {}],
    ['', {}],
    [{ message: 'Too Many Requests' }, { 'retry-after': '3600' }],
  ])(
    'reads a 429 %j %j as the quota, until Retry-After or the next UTC day',
    async (body, headers) => {
      const outcome = await answering(429, body, headers);
      const retryAt = 'retry-after' in headers ? NOW + 3_600_000 : Date.UTC(2026, 10, 30);
      expect(outcome).toMatchObject({ problem: { kind: 'quota', retryAt } });
      expect(outcome.kind === 'problem' && outcome.problem.message).toMatch(/quota is used up/);
    },
  );

  it('reads a miss sent as 404 as a miss, and any other 404 as a wrong base URL', async () => {
    expect(
      await answering(404, { message: 'EchoTrail has never observed cmd.exe execute in the wild' }),
    ).toEqual({ kind: 'miss' });
    expect(await answering(404, { message: 'Invalid Path' })).toMatchObject({
      problem: { kind: 'not-found' },
    });
  });

  it('refuses an answer too large to be from EchoTrail, declared or not', async () => {
    expect(await answering(200, 'x', { 'content-length': '900000000' })).toMatchObject({
      problem: { kind: 'unexpected' },
    });
    const huge = `{"rank": 1, "intel": "${'x'.repeat(5_000_001)}"}`;
    const outcome = await answering(200, huge);
    expect(outcome.kind === 'problem' && outcome.problem.message).toMatch(/too large/);
  });
});
