import { DOMAIN_ERROR_CODES, DomainError, isDomainError } from './domain-error';

describe(DomainError.name, () => {
  it('carries code, message and details', () => {
    const sut = new DomainError('timing.round-closed', 'closed', { roundId: 'r1' });
    expect(sut).toBeInstanceOf(Error);
    expect(sut).toBeInstanceOf(DomainError);
    expect(sut.code).toBe('timing.round-closed');
    expect(sut.message).toBe('closed');
    expect(sut.details).toEqual({ roundId: 'r1' });
    expect(sut.name).toBe('DomainError');
    expect(sut.stack).toContain('DomainError');
  });

  it('defaults the message to the code', () => {
    const sut = new DomainError('drawing.invalid-seed');
    expect(sut.message).toBe('drawing.invalid-seed');
    expect(sut.details).toBeUndefined();
  });

  it('takes only the domain codes (a service throws its own through its catalogue)', () => {
    // @ts-expect-error an app code is not a DomainErrorCode
    expect(new DomainError('attempts.none-left').code).toBe('attempts.none-left');
  });

  it('is catchable as a thrown error', () => {
    expect(() => {
      throw new DomainError('ranking.invalid-rule');
    }).toThrow(DomainError);
  });

  it('lists distinct feature-scoped codes', () => {
    expect(new Set(DOMAIN_ERROR_CODES).size).toBe(DOMAIN_ERROR_CODES.length);
    for (const code of DOMAIN_ERROR_CODES) expect(code).toMatch(/^[a-z]+\.[a-z-]+$/);
  });
});

describe(isDomainError.name, () => {
  it('recognises domain errors, optionally by code', () => {
    const error = new DomainError('ranking.invalid-rule');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(error, 'ranking.invalid-rule')).toBe(true);
    expect(isDomainError(error, 'timing.round-closed')).toBe(false);
  });

  it('recognises a structurally equal error from another bundle', () => {
    const foreign = Object.assign(new Error('x'), { name: 'DomainError', code: 'timing.invalid-time' });
    expect(isDomainError(foreign, 'timing.invalid-time')).toBe(true);
  });

  it.each([new Error('x'), null, undefined, 'DomainError', 42, { name: 'DomainError' }])('rejects %p', (value) => {
    expect(isDomainError(value)).toBe(false);
  });
});
