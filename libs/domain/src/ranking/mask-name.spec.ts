import fc from 'fast-check';
import { maskName } from './mask-name';

describe(maskName.name, () => {
  it.each([
    ['Nguyễn Văn An', 'Nguyễn V. A.'],
    ['  Trần   thị  Bích   Ngọc ', 'Trần T. B. N.'],
    ['Lê', 'Lê'],
    ['Đặng Ước', 'Đặng Ư.'],
    ['Nguyễn\tVăn\nAn', 'Nguyễn V. A.'],
    ['', ''],
    ['   ', ''],
  ])('%p → %p', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('normalises decomposed (NFD) input to NFC', () => {
    const decomposed = 'Nguyễn Ước Ánh'.normalize('NFD');
    expect(maskName(decomposed)).toBe('Nguyễn Ư. Á.'.normalize('NFC'));
    expect(maskName(decomposed)).toBe(maskName(decomposed).normalize('NFC'));
  });

  it('tolerates null at runtime', () => {
    expect(maskName(null as unknown as string)).toBe('');
  });

  it('keeps the family name, one initial per other word, and never the full given name', () => {
    const letters = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ'];
    const letter = fc.constantFrom(...letters, ...letters.map((l) => l.toUpperCase()));
    const word = fc.array(letter, { minLength: 1, maxLength: 8 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 2, maxLength: 5 }), (words) => {
        const masked = maskName(words.join(' '));
        const parts = masked.split(' ');
        expect(parts).toHaveLength(words.length);
        expect(parts[0]).toBe(words[0].normalize('NFC'));
        parts.slice(1).forEach((part, i) => {
          expect(part).toBe(`${words[i + 1][0].toLocaleUpperCase('vi')}.`);
        });
        // Masking is idempotent.
        expect(maskName(masked)).toBe(masked);
      }),
    );
  });
});
