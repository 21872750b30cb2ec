import { ProblemException } from '@hoi-thi/platform';
import { decodePageCursor, encodePageCursor, toPage } from './page-cursor';

describe('page cursors', () => {
  const id = 'd3e0c000-0000-4000-8000-000000000015';

  it('round-trips the id of the last row', () => {
    expect(decodePageCursor(encodePageCursor(id), 'contest.cursor.invalid')).toBe(id);
  });

  it('refuses a cursor it did not make, naming the field', () => {
    for (const forged of ['', 'abc', encodePageCursor('1 OR 1=1'), encodePageCursor(`${id}x`)]) {
      let caught: unknown;
      try {
        decodePageCursor(forged, 'contest.cursor.invalid');
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ProblemException);
    }
  });

  it('gives a next cursor only when a row beyond the page was read', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(toPage(rows, 2, (r) => r.id)).toEqual({ items: ['a', 'b'], nextCursor: encodePageCursor('b') });
    expect(toPage(rows, 3, (r) => r.id)).toEqual({ items: ['a', 'b', 'c'], nextCursor: null });
  });
});
