import { browser } from 'wxt/browser';
import { createLookupCache } from '../cache/lookup-cache';
import type { Settings } from '../settings';
import { loadSettings, watchSettings } from '../settings-store';
import { DATA_CONSENT_NEEDED, recentDataConsent } from './data-consent';
import { createLookupService, type LookupService, type QuotaStore } from './lookup-service';

/**
 * The background's long-lived services, created once per service-worker life. State that
 * must outlive the worker (cache, quota block) lives in IndexedDB and storage.local.
 */
const QUOTA_KEY = 'quotaBlockedUntil';

let service: LookupService | null = null;
let settings: Promise<Settings> | null = null;

/** Settings, read once and kept current: a changed base URL or key applies without a reload. */
export function currentSettings(): Promise<Settings> {
  if (!settings) {
    settings = loadSettings();
    watchSettings((next) => {
      settings = Promise.resolve(next);
    });
  }
  return settings;
}

const quotaStore: QuotaStore = {
  async get() {
    const stored = await browser.storage.local.get(QUOTA_KEY);
    const value = Number(stored[QUOTA_KEY]);
    return Number.isFinite(value) ? value : 0;
  },
  async set(blockedUntil) {
    await browser.storage.local.set({ [QUOTA_KEY]: blockedUntil });
  },
};

export function lookupService(): LookupService {
  service ??= createLookupService({
    cache: createLookupCache(),
    settings: currentSettings,
    quota: quotaStore,
    ...(DATA_CONSENT_NEEDED ? { consent: () => recentDataConsent() } : {}),
  });
  return service;
}

/** Forgets the services (tests start each case from a fresh worker, as a restart would). */
export function resetServices(): void {
  service = null;
  settings = null;
}
