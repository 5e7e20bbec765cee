import { describe, expect, it } from 'vitest';
import { findCutHashes, findHashes, mayHoldCutDigest } from '@/lib/detect/find-hashes';
import { findIndicators, mayHoldIndicators } from '@/lib/detect/find-indicators';

const MD5 = '5896c1464ab396d9f7c95d8dac91ebd2';
const SHA1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
const SHA256 = '5896c1464ab396d9f7c95d8dac91ebd29b67db25d0a9117672b0d78befcc909e';
const found = (text: string, label?: string) =>
  findHashes(text, label).map((h) => [h.type, h.value]);

describe('findHashes: what counts', () => {
  it.each([
    [MD5, [['md5', MD5]]],
    [SHA1, [['sha1', SHA1]]],
    [SHA256, [['sha256', SHA256]]],
    [SHA256.toUpperCase(), [['sha256', SHA256]]],
    [
      `SHA256=${SHA256},MD5=${MD5},IMPHASH=0f3e9a5c0d7b1e2a4c6d8e0f1a2b3c4d`,
      [
        ['sha256', SHA256],
        ['md5', MD5],
      ],
    ],
    [
      `MD5=${MD5},SHA1=${SHA1}`,
      [
        ['md5', MD5],
        ['sha1', SHA1],
      ],
    ],
    [`"sha256": "${SHA256}"`, [['sha256', SHA256]]],
    [`file hash ${MD5} seen`, [['md5', MD5]]],
    [`Alert ${MD5} was raised`, [['md5', MD5]]],
    [`(${SHA256})`, [['sha256', SHA256]]],
  ])('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('types by length a digest longer than its label says', () => {
    expect(found(`MD5=${SHA256}`)).toEqual([['sha256', SHA256]]);
    // A label naming two algorithms names neither.
    expect(found(MD5, 'MD5/SHA256')).toEqual([['md5', MD5]]);
  });

  it('refuses a digest a console cut short: before an ellipsis, or shorter than its label says', () => {
    const head = SHA256.slice(0, 32);
    expect(found(`${head}…`)).toEqual([]);
    expect(found(`SHA256: ${head}...`)).toEqual([]);
    expect(found(`…${SHA256.slice(-40)}`)).toEqual([]);
    expect(found(`SHA256=${head}`)).toEqual([]);
    expect(found(head, 'SHA256')).toEqual([]);
    expect(found(`"sha1": "${head}"`)).toEqual([]);
    // A full digest at the end of a sentence is kept; a SHA256 is never the start of a longer one.
    expect(found(`seen: ${SHA256}...`)).toEqual([['sha256', SHA256]]);
    expect(found(`The hash was ${MD5}.`)).toEqual([['md5', MD5]]);
  });
});

describe('findCutHashes: digests a console shows cut short', () => {
  const cut = (text: string, kept: string[], label: string | null = null) =>
    findCutHashes(text, label, () => kept).map((h) => [
      h.type,
      h.value,
      text.slice(h.start, h.end),
    ]);

  it('reads the whole digest kept beside the text when it begins and ends as shown', () => {
    const shown = `${SHA256.slice(0, 8)}…${SHA256.slice(-8)}`;
    expect(mayHoldCutDigest(`SHA256: ${shown}`)).toBe(true);
    expect(cut(`SHA256: ${shown}`, [`Copy ${SHA256.toUpperCase()}`])).toEqual([
      ['sha256', SHA256, shown],
    ]);
    expect(cut(`${MD5.slice(0, 10)}...`, [SHA1, MD5])).toEqual([
      ['md5', MD5, `${MD5.slice(0, 10)}...`],
    ]);
  });

  it('reads nothing where the kept value is another digest, or no value is kept', () => {
    const shown = `${SHA256.slice(0, 8)}…${SHA256.slice(-8)}`;
    expect(cut(shown, [SHA256.replace(/.$/, '0')])).toEqual([]);
    expect(cut(shown, [])).toEqual([]);
    // A label that rules a digest out still does.
    expect(cut(`host id ${MD5.slice(0, 8)}…`, [MD5])).toEqual([]);
    expect(mayHoldCutDigest('Loading...')).toBe(false);
  });
});

describe('findHashes: hashes broken for wrapping', () => {
  it('reads a hash a console broke with zero-width spaces or soft hyphens, over its whole span', () => {
    const broken = SHA256.match(/.{1,8}/g)!.join('\u200B');
    const soft = MD5.match(/.{1,4}/g)!.join('\u00AD');
    const text = `SHA256: ${broken} MD5: ${soft}`;
    expect(findHashes(text).map((h) => [h.type, h.value, text.slice(h.start, h.end)])).toEqual([
      ['sha256', SHA256, broken],
      ['md5', MD5, soft],
    ]);
    expect(mayHoldIndicators(`x ${broken}`)).toBe(true);
  });

  it('still refuses runs of other lengths once the breaks are out', () => {
    expect(
      findHashes(
        SHA256.slice(0, 48)
          .match(/.{1,8}/g)!
          .join('\u200B'),
      ),
    ).toEqual([]);
  });
});

