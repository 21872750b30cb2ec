import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { uniq } from '@hoi-thi/testing';
import { addQuestions, ADMIN, CONTESTANT, createBank, JUDGE, ORGANIZER, pg, qbApp, question } from '../helpers';

// The project's testTimeout is not applied per project by jest 30: these HTTP suites set their own.
jest.setTimeout(120_000); // generous: two jest workers, PostgreSQL, Redis and Chromium share two cores in CI

describe('question-bank: banks and questions (HTTP)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await qbApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of [
      '/api/banks',
      '/api/banks/{bankId}/questions',
      '/api/banks/{bankId}/import',
      '/api/contests/{contestId}/rounds',
      '/api/rounds/{roundId}/publish',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  describe('roles', () => {
    it('answers every bank/question route 401 without a token and 403 to contestants and judges', async () => {
      const bankId = await createBank(app);
      const [qid] = await addQuestions(app, bankId, [{ topic: 'A', difficulty: 'easy', n: 1 }]);
      const routes: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object }[] = [
        { method: 'GET', url: '/api/banks' },
        { method: 'POST', url: '/api/banks', payload: { name: 'x' } },
        { method: 'GET', url: `/api/banks/${bankId}` },
        { method: 'PATCH', url: `/api/banks/${bankId}`, payload: { name: 'y' } },
        { method: 'DELETE', url: `/api/banks/${bankId}` },
        { method: 'GET', url: `/api/banks/${bankId}/questions` },
        { method: 'POST', url: `/api/banks/${bankId}/questions`, payload: question() },
        { method: 'GET', url: `/api/questions/${qid}` },
        { method: 'GET', url: `/api/questions/${qid}/versions` },
        { method: 'PATCH', url: `/api/questions/${qid}`, payload: { text: 'z?' } },
        { method: 'DELETE', url: `/api/questions/${qid}` },
        { method: 'GET', url: `/api/banks/${bankId}/export?format=csv` },
        { method: 'GET', url: `/api/banks/import-template?format=csv` },
        { method: 'POST', url: `/api/banks/${bankId}/import` },
        { method: 'GET', url: `/api/question-bank/audit` },
      ];
      for (const r of routes) {
        const none = await app.inject({ method: r.method, url: r.url, payload: r.payload });
        expect([r.url, none.statusCode]).toEqual([r.url, 401]);
        expect(none.headers['content-type']).toContain('application/problem+json');
        for (const headers of [CONTESTANT(), JUDGE()]) {
          const res = await app.inject({ method: r.method, url: r.url, payload: r.payload, headers });
          expect([r.method, r.url, res.statusCode, res.json().code]).toEqual([r.method, r.url, 403, 'auth.forbidden']);
        }
      }
      // Nothing changed through the refused calls.
      const still = await app.inject({ method: 'GET', url: `/api/questions/${qid}`, headers: ORGANIZER() });
      expect(still.json().version).toBe(1);
    });

    it('lets organizers and admins manage banks', async () => {
      for (const headers of [ORGANIZER(), ADMIN()]) {
        const created = await app.inject({ method: 'POST', url: '/api/banks', headers, payload: { name: `  Ngân hàng ${uniq()} `, description: 'Mô tả' } });
        expect(created.statusCode).toBe(201);
        const id = created.json().id;
        expect(created.json()).toMatchObject({ questionCount: 0, cells: [] });
        expect(created.json().createdAt).toMatch(/\+07:00$/);
        const patched = await app.inject({ method: 'PATCH', url: `/api/banks/${id}`, headers, payload: { name: 'Tên mới' } });
        expect(patched.json()).toMatchObject({ name: 'Tên mới', description: 'Mô tả' });
        const list = await app.inject({ method: 'GET', url: '/api/banks?limit=200', headers });
        expect(list.json().items.some((b: { id: string }) => b.id === id)).toBe(true);
        expect(list.json().items.find((b: { id: string }) => b.id === id)).toMatchObject({ name: 'Tên mới', questionCount: 0 });
        expect((await app.inject({ method: 'DELETE', url: `/api/banks/${id}`, headers })).statusCode).toBe(204);
        expect((await app.inject({ method: 'GET', url: `/api/banks/${id}`, headers })).statusCode).toBe(404);
      }
    });
  });

  it('pages the banks newest first by keyset, each bank once', async () => {
    const mine = [await createBank(app), await createBank(app), await createBank(app)];
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { items: { id: string; createdAt: string }[]; nextCursor: string | null } = (
        await app.inject({ method: 'GET', url: `/api/banks?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: ORGANIZER() })
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(new Set(seen.map((b) => b.id)).size).toBe(seen.length);
    expect(seen.map((b) => b.id).filter((id) => mine.includes(id))).toEqual([...mine].reverse());
    const times = seen.map((b) => Date.parse(b.createdAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect((await app.inject({ method: 'GET', url: '/api/banks?cursor=abc', headers: ORGANIZER() })).statusCode).toBe(400);
  });

  it('answers 404 for unknown or malformed ids and 400 naming each bad field', async () => {
    expect((await app.inject({ method: 'GET', url: `/api/banks/${randomUUID()}`, headers: ORGANIZER() })).json().code).toBe('bank.not-found');
    expect((await app.inject({ method: 'GET', url: `/api/banks/not-a-uuid`, headers: ORGANIZER() })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/questions/${randomUUID()}`, headers: ORGANIZER() })).statusCode).toBe(404);
    const bad = await app.inject({ method: 'POST', url: '/api/banks', headers: ORGANIZER(), payload: { name: '', isAdmin: true } });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['isAdmin', 'name']);
  });

  it('stores questions NFC, validates their rules in Vietnamese, and refuses bad input without changing anything', async () => {
    const bankId = await createBank(app);
    const nfd = 'Nghị quyết số 15 được ban hành năm nào?'.normalize('NFD');
    const created = await app.inject({ method: 'POST', url: `/api/banks/${bankId}/questions`, headers: ORGANIZER(), payload: question({ text: nfd }) });
    expect(created.statusCode).toBe(201);
    const q = created.json();
    expect(q.text).toBe(nfd.normalize('NFC'));
    expect(q.options).toHaveLength(3);
    expect(q.correctOptionIds).toEqual([q.options[0].id]);
    expect(q).toMatchObject({ version: 1, kind: 'single', points: 1, topic: 'Chủ đề A' });

    const invalid = await app.inject({
      method: 'POST',
      url: `/api/banks/${bankId}/questions`,
      headers: ORGANIZER(),
      payload: question({
        options: [
          { text: 'a', correct: true },
          { text: 'b', correct: true },
        ],
        imageUrl: 'javascript:alert(1)',
      }),
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors).toEqual([
      { field: 'options', message: 'Câu một đáp án phải có đúng 1 đáp án đúng.' },
      { field: 'imageUrl', message: 'Đường dẫn ảnh phải là địa chỉ http(s) hợp lệ.' },
    ]);
    const tooFew = await app.inject({
      method: 'POST',
      url: `/api/banks/${bankId}/questions`,
      headers: ORGANIZER(),
      payload: question({ options: [{ text: 'a', correct: true }] }),
    });
    expect(tooFew.statusCode).toBe(400);
    expect(tooFew.json().errors[0].field).toBe('options');
    const count = await app.inject({ method: 'GET', url: `/api/banks/${bankId}`, headers: ORGANIZER() });
    expect(count.json().questionCount).toBe(1);
  });

  it('detects near-duplicates (other keyboard, case, punctuation) with 409 naming the existing question, unless allowed', async () => {
    const bankId = await createBank(app);
    const text = `Cơ quan nào ban hành Nghị quyết số 15-NQ/TW ${uniq()}?`;
    const first = await app.inject({ method: 'POST', url: `/api/banks/${bankId}/questions`, headers: ORGANIZER(), payload: question({ text }) });
    const again = await app.inject({
      method: 'POST',
      url: `/api/banks/${bankId}/questions`,
      headers: ORGANIZER(),
      payload: question({ text: `  ${text.normalize('NFD').toUpperCase().replace('?', ' ?!')}` }),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('question.near-duplicate');
    expect(again.json().errors).toContainEqual({ field: 'duplicateOf', message: first.json().id });
    const allowed = await app.inject({
      method: 'POST',
      url: `/api/banks/${bankId}/questions`,
      headers: ORGANIZER(),
      payload: question({ text: text.toUpperCase(), allowDuplicate: true }),
    });
    expect(allowed.statusCode).toBe(201);
    // Another bank is free to hold the same question.
    const other = await createBank(app);
    expect((await app.inject({ method: 'POST', url: `/api/banks/${other}/questions`, headers: ORGANIZER(), payload: question({ text }) })).statusCode).toBe(
      201,
    );
  });

  it('searches without diacritics, filters by topic/difficulty/kind and paginates', async () => {
    const bankId = await createBank(app);
    await addQuestions(app, bankId, [
      { topic: 'Chuyển đổi số', difficulty: 'easy', n: 3 },
      { topic: 'Mặt trận', difficulty: 'hard', n: 2 },
    ]);
    await app.inject({
      method: 'POST',
      url: `/api/banks/${bankId}/questions`,
      headers: ORGANIZER(),
      payload: question({ text: 'Sổ tay đảng viên điện tử ra mắt năm nào?', topic: 'Mặt trận', difficulty: 'medium' }),
    });
    const get = (qs: string) => app.inject({ method: 'GET', url: `/api/banks/${bankId}/questions?${qs}`, headers: ORGANIZER() }).then((r) => r.json());
    expect((await get('q=so%20tay%20DANG%20vien')).items.map((i: { text: string }) => i.text)).toEqual(['Sổ tay đảng viên điện tử ra mắt năm nào?']);
    expect((await get(`topic=${encodeURIComponent('Chuyển đổi số')}`)).total).toBe(3);
    expect((await get(`topic=${encodeURIComponent('Mặt trận')}&difficulty=hard`)).total).toBe(2);
    expect((await get('kind=multiple')).total).toBe(0);
    // Keyset pages: every question once, in creation order, the last page without a cursor.
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page = await get(`limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(6);
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
      pages++;
    }
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(6);
    expect(seen).toEqual((await get('limit=200')).items.map((i: { id: string }) => i.id));
    const forged = await app.inject({ method: 'GET', url: `/api/banks/${bankId}/questions?cursor=bm90LWEtY3Vyc29y`, headers: ORGANIZER() });
    expect([forged.statusCode, forged.json().errors[0].field]).toEqual([400, 'cursor']);
    expect((await app.inject({ method: 'GET', url: `/api/banks/${bankId}/questions?offset=2`, headers: ORGANIZER() })).statusCode).toBe(400);
    expect((await get('q=100%25')).total).toBe(0);
    expect((await app.inject({ method: 'GET', url: `/api/banks/${bankId}/questions?difficulty=extreme`, headers: ORGANIZER() })).statusCode).toBe(400);
    const bank = await app.inject({ method: 'GET', url: `/api/banks/${bankId}`, headers: ORGANIZER() });
    expect(bank.json().cells).toEqual([
      { topic: 'Chuyển đổi số', difficulty: 'easy', count: 3 },
      { topic: 'Mặt trận', difficulty: 'hard', count: 2 },
      { topic: 'Mặt trận', difficulty: 'medium', count: 1 },
    ]);
  });

  it('edits into a new immutable version keeping option ids, and soft-deletes', async () => {
    const bankId = await createBank(app);
    const q = (await app.inject({ method: 'POST', url: `/api/banks/${bankId}/questions`, headers: ORGANIZER(), payload: question() })).json();
    const [a, b, c] = q.options;
    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/questions/${q.id}`,
      headers: ORGANIZER(),
      payload: {
        options: [{ id: a.id, text: a.text }, { id: b.id, text: 'Phương án sai (sửa)', correct: true }, { id: c.id, text: c.text }, { text: 'Phương án mới' }],
      },
    });
    expect(edited.statusCode).toBe(200);
    const v2 = edited.json();
    expect(v2).toMatchObject({ id: q.id, version: 2, text: q.text });
    expect(v2.versionId).not.toBe(q.versionId);
    expect(v2.options.slice(0, 3).map((o: { id: string }) => o.id)).toEqual([a.id, b.id, c.id]);
    expect(v2.correctOptionIds).toEqual([b.id]);
    const noop = await app.inject({ method: 'PATCH', url: `/api/questions/${q.id}`, headers: ORGANIZER(), payload: { text: v2.text } });
    expect(noop.json().version).toBe(2);
    const foreign = await app.inject({
      method: 'PATCH',
      url: `/api/questions/${q.id}`,
      headers: ORGANIZER(),
      payload: { options: [{ id: randomUUID(), text: 'x', correct: true }, { text: 'y' }] },
    });
    expect(foreign.statusCode).toBe(400);
    const versions = await app.inject({ method: 'GET', url: `/api/questions/${q.id}/versions`, headers: ORGANIZER() });
    expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.json().items[1].correctOptionIds).toEqual([a.id]);
    expect(versions.json().nextCursor).toBeNull();

    const db = await pg();
    try {
      await expect(db.query(`UPDATE question_bank.question_versions SET text = 'hack' WHERE id = $1`, [q.versionId])).rejects.toThrow(/immutable/);
      expect((await app.inject({ method: 'DELETE', url: `/api/questions/${q.id}`, headers: ORGANIZER() })).statusCode).toBe(204);
      expect((await app.inject({ method: 'GET', url: `/api/questions/${q.id}`, headers: ORGANIZER() })).statusCode).toBe(404);
      const row = await db.query(`SELECT deleted_at FROM question_bank.questions WHERE id = $1`, [q.id]);
      expect(row.rows[0].deleted_at).not.toBeNull();
      const audit = await app.inject({ method: 'GET', url: `/api/question-bank/audit?entityId=${q.id}`, headers: ADMIN() });
      expect(audit.json().items.map((i: { action: string }) => i.action)).toEqual(['question.delete', 'question.edit', 'question.create']);
      expect(audit.json().nextCursor).toBeNull();
      const first = (await app.inject({ method: 'GET', url: `/api/question-bank/audit?entityId=${q.id}&limit=2`, headers: ADMIN() })).json();
      expect(first.items.map((i: { action: string }) => i.action)).toEqual(['question.delete', 'question.edit']);
      const rest = (
        await app.inject({ method: 'GET', url: `/api/question-bank/audit?entityId=${q.id}&limit=2&cursor=${first.nextCursor}`, headers: ADMIN() })
      ).json();
      expect(rest).toMatchObject({ items: [{ action: 'question.create', entityType: 'question', entityId: q.id, details: { bankId } }], nextCursor: null });
      expect(rest.items[0].at).toMatch(/\+07:00$/);
    } finally {
      await db.end();
    }
  });
});
