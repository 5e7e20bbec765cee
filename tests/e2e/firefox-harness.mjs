// Real-Firefox harness: Debian's firefox-esr (or FIREFOX_PATH) driven by puppeteer-core over
// WebDriver BiDi, with the Firefox e2e build installed as a temporary add-on. (Playwright can
// only drive its own patched Firefox, which is a download; BiDi is built into stock Firefox.)
import puppeteer from 'puppeteer-core';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

export const FIREFOX_E2E_BUILD = path.join(ROOT, '.output', 'firefox-mv3-e2e');

const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox/firefox'];

/** The Firefox to drive: FIREFOX_PATH, else the first Debian location that exists. */
export function findFirefox() {
  if (process.env.FIREFOX_PATH)
    return existsSync(process.env.FIREFOX_PATH) ? process.env.FIREFOX_PATH : null;
  return FIREFOX_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** The add-on's id (manifest `browser_specific_settings.gecko.id`). */
const ADDON_ID = 'proclens@proclens.dev';
/** Its moz-extension:// host, fixed through a pref so that tests can name its pages. */
const ADDON_UUID = '5f0c1b2a-7e3d-4c8b-9a61-e2e0f1f2e3d4';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Launches Firefox with the Firefox e2e build installed, and opens the extension page the
 * tests act from. `site` is a served fixture directory (serveDirectory): WebDriver BiDi may not
 * navigate to a moz-extension:// page, so a page of `site` navigates there itself (the e2e
 * build makes the popup reachable from local pages, and only from them).
 * @param {{ url: string }} site
 */
export async function launchFirefoxWithExtension(site, options = {}) {
  const extensionPath = options.extensionPath ?? FIREFOX_E2E_BUILD;
  if (!existsSync(path.join(extensionPath, 'manifest.json')))
    throw new Error(
      `No built extension at ${extensionPath}: run \`npm run build:e2e:firefox\` first.`,
    );
  const executablePath = findFirefox();
  if (!executablePath)
    throw new Error('No Firefox found: apt-get install -y firefox-esr, or set FIREFOX_PATH.');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: options.headless ?? true,
    defaultViewport: { width: 1280, height: 800 },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      // Optional permissions (the data consent asked when a key is saved) are granted without
      // a prompt, which a headless test could not answer.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  /** A new tab showing the add-on's page `file` (e.g. `popup.html?tab=3`), loaded. */
  async function openExtensionPage(file) {
    const page = await browser.newPage();
    await page.goto(`${site.url}/`);
    await page.evaluate((url) => {
      location.href = url;
    }, `moz-extension://${ADDON_UUID}/${file}`);
    for (let i = 0; i < 100; i++) {
      const ready = await page
        .evaluate(
          () =>
            location.protocol === 'moz-extension:' &&
            document.readyState === 'complete' &&
            typeof globalThis.browser?.tabs?.sendMessage === 'function',
        )
        .catch(() => false);
      if (ready) return page;
      await sleep(100);
    }
    throw new Error(`the add-on's ${file} did not open`);
  }
  try {
    await browser.installExtension(extensionPath);
    const control = await openExtensionPage('popup.html');
    return {
      browser,
      /** Runs `fn(arg)` in an extension page (the popup's), with the WebExtension API. */
      inExtension: (fn, arg) => control.evaluate(fn, arg),
      openExtensionPage,
      /** The id of the tab showing `page`. */
      tabIdOf: (page) =>
        control.evaluate(
          async (url) => (await globalThis.browser.tabs.query({})).find((t) => t.url === url)?.id,
          page.url(),
        ),
      /** A new tab; `init` runs in every document of it before the page's own scripts. */
      async newPage(init) {
        const page = await browser.newPage();
        if (init) await page.evaluateOnNewDocument(init);
        return page;
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Sends a message to the content script of the tab showing `page` (the public
 * `proclens:findings`, or an e2e probe), from the extension page; returns the answer.
 */
export async function messageTab(harness, page, message) {
  for (let attempt = 0; ; attempt++) {
    try {
      const tabId = await harness.tabIdOf(page);
      if (tabId === undefined) throw new Error(`no tab for ${page.url()}`);
      return await harness.inExtension(
        ([id, msg]) => globalThis.browser.tabs.sendMessage(id, msg),
        [tabId, message],
      );
    } catch (error) {
      // The content script is injected at document_idle: until then nobody receives it.
      if (attempt >= 50 || !/Receiving end does not exist|no tab for/.test(String(error)))
        throw error;
      await sleep(100);
    }
  }
}
