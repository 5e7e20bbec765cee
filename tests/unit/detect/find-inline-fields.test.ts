import { describe, expect, it } from 'vitest';
import { findInlineFields } from '@/lib/detect/find-inline-fields';

const fields = (text: string) =>
  findInlineFields(text).map((f) => [f.label, text.slice(f.start, f.end), f.group]);

describe('findInlineFields', () => {
  it('reads pretty-printed nested JSON with dotted labels', () => {
    const text = `{
  "process": {
    "name": "svchost.exe",
    "executable": "C:\\\\Users\\\\Public\\\\svchost.exe",
    "parent": { "name": "rundll32.exe" },
    "hash": { "sha256": "abc" },
    "args": ["C:\\\\Users\\\\Public\\\\svchost.exe", "-k", "netsvcs"]
  },
  "host": { "id": "4c1e" }
}`;
    expect(fields(text)).toEqual([
      ['process.name', 'svchost.exe', 0],
      ['process.executable', 'C:\\\\Users\\\\Public\\\\svchost.exe', 0],
      ['process.parent.name', 'rundll32.exe', 0],
      ['process.hash.sha256', 'abc', 0],
      ['process.args', 'C:\\\\Users\\\\Public\\\\svchost.exe', 0],
      ['process.args', '-k', 0],
      ['process.args', 'netsvcs', 0],
      ['host.id', '4c1e', 0],
    ]);
  });

  it('gives each top-level JSON object its own group', () => {
    const text = '{"Image":"a.exe","ParentImage":"b.exe"}\n{"Image":"c.exe"}';
    expect(fields(text)).toEqual([
      ['Image', 'a.exe', 0],
      ['ParentImage', 'b.exe', 0],
      ['Image', 'c.exe', 1],
    ]);
  });

  it('gives each object of a top-level JSON array its own group', () => {
    const text = '[{"process": {"name": "a1.exe"}}, {"process": {"name": "a2.exe"}}]';
    expect(fields(text)).toEqual([
      ['process.name', 'a1.exe', 0],
      ['process.name', 'a2.exe', 1],
    ]);
  });

  it('gives each element of a nested list that names a process its own group', () => {
    // CrowdStrike's detection: one alert, several behaviors, each with its own parent.
    const text =
      '{"detection_id": "ldt:1", "behaviors": [' +
      '{"filename": "a.exe", "parent_details": {"parent_cmdline": "p.exe /x"}},' +
      '{"filename": "b.exe", "parent_details": {"parent_cmdline": "a.exe"}}], "status": "new"}';
    expect(fields(text).map(([label, value, group]) => [label, value, group])).toEqual([
      ['detection_id', 'ldt:1', 0],
      ['behaviors.filename', 'a.exe', 1],
      ['behaviors.parent_details.parent_cmdline', 'p.exe /x', 1],
      ['behaviors.filename', 'b.exe', 2],
      ['behaviors.parent_details.parent_cmdline', 'a.exe', 2],
      ['status', 'new', 0],
    ]);
  });

  it("keeps a nested list of a record's children or hashes with its record", () => {
    const text =
      '{"process": {"name": "a.exe", "hashes": [{"algorithm": "SHA256", "value": "x"}]},' +
      ' "children": [{"name": "c1.exe"}, {"name": "c2.exe"}]}';
    expect(new Set(fields(text).map(([, , group]) => group))).toEqual(new Set([0]));
  });

  it('reads JSON nested thousands of levels deep in one pass, labelled by its innermost keys', () => {
    // A hostile page: 20,000 levels, 20,000 values at the bottom, and as many list elements.
    // (Every label once spelled out the whole path: minutes of a frozen tab.)
    const deep = '{"k":['.repeat(20_000) + '"a.exe",'.repeat(20_000) + ']}'.repeat(20_000);
    const found = findInlineFields(deep);
    expect(found).toHaveLength(20_000);
    expect(found[0]!.label).toBe(Array(8).fill('k').join('.'));
    const elements =
      '{"k":[' + '{"filename":"a.exe","k":['.repeat(20_000) + ']}'.repeat(20_000) + ']}';
    expect(findInlineFields(elements)).toHaveLength(20_000);
  });

  it('gives each of several XML events its own group', () => {
    const event = (image: string) =>
      `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><EventData><Data Name="Image">${image}</Data></EventData></Event>`;
    expect(fields(event('a.exe') + '\n' + event('b.exe'))).toEqual([
      ['Image', 'a.exe', 0],
      ['Image', 'b.exe', 1],
    ]);
  });

  it('opens a new group where a process field repeats (events pasted one after another)', () => {
    const text = [
      'Account Name: alice',
      'Image: C:\\a.exe',
      'ParentImage: C:\\p.exe',
      'Account Name: bob',
      'Image: C:\\b.exe',
      'ParentImage: C:\\q.exe',
    ].join('\n');
    expect(fields(text).map(([label, , group]) => [label, group])).toEqual([
      ['Account Name', 0],
      ['Image', 0],
      ['ParentImage', 0],
      ['Account Name', 0],
      ['Image', 1],
      ['ParentImage', 1],
    ]);
  });

  it('reads Sysmon XML Data elements', () => {
    const text = `<EventData><Data Name="Image">C:\\Windows\\System32\\cmd.exe</Data><Data Name='ParentImage'>C:\\Windows\\explorer.exe</Data></EventData>`;
    expect(fields(text)).toEqual([
      ['Image', 'C:\\Windows\\System32\\cmd.exe', 0],
      ['ParentImage', 'C:\\Windows\\explorer.exe', 0],
    ]);
  });

  it('reads Key: value lines without mistaking a drive for a key', () => {
    const text =
      'Image: C:\\Windows\\System32\\cmd.exe\nC:\\Temp\\x.exe\nParent Image: C:\\Windows\\explorer.exe  ';
    expect(fields(text)).toEqual([
      ['Image', 'C:\\Windows\\System32\\cmd.exe', 0],
      ['Parent Image', 'C:\\Windows\\explorer.exe', 0],
    ]);
  });

  it('reads a key-value table copied as two tab-separated cells a line, not rows of data', () => {
    expect(fields('Image\tC:\\Windows\\System32\\cmd.exe\nParent image\t\texplorer.exe')).toEqual([
      ['Image', 'C:\\Windows\\System32\\cmd.exe', 0],
      ['Parent image', 'explorer.exe', 0],
    ]);
    expect(fields('cmd.exe\texplorer.exe\nsvchost.exe\tservices.exe')).toEqual([]);
    expect(fields('Image\tcmd.exe\texplorer.exe')).toEqual([]);
  });

  it('reads several Key=value pairs to a line, quoted or not', () => {
    const text =
      'Image=C:\\Program Files\\A b\\x.exe ParentImage="C:\\Windows\\explorer.exe" Hashes=MD5=abc,SHA256=def';
    expect(fields(text)).toEqual([
      ['Image', 'C:\\Program Files\\A b\\x.exe', 0],
      ['ParentImage', 'C:\\Windows\\explorer.exe', 0],
      ['Hashes', 'MD5=abc,SHA256=def', 0],
    ]);
  });

  it.each([
    [
      'process.name: svchost.exe process.parent.name: rundll32.exe host.name: WS-1',
      [
        ['process.name', 'svchost.exe', 0],
        ['process.parent.name', 'rundll32.exe host.name: WS-1', 0],
      ],
    ],
    [
      'Process: C:\\Users\\Public\\svchost.exe Parent Process: rundll32.exe, SHA256: abc',
      [
        ['Process', 'C:\\Users\\Public\\svchost.exe', 0],
        ['Parent Process', 'rundll32.exe', 0],
        ['SHA256', 'abc', 0],
      ],
    ],
  ])('reads several Key: value pairs to a line: %j', (text, expected) => {
    expect(fields(text)).toEqual(expected);
  });

  it.each([
    'process.name : "rundll32.exe" or process.name : scvhost.exe',
    'Note: ran cmd.exe at 10:02 then C:\\Temp\\x.exe',
    'Summary: see https://x.example/a.exe and C:\\Windows\\cmd.exe',
  ])('keeps a query or a sentence with colons whole: %j', (text) => {
    const found = fields(text);
    expect(found.length).toBeLessThanOrEqual(1);
  });

  it('reads a CSV export pasted as text: each row its own record, quoted cells whole', () => {
    const text = [
      '_time,host,Image,ParentImage,CommandLine',
      '2026-11-02,wks-1,C:\\Windows\\System32\\cmd.exe,C:\\Windows\\explorer.exe,"cmd.exe /c ""a,b"""',
      '2026-11-02,wks-1,C:\\Users\\Public\\x.exe,C:\\Windows\\System32\\cmd.exe,x.exe',
    ].join('\r\n');
    expect(fields(text).filter(([label]) => /Image|Command/.test(label as string))).toEqual([
      ['Image', 'C:\\Windows\\System32\\cmd.exe', 1],
      ['ParentImage', 'C:\\Windows\\explorer.exe', 1],
      ['CommandLine', 'cmd.exe /c ""a,b""', 1],
      ['Image', 'C:\\Users\\Public\\x.exe', 2],
      ['ParentImage', 'C:\\Windows\\System32\\cmd.exe', 2],
      ['CommandLine', 'x.exe', 2],
    ]);
  });

  it('reads TSV and Markdown tables, and skips rows of another width', () => {
    const tsv = 'Process Name\tParent Process Name\nlsass.exe\twininit.exe\nbroken row';
    expect(fields(tsv)).toEqual([
      ['Process Name', 'lsass.exe', 1],
      ['Parent Process Name', 'wininit.exe', 1],
    ]);
    const md = '| Image | ParentImage |\n|---|:---:|\n| C:\\a\\x.exe | y.exe |';
    expect(fields(md)).toEqual([
      ['Image', 'C:\\a\\x.exe', 1],
      ['ParentImage', 'y.exe', 1],
    ]);
  });

  it.each([
    ['Markdown without outer pipes', 'Image | ParentImage\n--- | ---\nC:\\a\\x.exe | y.exe'],
    ['a pipe-delimited export', 'Image|ParentImage\nC:\\a\\x.exe|y.exe'],
    [
      'a table drawn with borders (osquery, psql)',
      [
        '+-------------+--------------+',
        '| Image       | ParentImage  |',
        '+-------------+--------------+',
        '| C:\\a\\x.exe | y.exe        |',
        '+-------------+--------------+',
      ].join('\n'),
    ],
  ])('reads %s', (_, text) => {
    expect(fields(text)).toEqual([
      ['Image', 'C:\\a\\x.exe', 1],
      ['ParentImage', 'y.exe', 1],
    ]);
  });

  it.each([
    ['a dash', '- Process: C:\\x.exe\n- Parent: y.exe'],
    ['a star', '* Process: C:\\x.exe\n* Parent: y.exe'],
    ['a bullet', '• Process: C:\\x.exe\n• Parent: y.exe'],
    ['a number', '1. Process: C:\\x.exe\n2) Parent: y.exe'],
    ['a quote', '> Process: C:\\x.exe\n> Parent: y.exe'],
    ['Markdown bold', '**Process:** C:\\x.exe\n**Parent**: y.exe'],
  ])('reads Key: value lines opened by %s', (_, text) => {
    expect(fields(text)).toEqual([
      ['Process', 'C:\\x.exe', 0],
      ['Parent', 'y.exe', 0],
    ]);
  });

  it('reads a key under an indented section that names another party as that party’s', () => {
    const yaml = [
      'process:',
      '  name: cmd.exe',
      '  parent:',
      '    name: explorer.exe',
      '    executable: C:\\Windows\\explorer.exe',
      '  hash:',
      '    sha256: abc',
      'host: WS-1',
    ].join('\n');
    expect(fields(yaml)).toEqual([
      ['name', 'cmd.exe', 0],
      ['parent.name', 'explorer.exe', 0],
      ['parent.executable', 'C:\\Windows\\explorer.exe', 0],
      ['sha256', 'abc', 0],
      ['host', 'WS-1', 0],
    ]);
    const panel = 'Process:\n\tName: x.exe\nParent Process:\n\tName: y.exe\n\tPath: C:\\y.exe';
    expect(fields(panel)).toEqual([
      ['Name', 'x.exe', 0],
      ['Parent Process.Name', 'y.exe', 0],
      ['Parent Process.Path', 'C:\\y.exe', 0],
    ]);
    // A list of events: each item its own record, each with its own parent.
    const list =
      '- process:\n    name: a.exe\n    parent:\n      name: b.exe\n- process:\n    name: c.exe';
    expect(fields(list)).toEqual([
      ['name', 'a.exe', 0],
      ['parent.name', 'b.exe', 0],
      ['name', 'c.exe', 1],
    ]);
  });

  it.each([
    [
      "a Python dict's repr (SOAR playbooks, scripts)",
      "[{'process': {'name': 'a.exe', 'parent': {'name': 'b.exe'}}}, {'process': {'name': 'c.exe'}}]",
    ],
    [
      "Logstash's rubydebug",
      '[{ "process" => { "name" => "a.exe", "parent" => { "name" => "b.exe" } } }, { "process" => { "name" => "c.exe" } }]',
    ],
  ])('reads nested keys and records of %s', (_, text) => {
    expect(fields(text)).toEqual([
      ['process.name', 'a.exe', 0],
      ['process.parent.name', 'b.exe', 0],
      ['process.name', 'c.exe', 1],
    ]);
  });

  it('reads the fields of an event kept whole in one escaped string (message, event.original)', () => {
    const message = JSON.stringify({
      message: 'Process Create:\r\nImage: C:\\x\\a.exe\r\nParentImage: C:\\y\\b.exe',
      host: 'WS-1',
    });
    expect(fields(message)).toEqual([
      ['message', 'Process Create:\\r\\nImage: ', 0],
      ['Image', 'C:\\\\x\\\\a.exe', 0],
      ['message', '\\r\\nParentImage: ', 0],
      ['ParentImage', 'C:\\\\y\\\\b.exe', 0],
      ['host', 'WS-1', 0],
    ]);
    const original = JSON.stringify({
      event: { original: JSON.stringify({ Image: 'a.exe', ParentImage: 'b.exe' }) },
    });
    expect(fields(original).filter(([label]) => label !== 'event.original')).toEqual([
      ['Image', 'a.exe', 0],
      ['ParentImage', 'b.exe', 0],
    ]);
    // A string with no field of a process, parent or hash stays one value.
    const plain = JSON.stringify({ note: 'ran from C:\\new\\tools\\x.exe\nthen exited' });
    expect(fields(plain)).toEqual([
      ['note', 'ran from C:\\\\new\\\\tools\\\\x.exe\\nthen exited', 0],
    ]);
  });

  it("reads a field's name alone on its line as the label of the next (a panel copied as text)", () => {
    const panel = [
      'Process name',
      'rundll32.exe',
      'Parent process',
      '',
      'winword.exe',
      'SHA256',
      'abc',
      'Command line',
      'rundll32.exe x.dll,Start & whoami.exe',
      'Process name',
      'cmd.exe',
    ].join('\n');
    expect(fields(panel)).toEqual([
      ['Process name', 'rundll32.exe', 0],
      ['Parent process', 'winword.exe', 0],
      ['SHA256', 'abc', 0],
      ['Command line', 'rundll32.exe x.dll,Start & whoami.exe', 0],
      ['Process name', 'cmd.exe', 1],
    ]);
    // A sentence naming several programs is no value; a name alone is no label; other words
    // are no field's name.
    expect(fields('Parent process\nwinword.exe started cmd.exe and mshta.exe')).toEqual([]);
    expect(fields('cmd.exe\npowershell.exe')).toEqual([]);
    expect(fields('Summary\nrundll32.exe')).toEqual([]);
    // A lineage's name does not make its first link a field.
    expect(fields('Process lineage\nexplorer.exe\ncmd.exe')).toEqual([]);
  });

  it('reads no keys from apostrophes in prose', () => {
    expect(fields("The user's laptop ran 'cmd.exe': see {WS-1}")).toEqual([]);
  });

  it('does not take prose with commas for a table', () => {
    const text = 'Hi team, the process looks odd\nIt ran cmd.exe, then powershell.exe';
    expect(fields(text)).toEqual([]);
  });

  it('survives truncated JSON', () => {
    expect(fields('{"Image": "a.exe", "ParentImage": "b.e')).toEqual([['Image', 'a.exe', 0]]);
  });
});
