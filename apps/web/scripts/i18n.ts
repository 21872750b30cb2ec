import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { JUDGE } from '../src/judge/messages';
import { MAIN } from '../src/lib/messages';
import { ORGANIZER } from '../src/organizer/messages';

/**
 * npm run i18n: every catalogue of the web client, listed (area, key, vi, en) and checked. It fails when a message
 * lacks a language, when the two languages' placeholders differ, when a console repeats a key of the main
 * catalogue, when a key is never used, or when a screen still holds an inline pair (`L('vi', 'en')`, `useL`) or a
 * `lang === 'vi' ? 'text' : 'text'` ternary. apps/web/src/lib/i18n.spec.ts runs the same check under `npm test`.
 */

type Entries = Readonly<Record<string, readonly string[]>>;
interface Area {
  name: string;
  /** Where its keys may be used, relative to apps/web/src ('' = everywhere). */
  dir: string;
  messages: Entries;
}
export const AREAS: readonly Area[] = [
  { name: 'main', dir: '', messages: MAIN },
  { name: 'organizer', dir: 'organizer', messages: ORGANIZER },
  { name: 'judge', dir: 'judge', messages: JUDGE },
];

/**
 * Language ternaries left on purpose, with the reason: the tool prints them, so none hides.
 * lib/api.ts builds its offline error before any screen renders and is outside the screens (its owner moves it).
 */
export const EXEMPT: Readonly<Record<string, string>> = {};

export interface Row {
  area: string;
  key: string;
  vi: string;
  en: string;
}
export interface Report {
  rows: Row[];
  problems: string[];
  exempt: string[];
}

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
const LANG_CODE = /^(['"])(vi|en|vi-VN|en-GB)\1$/;
const TERNARY = /\b(?:lang|langStore\.get\(\)|useLang\(\))\s*===?\s*['"](?:vi|en)['"]\s*\?\s*([^:]+?)\s*:/g;
const INLINE = /\buseL\b|(?<![\w.])L\(\s*['"`]/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.spec\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** The catalogues' rows and every problem found in them and in the screens under `webSrc` (apps/web/src). */
export function checkI18n(webSrc: string): Report {
  const files = sources(webSrc).map((p) => ({ rel: relative(webSrc, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
  const isCatalogue = (rel: string) => /(^|\/)messages\.ts$/.test(rel) || rel === 'lib/i18n.ts';
  const code = files.filter((f) => !isCatalogue(f.rel));
  const rows: Row[] = [];
  const problems: string[] = [];
  const exempt: string[] = [];
  for (const area of AREAS) {
    for (const [key, pair] of Object.entries(area.messages)) {
      const [vi = '', en = ''] = pair;
      rows.push({ area: area.name, key, vi, en });
      const at = `${area.name}.${key}`;
      if (pair.length !== 2) problems.push(`${at}: ${pair.length} texts, expected [vi, en]`);
      if (!vi.trim()) problems.push(`${at}: no Vietnamese text`);
      if (!en.trim()) problems.push(`${at}: no English text`);
      const [pv, pe] = [placeholders(vi), placeholders(en)];
      if (pv.join() !== pe.join()) problems.push(`${at}: placeholders differ — vi {${pv.join('}, {')}} / en {${pe.join('}, {')}}`);
      if (area.dir && key in MAIN) problems.push(`${at}: repeats a key of the main catalogue`);
      const quoted = new RegExp(`['"\`]${key}['"\`]`);
      const scope = code.filter((f) => !area.dir || f.rel.startsWith(`${area.dir}/`));
      if (!scope.some((f) => quoted.test(f.text))) problems.push(`${at}: never used in apps/web/src${area.dir ? `/${area.dir}` : ''}`);
    }
  }
  for (const f of code) {
    f.text.split('\n').forEach((line, i) => {
      const where = `${f.rel}:${i + 1}`;
      if (INLINE.test(line)) problems.push(`${where}: inline pair left — move it into a catalogue: ${line.trim()}`);
      for (const m of line.matchAll(TERNARY)) {
        if (LANG_CODE.test(m[1])) continue; // choosing a language code, not a text
        if (EXEMPT[f.rel]) exempt.push(`${where}: ${EXEMPT[f.rel]}`);
        else problems.push(`${where}: language ternary left — move its texts into a catalogue: ${line.trim()}`);
      }
    });
  }
  return { rows, problems, exempt };
}

export function print(report: Report, log: (line: string) => void = console.log): void {
  const width = (k: keyof Row) => Math.min(40, Math.max(...report.rows.map((r) => r[k].length)));
  const [wa, wk, wv] = [width('area'), width('key'), width('vi')];
  log(`${'area'.padEnd(wa)}  ${'key'.padEnd(wk)}  ${'vi'.padEnd(wv)}  en`);
  for (const r of report.rows) log(`${r.area.padEnd(wa)}  ${r.key.padEnd(wk)}  ${r.vi.padEnd(wv)}  ${r.en}`);
  const per = AREAS.map((a) => `${a.name} ${report.rows.filter((r) => r.area === a.name).length}`).join(', ');
  log(`\n${report.rows.length} messages (${per})`);
  for (const e of report.exempt) log(`exempt: ${e}`);
  for (const p of report.problems) log(`✗ ${p}`);
  log(
    report.problems.length
      ? `${report.problems.length} problem(s)`
      : '✓ every message has both languages and the same placeholders, every key is used, no inline pair is left',
  );
}

if (require.main === module) {
  const report = checkI18n(resolve(process.cwd(), 'apps/web/src'));
  print(report);
  process.exitCode = report.problems.length ? 1 : 0;
}
