import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baselineInsight, knownNames, wellKnownNames } from '@/lib/baseline/baseline';
import { emptyInsight, type Insight } from '@/lib/insight';
import { findLookalike, skeleton } from '@/lib/score/lookalike';
import { scoreConformity, shareConformity, shareOf, shortPct } from '@/lib/score/score-conformity';

const found = (insight: Insight | null) => ({ status: 'found' as const, insight });
const baseline = (name: string) => found(baselineInsight(name));

describe('know normal: a normal execution scores high, abnormal variants far lower', () => {
  // name, usual folder, usual parent, a lookalike spelling
  const CORE: Array<[string, string, string, string]> = [
    ['svchost.exe', 'C:\\Windows\\System32\\svchost.exe', 'services.exe', 'scvhost.exe'],
    ['lsass.exe', 'C:\\Windows\\System32\\lsass.exe', 'wininit.exe', 'lsasss.exe'],
    ['services.exe', 'C:\\Windows\\System32\\services.exe', 'wininit.exe', 'servlces.exe'],
    ['wininit.exe', 'C:\\Windows\\System32\\wininit.exe', 'smss.exe', 'winlnit.exe'],
    ['winlogon.exe', 'C:\\Windows\\System32\\winlogon.exe', 'smss.exe', 'winlogin.exe'],
    ['csrss.exe', 'C:\\Windows\\System32\\csrss.exe', 'smss.exe', 'cssrs.exe'],
    ['smss.exe', 'C:\\Windows\\System32\\smss.exe', 'system', 'smsss.exe'],
    ['userinit.exe', 'C:\\Windows\\System32\\userinit.exe', 'winlogon.exe', 'userlnit.exe'],
    ['explorer.exe', 'C:\\Windows\\explorer.exe', 'userinit.exe', 'explorar.exe'],
    ['taskhostw.exe', 'C:\\Windows\\System32\\taskhostw.exe', 'svchost.exe', 'taskhostvv.exe'],
    [
      'runtimebroker.exe',
      'C:\\Windows\\System32\\RuntimeBroker.exe',
      'svchost.exe',
      'runtimebrokers.exe',
    ],
    ['lsaiso.exe', 'C:\\Windows\\System32\\LsaIso.exe', 'wininit.exe', 'lsaisos.exe'],
  ];

  it.each(CORE)('%s', (name, path, parent, lookalike) => {
    const normal = scoreConformity({ observation: { name, path, parent }, lookup: baseline(name) });
    expect(normal.score).toBeGreaterThanOrEqual(80);
    expect(normal.band).toBe('typical');
    expect(normal.flags).toEqual([]);

    const wrongParent = scoreConformity({
      observation: { name, path, parent: 'winword.exe' },
      lookup: baseline(name),
    });
    const wrongFolder = scoreConformity({
      observation: { name, path: `C:\\Users\\Public\\${name}`, parent },
      lookup: baseline(name),
    });
    const lookalikeName = scoreConformity({
      observation: { name: lookalike, path: path.replace(/[^\\]+$/, lookalike), parent },
      lookup: { status: 'unknown', insight: null },
    });
    for (const abnormal of [wrongParent, wrongFolder, lookalikeName]) {
      expect(abnormal.score).not.toBeNull();
      expect(normal.score! - abnormal.score!).toBeGreaterThanOrEqual(40);
    }
    expect(wrongParent.flags).toContain('unusual-parent');
    expect(wrongFolder.flags).toContain('unusual-path');
    expect(lookalikeName.flags).toContain('lookalike-name');
  });
});

