import { Cluster } from 'ioredis';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AttemptSubmittedV1, KeyCorrectedV1, STREAMS } from '@hoi-thi/contracts';
import { createRedis, deleteKeysWithPrefix } from '@hoi-thi/platform';
import { privateRedisPrefix, testEnv } from '@hoi-thi/testing';
import { HotStateRepository } from '../../src/attempts/hot-state.repository';
import { REGRADE_GROUP, RegradingService } from '../../src/regrading/regrading.service';
import { DeadlineSweeper } from '../../src/submissions/deadline-sweeper';
import { OutboxRelay } from '../../src/submissions/outbox-relay';
import { contestant, createExamApp, ExamTestApp, publishRound, rightOption, wrongOption } from '../exam-fixtures';

type View = { attemptId: string; deadline: string; questions: { id: string; options: { id: string; text: string }[] }[] };

/**
 * An attempt's events on the submissions stream. The outbox table is the run's (one database for every file), so
 * an exam-session of another file, relaying beside this one, may relay this file's rows onto its own key prefix:
 * the submissions streams under every prefix of this run are read (the event must be on exactly one, once).
 */
async function streamEvents(_redis: Redis, attemptId: string): Promise<AttemptSubmittedV1[]> {
  const raw = createRedis(process.env.REDIS_URL!, '');
  try {
    const keys = new Set<string>();
    // Every master of a Redis Cluster (npm run test:cluster) holds its own keys: scan each.
    const client = raw as unknown as Redis | Cluster;
    await client.ping(); // a Cluster client knows its nodes once connected
    const nodes: Redis[] = client instanceof Cluster ? client.nodes('master') : [client];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, found] = await node.scan(cursor, 'MATCH', `${process.env.REDIS_KEY_PREFIX}*${STREAMS.attemptSubmitted}`, 'COUNT', 1000);
        found.forEach((k: string) => keys.add(k));
        cursor = next;
      } while (cursor !== '0');
    }
    const entries = (await Promise.all([...keys].map((k) => raw.xrange(k, '-', '+')))).flat();
    return entries.map(([, f]) => JSON.parse(f[1]) as AttemptSubmittedV1).filter((e) => e.attemptId === attemptId);
  } finally {
    raw.disconnect();
  }
}

