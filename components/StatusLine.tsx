import type { BackgroundStatus } from '@/lib/messaging';

export interface StatusLineProps {
  status: BackgroundStatus | null;
  error?: string | null;
}

/** One line that says which source answers lookups. */
export function StatusLine({ status, error }: StatusLineProps) {
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
  return (
    <p class="status" role="status" data-mode={status.mode}>
      {status.mode === 'echotrail'
        ? `EchoTrail API key set (${status.apiBaseUrl})`
        : 'Built-in baseline (no API key set)'}
    </p>
  );
}
