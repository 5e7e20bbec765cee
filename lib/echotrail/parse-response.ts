import * as v from 'valibot';
import { LIST_KEYS, emptyInsight, type Insight, type Share } from '../insight';

/**
 * EchoTrail answers, validated field by field. Numbers arrive as strings ("94.4", even
 * "94.4%") and sometimes as numbers; both are read, anything that is not a finite number is
 * refused. Unknown fields are ignored. A field or list entry that cannot be read is dropped
 * and named in `insight.unreadable`, so one odd entry never costs the rest of the answer; an
 * answer with no readable field at all is refused. A miss is HTTP 200 with only a `message`
 * ("EchoTrail has never observed …").
 */

/** Caps on what one answer may hold: a hostile or broken server must not fill the cache. */
const MAX_TEXT_CHARS = 20_000;
const MAX_LIST_ENTRIES = 1_000;
const MAX_VALUE_CHARS = 1_024;

const Num = v.pipe(
  v.union([
    v.number(),
    v.pipe(
      v.string(),
      v.transform((t) => t.replace(/[\s%,]/g, '')),
      v.nonEmpty(),
    ),
  ]),
  v.transform(Number),
  v.check((n) => Number.isFinite(n), 'not a number'),
);
const Pct = v.pipe(
  Num,
  v.check((n) => n >= 0 && n <= 100.0001, 'not a percentage'),
);
const Pair = v.pipe(
  v.tuple([
    v.pipe(
      v.union([v.string(), v.number()]),
      v.transform(String),
      v.maxLength(MAX_VALUE_CHARS, 'a value too long'),
    ),
    Pct,
  ]),
  v.transform(([value, pct]): Share => ({ value, pct })),
);
const Text = v.nullish(
  v.pipe(
    v.union([v.string(), v.number()]),
    v.transform((t) => String(t).slice(0, MAX_TEXT_CHARS)),
  ),
);
const SCALARS = {
  rank: v.nullish(Num),
  host_prev: v.nullish(Pct),
  eps: v.nullish(Pct),
  description: Text,
  intel: Text,
} as const;

type Field<T> = { ok: true; value: T; partial?: boolean } | { ok: false; message: string };

/** Keys an entry written as an object may give its value and its percentage under. */
const VALUE_KEYS = ['value', 'name', 'path', 'hash', 'filename', 'port', 'term'];
const PCT_KEYS = ['pct', 'percent', 'percentage', 'prevalence', 'share', 'frequency'];

/**
 * A list entry as a `[value, pct]` pair: as sent, or from an object some proxies and mocks
 * write (`{"name": "services.exe", "percent": "99.65"}`).
 */
function asPair(entry: unknown): unknown {
  if (Array.isArray(entry) || typeof entry !== 'object' || entry === null) return entry;
  const record = entry as Record<string, unknown>;
  const key = (keys: string[]) => keys.find((k) => k in record);
  const value = key(VALUE_KEYS);
  const pct = key(PCT_KEYS);
  return value && pct ? [record[value], record[pct]] : entry;
}

/** A list of `[value, pct]` pairs (or a `{value: pct}` map); unreadable entries are dropped. */
function readList(raw: unknown): Field<Share[]> {
  if (raw === null || raw === undefined) return { ok: true, value: [] };
  const entries = Array.isArray(raw)
    ? raw
    : typeof raw === 'object'
      ? Object.entries(raw as Record<string, unknown>)
      : null;
  if (!entries) return { ok: false, message: 'not a list' };
  const shares: Share[] = [];
  let message = '';
  for (const entry of entries.slice(0, MAX_LIST_ENTRIES)) {
    const pair = v.safeParse(Pair, asPair(entry));
    if (pair.success) shares.push(pair.output);
    else message ||= pair.issues[0].message;
  }
  if (entries.length > 0 && shares.length === 0) return { ok: false, message };
  // Entries past the cap are left out like a truncated list, not as unreadable.
  const read = Math.min(entries.length, MAX_LIST_ENTRIES);
  return { ok: true, value: shares, partial: shares.length < read };
}

