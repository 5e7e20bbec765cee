import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { OptionsForm } from '@/components/OptionsForm';
import { SitesSection } from '@/components/SitesSection';
import { sendMessage, type BackgroundStatus } from '@/lib/messaging';
import { patternForUrl } from '@/lib/console-presets';
import {
  DATA_CONSENT_NEEDED,
  hasDataConsent,
  WEBSITE_CONTENT_CONSENT,
} from '@/lib/background/data-consent';
import { DEFAULT_API_BASE_URL, type Settings } from '@/lib/settings';
import { loadSettings, saveSettings } from '@/lib/settings-store';
import '@/components/theme.css';

type PermissionRequest = Parameters<typeof browser.permissions.request>[0];

/**
 * What saving `patch` needs the browser's permission for, or null: the host of a base URL
 * other than EchoTrail's, and in Firefox, with a key, the consent to send the names and
 * hashes found on pages (website content). The pattern names no port: Firefox's match
 * patterns have none (a pattern with one is never granted), and Chrome's match any port
 * without one.
 */
function permissionsFor(patch: { apiKey: string; apiBaseUrl: string }): PermissionRequest | null {
  const url = patch.apiBaseUrl.trim();
  const pattern = /^https?:\/\//i.test(url) ? patternForUrl(url) : null; // validation reports a bad URL
  const origins =
    pattern && pattern !== patternForUrl(DEFAULT_API_BASE_URL) ? { origins: [pattern] } : {};
  const consent = DATA_CONSENT_NEEDED && patch.apiKey.trim() ? WEBSITE_CONTENT_CONSENT : {};
  const wanted = { ...origins, ...consent };
  return Object.keys(wanted).length > 0 ? (wanted as PermissionRequest) : null;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<BackgroundStatus | null>(null);
  const [sites, setSites] = useState<string[]>([]);
  useEffect(() => {
    void loadSettings().then(setSettings);
    void sendMessage('getStatus', undefined)
      .then(setStatus)
      .catch(() => {});
    void sendMessage('listSites', undefined)
      .then((r) => setSites(r.sites))
      .catch(() => {});
  }, []);
  if (!settings) return <p class="status">Loading…</p>;
  return (
    <main>
      <h1 class="options">ProcLens options</h1>
      <SitesSection
        sites={sites}
        onEnable={async (patterns) => {
          // Asked in the click: the browser shows its prompt for exactly these sites.
          if (!(await browser.permissions.request({ origins: patterns }))) return;
          setSites((await sendMessage('enableSite', { pattern: patterns[0]! })).sites);
        }}
        onRemove={async (pattern) =>
          setSites((await sendMessage('disableSite', { pattern })).sites)
        }
      />
      <OptionsForm
        settings={settings}
        status={status}
        onSave={async (patch) => {
          // Asked at once, in the Save click (Firefox grants only while a click is handled, so
          // before any await), in one prompt; what is granted already is not asked again.
          const wanted = permissionsFor(patch);
          if (wanted && !(await browser.permissions.request(wanted).catch(() => false))) {
            const errors: Partial<Record<'apiKey' | 'apiBaseUrl', string>> = {};
            if ('data_collection' in wanted && !(await hasDataConsent()))
              errors.apiKey =
                'Firefox was not allowed to send the process names and hashes found on pages to EchoTrail, so the key was not saved. Save again and allow it, or clear the key to use the built-in baseline.';
            if (
              wanted.origins &&
              !(await browser.permissions.contains({ origins: wanted.origins }))
            )
              errors.apiBaseUrl =
                'ProcLens needs your permission to reach this address; it was not granted.';
            if (!errors.apiKey && !errors.apiBaseUrl)
              errors.apiBaseUrl = 'The browser did not grant the permission this needs.';
            return { ok: false, errors };
          }
          const result = await saveSettings(patch);
          return result.ok ? { ok: true } : result;
        }}
        onTestKey={(connection) => sendMessage('getQuota', connection)}
        onClearCache={() => sendMessage('clearCache', undefined)}
        onExportSettings={() => {
          const { apiKey: _key, ...rest } = settings;
          download('proclens-settings.json', JSON.stringify(rest, null, 2));
        }}
        onImportSettings={async (text) => {
          let data: unknown;
          try {
            data = JSON.parse(text);
          } catch {
            return 'That file is not JSON: nothing was imported.';
          }
          if (typeof data !== 'object' || data === null)
            return 'That file holds no settings: nothing was imported.';
          const { apiKey: _ignored, ...patch } = data as Record<string, unknown>;
          const result = await saveSettings(patch as Partial<Record<keyof Settings, unknown>>);
          if (!result.ok)
            return `Not imported: ${Object.entries(result.errors)
              .map(([k, v]) => `${k} (${v})`)
              .join(', ')}.`;
          setSettings(result.value);
          return 'Imported. Reopen this page to see every field.';
        }}
      />
    </main>
  );
}

render(<Options />, document.getElementById('app')!);