describe('properties', () => {
  const arbInsight = fc.record({
    parentShare: fc.double({ min: 0, max: 100, noNaN: true }),
    pathShare: fc.double({ min: 0, max: 100, noNaN: true }),
    eps: fc.double({ min: 0, max: 100, noNaN: true }),
    truncated: fc.boolean(),
  });
  const build = ({
    parentShare,
    pathShare,
    eps,
    truncated,
  }: {
    parentShare: number;
    pathShare: number;
    eps: number;
    truncated: boolean;
  }) => {
    const insight = emptyInsight('tool.exe');
    insight.eps = eps;
    insight.parents = [
      { value: 'parent.exe', pct: parentShare },
      { value: 'other.exe', pct: 100 - parentShare },
    ];
    insight.paths = [
      { value: 'C:\\Tools', pct: pathShare },
      { value: 'C:\\Other', pct: 100 - pathShare },
    ];
    if (truncated) insight.truncated = { parents: 5, paths: 5 };
    return scoreConformity({
      observation: { name: 'tool.exe', path: 'C:\\Tools\\tool.exe', parent: 'parent.exe' },
      lookup: found(insight),
    });
  };

  it('is bounded and deterministic', () => {
    fc.assert(
      fc.property(arbInsight, (input) => {
        const a = build(input);
        expect(a.score).toBeGreaterThanOrEqual(0);
        expect(a.score).toBeLessThanOrEqual(100);
        expect(build(input)).toEqual(a);
      }),
    );
  });

  it('never lowers the score for a more common parent or folder', () => {
    fc.assert(
      fc.property(
        arbInsight,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (input, moreParent, morePath) => {
          const base = build(input).score!;
          expect(
            build({ ...input, parentShare: Math.max(input.parentShare, moreParent) }).score!,
          ).toBeGreaterThanOrEqual(base);
          expect(
            build({ ...input, pathShare: Math.max(input.pathShare, morePath) }).score!,
          ).toBeGreaterThanOrEqual(base);
        },
      ),
    );
  });
});

