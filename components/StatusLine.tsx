import type { BackgroundStatus, QuotaAnswer } from '@/lib/messaging';
import { QuotaLine } from './QuotaLine';

export interface StatusLineProps {
  status: BackgroundStatus | null;
  quota?: QuotaAnswer | null;
  error?: string | null;
}

/** Which source answers lookups, the quota left today and the cache size. */
export function StatusLine({ status, quota, error }: StatusLineProps) {
  if (error)
    return (
      <p class="status status--error" role="status">
        {error}
      </p>
    );
  if (!status)
    return (
      <p class="status" role="status">
        Connecting…
      </p>
    );
  const blocked = status.quotaBlockedUntil > Date.now();
  return (
    <div class="status" role="status" data-mode={status.mode}>
      <p>
        {status.mode === 'echotrail'
          ? `EchoTrail API key set (${status.apiBaseUrl})`
          : 'Built-in baseline (no API key set)'}
      </p>
      {status.consentMissing && (
        <p class="error">
          Firefox has not been allowed to send page content to EchoTrail: save the key in Options
          again and allow it.
        </p>
      )}
      {status.keyRefused && (
        <p class="error">EchoTrail refused the saved key: check it in Options.</p>
      )}
      {status.cacheProblem && <p class="error">{status.cacheProblem.message}</p>}
      {blocked && (
        <p class="error">{`Today's quota is used up; lookups resume at ${new Date(status.quotaBlockedUntil).toISOString().slice(11, 16)} UTC.`}</p>
      )}
      {/* Usage read at opening is stale once a lookup was refused or ran out of quota. */}
      {status.mode === 'echotrail' &&
        quota &&
        !blocked &&
        !status.keyRefused &&
        !status.consentMissing && (
          <p>
            <QuotaLine answer={quota} />
          </p>
        )}
      <p>{`${status.cacheSize} cached answer${status.cacheSize === 1 ? '' : 's'}`}</p>
    </div>
  );
}
