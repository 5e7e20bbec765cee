import { DIRS, NAMES, hex, random } from './sysmon-table.mjs';

/**
 * Deterministic console-like text for benchmarks: Sysmon-style rows (image, parent, command
 * line, hashes), JSON events with escaped backslashes, prose, and identifiers, in the
 * proportions a SIEM search page shows.
 */
export function createRandom(seed = 42): () => number {
  return random(seed);
}

const WORDS =
  'the process was observed on host with user session network connection to port registry key value service started stopped by policy'.split(
    ' ',
  );

/** One cell's worth of console text (what a text segment holds). */
export function consoleCell(random: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const kind = random();
  if (kind < 0.25) return `${pick(DIRS)}\\${pick(NAMES)}`;
  if (kind < 0.4)
    return `"${pick(DIRS)}\\${pick(NAMES)}" -k netsvcs -p -s ${pick(WORDS)} ${pick(DIRS)}\\${pick(WORDS)}.dll,Start`;
  if (kind < 0.55)
    return `SHA256=${hex(random, 64)},MD5=${hex(random, 32)},IMPHASH=${hex(random, 32)}`;
  if (kind < 0.65)
    return `{"process":{"executable":"${pick(DIRS).replace(/\\/g, '\\\\')}\\\\${pick(NAMES)}","parent":{"name":"${pick(NAMES)}"}},"host":{"id":"${hex(random, 32)}"}}`;
  if (kind < 0.8) return Array.from({ length: 12 }, () => pick(WORDS)).join(' ');
  if (kind < 0.9)
    return `2026-11-29T08:${String(Math.floor(random() * 60)).padStart(2, '0')}:11.402Z FIN-WS-0${Math.floor(random() * 999)}`;
  return `${pick(NAMES)}`;
}

/** Cells whose lengths add up to about `bytes`. */
export function consoleCells(bytes: number, seed = 42): string[] {
  const random = createRandom(seed);
  const cells: string[] = [];
  let total = 0;
  while (total < bytes) {
    const cell = consoleCell(random);
    cells.push(cell);
    total += cell.length;
  }
  return cells;
}
