// @vitest-environment node
// The import boundaries are rules, so prove that the linter enforces them.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => /no-restricted-(imports|globals)/.test(m.ruleId ?? ''))
    .map((m) => m.ruleId);
}

describe('import boundaries', () => {
  it.each([
    ['lib/scan/x.ts', `import { get } from '../cache/lookup-cache';\nget();\n`],
    ['lib/scan/x.ts', `import { fetchInsight } from '@/lib/echotrail/client';\nfetchInsight();\n`],
    ['entrypoints/scanner.content/x.ts', `import { a } from '@/lib/background/status';\na();\n`],
    ['components/X.tsx', `import { browser } from 'wxt/browser';\nbrowser.runtime.id;\n`],
    ['components/X.tsx', `export const id = browser.runtime.id;\n`],
    ['components/X.tsx', `import { loadSettings } from '@/lib/settings-store';\nloadSettings();\n`],
    ['lib/detect/x.ts', `import { browser } from 'wxt/browser';\nbrowser.runtime.id;\n`],
  ])('refuses a forbidden import in %s', async (file, code) => {
    expect(await boundaryErrors(file, code)).not.toEqual([]);
  });

  it.each([
    [
      'components/X.tsx',
      `import type { Settings } from '@/lib/settings-store';\nexport type S = Settings;\n`,
    ],
    ['entrypoints/background.ts', `import { get } from '@/lib/cache/lookup-cache';\nget();\n`],
    [
      'lib/scan/x.ts',
      `import { findIndicators } from '../detect/find-indicators';\nfindIndicators();\n`,
    ],
  ])('allows %s', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
