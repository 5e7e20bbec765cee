import { englishWords } from './localized-labels';

/**
 * What a field label (a column header, a `dt`, a JSON key, a `Key: value` line) says about the
 * values under it, across the vocabularies of Sysmon/Splunk, Elastic ECS, Microsoft
 * Defender/Sentinel, CrowdStrike, SentinelOne, Carbon Black and Wazuh. Labels vary in case and
 * separators (`ParentImage`, `process.parent.name`, `Parent Process Name`, `parent_name`), so
 * they are split into words first.
 */
export type FieldOwner = 'process' | 'parent' | 'grandparent' | 'child' | 'other';
export type FieldKind =
  | 'value'
  | 'commandline'
  | 'hash'
  | 'identifier'
  | 'not-a-file-hash'
  /** The name the executable gives itself (its PE version info), beside the name it runs as. */
  | 'original-name';

export interface FieldMeaning {
  /** Whose value it is: the event's process, its parent, grandparent, a child, or something else. */
  owner: FieldOwner;
  kind: FieldKind;
  /** For hash fields named after one algorithm. */
  hashType?: 'md5' | 'sha1' | 'sha256';
}

const UNKNOWN: FieldMeaning = { owner: 'other', kind: 'value' };

/** Whether no value under this label is a file hash: an identifier, an IMPHASH, a JA3 … */
export function rulesOutFileHash(meaning: FieldMeaning | null | undefined): boolean {
  return meaning?.kind === 'identifier' || meaning?.kind === 'not-a-file-hash';
}

/**
 * The label itself when it says something (whose value, or what kind), else null: a prefix
 * such as "ldt:" or "pid:" inside an identifier (`"detection_id": "ldt:<32 hex>:42"`) says
 * nothing, and a wider label around it rules.
 */
export function saysSomething(meaning: FieldMeaning | null): FieldMeaning | null {
  return meaning && (meaning.owner !== 'other' || meaning.kind !== 'value') ? meaning : null;
}

/**
 * Wrappers around the real field name in Wazuh, Winlogbeat, Splunk and raw Elastic views, and
 * SentinelOne's `threatInfo` (whose file is the threat's process), one or more.
 */
const PREFIXES =
  /^(?:data\.win\.eventdata\.|data\.win\.system\.|winlog\.event_?data\.|event_?data\.|_source\.|fields\.|event\.|data\.|threat_?info\.)+/i;

/**
 * Splits "InitiatingProcessSHA256" into ["initiating","process","sha256"] ("SHA-256" is one
 * word too), and a label that a log pipeline lower-cased ("parentprocessname",
 * "newprocessname") into the known words it is made of.
 */
export function labelWords(label: string): string[] {
  const key = label.replace(PREFIXES, '');
  // Windows' own event text in another language ("Nom du processus créateur").
  const translated = englishWords(key);
  if (translated) return translated;
  return key
    .replace(ALGORITHM_SPELLINGS, joinAlgorithm)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .flatMap((word) => CEF_KEYS[word] ?? compoundParts(word));
}

/**
 * ArcSight CEF's short keys: the acting process (`sproc`) and the one it acted on or
 * created (`dproc`), as SentinelOne's src/tgt.
 */
const CEF_KEYS: Record<string, string[] | undefined> = {
  sproc: ['src', 'proc'],
  dproc: ['tgt', 'proc'],
  spid: ['src', 'pid'],
  dpid: ['tgt', 'pid'],
};

/** "SHA-256", "SHA 256", "file_sha_1", "MD-5": one word, as "SHA256" is. */
const ALGORITHM_SPELLINGS = /(sha|md)[\s_-]+(256|1|5)(?![0-9])/gi;

function joinAlgorithm(match: string, name: string, bits: string, at: number, label: string) {
  // Inside a word ("usha 1") it is no algorithm; "ProcessSHA-256" starts one at its capital.
  return /[a-z]/i.test(label[at - 1] ?? '') && name[0] !== name[0]!.toUpperCase()
    ? match
    : name + bits;
}

