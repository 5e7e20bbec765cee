import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PopupView, type PageState } from '@/components/PopupView';
import { observeText } from '@/lib/context/observe-text';
import { FINDINGS_MESSAGE_TYPE, type PageFindings } from '@/lib/findings';
import { sendMessage, type BackgroundStatus, type QuotaAnswer } from '@/lib/messaging';
import { REVEAL_MESSAGE } from '@/lib/page-messages';
import { findingsMarkdown } from '@/lib/report/findings-report';
import '@/components/theme.css';
import '@/components/card.css';

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Popup() {
  const [status, setStatus] = useState<BackgroundStatus | null>(null);
  const [quota, setQuota] = useState<QuotaAnswer | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [tab, setTab] = useState<{ id: number; url: string } | null>(null);
  const [site, setSite] = useState<{ pattern: string; enabled: boolean } | null>(null);
  const [page, setPage] = useState<PageState>({ kind: 'loading' });
  const initialQuery = new URLSearchParams(location.search).get('query') ?? undefined;

  const readPage = async (tabId: number) => {
    try {
      const findings = (await browser.tabs.sendMessage(tabId, { type: FINDINGS_MESSAGE_TYPE })) as
        PageFindings | undefined;
      setPage(
        findings
          ? { kind: 'findings', findings }
          : { kind: 'unavailable', reason: 'ProcLens is not running on this page yet: reload it.' },
      );
      if (findings && !findings.complete) setTimeout(() => void readPage(tabId), 700);
    } catch {
      setPage({
        kind: 'unavailable',
        reason: 'ProcLens is not running on this page yet: reload it.',
      });
    }
  };

  useEffect(() => {
    sendMessage('getStatus', undefined)
      .then((s) => {
        setStatus(s);
        if (s.mode === 'echotrail')
          void sendMessage('getQuota', undefined)
            .then(setQuota)
            .catch(() => {});
      })
      .catch(() => setStatusError('The background worker did not answer. Reopen the popup.'));
    if (initialQuery) {
      setPage({
        kind: 'unavailable',
        reason: 'Opened for a selection on a page ProcLens cannot run on.',
      });
      return;
    }
    // `?tab=<id>` targets a given tab (the popup opened as a page, as the tests do).
    const tabParam = Number(new URLSearchParams(location.search).get('tab'));
    const target =
      Number.isInteger(tabParam) && tabParam > 0
        ? browser.tabs.get(tabParam).then((t) => [t])
        : browser.tabs.query({ active: true, currentWindow: true });
    void target.then(async ([active]) => {
      if (active?.id === undefined || !active.url)
        return setPage({ kind: 'unavailable', reason: 'No page to read.' });
      setTab({ id: active.id, url: active.url });
      const access = await sendMessage('siteAccess', { url: active.url });
      setSite(access.pattern ? { pattern: access.pattern, enabled: access.enabled } : null);
      await readPage(active.id);
      if (!access.enabled) setPage((p) => (p.kind === 'findings' ? p : { kind: 'not-enabled' }));
    });
  }, []);

  return (
    <PopupView
      status={status}
      quota={quota}
      statusError={statusError}
      site={site}
      page={page}
      initialQuery={initialQuery}
      onLookup={async (text, parent) => {
        const seen = observeText(text, parent || null);
        if (!seen) return null;
        const answer = await sendMessage('cardFor', {
          query: seen.query,
          observation: seen.observation,
        });
        // The lookup may have found the key refused or the quota spent, and cached an answer.
        void sendMessage('getStatus', undefined)
          .then(setStatus)
          .catch(() => {});
        return { query: seen.query, observation: seen.observation, answer };
      }}
      onReveal={(key) => {
        if (tab)
          void browser.tabs.sendMessage(tab.id, { type: REVEAL_MESSAGE, key }).catch(() => {});
      }}
      onExport={(format) => {
        if (page.kind !== 'findings') return;
        if (format === 'json')
          download(
            'proclens-findings.json',
            JSON.stringify(page.findings, null, 2),
            'application/json',
          );
        else download('proclens-findings.md', findingsMarkdown(page.findings), 'text/markdown');
      }}
      onToggleSite={async () => {
        if (!site || !tab) return;
        if (site.enabled) {
          await sendMessage('disableSite', { pattern: site.pattern });
          setSite({ ...site, enabled: false });
          return;
        }
        // Asked here, in the click: the browser shows its permission prompt for this site only.
        const granted = await browser.permissions.request({ origins: [site.pattern] });
        if (!granted) return;
        await sendMessage('enableSite', { pattern: site.pattern, tabId: tab.id });
        setSite({ ...site, enabled: true });
        setPage({ kind: 'loading' });
        setTimeout(() => void readPage(tab.id), 600);
      }}
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
      onCopy={(text) => void navigator.clipboard.writeText(text).catch(() => {})}
    />
  );
}

render(<Popup />, document.getElementById('app')!);
