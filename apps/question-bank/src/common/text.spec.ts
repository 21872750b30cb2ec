import { cleanText, duplicateKey, escapeLike, searchKey } from './text';

describe('text rules', () => {
  const nfc = 'Nghị quyết số 15-NQ/TW';
  const nfd = nfc.normalize('NFD');

  it('stores NFC whatever the keyboard produced', () => {
    expect(nfd).not.toBe(nfc);
    expect(cleanText(nfd)).toBe(nfc);
    expect(cleanText(`  ${nfd}\u200B\t  `)).toBe(nfc);
  });

  it('collapses spaces, keeps lines', () => {
    expect(cleanText('a   b\r\n  c  \n\n\n\nd')).toBe('a b\nc\n\nd');
  });

  it('gives NFC and NFD text the same duplicate key, ignoring case and punctuation but not diacritics', () => {
    expect(duplicateKey(nfd)).toBe(duplicateKey(nfc.toUpperCase()));
    expect(duplicateKey('Câu hỏi: một?')).toBe(duplicateKey('câu hỏi một'));
    expect(duplicateKey('Ngày 5/5')).not.toBe(duplicateKey('Ngáy 5/5'));
  });

  it('searches without diacritics', () => {
    expect(searchKey(nfd)).toBe('nghi quyet so 15-nq/tw');
    expect(searchKey('Đảng')).toBe('dang');
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_a\\')).toBe('50\\%\\_a\\\\');
  });
});
