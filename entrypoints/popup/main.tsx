import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PopupView } from '@/components/PopupView';
import { sendMessage, type BackgroundStatus, type QuotaAnswer } from '@/lib/messaging';
import '@/components/theme.css';

function Popup() {
  const [status, setStatus] = useState<BackgroundStatus | null>(null);
  const [quota, setQuota] = useState<QuotaAnswer | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  useEffect(() => {
    sendMessage('getStatus', undefined)
      .then((s) => {
        setStatus(s);
        if (s.mode === 'echotrail')
          void sendMessage('getQuota', undefined)
            .then(setQuota)
            .catch(() => {});
      })
      .catch(() => setStatusError('The background worker did not answer. Reopen the popup.'));
  }, []);
  return (
    <PopupView
      status={status}
      quota={quota}
      statusError={statusError}
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
    />
  );
}

render(<Popup />, document.getElementById('app')!);