describe('exam-session against PostgreSQL and Redis', () => {
  let t: ExamTestApp;
  // Redis keys of this file's own: the "Redis is flushed" case below deletes every key under this prefix, which on
  // the run's shared prefix would wipe the rounds, streams, consumer groups and sessions of the files running beside
  // it; and the errata consumer group below must not share its stream with other files' exam-session instances.
  const prefix = privateRedisPrefix('exam-int');
  beforeAll(async () => {
    t = await createExamApp({}, { REDIS_KEY_PREFIX: prefix });
  });
  afterAll(async () => {
    await t.app.close();
  });

  const start = async (roundId: string, headers: Record<string, string>) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/rounds/${roundId}/attempts`, headers });
    return { status: res.statusCode, view: res.json() as View };
  };
  const put = (view: View, qid: string, optionIds: string[], seq: number, headers: Record<string, string>) =>
    t.app.inject({ method: 'PUT', url: `/api/attempts/${view.attemptId}/answers/${qid}`, headers, payload: { optionIds, seq } });

  it('makes exactly one attempt from 50 simultaneous starts by one contestant', async () => {
    const fx = await publishRound(t.pool, t.redis, { attemptsAllowed: 5 });
    const me = contestant();
    const results = await Promise.all(Array.from({ length: 50 }, () => start(fx.roundId, me.headers)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(49);
    expect(new Set(results.map((r) => r.view.attemptId)).size).toBe(1);
    const rows = await t.pool.query('SELECT count(*)::int AS n FROM exam.attempts WHERE round_id = $1 AND contestant_id = $2', [fx.roundId, me.sub]);
    expect(rows.rows[0].n).toBe(1);
    const mine = (await t.app.inject({ method: 'GET', url: `/api/rounds/${fx.roundId}/attempts/mine`, headers: me.headers })).json();
    expect(mine.attemptsUsed).toBe(1);
  });

  it('never exceeds the attempts allowed under parallel start-submit cycles', async () => {
    const fx = await publishRound(t.pool, t.redis, { attemptsAllowed: 3 });
    const me = contestant();
    const cycle = async () => {
      const s = await start(fx.roundId, me.headers);
      if (s.status >= 400) return s.status;
      await t.app.inject({ method: 'POST', url: `/api/attempts/${s.view.attemptId}/submit`, headers: me.headers, payload: {} });
      return s.status;
    };
    // Each wave of 10 parallel starts shares one attempt; four waves can only use the three allowed.
    const waves: number[][] = [];
    for (let i = 0; i < 4; i += 1) waves.push(await Promise.all(Array.from({ length: 10 }, cycle)));
    expect(waves[3]).toEqual(Array(10).fill(409));
    const rows = await t.pool.query('SELECT count(*)::int AS n FROM exam.attempts WHERE round_id = $1 AND contestant_id = $2', [fx.roundId, me.sub]);
    expect(rows.rows[0].n).toBe(3);
    expect((await start(fx.roundId, me.headers)).status).toBe(409);
  });

  it('accepts an answer at deadline + grace − 1 s and refuses it at deadline + grace + 1 s (410)', async () => {
    const fx = await publishRound(t.pool, t.redis, { timeLimitSeconds: 300 });
    const me = contestant();
    const { view } = await start(fx.roundId, me.headers);
    const deadline = Date.parse(view.deadline);
    const q = view.questions[0].id;
    t.clock.set(deadline + 2000 - 1000);
    const ok = await put(view, q, [rightOption(fx, view, q)], 1, me.headers);
    expect(ok.statusCode).toBe(200);
    t.clock.set(deadline + 2000 + 1000);
    const late = await put(view, q, [wrongOption(fx, view, q)], 2, me.headers);
    expect(late.statusCode).toBe(410);
    expect(late.json()).toMatchObject({ code: 'exam.deadline-passed', detail: expect.stringContaining('hết giờ') });
    const stored = await t.pool.query('SELECT seq FROM exam.answers WHERE attempt_id = $1', [view.attemptId]);
    expect(stored.rows).toEqual([{ seq: 1 }]);
    t.clock.set(Date.now());
  });

  it('finalizes a submit that arrives after deadline + grace as the deadline would (what was saved, no prediction)', async () => {
    const fx = await publishRound(t.pool, t.redis, { prediction: true, timeLimitSeconds: 60 });
    const me = contestant();
    const { view } = await start(fx.roundId, me.headers);
    const q = view.questions[0].id;
    await put(view, q, [rightOption(fx, view, q)], 1, me.headers);
    t.clock.set(Date.parse(view.deadline) + 10_000);
    const sub = await t.app.inject({ method: 'POST', url: `/api/attempts/${view.attemptId}/submit`, headers: me.headers, payload: {} });
    expect(sub.statusCode).toBe(200);
    expect(sub.json()).toMatchObject({ correct: 1, prediction: null, submittedBy: 'deadline', submittedAt: view.deadline, durationMs: 60_000 });
    t.clock.set(Date.now());
  });

  it('keeps the newest answer whatever order the saves commit in; equal seq is harmless', async () => {
    const fx = await publishRound(t.pool, t.redis);
    const me = contestant();
    const { view } = await start(fx.roundId, me.headers);
    const q = view.questions[1];
    const saves = await Promise.all(
      [5, 3, 9, 1, 9, 7].map((seq) => put(view, q.id, [q.options[seq % 4].id], seq, me.headers).then((r) => r.json() as { saved: boolean; seq: number })),
    );
    expect(saves.every((s) => s.saved && s.seq >= 1)).toBe(true);
    const stored = await t.pool.query('SELECT seq, option_ids FROM exam.answers WHERE attempt_id = $1', [view.attemptId]);
    expect(stored.rows[0].seq).toBe(9);
    expect((await put(view, q.id, [q.options[0].id], 4, me.headers)).json()).toEqual({ saved: true, seq: 9 });
  });

  it('gives concurrent submits one result and one event (Idempotency-Key accepted)', async () => {
    const fx = await publishRound(t.pool, t.redis);
    const me = contestant({ unitId: randomUUID(), province: '01' });
    const { view } = await start(fx.roundId, me.headers);
    await put(view, view.questions[0].id, [rightOption(fx, view, view.questions[0].id)], 1, me.headers);
    const subs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: `/api/attempts/${view.attemptId}/submit`,
          headers: { ...me.headers, 'idempotency-key': `k-${i % 2}` },
          payload: { prediction: i },
        }),
      ),
    );
    expect(subs.every((s) => s.statusCode === 200)).toBe(true);
    expect(new Set(subs.map((s) => s.body)).size).toBe(1);
    // Relayed (by this file's relay, or by another file's running beside it): exactly one event for the attempt.
    await t.app.get(OutboxRelay).relayAll();
    await t.app.get(OutboxRelay).relayAll();
    const events = await streamEvents(t.redis, view.attemptId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ roundId: fx.roundId, contestantId: me.sub, unitId: expect.any(String), province: '01', correct: 1, total: 6 });
    expect(JSON.parse(subs[0].body)).toMatchObject({ correct: events[0].correct, submittedAt: events[0].submittedAt, prediction: events[0].prediction });
  });

  it('auto-submits each overdue attempt exactly once with two sweepers, at its deadline', async () => {
    const second = await createExamApp({ clock: t.clock }, { REDIS_KEY_PREFIX: prefix });
    try {
      const fx = await publishRound(t.pool, t.redis, { timeLimitSeconds: 120 });
      const people = Array.from({ length: 12 }, () => contestant());
      const views = await Promise.all(people.map((p) => start(fx.roundId, p.headers).then((r) => r.view)));
      await Promise.all(views.map((v, i) => put(v, v.questions[0].id, [rightOption(fx, v, v.questions[0].id)], 1, people[i].headers)));
      // Before deadline + grace nothing is due.
      t.clock.advance(121_000);
      const sweepers = [t.app.get(DeadlineSweeper), second.app.get(DeadlineSweeper)];
      expect((await Promise.all(sweepers.map((s) => s.sweepOnce()))).reduce((a, b) => a + b, 0)).toBe(0);
      t.clock.advance(2_000);
      const counts = await Promise.all([...sweepers.map((s) => s.sweepOnce()), ...sweepers.map((s) => s.scanOnce()), sweepers[0].sweepOnce()]);
      const ids = views.map((v) => v.attemptId);
      const rows = await t.pool.query<{ status: string; submitted_at: Date; deadline: Date; correct: number; submitted_by: string }>(
        'SELECT status, submitted_at, deadline, correct, submitted_by FROM exam.attempts WHERE id = ANY($1::uuid[])',
        [ids],
      );
      expect(
        rows.rows.every(
          (r) => r.status === 'submitted' && r.submitted_at.getTime() === r.deadline.getTime() && r.correct === 1 && r.submitted_by === 'deadline',
        ),
      ).toBe(true);
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(12); // others' overdue attempts may be swept too
      const outbox = await t.pool.query('SELECT attempt_id, count(*)::int AS n FROM exam.outbox WHERE attempt_id = ANY($1::uuid[]) GROUP BY attempt_id', [ids]);
      expect(outbox.rows).toHaveLength(12);
      expect(outbox.rows.every((r) => r.n === 1)).toBe(true);
      // The contestant sees the auto-submitted result; a save is refused.
      const sub = await t.app.inject({ method: 'POST', url: `/api/attempts/${views[0].attemptId}/submit`, headers: people[0].headers, payload: {} });
      expect(sub.json()).toMatchObject({ submittedBy: 'deadline', submittedAt: views[0].deadline, durationMs: 120_000 });
      t.clock.set(Date.now());
      expect((await put(views[0], views[0].questions[1].id, [], 2, people[0].headers)).statusCode).toBe(409);
    } finally {
      await second.app.close();
      t.clock.set(Date.now());
    }
  });

  it('loses nothing acknowledged when Redis is flushed mid-round: attempts resume with the same deadline and questions', async () => {
    // A short time limit: the PostgreSQL scan at the end runs at this round's deadline on the hand-moved clock, and it
    // finalizes every overdue attempt in the run's shared database — with the default 10 minutes it would also
    // auto-submit the attempts other files (the browser test, the HTTP suite) are taking at that moment.
    const fx = await publishRound(t.pool, t.redis, { timeLimitSeconds: 60 });
    const people = Array.from({ length: 4 }, () => contestant());
    const views = await Promise.all(people.map((p) => start(fx.roundId, p.headers).then((r) => r.view)));
    for (const [i, v] of views.entries()) {
      for (const [j, q] of v.questions.slice(0, 3).entries()) expect((await put(v, q.id, [q.options[j].id], 1, people[i].headers)).statusCode).toBe(200);
    }
    // "FLUSHALL" of this file's keys only (the Redis is shared with other runs and other files): every key under its prefix.
    await deleteKeysWithPrefix(testEnv().REDIS_URL, prefix);
    expect(await t.redis.exists(`{r:${fx.roundId}}:meta`)).toBe(0);

    // A save right after the flush rebuilds the hot state from PostgreSQL.
    const q3 = views[0].questions[3];
    expect((await put(views[0], q3.id, [q3.options[0].id], 1, people[0].headers)).statusCode).toBe(200);
    for (const [i, v] of views.entries()) {
      const resumed = (await t.app.inject({ method: 'GET', url: `/api/attempts/${v.attemptId}`, headers: people[i].headers })).json();
      expect(resumed.deadline).toBe(v.deadline);
      expect(resumed.questions).toEqual(v.questions);
      expect(resumed.answers.length).toBe(i === 0 ? 4 : 3);
      for (const [j, q] of v.questions.slice(0, 3).entries())
        expect(resumed.answers.find((a: { questionId: string }) => a.questionId === q.id).optionIds).toEqual([q.options[j].id]);
    }
    // Starting again returns the same attempt (the gate is re-seeded from PostgreSQL), not a second one.
    const again = await start(fx.roundId, people[1].headers);
    expect(again.status).toBe(200);
    expect(again.view.attemptId).toBe(views[1].attemptId);
    // The sweeper's PostgreSQL scan still finds these attempts at their deadline.
    t.clock.set(Date.parse(views[2].deadline) + 3000);
    await t.app.get(DeadlineSweeper).scanOnce();
    const row = await t.pool.query('SELECT status, correct FROM exam.attempts WHERE id = $1', [views[2].attemptId]);
    expect(row.rows[0].status).toBe('submitted');
    t.clock.set(Date.now());
  });

  it('goes on saving and submitting from PostgreSQL when Redis does not answer', async () => {
    const fx = await publishRound(t.pool, t.redis);
    const me = contestant();
    const { view } = await start(fx.roundId, me.headers);
    const hot = t.app.get(HotStateRepository);
    const down = () => Promise.reject(new Error('Connection is closed.'));
    const saves = jest.spyOn(hot, 'forSave').mockImplementation(down);
    const submits = jest.spyOn(hot, 'forSubmit').mockImplementation(down);
    const finalize = jest.spyOn(hot, 'finalize').mockImplementation(down);
    try {
      const q = view.questions[0].id;
      expect((await put(view, q, [rightOption(fx, view, q)], 1, me.headers)).json()).toEqual({ saved: true, seq: 1 });
      const sub = await t.app.inject({ method: 'POST', url: `/api/attempts/${view.attemptId}/submit`, headers: me.headers, payload: {} });
      expect(sub.statusCode).toBe(200);
      expect(sub.json()).toMatchObject({ correct: 1 });
      const again = await t.app.inject({ method: 'POST', url: `/api/attempts/${view.attemptId}/submit`, headers: me.headers, payload: {} });
      expect(again.body).toBe(sub.body);
      expect((await put(view, q, [], 2, me.headers)).statusCode).toBe(409);
    } finally {
      saves.mockRestore();
      submits.mockRestore();
      finalize.mockRestore();
    }
  });

  it('regrades submitted attempts after a key correction (stream consumer) and emits regraded events once', async () => {
    const fx = await publishRound(t.pool, t.redis);
    const me = contestant();
    const { view } = await start(fx.roundId, me.headers);
    const q = view.questions[0].id;
    const wrong = wrongOption(fx, view, q);
    await put(view, q, [wrong], 1, me.headers);
    const first = (await t.app.inject({ method: 'POST', url: `/api/attempts/${view.attemptId}/submit`, headers: me.headers, payload: {} })).json();
    expect(first.correct).toBe(0);
    // The erratum: the option this contestant chose is the right one after all.
    const wrongText = view.questions[0].options.find((o) => o.id === wrong)!.text;
    const realWrong = fx.snapshot.questions.find((x) => x.id === q)!.options.find((o) => o.text === wrongText)!.id;
    const event: KeyCorrectedV1 = {
      questionId: randomUUID(),
      questionVersionId: q,
      roundIds: [fx.roundId],
      correctOptionIds: [realWrong],
      correctedBy: randomUUID(),
      correctedAt: new Date().toISOString(),
    };
    await t.redis.xadd(STREAMS.keyCorrected, '*', 'data', JSON.stringify(event));
    const regrader = t.app.get(RegradingService);
    expect(await regrader.consumeOnce()).toBeGreaterThanOrEqual(1);
    expect(await regrader.consumeOnce()).toBe(0);
    await regrader.handle(event, 'replayed'); // at-least-once delivery: a replay changes nothing
    await t.app.get(OutboxRelay).relayAll();
    const events = await streamEvents(t.redis, view.attemptId);
    expect(events.filter((e) => e.regraded)).toHaveLength(1);
    expect(events.find((e) => e.regraded)).toMatchObject({ correct: 1, points: 1 });
    const again = (await t.app.inject({ method: 'POST', url: `/api/attempts/${view.attemptId}/submit`, headers: me.headers, payload: {} })).json();
    expect(again).toMatchObject({ correct: 1, submittedAt: first.submittedAt });
  });

  it('regrades after a key correction that an instance read and died with (claimed once idle, not lost)', async () => {
    const fx = await publishRound(t.pool, t.redis);
    const me = contestant();
    const { view } = await start(fx.roundId, me.headers);
    const q = view.questions[0].id;
    const wrong = wrongOption(fx, view, q);
    await put(view, q, [wrong], 1, me.headers);
    expect((await t.app.inject({ method: 'POST', url: `/api/attempts/${view.attemptId}/submit`, headers: me.headers, payload: {} })).json().correct).toBe(0);
    const wrongText = view.questions[0].options.find((o) => o.id === wrong)!.text;
    const realWrong = fx.snapshot.questions.find((x) => x.id === q)!.options.find((o) => o.text === wrongText)!.id;
    const event: KeyCorrectedV1 = {
      questionId: randomUUID(),
      questionVersionId: q,
      roundIds: [fx.roundId],
      correctOptionIds: [realWrong],
      correctedBy: randomUUID(),
      correctedAt: new Date().toISOString(),
    };
    const regrader = t.app.get(RegradingService);
    await regrader.consumeOnce(); // the group exists, nothing of earlier tests is pending
    const id = await t.redis.xadd(STREAMS.keyCorrected, '*', 'data', JSON.stringify(event));
    // Another instance reads the correction and is killed before acknowledging it, two minutes ago (XCLAIM … IDLE
    // sets the entry's idle time as if it had been waiting that long).
    await t.redis.xreadgroup('GROUP', REGRADE_GROUP, 'killed-instance', 'COUNT', 10, 'STREAMS', STREAMS.keyCorrected, '>');
    await t.redis.xclaim(STREAMS.keyCorrected, REGRADE_GROUP, 'killed-instance', 0, id!, 'IDLE', 120_000, 'JUSTID');
    expect(await regrader.consumeOnce()).toBe(0); // not this instance's own: a plain read does not see it
    await regrader.reclaim();
    expect(((await t.redis.xpending(STREAMS.keyCorrected, REGRADE_GROUP)) as [number])[0]).toBe(0);
    await t.app.get(OutboxRelay).relayAll();
    const events = await streamEvents(t.redis, view.attemptId);
    expect(events.filter((e) => e.regraded)).toEqual([expect.objectContaining({ correct: 1, points: 1 })]);
  });
});
