import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { bearer, createTestApp, privateRedisPrefix, testToken, uniq } from '@hoi-thi/testing';
import { ALL_SERVICES } from '../../platform/src/services';

/**
 * The browser tests' harness: Debian's chromium (installed on demand), the web client built once, the whole
 * platform in this process on a free port, and fixtures made through the API.
 */
export const ROOT = resolve(__dirname, '../../..');
/** The build the tests serve: apps/web/dist, or HOITHI_WEB_DIST (a directory of one's own, when several runs build at once). */
export const WEB_DIST = process.env.HOITHI_WEB_DIST ? resolve(process.env.HOITHI_WEB_DIST) : join(ROOT, 'apps/web/dist');
export const CHROMIUM = '/usr/bin/chromium';
export const PHONE = { width: 360, height: 640 };
/** How long any one step in the browser may wait (see newContext). */
export const WAIT_MS = 60_000;
export const DESKTOP = { width: 1280, height: 800 };

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds apps/web when dist is missing or older than its sources. */
export function ensureWebBuilt(): void {
  const index = join(WEB_DIST, 'index.html');
  const sources = Math.max(
    newestMtime(join(ROOT, 'apps/web/src')),
    statSync(join(ROOT, 'apps/web/index.html')).mtimeMs,
    statSync(join(ROOT, 'apps/web/vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync('npx', ['--no-install', 'vite', 'build', 'apps/web', '--logLevel', 'error', '--outDir', WEB_DIST, '--emptyOutDir'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export function ensureChromium(): void {
  execFileSync('bash', [join(ROOT, 'scripts/ensure-chromium.sh')], { stdio: 'inherit' });
}

export async function startPlatform(): Promise<{ app: NestFastifyApplication; base: string }> {
  // Redis keys of its own: the other files running beside this one host leaderboard consumers in the same consumer
  // group on the run's prefix, and one of them closing with this file's submissions unacknowledged would hold up the
  // judge's board and the contestant's rank until the entries were reclaimed.
  const app = await createTestApp(ALL_SERVICES, { WEB_DIST, CAPTCHA_ENABLED: 'false', REDIS_KEY_PREFIX: privateRedisPrefix('web') });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}` };
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-sized context (the contestant's design point) or a desktop one, Vietnamese first. */
export async function newContext(browser: Browser, size: 'phone' | 'desktop' = 'phone'): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: size === 'phone' ? PHONE : DESKTOP,
    deviceScaleFactor: 1,
    isMobile: size === 'phone',
    hasTouch: size === 'phone',
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  // Playwright's default of 30 s per wait is too short on a loaded CI machine (two cores for two jest workers,
  // PostgreSQL, Redis and Chromium): a save, a socket.io push or a page load can take longer there. A wait that
  // never comes true still fails, with the locator it waited for.
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  if (process.env.HOITHI_WEB_DEBUG) {
    // Failing requests and browser errors on stderr, to see why a step waits.
    context.on('response', async (res) => {
      if (res.status() >= 400 || process.env.HOITHI_WEB_DEBUG === '2')
        process.stderr.write(`[web] ${res.status()} ${res.request().method()} ${res.url()} ${await res.text().catch(() => '')}\n`);
    });
    context.on('request', (r) => r.url().includes('/api/attempts/') && process.stderr.write(`[web] → ${r.method()} ${r.url()} ${r.postData() ?? ''}\n`));
    context.on('requestfailed', (r) => process.stderr.write(`[web] ✕ ${r.method()} ${r.url()} ${r.failure()?.errorText}\n`));
    context.on('console', (m) => m.type() === 'error' && process.stderr.write(`[web] console: ${m.text()}\n`));
    context.on('weberror', (e) => process.stderr.write(`[web] page error: ${e.error().message}\n`));
  }
  return context;
}

/**
 * Logs a browser context in with a token as registration issues it (organizer, judge fixtures: no account behind
 * them). The client keeps no token on the device, only the `ht.signedIn` flag, and gets its access token from the
 * refresh cookie when a page opens: the flag is set before any page script runs and the context's refresh
 * answers with the fixture's token (the browser-side contract of POST /api/auth/refresh, without a cookie).
 */
export async function loginWithToken(context: BrowserContext, roles: ('organizer' | 'judge' | 'contestant' | 'admin')[], name = 'Người Thử'): Promise<string> {
  const token = testToken(roles, { name });
  await context.addInitScript(() => {
    try {
      if (!localStorage.getItem('ht.signedIn')) localStorage.setItem('ht.signedIn', '1.fixture');
    } catch {
      /* about:blank has no storage */
    }
  });
  await context.route('**/api/auth/refresh', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ accessToken: token, tokenType: 'Bearer', expiresIn: 900 }) }),
  );
  return token;
}

/**
 * An access token of the page's login, for calling the API as that contestant: a cookie refresh from inside the
 * page, under the client's own Web Lock so that it never races the page's refresh (a second use of a rotated
 * refresh token revokes the login).
 */
export async function accessTokenOf(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const get = async () => {
      const res = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'x-csrf': '1' } });
      if (!res.ok) throw new Error(`refresh: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    return navigator.locks ? navigator.locks.request('ht.refresh', get) : get();
  });
}

