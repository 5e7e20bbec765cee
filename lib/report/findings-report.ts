import type { PageFindings, ProcessFinding } from '../findings';
import { escapeMarkdown } from './card-report';

/** The lowest score among a process's contexts (unscored contexts count as 101: after all scored ones). */
export function leastConformity(process: ProcessFinding): number {
  return Math.min(101, ...process.contexts.map((c) => c.score ?? 101));
}

/**
 * Processes least conforming first: lowest score, then most flags, then most occurrences.
 * @example rankProcesses(findings.processes)[0] // the most unusual process on the page
 */
export function rankProcesses(processes: readonly ProcessFinding[]): ProcessFinding[] {
  const flags = (p: ProcessFinding) => new Set(p.contexts.flatMap((c) => c.flags)).size;
  return [...processes].sort(
    (a, b) =>
      leastConformity(a) - leastConformity(b) ||
      flags(b) - flags(a) ||
      b.occurrences - a.occurrences ||
      a.name.localeCompare(b.name),
  );
}

/** The page's findings as a Markdown report (for a ticket or an intel note). */
export function findingsMarkdown(findings: PageFindings): string {
  const lines = [
    `## ProcLens findings`,
    `Page: ${escapeMarkdown(findings.url)}`,
    '',
    '| Process | Seen | Lowest score | Flags | Paths |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const p of rankProcesses(findings.processes)) {
    const score = leastConformity(p);
    const flags = [...new Set(p.contexts.flatMap((c) => c.flags))].join(', ');
    lines.push(
      `| ${escapeMarkdown(p.name)} | ${p.occurrences} | ${score > 100 ? '–' : score} | ${flags || '–'} | ${p.paths.map(escapeMarkdown).join('<br>') || '–'} |`,
    );
  }
  if (findings.hashes.length) {
    lines.push('', '| Hash | Type | Seen |', '| --- | --- | --- |');
    for (const h of findings.hashes) lines.push(`| ${h.value} | ${h.type} | ${h.occurrences} |`);
  }
  for (const notice of findings.notices) lines.push('', `> ${escapeMarkdown(notice)}`);
  return lines.join('\n');
}
