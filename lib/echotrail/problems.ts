import type { LookupProblem } from '../insight';

/**
 * Every state a lookup can be in besides "answered", in plain words with the next step.
 * These sentences are shown on the card, in the popup and in options; they never contain
 * the key.
 */
export function problemFor(
  kind: LookupProblem['kind'],
  details: { detail?: string; retryAt?: number; seconds?: number } = {},
): LookupProblem {
  switch (kind) {
    case 'no-key':
      return {
        kind,
        message:
          'No EchoTrail API key is set: answers come from the built-in baseline of well-known Windows binaries.',
        nextStep: 'Add a free EchoTrail key in Options to look up anything EchoTrail has seen.',
      };
    case 'no-consent':
      return {
        kind,
        message:
          'Firefox has not been allowed to send the process names and hashes ProcLens finds to EchoTrail: answers come from the built-in baseline.',
        nextStep:
          'Save the API key in Options again and allow it when Firefox asks (or allow it under Permissions in about:addons).',
      };
    case 'bad-key':
      return {
        kind,
        message: 'EchoTrail refused the API key (HTTP 403).',
        nextStep:
          'Check the key in Options ("Test key" shows whether it works). Until then answers come from the cache and the built-in baseline.',
      };
    case 'quota': {
      const at = details.retryAt
        ? new Date(details.retryAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
        : 'the next UTC day';
      return {
        kind,
        message:
          details.detail === 'rate'
            ? 'EchoTrail asked ProcLens to send requests more slowly (HTTP 429).'
            : "Today's EchoTrail quota is used up (HTTP 429).",
        nextStep: `No requests are sent until ${at}; until then answers come from the cache and the built-in baseline.`,
        ...(details.retryAt ? { retryAt: details.retryAt } : {}),
      };
    }
    case 'server':
      return {
        kind,
        message: `EchoTrail could not answer${details.detail ? ` (${details.detail})` : ''}.`,
        nextStep:
          'ProcLens retried twice and will try again on the next lookup; cached answers still show.',
      };
    case 'timeout':
      return {
        kind,
        message:
          details.detail === 'cancelled'
            ? 'The lookup was cancelled.'
            : `EchoTrail did not answer within ${details.seconds ?? 10} s.`,
        nextStep:
          'ProcLens retried once and will try again on the next lookup; cached answers still show.',
      };
    case 'offline':
      return {
        kind,
        message: 'The browser is offline.',
        nextStep:
          'Lookups resume when the network is back; cached answers and the built-in baseline still show.',
      };
    case 'not-found':
      return {
        kind,
        message: `The API base URL does not serve EchoTrail insights (${details.detail ?? 'HTTP 404'}).`,
        nextStep: 'Check the API base URL in Options (the default is https://api.echotrail.io).',
      };
    case 'unexpected':
      return {
        kind,
        message: `EchoTrail sent an answer ProcLens cannot read${details.detail ? ` (${details.detail})` : ''}.`,
        nextStep:
          'Nothing was cached. Check the API base URL in Options; if it is right, try again later.',
      };
    case 'storage':
      return {
        kind,
        message:
          'The browser would not let ProcLens store its cache (IndexedDB unavailable or full).',
        nextStep:
          'Answers are kept in memory until the browser restarts; free some disk space or check the browser settings.',
      };
  }
}
