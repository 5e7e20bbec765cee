import { beforeEach, describe, expect, it } from 'vitest';
import { collectTextSegments, iterateTextSegments } from '@/lib/scan/text-segments';

const texts = (root: Node = document.body, options = {}) =>
  collectTextSegments(root, options).map((s) => s.text);

beforeEach(() => {
  document.body.replaceChildren();
});

function html(markup: string): void {
  // Test fixtures only: the extension itself never writes HTML into a page.
  document.body.innerHTML = markup;
}

describe('collectTextSegments', () => {
  it.each([
    [
      'a value split by a search highlight',
      '<td>C:\\Windows\\System32\\<mark>rund</mark>ll32.exe</td>',
      ['C:\\Windows\\System32\\rundll32.exe'],
    ],
    [
      "Splunk's per-token spans",
      '<div><span class="t">C:\\Windows\\</span><span class="t">System32\\</span><span class="t">svchost.exe</span></div>',
      ['C:\\Windows\\System32\\svchost.exe'],
    ],
    [
      'a hash broken by <wbr>',
      '<p>5896c1464ab396d9<wbr>f7c95d8dac91ebd2</p>',
      ['5896c1464ab396d9f7c95d8dac91ebd2'],
    ],
    ['<br> as a line break', '<td>cmd.exe<br>svchost.exe</td>', ['cmd.exe\nsvchost.exe']],
    [
      'an icon-font glyph (an empty inline element) as a line break',
      '<td><span>explorer.exe</span><i class="fa fa-chevron-right"></i><span>cmd.exe</span></td>',
      ['explorer.exe\ncmd.exe'],
    ],
    [
      'an icon-font glyph drawn inline-block as a line break too',
      '<td><span>a.exe</span><i class="fa" style="display:inline-block"></i><span>b.exe</span></td>',
      ['a.exe\nb.exe'],
    ],
    [
      'a link drawn right after a name as a line break',
      '<td><a href="#">mshta.exe</a><a href="#">Pivot</a></td>',
      ['mshta.exe\nPivot'],
    ],
    [
      'a label drawn right after a hash as a line break',
      '<td>9e107d9d372bb6826bd81d3542a419d6<a href="#">VT</a> <span>0cc175b9c0f1b6a831c399e269772661</span><a>copy</a></td>',
      ['9e107d9d372bb6826bd81d3542a419d6\nVT 0cc175b9c0f1b6a831c399e269772661\ncopy'],
    ],
    [
      'a hash drawn in two halves as one',
      '<td><span>e3b0c44298fc1c149afbf4c8996fb924</span><span>27ae41e4649b934ca495991b7852b855</span></td>',
      ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ],
    [
      'a name highlighted by a search as one',
      '<td>C:\\Windows\\<mark>cmd.exe</mark> /c <mark>dir</mark></td>',
      ['C:\\Windows\\cmd.exe /c dir'],
    ],
    [
      'separate cells',
      '<table><tr><td>cmd.exe</td><td>svchost.exe</td></tr></table>',
      ['cmd.exe', 'svchost.exe'],
    ],
    [
      'text around a nested block',
      '<div>a.exe<div>b.exe</div>c.exe</div>',
      ['a.exe', 'b.exe', 'c.exe'],
    ],
    [
      "an SVG graph's label drawn in styled runs",
      '<svg><text><tspan>powershell</tspan><tspan>.exe</tspan></text><text>cmd.exe</text></svg>',
      ['powershell.exe', 'cmd.exe'],
    ],
    [
      'indentation between cells is not a value',
      '<table>\n  <tr>\n    <td>x.exe</td>\n  </tr>\n</table>',
      ['x.exe'],
    ],
  ])('joins %s', (_label, markup, expected) => {
    html(markup);
    expect(texts()).toEqual(expected);
  });

  it.each([
    ['script', '<script>var a = "evil.exe";</script>'],
    ['style', '<style>.evil-exe::after { content: "evil.exe" }</style>'],
    ['noscript', '<noscript>evil.exe</noscript>'],
    ['template', '<template><p>evil.exe</p></template>'],
    ['textarea', '<textarea>evil.exe</textarea>'],
    ['select', '<select><option>evil.exe</option></select>'],
    ['contenteditable', '<div contenteditable="true"><p>evil.exe</p></div>'],
    ['contenteditable (empty value)', '<div contenteditable><p>evil.exe</p></div>'],
    ['[hidden]', '<div hidden><p>evil.exe</p></div>'],
    ['aria-hidden', '<div aria-hidden="true">evil.exe</div>'],
    ['a tooltip', '<div role="tooltip">evil.exe</div>'],
    ['display:none', '<div style="display:none"><span>evil.exe</span></div>'],
    ['visibility:hidden', '<div style="visibility:hidden">evil.exe</div>'],
    ['SVG definitions', '<svg><defs><text id="t">evil.exe</text></defs></svg>'],
    [
      'SVG descriptions and titles',
      '<svg><desc>evil.exe</desc><g><title>evil.exe</title></g></svg>',
    ],
    ['an SVG clip path', '<svg><clipPath id="c"><text>evil.exe</text></clipPath></svg>'],
  ])('skips %s', (_label, markup) => {
    html(`<p>before</p>${markup}<p>after</p>`);
    expect(texts()).toEqual(['before', 'after']);
  });

  it.each([
    [
      'a hidden inline piece inside a value',
      '<td>C:\\Windows\\<span style="visibility:hidden">junk\\</span>svchost.exe</td>',
      ['C:\\Windows\\svchost.exe'],
    ],
    [
      'a line break before a hidden piece',
      '<td>cmd.exe<br><span style="visibility:hidden">x</span>svchost.exe</td>',
      ['cmd.exe\nsvchost.exe'],
    ],
    [
      'a line break after a hidden first piece',
      '<td><span style="visibility:hidden">x</span><br>cmd.exe<br>svchost.exe</td>',
      ['cmd.exe\nsvchost.exe'],
    ],
    [
      'a display:none piece (its own segment, dropped)',
      '<td>a.exe<span style="display:none">b.exe</span>c.exe</td>',
      ['a.exe', 'c.exe'],
    ],
  ])('drops %s', (_label, markup, expected) => {
    html(markup);
    expect(texts()).toEqual(expected);
    // Pieces still map each kept character to its own node.
    for (const segment of collectTextSegments(document.body)) {
      for (const piece of segment.pieces) {
        expect(segment.text.slice(piece.start, piece.start + piece.node.data.length)).toBe(
          piece.node.data,
        );
      }
    }
  });

  it('yields only the segments `select` wants, and checks only those for visibility', () => {
    html('<p>plain words</p><p style="visibility:hidden">hidden.exe</p><p>shown.exe</p>');
    expect(texts(document.body, { select: (t: string) => t.includes('.exe') })).toEqual([
      'shown.exe',
    ]);
    html(
      `<pre>${'a'.repeat(2_000)}</pre><pre style="visibility:hidden">${'b'.repeat(2_000)}</pre>`,
    );
    const cut = collectTextSegments(document.body, { maxNodeChars: 500, select: () => false });
    // A visible text cut short is still yielded (the caller says so); a hidden one is not.
    expect(cut.map((s) => [s.text[0], s.truncated])).toEqual([['a', true]]);
  });

  it('drops text the page removed while the walk was paused, without failing', () => {
    html('<p>first.exe</p>second.exe');
    const walk = iterateTextSegments(document.body);
    // "first.exe" is yielded once the walk has read the next node, the start of a new segment.
    expect(walk.next().value?.text).toBe('first.exe');
    document.body.lastChild!.remove();
    expect([...walk].map((s) => s.text)).toEqual([]);
  });

  it('reads text in an editable region as nothing, but the page around it', () => {
    html('<div contenteditable="false">shown.exe</div>');
    expect(texts()).toEqual(['shown.exe']);
  });

  it('never reads attributes', () => {
    html(
      '<a href="https://x/evil.exe" title="evil.exe" aria-label="evil.exe">link</a><img alt="evil.exe">',
    );
    expect(texts()).toEqual(['link']);
  });

  it('descends into open shadow roots, not closed ones', () => {
    html('<div id="open"></div><div id="closed"></div>');
    document.getElementById('open')!.attachShadow({ mode: 'open' }).innerHTML =
      '<p>in-open.exe</p>';
    document.getElementById('closed')!.attachShadow({ mode: 'closed' }).innerHTML =
      '<p>in-closed.exe</p>';
    expect(texts()).toEqual(['in-open.exe']);
  });

  it('reads the shadow root of the element it starts from (a component rescanned alone)', () => {
    html('<div id="host"></div>');
    const host = document.getElementById('host')!;
    host.attachShadow({ mode: 'open' }).innerHTML = '<p>own-root.exe</p>';
    expect(texts(host)).toEqual(['own-root.exe']);
  });

  it('skips our own UI host', () => {
    html('<p>page.exe</p><div id="ours"><p>card.exe</p></div>');
    const ours = document.getElementById('ours')!;
    expect(texts(document.body, { isOwnNode: (e: Element) => e === ours })).toEqual(['page.exe']);
  });

  it('maps every character back to its text node', () => {
    html('<td>C:\\Windows\\<mark>svchost</mark>.exe</td>');
    const [segment] = collectTextSegments(document.body);
    expect(segment!.pieces.map((p) => [p.start, p.node.data])).toEqual([
      [0, 'C:\\Windows\\'],
      [11, 'svchost'],
      [18, '.exe'],
    ]);
  });

  it('reads only the start of a huge text node and says so', () => {
    html(`<pre>${'a'.repeat(2_000)}</pre>`);
    const [segment] = collectTextSegments(document.body, { maxNodeChars: 500 });
    expect(segment!.text.length).toBe(500);
    expect(segment!.truncated).toBe(true);
  });

  it('changes nothing in the page', () => {
    html('<table><tr><td>C:\\Windows\\<mark>svchost</mark>.exe</td></tr></table>');
    const before = document.body.innerHTML;
    collectTextSegments(document.body);
    expect(document.body.innerHTML).toBe(before);
  });
});
