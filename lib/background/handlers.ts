import * as v from 'valibot';
import { browser, type Browser } from 'wxt/browser';
import type { BackgroundStatus, CardAnswer, PageOptions, QuotaAnswer } from '../messaging';
import { MAX_QUERIES_PER_MESSAGE } from '../messaging';
import { isValidQuery, normalizeQuery, queryKind, type LookupResult } from '../insight';
import { HttpUrlSchema } from '../settings';
import { scoreConformity, type Conformity, type Observation } from '../score/score-conformity';
import { currentSettings, lookupService } from './services';
import { enabledSites, injectScanner, sitePattern, syncContentScripts } from './site-access';

/**
 * What each message does, with its payload validated. Every handler is called only after
 * the sender was checked (see `isOwnSender`).
 */
const LookupPayload = v.object({
  queries: v.pipe(
    v.array(v.pipe(v.string(), v.maxLength(300))),
    v.maxLength(MAX_QUERIES_PER_MESSAGE),
  ),
});

const QuotaPayload = v.optional(
  v.object({
    apiKey: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(512))),
    apiBaseUrl: v.optional(HttpUrlSchema),
  }),
);

/** Only our own pages and content scripts may talk to the background. */
export function isOwnSender(sender: Browser.runtime.MessageSender | undefined): boolean {
  return sender?.id === browser.runtime.id;
}

export class RefusedMessage extends Error {
  constructor(reason: string) {
    super(`Refused: ${reason}`);
  }
}

export async function handleLookup(data: unknown): Promise<LookupResult[]> {
  const parsed = v.safeParse(LookupPayload, data);
  if (!parsed.success) throw new RefusedMessage(parsed.issues[0].message);
  const queries = [...new Set(parsed.output.queries.map(normalizeQuery))].filter(isValidQuery);
  return lookupService().lookupMany(queries);
}

export async function handleGetStatus(): Promise<BackgroundStatus> {
  const settings = await currentSettings();
  const state = await lookupService().state();
  return {
    version: browser.runtime.getManifest().version,
    mode: settings.apiKey ? 'echotrail' : 'baseline',
    apiBaseUrl: settings.apiBaseUrl,
    cacheSize: state.cacheSize,
    cacheProblem: state.cacheProblem,
    quotaBlockedUntil: state.quotaBlockedUntil,
    keyRefused: state.keyRefused,
    consentMissing: state.consentMissing,
  };
}

export async function handleGetQuota(data: unknown): Promise<QuotaAnswer> {
  const parsed = v.safeParse(QuotaPayload, data);
  if (!parsed.success) throw new RefusedMessage(parsed.issues[0].message);
  const override =
    parsed.output?.apiKey !== undefined
      ? {
          apiKey: parsed.output.apiKey,
          apiBaseUrl: parsed.output.apiBaseUrl ?? (await currentSettings()).apiBaseUrl,
        }
      : undefined;
  return lookupService().usage(override);
}

export async function handleClearCache(): Promise<{ cacheSize: number }> {
  await lookupService().clearCache();
  return { cacheSize: 0 };
}

export async function handleGetPageOptions(): Promise<PageOptions> {
  const { autoLookup, highlight } = await currentSettings();
  return { autoLookup, highlight };
}

const Text = (max: number) => v.optional(v.nullable(v.pipe(v.string(), v.maxLength(max))));
/** A process in its row, as the page saw it (see `Observation`). */
const ObservationSchema = v.object({
  name: v.pipe(v.string(), v.maxLength(300)),
  path: Text(2048),
  parent: Text(300),
  md5: Text(64),
  sha1: Text(64),
  sha256: Text(64),
  originalName: Text(300),
});

const CardPayload = v.object({
  query: v.pipe(v.string(), v.maxLength(300)),
  observation: v.optional(v.nullable(ObservationSchema)),
});

