import { boardWindow } from './board';

describe('boardWindow', () => {
  it('a first page with more entries after it', () => {
    expect(boardWindow(0, 20, 45)).toEqual({ offset: 0, hasPrevious: false, hasNext: true, pageCount: 3 });
  });
  it('a middle and a last page', () => {
    expect(boardWindow(1, 20, 45)).toEqual({ offset: 20, hasPrevious: true, hasNext: true, pageCount: 3 });
    expect(boardWindow(2, 20, 45)).toEqual({ offset: 40, hasPrevious: true, hasNext: false, pageCount: 3 });
  });
  it('exactly one full page has no next page', () => {
    expect(boardWindow(0, 20, 20)).toEqual({ offset: 0, hasPrevious: false, hasNext: false, pageCount: 1 });
  });
  it('an empty board is one page', () => {
    expect(boardWindow(0, 20, 0)).toEqual({ offset: 0, hasPrevious: false, hasNext: false, pageCount: 1 });
  });
  it('an unknown total offers no next page', () => {
    expect(boardWindow(0, 20, null)).toEqual({ offset: 0, hasPrevious: false, hasNext: false, pageCount: null });
  });
});
