import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchModule, BenchRow } from './bench-types';

/** The contestant's first load must stay under this much JavaScript, gzip (issue 6). */
const BUDGET_KB = 200;

/** Script and stylesheet URLs the first load of `html` fetches: the entry module, its modulepreloads, the CSS. */
export function firstLoadAssets(html: string): { js: string[]; css: string[] } {
  const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1];
  const js = new Set<string>();
  const css = new Set<string>();
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    const src = attr(tag, 'src');
    if (src && /type="module"/.test(tag)) js.add(src);
  }
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    const href = attr(tag, 'href');
    if (!href) continue;
    if (/rel="modulepreload"/.test(tag)) js.add(href);
    if (/rel="stylesheet"/.test(tag)) css.add(href);
  }
  return { js: [...js], css: [...css] };
}

const kb = (n: number) => Math.round((n / 1024) * 10) / 10;

/**
 * The size of the web client's first load for a contestant: the web is built from the current sources into a
 * folder of its own, index.html is read for its entry script and modulepreload imports, each is gzipped (level 9,
 * what a server or CDN would send) and summed. The organizer's and the judge's chunks are lazy and not counted.
 */
export const bench: BenchModule = {
  area: 'web',
  async run(ctx) {
    const root = process.cwd();
    const out = mkdtempSync(join(tmpdir(), 'hoithi-web-'));
    try {
      execFileSync('npx', ['--no-install', 'vite', 'build', resolve(root, 'apps/web'), '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, NODE_ENV: 'production' },
      });
      const html = readFileSync(join(out, 'index.html'), 'utf8');
      const { js, css } = firstLoadAssets(html);
      const size = (urls: string[]) =>
        urls.reduce(
          (acc, u) => {
            const body = readFileSync(join(out, u.replace(/^\//, '')));
            return { raw: acc.raw + body.length, gz: acc.gz + gzipSync(body, { level: 9 }).length };
          },
          { raw: 0, gz: 0 },
        );
      const j = size(js);
      const c = size(css);
      const h = gzipSync(Buffer.from(html), { level: 9 }).length;
      ctx.log(`web: first-load JS ${kb(j.gz)} KB gzip over ${js.length} file(s)`);
      const rows: BenchRow[] = [
        {
          area: 'web',
          name: "contestant's first load: JavaScript, gzip",
          note: `${kb(j.gz)} KB gzip (${kb(j.raw)} KB raw) in ${js.length} file(s): entry + modulepreloads; budget ${BUDGET_KB} KB — ${j.gz <= BUDGET_KB * 1024 ? 'within' : 'OVER'}`,
        },
        {
          area: 'web',
          name: "contestant's first load: HTML + CSS, gzip",
          note: `HTML ${kb(h)} KB, CSS ${kb(c.gz)} KB (${css.length} file(s)); total first load ${kb(j.gz + c.gz + h)} KB gzip`,
        },
      ];
      return rows;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};