describe('factors and sentences', () => {
  it('explains a parent in plain words, like EchoTrail shows it', () => {
    const insight = emptyInsight('rundll32.exe');
    insight.eps = 96;
    insight.parents = [
      { value: 'explorer.exe', pct: 62 },
      { value: 'svchost.exe', pct: 20 },
      { value: 'WINWORD.EXE', pct: 0.01 },
    ];
    const result = scoreConformity({
      observation: { name: 'rundll32.exe', parent: 'winword.exe' },
      lookup: found(insight),
    });
    expect(result.factors.find((f) => f.kind === 'parent')?.sentence).toBe(
      'parent winword.exe: seen in 0.01 % of rundll32.exe executions (usual: explorer.exe 62 %, svchost.exe 20 %).',
    );
    expect(result.flags).toEqual(['unusual-parent']);
  });

  it('counts the kernel as a parent only where the list names it', () => {
    const insight = emptyInsight('smss.exe');
    insight.eps = 99;
    insight.parents = [{ value: 'smss.exe', pct: 100 }];
    const unnamed = scoreConformity({
      observation: { name: 'smss.exe', parent: 'system' },
      lookup: found(insight),
    });
    expect(unnamed.flags).not.toContain('unusual-parent');
    expect(unnamed.factors.find((f) => f.kind === 'parent')).toMatchObject({ value: null });
    // Named as "System" or as ntoskrnl.exe, it counts like any parent.
    insight.parents = [
      { value: 'ntoskrnl.exe', pct: 60 },
      { value: 'smss.exe', pct: 40 },
    ];
    const named = scoreConformity({
      observation: { name: 'smss.exe', parent: 'system' },
      lookup: found(insight),
    });
    expect(named.factors.find((f) => f.kind === 'parent')?.value).toBe(1);
    // Any other parent of smss.exe still counts against it.
    const other = scoreConformity({
      observation: { name: 'smss.exe', parent: 'cmd.exe' },
      lookup: found(insight),
    });
    expect(other.flags).toContain('unusual-parent');
  });

  it('sums case variants and matches folder buckets', () => {
    expect(
      shareOf(
        [
          { value: 'WmiPrvSE.exe', pct: 12.44 },
          { value: 'wmiprvse.exe', pct: 7.96 },
        ],
        'WMIPRVSE.EXE',
        'name',
      ),
    ).toBeCloseTo(20.4);
    expect(
      shareOf(
        [
          { value: 'C:\\Windows\\System32', pct: 99.92 },
          { value: 'C:\\WINDOWS\\System32', pct: 0.07 },
        ],
        'c:\\windows\\system32',
        'folder',
      ),
    ).toBeCloseTo(99.99);
    expect(
      shareOf([{ value: 'C:\\Users\\...', pct: 7 }], 'c:\\users\\jdoe\\appdata\\local', 'folder'),
    ).toBe(7);
    expect(shareOf([{ value: 'C:\\Users\\...', pct: 7 }], 'c:\\programdata', 'folder')).toBe(0);
  });

  it('matches a folder written with 8.3 short names to its long name', () => {
    const chrome = [{ value: 'C:\\Program Files\\Google\\Chrome\\Application', pct: 90 }];
    expect(shareOf(chrome, 'C:\\PROGRA~1\\Google\\Chrome\\APPLIC~1', 'folder')).toBe(90);
    expect(shareOf(chrome, 'c:\\progra~2\\google\\chrome\\application', 'folder')).toBe(90);
    // Only where the long name would have one, and only in its own place.
    expect(shareOf(chrome, 'c:\\progra~1\\google~1\\chrome\\application', 'folder')).toBe(0);
    expect(shareOf(chrome, 'c:\\users\\public\\progra~1\\google\\chrome', 'folder')).toBe(0);
    expect(
      shareOf(
        [{ value: 'C:\\Users\\...\\AppData\\Local\\Microsoft\\Teams', pct: 40 }],
        'c:\\users\\admini~1\\appdata\\local\\micros~1\\teams',
        'folder',
      ),
    ).toBe(40);
  });

  it('reads lists that write the full path where EchoTrail documents the folder or the name', () => {
    const insight = emptyInsight('svchost.exe');
    insight.eps = 96;
    insight.paths = [{ value: 'C:\\Windows\\System32\\svchost.exe', pct: 99.9 }];
    insight.parents = [{ value: 'C:\\Windows\\System32\\services.exe', pct: 99.6 }];
    const { score, flags, factors } = scoreConformity({
      observation: {
        name: 'svchost.exe',
        path: 'C:\\Windows\\System32\\svchost.exe',
        parent: 'services.exe',
      },
      lookup: found(insight),
    });
    expect(flags).toEqual([]);
    expect(score).toBeGreaterThanOrEqual(80);
    expect(factors.find((f) => f.kind === 'path')?.sentence).toMatch(/seen in 99\.90 %/);
    // Another binary's full path is not this one's folder.
    expect(
      shareOf(
        [{ value: 'C:\\Windows\\System32\\cmd.exe', pct: 50 }],
        'c:\\windows\\system32',
        'folder',
        'svchost.exe',
      ),
    ).toBe(0);
  });

  it('treats a value missing from a truncated list as "not in the top N", not 0 %', () => {
    const insight = emptyInsight('cmd.exe');
    insight.eps = 97;
    insight.parents = [
      { value: 'explorer.exe', pct: 22 },
      { value: 'svchost.exe', pct: 18 },
      { value: 'cmd.exe', pct: 5.7 },
    ];
    const cut = scoreConformity({
      observation: { name: 'cmd.exe', parent: 'backup.exe' },
      lookup: found({ ...insight, truncated: { parents: 480 } }),
    });
    const whole = scoreConformity({
      observation: { name: 'cmd.exe', parent: 'backup.exe' },
      lookup: found(insight),
    });
    expect(cut.factors[0]!.sentence).toMatch(
      /not among the 3 most common parents of cmd.exe \(the list is cut; its rarest entry is 5.70 %\)/,
    );
    expect(whole.factors[0]!.sentence).toMatch(/never seen for cmd.exe/);
    expect(cut.score!).toBeGreaterThan(whole.score!);
  });

  it('flags a hash EchoTrail knows under another name (masquerade)', () => {
    const hash = 'a'.repeat(64);
    const hashInsight = {
      ...emptyInsight(hash),
      filenames: [
        { value: 'cmd.exe', pct: 88 },
        { value: 'update.exe', pct: 12 },
      ],
    };
    const masquerade = scoreConformity({
      observation: { name: 'svchost.exe', sha256: hash },
      lookup: baseline('svchost.exe'),
      hashLookups: [{ query: hash, status: 'found', insight: hashInsight }],
    });
    expect(masquerade.flags).toContain('hash-name-mismatch');
    expect(masquerade.factors.find((f) => f.kind === 'hash')?.sentence).toMatch(
      /EchoTrail knows this file as cmd.exe 88 %, update.exe 12 %, not as svchost.exe/,
    );
    const sameName = scoreConformity({
      observation: { name: 'update.exe', sha256: hash },
      lookup: null,
      hashLookups: [{ query: hash, status: 'found', insight: hashInsight }],
    });
    expect(sameName.flags).not.toContain('hash-name-mismatch');
  });

  it('says nothing (null) of a bare name with no context, and keeps "never observed" apart', () => {
    expect(
      scoreConformity({ observation: { name: 'svchost.exe' }, lookup: baseline('svchost.exe') }),
    ).toMatchObject({ score: null, band: 'unknown' });
    expect(
      scoreConformity({
        observation: { name: 'mytool.exe', parent: 'cmd.exe' },
        lookup: { status: 'never-observed', insight: null },
      }),
    ).toMatchObject({ score: null, band: 'never-observed' });
    expect(
      scoreConformity({
        observation: { name: 'svch0st.exe' },
        lookup: { status: 'never-observed', insight: null },
      }),
    ).toMatchObject({ band: 'never-observed', flags: ['lookalike-name'] });
  });
});

