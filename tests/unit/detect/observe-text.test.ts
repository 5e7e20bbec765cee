import { describe, expect, it } from 'vitest';
import { observeText } from '@/lib/context/observe-text';

const SHA = 'd06b79de6eac406f570cf85847f8fa6f329660e142cee12d8a52856c031fd066';

type Want = { query: string; path: string | null; parent: string | null; sha256?: string };

describe('observeText', () => {
  it.each<[string, Want]>([
    ['svchost.exe', { query: 'svchost.exe', path: null, parent: null }],
    [
      'C:\\Users\\Public\\svchost.exe',
      { query: 'svchost.exe', path: 'c:\\users\\public\\svchost.exe', parent: null },
    ],
    [
      '"C:\\Program Files\\A b\\app.exe" --x C:\\other.exe',
      { query: 'app.exe', path: 'c:\\program files\\a b\\app.exe', parent: null },
    ],
    [
      'Image: C:\\Windows\\System32\\rundll32.exe\nParentImage: C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\nHashes: SHA256=' +
        SHA,
      {
        query: 'rundll32.exe',
        path: 'c:\\windows\\system32\\rundll32.exe',
        parent: 'winword.exe',
        sha256: SHA,
      },
    ],
    [
      '<Data Name="ParentImage">C:\\Windows\\explorer.exe</Data><Data Name="Image">C:\\Windows\\System32\\cmd.exe</Data>',
      { query: 'cmd.exe', path: 'c:\\windows\\system32\\cmd.exe', parent: 'explorer.exe' },
    ],
    [
      '2026-11-29 08:15:03\tFIN-WS-0231\tC:\\Users\\Public\\svchost.exe\tC:\\Windows\\System32\\rundll32.exe',
      { query: 'svchost.exe', path: 'c:\\users\\public\\svchost.exe', parent: null },
    ],
    [
      '_time\thost\tParentImage\tImage\n2026-11-29 08:15:03\tFIN-WS-0231\tC:\\Windows\\System32\\rundll32.exe\tC:\\Users\\Public\\svchost.exe',
      {
        query: 'svchost.exe',
        path: 'c:\\users\\public\\svchost.exe',
        parent: 'rundll32.exe',
      },
    ],
    [
      'explorer.exe → winword.exe → C:\\Users\\Public\\rundll32.exe',
      { query: 'rundll32.exe', path: 'c:\\users\\public\\rundll32.exe', parent: 'winword.exe' },
    ],
    [
      'The process powershell.exe (PID 4242) was launched by winword.exe',
      { query: 'powershell.exe', path: null, parent: 'winword.exe' },
    ],
    [
      'winword.exe spawned cmd.exe, which then ran C:\\Users\\Public\\x.exe',
      { query: 'x.exe', path: 'c:\\users\\public\\x.exe', parent: 'cmd.exe' },
    ],
    [
      `Dropped svchost.exe (SHA256: ${SHA})`,
      { query: 'svchost.exe', path: null, parent: null, sha256: SHA },
    ],
  ])('%j', (text, expected) => {
    const result = observeText(text)!;
    expect(result.query).toBe(expected.query);
    expect(result.observation).toMatchObject({
      name: expected.query,
      path: expected.path,
      parent: expected.parent,
      ...(expected.sha256 ? { sha256: expected.sha256 } : {}),
    });
  });

  it('takes a parent given beside the text', () => {
    expect(observeText('cmd.exe', 'C:\\Windows\\explorer.exe')?.observation?.parent).toBe(
      'explorer.exe',
    );
  });

  it('reads the kernel as the parent of a selected session manager event', () => {
    expect(
      observeText('Image: C:\\Windows\\System32\\smss.exe\nParentImage: System')?.observation
        ?.parent,
    ).toBe('system');
    expect(observeText('cmd.exe (parent: services.exe)')?.observation).toMatchObject({
      name: 'cmd.exe',
      parent: 'services.exe',
    });
  });

  it("reads the name a pasted event's file gives itself", () => {
    const observed = observeText(
      'Image: C:\\Users\\Public\\update.exe\nOriginalFileName: CertUtil.exe\nParentImage: C:\\Windows\\System32\\cmd.exe',
    );
    expect(observed?.query).toBe('update.exe');
    expect(observed?.observation).toMatchObject({
      parent: 'cmd.exe',
      originalName: 'certutil.exe',
    });
  });

  it('looks up a hash when the text holds no process', () => {
    expect(observeText(`sha256: ${SHA}`)).toEqual({ query: SHA, observation: null });
  });

  it('finds nothing in text without a process or hash', () => {
    expect(observeText('hello world')).toBeNull();
    expect(observeText('*.exe')).toBeNull();
  });
});
