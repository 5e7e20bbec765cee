import { useState } from 'preact/hooks';
import type { Settings } from '@/lib/settings';
import type { BackgroundStatus, QuotaAnswer } from '@/lib/messaging';
import { QuotaLine } from './QuotaLine';

export type SaveResult =
  { ok: true } | { ok: false; errors: Partial<Record<keyof Settings, string>> };
export type EditableSettings = Pick<
  Settings,
  | 'apiKey'
  | 'apiBaseUrl'
  | 'cacheHitTtlHours'
  | 'cacheMissTtlHours'
  | 'highlight'
  | 'autoLookup'
  | 'bands'
>;

export interface OptionsFormProps {
  settings: Settings;
  status: BackgroundStatus | null;
  onSave: (patch: EditableSettings) => Promise<SaveResult>;
  onTestKey: (connection: Pick<Settings, 'apiKey' | 'apiBaseUrl'>) => Promise<QuotaAnswer>;
  onClearCache: () => Promise<{ cacheSize: number }>;
  /** Downloads the settings without the API key. */
  onExportSettings: () => void;
  /** Imports settings from a file's text (the key is never imported); says what happened. */
  onImportSettings: (text: string) => Promise<string>;
}

/**
 * The options page. Field labels "API key" and "API base URL" are a public interface (tests
 * and documentation name them).
 */
export function OptionsForm({
  settings,
  status,
  onSave,
  onTestKey,
  onClearCache,
  onExportSettings,
  onImportSettings,
}: OptionsFormProps) {
  const [form, setForm] = useState<EditableSettings>({
    apiKey: settings.apiKey,
    apiBaseUrl: settings.apiBaseUrl,
    cacheHitTtlHours: settings.cacheHitTtlHours,
    cacheMissTtlHours: settings.cacheMissTtlHours,
    highlight: settings.highlight,
    autoLookup: settings.autoLookup,
    bands: settings.bands,
  });
  const [imported, setImported] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<keyof Settings, string>>>({});
  const [saved, setSaved] = useState(false);
  const [quota, setQuota] = useState<QuotaAnswer | 'testing' | null>(null);
  // The size after "Clear cache", else what the background reported.
  const [clearedSize, setClearedSize] = useState<number | null>(null);
  const cacheSize = clearedSize ?? status?.cacheSize ?? null;
  const set = <K extends keyof EditableSettings>(key: K, value: EditableSettings[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [key]: value }));
  };

  const [saveFailed, setSaveFailed] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    setSaveFailed(null);
    try {
      const result = await onSave(form);
      setErrors(result.ok ? {} : result.errors);
      setSaved(result.ok);
    } catch (error) {
      // The browser refused a step (a permission it cannot ask for, storage): say so, keep the form.
      setSaveFailed(error instanceof Error ? error.message : String(error));
    }
  };

  const field = (id: string, key: keyof Settings) => ({
    id,
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': errors[key] ? `${id}-error` : undefined,
  });
  const error = (id: string, key: keyof Settings) =>
    errors[key] && (
      <p id={`${id}-error`} class="error">
        {errors[key]}
      </p>
    );

  return (
    <form class="options" onSubmit={submit} noValidate>
      <h2>EchoTrail connection</h2>
      <p class="hint">
        With no key, ProcLens answers from its built-in baseline of well-known Windows binaries and
        sends nothing over the network.
      </p>
      <label for="api-key">API key</label>
      <input
        {...field('api-key', 'apiKey')}
        type="password"
        autocomplete="off"
        spellcheck={false}
        value={form.apiKey}
        onInput={(e) => set('apiKey', e.currentTarget.value)}
      />
      {error('api-key', 'apiKey')}
      <label for="api-base-url">API base URL</label>
      <input
        {...field('api-base-url', 'apiBaseUrl')}
        type="url"
        spellcheck={false}
        value={form.apiBaseUrl}
        onInput={(e) => set('apiBaseUrl', e.currentTarget.value)}
      />
      {error('api-base-url', 'apiBaseUrl')}
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={async () => {
            setQuota('testing');
            setQuota(await onTestKey({ apiKey: form.apiKey, apiBaseUrl: form.apiBaseUrl }));
          }}
        >
          Test key
        </button>
        <span role="status" class="inline-status">
          {quota === 'testing' ? 'Testing…' : quota ? <QuotaLine answer={quota} /> : null}
        </span>
      </div>

      <h2>Cache</h2>
      <label for="ttl-hit">Keep EchoTrail answers for (hours)</label>
      <input
        {...field('ttl-hit', 'cacheHitTtlHours')}
        type="number"
        min={1}
        max={720}
        value={form.cacheHitTtlHours}
        onInput={(e) => set('cacheHitTtlHours', Number(e.currentTarget.value))}
      />
      {error('ttl-hit', 'cacheHitTtlHours')}
      <label for="ttl-miss">Keep "never observed" answers for (hours)</label>
      <input
        {...field('ttl-miss', 'cacheMissTtlHours')}
        type="number"
        min={1}
        max={720}
        value={form.cacheMissTtlHours}
        onInput={(e) => set('cacheMissTtlHours', Number(e.currentTarget.value))}
      />
      {error('ttl-miss', 'cacheMissTtlHours')}
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={async () => {
            setClearedSize((await onClearCache()).cacheSize);
          }}
        >
          Clear cache
        </button>
        <span role="status" class="inline-status">
          {cacheSize === null ? '' : `${cacheSize} cached answer${cacheSize === 1 ? '' : 's'}`}
        </span>
      </div>
      {status?.cacheProblem && (
        <p class="error">{`${status.cacheProblem.message} ${status.cacheProblem.nextStep}`}</p>
      )}

      <h2>On the page</h2>
      <label class="check">
        <input
          type="checkbox"
          checked={form.highlight}
          onChange={(e) => set('highlight', e.currentTarget.checked)}
        />{' '}
        Highlight processes and hashes
      </label>
      <label for="auto-lookup">Look up</label>
      <select
        id="auto-lookup"
        value={form.autoLookup}
        onChange={(e) => set('autoLookup', e.currentTarget.value as EditableSettings['autoLookup'])}
      >
        <option value="all">every finding on enabled sites</option>
        <option value="hover">only what I hover</option>
      </select>

      <h2>Score bands</h2>
      <label for="band-typical">Typical from score</label>
      <input
        {...field('band-typical', 'bands')}
        type="number"
        min={1}
        max={100}
        value={form.bands.typical}
        onInput={(e) => set('bands', { ...form.bands, typical: Number(e.currentTarget.value) })}
      />
      <label for="band-rare">Rare below score</label>
      <input
        id="band-rare"
        type="number"
        min={0}
        max={99}
        value={form.bands.rare}
        onInput={(e) => set('bands', { ...form.bands, rare: Number(e.currentTarget.value) })}
      />
      {error('band-typical', 'bands')}

      <button type="submit">Save</button>
      {saved && (
        <p class="saved" role="status">
          Saved.
        </p>
      )}
      {saveFailed !== null && (
        <p class="error" role="alert">
          Nothing was saved: {saveFailed}
        </p>
      )}

      <h2>Export and import</h2>
      <p class="hint">The file holds every setting except the API key.</p>
      <div class="row">
        <button type="button" class="secondary" onClick={onExportSettings}>
          Export settings
        </button>
        <label class="secondary file-button">
          Import settings
          <input
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            onChange={async (e) => {
              const file = e.currentTarget.files?.[0];
              if (file) setImported(await onImportSettings(await file.text()));
            }}
          />
        </label>
        <span role="status" class="inline-status">
          {imported}
        </span>
      </div>
    </form>
  );
}
