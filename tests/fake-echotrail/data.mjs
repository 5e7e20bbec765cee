// Data set of the local EchoTrail-compatible server, in the shapes that
// ../shared/echotrail-api.md documents: numbers as strings, directories (not files) in `paths`,
// case variants as separate entries, anonymised buckets ("C:\\Users\\..."), `truncated`, and
// `filenames` on hash queries. The figures are invented but plausible; the hashes are
// synthetic (derived from a label), so no real sample is implied.
import { createHash } from 'node:crypto';

const pct = (n) => n.toFixed(2);
const pairs = (list) => list.map(([k, n]) => [k, pct(n)]);

/** A synthetic but well-formed hash for `label`, stable across runs. */
export function syntheticHash(label, type = 'sha256') {
  const hex = createHash('sha256').update(`proclens-fixture:${label}`).digest('hex');
  return type === 'md5' ? hex.slice(0, 32) : type === 'sha1' ? hex.slice(0, 40) : hex;
}

function proc(name, p) {
  const body = {
    rank: p.rank,
    host_prev: p.host_prev.toFixed(1),
    eps: pct(p.eps),
    description: p.description,
    intel: p.intel ?? '',
    paths: pairs(p.paths),
    parents: pairs(p.parents ?? []),
    grandparents: pairs(p.grandparents ?? []),
    children: pairs(p.children ?? []),
    network: pairs(p.network ?? []),
    hashes: pairs(
      p.hashes ?? [
        [syntheticHash(name), 97.5],
        [syntheticHash(`${name}#2`), 2.5],
      ],
    ),
    truncated: p.truncated ?? {
      paths: 0,
      parents: 0,
      grandparents: 0,
      children: 0,
      network: 0,
      hashes: 0,
    },
  };
  return [name.toLowerCase(), body];
}

const SYS32 = 'C:\\Windows\\System32';
const SYS32_UPPER = 'C:\\WINDOWS\\System32';
const WOW64 = 'C:\\Windows\\SysWOW64';

