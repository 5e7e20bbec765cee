import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PopupView } from '@/components/PopupView';
import { sendMessage, type BackgroundStatus } from '@/lib/messaging';
import '@/components/theme.css';

function Popup() {
  const [status, setStatus] = useState<BackgroundStatus | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  useEffect(() => {
    sendMessage('getStatus', undefined)
      .then(setStatus)
      .catch(() => setStatusError('The background worker did not answer. Reopen the popup.'));
  }, []);
  return (
    <PopupView
      status={status}
      statusError={statusError}
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
    />
  );
}

render(<Popup />, document.getElementById('app')!);
