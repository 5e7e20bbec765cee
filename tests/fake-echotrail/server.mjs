// A local EchoTrail-compatible HTTP server for tests, the demo and benchmarks.
// It follows ../shared/echotrail-api.md: GET /insights/<q>[/<field>[/<subsearch>]] (also under
// /v1/insights and /v1/private/insights), GET /usage/<service>, POST /score, the key in
// x-api-key, a miss as HTTP 200 with `message`, 403/404/429 as documented.
// Faults can be injected for one query or for all ('*'): status 403/404/429/500 (429 with
// Retry-After), slow (delayMs), malformed JSON, an HTML error page, or a dropped connection.
// Every request is recorded (method, path, query, headers, body) for assertions.
import http from 'node:http';
import { HASHES, NEVER_OBSERVED, PROCESSES } from './data.mjs';

export const TEST_API_KEY = 'pl-test-key-0123456789abcdefghijklmnopqrstu';
const FIELDS = [
  'description',
  'rank',
  'host_prev',
  'eps',
  'parents',
  'children',
  'grandparents',
  'hashes',
  'paths',
  'network',
  'intel',
];
const SUBSEARCH_FIELDS = ['parents', 'children', 'grandparents', 'hashes', 'paths'];

/**
 * @typedef {{ status?: 403|404|429|500|502|503, retryAfter?: number|string, delayMs?: number,
 *   malformed?: boolean, html?: boolean, drop?: boolean, times?: number }} Fault
 * A fault applies to the next `times` matching requests (forever when omitted).
 */

/**
 * Starts the server on 127.0.0.1 and a random port.
 * @param {{ apiKey?: string, dailyQuota?: number, delayMs?: number, port?: number }} [options]
 */
