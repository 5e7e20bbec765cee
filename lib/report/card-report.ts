import { revealHidden } from '../detect/reveal-hidden';
import { wellFormed, type Insight, type LookupResult, type Share } from '../insight';
import { mergeSpellings } from '../score/listed-values';
import type { Conformity, Observation } from '../score/score-conformity';

/**
 * What "Copy as Markdown" and "Copy JSON" put on the clipboard: the card's facts, for an
 * intel report or a ticket. Page text is quoted as data, never as markup.
 */
export interface CardData {
  query: string;
  result: LookupResult | null;
  observation?: Observation | null;
  conformity?: Pick<Conformity, 'score' | 'band' | 'flags' | 'factors'> | null;
}

/** Where EchoTrail's own page for a query is. */
export function echoTrailLink(query: string): string {
  return `https://www.echotrail.io/insights/search/${encodeURIComponent(wellFormed(query))}`;
}

/** Escapes what Markdown would read as markup, so page text stays text (hidden characters shown). */
export function escapeMarkdown(text: string): string {
  return revealHidden(text)
    .replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&')
    .replace(/\n/g, ' ');
}

const list = (title: string, shares: readonly Share[], kind: 'name' | 'folder' = 'name') =>
  shares.length
    ? [
        `**${title}:** ${mergeSpellings(shares, kind)
          .slice(0, 5)
          .map((s) => `${escapeMarkdown(s.value)} (${s.pct.toFixed(2)} %)`)
          .join(', ')}`,
      ]
    : [];

export function cardMarkdown({ query, result, observation, conformity }: CardData): string {
  const insight: Insight | null = result?.insight ?? null;
  const lines = [`### ${escapeMarkdown(query)}`];
  if (insight?.description) lines.push(escapeMarkdown(insight.description));
  if (conformity?.score !== null && conformity?.score !== undefined)
    lines.push(`**Conformity score:** ${conformity.score} of 100 (${conformity.band})`);
  else if (conformity) lines.push(`**Conformity:** ${conformity.band}`);
  if (conformity?.flags.length) lines.push(`**Flags:** ${conformity.flags.join(', ')}`);
  for (const factor of conformity?.factors ?? [])
    lines.push(`- ${escapeMarkdown(factor.sentence)}`);
  if (observation?.path || observation?.parent) {
    lines.push(
      `**Observed:** ${[observation.path && `path ${escapeMarkdown(observation.path)}`, observation.parent && `parent ${escapeMarkdown(observation.parent)}`].filter(Boolean).join(', ')}`,
    );
  }
  if (insight) {
    lines.push(
      `**Rank:** ${insight.rank ?? '?'} · **Host prevalence:** ${insight.hostPrev ?? '?'} % · **EPS:** ${insight.eps ?? '?'}`,
    );
    lines.push(
      ...list('Parents', insight.parents),
      ...list('Paths', insight.paths, 'folder'),
      ...list('Children', insight.children),
      ...list('Seen as', insight.filenames),
    );
  }
  if (result?.status === 'never-observed') lines.push('EchoTrail has never observed it execute.');
  lines.push(`Source: ${sourceLabel(result)} · ${echoTrailLink(query)}`);
  return lines.join('\n');
}

export function cardJson(data: CardData): string {
  const { query, result, observation, conformity } = data;
  return JSON.stringify(
    {
      query,
      status: result?.status ?? null,
      source: result?.source ?? null,
      fetchedAt: result?.fetchedAt ?? null,
      insight: result?.insight ?? null,
      observation: observation ?? null,
      conformity: conformity ?? null,
    },
    null,
    2,
  );
}

/** "EchoTrail, cached 3 h ago", "built-in baseline". */
export function sourceLabel(result: LookupResult | null, now = Date.now()): string {
  if (!result?.source) return 'no source';
  if (result.source === 'baseline') return 'built-in baseline';
  if (!result.fetchedAt) return 'EchoTrail';
  const age = Math.max(0, now - result.fetchedAt);
  const text =
    age < 60_000
      ? 'just now'
      : age < 3_600_000
        ? `${Math.round(age / 60_000)} min ago`
        : age < 86_400_000
          ? `${Math.round(age / 3_600_000)} h ago`
          : `${Math.round(age / 86_400_000)} d ago`;
  return `EchoTrail, ${age < 60_000 ? 'fetched' : 'cached'} ${text}${result.stale ? ' (refreshing)' : ''}`;
}
