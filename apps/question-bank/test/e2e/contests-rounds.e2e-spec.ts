import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AnswerKeyV1, ContestVisibilityChangedV1, KeyCorrectedV1, roundKeys, RoundSnapshotV1, STREAMS } from '@hoi-thi/contracts';
import { publicBaseUrl } from '@hoi-thi/platform';
import { testEnv, uniq } from '@hoi-thi/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BackfillSnapshotContestPublished1765000000000 } from '../../src/migrations/1765000000000-backfill-snapshot-contest-published';
import { QB } from '../../src/question-bank.database';
import { RoundsService } from '../../src/rounds/rounds.service';
import { addQuestions, ADMIN, CONTESTANT, createBank, createContest, DAY, iso, JUDGE, ORGANIZER, pg, qbApp, roundBody, testRedis } from '../helpers';

// The project's testTimeout is not applied per project by jest 30: these HTTP suites set their own.
jest.setTimeout(120_000); // generous: two jest workers, PostgreSQL, Redis and Chromium share two cores in CI

describe('question-bank: contests, rounds, publishing and errata (HTTP)', () => {
  let app: NestFastifyApplication;
  let redis: Redis;
  let bankId: string;
  beforeAll(async () => {
    app = await qbApp();
    redis = testRedis();
    bankId = await createBank(app);
    await addQuestions(app, bankId, [
      { topic: 'A', difficulty: 'easy', n: 3 },
      { topic: 'B', difficulty: 'hard', n: 2 },
      { topic: 'C', difficulty: 'medium', n: 1 },
    ]);
  });
  afterAll(async () => {
    redis.disconnect();
    await app.close();
  });

  const newRound = async (contestId: string, over: Record<string, unknown> = {}) => {
    const res = await app.inject({ method: 'POST', url: `/api/contests/${contestId}/rounds`, headers: ORGANIZER(), payload: roundBody(bankId, over) });
    if (res.statusCode !== 201) throw new Error(`round: ${res.body}`);
    return res.json();
  };
  const publish = (roundId: string, headers = ORGANIZER()) => app.inject({ method: 'POST', url: `/api/rounds/${roundId}/publish`, headers });
  const published = async (roundId: string) => {
    const db = await pg();
    try {
      return (await db.query(`SELECT * FROM question_bank.published_rounds WHERE round_id = $1`, [roundId])).rows[0];
    } finally {
      await db.end();
    }
  };
  const streamEntries = async (stream: string) =>
    (await redis.xrange(stream, '-', '+')).map(([, fields]) => JSON.parse(fields[fields.indexOf('data') + 1]) as Record<string, unknown>);

  it('guards every organizer route (401 without a token, 403 for contestant and judge) and keeps public reads public', async () => {
    const contestId = await createContest(app);
    const round = await newRound(contestId);
    const someVersion = randomUUID();
    const routes: { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object }[] = [
      { method: 'POST', url: '/api/contests', payload: { title: 'x' } },
      { method: 'PATCH', url: `/api/contests/${contestId}`, payload: { title: 'y' } },
      { method: 'GET', url: `/api/contests/${contestId}/rounds` },
      { method: 'POST', url: `/api/contests/${contestId}/rounds`, payload: roundBody(bankId) },
      { method: 'PATCH', url: `/api/contests/${contestId}/rounds/${round.id}`, payload: { title: 'z' } },
      { method: 'GET', url: `/api/rounds/${round.id}` },
      { method: 'POST', url: `/api/rounds/${round.id}/publish` },
      { method: 'POST', url: `/api/rounds/${round.id}/questions/${someVersion}/key`, payload: { correctOptionIds: [randomUUID()], reason: 'sai đáp án' } },
    ];
    for (const r of routes) {
      expect([r.url, (await app.inject({ method: r.method, url: r.url, payload: r.payload })).statusCode]).toEqual([r.url, 401]);
      for (const headers of [CONTESTANT(), JUDGE()]) {
        const res = await app.inject({ method: r.method, url: r.url, payload: r.payload, headers });
        expect([r.method, r.url, res.statusCode]).toEqual([r.method, r.url, 403]);
      }
    }
    expect((await app.inject({ method: 'GET', url: `/api/rounds/${round.id}`, headers: ORGANIZER() })).json().published).toBe(false);
    for (const url of ['/api/contests', `/api/contests/${contestId}`, `/api/contests/${contestId}/qr.svg`, `/api/contests/${contestId}/qr.png`]) {
      expect([url, (await app.inject({ method: 'GET', url })).statusCode]).toEqual([url, 200]);
    }
    expect((await app.inject({ method: 'GET', url: '/api/contests?drafts=true', headers: CONTESTANT() })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/contests?drafts=true', headers: ADMIN() })).statusCode).toBe(200);
  });

  it('configures a contest with materials, QR codes (SVG and PNG), registration fields and a unit tree; drafts stay private', async () => {
    const unitRoot = randomUUID();
    const created = await app.inject({
      method: 'POST',
      url: '/api/contests',
      headers: { ...ORGANIZER(), host: 'hoithi.example.vn' },
      payload: {
        title: 'Tìm hiểu Nghị quyết'.normalize('NFD'),
        rules: 'Thể lệ',
        materials: [
          { title: 'Toàn văn', url: 'https://example.vn/nq.pdf', kind: 'pdf' },
          { title: 'Bài nghe', url: 'https://example.vn/nq.mp3', kind: 'audio' },
        ],
        requiredRegistrationFields: ['citizenId', 'unit'],
        unitTreeRootId: unitRoot,
      },
    });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({
      title: 'Tìm hiểu Nghị quyết',
      published: false,
      requiredRegistrationFields: ['citizenId', 'unit'],
      unitTreeRootId: unitRoot,
      link: `${publicBaseUrl(testEnv())}/contests/${c.id}`,
    }); // PUBLIC_BASE_URL's, never the Host header's
    const [pdf] = c.materials;
    expect(pdf).toMatchObject({ title: 'Toàn văn', kind: 'pdf', qr: { svg: `/api/contests/${c.id}/materials/${pdf.id}/qr.svg` } });

    expect((await app.inject({ method: 'GET', url: `/api/contests/${c.id}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/contests/${c.id}/qr.svg`, headers: CONTESTANT() })).statusCode).toBe(404);
    const svg = await app.inject({ method: 'GET', url: pdf.qr.svg, headers: ORGANIZER() });
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const bad = await app.inject({
      method: 'PATCH',
      url: `/api/contests/${c.id}`,
      headers: ORGANIZER(),
      payload: { materials: [{ title: 'x', url: 'javascript:alert(1)', kind: 'link' }], requiredRegistrationFields: ['passport'] },
    });
    expect(bad.statusCode).toBe(400);
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/contests/${c.id}`,
      headers: ORGANIZER(),
      payload: { published: true, materials: [{ id: pdf.id, title: 'Toàn văn (bản mới)', url: pdf.url, kind: 'pdf' }] },
    });
    expect(patched.json().materials).toEqual([expect.objectContaining({ id: pdf.id, title: 'Toàn văn (bản mới)' })]);
    const png = await app.inject({ method: 'GET', url: pdf.qr.png });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect((await app.inject({ method: 'GET', url: `/api/contests/${c.id}/materials/${randomUUID()}/qr.png` })).json().code).toBe('contest.material-not-found');
    const list = await app.inject({ method: 'GET', url: '/api/contests' });
    expect(list.json().items.some((x: { id: string }) => x.id === c.id)).toBe(true);
  });

  it("pages the contests (newest first) and a contest's rounds (by opening time) with a keyset cursor; a forged cursor is a 400 naming it", async () => {
    const mine = [
      await createContest(app, { published: false }),
      await createContest(app, { published: false }),
      await createContest(app, { published: false }),
    ];
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; !mine.every((id) => seen.includes(id)); pages++) {
      expect(pages).toBeLessThan(50); // they are among the newest: a few pages at most, even with other suites' contests
      const res = await app.inject({ method: 'GET', url: `/api/contests?drafts=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: ADMIN() });
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: { id: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(seen.length); // no contest on two pages
    expect(seen.filter((id) => mine.includes(id))).toEqual([...mine].reverse());
    const forged = await app.inject({ method: 'GET', url: '/api/contests?cursor=bm90LWEtY3Vyc29y', headers: ADMIN() });
    expect([forged.statusCode, forged.json().errors?.[0]?.field]).toEqual([400, 'cursor']);

    const contestId = mine[0];
    const at = (days: number) => iso(Date.now() + days * DAY);
    const [first, second, third] = [
      await newRound(contestId, { opensAt: at(-1), closesAt: at(30) }),
      await newRound(contestId, { opensAt: at(1), closesAt: at(30) }),
      await newRound(contestId, { opensAt: at(2), closesAt: at(30) }),
    ];
    expect((await publish(first.id)).statusCode).toBe(200);
    const rounds = (q: string) => app.inject({ method: 'GET', url: `/api/contests/${contestId}/rounds${q}`, headers: ORGANIZER() });
    const one = (await rounds('?limit=2')).json();
    expect(one.items.map((r: { id: string }) => r.id)).toEqual([first.id, second.id]);
    // The list carries what GET /api/rounds/{id} does, published figures included.
    expect(one.items[0]).toEqual((await app.inject({ method: 'GET', url: `/api/rounds/${first.id}`, headers: ORGANIZER() })).json());
    expect(one.items[0]).toMatchObject({ published: true, keyVersion: 1, poolSize: 5 });
    expect(one.items[1]).toMatchObject({ published: false, keyVersion: null, poolSize: null, publishedAt: null });
    const two = (await rounds(`?limit=2&cursor=${one.nextCursor}`)).json();
    expect(two).toEqual({ items: [expect.objectContaining({ id: third.id })], nextCursor: null });
    expect((await rounds('?cursor=%%%')).statusCode).toBe(400);
    expect((await rounds('?limit=201')).statusCode).toBe(400);
    // The contest's own page lists its rounds for an organizer, drafts included (published: false), and the published ones to anyone.
    const asOrganizer = (await app.inject({ method: 'GET', url: `/api/contests/${contestId}`, headers: ORGANIZER() })).json();
    expect(asOrganizer.rounds.map((r: { id: string; published: boolean }) => [r.id, r.published])).toEqual([
      [first.id, true],
      [second.id, false],
      [third.id, false],
    ]);
  });

  it('validates a round as an organizer expects, naming the field (and the short blueprint cell); bad input creates nothing', async () => {
    const contestId = await createContest(app);
    const post = (over: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: `/api/contests/${contestId}/rounds`, headers: ORGANIZER(), payload: roundBody(bankId, over) });
    const window = await post({ opensAt: iso(Date.now() + DAY), closesAt: iso(Date.now()) });
    expect([window.statusCode, window.json().errors]).toEqual([400, [{ field: 'closesAt', message: 'Thời gian mở phải trước thời gian đóng.' }]]);
    const noOffset = await post({ opensAt: '2026-08-01T10:00:00' });
    expect(noOffset.json().errors).toEqual([{ field: 'opensAt', message: 'Thời gian phải theo ISO-8601 có múi giờ, ví dụ 2026-08-01T10:00:00+07:00.' }]);
    const short = await post({
      blueprint: [
        { topic: 'A', difficulty: 'easy', count: 2 },
        { topic: 'B', difficulty: 'hard', count: 3 },
      ],
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().code).toBe('round.blueprint-short');
    expect(short.json().errors).toEqual([{ field: 'blueprint[1]', message: 'Ô «B / hard» cần 3 câu, ngân hàng chỉ đáp ứng được 2 câu.' }]);
    const overlap = await post({
      blueprint: [
        { topic: '*', difficulty: '*', count: 5 },
        { topic: 'A', difficulty: 'easy', count: 2 },
      ],
    });
    expect(overlap.json().errors).toEqual([{ field: 'blueprint[0]', message: 'Ô «* / *» cần 5 câu, ngân hàng chỉ đáp ứng được 4 câu.' }]);
    const rule = await post({ prediction: { enabled: false }, rankingRule: ['points', 'prediction'] });
    expect(rule.json().errors).toEqual([{ field: 'rankingRule', message: 'Quy tắc xếp hạng dùng câu hỏi dự đoán nhưng vòng thi không bật câu hỏi dự đoán.' }]);
    const dupRule = await post({ rankingRule: ['points', 'points'] });
    expect(dupRule.json().errors[0].field).toBe('rankingRule');
    const bank = await post({ bankId: randomUUID() });
    expect(bank.json().errors).toEqual([{ field: 'bankId', message: 'Ngân hàng câu hỏi không tồn tại.' }]);
    const types = await post({ timeLimitSeconds: 5, attemptsAllowed: 0, revealPolicy: 'sometimes' });
    expect(
      types
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['attemptsAllowed', 'revealPolicy', 'timeLimitSeconds']);
    const list = await app.inject({ method: 'GET', url: `/api/contests/${contestId}/rounds`, headers: ORGANIZER() });
    expect(list.json()).toEqual({ items: [], nextCursor: null });
    expect(
      (await app.inject({ method: 'POST', url: `/api/contests/${randomUUID()}/rounds`, headers: ORGANIZER(), payload: roundBody(bankId) })).statusCode,
    ).toBe(404);

    const ok = await newRound(contestId, {
      attemptsAllowed: null,
      prediction: { enabled: false },
      opensAt: '2030-08-01T10:00:00+07:00',
      closesAt: '2030-08-31T09:00:00+07:00',
    });
    expect(ok).toMatchObject({
      attemptsAllowed: null,
      rankingRule: ['points', 'duration', 'submittedAt'],
      revealPolicy: 'after-close',
      partialCredit: 'all-or-nothing',
      practice: false,
      status: 'upcoming',
      opensAt: '2030-08-01T10:00:00+07:00',
      questionCount: 3,
    });
    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/contests/${contestId}/rounds/${ok.id}`,
      headers: ORGANIZER(),
      payload: { practice: true, timeLimitSeconds: 1200 },
    });
    expect(edited.json()).toMatchObject({ practice: true, timeLimitSeconds: 1200 });
  });

  it('refuses a ranked round with several attempts that shows the key right after submit: on create, update and publish', async () => {
    const contestId = await createContest(app);
    const leakField = {
      field: 'revealPolicy',
      message:
        "Vòng thi tính điểm cho phép nhiều lượt làm bài không thể hiện đáp án ngay sau khi nộp: chọn 'sau khi vòng thi kết thúc' hoặc chỉ cho phép một lượt.",
    };
    const expectLeak = (res: { statusCode: number; headers: Record<string, unknown>; json(): Record<string, unknown> }) => {
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'round.reveal-leaks-key', errors: [leakField] });
    };
    for (const attemptsAllowed of [3, null]) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/contests/${contestId}/rounds`,
        headers: ORGANIZER(),
        payload: roundBody(bankId, { revealPolicy: 'after-submit', attemptsAllowed }),
      });
      expectLeak(res);
    }
    expect((await app.inject({ method: 'GET', url: `/api/contests/${contestId}/rounds`, headers: ORGANIZER() })).json()).toEqual({
      items: [],
      nextCursor: null,
    });

    // Allowed: one attempt, a practice round, or the key after the close.
    const one = await newRound(contestId, { revealPolicy: 'after-submit', attemptsAllowed: 1 });
    await newRound(contestId, { revealPolicy: 'after-submit', attemptsAllowed: null, practice: true });
    const ranked = await newRound(contestId, { revealPolicy: 'after-close', attemptsAllowed: 3 });

    const patch = (id: string, payload: object) =>
      app.inject({ method: 'PATCH', url: `/api/contests/${contestId}/rounds/${id}`, headers: ORGANIZER(), payload });
    expectLeak(await patch(one.id, { attemptsAllowed: 2 }));
    expectLeak(await patch(ranked.id, { revealPolicy: 'after-submit' }));
    expect((await app.inject({ method: 'GET', url: `/api/rounds/${one.id}`, headers: ORGANIZER() })).json()).toMatchObject({
      attemptsAllowed: 1,
      revealPolicy: 'after-submit',
    });
    expect((await app.inject({ method: 'GET', url: `/api/rounds/${ranked.id}`, headers: ORGANIZER() })).json()).toMatchObject({ revealPolicy: 'after-close' });

    // A draft saved before the rule is refused at publishing, and nothing is frozen.
    const db = await pg();
    try {
      await db.query(`UPDATE question_bank.rounds SET reveal_policy = 'after-submit' WHERE id = $1`, [ranked.id]);
    } finally {
      await db.end();
    }
    expectLeak(await publish(ranked.id));
    expect(await published(ranked.id)).toBeUndefined();
    expect(await redis.exists(roundKeys(ranked.id).meta)).toBe(0);
    expect((await publish(one.id)).statusCode).toBe(200);
  });

  it("carries the contest's published state into its rounds' snapshots (record, Redis) and tells the readers when it changes", async () => {
    const contestId = await createContest(app, { published: false });
    const [early, late] = [await newRound(contestId), await newRound(contestId)];
    expect((await publish(early.id)).statusCode).toBe(200);
    const meta = async (roundId: string) => JSON.parse((await redis.get(roundKeys(roundId).meta))!) as RoundSnapshotV1;
    expect((await published(early.id)).snapshot.contestPublished).toBe(false);
    expect((await meta(early.id)).contestPublished).toBe(false);

    const patch = (published: boolean) => app.inject({ method: 'PATCH', url: `/api/contests/${contestId}`, headers: ORGANIZER(), payload: { published } });
    const facts = async () =>
      (await streamEntries(STREAMS.contestVisibilityChanged)).filter((e) => e.contestId === contestId) as unknown as ContestVisibilityChangedV1[];
    expect((await patch(true)).statusCode).toBe(200);
    expect((await published(early.id)).snapshot.contestPublished).toBe(true);
    expect((await meta(early.id)).contestPublished).toBe(true);
    expect((await publish(late.id)).statusCode).toBe(200);
    expect((await meta(late.id)).contestPublished).toBe(true);

    expect((await patch(false)).statusCode).toBe(200);
    for (const id of [early.id, late.id]) {
      expect((await published(id)).snapshot.contestPublished).toBe(false);
      expect(await meta(id)).toEqual((await published(id)).snapshot);
    }
    const [shown, hidden] = await facts();
    expect(shown).toMatchObject({ contestId, published: true, roundIds: [early.id] });
    expect(hidden).toMatchObject({ contestId, published: false });
    expect(hidden.roundIds.sort()).toEqual([early.id, late.id].sort());
    // Saving the contest without changing its state emits nothing.
    expect(
      (await app.inject({ method: 'PATCH', url: `/api/contests/${contestId}`, headers: ORGANIZER(), payload: { title: 'Hội thi đổi tên', published: false } }))
        .statusCode,
    ).toBe(200);
    expect(await facts()).toHaveLength(2);

    // A Redis copy made before snapshots carried the field is rewritten at warm-up (an unpublished contest's round
    // must not keep reading as published).
    const { contestPublished: _, ...legacy } = await meta(early.id);
    await redis.set(roundKeys(early.id).meta, JSON.stringify(legacy));
    await app.get(RoundsService).warmCache();
    expect((await meta(early.id)).contestPublished).toBe(false);
  });

  it("fills in the contest's state of snapshots published before they carried it (data migration)", async () => {
    const hiddenContest = await createContest(app, { published: false });
    const shownContest = await createContest(app);
    const [hidden, shown] = [await newRound(hiddenContest), await newRound(shownContest)];
    for (const r of [hidden, shown]) expect((await publish(r.id)).statusCode).toBe(200);
    const db = await pg();
    const runner = app.get<DataSource>(getDataSourceToken(QB)).createQueryRunner();
    try {
      await db.query(`UPDATE question_bank.published_rounds SET snapshot = snapshot - 'contestPublished' WHERE round_id = ANY($1)`, [[hidden.id, shown.id]]);
      await new BackfillSnapshotContestPublished1765000000000().up(runner);
    } finally {
      await runner.release();
      await db.end();
    }
    expect((await published(hidden.id)).snapshot.contestPublished).toBe(false);
    expect((await published(shown.id)).snapshot.contestPublished).toBe(true);
  });

  it('publishes: freezes the pool and key in published_rounds (the contract columns), loads Redis, emits the fact; idempotent', async () => {
    const contestId = await createContest(app);
    const round = await newRound(contestId);
    const res = await publish(round.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ roundId: round.id, contestId, poolSize: 5, keyVersion: 1, alreadyPublished: false });

    const db = await pg();
    try {
      const cols = await db.query(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'question_bank' AND table_name = 'published_rounds' ORDER BY ordinal_position`,
      );
      expect(cols.rows.map((r) => `${r.column_name}:${r.data_type}`)).toEqual([
        'round_id:uuid',
        'contest_id:uuid',
        'snapshot:jsonb',
        'answer_key:jsonb',
        'key_version:integer',
        'published_at:timestamp with time zone',
      ]);
    } finally {
      await db.end();
    }
    const row = await published(round.id);
    const snapshot = row.snapshot as RoundSnapshotV1;
    const key = row.answer_key as AnswerKeyV1;
    expect(snapshot).toMatchObject({
      roundId: round.id,
      contestId,
      timeLimitSeconds: 900,
      attemptsAllowed: 3,
      keyVersion: 1,
      revealPolicy: 'after-close',
      practice: false,
    });
    expect(snapshot.prediction).toEqual({ enabled: true, target: 'perfect-scorers', wording: 'Bao nhiêu người đúng hết?', tieSide: 'under', decimals: 0 });
    expect(snapshot.rankingRule).toEqual(['points', 'prediction', 'duration', 'submittedAt']);
    expect(snapshot.questions.map((q) => `${q.topic}/${q.difficulty}`).sort()).toEqual(['A/easy', 'A/easy', 'A/easy', 'B/hard', 'B/hard']);
    expect(Object.keys(key).sort()).toEqual(snapshot.questions.map((q) => q.id).sort());
    expect(JSON.stringify(snapshot)).not.toMatch(/correct|explanation|Giải thích/i);
    for (const q of snapshot.questions) expect(q.options.map((o) => o.id)).toEqual(expect.arrayContaining(key[q.id].correctOptionIds));

    const k = roundKeys(round.id);
    expect(JSON.parse((await redis.get(k.meta))!)).toEqual(snapshot);
    expect(JSON.parse((await redis.get(k.key))!)).toEqual(key);
    expect((await streamEntries(STREAMS.roundPublished)).filter((e) => e.roundId === round.id)).toEqual([
      { roundId: round.id, contestId, publishedAt: snapshot.publishedAt },
    ]);

    await redis.del(k.meta, k.key);
    const again = await publish(round.id);
    expect(again.json()).toMatchObject({ alreadyPublished: true, poolSize: 5 });
    expect(JSON.parse((await redis.get(k.key))!)).toEqual(key);
    expect((await streamEntries(STREAMS.roundPublished)).filter((e) => e.roundId === round.id)).toHaveLength(1);

    // A restarted service warms Redis from the record (only what is missing).
    await redis.del(k.meta);
    await app.get(RoundsService).warmCache();
    expect(JSON.parse((await redis.get(k.meta))!)).toEqual(snapshot);

    const pub = await app.inject({ method: 'GET', url: `/api/contests/${contestId}` });
    expect(pub.json().rounds).toEqual([expect.objectContaining({ id: round.id, status: 'open', questionCount: 3, attemptsAllowed: 3 })]);
  });

  it('freezes a published round: 409 for its questions and rules; only a later closing time is accepted (record, snapshot, Redis)', async () => {
    const contestId = await createContest(app);
    const round = await newRound(contestId);
    await publish(round.id);
    const patch = (payload: object) => app.inject({ method: 'PATCH', url: `/api/contests/${contestId}/rounds/${round.id}`, headers: ORGANIZER(), payload });
    for (const payload of [
      { blueprint: [{ topic: 'A', difficulty: 'easy', count: 1 }] },
      { timeLimitSeconds: 60 },
      { rankingRule: ['points'] },
      { closesAt: iso(Date.now() + 9 * DAY), practice: true },
    ]) {
      const res = await patch(payload);
      expect([res.statusCode, res.json().code]).toEqual([409, 'round.frozen']);
    }
    expect((await patch({ closesAt: iso(Date.now() + DAY) })).json().code).toBe('round.close-only-extend');
    const later = '2099-01-01T09:00:00+07:00';
    const ok = await patch({ closesAt: later });
    expect([ok.statusCode, ok.json().closesAt]).toEqual([200, later]);
    expect((await published(round.id)).snapshot.closesAt).toBe(later);
    expect(JSON.parse((await redis.get(roundKeys(round.id).meta))!).closesAt).toBe(later);
    expect((await app.inject({ method: 'GET', url: `/api/rounds/${round.id}`, headers: ORGANIZER() })).json()).toMatchObject({
      published: true,
      timeLimitSeconds: 900,
    });

    const closed = await newRound(contestId, { opensAt: iso(Date.now() - 2 * DAY), closesAt: iso(Date.now() - DAY) });
    expect((await publish(closed.id)).json().code).toBe('round.closed');
  });

  it('editing or deleting a question after publishing leaves the frozen round unchanged', async () => {
    const bank = await createBank(app);
    const [qid] = await addQuestions(app, bank, [{ topic: 'T', difficulty: 'easy', n: 2 }]);
    const contestId = await createContest(app);
    const res = await app.inject({
      method: 'POST',
      url: `/api/contests/${contestId}/rounds`,
      headers: ORGANIZER(),
      payload: roundBody(bank, { blueprint: [{ topic: 'T', difficulty: 'easy', count: 2 }] }),
    });
    const roundId = res.json().id;
    await publish(roundId);
    const before = await published(roundId);
    const redisBefore = await redis.get(roundKeys(roundId).meta);
    const original = (await app.inject({ method: 'GET', url: `/api/questions/${qid}`, headers: ORGANIZER() })).json();

    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/questions/${qid}`,
      headers: ORGANIZER(),
      payload: { text: `Câu đã sửa ${uniq()}?`, options: [{ id: original.options[1].id, text: 'Sai nay đúng', correct: true }, { text: 'mới' }] },
    });
    expect(edited.json().version).toBe(2);
    expect((await app.inject({ method: 'DELETE', url: `/api/questions/${qid}`, headers: ORGANIZER() })).statusCode).toBe(204);

    const after = await published(roundId);
    expect(after.snapshot).toEqual(before.snapshot);
    expect(after.answer_key).toEqual(before.answer_key);
    expect(await redis.get(roundKeys(roundId).meta)).toBe(redisBefore);
    const frozen = (after.snapshot as RoundSnapshotV1).questions.find((q) => q.id === original.versionId)!;
    expect(frozen.text).toBe(original.text);
    expect((after.answer_key as AnswerKeyV1)[original.versionId].correctOptionIds).toEqual(original.correctOptionIds);
  });

  it('corrects a published key (errata): record, key version, Redis, audit, and question-bank.key-corrected.v1', async () => {
    const contestId = await createContest(app);
    const round = await newRound(contestId);
    await publish(round.id);
    const { snapshot, answer_key: key } = await published(round.id);
    const q = (snapshot as RoundSnapshotV1).questions.find((x) => x.kind === 'single')!;
    const wrong = q.options.find((o) => !(key as AnswerKeyV1)[q.id].correctOptionIds.includes(o.id))!;
    const url = `/api/rounds/${round.id}/questions/${q.id}/key`;

    const foreign = await app.inject({ method: 'POST', url, headers: ORGANIZER(), payload: { correctOptionIds: [randomUUID()], reason: 'Sai đáp án' } });
    expect([foreign.statusCode, foreign.json().errors[0].field]).toEqual([400, 'correctOptionIds']);
    const two = await app.inject({
      method: 'POST',
      url,
      headers: ORGANIZER(),
      payload: { correctOptionIds: q.options.slice(0, 2).map((o) => o.id), reason: 'Sai đáp án' },
    });
    expect(two.statusCode).toBe(400);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/rounds/${round.id}/questions/${randomUUID()}/key`,
          headers: ORGANIZER(),
          payload: { correctOptionIds: [wrong.id], reason: 'x y z' },
        })
      ).statusCode,
    ).toBe(404);
    expect((await published(round.id)).key_version).toBe(1);

    const ok = await app.inject({ method: 'POST', url, headers: ADMIN(), payload: { correctOptionIds: [wrong.id], reason: 'Báo chí đưa tin sai ngày' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ keyVersion: 2, changed: true, correctOptionIds: [wrong.id] });
    const row = await published(round.id);
    expect(row.key_version).toBe(2);
    expect(row.snapshot.keyVersion).toBe(2);
    expect(row.answer_key[q.id].correctOptionIds).toEqual([wrong.id]);
    expect(JSON.parse((await redis.get(roundKeys(round.id).key))!)[q.id].correctOptionIds).toEqual([wrong.id]);
    expect(JSON.parse((await redis.get(roundKeys(round.id).meta))!).keyVersion).toBe(2);
    const facts = (await streamEntries(STREAMS.keyCorrected)).filter((e) => e.questionVersionId === q.id) as unknown as KeyCorrectedV1[];
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({ questionVersionId: q.id, roundIds: [round.id], correctOptionIds: [wrong.id] });
    expect(facts[0].questionId).not.toBe(q.id);
    const audit = await app.inject({ method: 'GET', url: `/api/question-bank/audit?entityId=${round.id}`, headers: ORGANIZER() });
    expect(audit.json().items[0]).toMatchObject({
      action: 'round.key-correct',
      details: { questionVersionId: q.id, after: [wrong.id], reason: 'Báo chí đưa tin sai ngày', keyVersion: 2 },
    });
    const same = await app.inject({ method: 'POST', url, headers: ORGANIZER(), payload: { correctOptionIds: [wrong.id], reason: 'lặp lại' } });
    expect(same.json()).toMatchObject({ keyVersion: 2, changed: false });

    const draft = await newRound(contestId);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/rounds/${draft.id}/questions/${q.id}/key`,
          headers: ORGANIZER(),
          payload: { correctOptionIds: [wrong.id], reason: 'x y z' },
        })
      ).json().code,
    ).toBe('round.not-published');
  });

  it('never lets a contestant-facing or public response carry correctness data', async () => {
    const contestId = await createContest(app);
    const round = await newRound(contestId);
    await publish(round.id);
    const { answer_key } = await published(round.id);
    const secrets = new Set<string>();
    for (const entry of Object.values(answer_key as AnswerKeyV1)) {
      entry.correctOptionIds.forEach((id) => secrets.add(id));
      if (entry.explanation) secrets.add(entry.explanation);
    }
    const someVersion = Object.keys(answer_key)[0];
    const bodies: string[] = [];
    const audiences = [{}, CONTESTANT(), JUDGE()];
    const calls: { method: 'GET' | 'POST'; url: string }[] = [
      { method: 'GET', url: '/api/contests' },
      { method: 'GET', url: `/api/contests/${contestId}` },
      { method: 'GET', url: `/api/contests/${contestId}/qr.svg` },
      { method: 'GET', url: `/api/rounds/${round.id}` },
      { method: 'GET', url: `/api/contests/${contestId}/rounds` },
      { method: 'GET', url: `/api/banks/${bankId}/questions` },
      { method: 'GET', url: `/api/banks/${bankId}/export?format=csv` },
      { method: 'GET', url: `/api/questions/${randomUUID()}` },
      { method: 'POST', url: `/api/rounds/${round.id}/publish` },
      { method: 'GET', url: `/api/question-bank/audit` },
    ];
    for (const headers of audiences) for (const c of calls) bodies.push((await app.inject({ method: c.method, url: c.url, headers })).body);
    expect(bodies.length).toBe(30);
    const forbiddenKeys = /"(correct|correctOptionIds|explanation|answerKey|answer_key)"/;
    for (const body of bodies) {
      expect(body).not.toMatch(forbiddenKeys);
      for (const s of secrets) expect(body.includes(s)).toBe(false);
      expect(body.includes(someVersion) && body.includes('options')).toBe(false);
    }
  });
});
