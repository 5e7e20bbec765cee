// Lookups in real Chromium with the e2e build and the local EchoTrail-compatible server:
// requests sent for 1,000 occurrences of 50 distinct indicators (cold cache, then warm), and
// the round trip of a cached batch of 200 indicators from the content script to its answer.
import path from 'node:path';
import { it } from 'vitest';
import { ROOT, launchWithExtension, serveDirectory, useEchoTrail } from '../e2e/harness.mjs';
import { startFakeEchoTrail } from '../fake-echotrail/server.mjs';
import { PROCESSES } from '../fake-echotrail/data.mjs';

declare const chrome: {
  storage: { local: { set(items: object): Promise<void> } };
  tabs: {
    query(q: { url: string }): Promise<Array<{ id?: number }>>;
    sendMessage(id: number, m: object): Promise<unknown>;
  };
};

const known = Object.keys(PROCESSES);
const FIFTY = Array.from({ length: 50 }, (_, i) => (i < known.length ? known[i]! : `tool${i}.exe`));

function page(): string {
  const rows = Array.from(
    { length: 1_000 },
    (_, i) => `<tr><td>${i}</td><td>C:\\Windows\\System32\\${FIFTY[i % 50]}</td></tr>`,
  ).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body><table><tr><th>#</th><th>Image</th></tr>${rows}</table></body></html>`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

it('lookup figures', async () => {
  const server = await startFakeEchoTrail({ dailyQuota: 100_000 });
  const site = await serveDirectory(path.join(ROOT, 'tests', 'fixtures'), {
    '/bench/lookups.html': page(),
  });
  const harness = await launchWithExtension();
  try {
    await useEchoTrail(harness, server);
    const worker = await harness.serviceWorker();
    const url = `${site.url}/bench/lookups.html`;
    const settle = async () => {
      let count = -1;
      while (count !== server.requests.length) {
        count = server.requests.length;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    };
    const tab = await harness.context.newPage();
    await tab.goto(url);
    await settle();
    const cold = server.insightQueries().length;
    // Any query sent more than once, so a count over 50 says which and why to look.
    const seen = new Map<string, number>();
    for (const q of server.insightQueries()) seen.set(q, (seen.get(q) ?? 0) + 1);
    const repeated = [...seen].filter(([, n]) => n > 1).map(([q, n]) => `${q} ×${n}`);
    await tab.reload();
    await settle();
    const warm = server.insightQueries().length - cold;

    // 200 distinct indicators, cached by a first round, then timed.
    const batch = Array.from({ length: 200 }, (_, i) => (i < 50 ? FIFTY[i]! : `batch${i}.exe`));
    const probe = (runs: number) =>
      worker.evaluate(
        async ([u, queries, n]) => {
          const [t] = await chrome.tabs.query({ url: u as string });
          return chrome.tabs.sendMessage(t!.id!, {
            type: 'proclens:test:roundtrip',
            queries,
            runs: n,
          });
        },
        [url, batch, runs] as const,
      ) as Promise<number[]>;
    await probe(1);
    const times = await probe(50);
    console.log(
      [
        '',
        'lookup benchmark (real Chromium, local EchoTrail-compatible server)',
        `requests for 1,000 occurrences of 50 distinct indicators, cold cache   ${cold}   (goal 50)${repeated.length ? `   sent again: ${repeated.join(', ')}` : ''}`,
        `requests for the same page reloaded, warm cache                       ${warm}   (goal 0)`,
        `cached lookup of 200 indicators, content script → answer:  p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms   (50 runs)`,
      ].join('\n'),
    );
  } finally {
    await harness.close();
    await site.close();
    await server.close();
  }
});
