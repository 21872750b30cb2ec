import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkI18n } from '../../scripts/i18n';
import type { T } from './i18n';

// `npm run i18n` as a unit test: both languages everywhere, the same placeholders, every key used, no inline pair left.
describe("the web client's catalogues (npm run i18n)", () => {
  const report = checkI18n(resolve(__dirname, '..'));

  it('lists every message of the three catalogues', () => {
    expect(new Set(report.rows.map((r) => r.area))).toEqual(new Set(['main', 'organizer', 'judge']));
    expect(report.rows.length).toBeGreaterThan(300);
  });

  it('finds no problem in apps/web/src', () => {
    expect(report.problems).toEqual([]);
  });

  it('reports an inline pair and a language ternary left in a screen, not a language-code ternary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'i18n-'));
    try {
      writeFileSync(
        join(dir, 'Screen.tsx'),
        ["const a = L('Có', 'Yes');", "const b = lang === 'vi' ? 'Có' : 'Yes';", "const c = lang === 'vi' ? 'en' : 'vi';"].join('\n'),
      );
      const left = checkI18n(dir).problems.filter((p) => p.startsWith('Screen.tsx'));
      expect(left.map((p) => p.split(' — ')[0])).toEqual(['Screen.tsx:1: inline pair left', 'Screen.tsx:2: language ternary left']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('types the keys and the placeholders (checked by tsc, not at run time)', () => {
    const t = ((key: string) => key) as T;
    // @ts-expect-error a misspelled key does not compile
    t('loginn');
    // @ts-expect-error a message with a placeholder needs its value
    t('minutes');
    // @ts-expect-error and no other
    t('minutes', { n: 1, m: 2 });
    // @ts-expect-error a message without placeholders takes no values
    t('login', { n: 1 });
    expect(t('minutes', { n: 1 })).toBe('minutes');
  });
});
