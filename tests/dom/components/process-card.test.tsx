import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProcessCard, type ProcessCardProps } from '@/components/ProcessCard';
import { baselineInsight } from '@/lib/baseline/baseline';
import { problemFor } from '@/lib/echotrail/problems';
import { emptyInsight, type LookupResult } from '@/lib/insight';
import { scoreConformity } from '@/lib/score/score-conformity';

const NOW = Date.UTC(2026, 10, 29, 12);
let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

function show(props: ProcessCardProps): HTMLElement {
  root = document.createElement('div');
  document.body.appendChild(root);
  act(() => render(<ProcessCard now={NOW} {...props} />, root));
  return root;
}

const svchost = (): LookupResult => {
  const insight = {
    ...emptyInsight('svchost.exe'),
    rank: 24,
    hostPrev: 94.4,
    eps: 96.07,
    description: 'Generic host for services.',
    intel: 'Many instances run at once.',
  };
  insight.paths = [
    { value: 'C:\\Windows\\System32', pct: 99.92 },
    { value: 'C:\\WINDOWS\\System32', pct: 0.07 },
    { value: 'C:\\Users\\...', pct: 0.01 },
  ];
  insight.parents = [
    { value: 'services.exe', pct: 99.65 },
    { value: 'MsMpEng.exe', pct: 0.35 },
  ];
  insight.children = Array.from({ length: 8 }, (_, i) => ({ value: `child${i}.exe`, pct: 10 - i }));
  insight.truncated = { children: 1328 };
  return {
    query: 'svchost.exe',
    status: 'found',
    source: 'echotrail',
    insight,
    fetchedAt: NOW - 3 * 3_600_000,
    stale: false,
    problem: null,
  };
};

