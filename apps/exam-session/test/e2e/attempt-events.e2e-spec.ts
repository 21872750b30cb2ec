import { bearer, testToken } from '@hoi-thi/testing';
import { contestant, createExamApp, ExamTestApp, publishRound } from '../exam-fixtures';

const BUDGET = 30;

/** POST /api/attempts/:id/events: only while the attempt can change, within a per-contestant budget, bounded. */
describe('exam-session attempt events (HTTP)', () => {
  let t: ExamTestApp;
  beforeAll(async () => {
    t = await createExamApp({ config: { eventsPerMinute: BUDGET } });
  });
  afterAll(async () => {
    await t.app.close();
  });

  const judge = bearer(testToken(['judge']));
  const started = async (o: Parameters<typeof publishRound>[2] = {}) => {
    const fx = await publishRound(t.pool, t.redis, o);
    const me = contestant();
    const view = (await t.app.inject({ method: 'POST', url: `/api/rounds/${fx.roundId}/attempts`, headers: me.headers })).json();
    const post = (payload: unknown) =>
      t.app.inject({ method: 'POST', url: `/api/attempts/${view.attemptId}/events`, headers: me.headers, payload: payload as object });
    const stored = async () =>
      (await t.app.inject({ method: 'GET', url: `/api/attempts/${view.attemptId}/audit`, headers: judge })).json().events.map((e: { type: string }) => e.type);
    return { fx, me, view, post, stored };
  };

  it('stores one event or a batch, in order, for judges', async () => {
    const a = await started();
    expect((await a.post({ type: 'blur', at: new Date().toISOString() })).statusCode).toBe(204);
    const batch = Array.from({ length: 20 }, (_, i) => ({ type: i % 2 ? 'online' : 'offline', at: new Date(Date.now() + i).toISOString() }));
    expect((await a.post({ events: batch })).statusCode).toBe(204);
    expect(await a.stored()).toEqual(['blur', ...batch.map((e) => e.type)]);
  });

  it('bounds a request: at most 20 events, each checked, a few KB; the field named in Vietnamese and nothing stored', async () => {
    const a = await started();
    const tooMany = await a.post({ events: Array.from({ length: 21 }, () => ({ type: 'blur' })) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.headers['content-type']).toContain('application/problem+json');
    expect(tooMany.json().errors).toEqual([{ field: 'events', message: 'Danh sách có tối đa 20 phần tử.' }]);
    const badItem = await a.post({ events: [{ type: 'blur' }, { type: 'nap' }] });
    expect(badItem.statusCode).toBe(400);
    expect(badItem.json().errors.map((e: { field: string }) => e.field)).toEqual(['events[1].type']);
    expect(badItem.json().errors[0].message).toMatch(/[ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữự]/i);
    const empty = await a.post({});
    expect([empty.statusCode, empty.json().errors.map((e: { field: string }) => e.field)]).toEqual([400, ['type']]);
    const big = await a.post({ type: 'blur', pad: 'x'.repeat(5000) });
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
    expect(await a.stored()).toEqual([]);
  });

  it('refuses events once the attempt is submitted: 409 exam.attempt-closed in Vietnamese, nothing stored', async () => {
    const a = await started();
    expect((await t.app.inject({ method: 'POST', url: `/api/attempts/${a.view.attemptId}/submit`, headers: a.me.headers, payload: {} })).statusCode).toBe(200);
    for (const payload of [{ type: 'blur' }, { events: [{ type: 'paste' }] }]) {
      const res = await a.post(payload);
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        code: 'exam.attempt-closed',
        detail: 'Lượt thi đã kết thúc (đã nộp bài hoặc đã hết giờ), không ghi nhận thêm sự kiện.',
      });
    }
    expect(await a.stored()).toEqual([]);
  });

  it('refuses events past the deadline and grace (the round closing caps the deadline), also when Redis lost the attempt', async () => {
    const a = await started({ timeLimitSeconds: 3600, closesAt: new Date(t.clock.now() + 60_000) });
    t.clock.advance(60_000);
    expect((await a.post({ type: 'blur' })).statusCode).toBe(204); // within the grace
    t.clock.advance(5_000);
    const late = await a.post({ type: 'focus' });
    expect([late.statusCode, late.json().code]).toEqual([409, 'exam.attempt-closed']);
    await t.redis.del(`{r:${a.fx.roundId}}:a:${a.view.attemptId}`);
    expect((await a.post({ type: 'focus' })).statusCode).toBe(409);
    expect(await a.stored()).toEqual(['blur']);
  });

  it('limits each contestant to a budget of events per minute: 429 problem+json with Retry-After', async () => {
    const a = await started();
    const batch = (n: number) => ({ events: Array.from({ length: n }, () => ({ type: 'blur' })) });
    expect((await a.post(batch(20))).statusCode).toBe(204);
    expect((await a.post(batch(BUDGET - 20))).statusCode).toBe(204);
    const limited = await a.post({ type: 'focus' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json().code).toBe('rate.limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await a.stored()).toHaveLength(BUDGET);
    // Another contestant is not held back.
    expect((await (await started()).post({ type: 'blur' })).statusCode).toBe(204);
  });
});
