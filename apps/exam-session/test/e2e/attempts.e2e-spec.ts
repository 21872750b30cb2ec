import { randomUUID } from 'node:crypto';
import { bearer, pollUntil, testToken } from '@hoi-thi/testing';
import { contestant, createExamApp, ExamTestApp, publishRound, rightOption, setContestPublished, wrongOption } from '../exam-fixtures';

describe('exam-session attempts (HTTP)', () => {
  let t: ExamTestApp;
  beforeAll(async () => {
    t = await createExamApp();
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('starts an attempt with drawn questions, opaque options, the deadline and serverNow; no key leaks', async () => {
    const fx = await publishRound(t.pool, t.redis, { questions: 12, draw: 6, timeLimitSeconds: 600 });
    const me = contestant();
    const res = await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: me.headers });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.questions).toHaveLength(6);
    expect(body.serverNow).toBe(t.clock.date().toISOString());
    expect(Date.parse(body.deadline) - t.clock.now()).toBe(600_000);
    const allRealIds = new Set(fx.snapshot.questions.flatMap((q) => q.options.map((o) => o.id)));
    for (const q of body.questions) for (const o of q.options) expect(allRealIds.has(o.id)).toBe(false);
    expect(res.body).not.toContain('correctOptionIds');
    expect(res.body).not.toContain('Giải thích');
    // Starting again returns the same active attempt.
    const again = await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: me.headers });
    expect(again.statusCode).toBe(200);
    expect(again.json().attemptId).toBe(body.attemptId);
  });

  it('caps the deadline at the round close', async () => {
    const fx = await publishRound(t.pool, t.redis, { timeLimitSeconds: 3600, closesAt: new Date(t.clock.now() + 60_000) });
    const res = await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: contestant().headers });
    expect(res.json().deadline).toBe(fx.snapshot.closesAt);
  });

  it('refuses a round that is not open, an unknown round, and the wrong role', async () => {
    const later = await publishRound(t.pool, t.redis, { opensAt: new Date(t.clock.now() + 3600_000) });
    const r1 = await t.app.inject({ method: 'POST', url: `/api/rounds/${later.roundId}/attempts`, headers: contestant().headers });
    expect(r1.statusCode).toBe(409);
    expect(r1.json().code).toBe('exam.round-not-open');
    const r2 = await t.app.inject({ method: 'POST', url: `/api/rounds/${randomUUID()}/attempts`, headers: contestant().headers });
    expect(r2.statusCode).toBe(404);
    const fx = await publishRound(t.pool, t.redis);
    const r3 = await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: bearer(testToken(['judge'])) });
    expect(r3.statusCode).toBe(403);
    const r4 = await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts` });
    expect(r4.statusCode).toBe(401);
  });

  it('saves answers, ignores a stale seq, scores on submit, returns the same result again, then refuses saves', async () => {
    const fx = await publishRound(t.pool, t.redis, { prediction: true });
    const me = contestant();
    const view = (await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: me.headers })).json();
    const [q1, q2] = view.questions;
    const put = (qid: string, optionIds: string[], seq: number, headers = me.headers) =>
      t.app.inject({ method: 'PUT', url: `/api/attempts/${view.attemptId}/answers/${qid}`, headers, payload: { optionIds, seq } });
    expect((await put(q1.id, [rightOption(fx, view, q1.id)], 2)).json()).toEqual({ saved: true, seq: 2 });
    const stale = await put(q1.id, [wrongOption(fx, view, q1.id)], 1);
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ saved: true, seq: 2 });
    expect((await put(q2.id, [wrongOption(fx, view, q2.id)], 1)).json()).toEqual({ saved: true, seq: 1 });

    // Resume shows the saved answers with this attempt's option ids.
    const resumed = (await t.app.inject({ method: 'GET', url: `/api/attempts/${view.attemptId}`, headers: me.headers })).json();
    expect(resumed.answers).toEqual([
      { questionId: q1.id, optionIds: [rightOption(fx, view, q1.id)], seq: 2 },
      { questionId: q2.id, optionIds: [wrongOption(fx, view, q2.id)], seq: 1 },
    ]);

    const noPrediction = await t.app.inject({ method: 'POST', url: `/api/attempts/${view.attemptId}/submit`, headers: me.headers, payload: {} });
    expect(noPrediction.statusCode).toBe(400);
    expect(noPrediction.json().code).toBe('exam.prediction-required');

    t.clock.advance(65_000);
    const sub = await t.app.inject({ method: 'POST', url: `/api/attempts/${view.attemptId}/submit`, headers: me.headers, payload: { prediction: '1234.50' } });
    expect(sub.statusCode).toBe(200);
    expect(sub.json()).toMatchObject({ correct: 1, points: 1, total: 6, durationMs: 65_000, prediction: '1234.5', submittedBy: 'contestant' });
    const again = await t.app.inject({ method: 'POST', url: `/api/attempts/${view.attemptId}/submit`, headers: me.headers, payload: { prediction: 9 } });
    expect(again.body).toBe(sub.body);
    const late = await put(q2.id, [rightOption(fx, view, q2.id)], 5);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('exam.attempt-submitted');
  });

  it('names invalid fields in Vietnamese and changes nothing', async () => {
    const fx = await publishRound(t.pool, t.redis);
    const me = contestant();
    const view = (await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: me.headers })).json();
    const q = view.questions[0];
    const bad = await t.app.inject({
      method: 'PUT',
      url: `/api/attempts/${view.attemptId}/answers/${q.id}`,
      headers: me.headers,
      payload: { optionIds: 'x', seq: -1, extra: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const fields = bad
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(expect.arrayContaining(['extra', 'optionIds', 'seq']));
    const unknown = await t.app.inject({
      method: 'PUT',
      url: `/api/attempts/${view.attemptId}/answers/${q.id}`,
      headers: me.headers,
      payload: { optionIds: ['nope'], seq: 1 },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'optionIds', message: 'Phương án không thuộc câu hỏi này.' }]);
    const two = await t.app.inject({
      method: 'PUT',
      url: `/api/attempts/${view.attemptId}/answers/${q.id}`,
      headers: me.headers,
      payload: { optionIds: [q.options[0].id, q.options[1].id], seq: 1 },
    });
    expect(two.statusCode).toBe(400);
    const notMine = await t.app.inject({
      method: 'PUT',
      url: `/api/attempts/${view.attemptId}/answers/${randomUUID()}`,
      headers: me.headers,
      payload: { optionIds: [], seq: 1 },
    });
    expect(notMine.statusCode).toBe(404);
    const resumed = (await t.app.inject({ method: 'GET', url: `/api/attempts/${view.attemptId}`, headers: me.headers })).json();
    expect(resumed.answers).toEqual([]);
  });

  it("answers 404 for another contestant's attempt on every route, and 403 for the wrong role", async () => {
    const fx = await publishRound(t.pool, t.redis);
    const owner = contestant();
    const view = (await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: owner.headers })).json();
    const other = contestant();
    const q = view.questions[0];
    const calls = [
      { method: 'GET' as const, url: `/api/attempts/${view.attemptId}` },
      { method: 'PUT' as const, url: `/api/attempts/${view.attemptId}/answers/${q.id}`, payload: { optionIds: [], seq: 1 } },
      { method: 'POST' as const, url: `/api/attempts/${view.attemptId}/submit`, payload: {} },
      { method: 'GET' as const, url: `/api/attempts/${view.attemptId}/review` },
      { method: 'POST' as const, url: `/api/attempts/${view.attemptId}/events`, payload: { type: 'blur' } },
    ];
    for (const c of calls) {
      const res = await t.app.inject({ ...c, headers: other.headers });
      expect([c.url, res.statusCode]).toEqual([c.url, 404]);
    }
    const organizer = bearer(testToken(['organizer']));
    for (const c of calls.slice(0, 3)) expect((await t.app.inject({ ...c, headers: organizer })).statusCode).toBe(403);
    const audit = await t.app.inject({ method: 'GET', url: `/api/attempts/${view.attemptId}/audit`, headers: owner.headers });
    expect(audit.statusCode).toBe(403);
  });

  it('counts attempts: the limit refuses a new start, mine lists them with the best', async () => {
    const fx = await publishRound(t.pool, t.redis, { attemptsAllowed: 2 });
    const me = contestant();
    for (let i = 0; i < 2; i += 1) {
      const v = (await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: me.headers })).json();
      if (i === 1)
        await t.app.inject({
          method: 'PUT',
          url: `/api/attempts/${v.attemptId}/answers/${v.questions[0].id}`,
          headers: me.headers,
          payload: { optionIds: [rightOption(fx, v, v.questions[0].id)], seq: 1 },
        });
      const s = await t.app.inject({ method: 'POST', url: `/api/attempts/${v.attemptId}/submit`, headers: me.headers, payload: {} });
      expect(s.statusCode).toBe(200);
    }
    const third = await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: me.headers });
    expect(third.statusCode).toBe(409);
    expect(third.json().code).toBe('exam.attempts-exhausted');
    const mine = (await t.app.inject({ method: 'GET', url: `/api/rounds/${fx.roundId}/attempts/mine`, headers: me.headers })).json();
    expect(mine).toMatchObject({ attemptsAllowed: 2, attemptsUsed: 2, attemptsLeft: 0 });
    expect(mine.attempts).toHaveLength(2);
    expect(mine.best).toMatchObject({ attemptNo: 2, correct: 1 });
  });

  it('reviews with keys per the reveal policy; judges always, with the anti-cheat audit', async () => {
    const fx = await publishRound(t.pool, t.redis, { revealPolicy: 'after-close' });
    const me = contestant();
    const v = (await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: me.headers, remoteAddress: '203.0.113.7' })).json();
    const q = v.questions[0];
    t.clock.advance(1500);
    await t.app.inject({
      method: 'PUT',
      url: `/api/attempts/${v.attemptId}/answers/${q.id}`,
      headers: me.headers,
      payload: { optionIds: [rightOption(fx, v, q.id)], seq: 1 },
    });
    const ev = await t.app.inject({
      method: 'POST',
      url: `/api/attempts/${v.attemptId}/events`,
      headers: me.headers,
      payload: { type: 'blur', at: new Date().toISOString() },
    });
    expect(ev.statusCode).toBe(204);
    const badEv = await t.app.inject({ method: 'POST', url: `/api/attempts/${v.attemptId}/events`, headers: me.headers, payload: { type: 'nap' } });
    expect(badEv.statusCode).toBe(400);
    const early = await t.app.inject({ method: 'GET', url: `/api/attempts/${v.attemptId}/review`, headers: me.headers });
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('exam.review-not-allowed');
    const judge = bearer(testToken(['judge']));
    const jr = await t.app.inject({ method: 'GET', url: `/api/attempts/${v.attemptId}/review`, headers: judge });
    expect(jr.statusCode).toBe(200);
    expect(jr.json().questions[0]).toMatchObject({
      correctOptionIds: [rightOption(fx, v, q.id)],
      chosenOptionIds: [rightOption(fx, v, q.id)],
      correct: true,
      explanation: expect.stringContaining('Giải thích'),
    });
    const audit = (await t.app.inject({ method: 'GET', url: `/api/attempts/${v.attemptId}/audit`, headers: judge })).json();
    expect(audit).toMatchObject({ ip: '203.0.113.7', focusLosses: 1 });
    expect(audit.answers[0]).toMatchObject({ questionId: q.id, msFromStart: 1500, changes: 1 });
  });

  it('refuses to start a round of an unpublished contest with the 404 of an unknown round (the id is not confirmed)', async () => {
    const unknown = await t.app.inject({ method: 'POST', url: `/api/rounds/${randomUUID()}/attempts`, headers: contestant().headers });
    const fx = await publishRound(t.pool, t.redis, { contestPublished: false });
    const me = contestant();
    for (const url of [`/api/rounds/${fx.roundId}/attempts`, `/api/rounds/${fx.roundId}/attempts/mine`]) {
      const res = await t.app.inject({ method: url.endsWith('mine') ? 'GET' : 'POST', url, headers: me.headers });
      expect([url, res.statusCode]).toEqual([url, 404]);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: unknown.json().code, detail: unknown.json().detail, title: unknown.json().title });
    }
    const rows = await t.pool.query('SELECT count(*)::int AS n FROM exam.attempts WHERE round_id = $1', [fx.roundId]);
    expect(rows.rows[0].n).toBe(0);
  });

  it('stops starting a round as soon as its contest is unpublished (the fact, not the cache expiry), and starts again once republished', async () => {
    const fx = await publishRound(t.pool, t.redis, { contestPublished: true });
    const start = () => t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: contestant().headers });
    expect((await start()).statusCode).toBe(201); // the round is in this process's cache now
    // The service's clock stands still, so the round cache (5 s) never expires here: only the fact can drop the
    // cached copy, however slowly the machine runs (no wall-clock bound to race).
    await setContestPublished(t.pool, t.redis, fx, false);
    const refused = await pollUntil(
      'the start refused',
      async () => {
        const res = await start();
        return res.statusCode === 404 && res;
      },
      10_000,
      50,
    );
    expect(refused.json().code).toBe('exam.round-not-found');
    await setContestPublished(t.pool, t.redis, fx, true);
    await pollUntil('the start accepted again', async () => (await start()).statusCode === 201, 10_000, 50);
  });

  it('holds the review of a legacy ranked round revealing after submit with several attempts until it closes (no key between attempts)', async () => {
    // Saved before question-bank refused the combination: the stored policy says after-submit.
    const fx = await publishRound(t.pool, t.redis, { revealPolicy: 'after-submit', attemptsAllowed: 3, closesAt: new Date(t.clock.now() + 120_000) });
    const me = contestant();
    const review = (attemptId: string) => t.app.inject({ method: 'GET', url: `/api/attempts/${attemptId}/review`, headers: me.headers });
    const first = (await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: me.headers })).json();
    const q = first.questions[0];
    await t.app.inject({
      method: 'PUT',
      url: `/api/attempts/${first.attemptId}/answers/${q.id}`,
      headers: me.headers,
      payload: { optionIds: [wrongOption(fx, first, q.id)], seq: 1 },
    });
    expect((await t.app.inject({ method: 'POST', url: `/api/attempts/${first.attemptId}/submit`, headers: me.headers, payload: {} })).statusCode).toBe(200);
    const held = await review(first.attemptId);
    expect(held.statusCode).toBe(403);
    expect(held.headers['content-type']).toContain('application/problem+json');
    expect(held.json()).toMatchObject({ code: 'exam.review-not-allowed', detail: 'Chưa đến lúc xem đáp án của vòng thi này.' });
    expect(held.body).not.toContain('correctOptionIds');
    expect(held.body).not.toContain('Giải thích');
    // The second attempt starts with nothing learnt from the first.
    const second = await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: me.headers });
    expect(second.statusCode).toBe(201);
    expect(second.body).not.toContain('correctOptionIds');
    // Once the round has closed, the review shows the key and the correctness.
    t.clock.advance(121_000);
    const open = await review(first.attemptId);
    expect(open.statusCode).toBe(200);
    expect(open.json().questions.find((x: { id: string }) => x.id === q.id)).toMatchObject({
      correctOptionIds: [rightOption(fx, first, q.id)],
      correct: false,
    });
  });

  it('still reviews right after submit where that leaks nothing (a round of one attempt)', async () => {
    const fx = await publishRound(t.pool, t.redis, { revealPolicy: 'after-submit', attemptsAllowed: 1 });
    const me = contestant();
    const v = (await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: me.headers })).json();
    expect((await t.app.inject({ method: 'POST', url: `/api/attempts/${v.attemptId}/submit`, headers: me.headers, payload: {} })).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'GET', url: `/api/attempts/${v.attemptId}/review`, headers: me.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().questions[0].correctOptionIds).toHaveLength(1);
  });
});
