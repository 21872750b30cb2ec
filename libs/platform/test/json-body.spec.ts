import { findUnstorableText, isStorableText, MAX_JSON_DEPTH, parseJsonBody } from '../src/http/json-body';
import { ProblemException } from '../src/errors/problem.exception';

const refusal = (text: string): ProblemException => {
  try {
    parseJsonBody(text);
  } catch (e) {
    if (e instanceof ProblemException) return e;
    throw e;
  }
  throw new Error(`accepted ${text.slice(0, 40)}`);
};

describe(parseJsonBody.name, () => {
  it('parses ordinary bodies as JSON.parse does', () => {
    const body = { optionIds: ['a1', 'b2'], seq: 3, text: 'Nghị quyết "15" {không phải} [ngoặc] \\ \u00e9 😀' };
    expect(parseJsonBody(JSON.stringify(body))).toEqual(body);
    expect(parseJsonBody('[1,[2,[3]]]')).toEqual([1, [2, [3]]]);
  });

  it('refuses nesting deeper than the limit, naming the top-level field, without recursing', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(parseJsonBody(deep(MAX_JSON_DEPTH))).toEqual(JSON.parse(deep(MAX_JSON_DEPTH)));
    const e = refusal(`{"login":"x","password":${deep(10000)}}`);
    expect(e.code).toBe('request.too-deep');
    expect(e.fieldErrors?.[0].field).toBe('password');
    expect(refusal(deep(1_000_000)).fieldErrors?.[0].field).toBe('body');
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ text: `\\"${'['.repeat(100)}"{{{` });
    expect(parseJsonBody(text)).toEqual(JSON.parse(text));
  });

  it('keeps the prototype-poisoning guards', () => {
    expect(refusal('{"__proto__":{"admin":true}}').code).toBe('request.malformed');
    expect(refusal('{"constructor":{"prototype":{"admin":true}}}').code).toBe('request.malformed');
    expect(refusal('{"a":').code).toBe('request.malformed');
  });

  it('refuses NUL and lone surrogates in strings and keys, naming the path', () => {
    expect(refusal('{"name":"a\\u0000b"}').fieldErrors?.[0].field).toBe('name');
    expect(refusal('{"options":[{"text":"ok"},{"text":"ok"},{"text":"\\ud800"}]}').fieldErrors?.[0].field).toBe('options[2].text');
    expect(refusal('{"a":{"b\\udc00":1}}').code).toBe('request.invalid-text');
    expect(refusal('"\\u0000"').fieldErrors?.[0].field).toBe('body');
    expect(parseJsonBody('{"t":"\\ud83d\\ude00 \\u00e9"}')).toEqual({ t: '😀 é' });
  });
});

describe(isStorableText.name, () => {
  it.each([
    ['plain', true],
    ['😀', true],
    ['a\u0000', false],
    ['\ud800', false],
    ['\udc00x', false],
    ['x\ud83d', false],
  ])('%p → %p', (s, ok) => {
    expect(isStorableText(s)).toBe(ok);
  });

  it('walks arrays and objects', () => {
    expect(findUnstorableText({ a: [1, 'x', { b: ['y', '\u0000'] }] })).toBe('a[2].b[1]');
    expect(findUnstorableText({ a: [1, 'x'] })).toBeNull();
  });
});