describe('findHashes: what does not count', () => {
  it.each([
    ['a 31-digit run', MD5.slice(1)],
    ['a 33-digit run', MD5 + 'a'],
    ['a 48-digit run', SHA256.slice(0, 48)],
    ['hex glued to letters', `x${MD5}`],
    ['hex glued to an underscore', `${MD5}_1`],
    ['an all-zero placeholder', '0'.repeat(64)],
    ['an all-f placeholder', 'f'.repeat(32)],
    ['a repeated word', 'deadbeef'.repeat(8)],
    ['a run of decimal digits (a number, an id)', '1234567890'.repeat(4)],
    ['a GUID with dashes', '4c1e9a0b-7d2f-4e6a-8b0c-1d2e3f4a5b6c'],
    ['a braced GUID', '{4C1E9A0B-7D2F-4E6A-8B0C-1D2E3F4A5B6C}'],
    ['an imphash', `IMPHASH=${MD5}`],
    ['a JA3 fingerprint', `ja3: ${MD5}`],
    ['a host id', `host.id: ${MD5}`],
    ['an agent id', `"agent_id": "${MD5}"`],
    ['an alert id', `Alert id ${MD5}`],
    ['a device id', `DeviceId=${SHA1}`],
    ['a trace id', `trace.id=${MD5}`],
    ['a session', `session: ${MD5}`],
    ['a commit', `commit ${SHA1}`],
    ['a request id', `x-request-id: ${MD5}`],
    ['a CrowdStrike aid', `aid=${MD5}`],
    ['a uuid', `uuid ${MD5}`],
  ])('%s', (_label, text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    ['host.id'],
    ['Agent ID'],
    ['aid'],
    ['cid'],
    ['DeviceId'],
    ['_id'],
    ['Alert id'],
    ['Document ID'],
    ['event.id'],
    ['CorrelationId'],
    ['TraceId'],
    ['ProcessGuid'],
  ])('ignores every hex value under the identifier column %j', (label) => {
    expect(found(MD5, label)).toEqual([]);
  });

  it.each([
    ['detection_id', `ldt:${MD5}:4295082306`],
    ['parent_process_graph_id', `pid:${MD5}:4295082299`],
  ])('ignores a hex value inside an identifier %j even behind a prefix', (label, value) => {
    expect(found(value, label)).toEqual([]);
    // In a JSON view, where the field's key labels it.
    const text = `{"${label}": "${value}"}`;
    expect(findIndicators(text, null).hashes).toEqual([]);
  });

  it("takes no signature or import digest for the process's file hash (CrowdStrike, ECS)", () => {
    const falcon = `{"AuthenticodeHashData": "${SHA256.replace(/^5/, '6')}", "ImpHash": "${MD5}", "SHA256HashData": "${SHA256}"}`;
    expect(findIndicators(falcon, null).hashes.map((h) => [h.value, h.meaning?.owner])).toEqual([
      [SHA256, 'process'],
    ]);
    const ecs = `{"event": {"hash": "${SHA1}"}, "process": {"hash": {"sha1": "${SHA1.replace(/^a/, 'b')}"}}}`;
    expect(findIndicators(ecs, null).hashes.map((h) => h.meaning?.owner)).toEqual(['process']);
  });

  it("lets a JSON path that names an id outweigh its last key (LimaCharlie's atoms)", () => {
    const event = `{"event": {"HASH": "${SHA256}", "PARENT": {"THIS_ATOM": "${MD5}"}}, "routing": {"parent": "${MD5}", "this": "${MD5}"}}`;
    expect(findIndicators(event, null).hashes.map((h) => [h.value, h.meaning?.owner])).toEqual([
      [SHA256, 'process'],
    ]);
    // A parent's hash under its path stays one.
    const parent = `{"process": {"parent": {"hash": {"md5": "${MD5}"}}}}`;
    expect(findIndicators(parent, null).hashes.map((h) => h.meaning?.owner)).toEqual(['parent']);
  });

  it.each([
    ['SHA256'],
    ['Hashes'],
    ['process.hash.sha256'],
    ['InitiatingProcessSHA256'],
    ['SHA256HashData'],
    ['process_hash'],
  ])('keeps values under the hash column %j', (label) => {
    expect(found(SHA256, label)).toEqual([['sha256', SHA256]]);
  });
});
