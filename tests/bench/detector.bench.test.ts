// Detector throughput on 10 MB of console-like text, beside one plain regex pass over the same
// text (the ratio is the figure to watch).
import { it } from 'vitest';
import { findIndicators } from '@/lib/detect/find-indicators';
import { consoleCells } from './console-text';

const MB = 1024 * 1024;

function bestOf(runs: number, fn: () => number): { ms: number; result: number } {
  let best = Infinity;
  let result = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, result };
}

it('detector throughput', () => {
  const cells = consoleCells(10 * MB);
  const bytes = cells.reduce((n, c) => n + c.length, 0);
  const whole = cells.join('\n');

  const detector = bestOf(3, () =>
    cells.reduce((n, cell) => {
      const f = findIndicators(cell);
      return n + f.processes.length + f.hashes.length;
    }, 0),
  );
  const plain = bestOf(3, () => {
    const re = /\.exe|[0-9a-f]{32,64}/gi;
    let n = 0;
    while (re.exec(whole)) n++;
    return n;
  });
  const mbps = (ms: number) => bytes / MB / (ms / 1000);
  console.log(
    [
      '',
      `detector benchmark: ${(bytes / MB).toFixed(1)} MB in ${cells.length} cells`,
      'pass                                   time (ms)   MB/s   matches',
      `findIndicators per cell (full detection) ${detector.ms.toFixed(0).padStart(8)} ${mbps(detector.ms).toFixed(1).padStart(7)} ${String(detector.result).padStart(9)}`,
      `one plain regex /\\.exe|[0-9a-f]{32,64}/gi ${plain.ms.toFixed(0).padStart(7)} ${mbps(plain.ms).toFixed(1).padStart(7)} ${String(plain.result).padStart(9)}`,
      `ratio (detector time / plain regex time): ${(detector.ms / plain.ms).toFixed(2)}`,
    ].join('\n'),
  );
});
