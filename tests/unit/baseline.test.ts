import { describe, expect, it } from 'vitest';
import { BASELINE_SIZE, baselineInsight, parseShares } from '@/lib/baseline/baseline';
import { WINDOWS_BINARIES } from '@/lib/baseline/windows-binaries';
import { scoreConformity } from '@/lib/score/score-conformity';

describe('built-in baseline', () => {
  it('knows at least 150 Windows binaries, each once', () => {
    expect(BASELINE_SIZE).toBeGreaterThanOrEqual(150);
    expect(new Set(WINDOWS_BINARIES.map((b) => b[0].toLowerCase())).size).toBe(
      WINDOWS_BINARIES.length,
    );
  });

  it.each(WINDOWS_BINARIES.map((b) => [b[0]]))('%s is well-formed', (name) => {
    const insight = baselineInsight(name)!;
    expect(insight.description?.length).toBeGreaterThan(5);
    if (name !== 'system') {
      expect(name).toMatch(/^[a-z0-9_.-]+\.exe$/);
      expect(insight.paths.length).toBeGreaterThan(0);
      expect(insight.parents.length).toBeGreaterThan(0);
    }
    for (const share of [...insight.paths, ...insight.parents, ...insight.children]) {
      expect(share.pct).toBeGreaterThan(0);
      expect(share.pct).toBeLessThanOrEqual(100);
      expect(share.value).not.toMatch(/\\\\|\s$/);
    }
    const total = (list: { pct: number }[]) => list.reduce((n, s) => n + s.pct, 0);
    expect(total(insight.paths)).toBeLessThanOrEqual(100.01);
    expect(total(insight.parents)).toBeLessThanOrEqual(100.01);
  });

  it.each([
    // The published "know normal" facts about core processes.
    ['svchost.exe', 'C:\\Windows\\System32', 'services.exe'],
    ['lsass.exe', 'C:\\Windows\\System32', 'wininit.exe'],
    ['services.exe', 'C:\\Windows\\System32', 'wininit.exe'],
    ['wininit.exe', 'C:\\Windows\\System32', 'smss.exe'],
    ['winlogon.exe', 'C:\\Windows\\System32', 'smss.exe'],
    ['csrss.exe', 'C:\\Windows\\System32', 'smss.exe'],
    ['userinit.exe', 'C:\\Windows\\System32', 'winlogon.exe'],
    ['explorer.exe', 'C:\\Windows', 'userinit.exe'],
    ['taskhostw.exe', 'C:\\Windows\\System32', 'svchost.exe'],
    ['runtimebroker.exe', 'C:\\Windows\\System32', 'svchost.exe'],
    ['lsaiso.exe', 'C:\\Windows\\System32', 'wininit.exe'],
  ])('%s lives in %s under %s', (name, folder, parent) => {
    const insight = baselineInsight(name)!;
    expect(insight.paths[0]!.value).toBe(folder);
    expect(insight.parents[0]!.value).toBe(parent);
  });

  it.each([
    'C:\\Program Files\\Microsoft Office\\Office16\\OUTLOOK.EXE',
    'C:\\Program Files (x86)\\Microsoft Office\\root\\Office16\\EXCEL.EXE',
    'C:\\Program Files\\Microsoft Office\\Office15\\WINWORD.EXE',
    'C:\\Windows\\SysWOW64\\notepad.exe',
    'C:\\Windows\\UUS\\amd64\\MoUsoCoreWorker.exe',
    'C:\\Windows\\SysWOW64\\WindowsPowerShell\\v1.0\\powershell.exe',
    'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.23110.3-0\\MsMpEng.exe',
    'C:\\Windows\\SysWOW64\\wbem\\WmiPrvSE.exe',
    'C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.19041.3745_none_7e3c5b1e8c6f1e2a\\TiWorker.exe',
  ])('finds nothing unusual in the real folder %s', (path) => {
    const name = path.split('\\').pop()!.toLowerCase();
    const result = scoreConformity({
      observation: { name, path },
      lookup: { status: 'found', insight: baselineInsight(name) },
    });
    expect(result.flags).toEqual([]);
  });

  const parentFlags = (pair: string) => {
    const [name, parent] = pair.split(' < ') as [string, string];
    return scoreConformity({
      observation: { name, parent },
      lookup: { status: 'found', insight: baselineInsight(name) },
    }).flags;
  };

  it.each([
    'cmd.exe < powershell.exe',
    'powershell.exe < windowsterminal.exe',
    'powershell.exe < code.exe',
    'conhost.exe < msmpeng.exe',
    'conhost.exe < python.exe',
    'werfault.exe < chrome.exe',
    'msedge.exe < outlook.exe',
    'chrome.exe < winword.exe',
    'splwow64.exe < acrord32.exe',
    'rundll32.exe < control.exe',
  ])('finds nothing unusual in the everyday parent of %s', (pair) => {
    expect(parentFlags(pair)).toEqual([]);
  });

  it.each([
    'rundll32.exe < winword.exe',
    'powershell.exe < excel.exe',
    'cmd.exe < w3wp.exe',
    'mshta.exe < outlook.exe',
    'regsvr32.exe < excel.exe',
    'svchost.exe < explorer.exe',
    'lsass.exe < explorer.exe',
  ])('still flags the parent of %s', (pair) => {
    expect(parentFlags(pair)).toContain('unusual-parent');
  });

  it('answers any case and knows nothing of hashes or unknown names', () => {
    expect(baselineInsight('SVCHOST.EXE')?.query).toBe('svchost.exe');
    expect(baselineInsight('scvhost.exe')).toBeNull();
    expect(baselineInsight('5896c1464ab396d9f7c95d8dac91ebd2')).toBeNull();
  });

  it('parses share lists', () => {
    expect(parseShares('services.exe 99.5; msmpeng.exe 0.5')).toEqual([
      { value: 'services.exe', pct: 99.5 },
      { value: 'msmpeng.exe', pct: 0.5 },
    ]);
    expect(parseShares('C:\\Program Files\\A b 90; sys 10')).toEqual([
      { value: 'C:\\Program Files\\A b', pct: 90 },
      { value: 'C:\\Windows\\System32', pct: 10 },
    ]);
  });
});
