export function sysmonRow(i: number, next: () => number): string;
export function sysmonPage(rows: number, seed?: number): string;
export function moreRows(count: number, seed?: number): string;
export const DIRS: string[];
export const NAMES: string[];
export function random(seed: number): () => number;
export function hex(next: () => number, length: number): string;
export function eventBlocksPage(events: number, seed?: number): string;
