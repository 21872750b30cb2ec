import { ProblemException } from '@hoi-thi/platform';
import { isSaveAnswerBody, SaveAnswerDto } from '../answers/dto/save-answer.dto';
import { validateHot } from './fast-validation';

describe(validateHot.name, () => {
  it('refuses a 40,000-option save from the array length alone: no option is read, @ArrayUnique never runs', () => {
    let reads = 0;
    const optionIds = new Proxy(
      Array.from({ length: 40_000 }, (_, i) => `o${i}`),
      {
        get(t, k, r) {
          if (typeof k === 'string' && /^\d+$/.test(k)) reads += 1;
          return Reflect.get(t, k, r) as unknown;
        },
      },
    );
    let thrown: unknown;
    try {
      validateHot(SaveAnswerDto, { optionIds, seq: 1 }, isSaveAnswerBody);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ProblemException);
    expect((thrown as ProblemException).code).toBe('validation.failed');
    expect((thrown as ProblemException).fieldErrors).toEqual([expect.objectContaining({ field: 'optionIds', constraint: 'arrayMaxSize' })]);
    expect(reads).toBe(0);
  });

  it('still reports duplicates of a short array through class-validator', () => {
    expect(() => validateHot(SaveAnswerDto, { optionIds: ['a', 'a'], seq: 1 }, isSaveAnswerBody)).toThrow(ProblemException);
    expect(validateHot(SaveAnswerDto, { optionIds: ['a', 'b'], seq: 1 }, isSaveAnswerBody)).toEqual({ optionIds: ['a', 'b'], seq: 1 });
  });
});
