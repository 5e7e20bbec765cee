// Property tests: whatever text a page shows, detection and pairing never throw, stay within
// the text, and keep their invariants (fields in order and apart, mentions of `.exe` names).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findIndicators } from '@/lib/detect/find-indicators';
import { findInlineFields } from '@/lib/detect/find-inline-fields';
import { findProcesses } from '@/lib/detect/find-processes';
import { textTreeNodes } from '@/lib/context/text-tree';
import { adjacentHashes } from '@/lib/context/adjacent-hashes';
import { observeText } from '@/lib/context/observe-text';

/** Text made of the pieces consoles print, glued in any order. */
const consoleText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'C:\\Windows\\System32\\cmd.exe',
        '\\\\?\\UNC\\fs\\share\\x.exe',
        '%5C',
        '%',
        'svchost.exe',
        'lsass.exe\u202Egpj.exe',
        '"',
        '\\\\',
        ',',
        '\t',
        '\n',
        '|',
        ' → ',
        ' > ',
        '{"process":{"name":"a.exe","parent":{"name":"b.exe"}}}',
        '<Data Name="Image">',
        '</Data>',
        'Image: ',
        'ParentImage=',
        'Process Name,Parent Process Name\n',
        '| Image | ParentImage |\n|---|---|\n',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        '$env:windir\\',
        '\\Device\\HarddiskVolumeShadowCopy1\\',
        '└─ ',
        ' was launched by ',
        ' spawned ',
        ' via parent process ',
        ' (SHA256: ',
        ' *',
        'chcp.com',
        'invoice.scr',
        'contoso.com',
        'FilePath: C:\\Users\\Public\\',
      ),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('hostile text', () => {
  it('never throws, and every mention lies within the text and names an executable', () => {
    fc.assert(
      fc.property(consoleText, (text) => {
        for (const m of findProcesses(text)) {
          expect(m.start).toBeGreaterThanOrEqual(0);
          expect(m.end).toBeLessThanOrEqual(text.length);
          expect(m.start).toBeLessThan(m.end);
          expect(m.name).toMatch(/\.(?:exe|scr|com)$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives inline fields in text order, apart, within the text', () => {
    fc.assert(
      fc.property(consoleText, (text) => {
        let last = -1;
        for (const f of findInlineFields(text)) {
          expect(f.start).toBeGreaterThanOrEqual(last);
          expect(f.end).toBeGreaterThanOrEqual(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
          last = f.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('labels, trees and selections never throw', () => {
    fc.assert(
      fc.property(consoleText, fc.option(fc.string({ maxLength: 30 })), (text, label) => {
        const { processes, hashes } = findIndicators(text, label);
        const nodes = textTreeNodes(text, processes);
        for (const node of nodes.values())
          expect(node.parent === null || /\.(?:exe|scr|com)$/.test(node.parent)).toBe(true);
        const known = new Set(hashes.map((h) => h.value));
        for (const own of adjacentHashes(text, processes, hashes).values())
          for (const value of Object.values(own)) expect(known.has(value)).toBe(true);
        observeText(text);
      }),
      { numRuns: 500 },
    );
  });
});
