import { afterEach, describe, expect, it } from 'vitest';
import { PageScanner } from '@/lib/scan/page-scanner';

let scanner: PageScanner | null = null;
afterEach(() => {
  scanner?.stop();
  scanner = null;
  document.body.replaceChildren();
});

function html(markup: string): void {
  document.body.innerHTML = markup; // test fixture only
}

async function scan(options = {}) {
  scanner = new PageScanner(window, options);
  scanner.start();
  await scanner.whenIdle();
  return scanner;
}

const counts = (s: PageScanner) => s.findings().processes.map((p) => [p.name, p.occurrences]);
/** The processes pN.exe whose context does not name their parent qN.exe. */
const unpairedOf = (s: PageScanner) =>
  s
    .findings()
    .processes.filter((p) => p.name.startsWith('p'))
    .filter((p) => p.contexts[0]?.parent !== `q${p.name.slice(1, -4)}.exe`)
    .map((p) => p.name);
const settle = async (s: PageScanner) => {
  await new Promise((r) => setTimeout(r, 0));
  await s.whenIdle();
};

describe('PageScanner', () => {
  it('scans the page and reports complete findings', async () => {
    html(
      '<table><tr><th>Image</th><th>ParentImage</th></tr><tr><td>C:\\Windows\\System32\\cmd.exe</td><td>explorer.exe</td></tr></table>',
    );
    const s = await scan();
    expect(s.findings().complete).toBe(true);
    expect(counts(s)).toEqual([
      ['cmd.exe', 1],
      ['explorer.exe', 1],
    ]);
  });

  it('replaces a view without counting anything twice', async () => {
    html('<main id="view"><p>First: spoolsv.exe</p></main>');
    const s = await scan();
    document
      .getElementById('view')!
      .replaceChildren(
        Object.assign(document.createElement('p'), { textContent: 'Second: taskhostw.exe' }),
      );
    await settle(s);
    expect(counts(s)).toEqual([['taskhostw.exe', 1]]);
  });

  it('rescans text changed in place, and drops removed rows', async () => {
    html(
      '<table><tr><th>Image</th></tr><tr id="a"><td>a.exe</td></tr><tr id="b"><td>b.exe</td></tr></table>',
    );
    const s = await scan();
    (document.querySelector('#a td')!.firstChild as Text).data = 'c.exe';
    document.getElementById('b')!.remove();
    await settle(s);
    expect(counts(s)).toEqual([['c.exe', 1]]);
  });

  it('reads a name that text changed in place forms with its neighbours, and passes over a ticking clock', async () => {
    html(
      '<table><tr><th>Time</th><th>Image</th></tr><tr><td id="t">1 s ago</td><td>C:\\Windows\\<mark id="m">cmd</mark>.exe</td></tr></table>',
    );
    const s = await scan();
    for (let i = 2; i < 50; i++)
      (document.getElementById('t')!.firstChild as Text).data = `${i} s ago`;
    await settle(s);
    expect(counts(s)).toEqual([['cmd.exe', 1]]);
    (document.getElementById('m')!.firstChild as Text).data = 'svchost';
    await settle(s);
    expect(counts(s)).toEqual([['svchost.exe', 1]]);
  });

  it('caps distinct indicators and says so', async () => {
    html(`<p>${Array.from({ length: 30 }, (_, i) => `n${i}.exe`).join(' ')}</p>`);
    const s = await scan({ maxUnique: 10 });
    expect(s.findings().processes).toHaveLength(10);
    expect(s.findings().notices.join(' ')).toMatch(
      /more than 10 distinct .* 20 more were not tracked/,
    );
  });

  it('frees the place of an indicator gone from the page under the cap (a live log scrolls)', async () => {
    html('<ul id="log"></ul>');
    const s = await scan({ maxUnique: 10 });
    const log = document.getElementById('log')!;
    for (let batch = 0; batch < 4; batch++) {
      log.replaceChildren(
        ...Array.from({ length: 8 }, (_, i) =>
          Object.assign(document.createElement('li'), { textContent: `b${batch}n${i}.exe` }),
        ),
      );
      await settle(s);
    }
    expect(s.findings().processes.map((p) => p.name)).toEqual(
      Array.from({ length: 8 }, (_, i) => `b3n${i}.exe`),
    );
    expect(s.findings().notices.join(' ')).not.toMatch(/distinct/);
  });

  it('lets go of contexts no longer on the page past its limit, and says which', async () => {
    html('<table><tr><th>Image</th><th>ParentImage</th></tr><tbody id="rows"></tbody></table>');
    const forgotten: string[] = [];
    const s = await scan({
      maxContextsKept: 2,
      onContextsForgotten: (keys: string[]) => forgotten.push(...keys),
    });
    const rows = document.getElementById('rows')!;
    for (const parent of ['a.exe', 'b.exe', 'c.exe', 'd.exe']) {
      rows.innerHTML = `<tr><td>x.exe</td><td>${parent}</td></tr>`; // test fixture only
      await settle(s);
      s.drainNewContexts();
    }
    expect(forgotten.some((key) => key.includes('a.exe'))).toBe(true);
    expect(forgotten.some((key) => key.includes('d.exe'))).toBe(false);
  });

  it('counts nothing twice when a reset and a mutation queue overlapping work', async () => {
    html('<main id="view"><p>spoolsv.exe</p></main>');
    const s = await scan();
    s.reset(); // SPA navigation fires before the new view is rendered
    document
      .getElementById('view')!
      .replaceChildren(
        Object.assign(document.createElement('p'), { textContent: 'taskhostw.exe' }),
      );
    await settle(s);
    expect(counts(s)).toEqual([['taskhostw.exe', 1]]);
  });

  it('keeps going when one part of the page cannot be read, and says so', async () => {
    html('<p>a.exe</p><p id="bad">b.exe</p><p>c.exe</p>');
    const bad = document.getElementById('bad')!;
    const s = new PageScanner(window, {
      isOwnNode: (e) => {
        if (e === bad) throw new Error('boom');
        return false;
      },
    });
    scanner = s;
    s.start();
    await s.whenIdle();
    expect(s.findings().notices.join(' ')).toMatch(/could not be scanned/);
  });

  it('pairs every event of a big record that is not a row, though it is read in batches', async () => {
    const hash = (i: number) =>
      (i.toString(16).padStart(4, '0') + 'a1b2c3d4e5f6').repeat(4).slice(0, 64);
    html(
      `<section>${Array.from(
        { length: 250 },
        (_, i) =>
          `<div class="event"><p>Process: p${i}.exe</p><p>Parent: q${i}.exe</p><p>SHA256: ${hash(i)}</p></div>`,
      ).join('')}</section>`,
    );
    const s = await scan({ maxUnique: 5_000 });
    expect(unpairedOf(s)).toEqual([]);
  });

  describe('reads a long pasted text in chunks with the findings it gives whole', () => {
    const hash = (i: number) =>
      (i.toString(16).padStart(4, '0') + 'a1b2c3d4e5f6').repeat(4).slice(0, 64);
    const texts: Array<[string, string]> = [
      [
        'events separated by blank lines',
        Array.from(
          { length: 300 },
          (_, i) =>
            `Process Create:\nUtcTime: 2026-11-29 08:00:${i % 60}\nImage: C:\\Users\\Public\\p${i}.exe\nCommandLine: p${i}.exe --run\nHashes: SHA256=${hash(i)}\nParentImage: C:\\Windows\\q${i}.exe\n`,
        ).join('\n'),
      ],
      [
        'one event per line',
        Array.from(
          { length: 600 },
          (_, i) =>
            `2026-11-29T08:00:00Z host=WS${i % 9} Image="C:\\Tools\\p${i}.exe" ParentImage="C:\\Windows\\q${i}.exe" sha256=${hash(i)}`,
        ).join('\n'),
      ],
      [
        'NDJSON',
        Array.from({ length: 500 }, (_, i) =>
          JSON.stringify({
            process: {
              name: `p${i}.exe`,
              hash: { sha256: hash(i) },
              parent: { name: `q${i}.exe` },
            },
          }),
        ).join('\n'),
      ],
      [
        "an Elastic search answer (records in an object's array)",
        JSON.stringify(
          {
            took: 3,
            hits: {
              total: { value: 300 },
              hits: Array.from({ length: 300 }, (_, i) => ({
                _id: `id${i}`,
                _source: {
                  process: {
                    executable: `C:\\Temp\\p${i}.exe`,
                    args: [`p${i}.exe`, '-x'],
                    hash: { sha256: hash(i) },
                    parent: { name: `q${i}.exe` },
                  },
                },
              })),
            },
          },
          null,
          2,
        ),
      ],
      [
        "CrowdStrike detections (each one's behaviors)",
        JSON.stringify(
          {
            resources: Array.from({ length: 150 }, (_, i) => ({
              detection_id: `ldt:${i}`,
              behaviors: [0, 1].map((j) => ({
                filename: `p${i * 2 + j}.exe`,
                cmdline: `p${i * 2 + j}.exe /run`,
                sha256: hash(i * 2 + j),
                parent_details: { parent_cmdline: `q${i * 2 + j}.exe` },
              })),
            })),
          },
          null,
          2,
        ),
      ],
      [
        'JSON on one line',
        JSON.stringify({
          data: Array.from({ length: 400 }, (_, i) => ({
            process: { name: `p${i}.exe`, parent: { name: `q${i}.exe` }, sha256: hash(i) },
          })),
        }),
      ],
      [
        'process trees drawn in text, and one long tree',
        Array.from({ length: 400 }, (_, i) => `q${i}.exe (4${i})\n└─ p${i}.exe -x\n`).join('\n') +
          `\nservices.exe\n${'├─ svchost.exe -k netsvcs\n'.repeat(2_000)}`,
      ],
      [
        'one line of names, paths and arguments',
        Array.from({ length: 1_500 }, (_, i) =>
          i % 2 ? `x${i}.exe` : `C:\\Program Files\\Big App\\a${i}.exe -k netsvcs ${hash(i)}`,
        ).join(' '),
      ],
      [
        'a pretty-printed JSON array',
        JSON.stringify(
          Array.from({ length: 300 }, (_, i) => ({
            process: { executable: `C:\\Temp\\p${i}.exe`, parent: { name: `q${i}.exe` } },
          })),
          null,
          2,
        ),
      ],
    ];
    it.each(texts)('%s', async (_label, text) => {
      const pre = document.createElement('pre');
      pre.textContent = text;
      document.body.replaceChildren(pre);
      const whole = await scan({ maxUnique: 5_000, chunkChars: 1e9 });
      const expected = whole.findings();
      whole.stop();
      expect(text.length).toBeGreaterThan(30_000);
      const chunked = await scan({ maxUnique: 5_000, chunkChars: 2_000 });
      expect(chunked.findings()).toEqual(expected);
      expect(unpairedOf(chunked)).toEqual([]);
    });
  });

  it('reads a line appended to a long text alone, not the whole text again', async () => {
    const line = (i: number) =>
      `08:00 Image=C:\\Tools\\p${i}.exe ParentImage=C:\\Windows\\q${i}.exe\n`;
    html('<pre id="log"></pre><pre id="json"></pre>');
    const log = document.getElementById('log')!;
    const json = document.getElementById('json')!;
    log.textContent = Array.from({ length: 800 }, (_, i) => line(i)).join('');
    json.textContent = JSON.stringify(
      Array.from({ length: 800 }, (_, i) => ({ process: { name: `j${i}.exe` } })),
      null,
      2,
    );
    const s = await scan({ maxUnique: 5_000 });
    let before = s.charsRead;
    log.append(line(900));
    await settle(s);
    expect(s.charsRead - before).toBe(line(900).length);
    expect(unpairedOf(s)).toEqual([]);
    expect(s.findings().processes.find((p) => p.name === 'p900.exe')?.occurrences).toBe(1);
    // Not at the end, or JSON (read under the keys open before it): the whole text again.
    before = s.charsRead;
    log.insertBefore(document.createTextNode(line(901)), log.firstChild);
    await settle(s);
    expect(s.charsRead - before).toBeGreaterThan(40_000);
    // A branch of a tree drawn in the text: read with the lines above it.
    before = s.charsRead;
    log.append('└─ child.exe\n');
    await settle(s);
    expect(s.charsRead - before).toBeGreaterThan(40_000);
    before = s.charsRead;
    json.append('\n');
    await settle(s);
    expect(s.charsRead - before).toBeGreaterThan(40_000);
    expect(unpairedOf(s)).toEqual([]);
  });

  it('pairs a row with the detail row a legacy table opens under it', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) =>
        `<tr><td>08:${String(i).padStart(2, '0')}</td><td>C:\\Users\\Public\\p${i}.exe</td></tr>
         <tr class="details"><td colspan="2"><dl><dt>ParentImage</dt><dd>C:\\Windows\\q${i}.exe</dd></dl></td></tr>`,
    ).join('');
    html(
      `<table><thead><tr><th>Time</th><th>Image</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
    const s = await scan();
    expect(unpairedOf(s)).toEqual([]);
  });

  it('pairs a row with a detail row opened under it later', async () => {
    html(
      `<table><thead><tr><th>Time</th><th>Image</th></tr></thead><tbody>
       <tr id="a"><td>08:00</td><td>C:\\Users\\Public\\svchost.exe</td></tr>
       <tr><td>08:01</td><td>C:\\Windows\\System32\\cmd.exe</td></tr></tbody></table>`,
    );
    const s = await scan();
    const detail = document.createElement('tr');
    detail.innerHTML = '<td colspan="2">ParentImage: C:\\Windows\\System32\\rundll32.exe</td>';
    document.getElementById('a')!.after(detail);
    await settle(s);
    await new Promise((r) => setTimeout(r, 50));
    await s.whenIdle();
    const contexts = (name: string) =>
      s
        .findings()
        .processes.find((p) => p.name === name)
        ?.contexts.map((c) => [c.role, c.parent]);
    expect(contexts('svchost.exe')).toEqual([['process', 'rundll32.exe']]);
    expect(contexts('cmd.exe')).toEqual([['process', null]]);
  });

  it('rescans everything on reset', async () => {
    html('<p>a.exe</p>');
    const s = await scan();
    s.reset();
    await settle(s);
    expect(counts(s)).toEqual([['a.exe', 1]]);
  });
});

describe('PageScanner scores', () => {
  const row = (image: string, parent: string) => `<tr><td>${image}</td><td>${parent}</td></tr>`;
  const table = (rows: string) =>
    `<table><thead><tr><th>Image</th><th>ParentImage</th></tr></thead><tbody id="rows">${rows}</tbody></table>`;
  const scoreOf = (s: PageScanner, name: string) =>
    s
      .findings()
      .processes.find((p) => p.name === name)
      ?.contexts.map((c) => [c.role, c.parent, c.score, c.flags]);

  it('apply to the contexts of their key only, and reach rows found later and rescans', async () => {
    html(table(row('C:\\Windows\\System32\\cmd.exe', 'explorer.exe') + row('x.exe', 'y.exe')));
    const s = await scan();
    const asked = s.drainNewContexts();
    const cmd = asked.find((c) => c.name === 'cmd.exe')!;
    s.applyScores([[cmd.key, { score: 12, band: 'rare', flags: ['unusual-parent'] }]]);
    expect(scoreOf(s, 'cmd.exe')).toEqual([['process', 'explorer.exe', 12, ['unusual-parent']]]);
    expect(scoreOf(s, 'x.exe')).toEqual([['process', 'y.exe', null, []]]);
    expect([...s.index.values()].find((o) => o.key === 'cmd.exe')?.unusual).toBe(true);

    // The same context in a row added later is scored as it is found, without a new answer.
    const rows = document.getElementById('rows')!;
    rows.append(rows.firstElementChild!.cloneNode(true));
    await settle(s);
    const again = [...s.index.values()].filter((o) => o.key === 'cmd.exe');
    expect(again).toHaveLength(2);
    expect(again.every((o) => o.context?.score === 12 && o.unusual)).toBe(true);

    // A reset finds every row again, scores included.
    s.reset();
    await settle(s);
    expect(scoreOf(s, 'cmd.exe')).toEqual([['process', 'explorer.exe', 12, ['unusual-parent']]]);
  });
});
