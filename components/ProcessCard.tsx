import { useState } from 'preact/hooks';
import type { Insight, ListKey, LookupResult, Share } from '@/lib/insight';
import { revealHidden } from '@/lib/detect/reveal-hidden';
import { cardJson, cardMarkdown, echoTrailLink, sourceLabel } from '@/lib/report/card-report';
import { listedMatches, mergeSpellings } from '@/lib/score/listed-values';
import type { Conformity, Observation } from '@/lib/score/score-conformity';

export interface ProcessCardProps {
  /** The process name or hash the card is about. */
  query: string;
  /** null while the lookup runs. */
  result: LookupResult | null;
  /** What this occurrence's row says (path, parent, hashes), marked against the lists. */
  observation?: Observation | null;
  conformity?: Conformity | null;
  /** Copies text for the analyst (the host decides how: clipboard API, fallback). */
  onCopy?: (text: string, format: 'markdown' | 'json') => void;
  now?: number;
}

const LISTS: Array<[ListKey, string]> = [
  ['parents', 'Parents'],
  ['paths', 'Paths'],
  ['children', 'Children'],
  ['grandparents', 'Grandparents'],
  ['hashes', 'Hashes'],
  ['network', 'Network ports'],
];

const BAND_LABEL: Record<Conformity['band'], string> = {
  typical: 'typical',
  unusual: 'unusual',
  rare: 'rare',
  'never-observed': 'never observed',
  unknown: 'no context to score',
};

/**
 * The card every surface shows: what is normal for a process or hash, and how far this
 * occurrence departs from it. All text from the page or the API is rendered as text.
 */
export function ProcessCard({
  query,
  result,
  observation,
  conformity,
  onCopy,
  now,
}: ProcessCardProps) {
  const insight = result?.insight ?? null;
  return (
    <article class="pl-card" aria-label={`ProcLens: ${query}`}>
      <header class="pl-head">
        <h2 class="pl-name" title={revealHidden(query)}>
          {revealHidden(query)}
        </h2>
        {conformity && <ScoreBadge conformity={conformity} />}
      </header>
      {!result && (
        <p class="pl-state" role="status" aria-live="polite">
          Looking up…
        </p>
      )}
      {result && result.source !== 'baseline' && <StateNotice result={result} />}
      {insight?.description && <p class="pl-description">{revealHidden(insight.description)}</p>}
      {conformity && conformity.flags.length > 0 && (
        <ul class="pl-flags" aria-label="Flags">
          {conformity.flags.map((flag) => (
            <li key={flag}>{flag.replace(/-/g, ' ')}</li>
          ))}
        </ul>
      )}
      {conformity && conformity.factors.length > 0 && (
        <ul class="pl-factors">
          {conformity.factors.map((factor, i) => (
            <li key={i} data-kind={factor.kind}>
              {factor.sentence}
            </li>
          ))}
        </ul>
      )}
      {insight && <Prevalence insight={insight} />}
      {insight && insight.kind === 'hash' && (
        <HashNames insight={insight} observedName={observation?.name ?? null} />
      )}
      {insight &&
        LISTS.map(([key, title]) =>
          insight[key].length > 0 ? (
            <ShareList
              key={key}
              title={title}
              shares={mergeSpellings(insight[key], key === 'paths' ? 'folder' : 'name')}
              cut={insight.truncated[key] ?? 0}
              marked={markedValue(key, observation)}
              folders={key === 'paths'}
              name={observation?.name}
            />
          ) : null,
        )}
      {insight?.intel && (
        <details class="pl-intel">
          <summary>Intel</summary>
          <p>{revealHidden(insight.intel)}</p>
        </details>
      )}
      {result && result.source === 'baseline' && <StateNotice result={result} />}
      <footer class="pl-foot">
        <span class="pl-source">{sourceLabel(result, now)}</span>
        <a href={echoTrailLink(query)} target="_blank" rel="noopener noreferrer">
          Open in EchoTrail
        </a>
        {onCopy && (
          <span class="pl-copy">
            <button
              type="button"
              onClick={() =>
                onCopy(cardMarkdown({ query, result, observation, conformity }), 'markdown')
              }
            >
              Copy as Markdown
            </button>
            <button
              type="button"
              onClick={() => onCopy(cardJson({ query, result, observation, conformity }), 'json')}
            >
              Copy JSON
            </button>
          </span>
        )}
      </footer>
    </article>
  );
}

function ScoreBadge({ conformity }: { conformity: Conformity }) {
  const label =
    conformity.score === null
      ? `Conformity: ${BAND_LABEL[conformity.band]}`
      : `Conformity score ${conformity.score} of 100`;
  return (
    <div class="pl-score" data-band={conformity.band} role="img" aria-label={label}>
      <span class="pl-score-value" aria-hidden="true">
        {conformity.score ?? '–'}
      </span>
      <span class="pl-score-band" aria-hidden="true">
        {BAND_LABEL[conformity.band]}
      </span>
    </div>
  );
}