describe('renamed binaries (the name a file gives itself)', () => {
  const flagsOf = (name: string, originalName: string, path: string | null = null) =>
    scoreConformity({ observation: { name, path, originalName }, lookup: baseline(name) }).flags;

  it.each([
    ['a Windows binary renamed', 'update.exe', 'CertUtil.exe'],
    ["a Windows binary's name worn by another file", 'svchost.exe', 'mimikatz.exe'],
    ['one Windows binary as another', 'notepad.exe', 'rundll32.exe'],
  ])('flags %s', (_label, name, original) => {
    expect(flagsOf(name, original)).toContain('renamed-binary');
  });

  it.each([
    ['the same name in other case', 'cmd.exe', 'Cmd.Exe'],
    ['a .NET app host and its dll', 'pwsh.exe', 'pwsh.dll'],
    ['an Electron app', 'code.exe', 'electron.exe'],
    ['an installer that calls itself otherwise', 'setup_x64.exe', 'ContosoSetup.exe'],
    ["Windows' own other name for systeminfo", 'systeminfo.exe', 'sysinfo.exe'],
  ])('does not flag %s', (_label, name, original) => {
    expect(flagsOf(name, original)).not.toContain('renamed-binary');
  });

  it('says so in words and lowers the score', () => {
    const renamed = scoreConformity({
      observation: {
        name: 'update.exe',
        path: 'C:\\Users\\Public\\update.exe',
        parent: 'cmd.exe',
        originalName: 'CertUtil.exe',
      },
      lookup: null,
    });
    expect(renamed.factors.map((f) => f.sentence)).toContain(
      'name update.exe: the file calls itself certutil.exe (its original file name), a Windows binary, so this is certutil.exe renamed.',
    );
    expect(renamed.score).toBeLessThan(40);
    const observation = {
      name: 'svchost.exe',
      path: 'C:\\Windows\\System32\\svchost.exe',
      parent: 'services.exe',
    };
    const svchost = scoreConformity({ observation, lookup: baseline('svchost.exe') });
    const worn = scoreConformity({
      observation: { ...observation, originalName: 'mimikatz.exe' },
      lookup: baseline('svchost.exe'),
    });
    expect(worn.score!).toBeLessThan(svchost.score! - 30);
  });
});

