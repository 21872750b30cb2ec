import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SaveAnswerRequestV1, SubmitAttemptRequestV1 } from '@hoi-thi/contracts';
import { asJson, contractAccepts } from '../../../test/request-contracts';
import { isSubmitBody, SubmitAttemptDto } from '../../submissions/dto/submit-attempt.dto';
import { isSaveAnswerBody, SaveAnswerDto } from './save-answer.dto';

const classValidatorAccepts = (cls: new () => object, body: unknown) =>
  typeof body === 'object' &&
  body !== null &&
  !Array.isArray(body) &&
  validateSync(plainToInstance(cls, body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }).length === 0;

const nearSave = fc.record(
  {
    optionIds: fc.oneof(
      fc.uniqueArray(fc.string({ maxLength: 70 }), { maxLength: 18 }),
      fc.array(fc.string({ maxLength: 3 }), { maxLength: 4 }),
      fc.anything(),
    ),
    seq: fc.oneof(fc.integer({ min: -5, max: 2 ** 31 + 5 }), fc.double(), fc.string(), fc.constant(null)),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);

// Bodies the fast check mostly accepts: nearSave alone gave it a few dozen in 2000 runs.
const admissibleSave = fc.record({
  optionIds: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 70 }), { maxLength: 18 }),
  seq: fc.integer({ min: -1, max: 2 ** 31 }),
});

describe(isSaveAnswerBody.name, () => {
  it('accepts only what class-validator accepts (and every ordinary valid body)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(nearSave, admissibleSave, fc.anything()), (body) => {
        if (!isSaveAnswerBody(body)) return;
        accepted += 1;
        expect(classValidatorAccepts(SaveAnswerDto, body)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(100); // the comparison ran, not only the guard
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (optionIds, seq) => {
        expect(isSaveAnswerBody({ optionIds, seq })).toBe(true);
        expect(classValidatorAccepts(SaveAnswerDto, { optionIds, seq })).toBe(true);
      }),
    );
  });

  it.each([
    [{ optionIds: ['a', 'a'], seq: 1 }],
    [{ optionIds: ['a'], seq: 1.5 }],
    [{ optionIds: ['a'], seq: 1, x: 1 }],
    [{ optionIds: 'a', seq: 1 }],
    [{ seq: 1 }],
    [[]],
    [null],
  ])('refuses %p', (body) => {
    expect(isSaveAnswerBody(body)).toBe(false);
    expect(classValidatorAccepts(SaveAnswerDto, body)).toBe(false);
  });
});

describe('SaveAnswerRequestV1', () => {
  const contract = contractAccepts(SaveAnswerRequestV1);
  it('admits exactly the bodies the DTO accepts', () => {
    fc.assert(
      fc.property(fc.oneof(nearSave, fc.anything()), (raw) => {
        const body = asJson(raw);
        if (body === undefined) return;
        expect(contract(body)).toBe(classValidatorAccepts(SaveAnswerDto, body));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('SubmitAttemptRequestV1', () => {
  const contract = contractAccepts(SubmitAttemptRequestV1);
  it('admits only bodies the DTO accepts (the server also takes a padded or zero-trailed decimal string)', () => {
    const near = fc.record(
      { prediction: fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(null), fc.stringMatching(/^-?\d{1,16}(\.\d{1,6})?$/)), other: fc.anything() },
      { requiredKeys: [] },
    );
    let admitted = 0;
    fc.assert(
      fc.property(fc.oneof(near, fc.anything()), (raw) => {
        const body = asJson(raw);
        // JSON Schema cannot bound a number's decimals (multipleOf 0.00001 fails on binary fractions): the description says 5.
        const p = (body as { prediction?: unknown } | null)?.prediction;
        if (typeof p === 'number' && !/^-?\d+(\.\d{1,5})?$/.test(String(p))) return;
        if (body === undefined || !contract(body)) return;
        admitted += 1;
        expect(classValidatorAccepts(SubmitAttemptDto, body)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(admitted).toBeGreaterThan(20); // the comparison ran, not only the guard
    expect(contract({ prediction: '1234.5' }) && contract({ prediction: 12 }) && contract({ prediction: null }) && contract({})).toBe(true);
  });
});

describe(isSubmitBody.name, () => {
  it('accepts only what class-validator accepts', () => {
    const near = fc.record(
      { prediction: fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(null), fc.stringMatching(/^-?\d{1,16}(\.\d{1,6})?$/)), other: fc.anything() },
      { requiredKeys: [] },
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(near, fc.anything()), (body) => {
        if (!isSubmitBody(body) || body === undefined || body === null) return;
        accepted += 1;
        expect(classValidatorAccepts(SubmitAttemptDto, body)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(20); // the comparison ran, not only the guard
  });

  it.each([[{}], [{ prediction: 12 }], [{ prediction: '12.34567' }], [{ prediction: null }], [undefined]])('accepts %p', (body) => {
    expect(isSubmitBody(body)).toBe(true);
  });
});