describe('ProcessCard states', () => {
  it('loading', () => {
    expect(show({ query: 'svchost.exe', result: null }).textContent).toContain('Looking up…');
  });

  it('an EchoTrail answer with this row scored and marked against the lists', () => {
    const result = svchost();
    const observation = {
      name: 'svchost.exe',
      path: 'C:\\Users\\Public\\svchost.exe',
      parent: 'rundll32.exe',
    };
    const conformity = scoreConformity({ observation, lookup: result });
    const el = show({ query: 'svchost.exe', result, observation, conformity });
    const badge = el.querySelector('[role="img"]')!;
    expect(badge.getAttribute('aria-label')).toBe(`Conformity score ${conformity.score} of 100`);
    expect(el.textContent).toContain('Generic host for services.');
    expect(el.textContent).toContain('parent rundll32.exe: never seen for svchost.exe');
    expect(el.textContent).toContain('unusual path');
    expect(el.textContent).toContain('Rank24');
    expect(el.textContent).toContain('99.65 %');
    expect(el.querySelector('.pl-marked')?.textContent).toContain('C:\\Users\\...');
    expect(el.textContent).toContain("This row's parent: rundll32.exe, not in this list");
    expect(el.textContent).toContain('EchoTrail, cached 3 h ago');
    expect(el.querySelector('a')!.getAttribute('href')).toBe(
      'https://www.echotrail.io/insights/search/svchost.exe',
    );
    expect(el.querySelector('a')!.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it("marks this row's folder and parent as the score matched them", () => {
    const result = svchost();
    // 8.3 short names for a listed long folder; a listed parent written with its folder.
    result.insight!.paths = [{ value: 'C:\\Program Files\\Contoso Agent', pct: 80 }];
    result.insight!.parents = [{ value: 'C:\\Windows\\System32\\services.exe', pct: 99 }];
    const observation = {
      name: 'svchost.exe',
      path: 'c:\\progra~1\\contos~1\\svchost.exe',
      parent: 'services.exe',
    };
    const conformity = scoreConformity({ observation, lookup: result });
    expect(conformity.factors.find((f) => f.kind === 'path')?.sentence).toMatch(/seen in 80/);
    const el = show({ query: 'svchost.exe', result, observation, conformity });
    const marked = [...el.querySelectorAll('.pl-marked')].map((li) => li.textContent);
    expect(marked).toEqual([
      expect.stringContaining('C:\\Windows\\System32\\services.exe'),
      expect.stringContaining('C:\\Program Files\\Contoso Agent'),
    ]);
    expect(el.textContent).not.toContain('not in this list');
  });

  it('shows the spellings of one value that EchoTrail lists apart as one entry', () => {
    const result = svchost();
    result.insight!.children = [
      { value: 'WmiPrvSE.exe', pct: 12.44 },
      { value: 'conhost.exe', pct: 10 },
      { value: 'wmiprvse.exe', pct: 7.96 },
    ];
    const el = show({
      query: 'svchost.exe',
      result,
      observation: { name: 'svchost.exe', path: 'C:\\Windows\\System32\\svchost.exe' },
    });
    const list = (label: string) =>
      [
        ...[...el.querySelectorAll('section')]
          .find((s) => s.getAttribute('aria-label') === label)!
          .querySelectorAll('li'),
      ].map((li) => li.textContent);
    expect(list('Children')).toEqual([
      expect.stringMatching(/^WmiPrvSE\.exe.*20\.40 %$/),
      expect.stringMatching(/^conhost\.exe.*10\.00 %$/),
    ]);
    // "C:\Windows\System32" and "C:\WINDOWS\System32": one folder, this row's.
    expect(list('Paths')).toEqual([
      expect.stringMatching(/^C:\\Windows\\System32 ← this row.*99\.99 %$/),
      expect.stringMatching(/^C:\\Users\\\.\.\..*0\.01 %$/),
    ]);
  });

  it('shows the top 5 and the rest on demand', () => {
    const el = show({ query: 'svchost.exe', result: svchost() });
    const children = [...el.querySelectorAll('section')].find(
      (s) => s.getAttribute('aria-label') === 'Children',
    )!;
    expect(children.querySelectorAll('li')).toHaveLength(5);
    expect(children.textContent).toContain('1328 more not listed by EchoTrail');
    act(() => (children.querySelector('button') as HTMLButtonElement).click());
    expect(children.querySelectorAll('li')).toHaveLength(8);
  });

  it('the built-in baseline, labelled as such', () => {
    const result: LookupResult = {
      query: 'lsass.exe',
      status: 'found',
      source: 'baseline',
      insight: baselineInsight('lsass.exe'),
      fetchedAt: null,
      stale: false,
      problem: problemFor('no-key'),
    };
    const el = show({ query: 'lsass.exe', result });
    expect(el.textContent).toContain('From the built-in baseline');
    expect(el.textContent).toContain('No EchoTrail API key is set');
    expect(el.textContent).toContain('built-in baseline');
  });

  it('says which part of an answer could not be read', () => {
    const result = svchost();
    result.insight!.unreadable = ['eps', 'paths'];
    const el = show({ query: 'svchost.exe', result });
    expect(el.textContent).toContain(
      "Part of EchoTrail's answer could not be read and is left out (eps, paths); the rest is shown.",
    );
  });

  /** EchoTrail's "never observed" answer for a query. */
  const neverObserved = (query: string): LookupResult => ({
    query,
    status: 'never-observed',
    source: 'echotrail',
    insight: null,
    fetchedAt: NOW,
    stale: false,
    problem: null,
  });

  it('never observed stays distinct', () => {
    const result = neverObserved('mytool.exe');
    const conformity = scoreConformity({
      observation: { name: 'mytool.exe', parent: 'cmd.exe' },
      lookup: result,
    });
    const el = show({ query: 'mytool.exe', result, conformity });
    expect(el.textContent).toContain('EchoTrail has never observed this execute in the wild.');
    expect(el.querySelector('[role="img"]')!.getAttribute('aria-label')).toBe(
      'Conformity: never observed',
    );
  });

  it('says a SHA1 EchoTrail never observed may be one it does not index', () => {
    const sha1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
    const el = show({ query: sha1, result: neverObserved(sha1), conformity: null });
    expect(el.textContent).toContain('It documents lookups by MD5 and SHA256');
  });

  it.each([
    'bad-key',
    'quota',
    'server',
    'timeout',
    'offline',
    'not-found',
    'unexpected',
    'storage',
  ] as const)('the %s state with its next step', (kind) => {
    const problem = problemFor(kind, { retryAt: NOW + 3_600_000 });
    const el = show({
      query: 'mytool.exe',
      result: {
        query: 'mytool.exe',
        status: 'error',
        source: null,
        insight: null,
        fetchedAt: null,
        stale: false,
        problem,
      },
    });
    expect(el.textContent).toContain(problem.message);
    expect(el.textContent).toContain(problem.nextStep);
  });

  it('a hash known under other names warns of the mismatch', () => {
    const insight = {
      ...emptyInsight('a'.repeat(64)),
      filenames: [
        { value: 'cmd.exe', pct: 88 },
        { value: 'update.exe', pct: 12 },
      ],
    };
    const el = show({
      query: 'a'.repeat(64),
      result: {
        query: 'a'.repeat(64),
        status: 'found',
        source: 'echotrail',
        insight,
        fetchedAt: NOW,
        stale: false,
        problem: null,
      },
      observation: { name: 'svchost.exe' },
    });
    expect(el.querySelector('[role="note"]')!.textContent).toBe(
      'This file is known as cmd.exe, update.exe, not as svchost.exe.',
    );
  });

  it('renders API and page text as text, never as markup', () => {
    const result = svchost();
    result.insight!.description = '<img src=x onerror="window.__pwned=1">';
    result.insight!.intel = '<script>window.__pwned=1</script>';
    const el = show({ query: '"><svg onload=alert(1)>.exe', result });
    expect(el.querySelector('img, script, svg')).toBeNull();
    expect(el.textContent).toContain('<img src=x onerror="window.__pwned=1">');
  });

  it('writes out hidden characters of API text too (values, description)', () => {
    const result = svchost();
    result.insight!.description = 'Generic \u202Ehost';
    result.insight!.parents = [{ value: 'serv\u202Eices.exe', pct: 99 }];
    const el = show({ query: 'svchost.exe', result });
    expect(el.textContent).not.toContain('\u202e');
    expect(el.textContent).toContain('serv[U+202E]ices.exe');
  });

  it('writes out hidden characters of a name instead of letting them reorder the card', () => {
    const el = show({ query: 'invoice\u202Efdp.exe', result: null });
    expect(el.querySelector('h2')!.textContent).toBe('invoice[U+202E]fdp.exe');
    expect(el.textContent).not.toContain('\u202e');
  });

  it('copies Markdown and JSON', () => {
    const onCopy = vi.fn();
    const result = svchost();
    const conformity = scoreConformity({
      observation: { name: 'svchost.exe', parent: 'services.exe' },
      lookup: result,
    });
    const el = show({ query: 'svchost.exe', result, conformity, onCopy });
    const [markdown, json] = [...el.querySelectorAll('.pl-copy button')] as HTMLButtonElement[];
    act(() => markdown!.click());
    act(() => json!.click());
    expect(onCopy.mock.calls[0]![1]).toBe('markdown');
    expect(onCopy.mock.calls[0]![0]).toMatch(/^### svchost\\\.exe\n/);
    expect(onCopy.mock.calls[0]![0]).toContain(
      `**Conformity score:** ${conformity.score} of 100 (typical)`,
    );
    expect(JSON.parse(onCopy.mock.calls[1]![0]).conformity.score).toBe(conformity.score);
  });
});
