import type { Insight, LookupProblem } from '../insight';
import { NEVER_OBSERVED, parseInsight, parseUsage, type Usage } from './parse-response';
import { problemFor } from './problems';

/**
 * The EchoTrail HTTP client (background only). Only the query leaves the browser: no cookies,
 * no referrer, no page data; the key goes in `x-api-key`. Expected failures are values, never
 * thrown: 403 bad key, 404 bad base URL, 429 quota (with when to retry), 5xx and timeouts
 * (retried twice with backoff), offline, and answers that do not fit the documented shapes.
 */
export interface ClientConfig {
  baseUrl: string;
  apiKey: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Retries after a 5xx, a timeout or a dropped connection. */
  retries?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  isOnline?: () => boolean;
}

export type FetchOutcome =
  | { kind: 'hit'; insight: Insight }
  | { kind: 'miss' }
  | { kind: 'problem'; problem: LookupProblem };

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRIES = 2;
/** Backoff before retry 1 and 2 (jitter added), so a struggling server is not hammered. */
const BACKOFF_MS = [500, 1_500];

/** `GET {base}/insights/{query}`. */
export async function fetchInsight(
  query: string,
  config: ClientConfig,
  signal?: AbortSignal,
): Promise<FetchOutcome> {
  const response = await request(`/insights/${encodeURIComponent(query)}`, config, signal);
  if (response.kind === 'problem') return response;
  const parsed = parseInsight(query, response.body);
  if (parsed.kind === 'hit') return { kind: 'hit', insight: parsed.insight };
  if (parsed.kind === 'miss') return { kind: 'miss' };
  return { kind: 'problem', problem: problemFor('unexpected', { detail: parsed.reason }) };
}

/** `GET {base}/usage/insights`: today's quota. */
export async function fetchUsage(
  config: ClientConfig,
  signal?: AbortSignal,
): Promise<{ kind: 'usage'; usage: Usage | null } | { kind: 'problem'; problem: LookupProblem }> {
  const response = await request('/usage/insights', config, signal);
  if (response.kind === 'problem') return response;
  const usage = parseUsage(response.body);
  if (usage === 'unexpected')
    return {
      kind: 'problem',
      problem: problemFor('unexpected', { detail: 'the usage answer is not a list of days' }),
    };
  return { kind: 'usage', usage };
}

type RawResponse = { kind: 'body'; body: unknown } | { kind: 'problem'; problem: LookupProblem };

