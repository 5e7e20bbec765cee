import { isValidQuery, type LookupProblem, type LookupResult } from '../insight';

/** Problems that say something of the API itself, most telling first. */
const RANK: Record<Exclude<LookupProblem['kind'], 'no-key'>, number> = {
  'bad-key': 0,
  'no-consent': 1,
  quota: 2,
  'not-found': 3,
  offline: 4,
  server: 5,
  timeout: 6,
  unexpected: 7,
  storage: 8,
};

/**
 * What one batch of lookup answers says of the API, for the page's findings notices: its
 * most telling problem with the next step ("EchoTrail refused the API key (HTTP 403). Check
 * the key in Options …"), null when every answer came without one, undefined when the batch
 * holds no answer. A missing key is the analyst's choice, which the popup shows: no notice.
 * @example apiNoticeOf([{ ...result, problem: problemFor('bad-key') }]) // 'EchoTrail refused …'
 */
export function apiNoticeOf(results: readonly LookupResult[]): string | null | undefined {
  if (results.length === 0) return undefined;
  let worst: LookupProblem | null = null;
  for (const { query, problem } of results) {
    if (!problem || problem.kind === 'no-key' || !isValidQuery(query)) continue;
    if (!worst || RANK[problem.kind] < RANK[worst.kind as keyof typeof RANK]) worst = problem;
  }
  return worst ? `${worst.message} ${worst.nextStep}` : null;
}
