import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { OptionsForm } from '@/components/OptionsForm';
import { sendMessage, type BackgroundStatus } from '@/lib/messaging';
import { DEFAULT_API_BASE_URL, type Settings } from '@/lib/settings';
import { loadSettings, saveSettings } from '@/lib/settings-store';
import '@/components/theme.css';

/** A base URL other than EchoTrail's needs that origin's host permission (asked on Save, a user gesture). */
async function allowBaseUrl(url: string): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return true; // validation reports a bad URL
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return true; // likewise
  const origin = parsed.origin;
  if (origin === new URL(DEFAULT_API_BASE_URL).origin) return true;
  const origins = [`${origin}/*`];
  return (
    (await browser.permissions.contains({ origins })) || browser.permissions.request({ origins })
  );
}

function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<BackgroundStatus | null>(null);
  useEffect(() => {
    void loadSettings().then(setSettings);
    void sendMessage('getStatus', undefined)
      .then(setStatus)
      .catch(() => {});
  }, []);
  if (!settings) return <p class="status">Loading…</p>;
  return (
    <main>
      <h1 class="options">ProcLens options</h1>
      <OptionsForm
        settings={settings}
        status={status}
        onSave={async (patch) => {
          if (!(await allowBaseUrl(patch.apiBaseUrl))) {
            return {
              ok: false,
              errors: {
                apiBaseUrl:
                  'ProcLens needs your permission to reach this address; it was not granted.',
              },
            };
          }
          const result = await saveSettings(patch);
          return result.ok ? { ok: true } : result;
        }}
        onTestKey={(connection) => sendMessage('getQuota', connection)}
        onClearCache={() => sendMessage('clearCache', undefined)}
      />
    </main>
  );
}

render(<Options />, document.getElementById('app')!);
