import * as v from 'valibot';

/**
 * Every stored setting, its default and its validation, in one place.
 *
 * Settings live in `storage.local` only (never `sync`): the API key is a secret and must not
 * travel to other devices. The stored object carries a `version` so that a later release can
 * migrate it; anything that fails validation falls back to the default field by field, so a
 * corrupt or hand-edited value never breaks the extension.
 */
export const SETTINGS_VERSION = 1;
export const SETTINGS_STORAGE_KEY = 'settings';
export const DEFAULT_API_BASE_URL = 'https://api.echotrail.io';

/**
 * The API base URL, trailing slashes dropped: https (the key travels with every request), or
 * plain http only to this machine (a local test server); no user name, password, query or
 * fragment.
 */
export const HttpUrlSchema = v.pipe(
  v.string(),
  v.trim(),
  v.url(),
  v.check(
    (url) => /^https?:\/\//i.test(url),
    'The API base URL must start with https:// (or http:// for a server on this machine)',
  ),
  v.check(
    (url) => !/^http:/i.test(url) || isLoopback(parseUrl(url)?.hostname ?? ''),
    'The API key would travel unencrypted: use https:// (http:// only for a server on this machine)',
  ),
  v.check((url) => {
    const parsed = parseUrl(url);
    return !parsed || (!parsed.username && !parsed.password && !parsed.search && !parsed.hash);
  }, 'The API base URL takes no user name, password, query or fragment'),
  // The endpoint pasted instead of its base (".../v1/private/insights/") is read as its base.
  v.transform((url) => url.replace(/\/+$/, '').replace(/\/insights$/i, '')),
);

/** The URL, or null (valibot runs every check of a pipe, even after `url()` refused it). */
function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

const Hours = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(max));

export const SettingsSchema = v.object({
  version: v.literal(SETTINGS_VERSION),
  /** EchoTrail API key; empty means "baseline only". Opaque: no length check (see echotrail-api.md). */
  apiKey: v.pipe(v.string(), v.trim(), v.maxLength(512)),
  apiBaseUrl: HttpUrlSchema,
  /** How long an API answer is fresh. EchoTrail's own integrations cache about a day. */
  cacheHitTtlHours: Hours(24 * 30),
  /** A "never observed" answer may change sooner than a hit: keep it for less time. */
  cacheMissTtlHours: Hours(24 * 30),
  highlight: v.boolean(),
  /** 'all': look up every finding on enabled sites; 'hover': only what the analyst hovers. */
  autoLookup: v.picklist(['all', 'hover']),
  /** Score at or above which an occurrence is "typical", and below which it is "rare". */
  bands: v.pipe(
    v.object({
      typical: v.pipe(v.number(), v.minValue(1), v.maxValue(100)),
      rare: v.pipe(v.number(), v.minValue(0), v.maxValue(99)),
    }),
    v.check((b) => b.rare < b.typical, 'The "rare" threshold must be below the "typical" one'),
  ),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  apiKey: '',
  apiBaseUrl: DEFAULT_API_BASE_URL,
  cacheHitTtlHours: 24,
  cacheMissTtlHours: 6,
  highlight: true,
  autoLookup: 'all',
  bands: { typical: 70, rare: 30 },
};

/**
 * Reads whatever is stored into a complete, valid `Settings`, field by field.
 * @example parseSettings({ apiKey: ' k ' }).apiKey === 'k'
 */
export function parseSettings(stored: unknown): Settings {
  const input =
    typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, schema] of Object.entries(SettingsSchema.entries)) {
    if (key === 'version') continue;
    const result = v.safeParse(schema, input[key]);
    if (result.success) out[key] = result.output;
  }
  return out as Settings;
}

/** A settings change as the options page submits it: a validated patch, or the reasons it was refused. */
export function validateSettingsPatch(
  patch: Partial<Record<keyof Settings, unknown>>,
):
  | { ok: true; value: Partial<Settings> }
  | { ok: false; errors: Partial<Record<keyof Settings, string>> } {
  const value: Record<string, unknown> = {};
  const errors: Partial<Record<keyof Settings, string>> = {};
  for (const [key, raw] of Object.entries(patch) as [keyof Settings, unknown][]) {
    const schema = SettingsSchema.entries[key];
    if (!schema || key === 'version') continue;
    const result = v.safeParse(schema, raw);
    if (result.success) value[key] = result.output;
    else errors[key] = result.issues[0].message;
  }
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, value: value as Partial<Settings> };
}
