import { bearer, createTestApp, privateRedisPrefix, testToken, uniq } from '@hoi-thi/testing';
import { qrSvg } from '../../../question-bank/src/contests/qr';
import { QUESTION_BANK_SERVICE } from '../../../question-bank/src/question-bank.service-def';
import { contestant, createExamApp, publishRound } from '../../../exam-session/test/exam-fixtures';

/** Issue #12, finding 8: forwarded headers believed only from TRUST_PROXY; links and QR codes from PUBLIC_BASE_URL. */
describe('forwarded headers', () => {
  it.each([
    ['', '127.0.0.1'], // the default: nobody is believed
    ['127.0.0.1', '1.2.3.4'],
  ])('with TRUST_PROXY=%p the attempt audit records %p for X-Forwarded-For 1.2.3.4 from 127.0.0.1', async (trust, expected) => {
    const t = await createExamApp({}, { TRUST_PROXY: trust, REDIS_KEY_PREFIX: privateRedisPrefix('xff') });
    try {
      const fx = await publishRound(t.pool, t.redis);
      const me = contestant();
      const v = (
        await t.app.inject({
          method: 'POST',
          url: `/api/rounds/${fx.roundId}/attempts`,
          headers: { ...me.headers, 'x-forwarded-for': '1.2.3.4' },
          remoteAddress: '127.0.0.1',
        })
      ).json();
      const audit = (await t.app.inject({ method: 'GET', url: `/api/attempts/${v.attemptId}/audit`, headers: bearer(testToken(['judge'])) })).json();
      expect(audit.ip).toBe(expected);
    } finally {
      await t.app.close();
    }
  });

  it('builds contest links and QR codes from PUBLIC_BASE_URL, whatever Host and X-Forwarded-Host say', async () => {
    const app = await createTestApp([QUESTION_BANK_SERVICE], {
      PUBLIC_BASE_URL: 'https://thi.example.vn/',
      TRUST_PROXY: 'loopback',
      REDIS_KEY_PREFIX: privateRedisPrefix('host'),
    });
    try {
      const organizer = bearer(testToken(['organizer']));
      const created = await app.inject({ method: 'POST', url: '/api/contests', headers: organizer, payload: { title: `Hội thi ${uniq()}`, published: true } });
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      const evil = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' };
      const got = await app.inject({ method: 'GET', url: `/api/contests/${id}`, headers: evil });
      expect(got.json().link).toBe(`https://thi.example.vn/contests/${id}`);
      const qr = await app.inject({ method: 'GET', url: `/api/contests/${id}/qr.svg`, headers: evil });
      expect(qr.body).toBe(await qrSvg(`https://thi.example.vn/contests/${id}`));
      expect(qr.body).not.toBe(await qrSvg(`http://evil.example/contests/${id}`));
    } finally {
      await app.close();
    }
  });
});