export async function startFakeEchoTrail(options = {}) {
  const apiKey = options.apiKey ?? TEST_API_KEY;
  const state = {
    dailyQuota: options.dailyQuota ?? 250,
    used: { insights: 0, scoring: 0 },
    delayMs: options.delayMs ?? 0,
    /** @type {Map<string, Fault>} */
    faults: new Map(),
    /** @type {Array<{method: string, path: string, query: string, headers: Record<string, string|string[]|undefined>, body: string, at: number}>} */
    requests: [],
  };
  const sockets = new Set();

  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      if (body.length < 1_000_000) body += chunk;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/__control/')) return control(url, body, res);
      state.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search,
        headers: { ...req.headers },
        body,
        at: Date.now(),
      });
      void handle(req, url, body, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function send(res, status, payload, headers = {}) {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': 'application/json',
      'access-control-allow-origin': '*',
      ...headers,
    });
    res.end(text);
  }

  function takeFault(query) {
    for (const key of [query.toLowerCase(), '*']) {
      const fault = state.faults.get(key);
      if (!fault) continue;
      if (fault.times !== undefined) {
        if (fault.times <= 0) continue;
        fault.times -= 1;
      }
      return fault;
    }
    return null;
  }

  /** @returns {Promise<boolean>} true when the fault answered the request */
  async function applyFault(fault, res) {
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.drop) {
      res.socket?.destroy();
      return true;
    }
    if (fault.html) {
      res.writeHead(fault.status ?? 502, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
      );
      return true;
    }
    if (fault.malformed) {
      send(res, 200, '{"rank": 24, "host_prev": "94.4", "paths": [["C:\\\\Windows');
      return true;
    }
    if (fault.status) {
      const messages = {
        403: 'Forbidden',
        404: 'Invalid Path',
        429: 'Too Many Requests',
        500: 'Internal server error',
        502: 'Bad Gateway',
        503: 'Service Unavailable',
      };
      const headers = fault.status === 429 ? { 'retry-after': String(fault.retryAfter ?? 60) } : {};
      send(res, fault.status, { message: messages[fault.status] ?? 'Error' }, headers);
      return true;
    }
    return false;
  }

  function lookup(query) {
    const q = query.toLowerCase();
    return PROCESSES[q] ?? HASHES[q] ?? null;
  }

  async function handle(req, url, body, res) {
    if (state.delayMs) await sleep(state.delayMs);
    if (req.method === 'OPTIONS')
      return send(res, 204, '', {
        'access-control-allow-headers': 'x-api-key, api-version, content-type',
      });
    if (req.headers['x-api-key'] !== apiKey) return send(res, 403, { message: 'Forbidden' });

    const parts = url.pathname
      .replace(/^\/v1(\/private)?/, '')
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    const [section, ...rest] = parts;

    if (
      section === 'usage' &&
      rest.length === 1 &&
      (rest[0] === 'insights' || rest[0] === 'scoring')
    ) {
      const used = state.used[rest[0]];
      if (used === 0) return send(res, 200, []);
      return send(res, 200, [
        {
          used,
          remaining: Math.max(0, state.dailyQuota - used),
          total: state.dailyQuota,
          date: new Date().toISOString().slice(0, 10),
        },
      ]);
    }

    if (section === 'score' && rest.length === 0 && req.method === 'POST') {
      let input;
      try {
        input = JSON.parse(body);
      } catch {
        return send(res, 400, { message: 'Invalid JSON body' });
      }
      const fault = takeFault(String(input?.image ?? ''));
      if (fault && (await applyFault(fault, res))) return;
      if (!quotaLeft('scoring', res)) return;
      const name =
        String(input?.image ?? '')
          .split(/[\\/]/)
          .pop() ?? '';
      const known = lookup(name);
      const score = known ? Math.round(Number(known.eps)) : 0;
      return send(res, 200, {
        echotrail_score: score,
        global: {
          rank: known?.rank ?? 0,
          host_prev: Number(known?.host_prev ?? 0),
          overall_score: score,
          path_score: score,
        },
      });
    }

    if (section !== 'insights' || rest.length < 1 || rest.length > 3 || req.method !== 'GET') {
      return send(res, 404, { message: 'Invalid Path' });
    }
    const [query, field, subsearch] = rest;
    const fault = takeFault(query);
    if (fault && (await applyFault(fault, res))) return;
    if (!quotaLeft('insights', res)) return;

    const entry = lookup(query);
    if (!entry) return send(res, 200, NEVER_OBSERVED(query));
    if (field === undefined) {
      const out = { ...entry };
      if (url.searchParams.get('usage') === 't')
        out.usage = { remaining: state.dailyQuota - state.used.insights, total: state.dailyQuota };
      return send(res, 200, out);
    }
    if (!FIELDS.includes(field) && field !== 'filenames')
      return send(res, 404, { message: 'Invalid Path' });
    if (subsearch === undefined) return send(res, 200, { [field]: entry[field] ?? [] });
    if (!SUBSEARCH_FIELDS.includes(field)) return send(res, 404, { message: 'Invalid Path' });
    const hit = (entry[field] ?? []).find(([k]) => k.toLowerCase() === subsearch.toLowerCase());
    return send(res, 200, hit ?? []);
  }

  function quotaLeft(service, res) {
    if (state.used[service] >= state.dailyQuota) {
      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      send(
        res,
        429,
        { message: 'You have exceeded your EchoTrail API quota' },
        { 'retry-after': String(Math.ceil((midnight.getTime() - Date.now()) / 1000)) },
      );
      return false;
    }
    state.used[service] += 1;
    return true;
  }

  // Control endpoints, for a server started by another process (npm run fake-echotrail).
  function control(url, body, res) {
    const action = url.pathname.slice('/__control/'.length);
    if (action === 'fault') {
      const { query = '*', ...fault } = JSON.parse(body || '{}');
      api.setFault(query, fault);
    } else if (action === 'clear') api.clearFaults();
    else if (action === 'reset') api.reset();
    else if (action === 'requests') return send(res, 200, state.requests);
    else return send(res, 404, { message: 'Unknown control action' });
    send(res, 200, { ok: true });
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());

  const api = {
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey,
    /** Every request received, oldest first (control calls excluded). */
    get requests() {
      return state.requests;
    },
    /** Requests to the API proper (not the usage endpoint). */
    insightQueries() {
      return state.requests
        .filter((r) => /\/insights\//.test(r.path))
        .map((r) => decodeURIComponent(r.path.split('/insights/')[1] ?? ''));
    },
    /** @param {string} query lower-cased query, or '*' for every request  @param {Fault} fault */
    setFault(query, fault) {
      state.faults.set(query.toLowerCase(), { ...fault });
    },
    clearFaults() {
      state.faults.clear();
    },
    setDelay(ms) {
      state.delayMs = ms;
    },
    setQuota(total, used = state.used.insights) {
      state.dailyQuota = total;
      state.used.insights = used;
    },
    reset() {
      state.faults.clear();
      state.requests.length = 0;
      state.used.insights = 0;
      state.used.scoring = 0;
      state.dailyQuota = options.dailyQuota ?? 250;
      state.delayMs = options.delayMs ?? 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
  return api;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
