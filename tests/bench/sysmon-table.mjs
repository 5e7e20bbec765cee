// A generated Sysmon-style console table (process, parent, command line, hashes) for the
// scanner benchmark, deterministic for a given row count.
export const DIRS = [
  'C:\\Windows\\System32',
  'C:\\Windows\\SysWOW64',
  'C:\\Program Files\\Microsoft Office\\root\\Office16',
  'C:\\Users\\jdoe\\AppData\\Local\\Temp',
  'C:\\ProgramData',
];
export const NAMES = [
  'svchost.exe',
  'rundll32.exe',
  'powershell.exe',
  'cmd.exe',
  'WINWORD.EXE',
  'explorer.exe',
  'conhost.exe',
  'msiexec.exe',
  'scvhost.exe',
  'chrome.exe',
  'taskhostw.exe',
  'dllhost.exe',
];

/** A small seeded PRNG (LCG): the same seed gives the same page. */
export function random(seed) {
  let state = seed >>> 0;
  return () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** `length` hex digits from `next`. */
export function hex(next, length) {
  let out = '';
  while (out.length < length)
    out += Math.floor(next() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

/** One `<tr>` of the table, as HTML. */
export function sysmonRow(i, next) {
  const pick = (list) => list[Math.floor(next() * list.length)];
  const image = `${pick(DIRS)}\\${pick(NAMES)}`;
  const parent = `${pick(DIRS)}\\${pick(NAMES)}`;
  const cmd = `"${image}" -k netsvcs -p -s Svc${i} ${pick(DIRS)}\\lib${i % 50}.dll`;
  const hashes = `SHA256=${hex(next, 64)},MD5=${hex(next, 32)},IMPHASH=${hex(next, 32)}`;
  return `<tr><td>2026-11-29 08:${String(i % 60).padStart(2, '0')}:11</td><td>FIN-WS-${String(i % 300).padStart(4, '0')}</td><td>${image}</td><td>${parent}</td><td>${cmd}</td><td>${hashes}</td></tr>`;
}

/** A whole console page with `rows` rows, plus a function the page exposes to append more. */
export function sysmonPage(rows, seed = 7) {
  const next = random(seed);
  const body = Array.from({ length: rows }, (_, i) => sysmonRow(i, next)).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sysmon events</title>
<style>body{font:12px system-ui,sans-serif} td,th{border-bottom:1px solid #ddd;padding:2px 4px;text-align:left}</style></head>
<body><h1>index=sysmon EventCode=1</h1><table><thead><tr><th>_time</th><th>host</th><th>Image</th><th>ParentImage</th><th>CommandLine</th><th>Hashes</th></tr></thead>
<tbody id="rows">${body}</tbody></table></body></html>`;
}

/** HTML of `count` more rows, for the live-append measurement. */
export function moreRows(count, seed = 99) {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => sysmonRow(100_000 + i, next)).join('');
}

/**
 * The same kind of events as Windows 4688 text blocks, all inside one `<form>` and
 * `<section>` (a record that is not a row), as raw-event consoles and WebForms pages draw them.
 */
export function eventBlocksPage(events, seed = 11) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const body = Array.from({ length: events }, (_, i) => {
    const image = `${pick(DIRS)}\\${pick(NAMES)}`;
    return `<div class="event"><pre>A new process has been created.

Process Information:
	New Process ID:		0x${hex(next, 4)}
	New Process Name:	${image}
	Creator Process Name:	${pick(DIRS)}\\${pick(NAMES)}
	Process Command Line:	"${image}" -k netsvcs -p -s Svc${i}</pre></div>`;
  }).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Security events</title></head>
<body><form id="main"><section class="results">${body}</section></form></body></html>`;
}
