const segmenter = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/**
 * Masks a full name for public boards: the family name (first word) stays, every other word becomes
 * its upper-cased initial and a dot. 'Nguyễn Văn An' → 'Nguyễn V. A.'. The input is NFC-normalised and
 * its whitespace collapsed; a single word is returned as is; an empty name gives ''.
 */
export function maskName(fullName: string): string {
  const words = (fullName ?? '').normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return '';
  const [family, ...rest] = words;
  const initials = rest.map((word) => {
    const first = segmenter.segment(word)[Symbol.iterator]().next().value?.segment ?? '';
    return `${first.toLocaleUpperCase('vi')}.`;
  });
  return [family, ...initials].join(' ');
}
