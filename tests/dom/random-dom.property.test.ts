// Property test: whatever markup a console draws (tables, grids, trees, lists, headings,
// spans, icons, in any nesting), reading its text and pairing its findings never throws, and
// every process found has a context.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectFindings } from '@/lib/context/collect-findings';
import { collectTextSegments } from '@/lib/scan/text-segments';

const text = fc.constantFrom(
  'cmd.exe',
  'C:\\Windows\\System32\\svchost.exe',
  'Parent',
  'Image',
  'Process lineage',
  'FilePath',
  'C:\\Users\\Public\\',
  '1dee5be153d1ab606204a37870b730495836f5bfd9ad2e893c6994b6cae0af38',
  ' was launched by ',
  ' (SHA256: ',
  'Child processes (2)',
  'values(parent_process_name)',
  'x',
  ' ',
  '\n',
  'chcp.com',
  'a.scr',
  ' → ',
);
const tag = fc.constantFrom(
  'div',
  'span',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'ul',
  'li',
  'h4',
  'i',
  'b',
  'dl',
  'dt',
  'dd',
  'pre',
  'section',
  'label',
  'mat-cell',
);
const attribute = fc.constantFrom(
  '',
  ' role="row"',
  ' role="grid"',
  ' role="gridcell"',
  ' role="columnheader"',
  ' colspan="2"',
  ' rowspan="3"',
  ' aria-level="2"',
  ' role="treeitem"',
  ' col-id="parent_process_name"',
  ' aria-colindex="2"',
  ' hidden',
  ' class="fa fa-chevron-right"',
);
const node: fc.Memo<string> = fc.memo((depth) =>
  depth <= 1
    ? text
    : fc.oneof(
        text,
        fc
          .tuple(tag, attribute, fc.array(node(depth - 1), { maxLength: 4 }))
          .map(([t, a, children]) => `<${t}${a}>${children.join('')}</${t}>`),
      ),
);

describe('random console markup', () => {
  it('is read and paired without throwing', () => {
    fc.assert(
      fc.property(fc.array(node(5), { maxLength: 6 }), (parts) => {
        document.body.innerHTML = parts.join(''); // test fixture only
        const findings = collectFindings('http://127.0.0.1/', collectTextSegments(document.body));
        for (const p of findings.processes) expect(p.contexts.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
