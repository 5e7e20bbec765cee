import { describe, expect, it } from 'vitest';
import { findProcesses } from '@/lib/detect/find-processes';
import { textTreeNodes } from '@/lib/context/text-tree';

/** Each tree node's name and its parent's, in text order. */
const treeOf = (text: string) => {
  const mentions = findProcesses(text);
  const nodes = textTreeNodes(text, mentions);
  return mentions.filter((m) => nodes.has(m)).map((m) => [m.name, nodes.get(m)!.parent]);
};

describe('textTreeNodes', () => {
  it('reads a tree drawn with box-drawing branches', () => {
    expect(
      treeOf(
        [
          'explorer.exe (4120)',
          '└─ cmd.exe /c run.bat',
          '   ├─ conhost.exe 0xffffffff -ForceV1',
          '   └─ powershell.exe -nop -c iex(whoami.exe)',
          '      └─ C:\\Users\\Public\\svchost.exe',
        ].join('\n'),
      ),
    ).toEqual([
      ['explorer.exe', null],
      ['cmd.exe', 'explorer.exe'],
      ['conhost.exe', 'cmd.exe'],
      ['powershell.exe', 'cmd.exe'],
      ['svchost.exe', 'powershell.exe'],
    ]);
  });

  it('reads a long flat list of branches in one pass, each node a root without parent', () => {
    // 150,000 siblings: each used to look back over all the lines above it (minutes).
    const text = Array.from({ length: 150_000 }, (_, i) => `├─ a${i}.exe`).join('\n');
    const mentions = findProcesses(text);
    expect(textTreeNodes(text, mentions).size).toBe(0);
    const nested = `root.exe\n${text}`;
    const nodes = textTreeNodes(nested, findProcesses(nested));
    expect(nodes.size).toBe(150_001);
    expect([...nodes.values()].filter((n) => n.parent === 'root.exe')).toHaveLength(150_000);
  });

  it('reads ASCII branches (|-, \\_, +-) and ignores lines that are not nodes', () => {
    expect(
      treeOf(
        [
          'Process tree:',
          'winword.exe',
          '  \\_ cmd.exe',
          '      \\_ rundll32.exe x.dll,Start',
          'Parent command line: "winword.exe" /n',
          '  |- mshta.exe',
        ].join('\n'),
      ),
    ).toEqual([
      ['winword.exe', null],
      ['cmd.exe', 'winword.exe'],
      ['rundll32.exe', 'cmd.exe'],
      ['mshta.exe', 'winword.exe'],
    ]);
  });

  it('draws nothing from text without branches, a single line, or labelled lines', () => {
    expect(treeOf('cmd.exe\n    powershell.exe\n        whoami.exe')).toEqual([]);
    expect(treeOf('└─ cmd.exe powershell.exe')).toEqual([]);
    expect(treeOf('Image: cmd.exe\n└─ Parent: explorer.exe')).toEqual([]);
    expect(treeOf('  - cmd.exe /c x\n  - powershell.exe -enc y')).toEqual([]);
  });

  it.each([
    ['explorer.exe → cmd.exe → powershell.exe -nop'],
    ['explorer.exe (4120) > cmd.exe (5532) > powershell.exe'],
    ['Lineage: explorer.exe -> cmd.exe -> powershell.exe'],
    ['C:\\Windows\\explorer.exe » C:\\Windows\\System32\\cmd.exe » powershell.exe'],
    ['10:00:05 explorer.exe > cmd.exe > powershell.exe'],
    ['2026-11-29T08:15:03.377Z Lineage: explorer.exe → cmd.exe → powershell.exe'],
    ['explorer.exe→cmd.exe→powershell.exe'],
    ['explorer.exe ➜ cmd.exe ⮕ powershell.exe'],
    ['explorer.exe ▶ cmd.exe ► powershell.exe'],
    ['explorer.exe ⟹ cmd.exe ↪ powershell.exe'],
  ])('reads a lineage on one line: %s', (text) => {
    expect(treeOf(text)).toEqual([
      ['explorer.exe', null],
      ['cmd.exe', 'explorer.exe'],
      ['powershell.exe', 'cmd.exe'],
    ]);
  });

  it.each([
    ['a redirection in a command line', 'cmd /c type evil.exe > C:\\Windows\\Temp\\svchost.exe'],
    ['a comparison in prose', 'we saw more cmd.exe than powershell.exe, and svchost.exe > 3 times'],
    ['a timed redirection', '10:00:05 cmd /c type evil.exe > C:\\Windows\\Temp\\svchost.exe'],
  ])('does not read %s as a lineage', (_, text) => {
    expect(treeOf(text)).toEqual([]);
  });

  it.each([
    [
      'The process powershell.exe (PID 4242) was launched by winword.exe',
      'powershell.exe',
      'winword.exe',
    ],
    [
      'EDR flagged C:\\Users\\Public\\svchost.exe spawned by rundll32.exe on WS-1',
      'svchost.exe',
      'rundll32.exe',
    ],
    ['winword.exe spawned cmd.exe', 'cmd.exe', 'winword.exe'],
    ['explorer.exe (1200) launched a child process mshta.exe', 'mshta.exe', 'explorer.exe'],
    ['Suspicious child process rundll32.exe of parent excel.exe', 'rundll32.exe', 'excel.exe'],
    ['regsvr32.exe, a child of outlook.exe, loaded a DLL', 'regsvr32.exe', 'outlook.exe'],
    ['mshta.exe with parent process explorer.exe', 'mshta.exe', 'explorer.exe'],
    ['PSEXESVC.exe created by services.exe', 'psexesvc.exe', 'services.exe'],
    [
      'The application winword.exe invoked another application (cmd.exe).',
      'cmd.exe',
      'winword.exe',
    ],
    ['svchost.exe created process wmiprvse.exe', 'wmiprvse.exe', 'svchost.exe'],
    ['cmd.exe (parent: services.exe) wrote a.txt', 'cmd.exe', 'services.exe'],
    ['cmd.exe (PID 3300), parent process name=services.exe', 'cmd.exe', 'services.exe'],
    ['rundll32.exe, parent winword.exe, loaded x.dll', 'rundll32.exe', 'winword.exe'],
  ])('reads who started whom from words: %s', (text, child, parent) => {
    expect(treeOf(text)).toEqual(
      expect.arrayContaining([
        [child, parent],
        [parent, null],
      ]),
    );
    expect(treeOf(text)).toHaveLength(2);
  });

  it("reads Elastic's 'started process … via parent process' with the arguments between", () => {
    const text =
      'bob@WS-01 in C:\\Users\\bob started process cmd.exe (1234) C:\\Windows\\System32\\cmd.exe /c whoami.exe via parent process explorer.exe (4321) with exit code 0';
    expect(treeOf(text)).toEqual([
      ['cmd.exe', 'explorer.exe'],
      ['cmd.exe', 'explorer.exe'],
      ['explorer.exe', null],
    ]);
    expect(
      treeOf('SYSTEM@DC01 created process powershell.exe with parent process wmiprvse.exe'),
    ).toEqual([
      ['powershell.exe', 'wmiprvse.exe'],
      ['wmiprvse.exe', null],
    ]);
  });

  it('follows a chain told in one sentence', () => {
    expect(treeOf('winword.exe spawned cmd.exe, which then ran C:\\Users\\Public\\x.exe.')).toEqual(
      [
        ['winword.exe', null],
        ['cmd.exe', 'winword.exe'],
        ['x.exe', 'cmd.exe'],
      ],
    );
  });

  it.each([
    ['a command that starts a program', 'cmd.exe /c start notepad.exe'],
    ['PowerShell starting a process', 'powershell.exe Start-Process calc.exe'],
    ['two sentences', 'We saw cmd.exe. Later, started by hand: notepad.exe'],
    ['a list', 'cmd.exe, powershell.exe and wscript.exe were run'],
    ['words too far apart', 'cmd.exe ' + 'x '.repeat(50) + 'launched by explorer.exe'],
    ['a name started by itself', 'svchost.exe started by svchost.exe'],
  ])('reads no relation from %s', (_, text) => {
    expect(treeOf(text)).toEqual([]);
  });
});
