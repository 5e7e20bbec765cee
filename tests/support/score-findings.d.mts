import type { FindingContext, PageFindings } from '../../lib/findings';
export interface Expected {
  processes: Record<
    string,
    {
      occurrences: number;
      paths: string[];
      contexts: Array<Partial<FindingContext> & { role: string }>;
    }
  >;
  hashes: Record<string, { type: string; occurrences: number }>;
}
export interface PageScore {
  truePositives: number;
  found: number;
  expected: number;
  pairsMatched: number;
  pairsUnion: number;
  problems: string[];
}
export function scorePage(findings: PageFindings, expected: Expected): PageScore;
