// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeEchoTrail, TEST_API_KEY } from './server.mjs';
import { syntheticHash } from './data.mjs';

type Server = Awaited<ReturnType<typeof startFakeEchoTrail>>;
let server: Server;

beforeAll(async () => {
  server = await startFakeEchoTrail();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const get = (path: string, key: string | null = TEST_API_KEY) =>
  fetch(server.url + path, {
    headers: key === null ? {} : { 'x-api-key': key, 'api-version': 'v1' },
  });

describe('local EchoTrail-compatible server: documented shapes', () => {
  it('answers a filename with the documented hit shape (numbers as strings, directories in paths)', async () => {
    const res = await get('/insights/svchost.exe');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rank).toBe(24);
    expect(body.host_prev).toBe('94.4');
    expect(body.eps).toBe('96.07');
    expect(body.paths[0]).toEqual(['C:\\Windows\\System32', '99.92']);
    expect(body.paths.map((p: string[]) => p[0])).toContain('C:\\WINDOWS\\System32');
    expect(body.parents[0]).toEqual(['services.exe', '99.65']);
    expect(body.children.map((c: string[]) => c[0])).toEqual(
      expect.arrayContaining(['WmiPrvSE.exe', 'wmiprvse.exe']),
    );
    expect(body.truncated.children).toBe(1328);
    expect(body.hashes[0][0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is case-insensitive in the query and works under the versioned and legacy paths', async () => {
    for (const path of [
      '/insights/SVCHOST.EXE',
      '/v1/insights/svchost.exe',
      '/v1/private/insights/svchost.exe',
    ]) {
      expect((await (await get(path)).json()).rank).toBe(24);
    }
  });

  it('answers a miss with HTTP 200 and a message', async () => {
    const res = await get('/insights/never-seen.exe');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      message: 'EchoTrail has never observed never-seen.exe execute in the wild',
    });
  });

  it('answers a hash with the filenames it was seen under', async () => {
    const body = await (await get(`/insights/${syntheticHash('renamed-cmd')}`)).json();
    expect(body.filenames).toEqual([
      ['cmd.exe', '88.00'],
      ['update.exe', '12.00'],
    ]);
    const md5 = await (await get(`/insights/${syntheticHash('svchost.exe', 'md5')}`)).json();
    expect(md5.filenames[0][0]).toBe('svchost.exe');
  });

  it('answers a single field and a subsearch', async () => {
    expect(await (await get('/insights/svchost.exe/eps')).json()).toEqual({ eps: '96.07' });
    expect(await (await get('/insights/svchost.exe/parents/services.exe')).json()).toEqual([
      'services.exe',
      '99.65',
    ]);
    expect(await (await get('/insights/svchost.exe/parents/winword.exe')).json()).toEqual([]);
    expect((await get('/insights/svchost.exe/bogus')).status).toBe(404);
  });

  it('rejects a missing or wrong key with 403', async () => {
    expect((await get('/insights/cmd.exe', null)).status).toBe(403);
    const res = await get('/insights/cmd.exe', 'wrong');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: 'Forbidden' });
  });

  it('counts usage and returns 429 with Retry-After when the daily quota is spent', async () => {
    expect(await (await get('/usage/insights')).json()).toEqual([]);
    server.setQuota(2);
    expect((await get('/insights/cmd.exe')).status).toBe(200);
    expect((await get('/insights/svchost.exe')).status).toBe(200);
    const usage = await (await get('/usage/insights')).json();
    expect(usage[0]).toMatchObject({ used: 2, remaining: 0, total: 2 });
    const res = await get('/insights/lsass.exe');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('adds usage with ?usage=t', async () => {
    const body = await (await get('/insights/cmd.exe?usage=t')).json();
    expect(body.usage).toEqual({ remaining: 249, total: 250 });
  });

  it('scores a POSTed execution profile', async () => {
    const res = await fetch(`${server.url}/score`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        image: 'C:\\Windows\\System32\\svchost.exe',
        parent_image: 'services.exe',
      }),
    });
    const body = await res.json();
    expect(body.echotrail_score).toBe(96);
    expect(body.global.rank).toBe(24);
  });

  it('records every request with method, path and headers', async () => {
    await get('/insights/cmd.exe');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/insights/cmd.exe' });
    expect(server.requests[0]!.headers['x-api-key']).toBe(TEST_API_KEY);
    expect(server.insightQueries()).toEqual(['cmd.exe']);
  });
});

describe('local EchoTrail-compatible server: fault injection', () => {
  it.each([
    [403, { message: 'Forbidden' }],
    [404, { message: 'Invalid Path' }],
    [500, { message: 'Internal server error' }],
  ])('answers status %i for an injected fault on one query only', async (status, body) => {
    server.setFault('cmd.exe', { status: status as 403 });
    const res = await get('/insights/cmd.exe');
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(body);
    expect((await get('/insights/svchost.exe')).status).toBe(200);
  });

  it('answers 429 with the Retry-After it was given', async () => {
    server.setFault('*', { status: 429, retryAfter: 42 });
    const res = await get('/insights/svchost.exe');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('42');
  });

  it('is slow when told to', async () => {
    server.setFault('cmd.exe', { delayMs: 300 });
    const started = Date.now();
    expect((await get('/insights/cmd.exe')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('sends malformed JSON', async () => {
    server.setFault('*', { malformed: true });
    const res = await get('/insights/cmd.exe');
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it('sends an HTML error page', async () => {
    server.setFault('*', { html: true });
    const res = await get('/insights/cmd.exe');
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toContain('<h1>502 Bad Gateway</h1>');
  });

  it('drops the connection', async () => {
    server.setFault('*', { drop: true });
    await expect(get('/insights/cmd.exe')).rejects.toThrow(TypeError);
  });

  it('fails only the given number of times, then recovers', async () => {
    server.setFault('cmd.exe', { status: 500, times: 2 });
    expect((await get('/insights/cmd.exe')).status).toBe(500);
    expect((await get('/insights/cmd.exe')).status).toBe(500);
    expect((await get('/insights/cmd.exe')).status).toBe(200);
  });

  it('takes faults over its control endpoint, for a server in another process', async () => {
    await fetch(`${server.url}/__control/fault`, {
      method: 'POST',
      body: JSON.stringify({ query: 'lsass.exe', status: 429, retryAfter: 7 }),
    });
    const res = await get('/insights/lsass.exe');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    await fetch(`${server.url}/__control/clear`, { method: 'POST' });
    expect((await get('/insights/lsass.exe')).status).toBe(200);
  });
});
