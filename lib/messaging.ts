import { defineExtensionMessaging } from '@webext-core/messaging';
import type { LookupProblem, LookupResult } from './insight';
import type { Conformity, Observation } from './score/score-conformity';

/**
 * The one typed contract between content scripts, popup, options and the background.
 * Payloads are plain JSON. Expected failures are values (`problem`), never thrown errors.
 * The background validates every payload and checks the sender, because a message type is
 * a promise, not a proof. The API key is never part of an answer.
 */
export interface BackgroundStatus {
  version: string;
  /** 'echotrail' when a key is set, else 'baseline'. */
  mode: 'echotrail' | 'baseline';
  apiBaseUrl: string;
  cacheSize: number;
  /** Set when the cache fell back to memory. */
  cacheProblem: LookupProblem | null;
  /** Requests resume at this time after a 429 (ms since epoch), else 0. */
  quotaBlockedUntil: number;
  /** EchoTrail refused the saved key. */
  keyRefused: boolean;
  /** A key is set, but Firefox's data consent to send page content to it is not given. */
  consentMissing?: boolean;
}

export interface QuotaAnswer {
  usage: { used: number; remaining: number; total: number } | null;
  problem: LookupProblem | null;
}

/** What a content script needs to know of the settings (never the key). */
export interface PageOptions {
  autoLookup: 'all' | 'hover';
  highlight: boolean;
}

/** Most queries one lookup message may carry: content scripts send one batch per flush. */
export const MAX_QUERIES_PER_MESSAGE = 200;

export interface ProtocolMap {
  getStatus(): BackgroundStatus;
  /** Looks up process names and hashes (cache → EchoTrail → baseline). */
  lookup(data: { queries: string[] }): LookupResult[];
  /** Today's quota for the saved key, or for a key being tested in options. */
  getQuota(data: { apiKey?: string; apiBaseUrl?: string } | undefined): QuotaAnswer;
  clearCache(): { cacheSize: number };
  getPageOptions(): PageOptions;
  /** Scores observations (a row's name, path, parent, hashes) against what is normal. */
  scoreContexts(data: {
    observations: Observation[];
  }): Array<Pick<Conformity, 'score' | 'band' | 'flags'>>;
  /** Everything a card shows: the lookup of `query` and, for a process, this row's conformity. */
  cardFor(data: { query: string; observation?: Observation | null }): CardAnswer;
  /** Whether ProcLens runs on a page's site, and the site's match pattern. */
  siteAccess(data: { url: string }): { pattern: string | null; enabled: boolean };
  /** After the popup or options got the site's permission: register the scanner, and run it in `tabId` now. */
  enableSite(data: { pattern: string; tabId?: number }): { sites: string[] };
  disableSite(data: { pattern: string }): { sites: string[] };
  listSites(): { sites: string[] };
}

export interface CardAnswer {
  result: LookupResult;
  conformity: Conformity | null;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