/** Words a run-together label may be made of (besides those of the sets below). */
const PARTS = [
  'parent',
  'grandparent',
  'grand',
  'new',
  'creator',
  'child',
  'base',
  'full',
  'line',
  'dir',
  'directory',
  'current',
  'working',
  'integrity',
  'level',
  'originating',
  'data',
];
const MIN_COMPOUND = 7;

/**
 * "parentprocessname" → ["parent","process","name"]: the fewest known words that make up a
 * word that is not itself known; the word unchanged when none do.
 */
function compoundParts(word: string): string | string[] {
  if (word.length < MIN_COMPOUND || KNOWN_WORDS.has(word)) return word;
  // best[i]: the fewest known words that make up word.slice(0, i).
  const best: Array<string[] | null> = [[]];
  for (let end = 1; end <= word.length; end++) {
    best[end] = null;
    for (let start = Math.max(0, end - MAX_KNOWN_WORD); start < end; start++) {
      const before = best[start];
      const piece = word.slice(start, end);
      if (before && KNOWN_WORDS.has(piece) && (!best[end] || before.length + 1 < best[end]!.length))
        best[end] = [...before, piece];
    }
  }
  return best[word.length] ?? word;
}

const ID_WORDS = new Set([
  'id',
  'ids',
  'guid',
  'uuid',
  'aid',
  'cid',
  'uid',
  'session',
  'trace',
  'span',
  'correlation',
  'request',
  'commit',
  'tenant',
  'etag',
  'nonce',
  'token',
  'serial',
  'thumbprint',
  'fingerprint',
  'objectid',
  'sessionid',
  'traceid',
  'spanid',
  'requestid',
  // LimaCharlie: an event's atoms (THIS_ATOM, PARENT_ATOM) and its routing block's ids
  'atom',
  'routing',
]);
const NOT_FILE_HASH = new Set([
  'imphash',
  'ja3',
  'ja3s',
  'jarm',
  'hassh',
  'pehash',
  'authentihash',
  'richhash',
  'tlsh',
  'ssdeep',
  'vhash',
  'telfhash',
]);
/**
 * Words that make a hash label another digest than a file's: CrowdStrike's
 * AuthenticodeHashData, "ImpHash" (split in two), a certificate's thumbprint, a rule's,
 * policy's or configuration's hash.
 */
const NOT_FILE_HASH_OF = new Set([
  'authenticode',
  'imp',
  'thumbprint',
  'certificate',
  'cert',
  'signer',
  'signature',
  'config',
  'rule',
  'policy',
]);
const EVENT_DIGEST = /(?:^|\.)(?:event|log)\.hash$|^(?:Event|Log) ?Hash$/;
const HASH_WORDS = new Set(['hash', 'hashes', 'md5', 'sha1', 'sha256', 'hashdata', 'checksum']);
const CMD_WORDS = new Set(['commandline', 'cmdline', 'command', 'cmd', 'args', 'arguments']);
/** Objects whose name, path or hash is not a process (files written, DLLs loaded, registry, network, people, machines). */
const OTHER_OBJECTS = new Set([
  'file',
  'object',
  'dll',
  'registry',
  'network',
  'destination',
  'url',
  'dns',
  'user',
  'host',
  'hostname',
  'agent',
  'device',
  'computer',
  'domain',
  'account',
  'rule',
  'threat',
  'alert',
  'observer',
  'target',
  'tgt',
  'loaded',
  'imageloaded',
  'targetfilename',
  'query',
  'email',
  'service',
  'driver',
  'module',
  'signature',
  'signer',
  'certificate',
  'company',
  'product',
  'description',
  'original',
  'pe',
  'team',
  'tactic',
  'technique',
]);
const PROCESS_WORDS = new Set([
  'process',
  'proc',
  'image',
  'executable',
  'exe',
  'filename',
  'file',
  'folder',
  'path',
  'name',
  'app',
  'application',
  'binary',
  'program',
  'commandline',
  'cmdline',
  'command',
  'cmd',
  'source',
  'src',
  'initiating',
  'actor',
  'hash',
  'hashes',
  'md5',
  'sha1',
  'sha256',
  'hashdata',
]);