function readScalar<K extends keyof typeof SCALARS>(
  key: K,
  raw: unknown,
): Field<v.InferOutput<(typeof SCALARS)[K]>> {
  const parsed = v.safeParse(SCALARS[key], raw);
  return parsed.success
    ? { ok: true, value: parsed.output }
    : { ok: false, message: parsed.issues[0].message };
}

const MissSchema = v.object({ message: v.string() });
const ENVELOPE_KEYS = ['data', 'result', 'insights', 'insight', 'body'];
/** EchoTrail's words for a miss ("EchoTrail has never observed x.exe execute in the wild"). */
export const NEVER_OBSERVED = /\bnever (?:been )?observed\b/i;
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
  let record = body as Record<string, unknown>;
  const holdsData = (r: Record<string, unknown>) =>
    ['rank', 'eps', 'host_prev', ...LIST_KEYS].some((key) => key in r);
  // A proxy's envelope around the answer ({"data": {…}}, {"result": {…}}): the answer inside.
  if (!holdsData(record) && typeof record.message !== 'string') {
    const inner = ENVELOPE_KEYS.map((key) => record[key]).find(
      (value): value is Record<string, unknown> =>
        typeof value === 'object' && value !== null && !Array.isArray(value),
    );
    if (inner && (holdsData(inner) || typeof inner.message === 'string')) record = inner;
  }
  const hasData = holdsData(record);
  if (!hasData) {
    const miss = v.safeParse(MissSchema, record);
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
  const insight = emptyInsight(query);
  const unreadable: string[] = [];
  let readable = 0;
  let firstProblem = '';
  const take = <T>(key: string, field: Field<T>, set: (value: T) => void) => {
    if (!(key in record)) return;
    if (field.ok) {
      readable++;
      set(field.value);
      if (field.partial) unreadable.push(key);
    } else {
      unreadable.push(key);
      firstProblem ||= `field ${key}: ${field.message}`;
    }
  };
  take('rank', readScalar('rank', record.rank), (n) => (insight.rank = n ?? null));
  take(
    'host_prev',
    readScalar('host_prev', record.host_prev),
    (n) => (insight.hostPrev = n ?? null),
  );
  take('eps', readScalar('eps', record.eps), (n) => (insight.eps = n ?? null));
  take(
    'description',
    readScalar('description', record.description),
    (t) => (insight.description = t ?? null),
  );
  take('intel', readScalar('intel', record.intel), (t) => (insight.intel = t ?? null));
  for (const key of LIST_KEYS) take(key, readList(record[key]), (list) => (insight[key] = list));
  if (readable === 0) return { kind: 'unexpected', reason: firstProblem || 'no readable field' };
  if (unreadable.length > 0) insight.unreadable = unreadable;
  // Undocumented and only advisory (how many entries each list left out): any other shape
  // reads as "nothing said" rather than discarding a good answer.
  const truncated = record.truncated;
  if (truncated && typeof truncated === 'object' && !Array.isArray(truncated)) {
    for (const key of LIST_KEYS) {
      const n = Number((truncated as Record<string, unknown>)[key]);
      if (Number.isFinite(n) && n > 0) insight.truncated[key] = n;
    }
  }
  return { kind: 'hit', insight };
}

const DaySchema = v.object({
  used: Num,
  remaining: Num,
  total: Num,
  date: v.optional(v.string(), ''),
});

export interface Usage {
  used: number;
  remaining: number;
  total: number;
}

/**
 * Reads `GET /usage/insights`: daily objects (documented as a list, the newest last; also
 * read: one day alone, or the list under `usage`); an empty list means nothing used today.
 * The newest day is the one with the latest date, where days carry one.
 */
export function parseUsage(body: unknown): Usage | null | 'unexpected' {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : null;
  const days = Array.isArray(body)
    ? body
    : Array.isArray(record?.usage)
      ? (record.usage as unknown[])
      : record
        ? [record]
        : null;
  if (!days) return 'unexpected';
  const parsed = v.safeParse(v.array(DaySchema), days);
  if (!parsed.success) return 'unexpected';
  const newest = [...parsed.output].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  const today = newest[newest.length - 1];
  return today ? { used: today.used, remaining: today.remaining, total: today.total } : null;
}