export const PROCESSES = Object.fromEntries([
  proc('svchost.exe', {
    rank: 24,
    host_prev: 94.4,
    eps: 96.07,
    description: 'Generic host process for Windows services that run from DLLs.',
    intel: 'Many instances run at once, each started by services.exe with a -k group argument.',
    paths: [
      [SYS32, 99.92],
      [SYS32_UPPER, 0.07],
      ['C:\\Users\\...', 0.0],
    ],
    parents: [
      ['services.exe', 99.65],
      ['MsMpEng.exe', 0.35],
    ],
    grandparents: [
      ['wininit.exe', 99.89],
      ['services.exe', 0.11],
    ],
    children: [
      ['WmiPrvSE.exe', 12.44],
      ['wmiprvse.exe', 7.96],
      ['RuntimeBroker.exe', 6.1],
      ['taskhostw.exe', 5.2],
    ],
    network: [
      ['443', 45.89],
      ['80', 32.37],
    ],
    truncated: {
      paths: 5,
      parents: 10,
      grandparents: 13,
      children: 1328,
      network: 32667,
      hashes: 40,
    },
  }),
  proc('lsass.exe', {
    rank: 61,
    host_prev: 99.1,
    eps: 93.2,
    description: 'Local Security Authority Subsystem: enforces security policy and handles logons.',
    intel: 'Exactly one instance, started by wininit.exe. Credential theft tools read its memory.',
    paths: [
      [SYS32, 99.98],
      [SYS32_UPPER, 0.02],
    ],
    parents: [['wininit.exe', 99.99]],
    grandparents: [['smss.exe', 99.9]],
    children: [['efsui.exe', 40.1]],
  }),
  proc('csrss.exe', {
    rank: 70,
    host_prev: 99.5,
    eps: 92.8,
    description: 'Client/Server Runtime Subsystem, the user-mode side of the Win32 subsystem.',
    paths: [[SYS32, 100]],
    parents: [['smss.exe', 99.99]],
    grandparents: [],
    children: [['conhost.exe', 88.0]],
  }),
  proc('smss.exe', {
    rank: 140,
    host_prev: 99.5,
    eps: 90.1,
    description: 'Session Manager: the first user-mode process; starts each session.',
    paths: [[SYS32, 100]],
    parents: [
      ['System', 62.0],
      ['smss.exe', 38.0],
    ],
    children: [
      ['csrss.exe', 50.1],
      ['wininit.exe', 24.9],
      ['winlogon.exe', 24.9],
    ],
  }),
  proc('wininit.exe', {
    rank: 160,
    host_prev: 99.5,
    eps: 89.7,
    description:
      'Windows Start-Up Application: starts services.exe, lsass.exe and lsaiso.exe in session 0.',
    paths: [[SYS32, 100]],
    parents: [['smss.exe', 100]],
    children: [
      ['services.exe', 49.9],
      ['lsass.exe', 49.9],
      ['LsaIso.exe', 0.2],
    ],
  }),
  proc('winlogon.exe', {
    rank: 150,
    host_prev: 99.4,
    eps: 89.9,
    description: 'Handles interactive logon and logoff; starts userinit.exe and LogonUI.exe.',
    paths: [[SYS32, 100]],
    parents: [['smss.exe', 100]],
    children: [
      ['userinit.exe', 41.0],
      ['LogonUI.exe', 30.2],
      ['dwm.exe', 28.8],
    ],
  }),
  proc('services.exe', {
    rank: 110,
    host_prev: 99.5,
    eps: 91.0,
    description: 'Service Control Manager: starts, stops and talks to Windows services.',
    paths: [[SYS32, 100]],
    parents: [['wininit.exe', 100]],
    children: [
      ['svchost.exe', 86.3],
      ['spoolsv.exe', 2.1],
      ['MsMpEng.exe', 1.9],
    ],
  }),
  proc('explorer.exe', {
    rank: 30,
    host_prev: 96.2,
    eps: 95.6,
    description: 'Windows shell: desktop, taskbar and File Explorer.',
    paths: [
      ['C:\\Windows', 99.95],
      ['C:\\WINDOWS', 0.05],
    ],
    parents: [
      ['userinit.exe', 71.2],
      ['explorer.exe', 18.3],
      ['svchost.exe', 10.1],
    ],
    children: [
      ['chrome.exe', 15.1],
      ['msedge.exe', 11.7],
      ['OneDrive.exe', 8.0],
      ['cmd.exe', 3.3],
    ],
  }),
  proc('userinit.exe', {
    rank: 400,
    host_prev: 96.0,
    eps: 86.0,
    description: 'Runs logon scripts and starts the shell, then exits.',
    paths: [[SYS32, 100]],
    parents: [['winlogon.exe', 100]],
    children: [['explorer.exe', 97.0]],
  }),
  proc('taskhostw.exe', {
    rank: 40,
    host_prev: 97.0,
    eps: 94.8,
    description: 'Host process for Windows tasks that run from DLLs.',
    paths: [[SYS32, 100]],
    parents: [['svchost.exe', 99.7]],
  }),
  proc('RuntimeBroker.exe', {
    rank: 35,
    host_prev: 96.8,
    eps: 95.1,
    description: 'Checks permissions of Microsoft Store apps.',
    paths: [[SYS32, 100]],
    parents: [['svchost.exe', 100]],
  }),
  proc('cmd.exe', {
    rank: 8,
    host_prev: 98.7,
    eps: 97.9,
    description: 'Windows command interpreter.',
    intel: 'Used by legitimate scripts and by attackers alike; the parent tells them apart.',
    paths: [
      [SYS32, 97.3],
      [WOW64, 2.6],
      ['C:\\Users\\...', 0.1],
    ],
    parents: [
      ['explorer.exe', 22.1],
      ['svchost.exe', 18.4],
      ['services.exe', 6.0],
      ['cmd.exe', 5.7],
    ],
    children: [
      ['conhost.exe', 60.2],
      ['reg.exe', 4.1],
      ['powershell.exe', 3.3],
    ],
    truncated: { paths: 2, parents: 480, grandparents: 0, children: 3100, network: 0, hashes: 120 },
  }),
  proc('powershell.exe', {
    rank: 12,
    host_prev: 97.7,
    eps: 97.1,
    description: 'Windows PowerShell.',
    paths: [
      ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0', 96.1],
      ['C:\\Windows\\SysWOW64\\WindowsPowerShell\\v1.0', 3.9],
    ],
    parents: [
      ['svchost.exe', 21.0],
      ['explorer.exe', 14.2],
      ['cmd.exe', 12.0],
      ['WmiPrvSE.exe', 4.4],
    ],
    children: [
      ['conhost.exe', 71.0],
      ['csc.exe', 6.0],
    ],
    network: [
      ['443', 70.1],
      ['80', 20.2],
    ],
  }),
  proc('pwsh.exe', {
    rank: 900,
    host_prev: 12.1,
    eps: 71.0,
    description: 'PowerShell 7 and later.',
    paths: [
      ['C:\\Program Files\\PowerShell\\7', 98.0],
      ['C:\\Users\\...', 2.0],
    ],
    parents: [
      ['explorer.exe', 44.0],
      ['Code.exe', 20.0],
      ['WindowsTerminal.exe', 18.0],
    ],
  }),
  proc('rundll32.exe', {
    rank: 15,
    host_prev: 98.5,
    eps: 96.9,
    description: 'Loads a DLL and runs one of its exported functions.',
    intel: 'A common way to run code from a DLL; check the DLL and the parent.',
    paths: [
      [SYS32, 93.0],
      [WOW64, 7.0],
    ],
    parents: [
      ['explorer.exe', 62.0],
      ['svchost.exe', 20.0],
      ['sihost.exe', 6.2],
      ['WINWORD.EXE', 0.01],
    ],
    children: [['rundll32.exe', 3.0]],
  }),
  proc('regsvr32.exe', {
    rank: 300,
    host_prev: 80.0,
    eps: 88.0,
    description: 'Registers and unregisters OLE controls (DLLs).',
    paths: [
      [SYS32, 88.0],
      [WOW64, 12.0],
    ],
    parents: [
      ['msiexec.exe', 48.0],
      ['svchost.exe', 15.0],
      ['explorer.exe', 5.0],
    ],
  }),
  proc('mshta.exe', {
    rank: 2400,
    host_prev: 9.2,
    eps: 52.3,
    description: 'Runs Microsoft HTML Applications (.hta).',
    paths: [
      [SYS32, 84.0],
      [WOW64, 16.0],
    ],
    parents: [
      ['explorer.exe', 51.0],
      ['svchost.exe', 22.0],
    ],
  }),
  proc('wscript.exe', {
    rank: 700,
    host_prev: 41.0,
    eps: 77.0,
    description: 'Windows Script Host (windowed).',
    paths: [
      [SYS32, 95.0],
      [WOW64, 5.0],
    ],
    parents: [
      ['explorer.exe', 58.0],
      ['svchost.exe', 30.0],
    ],
  }),
  proc('cscript.exe', {
    rank: 650,
    host_prev: 43.0,
    eps: 78.0,
    description: 'Windows Script Host (console).',
    paths: [
      [SYS32, 96.0],
      [WOW64, 4.0],
    ],
    parents: [
      ['cmd.exe', 61.0],
      ['svchost.exe', 20.0],
    ],
  }),
  proc('certutil.exe', {
    rank: 1900,
    host_prev: 22.0,
    eps: 60.0,
    description: 'Manages certificates and certificate services.',
    paths: [
      [SYS32, 99.0],
      [WOW64, 1.0],
    ],
    parents: [
      ['svchost.exe', 55.0],
      ['cmd.exe', 25.0],
    ],
  }),
  proc('bitsadmin.exe', {
    rank: 5100,
    host_prev: 3.1,
    eps: 38.0,
    description: 'Command-line tool for Background Intelligent Transfer Service jobs.',
    paths: [[SYS32, 100]],
    parents: [
      ['cmd.exe', 70.0],
      ['svchost.exe', 20.0],
    ],
  }),
  proc('schtasks.exe', {
    rank: 420,
    host_prev: 60.0,
    eps: 84.0,
    description: 'Creates and manages scheduled tasks.',
    paths: [
      [SYS32, 99.0],
      [WOW64, 1.0],
    ],
    parents: [
      ['cmd.exe', 40.0],
      ['svchost.exe', 31.0],
      ['msiexec.exe', 10.0],
    ],
  }),
  proc('WMIC.exe', {
    rank: 800,
    host_prev: 38.0,
    eps: 75.0,
    description: 'WMI command-line tool (deprecated).',
    paths: [
      ['C:\\Windows\\System32\\wbem', 97.0],
      ['C:\\Windows\\SysWOW64\\wbem', 3.0],
    ],
    parents: [
      ['cmd.exe', 66.0],
      ['powershell.exe', 20.0],
    ],
  }),
  proc('MSBuild.exe', {
    rank: 1100,
    host_prev: 15.0,
    eps: 68.0,
    description: 'Microsoft Build Engine.',
    paths: [
      ['C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319', 60.0],
      ['C:\\Program Files\\Microsoft Visual Studio\\...', 38.0],
    ],
    parents: [
      ['devenv.exe', 50.0],
      ['dotnet.exe', 30.0],
    ],
  }),
  proc('InstallUtil.exe', {
    rank: 3300,
    host_prev: 5.0,
    eps: 45.0,
    description: '.NET installer tool for server resources.',
    paths: [
      ['C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319', 70.0],
      ['C:\\Windows\\Microsoft.NET\\Framework\\v4.0.30319', 30.0],
    ],
    parents: [
      ['msiexec.exe', 60.0],
      ['cmd.exe', 30.0],
    ],
  }),
  proc('msiexec.exe', {
    rank: 90,
    host_prev: 92.0,
    eps: 92.0,
    description: 'Windows Installer.',
    paths: [
      [SYS32, 95.0],
      [WOW64, 5.0],
    ],
    parents: [
      ['services.exe', 70.0],
      ['explorer.exe', 12.0],
      ['msiexec.exe', 10.0],
    ],
  }),
  proc('conhost.exe', {
    rank: 5,
    host_prev: 99.0,
    eps: 98.5,
    description: 'Console window host.',
    paths: [[SYS32, 100]],
    parents: [
      ['cmd.exe', 40.0],
      ['powershell.exe', 20.0],
      ['csrss.exe', 5.0],
    ],
    truncated: { paths: 0, parents: 2200, grandparents: 0, children: 0, network: 0, hashes: 60 },
  }),
  proc('dllhost.exe', {
    rank: 20,
    host_prev: 97.5,
    eps: 96.3,
    description: 'COM surrogate: hosts COM objects out of process.',
    paths: [
      [SYS32, 97.0],
      [WOW64, 3.0],
    ],
    parents: [['svchost.exe', 99.0]],
  }),
  proc('spoolsv.exe', {
    rank: 350,
    host_prev: 95.0,
    eps: 87.0,
    description: 'Print spooler service.',
    paths: [[SYS32, 100]],
    parents: [['services.exe', 100]],
  }),
  proc('WINWORD.EXE', {
    rank: 180,
    host_prev: 55.0,
    eps: 89.0,
    description: 'Microsoft Word.',
    paths: [
      ['C:\\Program Files\\Microsoft Office\\root\\Office16', 91.0],
      ['C:\\Program Files (x86)\\Microsoft Office\\root\\Office16', 9.0],
    ],
    parents: [
      ['explorer.exe', 70.0],
      ['OUTLOOK.EXE', 20.0],
    ],
    children: [['splwow64.exe', 30.0]],
  }),
  proc('EXCEL.EXE', {
    rank: 170,
    host_prev: 56.0,
    eps: 89.5,
    description: 'Microsoft Excel.',
    paths: [
      ['C:\\Program Files\\Microsoft Office\\root\\Office16', 92.0],
      ['C:\\Program Files (x86)\\Microsoft Office\\root\\Office16', 8.0],
    ],
    parents: [
      ['explorer.exe', 75.0],
      ['OUTLOOK.EXE', 18.0],
    ],
  }),
  proc('OUTLOOK.EXE', {
    rank: 120,
    host_prev: 58.0,
    eps: 90.5,
    description: 'Microsoft Outlook.',
    paths: [['C:\\Program Files\\Microsoft Office\\root\\Office16', 93.0]],
    parents: [['explorer.exe', 90.0]],
  }),
  proc('chrome.exe', {
    rank: 2,
    host_prev: 80.0,
    eps: 99.0,
    description: 'Google Chrome web browser.',
    paths: [
      ['C:\\Program Files\\Google\\Chrome\\Application', 88.0],
      ['C:\\Users\\...', 7.0],
      ['C:\\Program Files (x86)\\Google\\Chrome\\Application', 5.0],
    ],
    parents: [
      ['chrome.exe', 92.0],
      ['explorer.exe', 7.0],
    ],
    network: [['443', 90.0]],
  }),
  proc('msedge.exe', {
    rank: 3,
    host_prev: 88.0,
    eps: 98.9,
    description: 'Microsoft Edge web browser.',
    paths: [['C:\\Program Files (x86)\\Microsoft\\Edge\\Application', 97.0]],
    parents: [
      ['msedge.exe', 90.0],
      ['explorer.exe', 8.0],
    ],
  }),
  proc('OneDrive.exe', {
    rank: 60,
    host_prev: 70.0,
    eps: 93.3,
    description: 'Microsoft OneDrive sync client.',
    paths: [
      ['C:\\Users\\...', 70.0],
      ['C:\\Program Files\\Microsoft OneDrive', 30.0],
    ],
    parents: [
      ['explorer.exe', 80.0],
      ['svchost.exe', 10.0],
    ],
  }),
  proc('MsMpEng.exe', {
    rank: 100,
    host_prev: 93.0,
    eps: 91.5,
    description: 'Microsoft Defender Antivirus service.',
    paths: [
      ['C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\...', 95.0],
      ['C:\\Program Files\\Windows Defender', 5.0],
    ],
    parents: [['services.exe', 100]],
  }),
  proc('WmiPrvSE.exe', {
    rank: 18,
    host_prev: 98.0,
    eps: 96.6,
    description: 'WMI provider host.',
    paths: [
      ['C:\\Windows\\System32\\wbem', 99.0],
      ['C:\\Windows\\SysWOW64\\wbem', 1.0],
    ],
    parents: [['svchost.exe', 100]],
  }),
  proc('notepad.exe', {
    rank: 200,
    host_prev: 85.0,
    eps: 88.9,
    description: 'Notepad text editor.',
    paths: [
      [SYS32, 60.0],
      ['C:\\Windows', 25.0],
      ['C:\\Program Files\\WindowsApps\\...', 15.0],
    ],
    parents: [['explorer.exe', 85.0]],
  }),
  proc('taskmgr.exe', {
    rank: 380,
    host_prev: 70.0,
    eps: 86.5,
    description: 'Task Manager.',
    paths: [[SYS32, 100]],
    parents: [
      ['explorer.exe', 60.0],
      ['svchost.exe', 30.0],
    ],
  }),
  proc('SearchIndexer.exe', {
    rank: 210,
    host_prev: 90.0,
    eps: 88.5,
    description: 'Windows Search indexer.',
    paths: [[SYS32, 100]],
    parents: [['services.exe', 100]],
  }),
]);