async function request(
  path: string,
  config: ClientConfig,
  signal?: AbortSignal,
): Promise<RawResponse> {
  const doFetch = config.fetch ?? globalThis.fetch.bind(globalThis);
  const sleep =
    config.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = config.now ?? Date.now;
  const online = config.isOnline ?? (() => globalThis.navigator?.onLine !== false);
  const retries = config.retries ?? DEFAULT_RETRIES;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const url = config.baseUrl.replace(/\/+$/, '') + path;

  let last: LookupProblem = problemFor('server');
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(BACKOFF_MS[attempt - 1]! + Math.floor(Math.random() * 250));
    if (signal?.aborted)
      return { kind: 'problem', problem: problemFor('timeout', { detail: 'cancelled' }) };
    if (!online()) return { kind: 'problem', problem: problemFor('offline') };
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'GET',
        headers: { 'x-api-key': config.apiKey, 'api-version': 'v1', accept: 'application/json' },
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
        signal: combined,
      });
    } catch {
      if (signal?.aborted)
        return { kind: 'problem', problem: problemFor('timeout', { detail: 'cancelled' }) };
      // A timeout already cost the analyst the whole wait: retry it once, not twice.
      if (timeout.aborted && attempt >= 1)
        return {
          kind: 'problem',
          problem: problemFor('timeout', { seconds: Math.round(timeoutMs / 1000) }),
        };
      last = timeout.aborted
        ? problemFor('timeout', { seconds: Math.round(timeoutMs / 1000) })
        : online()
          ? problemFor('server', { detail: 'the connection failed' })
          : problemFor('offline');
      if (last.kind === 'offline') return { kind: 'problem', problem: last };
      continue;
    }
    if (response.status === 403 || response.status === 401) {
      // API gateways answer a path they do not serve with 403 "Missing Authentication Token":
      // that is a wrong base URL, not a refused key.
      if (/missing authentication token/i.test(await messageOf(response)))
        return {
          kind: 'problem',
          problem: problemFor('not-found', { detail: 'HTTP 403 "Missing Authentication Token"' }),
        };
      return { kind: 'problem', problem: problemFor('bad-key') };
    }
    if (response.status === 404) {
      // A miss sent as 404 rather than the documented 200 is still a miss, not a wrong URL.
      const message = await messageOf(response);
      if (NEVER_OBSERVED.test(message)) return { kind: 'body', body: { message } };
      return { kind: 'problem', problem: problemFor('not-found') };
    }
    if (response.status === 429) {
      const header = response.headers.get('retry-after');
      // A gateway's rate throttle ("Too Many Requests", no Retry-After) passes in seconds;
      // read as the daily quota, it would stop every lookup until midnight.
      const message = header ? '' : await messageOf(response);
      const throttled = THROTTLED.test(message) && !QUOTA_SPENT.test(message);
      return {
        kind: 'problem',
        problem: problemFor('quota', {
          retryAt: throttled ? now() + THROTTLE_PAUSE_MS : retryAtOf(header, now()),
          ...(throttled ? { detail: 'rate' } : {}),
        }),
      };
    }
    if (response.status >= 500) {
      last = problemFor('server', { detail: `HTTP ${response.status}` });
      continue;
    }
    if (!response.ok)
      return {
        kind: 'problem',
        problem: problemFor('unexpected', { detail: `HTTP ${response.status}` }),
      };
    const declared = Number(response.headers.get('content-length'));
    if (declared > MAX_BODY_CHARS) {
      await response.body?.cancel().catch(() => {});
      return tooLarge();
    }
    const text = await response.text().catch(() => null);
    if (text === null) {
      last = problemFor('server', { detail: 'the connection dropped' });
      continue;
    }
    if (text.length > MAX_BODY_CHARS) return tooLarge();
    try {
      return { kind: 'body', body: JSON.parse(text) };
    } catch {
      const html = /^\s*</.test(text);
      return {
        kind: 'problem',
        problem: problemFor('unexpected', {
          detail: html ? 'an HTML page instead of JSON' : 'malformed JSON',
        }),
      };
    }
  }
  return { kind: 'problem', problem: last };
}

/** EchoTrail's largest answers are tens of kilobytes: anything past this is not one. */
const MAX_BODY_CHARS = 5_000_000;
const tooLarge = (): RawResponse => ({
  kind: 'problem',
  problem: problemFor('unexpected', { detail: 'an answer too large' }),
});
const THROTTLED = /too many requests|throttl|rate limit|rate exceeded|slow down/i;
const QUOTA_SPENT = /limit exceeded|quota|daily|per day/i;
/** How long requests pause after a rate throttle that says nothing of when to come back. */
const THROTTLE_PAUSE_MS = 60_000;

/** The `message` of an error body (or its first 200 characters), '' when there is none. */
async function messageOf(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).slice(0, 2_000);
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && 'message' in body)
      return String((body as { message: unknown }).message).slice(0, 200);
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 200);
}

/**
 * When requests may resume after a 429: `Retry-After` in seconds or as an HTTP date, else the
 * next UTC midnight (the quota is daily).
 */
export function retryAtOf(header: string | null, now: number): number {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return now + Math.min(seconds, 2 * 86_400) * 1000;
    const date = Date.parse(header);
    if (Number.isFinite(date) && date > now) return Math.min(date, now + 2 * 86_400_000);
  }
  const midnight = new Date(now);
  midnight.setUTCHours(24, 0, 0, 0);
  return midnight.getTime();
}
