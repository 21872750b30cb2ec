import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { defineScript, headerNames } from '../src/redis/redis-script';

const dir = mkdtempSync(join(tmpdir(), 'redis-script-'));
let n = 0;
function luaFile(text: string): string {
  const file = join(dir, `s${++n}.lua`);
  writeFileSync(file, text);
  return file;
}

/** A client double that records EVALSHA and EVAL calls; `missing` makes EVALSHA answer NOSCRIPT until an EVAL. */
function recordingClient(missing = false): { redis: Redis; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const client = {
    evalsha(...flat: unknown[]) {
      calls.push(['evalsha', ...flat]);
      return missing ? Promise.reject(new Error('NOSCRIPT No matching script. Please use EVAL.')) : Promise.resolve('ok');
    },
    eval(...flat: unknown[]) {
      calls.push(['eval', ...flat]);
      missing = false;
      return Promise.resolve('ok');
    },
  };
  return { redis: client as unknown as Redis, calls };
}

describe(defineScript.name, () => {
  it('puts named keys and arguments in the header’s order, the key count first, the tails after', async () => {
    const sut = defineScript({
      name: 'testOrder',
      file: luaFile('-- KEYS: a, b, ...more\n-- ARGV: x, y, ...rest\nreturn 1\n'),
      keys: ['a', 'b'],
      args: ['x', 'y'],
      moreKeys: 'more',
      moreArgs: 'rest',
    });
    const { redis, calls } = recordingClient();
    await sut(redis, { keys: { b: 'kb', a: 'ka' }, args: { y: 2, x: 'one' }, moreKeys: ['k3'], moreArgs: ['r1', 'r2'] });
    await sut(redis, { keys: { a: 'ka', b: 'kb' }, args: { x: 'one', y: 2 } });
    expect(calls).toEqual([
      ['evalsha', sut.sha, 3, 'ka', 'kb', 'k3', 'one', 2, 'r1', 'r2'],
      ['evalsha', sut.sha, 2, 'ka', 'kb', 'one', 2],
    ]);
  });

  it('sends the script itself (EVAL) only when Redis answers NOSCRIPT, then EVALSHA again', async () => {
    const sut = defineScript({ name: 'testOnce', file: luaFile('-- KEYS: k\n-- ARGV: (none)\nreturn 1\n'), keys: ['k'], args: [] });
    const { redis, calls } = recordingClient(true);
    await expect(sut(redis, { keys: { k: 'x' }, args: {} })).resolves.toBe('ok');
    await sut(redis, { keys: { k: 'y' }, args: {} });
    expect(calls).toEqual([
      ['evalsha', sut.sha, 1, 'x'],
      ['eval', sut.lua, 1, 'x'],
      ['evalsha', sut.sha, 1, 'y'],
    ]);
  });

  it('passes any other error on', async () => {
    const sut = defineScript({ name: 'testError', file: luaFile('-- KEYS: k\n-- ARGV: (none)\nreturn 1\n'), keys: ['k'], args: [] });
    const redis = { evalsha: () => Promise.reject(new Error('ERR boom')), eval: jest.fn() } as unknown as Redis;
    await expect(sut(redis, { keys: { k: 'x' }, args: {} })).rejects.toThrow('ERR boom');
    expect((redis as unknown as { eval: jest.Mock }).eval).not.toHaveBeenCalled();
  });

  it('refuses a header whose names or order differ from the definition', () => {
    const file = luaFile('-- KEYS: attempt, contestant\n-- ARGV: attemptId\nreturn 1\n');
    expect(() => defineScript({ name: 'testSwapped', file, keys: ['contestant', 'attempt'], args: ['attemptId'] })).toThrow(
      /header's KEYS are attempt, contestant, the definition's contestant, attempt/,
    );
    expect(() => defineScript({ name: 'testTail', file, keys: ['attempt', 'contestant'], args: ['attemptId'], moreArgs: 'pairs' })).toThrow(
      /ARGV are attemptId, the definition's attemptId, \.\.\.pairs/,
    );
  });

  it('refuses a file without the header lines', () => {
    expect(() => defineScript({ name: 'testBare', file: luaFile('return KEYS[1]\n'), keys: ['k'], args: [] })).toThrow(/no "-- KEYS: …" header line/);
  });

  it('refuses one name for two scripts', () => {
    defineScript({ name: 'testTwice', file: luaFile('-- KEYS: k\n-- ARGV: (none)\nreturn 1\n'), keys: ['k'], args: [] });
    expect(() => defineScript({ name: 'testTwice', file: luaFile('-- KEYS: k\n-- ARGV: (none)\nreturn 2\n'), keys: ['k'], args: [] })).toThrow(/defined twice/);
  });

  it('reads header names, none as an empty list', () => {
    expect(headerNames('-- comment\n--   KEYS:  a ,b\n-- ARGV: (none)\n', 'KEYS')).toEqual(['a', 'b']);
    expect(headerNames('-- KEYS: a\n-- ARGV: (none)\n', 'ARGV')).toEqual([]);
    expect(headerNames('return 1', 'ARGV')).toBeUndefined();
  });
});
