import { describe, expect, it } from 'vitest';
import { adjacentHashes } from '@/lib/context/adjacent-hashes';
import { findHashes } from '@/lib/detect/find-hashes';
import { findProcesses } from '@/lib/detect/find-processes';

const MD5 = '0a83d4aa5d5552ff30c3145ad243ef5b';
const SHA_A = '1dee5be153d1ab606204a37870b730495836f5bfd9ad2e893c6994b6cae0af38';
const SHA_B = '664a901f8b366240a6c77656a4c28010ef6b37ed505c2b480bd648940902b46f';

/** Each name with the hashes written beside it, in text order. */
const pairsOf = (text: string) => {
  const names = findProcesses(text);
  const owned = adjacentHashes(text, names, findHashes(text));
  return names.filter((n) => owned.has(n)).map((n) => [n.name, owned.get(n)]);
};

describe('adjacentHashes', () => {
  it.each([
    [`svchost.exe (SHA256: ${SHA_A})`, { sha256: SHA_A }],
    [`svchost.exe - MD5 ${MD5}`, { md5: MD5 }],
    [`C:\\Users\\Public\\svchost.exe [sha256=${SHA_A}]`, { sha256: SHA_A }],
    [`svchost.exe, hash: ${SHA_A}`, { sha256: SHA_A }],
    [`svchost.exe MD5: ${MD5}, SHA256: ${SHA_A}`, { md5: MD5, sha256: SHA_A }],
  ])('pairs %s', (text, own) => {
    expect(pairsOf(text)).toEqual([['svchost.exe', own]]);
  });

  it('reads checksum lines, sha256sum binary mark included', () => {
    expect(pairsOf(`${SHA_A}  C:\\Users\\Public\\svchost.exe\n${SHA_B} *rundll32.exe`)).toEqual([
      ['svchost.exe', { sha256: SHA_A }],
      ['rundll32.exe', { sha256: SHA_B }],
    ]);
  });

  it.each([
    ['words between', `svchost.exe was seen; the dropper had ${SHA_A}`],
    ['another line', `svchost.exe\nHashes: SHA256=${SHA_A}`],
    ['a checksum that does not open its line', `seen ${SHA_A}  cmd.exe`],
    ['a command line', `C:\\x.exe -k ${SHA_A}`],
    ['a list of indicators', `svchost.exe, ${SHA_A}, evil.example`],
  ])('pairs nothing across %s', (_, text) => {
    expect(pairsOf(text)).toEqual([]);
  });

  it('gives a name one hash of each type', () => {
    expect(pairsOf(`a.exe ${SHA_A} ${SHA_B}`)).toEqual([['a.exe', { sha256: SHA_A }]]);
  });
});
