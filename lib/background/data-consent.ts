import { browser } from 'wxt/browser';

/**
 * Firefox's built-in data consent. ProcLens sends the process names and hashes it reads on
 * pages (website content) to the EchoTrail API when a key is set, so the Firefox build
 * declares `websiteContent` as optional data collection: asked when the analyst saves a key,
 * and checked before every request. Chrome has no such consent (its store asks for a
 * declaration instead): there, `DATA_CONSENT_NEEDED` is false and nothing is asked.
 */
export const DATA_CONSENT_NEEDED = import.meta.env.BROWSER === 'firefox';

/** Firefox's name for the data sent: what `permissions.request` and `contains` take. */
export const WEBSITE_CONTENT_CONSENT = { data_collection: ['websiteContent'] };

/** Whether page content may be sent to the API (true where the browser has no such consent). */
export async function hasDataConsent(): Promise<boolean> {
  if (!DATA_CONSENT_NEEDED) return true;
  try {
    return await browser.permissions.contains(
      WEBSITE_CONTENT_CONSENT as Parameters<typeof browser.permissions.contains>[0],
    );
  } catch {
    return true; // a Firefox without data consent: nothing to ask
  }
}

/** How long one answer of `hasDataConsent` is used (a page's batch asks once, not per name). */
const CONSENT_TTL_MS = 2_000;
let lastConsent: { value: Promise<boolean>; at: number } | null = null;

/** `hasDataConsent`, asked at most once per CONSENT_TTL_MS: it is checked before every lookup. */
export function recentDataConsent(now = Date.now()): Promise<boolean> {
  if (!lastConsent || now - lastConsent.at > CONSENT_TTL_MS)
    lastConsent = { value: hasDataConsent(), at: now };
  return lastConsent.value;
}

/** Forgets the last answer (a permission was added or removed). */
export function forgetDataConsent(): void {
  lastConsent = null;
}
