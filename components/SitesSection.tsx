import { useState } from 'preact/hooks';
import { CONSOLE_PRESETS, patternForUrl } from '@/lib/console-presets';

export interface SitesSectionProps {
  sites: string[];
  /** Asks the browser for these sites (a user gesture: the click) and registers the scanner. */
  onEnable: (patterns: string[]) => Promise<void>;
  onRemove: (pattern: string) => Promise<void>;
}

/** Where ProcLens runs: the enabled sites, known consoles to enable, any site by its URL. */
export function SitesSection({ sites, onEnable, onRemove }: SitesSectionProps) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="options" aria-labelledby="sites-title">
      <h2 id="sites-title">Sites</h2>
      <p class="hint">
        ProcLens reads pages only on the sites listed here. Each is asked of the browser when you
        add it.
      </p>
      {sites.length === 0 ? (
        <p>No site is enabled yet.</p>
      ) : (
        <ul class="sites">
          {sites.map((site) => (
            <li key={site}>
              <code>{site}</code>
              <button
                type="button"
                class="secondary"
                onClick={() => void onRemove(site)}
                aria-label={`Remove ${site}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>Known consoles</h3>
      <ul class="sites">
        {CONSOLE_PRESETS.map((preset) => {
          const enabled = preset.patterns.every((p) => sites.includes(p));
          return (
            <li key={preset.name}>
              <span>{preset.name}</span>
              <button
                type="button"
                class="secondary"
                disabled={enabled}
                onClick={() => void onEnable(preset.patterns)}
              >
                {enabled ? 'Enabled' : 'Enable'}
              </button>
            </li>
          );
        })}
      </ul>
      <label for="site-url">Another site (self-hosted TheHive, Splunk, Kibana …)</label>
      <div class="row">
        <input
          id="site-url"
          type="url"
          placeholder="https://thehive.example.org"
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <button
          type="button"
          onClick={async () => {
            const pattern = patternForUrl(url);
            if (!pattern)
              return setError('Type the address of the site, e.g. https://siem.example.org');
            setError(null);
            await onEnable([pattern]);
            setUrl('');
          }}
        >
          Add site
        </button>
      </div>
      {error && <p class="error">{error}</p>}
    </section>
  );
}
