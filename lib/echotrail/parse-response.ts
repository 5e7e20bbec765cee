import * as v from 'valibot';
import { LIST_KEYS, emptyInsight, type Insight, type Share } from '../insight';

/**
 * EchoTrail answers, validated. Numbers arrive as strings ("94.4") and sometimes as numbers;
 * both are accepted, anything that is not a finite number is refused. Unknown fields are
 * ignored. A miss is HTTP 200 with only a `message` ("EchoTrail has never observed …").
 */
const Num = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.trim(), v.nonEmpty())]),
  v.transform(Number),
  v.check((n) => Number.isFinite(n), 'not a number'),
);
const Pct = v.pipe(
  Num,
  v.check((n) => n >= 0 && n <= 100.0001, 'not a percentage'),
);
const Pair = v.pipe(
  v.tuple([v.pipe(v.union([v.string(), v.number()]), v.transform(String)), Pct]),
  v.transform(([value, pct]): Share => ({ value, pct })),
);
const List = v.optional(v.nullable(v.array(Pair)), []);

const HitSchema = v.object({
  rank: v.optional(v.nullable(Num), null),
  host_prev: v.optional(v.nullable(Pct), null),
  eps: v.optional(v.nullable(Pct), null),
  description: v.optional(v.nullable(v.string()), null),
  intel: v.optional(v.nullable(v.string()), null),
  paths: List,
  parents: List,
  grandparents: List,
  children: List,
  network: List,
  hashes: List,
  filenames: List,
  // Undocumented and only advisory (how many entries each list left out): any other shape
  // reads as "nothing said" rather than discarding a good answer.
  truncated: v.fallback(
    v.optional(v.nullable(v.record(v.string(), v.union([v.number(), v.string()]))), {}),
    {},
  ),
});

const MissSchema = v.object({ message: v.string() });
const NEVER_OBSERVED = /\bnever (?:been )?observed\b/i;
const ERROR_MESSAGE =
  /\b(?:forbidden|unauthori[sz]ed|denied|invalid|limit exceeded|quota|too many|internal|error|timed? ?out|unavailable)\b/i;

export type ParsedInsight =
  | { kind: 'hit'; insight: Insight }
  | { kind: 'miss'; message: string }
  | { kind: 'unexpected'; reason: string };

/**
 * Reads a `GET /insights/<query>` body (already JSON-parsed).
 * @example parseInsight('cmd.exe', { message: 'EchoTrail has never observed cmd.exe execute in the wild' }).kind // 'miss'
 */
export function parseInsight(query: string, body: unknown): ParsedInsight {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { kind: 'unexpected', reason: 'the answer is not a JSON object' };
  const record = body as Record<string, unknown>;
  const hasData = ['rank', 'eps', 'host_prev', ...LIST_KEYS].some((key) => key in record);
  if (!hasData) {
    const miss = v.safeParse(MissSchema, body);
    // A 200 whose message reads as an error is not "never observed": caching it as a miss
    // would hide the process for hours.
    // (The documented miss text names the query, which may itself read "error.exe".)
    if (
      miss.success &&
      !NEVER_OBSERVED.test(miss.output.message) &&
      ERROR_MESSAGE.test(miss.output.message)
    )
      return {
        kind: 'unexpected',
        reason: `EchoTrail said "${miss.output.message.slice(0, 200)}"`,
      };
    if (miss.success) return { kind: 'miss', message: miss.output.message };
    return { kind: 'unexpected', reason: 'the answer has neither data nor a message' };
  }
  const hit = v.safeParse(HitSchema, body);
  if (!hit.success) {
    const issue = hit.issues[0];
    const where = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return { kind: 'unexpected', reason: `field ${where || '?'}: ${issue.message}` };
  }
  const h = hit.output;
  const insight = emptyInsight(query);
  Object.assign(insight, {
    rank: h.rank,
    hostPrev: h.host_prev,
    eps: h.eps,
    description: h.description,
    intel: h.intel,
    paths: h.paths ?? [],
    parents: h.parents ?? [],
    grandparents: h.grandparents ?? [],
    children: h.children ?? [],
    network: h.network ?? [],
    hashes: h.hashes ?? [],
    filenames: h.filenames ?? [],
  });
  for (const key of LIST_KEYS) {
    const n = Number(h.truncated?.[key]);
    if (Number.isFinite(n) && n > 0) insight.truncated[key] = n;
  }
  return { kind: 'hit', insight };
}

const UsageSchema = v.array(
  v.object({ used: Num, remaining: Num, total: Num, date: v.optional(v.string(), '') }),
);

export interface Usage {
  used: number;
  remaining: number;
  total: number;
}

/** Reads `GET /usage/insights`: daily objects, the newest last; an empty array means nothing used today. */
export function parseUsage(body: unknown): Usage | null | 'unexpected' {
  const parsed = v.safeParse(UsageSchema, body);
  if (!parsed.success) return 'unexpected';
  const today = parsed.output[parsed.output.length - 1];
  return today ? { used: today.used, remaining: today.remaining, total: today.total } : null;
}
