import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { DomainError } from '@hoi-thi/domain';
import { defineErrors, localizeFieldError, pickLang, registerErrorCatalogs } from '../src/errors/error-catalog';
import { ProblemException } from '../src/errors/problem.exception';
import { toProblem } from '../src/errors/problem';

const TEST_ERRORS = defineErrors({ 'test.thing-missing': { status: 404, vi: 'Không có thứ đó.', en: 'No such thing.' } });
registerErrorCatalogs([TEST_ERRORS]);

describe(toProblem.name, () => {
  it('maps a DomainError code to its status and Vietnamese detail', () => {
    const p = toProblem(new DomainError('timing.round-closed'), 'vi');
    expect(p).toMatchObject({ status: 409, body: { code: 'timing.round-closed', detail: 'Vòng thi đã đóng.', status: 409 } });
    expect(toProblem(new DomainError('timing.round-closed'), 'en').body.detail).toBe('The round is closed.');
  });

  it('maps a code of a registered catalogue to its status and messages', () => {
    const p = toProblem(TEST_ERRORS.error('test.thing-missing'), 'vi');
    expect(p).toMatchObject({ status: 404, body: { code: 'test.thing-missing', detail: 'Không có thứ đó.', title: 'No such thing.' } });
    expect(toProblem(TEST_ERRORS.error('test.thing-missing'), 'en').body.detail).toBe('No such thing.');
  });

  it('logs a domain invariant answered 500 under an error id', () => {
    const p = toProblem(new DomainError('ranking.invalid-stats'), 'vi');
    expect(p).toMatchObject({ status: 500, body: { code: 'ranking.invalid-stats' } });
    expect(p.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.unexpected).toBeInstanceOf(DomainError);
  });

  it('reports field errors localized', () => {
    const p = toProblem(
      new ProblemException('validation.failed', [
        { field: 'password', constraint: 'minLength', message: 'password must be longer than or equal to 8 characters' },
      ]),
      'vi',
    );
    expect(p.status).toBe(400);
    expect(p.body.errors).toEqual([{ field: 'password', message: 'Phải có ít nhất 8 ký tự.' }]);
  });

  it('keeps headers such as Retry-After', () => {
    const p = toProblem(new ProblemException('rate.limited', undefined, { 'retry-after': '7' }), 'vi');
    expect(p).toMatchObject({ status: 429, headers: { 'retry-after': '7' } });
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(toProblem(new NotFoundException(), 'vi').body.code).toBe('not-found');
    expect(toProblem(new ForbiddenException(), 'vi').body).toMatchObject({ status: 403, code: 'auth.forbidden' });
    expect(toProblem(new BadRequestException(), 'vi').status).toBe(400);
  });

  it('answers an unknown error 500 with an error id and no internals', () => {
    const p = toProblem(new Error('secret database detail'), 'vi');
    expect(p.status).toBe(500);
    expect(p.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(p.body)).not.toContain('secret database detail');
    expect(p.unexpected).toBeInstanceOf(Error);
  });

  it('treats an error carrying an unregistered code as an internal error', () => {
    expect(toProblem(Object.assign(new Error('x'), { code: 'nobody.registered.this' }), 'vi').body).toMatchObject({ status: 500, code: 'internal' });
    expect(toProblem(new ProblemException<'nobody.registered.this'>('nobody.registered.this'), 'vi').body).toMatchObject({ status: 500, code: 'internal' });
  });

  it('maps Fastify errors (body too large) by their status', () => {
    const err = Object.assign(new Error('too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(toProblem(err, 'vi').body).toMatchObject({ status: 413, code: 'payload.too-large' });
  });
});

describe(pickLang.name, () => {
  it('is Vietnamese unless English comes first', () => {
    expect(pickLang(undefined)).toBe('vi');
    expect(pickLang('vi-VN,vi;q=0.9,en;q=0.8')).toBe('vi');
    expect(pickLang('en-US,en;q=0.9')).toBe('en');
    expect(pickLang('fr')).toBe('vi');
  });
});

describe(localizeFieldError.name, () => {
  it('uses a catalog key when the DTO gave one', () => {
    expect(localizeFieldError({ field: 'x', constraint: 'isIn', message: 'test.thing-missing' }, 'en')).toBe('No such thing.');
  });
  it('falls back to the raw message for an unknown constraint', () => {
    expect(localizeFieldError({ field: 'x', constraint: 'weird', message: 'raw text' }, 'vi')).toBe('raw text');
  });
});
