import { browser } from 'wxt/browser';
import {
  DEFAULT_SETTINGS,
  SETTINGS_STORAGE_KEY,
  SETTINGS_VERSION,
  parseSettings,
  validateSettingsPatch,
  type Settings,
} from './settings';

/** Reads the settings from `storage.local`, filling defaults for anything missing or invalid. */
export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_STORAGE_KEY);
  return parseSettings(stored[SETTINGS_STORAGE_KEY]);
}

/**
 * Validates and stores a partial change. Invalid fields are refused as a whole change, so the
 * options page can show each field's reason and nothing half-applied is stored.
 */
export async function saveSettings(patch: Partial<Record<keyof Settings, unknown>>) {
  const checked = validateSettingsPatch(patch);
  if (!checked.ok) return checked;
  const next: Settings = { ...(await loadSettings()), ...checked.value, version: SETTINGS_VERSION };
  await browser.storage.local.set({ [SETTINGS_STORAGE_KEY]: next });
  return { ok: true as const, value: next };
}

/** Calls `listener` with fresh settings whenever they change; returns the unsubscribe function. */
export function watchSettings(listener: (settings: Settings) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && SETTINGS_STORAGE_KEY in changes) {
      listener(parseSettings(changes[SETTINGS_STORAGE_KEY]?.newValue ?? DEFAULT_SETTINGS));
    }
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
