/**
 * Text rules of the question bank. Vietnamese typed on different keyboards (Unikey's precomposed NFC, macOS's
 * decomposed NFD, "old" tone placement) must compare equal, so every stored text is NFC and every comparison
 * goes through one of the keys below. Text is stored and served as plain text, never as HTML.
 */

// Control characters except tab and line breaks (kept: questions may have lines).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B\uFEFF]/g;

/** NFC, control characters dropped, runs of spaces collapsed, lines trimmed, the whole trimmed. */
export function cleanText(input: string): string {
  return input
    .normalize('NFC')
    .replace(CONTROL, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00A0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The near-duplicate key: NFC, lower case, punctuation and spacing ignored (diacritics kept: they change meaning). */
export function duplicateKey(input: string): string {
  return cleanText(input)
    .toLowerCase() // Vietnamese has no locale-specific casing; toLocaleLowerCase('vi') is ~10× slower
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The search key: lower case without diacritics ("nghi quyet" finds "Nghị quyết"), đ → d. */
export function searchKey(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes % _ and \ for a LIKE pattern. */
export function escapeLike(input: string): string {
  return input.replace(/[\\%_]/g, (c) => `\\${c}`);
}
