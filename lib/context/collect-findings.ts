import type { PageFindings } from '../findings';
import { analyzeSegments, type SegmentLike } from './analyze-segments';
import { summarizeFindings } from './summarize-findings';

/**
 * One synchronous pass from text segments to `PageFindings`: the reference the live scanner
 * (which works in time slices) and the fixture corpus are checked against.
 */
export function collectFindings(url: string, segments: readonly SegmentLike[]): PageFindings {
  return summarizeFindings(url, analyzeSegments(segments));
}
