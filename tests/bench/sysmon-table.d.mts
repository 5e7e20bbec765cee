export function sysmonRow(i: number, next: () => number): string;
export function sysmonPage(rows: number, seed?: number): string;
export function moreRows(count: number, seed?: number): string;
