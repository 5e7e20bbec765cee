import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, expect, it, vi } from 'vitest';
import { OptionsForm, type OptionsFormProps } from '@/components/OptionsForm';
import { DEFAULT_SETTINGS } from '@/lib/settings';

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

function show(onSave: OptionsFormProps['onSave']): HTMLElement {
  root = document.createElement('div');
  document.body.appendChild(root);
  act(() =>
    render(
      <OptionsForm
        settings={DEFAULT_SETTINGS}
        status={null}
        onSave={onSave}
        onTestKey={vi.fn()}
        onClearCache={vi.fn()}
        onExportSettings={vi.fn()}
        onImportSettings={vi.fn()}
      />,
      root,
    ),
  );
  return root;
}

async function save(form: HTMLElement): Promise<void> {
  await act(async () => {
    form.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

it('says "Saved." once the settings are saved', async () => {
  const form = show(async () => ({ ok: true }));
  await save(form);
  expect(form.querySelector('p.saved')?.textContent).toBe('Saved.');
  expect(form.querySelector('p[role="alert"]')).toBeNull();
});

it('says what failed when the browser refuses a step of saving, and keeps the form', async () => {
  const form = show(async () => {
    throw new Error("Invalid host 'http://127.0.0.1:4444/*'");
  });
  const key = form.querySelector<HTMLInputElement>('#api-key')!;
  await act(async () => {
    key.value = 'my-key';
    key.dispatchEvent(new Event('input'));
  });
  await save(form);
  expect(form.querySelector('p[role="alert"]')?.textContent).toBe(
    "Nothing was saved: Invalid host 'http://127.0.0.1:4444/*'",
  );
  expect(form.querySelector('p.saved')).toBeNull();
  expect(key.value).toBe('my-key');
});