describe('lookalikes', () => {
  const known = new Set(['svchost.exe', 'lsass.exe', 'explorer.exe', 'cmd.exe', 'sc.exe']);
  it.each([
    ['scvhost.exe', 'svchost.exe', 1],
    ['svch0st.exe', 'svchost.exe', 'homoglyph'],
    ['ѕvchost.exe', 'svchost.exe', 'homoglyph'],
    ['lsasss.exe', 'lsass.exe', 1],
    ['isass.exe', 'lsass.exe', 'homoglyph'],
    ['exp1orer.exe', 'explorer.exe', 'homoglyph'],
    ['svchosts.exe', 'svchost.exe', 1],
    ['svchost.com', 'svchost.exe', 'extension'],
    ['explorer.scr', 'explorer.exe', 'extension'],
    ['lsass32.exe', 'lsass.exe', 'bitness'],
    ['cmd64.exe', 'cmd.exe', 'bitness'],
    ['svchost_x64.exe', 'svchost.exe', 'bitness'],
  ])('%s imitates %s', (name, imitates, how) => {
    expect(findLookalike(name, known)).toEqual({ imitates, how });
  });

  it.each([
    ['svchost.exe'],
    ['cmd2.exe'],
    ['sd.exe'],
    ['notepad.exe'],
    ['chrome.exe'],
    ['sc.com'],
    ['notepad64.exe'],
  ])('%s is no lookalike', (name) => {
    expect(findLookalike(name, known)).toBeNull();
  });

  it.each([
    'synchost.exe',
    'wslhost.exe',
    'mighost.exe',
    'secinit.exe',
    'ssms.exe',
    'notepad++.exe',
    'taskhost.exe',
    'fsiso.exe',
    'neth.exe',
    'psexec.exe',
    'hxoutlook.exe',
  ])('the real %s, close to a well-known name, is not scored as a lookalike', (name) => {
    const result = scoreConformity({
      observation: { name },
      lookup: { status: 'never-observed', insight: null },
    });
    expect(result.flags).not.toContain('lookalike-name');
  });

  it('flags none of hundreds of real System32 binaries and common tools', () => {
    const names = readFileSync(
      path.resolve(__dirname, '../../fixtures/real-binary-names.txt'),
      'utf8',
    )
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    expect(names.length).toBeGreaterThan(400);
    const real = new Set(knownNames());
    const wellKnown = new Set(wellKnownNames());
    const flagged = names.filter((name) => findLookalike(name, real, wellKnown) !== null);
    expect(flagged).toEqual([]);
  });

  it('flags a name holding invisible or right-to-left control characters, and writes them out', () => {
    const result = scoreConformity({
      observation: {
        name: 'invoice\u202Efdp.exe',
        path: 'C:\\Users\\bob\\Downloads\\invoice\u202Efdp.exe',
      },
      lookup: { status: 'never-observed', insight: null },
    });
    expect(result.flags).toContain('hidden-characters');
    expect(result.score).toBeLessThan(30);
    const sentence = result.factors.find((f) =>
      f.sentence.includes('control characters'),
    )!.sentence;
    expect(sentence).toContain('invoice[U+202E]fdp.exe');
    expect(sentence).toContain('U+202E');
    expect(result.factors.every((f) => !f.sentence.includes('\u202e'))).toBe(true);
    // A zero-width space inside a well-known name is a lookalike as well.
    const zw = scoreConformity({
      observation: { name: 'svc\u200Bhost.exe', path: 'C:\\Windows\\System32\\svc\u200Bhost.exe' },
      lookup: { status: 'never-observed', insight: null },
    });
    expect(zw.flags).toEqual(expect.arrayContaining(['lookalike-name', 'hidden-characters']));
  });

  it.each([['C:\\Windows \\System32\\svchost.exe'], ['C:\\Windows\\Sуstem32\\svchost.exe']])(
    'says that a mock system folder (%s) only looks like the real one',
    (path) => {
      const result = scoreConformity({
        observation: { name: 'svchost.exe', path, parent: 'services.exe' },
        lookup: null,
      });
      expect(result.flags).toContain('unusual-path');
      expect(result.factors.find((f) => f.kind === 'folder')?.sentence).toMatch(
        /only looks like C:\\Windows\\System32/,
      );
    },
  );

  it('folds look-alike characters', () => {
    expect(skeleton('svcн0st.exe')).not.toBe(skeleton('svchost.exe'));
    expect(skeleton('rnsmpeng.exe')).toBe(skeleton('msmpeng.exe'));
  });

  it('agrees on the plain conformity curve', () => {
    expect(
      [shareConformity(10), shareConformity(1), shareConformity(0.1), shareConformity(0)].map((n) =>
        n.toFixed(2),
      ),
    ).toEqual(['1.00', '0.67', '0.33', '0.00']);
  });
});

describe('shortPct', () => {
  it.each([
    [99.5, '99.5'],
    [99.96, '99.9'],
    [100, '100'],
    [92.4, '92'],
    [0.3, '0.3'],
    [0.01, '0.1'],
    [0, '0'],
    [1.4, '1'],
  ])('%d %% reads %s', (p, text) => {
    expect(shortPct(p)).toBe(text);
  });

  it('never rounds a share to 100 or 0 when it is not', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (p) => {
        const text = shortPct(p);
        if (p < 100) expect(text).not.toBe('100');
        if (p > 0) expect(text).not.toBe('0');
      }),
    );
  });
});