/** A card's data: the lookup of the query and, for a process, this observation's conformity. */
export async function handleCardFor(data: unknown): Promise<CardAnswer> {
  const parsed = v.safeParse(CardPayload, data);
  if (!parsed.success) throw new RefusedMessage(parsed.issues[0].message);
  const query = normalizeQuery(parsed.output.query);
  const service = lookupService();
  const [result] = await service.lookupMany([query]);
  const observation =
    parsed.output.observation ?? (queryKind(query) === 'process' ? { name: query } : null);
  if (!observation || queryKind(query) !== 'process') return { result: result!, conformity: null };
  const hashLookups = await service.lookupMany(hashToLookUp(observation));
  const { bands } = await currentSettings();
  return {
    result: result!,
    conformity: scoreConformity({ observation, lookup: result!, hashLookups, bands }),
  };
}

/**
 * The one hash of an observation worth a lookup: its SHA256, else its MD5, else its SHA1. The
 * names EchoTrail gives one file are the same whichever digest asks, so a row's other digests
 * would spend quota for nothing (Sysmon rows carry all three).
 */
function hashToLookUp(o: Observation): string[] {
  const hash = [o.sha256, o.md5, o.sha1]
    .map((h) => (h ? normalizeQuery(h) : ''))
    .find(isValidQuery);
  return hash ? [hash] : [];
}

const ScorePayload = v.object({
  observations: v.pipe(v.array(ObservationSchema), v.maxLength(MAX_QUERIES_PER_MESSAGE)),
});

/** Scores each observation with its name's and hashes' lookups (cache → EchoTrail → baseline). */
export async function handleScoreContexts(
  data: unknown,
): Promise<Array<Pick<Conformity, 'score' | 'band' | 'flags'>>> {
  const parsed = v.safeParse(ScorePayload, data);
  if (!parsed.success) throw new RefusedMessage(parsed.issues[0].message);
  const { bands } = await currentSettings();
  // One lookup of every name and hash in the batch (one cache read), then scoring from it.
  const queries = [
    ...new Set(
      parsed.output.observations.flatMap((o) => [normalizeQuery(o.name), ...hashToLookUp(o)]),
    ),
  ].filter(isValidQuery);
  const results = new Map((await lookupService().lookupMany(queries)).map((r) => [r.query, r]));
  return parsed.output.observations.map((observation) => {
    const lookup = results.get(normalizeQuery(observation.name));
    if (!lookup) return { score: null, band: 'unknown' as const, flags: [] };
    const hashLookups = hashToLookUp(observation).flatMap((h) => results.get(h) ?? []);
    const { score, band, flags } = scoreConformity({ observation, lookup, hashLookups, bands });
    return { score, band, flags };
  });
}

// A site: one host ("https://siem.example.org/*") or its subdomains ("https://*.splunkcloud.com/*").
const Pattern = v.pipe(
  v.string(),
  v.maxLength(300),
  v.regex(/^https?:\/\/(\*\.)?[^/*]+\/\*$/, 'not a site pattern'),
);

export async function handleSiteAccess(
  data: unknown,
): Promise<{ pattern: string | null; enabled: boolean }> {
  const parsed = v.safeParse(v.object({ url: v.pipe(v.string(), v.maxLength(4096)) }), data);
  if (!parsed.success) throw new RefusedMessage(parsed.issues[0].message);
  const pattern = sitePattern(parsed.output.url);
  // Enabled means the origin is granted (the scanner is registered for every granted site).
  const enabled = pattern !== null && (await browser.permissions.contains({ origins: [pattern] }));
  return { pattern, enabled };
}

export async function handleEnableSite(data: unknown): Promise<{ sites: string[] }> {
  const parsed = v.safeParse(
    v.object({ pattern: Pattern, tabId: v.optional(v.pipe(v.number(), v.integer())) }),
    data,
  );
  if (!parsed.success) throw new RefusedMessage(parsed.issues[0].message);
  const sites = await syncContentScripts();
  if (parsed.output.tabId !== undefined && sites.includes(parsed.output.pattern))
    await injectScanner(parsed.output.tabId);
  return { sites };
}

export async function handleDisableSite(data: unknown): Promise<{ sites: string[] }> {
  const parsed = v.safeParse(v.object({ pattern: Pattern }), data);
  if (!parsed.success) throw new RefusedMessage(parsed.issues[0].message);
  await browser.permissions.remove({ origins: [parsed.output.pattern] });
  return { sites: await syncContentScripts() };
}

export async function handleListSites(): Promise<{ sites: string[] }> {
  return { sites: await enabledSites() };
}
