import { beforeEach, describe, expect, it } from 'vitest';
import { analyzeSegments } from '@/lib/context/analyze-segments';
import { collectFindings } from '@/lib/context/collect-findings';
import { collectTextSegments } from '@/lib/scan/text-segments';

// Real-looking digests: low-variety runs such as 'a'.repeat(64) are placeholders, not hashes.
const SHA_A = '1dee5be153d1ab606204a37870b730495836f5bfd9ad2e893c6994b6cae0af38';
const SHA_B = '664a901f8b366240a6c77656a4c28010ef6b37ed505c2b480bd648940902b46f';
const SHA_AB = 'fab048310d87c4f8fa34255da20d0326d4d29e59fe47ce3567d46da7002fbe06';
const SHA_E3 = 'bb063b3d030764321f1f86c713c70e1259c4d7bfe5ae88c4b442e36fb490566e';
const SHA_9F = 'f2384fc0800dd6290e04e545be87474c444fc39ba0c277143ba9eb8eae6f200d';
const SHA_CD = '0a83d4aa5d5552ff30c3145ad243ef5b64d305d7be579b388529678d6f8c8abc';

beforeEach(() => document.body.replaceChildren());
function findingsOf(markup: string) {
  document.body.innerHTML = markup; // test fixture only
  return collectFindings('http://127.0.0.1/', collectTextSegments(document.body));
}
const contextsOf = (markup: string, name: string) =>
  findingsOf(markup)
    .processes.find((p) => p.name === name)
    ?.contexts.map((c) => [c.role, c.path, c.parent]);

