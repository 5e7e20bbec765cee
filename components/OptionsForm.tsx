import { useState } from 'preact/hooks';
import type { Settings } from '@/lib/settings';

export type SaveResult =
  { ok: true } | { ok: false; errors: Partial<Record<keyof Settings, string>> };

export interface OptionsFormProps {
  settings: Settings;
  onSave: (patch: Pick<Settings, 'apiKey' | 'apiBaseUrl'>) => Promise<SaveResult>;
}

/** The options page's connection section: the "API key" and "API base URL" fields (public labels). */
export function OptionsForm({ settings, onSave }: OptionsFormProps) {
  const [apiKey, setApiKey] = useState(settings.apiKey);
  const [apiBaseUrl, setApiBaseUrl] = useState(settings.apiBaseUrl);
  const [errors, setErrors] = useState<Partial<Record<keyof Settings, string>>>({});
  const [saved, setSaved] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const result = await onSave({ apiKey, apiBaseUrl });
    setErrors(result.ok ? {} : result.errors);
    setSaved(result.ok);
  };

  return (
    <form class="options" onSubmit={submit} noValidate>
      <h2>EchoTrail connection</h2>
      <p class="hint">
        With no key, ProcLens answers from its built-in baseline of well-known Windows binaries and
        sends nothing over the network.
      </p>
      <label for="api-key">API key</label>
      <input
        id="api-key"
        type="password"
        autocomplete="off"
        spellcheck={false}
        value={apiKey}
        onInput={(e) => setApiKey(e.currentTarget.value)}
        aria-invalid={errors.apiKey ? true : undefined}
        aria-describedby={errors.apiKey ? 'api-key-error' : undefined}
      />
      {errors.apiKey && (
        <p id="api-key-error" class="error">
          {errors.apiKey}
        </p>
      )}
      <label for="api-base-url">API base URL</label>
      <input
        id="api-base-url"
        type="url"
        spellcheck={false}
        value={apiBaseUrl}
        onInput={(e) => setApiBaseUrl(e.currentTarget.value)}
        aria-invalid={errors.apiBaseUrl ? true : undefined}
        aria-describedby={errors.apiBaseUrl ? 'api-base-url-error' : undefined}
      />
      {errors.apiBaseUrl && (
        <p id="api-base-url-error" class="error">
          {errors.apiBaseUrl}
        </p>
      )}
      <button type="submit">Save</button>
      {saved && (
        <p class="saved" role="status">
          Saved.
        </p>
      )}
    </form>
  );
}