const KNOWN_WORDS = new Set([
  ...PARTS,
  ...ID_WORDS,
  ...NOT_FILE_HASH,
  ...HASH_WORDS,
  ...CMD_WORDS,
  ...OTHER_OBJECTS,
  ...PROCESS_WORDS,
]);
const MAX_KNOWN_WORD = Math.max(...[...KNOWN_WORDS].map((w) => w.length));

const LINEAGE_LABEL = /lineage|ancestry|process (?:chain|tree|path)|parent chain|execution chain/i;

/** Whether a label names a lineage ("Lineage", "Process chain"): its value is a chain of links. */
export function isLineageLabel(label: string | null): boolean {
  return label !== null && LINEAGE_LABEL.test(label);
}

/**
 * Classifies a field label.
 * @example classifyField('InitiatingProcessSHA256') // { owner: 'parent', kind: 'hash', hashType: 'sha256' }
 * @example classifyField('host.id') // { owner: 'other', kind: 'identifier' }
 */
export function classifyField(label: string | null | undefined): FieldMeaning {
  if (!label) return UNKNOWN;
  let meaning = MEANINGS.get(label);
  if (!meaning) {
    // Pages repeat a few dozen labels thousands of times; forget all when the memo is full.
    if (MEANINGS.size >= MAX_MEMO) MEANINGS.clear();
    meaning = classifyLabel(label);
    MEANINGS.set(label, meaning);
  }
  return meaning;
}

const MEANINGS = new Map<string, FieldMeaning>();
const HASH_ALGORITHMS = ['md5', 'sha1', 'sha256'] as const;
const STARTED_WORDS = new Set([
  'launched',
  'started',
  'spawned',
  'created',
  'initiated',
  'executed',
  'invoked',
  'run',
  'forked',
]);
/** Words that make "parent" a container of the parent's fields ("parent_details"). */
const CONTAINER_WORDS = new Set(['details', 'detail', 'info', 'information', 'data']);
/** Words of an original-name label that say nothing of whose it is. */
const ORIGINAL_NAME_WORDS = new Set(['original', 'pe', 'version', 'info']);
const MAX_MEMO = 4096;

function classifyLabel(label: string): FieldMeaning {
  const words = labelWords(label);
  if (words.length === 0 || words.length > 8) return UNKNOWN;
  const has = (w: string) => words.includes(w);
  const last = words[words.length - 1]!;

  // Only a label that names one algorithm says which ("MD5/SHA256" says neither).
  const algorithms = HASH_ALGORITHMS.filter((a) => words.includes(a));
  const hashType = algorithms.length === 1 ? algorithms[0] : undefined;
  if (words.some((w) => NOT_FILE_HASH.has(w))) return { owner: 'other', kind: 'not-a-file-hash' };
  const isHash = words.some((w) => HASH_WORDS.has(w));
  // ECS's event.hash digests the raw event (and "event." goes with the wrappers); LimaCharlie's
  // event.HASH is its process's.
  if (isHash && (words.some((w) => NOT_FILE_HASH_OF.has(w)) || EVENT_DIGEST.test(label)))
    return { owner: 'other', kind: 'not-a-file-hash' };
  if (!isHash && (ID_WORDS.has(last) || words.some((w) => ID_WORDS.has(w) && w !== 'id'))) {
    return { owner: 'other', kind: 'identifier' };
  }
  // Sysmon's OriginalFileName, ECS's process.pe.original_file_name, Defender's
  // ProcessVersionInfoOriginalFileName: the name a binary gives itself, of the process the
  // rest of the label names (a renamed binary runs under another name).
  if (!isHash && has('original') && (has('filename') || has('file') || has('name'))) {
    const rest = words.filter((w) => !ORIGINAL_NAME_WORDS.has(w));
    // A dotted key names its object first ("file.pe.original_file_name" is a file's), unless
    // that first word was "original" itself.
    const dotted = ORIGINAL_NAME_WORDS.has(words[0]!) ? '' : label.replace(PREFIXES, '');
    return { owner: ownerOf(rest, (w) => rest.includes(w), dotted), kind: 'original-name' };
  }
  const kind: FieldKind = isHash
    ? 'hash'
    : words.some((w) => CMD_WORDS.has(w))
      ? 'commandline'
      : 'value';

  // (Its dotted-key rule reads the key inside any wrapper: "data.threatInfo.filePath" is no
  // "file.path".)
  const owner = ownerOf(words, has, label.replace(PREFIXES, ''));
  return hashType ? { owner, kind, hashType } : { owner, kind };
}

