import { beforeEach, describe, expect, it } from 'vitest';
import { resolveField } from '@/lib/context/resolve-field';

beforeEach(() => document.body.replaceChildren());
const place = (selector: string) => {
  const element = document.querySelector(selector)!;
  const found = resolveField(element);
  return { label: found.label, record: found.record.id || found.record.tagName };
};
function html(markup: string): void {
  document.body.innerHTML = markup; // test fixture only
}

describe('resolveField', () => {
  it('reads a column header, with colspans', () => {
    html(
      '<table><thead><tr><th colspan="2">Time</th><th>Image</th></tr></thead><tbody><tr id="r"><td>a</td><td>b</td><td id="v">x.exe</td></tr></tbody></table>',
    );
    expect(place('#v')).toEqual({ label: 'Image', record: 'r' });
  });

  it('reads a first row of th cells as the header', () => {
    html(
      '<table><tr><th>Process</th><th>Parent</th></tr><tr id="r"><td>a.exe</td><td id="v">b.exe</td></tr></table>',
    );
    expect(place('#v')).toEqual({ label: 'Parent', record: 'r' });
  });

  it('reads the column a grid names in an attribute', () => {
    html(
      '<div role="grid"><div role="row" id="r"><div role="gridcell" data-gridcell-column-id="process.parent.name"><div id="v">x.exe</div></div></div></div>',
    );
    expect(place('#v')).toEqual({ label: 'process.parent.name', record: 'r' });
  });

  it('reads aria-colindex headers', () => {
    html(
      '<div role="grid"><div role="row"><div role="columnheader" aria-colindex="3">ParentImage</div></div><div role="row" id="r"><div role="gridcell" aria-colindex="3" id="v">x.exe</div></div></div>',
    );
    expect(place('#v')).toEqual({ label: 'ParentImage', record: 'r' });
  });

  it('reads a two-column table without header as labels and values of one record', () => {
    html(
      '<section id="s"><table><tr><td>Image</td><td id="v">x.exe</td></tr><tr><td>ParentImage</td><td>y.exe</td></tr></table></section>',
    );
    expect(place('#v')).toEqual({ label: 'Image', record: 's' });
  });

  it('reads a Field | Value table as one record', () => {
    html(
      '<aside id="a"><table><thead><tr><th>Field</th><th>Value</th></tr></thead><tbody><tr><td>process.name</td><td id="v">x.exe</td></tr></tbody></table></aside>',
    );
    expect(place('#v')).toEqual({ label: 'process.name', record: 'a' });
  });

  it('reads dt/dd, with a trailing colon dropped', () => {
    html('<article id="e"><dl><dt>ParentImage:</dt><dd id="v">x.exe</dd></dl></article>');
    expect(place('#v')).toEqual({ label: 'ParentImage', record: 'e' });
  });

  it('reads a label element in the value box, and a label box before it', () => {
    html(
      '<section id="s"><div id="v1"><label>Path</label><span>x.exe</span></div><div><div>Parent process</div><div id="v2">y.exe</div></div></section>',
    );
    expect(place('#v1')).toEqual({ label: 'Path', record: 's' });
    expect(place('#v2')).toEqual({ label: 'Parent process', record: 's' });
  });

  it('does not take a heading or a long sentence as a label', () => {
    html(
      '<section id="s"><h2>Process spawned</h2><p id="v1">x.exe</p></section><section id="t"><div><p>This is a long sentence about what happened</p><p id="v2">y.exe</p></div></section>',
    );
    expect(place('#v1')).toEqual({ label: null, record: 's' });
    expect(place('#v2')).toEqual({ label: null, record: 't' });
  });
});