/** PNGs of a screen at phone and desktop sizes into docs/screenshots/ (or HOITHI_SCREENSHOTS_DIR) — only when HOITHI_SCREENSHOTS=1. */
export async function snap(page: Page, name: string, opts: { top?: boolean } = {}): Promise<void> {
  if (process.env.HOITHI_SCREENSHOTS !== '1') return;
  if (opts.top !== false) await page.evaluate(() => window.scrollTo(0, 0));
  const dir = process.env.HOITHI_SCREENSHOTS_DIR ?? join(ROOT, 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  const before = page.viewportSize();
  for (const [label, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(dir, `${name}-${label}.png`), fullPage: false });
  }
  if (before) await page.setViewportSize(before);
}

// ───── fixtures through the API ─────

type Json = Record<string, unknown>;

export class Api {
  constructor(
    private readonly base: string,
    public token: string,
  ) {}

  async call<T = Json>(method: string, path: string, body?: unknown, token = this.token): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...bearer(token), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), 'accept-language': 'vi' },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export const TOPICS = ['Nghị quyết 15-NQ/TW', 'Chuyển đổi số'];

/** A bank with `n` single-choice questions (the first option of each is correct), over two topics, all easy. */
export async function createBank(api: Api, n = 6): Promise<{ bankId: string; correct: Map<string, string> }> {
  const bank = await api.call('POST', '/api/banks', { name: `Ngân hàng thử ${uniq()}` });
  const bankId = String(bank.id);
  const correct = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const text = `Câu hỏi thử số ${i + 1} (${uniq()}): Nghị quyết 15-NQ/TW được ban hành năm nào?`;
    await api.call('POST', `/api/banks/${bankId}/questions`, {
      kind: 'single',
      text,
      topic: TOPICS[i % 2],
      difficulty: 'easy',
      options: [
        { text: `Năm 2022 (${i})`, correct: true },
        { text: `Năm 2020 (${i})`, correct: false },
        { text: `Năm 2021 (${i})`, correct: false },
        { text: `Năm 2023 (${i})`, correct: false },
      ],
      explanation: 'Ngày 5/5/2022, Bộ Chính trị ban hành Nghị quyết 15-NQ/TW.',
    });
    correct.set(text, `Năm 2022 (${i})`);
  }
  return { bankId, correct };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * A published contest with one open, published round drawing `count` easy questions from the bank; `contest` adds
 * to the contest's body (e.g. `requiredRegistrationFields`, what a contestant's profile must hold to start).
 */
export async function createOpenRound(api: Api, bankId: string, count = 4, contest: Json = {}): Promise<{ contestId: string; roundId: string; title: string }> {
  const title = `Hội thi thử ${uniq()}`;
  const created = await api.call('POST', '/api/contests', {
    ...contest,
    title,
    description: 'Hội thi trắc nghiệm tìm hiểu Nghị quyết 15-NQ/TW (dữ liệu kiểm thử).',
    rules: 'Mỗi lượt thi gồm các câu hỏi rút ngẫu nhiên; thời gian 10 phút.',
    materials: [{ title: 'Toàn văn Nghị quyết 15-NQ/TW', url: 'https://example.org/nq15.pdf', kind: 'pdf' }],
  });
  const contestId = String(created.id);
  const half = Math.floor(count / 2);
  const round = await api.call('POST', `/api/contests/${contestId}/rounds`, {
    title: 'Vòng sơ khảo',
    bankId,
    opensAt: iso(Date.now() - 60_000),
    closesAt: iso(Date.now() + 3600_000),
    timeLimitSeconds: 600,
    // One attempt: a ranked round that reveals the key after submit may not allow a second (issue #12, finding 5).
    attemptsAllowed: 1,
    blueprint: [
      { topic: TOPICS[0], difficulty: 'easy', count: count - half },
      { topic: TOPICS[1], difficulty: 'easy', count: half },
    ],
    prediction: { enabled: true, target: 'perfect-scorers', wording: 'Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi?', tieSide: 'under' },
    revealPolicy: 'after-submit',
  });
  const roundId = String(round.id);
  await api.call('POST', `/api/rounds/${roundId}/publish`, {});
  await publishContest(api, contestId);
  return { contestId, roundId, title };
}

/** Publishes a contest (PATCH published:true, or POST …/publish if that is the route). */
export async function publishContest(api: Api, contestId: string): Promise<void> {
  try {
    await api.call('POST', `/api/contests/${contestId}/publish`, {});
  } catch {
    await api.call('PATCH', `/api/contests/${contestId}`, { published: true });
  }
}

/** A contestant (token) who starts, answers every question with its first option, and submits. */
export async function takeRoundByApi(api: Api, roundId: string, name: string): Promise<Json> {
  const token = testToken(['contestant'], { name });
  const attempt = await api.call('POST', `/api/rounds/${roundId}/attempts`, {}, token);
  const attemptId = String(attempt.attemptId ?? attempt.id);
  for (const q of attempt.questions as { id: string; options: { id: string }[] }[]) {
    await api.call('PUT', `/api/attempts/${attemptId}/answers/${q.id}`, { optionIds: [q.options[0].id], seq: 1 }, token);
  }
  return api.call('POST', `/api/attempts/${attemptId}/submit`, { prediction: 3 }, token);
}

export const organizerToken = () => testToken(['organizer'], { name: 'Ban Tổ Chức' });