function ownerOf(words: string[], has: (w: string) => boolean, label: string): FieldOwner {
  // ECS's process.entry_leader / session_leader / group_leader / previous, Elastic Defend's
  // process.Ext.effective_parent, macOS's responsible process and Cortex XDR's causality actor
  // (the ancestor that owns the chain) are other processes.
  if (
    has('leader') ||
    has('previous') ||
    has('effective') ||
    has('responsible') ||
    has('causality')
  )
    return 'other';
  const joined = words.join(' ');
  // "parent_details.parent_sha256" (CrowdStrike) names the parent twice, not a grandparent.
  const parents = words.filter(
    (w, i) => w === 'parent' && !CONTAINER_WORDS.has(words[i + 1] ?? ''),
  ).length;
  // Defender's InitiatingProcessParent* and ECS's process.parent.parent.* are one level further up.
  if (
    has('grandparent') ||
    /\bgrand parent\b/.test(joined) ||
    parents >= 2 ||
    (parents === 1 && has('initiating'))
  )
    return 'grandparent';
  if (
    parents > 0 ||
    has('initiating') ||
    has('initiator') ||
    has('creator') ||
    has('originating') ||
    has('originator') ||
    // "Launched by", "Spawned By", "started_by": who started the process.
    (words.length >= 2 &&
      words[words.length - 1] === 'by' &&
      STARTED_WORDS.has(words[words.length - 2]!))
  )
    return 'parent';
  // The process an event created: SentinelOne's tgt.process / TgtProc*, Chronicle's
  // target.process, Cortex XDR's action_process (its actor_process started it), Trend Micro
  // Vision One's objectCmd (its object* fields are whatever the event acted on: a file
  // written, a process started; only a command line is surely a process).
  if (
    words.some((w) => w.startsWith('child')) ||
    has('spawned') ||
    ((has('tgt') || has('target') || has('action') || has('destination') || has('dst')) &&
      (has('process') || has('proc'))) ||
    (has('object') && words.some((w) => CMD_WORDS.has(w)))
  )
    return 'child';
  // Sysmon: SourceImage (events 8/10) is the acting process; TargetImage is another process.
  if (has('source') && has('image')) return 'process';
  // CEF's deviceProcessName: the process on the device the event is about.
  if (has('device') && (has('process') || has('proc'))) return 'process';
  // A dotted ECS/SentinelOne key names its object first: "file.path" is a file, "process.name" a process.
  const first = label.includes('.') ? words[0]! : '';
  if (first && OTHER_OBJECTS.has(first) && first !== 'src') return 'other';
  if (words.some((w) => OTHER_OBJECTS.has(w) && w !== 'file' && w !== 'src' && w !== 'original')) {
    // "OriginalFileName" is the PE's own name for itself: a mention, not the running name.
    return 'other';
  }
  if (has('original')) return 'other';
  if (words.some((w) => PROCESS_WORDS.has(w))) return 'process';
  return 'other';
}
