import type { BrowserContext, Page, Worker } from 'playwright-core';
export const ROOT: string;
export const E2E_BUILD: string;
export const FIXTURES: string;
export function findChromium(): string | null;
export function extensionLoadMethod(executablePath: string): 'flag' | 'cdp';
export interface Harness {
  context: BrowserContext;
  extensionId: string;
  /** Whether installing opened the options page (first run), as it should. */
  openedOptionsOnInstall: boolean;
  loadVia: 'flag' | 'cdp';
  extensionUrl(file: string): string;
  serviceWorker(): Promise<Worker>;
  serviceWorkerStatus(): string;
  openPopup(): Promise<Page>;
  openOptions(): Promise<Page>;
  dispatchMenuClick(info: object, tab?: object): Promise<void>;
  stopServiceWorker(): Promise<void>;
  restartServiceWorker(): Promise<Worker>;
  close(): Promise<void>;
}
export function launchWithExtension(options?: {
  extensionPath?: string;
  headless?: boolean;
  viewport?: { width: number; height: number };
  loadVia?: 'flag' | 'cdp';
}): Promise<Harness>;
export function serveDirectory(
  dir?: string,
  extra?: Record<string, string | ((url: URL) => string)>,
): Promise<{ url: string; close(): Promise<void> }>;
export function requestFindings(
  harness: Harness,
  page: Page,
): Promise<import('../../lib/findings').PageFindings>;
export function useEchoTrail(
  harness: Harness,
  server: { apiKey: string; url: string },
): Promise<void>;