/** Hash queries answer with `filenames`. Includes one hash seen under two names. */
function hashEntry(hash, filenames, extra = {}) {
  return [
    hash,
    {
      rank: extra.rank ?? 500,
      host_prev: (extra.host_prev ?? 20).toFixed(1),
      eps: pct(extra.eps ?? 70),
      filenames: pairs(filenames),
      paths: pairs(extra.paths ?? []),
      parents: pairs(extra.parents ?? []),
      truncated: { filenames: 0 },
    },
  ];
}

export const HASHES = Object.fromEntries([
  hashEntry(syntheticHash('svchost.exe'), [['svchost.exe', 100]], {
    rank: 24,
    host_prev: 94,
    eps: 96,
  }),
  hashEntry(syntheticHash('lsass.exe'), [['lsass.exe', 100]], { rank: 61, host_prev: 99, eps: 93 }),
  hashEntry(syntheticHash('cmd.exe'), [['cmd.exe', 100]], { rank: 8, host_prev: 98, eps: 97 }),
  hashEntry(syntheticHash('powershell.exe'), [['powershell.exe', 100]], {
    rank: 12,
    host_prev: 97,
    eps: 97,
  }),
  hashEntry(
    syntheticHash('rundll32.exe'),
    [
      ['rundll32.exe', 99.2],
      ['RUNDLL32.EXE', 0.8],
    ],
    { rank: 15, host_prev: 98, eps: 96 },
  ),
  hashEntry(syntheticHash('explorer.exe'), [['explorer.exe', 100]], {
    rank: 30,
    host_prev: 96,
    eps: 95,
  }),
  hashEntry(syntheticHash('certutil.exe'), [['certutil.exe', 100]], {
    rank: 1900,
    host_prev: 22,
    eps: 60,
  }),
  hashEntry(syntheticHash('chrome.exe'), [['chrome.exe', 100]], {
    rank: 2,
    host_prev: 80,
    eps: 99,
  }),
  // The same file seen under two names: a copied system binary.
  hashEntry(
    syntheticHash('renamed-cmd'),
    [
      ['cmd.exe', 88.0],
      ['update.exe', 12.0],
    ],
    { rank: 4000, host_prev: 2, eps: 30 },
  ),
  hashEntry(
    syntheticHash('psexesvc.exe'),
    [
      ['PSEXESVC.exe', 97.0],
      ['svc.exe', 3.0],
    ],
    { rank: 6000, host_prev: 1.5, eps: 25 },
  ),
  // MD5 queries work too.
  hashEntry(syntheticHash('svchost.exe', 'md5'), [['svchost.exe', 100]], {
    rank: 24,
    host_prev: 94,
    eps: 96,
  }),
  hashEntry(syntheticHash('mshta.exe', 'md5'), [['mshta.exe', 100]], {
    rank: 2400,
    host_prev: 9,
    eps: 52,
  }),
]);

export const NEVER_OBSERVED = (query) => ({
  message: `EchoTrail has never observed ${query} execute in the wild`,
});
