import { useEffect, useState } from 'preact/hooks';
import type { PageFindings } from '@/lib/findings';
import type { BackgroundStatus, CardAnswer, QuotaAnswer } from '@/lib/messaging';
import { leastConformity, rankProcesses } from '@/lib/report/findings-report';
import { revealHidden } from '@/lib/detect/reveal-hidden';
import type { Observation } from '@/lib/score/score-conformity';
import { ProcessCard } from './ProcessCard';
import { StatusLine } from './StatusLine';

export interface LookupOutcome {
  query: string;
  observation: Observation | null;
  answer: CardAnswer;
}

export type PageState =
  | { kind: 'loading' }
  | { kind: 'not-enabled' }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'findings'; findings: PageFindings };

export interface PopupViewProps {
  status: BackgroundStatus | null;
  quota: QuotaAnswer | null;
  statusError: string | null;
  /** The current tab's site: its pattern and whether ProcLens runs there (null: no site, e.g. a browser page). */
  site: { pattern: string; enabled: boolean } | null;
  page: PageState;
  initialQuery?: string;
  onLookup: (text: string, parent: string) => Promise<LookupOutcome | null>;
  onReveal: (key: string) => void;
  onExport: (format: 'json' | 'markdown') => void;
  onToggleSite: () => void;
  onOpenOptions: () => void;
  onCopy: (text: string) => void;
}

/** The toolbar popup: look something up, see this page's findings, switch ProcLens on for this site. */
export function PopupView(props: PopupViewProps) {
  const { status, quota, statusError, site, page, onOpenOptions } = props;
  return (
    <main class="popup">
      <header>
        <h1>ProcLens</h1>
        <StatusLine status={status} quota={quota} error={statusError} />
      </header>
      <LookupSection
        onLookup={props.onLookup}
        initialQuery={props.initialQuery}
        onCopy={props.onCopy}
      />
      <PageSection page={page} onReveal={props.onReveal} onExport={props.onExport} />
      <section aria-labelledby="site-title">
        <h2 id="site-title">This site</h2>
        {site ? (
          <div class="row">
            <span>
              {site.enabled
                ? `ProcLens runs on ${site.pattern}`
                : `ProcLens does not run on ${site.pattern}`}
            </span>
            <button
              type="button"
              class={site.enabled ? 'secondary' : undefined}
              onClick={props.onToggleSite}
            >
              {site.enabled ? 'Disable on this site' : 'Enable on this site'}
            </button>
          </div>
        ) : (
          <p class="hint">This page cannot be scanned (a browser page or a file).</p>
        )}
      </section>
      <footer>
        <button type="button" class="secondary" onClick={onOpenOptions}>
          Options
        </button>
      </footer>
    </main>
  );
}

function LookupSection({
  onLookup,
  initialQuery,
  onCopy,
}: Pick<PopupViewProps, 'onLookup' | 'initialQuery' | 'onCopy'>) {
  const [text, setText] = useState(initialQuery ?? '');
  const [parent, setParent] = useState('');
  const [outcome, setOutcome] = useState<LookupOutcome | null | 'none' | 'busy'>(null);
  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (!text.trim()) return;
    setOutcome('busy');
    setOutcome((await onLookup(text, parent)) ?? 'none');
  };
  // Opened from a right-click on a page no script can run on: look the selection up at once.
  useEffect(() => {
    if (initialQuery) void submit();
  }, []);
  return (
    <section aria-labelledby="lookup-title">
      <h2 id="lookup-title">Look up</h2>
      <form class="lookup" onSubmit={submit}>
        <label for="lookup-text">Process, path, hash, command line or event row</label>
        <textarea
          id="lookup-text"
          rows={2}
          spellcheck={false}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <label for="lookup-parent">Parent (optional)</label>
        <input
          id="lookup-parent"
          spellcheck={false}
          value={parent}
          onInput={(e) => setParent(e.currentTarget.value)}
        />
        <button type="submit">Look up</button>
      </form>
      {outcome === 'busy' && <p class="status">Looking up…</p>}
      {outcome === 'none' && (
        <p class="status" role="status">
          No Windows process name or hash found in that text.
        </p>
      )}
      {outcome && typeof outcome === 'object' && (
        <ProcessCard
          query={outcome.query}
          result={outcome.answer.result}
          observation={outcome.observation}
          conformity={outcome.answer.conformity}
          onCopy={onCopy}
        />
      )}
    </section>
  );
}

function PageSection({
  page,
  onReveal,
  onExport,
}: Pick<PopupViewProps, 'page' | 'onReveal' | 'onExport'>) {
  return (
    <section aria-labelledby="page-title">
      <h2 id="page-title">This page</h2>
      {page.kind === 'loading' && <p class="status">Reading the page…</p>}
      {page.kind === 'not-enabled' && (
        <p class="hint">
          ProcLens is not enabled on this site: enable it below, or right-click a selection and
          choose "Score this process".
        </p>
      )}
      {page.kind === 'unavailable' && <p class="hint">{page.reason}</p>}
      {page.kind === 'findings' && (
        <FindingsList findings={page.findings} onReveal={onReveal} onExport={onExport} />
      )}
    </section>
  );
}

function FindingsList({
  findings,
  onReveal,
  onExport,
}: {
  findings: PageFindings;
  onReveal: (key: string) => void;
  onExport: (format: 'json' | 'markdown') => void;
}) {
  const processes = rankProcesses(findings.processes);
  if (processes.length === 0 && findings.hashes.length === 0)
    return (
      <p class="hint">
        {findings.complete ? 'No processes or hashes on this page.' : 'Still scanning…'}
      </p>
    );
  return (
    <>
      {!findings.complete && <p class="status">Still scanning and scoring…</p>}
      <ol class="findings" aria-label="Processes, least conforming first">
        {processes.map((p) => {
          const score = leastConformity(p);
          const flags = [...new Set(p.contexts.flatMap((c) => c.flags))];
          return (
            <li key={p.name}>
              <button
                type="button"
                class="finding"
                onClick={() => onReveal(p.name)}
                title="Show it on the page"
              >
                <span class="finding-name">{revealHidden(p.name)}</span>
                <span
                  class="finding-score"
                  data-band={
                    score < 30 ? 'rare' : score < 70 ? 'unusual' : score <= 100 ? 'typical' : 'none'
                  }
                >
                  {score <= 100 ? `${score}` : '–'}
                </span>
                <span class="finding-count">{`×${p.occurrences}`}</span>
              </button>
              {flags.length > 0 && (
                <span class="finding-flags">{flags.join(', ').replace(/-/g, ' ')}</span>
              )}
            </li>
          );
        })}
      </ol>
      {findings.hashes.length > 0 && (
        <p class="hint">{`${findings.hashes.length} hash${findings.hashes.length === 1 ? '' : 'es'} on the page.`}</p>
      )}
      {findings.notices.map((notice, i) => (
        <p key={i} class="hint">
          {notice}
        </p>
      ))}
      <div class="row">
        <button type="button" class="secondary" onClick={() => onExport('json')}>
          Export JSON
        </button>
        <button type="button" class="secondary" onClick={() => onExport('markdown')}>
          Export Markdown
        </button>
      </div>
    </>
  );
}