describe('pairing', () => {
  it('keeps each row its own context: same name, different parents and paths', () => {
    expect(
      contextsOf(
        `<table><thead><tr><th>Image</th><th>ParentImage</th></tr></thead><tbody>
         <tr><td>C:\\Windows\\System32\\rundll32.exe</td><td>C:\\Windows\\explorer.exe</td></tr>
         <tr><td>C:\\Users\\Public\\rundll32.exe</td><td>C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE</td></tr>
         </tbody></table>`,
        'rundll32.exe',
      ),
    ).toEqual([
      ['process', 'c:\\windows\\system32\\rundll32.exe', 'explorer.exe'],
      ['process', 'c:\\users\\public\\rundll32.exe', 'winword.exe'],
    ]);
  });

  it('keeps the events of two texts in one block apart (a block split by a nested one)', () => {
    const markup = `<pre>Image: C:\\Tools\\a.exe
ParentImage: C:\\Windows\\pa.exe

Image: C:\\Tools\\b.exe
ParentImage: C:\\Windows\\pb.exe
<div>separator</div>Image: C:\\Tools\\c.exe
ParentImage: C:\\Windows\\pc.exe

Image: C:\\Tools\\d.exe
ParentImage: C:\\Windows\\pd.exe</pre>`;
    for (const name of ['a', 'b', 'c', 'd'])
      expect(contextsOf(markup, `${name}.exe`)).toEqual([
        ['process', `c:\\tools\\${name}.exe`, `p${name}.exe`],
      ]);
  });

  it('reads a name and a hash that a console draws with a link glued after each', () => {
    const findings = findingsOf(
      `<table><tr><th>Image</th><th>ParentImage</th><th>SHA256</th></tr>
       <tr><td><a href="#">mshta.exe</a><a href="#">Pivot</a></td>
       <td><span>winword.exe</span><span class="act">filter</span></td>
       <td>${SHA_A}<a href="#">VT</a></td></tr></table>`,
    );
    expect(findings.processes.find((p) => p.name === 'mshta.exe')?.contexts).toMatchObject([
      { role: 'process', parent: 'winword.exe', sha256: SHA_A },
    ]);
    expect(findings.hashes.map((h) => h.value)).toEqual([SHA_A]);
  });

  it("keeps the name a row's file gives itself for the score, out of the public findings", () => {
    const markup = `<table><tr><th>Image</th><th>OriginalFileName</th><th>ParentImage</th></tr>
       <tr><td>C:\\Users\\Public\\update.exe</td><td>CertUtil.exe</td><td>cmd.exe</td></tr>
       <tr><td>C:\\Windows\\System32\\cmd.exe</td><td>Cmd.Exe</td><td>explorer.exe</td></tr></table>`;
    document.body.innerHTML = markup; // test fixture only
    const contexts = analyzeSegments(collectTextSegments(document.body))
      .processes.filter((p) => p.context.role === 'process')
      .map((p) => [p.name, p.context.originalName]);
    // An original name that is the row's own name is that process again, not a mention.
    expect(contexts).toEqual([
      ['update.exe', 'certutil.exe'],
      ['cmd.exe', 'cmd.exe'],
      ['cmd.exe', 'cmd.exe'],
    ]);
    const findings = findingsOf(markup);
    expect(findings.processes.find((p) => p.name === 'cmd.exe')?.contexts).toMatchObject([
      { role: 'parent' },
      { role: 'process', parent: 'explorer.exe' },
    ]);
    // Another name is a mention of its own, and no public context carries it.
    expect(findings.processes.find((p) => p.name === 'certutil.exe')?.contexts).toMatchObject([
      { role: 'mentioned' },
    ]);
    for (const p of findings.processes)
      for (const c of p.contexts) expect(Object.keys(c)).not.toContain('originalName');
  });

  it("gives an event's created process its own path and hashes, and a list of children none", () => {
    const xdr = `<pre>{"actor_process_image_name": "powershell.exe",
      "action_process_image_name": "rundll32.exe",
      "action_process_image_path": "C:\\\\Users\\\\Public\\\\rundll32.exe",
      "action_process_image_sha256": "${SHA_A}", "actor_process_image_sha256": "${SHA_B}"}</pre>`;
    expect(
      findingsOf(xdr).processes.find((p) => p.name === 'rundll32.exe')?.contexts,
    ).toMatchObject([
      {
        role: 'child',
        parent: 'powershell.exe',
        path: 'c:\\users\\public\\rundll32.exe',
        sha256: SHA_A,
      },
    ]);
    const children = `<table><tr><th>Image</th><th>Child processes</th><th>Child SHA256</th></tr>
      <tr><td>cmd.exe</td><td>a.exe<br>b.exe</td><td>${SHA_A}</td></tr></table>`;
    for (const name of ['a.exe', 'b.exe'])
      expect(findingsOf(children).processes.find((p) => p.name === name)?.contexts).toMatchObject([
        { role: 'child', parent: 'cmd.exe', sha256: null },
      ]);
  });

  it('pairs rows whose cells repeat the same text each with their own parent', () => {
    const row = (parent: string) =>
      `<tr><td>C:\\Windows\\System32\\cmd.exe</td><td>${parent}</td></tr>`;
    expect(
      contextsOf(
        `<table><thead><tr><th>Image</th><th>ParentImage</th></tr></thead><tbody>
         ${row('explorer.exe')}${row('winword.exe')}${row('explorer.exe')}</tbody></table>`,
        'cmd.exe',
      ),
    ).toEqual([
      ['process', 'c:\\windows\\system32\\cmd.exe', 'explorer.exe'],
      ['process', 'c:\\windows\\system32\\cmd.exe', 'winword.exe'],
    ]);
  });

  it('takes the process path from a name-and-path pair of columns', () => {
    expect(
      contextsOf(
        '<table><tr><th>FileName</th><th>FolderPath</th><th>InitiatingProcessFileName</th></tr><tr><td>cmd.exe</td><td>C:\\Windows\\System32\\cmd.exe</td><td>excel.exe</td></tr></table>',
        'cmd.exe',
      ),
    ).toEqual([['process', 'c:\\windows\\system32\\cmd.exe', 'excel.exe']]);
  });

  it('gives the parent of a parent row its grandparent', () => {
    expect(
      contextsOf(
        '<table><tr><th>process.name</th><th>process.parent.name</th><th>process.parent.parent.name</th></tr><tr><td>a.exe</td><td>b.exe</td><td>c.exe</td></tr></table>',
        'b.exe',
      ),
    ).toEqual([['parent', null, 'c.exe']]);
  });

  it('reads a command line: its first executable is the process, the others are mentions', () => {
    const findings = findingsOf(
      '<table><tr><th>CommandLine</th></tr><tr><td>cmd.exe /c start C:\\Users\\Public\\svchost.exe</td></tr></table>',
    );
    expect(findings.processes.map((p) => [p.name, p.contexts[0]!.role])).toEqual([
      ['cmd.exe', 'process'],
      ['svchost.exe', 'mentioned'],
    ]);
  });

  it('pairs a process with the hashes of its row, and the parent with the initiating-process hash', () => {
    const findings = findingsOf(
      `<table><tr><th>FileName</th><th>SHA256</th><th>InitiatingProcessFileName</th><th>InitiatingProcessSHA256</th></tr>
       <tr><td>a.exe</td><td>${SHA_A}</td><td>b.exe</td><td>${SHA_B}</td></tr></table>`,
    );
    expect(findings.processes.map((p) => [p.name, p.contexts[0]!.sha256])).toEqual([
      ['a.exe', SHA_A],
      ['b.exe', SHA_B],
    ]);
  });

  it('gives a node of a nested-list process tree the node above it as parent', () => {
    expect(
      contextsOf(
        '<ul><li>explorer.exe<ul><li>winword.exe<ul><li>cmd.exe</li></ul></li></ul></li></ul>',
        'cmd.exe',
      ),
    ).toEqual([['process', null, 'winword.exe']]);
  });

  it('gives a node of a tree of nested elements that its component names as nodes its parent', () => {
    const node = (name: string, kids = '') =>
      `<div class="process-tree-node"><div class="header"><i class="icon"></i><span>${name}</span></div>${kids ? `<div class="children">${kids}</div>` : ''}</div>`;
    const tree = `<div class="tree">${node('services.exe', node('svchost.exe', node('wmiprvse.exe')) + node('C:\\Users\\Public\\svchost.exe'))}</div>`;
    expect(contextsOf(tree, 'wmiprvse.exe')).toEqual([['process', null, 'svchost.exe']]);
    expect(contextsOf(tree, 'svchost.exe')).toEqual([
      ['process', null, 'services.exe'],
      ['process', 'c:\\users\\public\\svchost.exe', 'services.exe'],
    ]);
    expect(contextsOf(tree, 'services.exe')).toEqual([['process', null, null]]);
    // A test id names nodes as well (Elastic's session view).
    const tested = (name: string, kids = '') =>
      `<div data-test-subj="sessionView:processTreeNode"><div>${name}</div><div>${kids}</div></div>`;
    expect(contextsOf(tested('explorer.exe', tested('cmd.exe')), 'cmd.exe')).toEqual([
      ['process', null, 'explorer.exe'],
    ]);
    // Nested layout boxes are no tree.
    const layout = `<div class="row"><div class="col">winword.exe</div>
      <div class="row"><div class="col">cmd.exe</div></div></div>`;
    expect(contextsOf(layout, 'cmd.exe')).toEqual([['mentioned', null, null]]);
  });

  it('gives a flat aria-level tree its parents', () => {
    expect(
      contextsOf(
        '<div role="tree"><div role="treeitem" aria-level="1">services.exe</div><div role="treeitem" aria-level="2">svchost.exe</div><div role="treeitem" aria-level="3">wmiprvse.exe</div></div>',
        'wmiprvse.exe',
      ),
    ).toEqual([['process', null, 'svchost.exe']]);
    // Its root is a process too (with no parent), as in a nested tree; a lone item is not.
    const flat =
      '<div role="tree"><div role="treeitem" aria-level="1">services.exe</div><div role="treeitem" aria-level="2">svchost.exe</div><div role="treeitem" aria-level="1">lone.exe</div></div>';
    expect(contextsOf(flat, 'services.exe')).toEqual([['process', null, null]]);
    expect(contextsOf(flat, 'lone.exe')).toEqual([['mentioned', null, null]]);
  });

  it('reads a flat tree of thousands of siblings, and a branch ends at a shallower item', () => {
    // 8,000 siblings: each once looked back over all before it (35 s here).
    const item = (level: number, name: string) =>
      `<div role="treeitem" aria-level="${level}">${name}</div>`;
    const many = `<div role="tree">${item(1, 'services.exe')}${item(2, 'svchost.exe').repeat(8_000)}</div>`;
    expect(contextsOf(many, 'svchost.exe')).toEqual([['process', null, 'services.exe']]);
    // A level-3 item after a level-1 item belongs to no earlier level-2 item.
    const gap = `<div role="tree">${item(1, 'a.exe')}${item(2, 'b.exe')}${item(1, 'c.exe')}${item(3, 'x.exe')}</div>`;
    expect(contextsOf(gap, 'x.exe')).toEqual([['mentioned', null, null]]);
  });

  it('gives a node of a tree drawn as text (a ticket, an EDR export) its parent', () => {
    const ticket =
      '<div class="description"><p>Process tree from the EDR:</p><pre>explorer.exe (4120)\n' +
      '└─ WINWORD.EXE /n invoice.docm\n' +
      '   └─ C:\\Windows\\System32\\cmd.exe /c run.bat\n' +
      '      └─ powershell.exe -nop -w hidden</pre></div>';
    expect(contextsOf(ticket, 'cmd.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\cmd.exe', 'winword.exe'],
    ]);
    expect(contextsOf(ticket, 'powershell.exe')).toEqual([['process', null, 'cmd.exe']]);
    expect(contextsOf(ticket, 'explorer.exe')).toEqual([['process', null, null]]);
    // Lines joined by <br> read the same.
    expect(
      contextsOf(
        '<p>services.exe<br>&nbsp;├─ svchost.exe -k netsvcs<br>&nbsp;└─ lsass.exe</p>',
        'lsass.exe',
      ),
    ).toEqual([['process', null, 'services.exe']]);
  });

  it.each([
    ['the page', (events: string) => events],
    ['a section', (events: string) => `<main><section class="results">${events}</section></main>`],
  ])(
    "pairs each event drawn as a plain block in %s with its own fields, not the first event's",
    (_, wrap) => {
      const page =
        wrap(`<div class="event"><pre>New Process Name:\tC:\\Windows\\System32\\schtasks.exe
Creator Process Name:\tC:\\Windows\\System32\\cmd.exe</pre></div>
      <div class="event"><pre>New Process Name:\tC:\\Windows\\explorer.exe
Creator Process Name:\tC:\\Windows\\System32\\userinit.exe</pre></div>`);
      expect(contextsOf(page, 'schtasks.exe')).toEqual([
        ['process', 'c:\\windows\\system32\\schtasks.exe', 'cmd.exe'],
      ]);
      expect(contextsOf(page, 'explorer.exe')).toEqual([
        ['process', 'c:\\windows\\explorer.exe', 'userinit.exe'],
      ]);
    },
  );

  it.each([
    [
      'German',
      `Prozessinformationen:
	Neue Prozess-ID:		0x1a2c
	Neuer Prozessname:	C:\\Windows\\System32\\rundll32.exe
	Ersteller-Prozess-ID:	0x1234
	Erstellerprozessname:	C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE
	Prozessbefehlszeile:	rundll32.exe x.dll,Start`,
    ],
    [
      'French',
      `Informations sur le processus :
	ID du nouveau processus :		0x1a2c
	Nom du nouveau processus :	C:\\Windows\\System32\\rundll32.exe
	Type d’élévation du jeton :	%%1936
	Nom du processus créateur :	C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE
	Ligne de commande du processus :	rundll32.exe x.dll,Start`,
    ],
    [
      'Spanish',
      `Información del proceso:
	Nombre de nuevo proceso:	C:\\Windows\\System32\\rundll32.exe
	Nombre de proceso creador:	C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE
	Línea de comandos del proceso:	rundll32.exe x.dll,Start`,
    ],
  ])('pairs a Windows 4688 event written in %s', (_, event) => {
    const page = `<div class="event"><pre>${event}</pre></div>`;
    expect(contextsOf(page, 'rundll32.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\rundll32.exe', 'winword.exe'],
    ]);
    expect(contextsOf(page, 'winword.exe')).toEqual([
      ['parent', 'c:\\program files\\microsoft office\\root\\office16\\winword.exe', null],
    ]);
  });

  it('still pairs the field lines of one ticket written as separate paragraphs', () => {
    const ticket = `<h1>INC0042</h1><p>Process: C:\\Users\\bob\\AppData\\Local\\Temp\\upd.exe</p>
      <p>Parent: explorer.exe</p><p>SHA256: ${SHA_AB}</p><p>Same process again: upd.exe</p>`;
    const findings = findingsOf(ticket);
    expect(findings.processes.find((p) => p.name === 'upd.exe')?.contexts[0]).toMatchObject({
      role: 'process',
      path: 'c:\\users\\bob\\appdata\\local\\temp\\upd.exe',
      parent: 'explorer.exe',
      sha256: SHA_AB,
    });
  });

  it('pairs the rows of a CSV export pasted into a ticket, each with its own parent', () => {
    const csv = (rows: string[]) => `<pre>Image,ParentImage\n${rows.join('\n')}</pre>`;
    const ticket = `<h2>Export</h2>${csv(['C:\\Windows\\System32\\cmd.exe,C:\\Windows\\explorer.exe', 'C:\\Users\\Public\\x.exe,C:\\Windows\\System32\\cmd.exe'])}
      ${csv(['C:\\Windows\\System32\\whoami.exe,C:\\Windows\\System32\\cmd.exe'])}`;
    expect(contextsOf(ticket, 'cmd.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\cmd.exe', 'explorer.exe'],
      ['parent', 'c:\\windows\\system32\\cmd.exe', null],
    ]);
    expect(contextsOf(ticket, 'x.exe')).toEqual([
      ['process', 'c:\\users\\public\\x.exe', 'cmd.exe'],
    ]);
    expect(contextsOf(ticket, 'whoami.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\whoami.exe', 'cmd.exe'],
    ]);
  });

  it("reads a lineage column: each link's parent is the one before, and it names the row's parent", () => {
    const table = `<table><tr><th>Image</th><th>Process lineage</th></tr>
      <tr><td>C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe</td>
      <td>explorer.exe → winword.exe → powershell.exe</td></tr></table>`;
    const ps = 'c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe';
    expect(contextsOf(table, 'powershell.exe')).toEqual([['process', ps, 'winword.exe']]);
    expect(contextsOf(table, 'winword.exe')).toEqual([['process', null, 'explorer.exe']]);
    expect(contextsOf(table, 'explorer.exe')).toEqual([['process', null, null]]);
  });

  it('reads a lineage keyed inline in a comment ("Lineage: a → b"), arrows with or without spaces', () => {
    for (const chain of [
      'Lineage: explorer.exe → winword.exe → cmd.exe',
      'Process chain: explorer.exe→winword.exe→cmd.exe',
    ]) {
      const comment = `<div class="comment"><p>${chain}</p></div>`;
      expect(contextsOf(comment, 'cmd.exe')).toEqual([['process', null, 'winword.exe']]);
      expect(contextsOf(comment, 'winword.exe')).toEqual([['process', null, 'explorer.exe']]);
    }
    // Any other key keeps its names mentions.
    expect(contextsOf('<p>Related: explorer.exe → cmd.exe</p>', 'cmd.exe')).toEqual([
      ['mentioned', null, null],
    ]);
  });

  it('joins a folder written apart from the name (Sentinel entities), never a working directory', () => {
    const entity = JSON.stringify({
      Entities: [
        {
          $id: '2',
          CommandLine: '"rundll32.exe" C:\\Users\\Public\\x.dll,Start',
          CurrentDirectory: 'C:\\Users\\bob\\Documents',
          ImageFile: { Directory: 'C:\\Users\\Public', Name: 'rundll32.exe', Type: 'file' },
          ParentProcess: {
            ImageFile: {
              Directory: 'C:\\Program Files\\Microsoft Office\\root\\Office16',
              Name: 'WINWORD.EXE',
            },
          },
          Type: 'process',
        },
      ],
    });
    const findings = findingsOf(`<pre>${entity}</pre>`);
    const contexts = (name: string) => findings.processes.find((p) => p.name === name)?.contexts;
    expect(contexts('rundll32.exe')).toMatchObject([
      { role: 'process', path: 'c:\\users\\public\\rundll32.exe', parent: 'winword.exe' },
    ]);
    expect(contexts('winword.exe')).toMatchObject([
      {
        role: 'parent',
        path: 'c:\\program files\\microsoft office\\root\\office16\\winword.exe',
      },
    ]);
  });

  it('reads grouped headers: "Parent" over "Name | Path", beside a cell spanning both rows', () => {
    const table = `<table><thead>
      <tr><th rowspan="2">Time</th><th colspan="2">Process</th><th colspan="2">Parent</th></tr>
      <tr><th>Name</th><th>Path</th><th>Name</th><th>Path</th></tr></thead><tbody>
      <tr><td>10:00</td><td>mshta.exe</td><td>C:\\Windows\\System32\\mshta.exe</td><td>outlook.exe</td>
        <td>C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE</td></tr></tbody></table>`;
    expect(contextsOf(table, 'mshta.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\mshta.exe', 'outlook.exe'],
    ]);
    expect(contextsOf(table, 'outlook.exe')).toEqual([
      ['parent', 'c:\\program files\\microsoft office\\root\\office16\\outlook.exe', null],
    ]);
  });

  it('reads the header of a sticky-header grid from the header-only table above the body', () => {
    const grid = `<div class="grid"><div class="head"><table><thead><tr><th>Image</th>
      <th>ParentImage</th></tr></thead></table></div><div class="body"><table><tbody>
      <tr><td>C:\\Users\\Public\\cmd.exe</td><td>C:\\Windows\\explorer.exe</td></tr>
      <tr><td>C:\\Windows\\System32\\whoami.exe</td><td>C:\\Users\\Public\\cmd.exe</td></tr>
      </tbody></table></div></div>`;
    expect(contextsOf(grid, 'whoami.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\whoami.exe', 'cmd.exe'],
    ]);
    expect(contextsOf(grid, 'cmd.exe')).toEqual([
      ['process', 'c:\\users\\public\\cmd.exe', 'explorer.exe'],
      ['parent', 'c:\\users\\public\\cmd.exe', null],
    ]);
  });

  it("takes a cell's column from its col-id even where no element is marked as a grid", () => {
    const grid = `<div class="ag-body"><div class="ag-row" role="row">
      <div class="ag-cell" role="gridcell" col-id="process_name">regsvr32.exe</div>
      <div class="ag-cell" role="gridcell" col-id="parent_process_name">excel.exe</div></div></div>`;
    expect(contextsOf(grid, 'regsvr32.exe')).toEqual([['process', null, 'excel.exe']]);
    // Fluent UI's DetailsList (Microsoft's portals) names it in data-automation-key.
    const list = `<div class="ms-DetailsList"><div role="row" class="ms-DetailsRow">
      <div role="gridcell" data-automation-key="FileName">mshta.exe</div>
      <div role="gridcell" data-automation-key="InitiatingProcessFileName">outlook.exe</div></div></div>`;
    expect(contextsOf(list, 'mshta.exe')).toEqual([['process', null, 'outlook.exe']]);
  });

  it('reads labels of a CSS grid of label and value boxes (more than a few siblings)', () => {
    const pane = `<div class="kv">
      <div class="k">Image</div><div class="v">C:\\Users\\Public\\svchost.exe</div>
      <div class="k">Parent image</div><div class="v">C:\\Windows\\System32\\rundll32.exe</div>
      <div class="k">SHA256</div><div class="v">${SHA_A}</div></div>`;
    const findings = findingsOf(pane);
    expect(findings.processes.find((p) => p.name === 'svchost.exe')?.contexts).toMatchObject([
      { role: 'process', parent: 'rundll32.exe', sha256: SHA_A },
    ]);
    // A list of many values is not read as labels of each other.
    const list = `<div>${['a', 'b', 'c', 'd', 'e'].map((n) => `<div>${n}.exe</div>`).join('')}</div>`;
    expect(findingsOf(list).processes.map((p) => p.contexts[0]!.role)).toEqual(
      Array(5).fill('mentioned'),
    );
  });

  it('reads a label in its own inline element, even with nothing between it and the value', () => {
    const pane = `<div class="process">
      <div class="field"><span class="label">Process</span> <span>C:\\Users\\Public\\svchost.exe</span></div>
      <div class="field"><span class="label">Parent</span><span>rundll32.exe</span></div>
      <div class="field"><span class="user">jdoe</span> <span>ran notepad.exe</span></div></div>`;
    expect(contextsOf(pane, 'svchost.exe')).toEqual([
      ['process', 'c:\\users\\public\\svchost.exe', 'rundll32.exe'],
    ]);
    expect(contextsOf(pane, 'rundll32.exe')).toEqual([['parent', null, null]]);
    expect(contextsOf(pane, 'notepad.exe')).toEqual([['mentioned', null, null]]);
  });

  it('reads the label element of a field under a card title, each card its own record', () => {
    const field = (k: string, v: string) =>
      `<div class="row"><span class="k">${k}</span><span class="v">${v}</span></div>`;
    const cards = `<div class="alerts">
      <div class="card"><div class="title">Suspicious rundll32</div>${field('Process', 'rundll32.exe')}${field('Parent', 'winword.exe')}</div>
      <div class="card"><div class="title">Odd svchost</div>${field('Parent', 'cmd.exe')}${field('Process', 'svchost.exe')}</div>
      <div class="card"><div class="title">Third</div>${field('Process', 'mshta.exe')}</div></div>`;
    expect(contextsOf(cards, 'rundll32.exe')).toEqual([['process', null, 'winword.exe']]);
    expect(contextsOf(cards, 'svchost.exe')).toEqual([['process', null, 'cmd.exe']]);
    expect(contextsOf(cards, 'cmd.exe')).toEqual([['parent', null, null]]);
    expect(contextsOf(cards, 'mshta.exe')).toEqual([['process', null, null]]);
  });

  it('reads a list under a heading that names whose processes they are', () => {
    const page = `<div class="page"><div><span class="label">Process</span> <span>powershell.exe</span></div>
      <div class="section"><h4>Child processes (3)</h4><ul><li>cmd.exe</li>
      <li>C:\\Users\\Public\\svchost.exe</li></ul></div>
      <div class="section"><h4>Notes</h4><ul><li>conhost.exe</li></ul></div></div>`;
    expect(contextsOf(page, 'cmd.exe')).toEqual([['child', null, 'powershell.exe']]);
    expect(contextsOf(page, 'svchost.exe')).toEqual([
      ['child', 'c:\\users\\public\\svchost.exe', 'powershell.exe'],
    ]);
    expect(contextsOf(page, 'conhost.exe')).toEqual([['mentioned', null, null]]);
  });

  it('reads a lineage drawn with icons between its links, under a lineage column', () => {
    const chevron = '<i class="fa fa-chevron-right"></i>';
    const table = `<table><thead><tr><th>Process lineage</th><th>Image</th></tr></thead><tbody>
      <tr><td><span>explorer.exe</span>${chevron}<span>winword.exe (5532)</span>${chevron}<span>powershell.exe</span></td>
      <td>C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe</td></tr></tbody></table>`;
    expect(contextsOf(table, 'winword.exe')).toEqual([['process', null, 'explorer.exe']]);
    expect(contextsOf(table, 'powershell.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe', 'winword.exe'],
    ]);
    // The same names under any other label are a list, not a lineage.
    expect(contextsOf(table.replace('Process lineage', 'Related'), 'winword.exe')).toEqual([
      ['mentioned', null, null],
    ]);
  });

  it("reads a field table with a column of actions between label and value (Kibana's document table)", () => {
    const row = (field: string, value: string) =>
      `<tr><td class="field"><span>${field}</span></td><td><button aria-label="Filter for value"></button></td><td>${value}</td></tr>`;
    const table = `<table><tbody>${row('@timestamp', 'Nov 29, 2026 @ 08:15:03.377')}
      ${row('process.executable', 'C:\\Users\\Public\\svchost.exe')}
      ${row('process.parent.executable', 'C:\\Windows\\System32\\rundll32.exe')}
      ${row('process.hash.sha256', SHA_A)}</tbody></table>`;
    expect(
      findingsOf(table).processes.find((p) => p.name === 'svchost.exe')?.contexts,
    ).toMatchObject([{ role: 'process', parent: 'rundll32.exe', sha256: SHA_A }]);
  });

  it('reads the bold first row of a table pasted into a ticket as its header', () => {
    const table = `<table><tbody><tr><td><p><b>Image</b></p></td><td><strong>Parent image</strong></td></tr>
      <tr><td>C:\\Users\\Public\\svchost.exe</td><td>C:\\Windows\\System32\\rundll32.exe</td></tr>
      </tbody></table>`;
    expect(contextsOf(table, 'svchost.exe')).toEqual([
      ['process', 'c:\\users\\public\\svchost.exe', 'rundll32.exe'],
    ]);
    // A bold value is no header.
    const values = `<table><tbody><tr><td><b>cmd.exe</b></td><td><b>explorer.exe</b></td></tr>
      <tr><td>a.exe</td><td>b.exe</td></tr></tbody></table>`;
    expect(findingsOf(values).processes.map((p) => p.contexts[0]!.role)).not.toContain('parent');
  });

  it('reads a first row of plain label cells that name process fields as the header', () => {
    // A SIEM grid drawing its header row with td, an email table pasted into a ticket.
    const grid = `<table><tr class="grid-header"><td>Event Name</td><td>Username</td>
      <td>Process Name (custom)</td><td>Parent Process Name (custom)</td></tr>
      <tr><td>Process Create</td><td>bob</td><td>C:\\Windows\\System32\\mshta.exe</td>
      <td>C:\\Windows\\explorer.exe</td></tr></table>`;
    expect(contextsOf(grid, 'mshta.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\mshta.exe', 'explorer.exe'],
    ]);
    // Labels that name no process field, or a label beside its value, make no header.
    const plain = `<table><tr><td>Event Name</td><td>Status</td></tr>
      <tr><td>cmd.exe</td><td>explorer.exe</td></tr></table>`;
    expect(findingsOf(plain).processes.map((p) => p.contexts[0]!.role)).not.toContain('parent');
    const keyValue = `<table><tr><td>Process</td><td>Running</td></tr>
      <tr><td>Parent</td><td>explorer.exe</td></tr><tr><td>Image</td><td>cmd.exe</td></tr></table>`;
    expect(contextsOf(keyValue, 'cmd.exe')).toEqual([['process', null, 'explorer.exe']]);
  });

  it('reads the kernel ("System") as the parent of the session manager, in every form', () => {
    const cell = `<table><tr><th>Image</th><th>ParentImage</th></tr>
      <tr><td>C:\\Windows\\System32\\smss.exe</td><td>System</td></tr></table>`;
    expect(contextsOf(cell, 'smss.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\smss.exe', 'system'],
    ]);
    const text = `<pre>Image: C:\\Windows\\System32\\smss.exe\nParentImage: System</pre>`;
    expect(contextsOf(text, 'smss.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\smss.exe', 'system'],
    ]);
    const json = `<pre>{"Image": "C:\\\\Windows\\\\System32\\\\smss.exe", "ParentImage": "System"}</pre>`;
    expect(contextsOf(json, 'smss.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\smss.exe', 'system'],
    ]);
    // SYSTEM the account, or under any label that is not the parent's name, is no process.
    const account = `<pre>Image: C:\\Windows\\System32\\smss.exe\nUser: SYSTEM\nParentUser: SYSTEM</pre>`;
    expect(contextsOf(account, 'smss.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\smss.exe', null],
    ]);
  });

  it("reads Trend Micro Vision One's object fields as what the process acted on", () => {
    // The object (a file written, a process started) comes first in the record here.
    const record = `<pre>{"objectFilePath": "C:\\\\Windows\\\\System32\\\\whoami.exe",
      "objectCmd": "C:\\\\Windows\\\\System32\\\\whoami.exe /all", "objectFileHashSha256": "${SHA_B}",
      "processFilePath": "C:\\\\Windows\\\\System32\\\\cmd.exe", "processFileHashSha256": "${SHA_A}",
      "parentFilePath": "C:\\\\Windows\\\\explorer.exe"}</pre>`;
    const findings = findingsOf(record);
    expect(findings.processes.find((p) => p.name === 'cmd.exe')?.contexts).toMatchObject([
      { role: 'process', parent: 'explorer.exe', sha256: SHA_A },
    ]);
    expect(
      findings.processes.find((p) => p.name === 'whoami.exe')?.contexts.map((c) => c.role),
    ).toContain('child');
  });

  it('reads a JSON code view drawn one element per line under the keys earlier lines opened', () => {
    const lines = [
      '{',
      '  "process": {',
      '    "args": [',
      '      "C:\\\\ProgramData\\\\scvhost.exe",',
      '      "--silent"',
      '    ],',
      '    "name": "scvhost.exe",',
      `    "hash": { "sha256": "${SHA_A}" },`,
      '    "parent": {',
      '      "name": "cmd.exe"',
      '    }',
      '  },',
      `  "event": { "hash": "${SHA_B}" }`,
      '}',
    ];
    // Monaco: each line a block, its tokens in spans (the key's colon in a span of its own).
    const token = (line: string) =>
      line.replace(/("[^"]*")(:?)/g, '<span class="mtk5">$1</span><span class="mtk1">$2</span>');
    const view = `<div class="view-lines">${lines.map((l) => `<div class="view-line"><span>${token(l)}</span></div>`).join('')}</div>`;
    const findings = findingsOf(view);
    expect(findings.processes.find((p) => p.name === 'scvhost.exe')?.contexts).toMatchObject([
      { role: 'process', path: 'c:\\programdata\\scvhost.exe', parent: 'cmd.exe', sha256: SHA_A },
    ]);
    expect(contextsOf(view, 'cmd.exe')).toEqual([['parent', null, null]]);
    // The event's own digest is no file hash.
    expect(findings.hashes.map((h) => h.value)).toEqual([SHA_A]);
    // A view that wraps a long string onto the next line keeps its place in the keys.
    const wrapped = [
      '{',
      '  "process": {',
      '    "command_line": "C:\\\\Windows\\\\System32\\\\rundll32.exe C:\\\\Users\\\\x.dll,{',
      '    DllRegisterServer}",',
      '    "parent": {',
      '      "name": "winword.exe"',
      '    }',
      '  }',
      '}',
    ];
    const wrappedView = `<div class="view-lines">${wrapped.map((l) => `<div class="view-line">${l}</div>`).join('')}</div>`;
    expect(contextsOf(wrappedView, 'winword.exe')).toEqual([['parent', null, null]]);
    expect(contextsOf(wrappedView, 'rundll32.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\rundll32.exe', 'winword.exe'],
    ]);
  });

  it('reads a digest shown cut short whole from its title, a copy button or a link beside it', () => {
    const shown = `${SHA_A.slice(0, 8)}…${SHA_A.slice(-8)}`;
    const row = (cell: string) =>
      `<table><tr><th>Image</th><th>SHA256</th></tr><tr><td>C:\\Users\\Public\\svchost.exe</td><td>${cell}</td></tr></table>`;
    for (const cell of [
      `<span title="${SHA_A}">${shown}</span>`,
      `<span>${shown}</span> <button data-clipboard-text="${SHA_A}">Copy</button>`,
      `<a href="https://www.virustotal.com/gui/file/${SHA_A}">${shown}</a>`,
    ]) {
      const findings = findingsOf(row(cell));
      expect(findings.processes[0]?.contexts).toMatchObject([{ role: 'process', sha256: SHA_A }]);
      expect(findings.hashes).toMatchObject([{ value: SHA_A, type: 'sha256', occurrences: 1 }]);
    }
    // A kept value that does not begin and end as shown is another digest.
    const other = findingsOf(row(`<span title="${SHA_B}">${shown}</span>`));
    expect(other.hashes).toEqual([]);
    expect(other.processes[0]?.contexts[0]?.sha256).toBeNull();
  });

  it('gives each row of a process list the process whose PID its PPID names as parent', () => {
    // Volatility's pslist pasted as text (tab-separated), then a console's table (osquery names
    // the parent's PID "parent").
    const text = `<pre>PID\tPPID\tImageFileName\n4\t0\tSystem\n368\t4\tsmss.exe\n700\t600\tservices.exe\n812\t700\tsvchost.exe\n2044\t812\trundll32.exe</pre>`;
    expect(contextsOf(text, 'rundll32.exe')).toEqual([['process', null, 'svchost.exe']]);
    expect(contextsOf(text, 'svchost.exe')).toEqual([['process', null, 'services.exe']]);
    expect(contextsOf(text, 'smss.exe')).toEqual([['process', null, 'system']]);
    expect(contextsOf(text, 'services.exe')).toEqual([['process', null, null]]);
    const table = `<table><tr><th>pid</th><th>name</th><th>parent</th></tr>
      <tr><td>700</td><td>services.exe</td><td>600</td></tr>
      <tr><td>812</td><td>svchost.exe</td><td>700</td></tr>
      <tr><td>900</td><td>cmd.exe</td><td>900</td></tr></table>`;
    expect(contextsOf(table, 'svchost.exe')).toEqual([['process', null, 'services.exe']]);
    expect(contextsOf(table, 'cmd.exe')).toEqual([['process', null, null]]);
    // Without a parent PID column a PID links nothing.
    const pidOnly = table.replace('<th>parent</th>', '<th>threads</th>');
    expect(contextsOf(pidOnly, 'svchost.exe')).toEqual([['process', null, null]]);
    // A PID two rows share (events of several hosts) names neither.
    const twice = table.replace(
      '<td>900</td><td>cmd.exe</td><td>900</td>',
      '<td>700</td><td>cmd.exe</td><td>4</td>',
    );
    expect(contextsOf(twice, 'svchost.exe')).toEqual([['process', null, null]]);
    const twiceText = text.replace(
      '812\t700\tsvchost.exe',
      '812\t700\tsvchost.exe\n700\t4\tcmd.exe',
    );
    expect(contextsOf(twiceText, 'svchost.exe')).toEqual([['process', null, null]]);
  });

  it.each([
    [
      "Volatility 2's pslist (columns marked out by a rule)",
      [
        'Offset(V)          Name                    PID   PPID   Thds     Hnds   Sess  Wow64 Start',
        '------------------ -------------------- ------ ------ ------ -------- ------ ------ ------------------------------',
        '0xfffffa8000c9e040 System                    4      0     98      479 ------      0 2012-07-20 06:20:54 UTC+0000',
        '0xfffffa8002515b30 services.exe            700    600      7      199      0      0 2012-07-20 06:20:56 UTC+0000',
        '0xfffffa80025ab060 svchost.exe             812    700     10      357      0      0 2012-07-20 06:20:57 UTC+0000',
        '0xfffffa80025ac060 rundll32.exe           2044    812      4       99      1      0 2012-07-20 07:01:00 UTC+0000',
      ],
      null,
    ],
    [
      "PowerShell's Format-Table (one space between columns)",
      [
        'Name         ProcessId ParentProcessId ExecutablePath',
        '----         --------- --------------- --------------',
        'services.exe       700             600 C:\\Windows\\System32\\services.exe',
        'svchost.exe        812             700 C:\\Windows\\System32\\svchost.exe',
        'rundll32.exe      2044             812 C:\\Users\\Public\\rundll32.exe',
      ],
      'c:\\users\\public\\rundll32.exe',
    ],
    [
      "wmic's output (no rule, two spaces apart)",
      [
        'ExecutablePath                      Name          ParentProcessId  ProcessId',
        'C:\\Windows\\System32\\services.exe    services.exe  600              700',
        'C:\\Windows\\System32\\svchost.exe     svchost.exe   700              812',
        'C:\\Users\\Public\\rundll32.exe       rundll32.exe  812              2044',
      ],
      'c:\\users\\public\\rundll32.exe',
    ],
  ])('reads a process list aligned with spaces: %s', (_, lines, path) => {
    const page = `<pre>${lines.join('\n')}</pre>`;
    expect(contextsOf(page, 'rundll32.exe')).toEqual([['process', path, 'svchost.exe']]);
    expect(contextsOf(page, 'svchost.exe')?.[0]?.[2]).toBe('services.exe');
  });

  it("pairs an event shipped whole in one escaped string (Winlogbeat's message)", () => {
    const doc = JSON.stringify(
      {
        '@timestamp': '2026-11-29T08:15:03.377Z',
        message: [
          'Process Create:',
          'RuleName: -',
          'Image: C:\\Users\\Public\\svchost.exe',
          `Hashes: SHA256=${SHA_AB}`,
          'ParentImage: C:\\Windows\\System32\\rundll32.exe',
        ].join('\r\n'),
        host: { name: 'FIN-WS-0231' },
      },
      null,
      2,
    );
    const findings = findingsOf(`<pre>${doc}</pre>`);
    expect(findings.processes.find((p) => p.name === 'svchost.exe')?.contexts).toMatchObject([
      {
        role: 'process',
        path: 'c:\\users\\public\\svchost.exe',
        parent: 'rundll32.exe',
        sha256: SHA_AB,
      },
    ]);
  });

  it('pairs a panel of label and value boxes pasted into a ticket as lines', () => {
    const ticket = `<div class="body">Copied from the EDR:<br><br>Process name<br>rundll32.exe<br>
      File path<br>C:\\Users\\Public\\rundll32.exe<br>Parent process<br>winword.exe<br>
      SHA256<br>${SHA_AB}</div>`;
    const findings = findingsOf(ticket);
    expect(findings.processes.find((p) => p.name === 'rundll32.exe')?.contexts).toMatchObject([
      {
        role: 'process',
        path: 'c:\\users\\public\\rundll32.exe',
        parent: 'winword.exe',
        sha256: SHA_AB,
      },
    ]);
  });

  it('reads no table from prose with two spaces after its sentences', () => {
    const prose =
      '<pre>Hello team.  Please check the host.\nIt ran cmd.exe  and then powershell.exe.</pre>';
    expect(contextsOf(prose, 'cmd.exe')).toEqual([['mentioned', null, null]]);
  });

  it('pairs the child of a "Parent | Child" row with that parent', () => {
    const table = `<table><thead><tr><th>Parent</th><th>Child</th></tr></thead><tbody>
      <tr><td><code>outlook.exe</code></td><td><code>wscript.exe</code></td></tr></tbody></table>`;
    expect(contextsOf(table, 'wscript.exe')).toEqual([['child', null, 'outlook.exe']]);
  });

  it('joins a folder column to the name column beside it (CrowdStrike FileName + FilePath)', () => {
    const table = `<table><thead><tr><th>FileName</th><th>FilePath</th><th>ParentBaseFileName</th>
      <th>CurrentDirectory</th></tr></thead><tbody>
      <tr><td>svchost.exe</td><td>\\Device\\HarddiskVolume2\\Users\\Public\\</td><td>powershell.exe</td>
        <td>C:\\Windows\\System32</td></tr>
      <tr><td>cmd.exe</td><td>C:\\Windows\\System32</td><td>explorer.exe</td><td>C:\\Temp</td></tr>
      <tr><td>notepad.exe</td><td>C:\\</td><td>explorer.exe</td><td></td></tr>
      </tbody></table>`;
    const findings = findingsOf(table);
    const contexts = (name: string) =>
      findings.processes.find((p) => p.name === name)?.contexts.map((c) => [c.path, c.parent]);
    expect(contexts('svchost.exe')).toEqual([['c:\\users\\public\\svchost.exe', 'powershell.exe']]);
    expect(contexts('cmd.exe')).toEqual([['c:\\windows\\system32\\cmd.exe', 'explorer.exe']]);
    expect(contexts('notepad.exe')).toEqual([['c:\\notepad.exe', 'explorer.exe']]);
    expect(findings.processes.find((p) => p.name === 'svchost.exe')?.paths).toEqual([
      'c:\\users\\public\\svchost.exe',
    ]);
    // The path of a file an event wrote is no folder of the process beside it.
    const fileEvents = `<table><thead><tr><th>ProcessName</th><th>FilePath</th></tr></thead><tbody>
      <tr><td>winword.exe</td><td>C:\\Users\\bob\\AppData\\Local\\Temp\\abc.tmp</td></tr>
      <tr><td>csc.exe</td><td>C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319</td></tr></tbody></table>`;
    expect(contextsOf(fileEvents, 'winword.exe')).toEqual([['process', null, null]]);
    expect(contextsOf(fileEvents, 'csc.exe')).toEqual([
      ['process', 'c:\\windows\\microsoft.net\\framework64\\v4.0.30319\\csc.exe', null],
    ]);
  });

  it('pairs no single parent with a cell that lists several (Splunk values() by process)', () => {
    const table = `<table><thead><tr><th>process_name</th><th>values(parent_process_name)</th>
      <th>count</th></tr></thead><tbody>
      <tr><td>rundll32.exe</td><td><div class="mv">explorer.exe</div><div class="mv">winword.exe</div></td><td>12</td></tr>
      <tr><td>cmd.exe</td><td><div class="mv">explorer.exe</div></td><td>4</td></tr>
      </tbody></table>`;
    const findings = findingsOf(table);
    const contexts = (name: string) =>
      findings.processes.find((p) => p.name === name)?.contexts.map((c) => [c.role, c.parent]);
    expect(contexts('rundll32.exe')).toEqual([['process', null]]);
    expect(contexts('winword.exe')).toEqual([['parent', null]]);
    expect(contexts('cmd.exe')).toEqual([['process', 'explorer.exe']]);
    // A command line under the name in the same cell lists nothing: its process keeps the parent.
    const alert = `<table><thead><tr><th>Process</th><th>Parent</th></tr></thead><tbody>
      <tr><td><div>cmd.exe</div><div>C:\\Windows\\System32\\cmd.exe /c start evil.exe</div></td>
      <td>winword.exe</td></tr></tbody></table>`;
    expect(contextsOf(alert, 'cmd.exe')).toEqual([
      ['process', 'c:\\windows\\system32\\cmd.exe', 'winword.exe'],
    ]);
  });

  it("gives each process of a listing cell the row's parent (Splunk values() by parent)", () => {
    const table = `<table><thead><tr><th>parent_process_name</th><th>values(process_name)</th>
      </tr></thead><tbody>
      <tr><td>winword.exe</td><td>cmd.exe<br>powershell.exe<br>C:\\Users\\Public\\x.exe</td></tr>
      </tbody></table>`;
    const findings = findingsOf(table);
    const contexts = (name: string) =>
      findings.processes
        .find((p) => p.name === name)
        ?.contexts.map((c) => [c.role, c.path, c.parent]);
    expect(contexts('cmd.exe')).toEqual([['process', null, 'winword.exe']]);
    expect(contexts('powershell.exe')).toEqual([['process', null, 'winword.exe']]);
    expect(contexts('x.exe')).toEqual([['process', 'c:\\users\\public\\x.exe', 'winword.exe']]);
  });

  it('gives a hash written beside a name to that name, not to the record', () => {
    const ticket = `<div class="ticket"><p>Process: cmd.exe</p><p>Parent: explorer.exe</p>
      <p>It dropped svchost.exe (SHA256: ${SHA_A}) and ran it.</p>
      <pre>${SHA_B}  C:\\Users\\Public\\rundll32.exe</pre></div>`;
    const findings = findingsOf(ticket);
    const contexts = (name: string) =>
      findings.processes
        .find((p) => p.name === name)
        ?.contexts.map((c) => [c.role, c.path, c.parent, c.sha256]);
    expect(contexts('cmd.exe')).toEqual([['process', null, 'explorer.exe', null]]);
    expect(contexts('svchost.exe')).toEqual([['process', null, null, SHA_A]]);
    expect(contexts('rundll32.exe')).toEqual([
      ['process', 'c:\\users\\public\\rundll32.exe', null, SHA_B],
    ]);
  });

  it('joins a folder field of a raw event to its name (CrowdStrike FilePath in JSON)', () => {
    const event = JSON.stringify({
      SharePath: '\\\\fs01\\c$',
      FileName: 'svchost.exe',
      FilePath: '\\Device\\HarddiskVolume2\\Users\\Public\\',
      ParentBaseFileName: 'powershell.exe',
      TargetFilePath: 'C:\\Windows\\Temp',
    });
    expect(contextsOf(`<pre>${event}</pre>`, 'svchost.exe')).toEqual([
      ['process', 'c:\\users\\public\\svchost.exe', 'powershell.exe'],
    ]);
  });

  it('reads whose field it is from the section heading of a detail pane', () => {
    const row = (label: string, value: string) =>
      `<div class="row"><div class="label">${label}</div><div class="value">${value}</div></div>`;
    const pane = `<div class="details">
      <div class="panel"><h3>Triggering process</h3>
        ${row('Image file name', '\\Device\\HarddiskVolume3\\Users\\bob\\AppData\\Roaming\\svchost.exe')}
        ${row('SHA256', SHA_E3)}</div>
      <div class="panel"><h3>Parent process</h3>
        ${row('Image file name', '\\Device\\HarddiskVolume3\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe')}
        ${row('Command line', 'powershell.exe -ep bypass')}
        ${row('SHA256', SHA_9F)}</div>
      <div class="panel"><h3>Grandparent process</h3>${row('Image file name', 'C:\\Windows\\explorer.exe')}</div>
    </div>`;
    const findings = findingsOf(pane);
    const contexts = (name: string) => findings.processes.find((p) => p.name === name)?.contexts;
    expect(contexts('svchost.exe')).toMatchObject([
      { role: 'process', parent: 'powershell.exe', sha256: SHA_E3 },
    ]);
    expect(contexts('powershell.exe')).toMatchObject([
      {
        role: 'parent',
        path: 'c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe',
        parent: 'explorer.exe',
        sha256: SHA_9F,
      },
    ]);
    expect(contexts('explorer.exe')).toMatchObject([{ role: 'grandparent' }]);
  });

  it('keeps a Field | Value table one record even when two of its fields disagree', () => {
    const flyout = `<table><thead><tr><th>Field</th><th>Value</th></tr></thead><tbody>
      <tr><td>process.executable</td><td>C:\\PROGRA~1\\WIDGET~1\\WIDGET~1.EXE</td></tr>
      <tr><td>process.name</td><td>widgetupdater.exe</td></tr>
      <tr><td>process.parent.name</td><td>services.exe</td></tr>
      <tr><td>process.hash.sha256</td><td>${SHA_CD}</td></tr></tbody></table>`;
    expect(
      findingsOf(flyout).processes.find((p) => p.name === 'widget~1.exe')?.contexts,
    ).toMatchObject([{ role: 'process', parent: 'services.exe', sha256: SHA_CD }]);
  });

  it("does not take ECS leader processes for the event's process", () => {
    const flyout = `<table><tr><td>process.name</td><td>powershell.exe</td></tr>
      <tr><td>process.entry_leader.name</td><td>explorer.exe</td></tr>
      <tr><td>process.parent.name</td><td>excel.exe</td></tr>
      <tr><td>process.hash.sha256</td><td>${SHA_CD}</td></tr></table>`;
    expect(
      findingsOf(flyout).processes.find((p) => p.name === 'powershell.exe')?.contexts,
    ).toMatchObject([{ role: 'process', parent: 'excel.exe', sha256: SHA_CD }]);
  });

  it('does not turn a bulleted list of names into a tree', () => {
    expect(contextsOf('<ul><li>svchost.exe</li><li>lsass.exe</li></ul>', 'lsass.exe')).toEqual([
      ['mentioned', null, null],
    ]);
  });
});