function StateNotice({ result }: { result: LookupResult }) {
  const lines: string[] = [];
  if (result.status === 'never-observed')
    lines.push(
      /^[0-9a-f]{40}$/.test(result.query)
        ? 'EchoTrail has never observed this SHA1 execute. It documents lookups by MD5 and SHA256: look up the file by one of those, or by its name.'
        : 'EchoTrail has never observed this execute in the wild.',
    );
  if (result.status === 'unknown')
    lines.push('Not in the built-in baseline, and no EchoTrail key is set to ask further.');
  if (result.status === 'error')
    lines.push(
      'No answer: EchoTrail could not be asked and the built-in baseline does not know it.',
    );
  if (result.source === 'baseline')
    lines.push(
      'From the built-in baseline: usual folders and parents of well-known Windows binaries, not measured prevalence.',
    );
  if (result.problem) lines.push(`${result.problem.message} ${result.problem.nextStep}`);
  const unreadable = result.insight?.unreadable;
  if (unreadable?.length)
    lines.push(
      `Part of EchoTrail's answer could not be read and is left out (${unreadable.join(', ')}); the rest is shown.`,
    );
  if (lines.length === 0) return null;
  return (
    <div class="pl-state" role="status" data-status={result.status}>
      {lines.map((line, i) => (
        <p key={i}>{line}</p>
      ))}
    </div>
  );
}

function Prevalence({ insight }: { insight: Insight }) {
  return (
    <dl class="pl-prevalence">
      <div>
        <dt>Rank</dt>
        <dd>{insight.rank ?? '–'}</dd>
      </div>
      <div>
        <dt>Host prevalence</dt>
        <dd>{insight.hostPrev === null ? '–' : `${insight.hostPrev} %`}</dd>
      </div>
      <div>
        <dt>EPS</dt>
        <dd>{insight.eps ?? '–'}</dd>
      </div>
    </dl>
  );
}

function HashNames({ insight, observedName }: { insight: Insight; observedName: string | null }) {
  if (insight.filenames.length === 0) return null;
  const mismatch =
    observedName !== null &&
    !insight.filenames.some((f) => f.value.toLowerCase() === observedName.toLowerCase());
  return (
    <div class="pl-hash-names">
      {mismatch && (
        <p class="pl-warning" role="note">
          {revealHidden(
            `This file is known as ${insight.filenames.map((f) => f.value).join(', ')}, not as ${observedName}.`,
          )}
        </p>
      )}
      <ShareList
        title="Seen as"
        shares={insight.filenames}
        cut={insight.truncated.filenames ?? 0}
        marked={observedName}
      />
    </div>
  );
}

/** Top 5 as percentage bars, "show all" for the rest; the observed value is marked. */
function ShareList({
  title,
  shares,
  cut,
  marked,
  folders = false,
  name,
}: {
  title: string;
  shares: readonly Share[];
  cut: number;
  marked: string | null;
  /** The list holds folders (compared as the score compares them), else names or values. */
  folders?: boolean;
  /** The observed process's name (a listed full path of it is its folder). */
  name?: string;
}) {
  const [all, setAll] = useState(false);
  const visible = all ? shares : shares.slice(0, 5);
  const isMarked = (value: string) =>
    marked !== null && listedMatches(value, marked, folders ? 'folder' : 'name', name);
  return (
    <section class="pl-list" aria-label={title}>
      <h3>{title}</h3>
      <ul>
        {visible.map((share, i) => (
          <li key={i} class={isMarked(share.value) ? 'pl-marked' : undefined}>
            <span class="pl-value" title={revealHidden(share.value)}>
              {revealHidden(share.value)}
              {isMarked(share.value) && <span class="pl-here"> ← this row</span>}
            </span>
            <span class="pl-bar" aria-hidden="true">
              <span style={{ width: `${Math.max(1, Math.min(100, share.pct))}%` }} />
            </span>
            <span class="pl-pct">{`${share.pct.toFixed(2)} %`}</span>
          </li>
        ))}
      </ul>
      {marked && !shares.some((s) => isMarked(s.value)) && (
        <p class="pl-missing">{`This row's ${title.toLowerCase().replace(/s$/, '')}: ${revealHidden(marked)}, not in this list${cut > 0 ? ` (${cut} more not shown by EchoTrail)` : ''}.`}</p>
      )}
      {(shares.length > 5 || cut > 0) && (
        <p class="pl-more">
          {shares.length > 5 && (
            <button type="button" class="pl-link" aria-expanded={all} onClick={() => setAll(!all)}>
              {all ? 'Show top 5' : `Show all ${shares.length}`}
            </button>
          )}
          {cut > 0 && <span>{` ${cut} more not listed by EchoTrail.`}</span>}
        </p>
      )}
    </section>
  );
}

/** The value of the row that belongs in list `key`: its parent, folder or hash. */
function markedValue(key: ListKey, observation: Observation | null | undefined): string | null {
  if (!observation) return null;
  if (key === 'parents') return observation.parent ?? null;
  if (key === 'paths' && observation.path) return observation.path.replace(/\\[^\\]*$/, '');
  if (key === 'hashes') return observation.sha256 ?? observation.md5 ?? observation.sha1 ?? null;
  return null;
}
