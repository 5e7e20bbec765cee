import type { BackgroundStatus, QuotaAnswer } from '@/lib/messaging';
import { StatusLine } from './StatusLine';

export interface PopupViewProps {
  status: BackgroundStatus | null;
  quota: QuotaAnswer | null;
  statusError: string | null;
  onOpenOptions: () => void;
}

/** The toolbar popup. Later surfaces (lookup, this page, this site) slot in as sections. */
export function PopupView({ status, quota, statusError, onOpenOptions }: PopupViewProps) {
  return (
    <main class="popup">
      <header>
        <h1>ProcLens</h1>
        <StatusLine status={status} quota={quota} error={statusError} />
      </header>
      <footer>
        <button type="button" onClick={onOpenOptions}>
          Options
        </button>
      </footer>
    </main>
  );
}
