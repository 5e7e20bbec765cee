import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { OptionsForm } from '@/components/OptionsForm';
import type { Settings } from '@/lib/settings';
import { loadSettings, saveSettings } from '@/lib/settings-store';
import '@/components/theme.css';

function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => void loadSettings().then(setSettings), []);
  if (!settings) return <p class="status">Loading…</p>;
  return (
    <main>
      <h1 class="options">ProcLens options</h1>
      <OptionsForm
        settings={settings}
        onSave={async (patch) => {
          const result = await saveSettings(patch);
          return result.ok ? { ok: true } : result;
        }}
      />
    </main>
  );
}

render(<Options />, document.getElementById('app')!);
