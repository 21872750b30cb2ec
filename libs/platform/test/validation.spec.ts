import { ArgumentMetadata } from '@nestjs/common';
import { IsInt, IsString, MinLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { createValidationPipe, flattenValidationErrors } from '../src/validation/validation';
import { ProblemException } from '../src/errors/problem.exception';

class Child {
  @IsInt() n: number;
}
class Body {
  @IsString() @MinLength(3) name: string;
  @ValidateNested({ each: true }) @Type(() => Child) items: Child[];
}
const meta: ArgumentMetadata = { type: 'body', metatype: Body };

describe(createValidationPipe.name, () => {
  const sut = createValidationPipe();

  it('passes a valid body through, converted to the class', async () => {
    const out = await sut.transform({ name: 'abc', items: [{ n: 1 }] }, meta);
    expect(out).toBeInstanceOf(Body);
  });

  it('refuses unknown properties (mass assignment) naming them', async () => {
    const err = await sut.transform({ name: 'abc', items: [], role: 'admin' }, meta).catch((e) => e);
    expect(err).toBeInstanceOf(ProblemException);
    expect((err as ProblemException).fieldErrors).toEqual([expect.objectContaining({ field: 'role', constraint: 'whitelistValidation' })]);
  });

  it('names nested fields with their path', async () => {
    const err = (await sut.transform({ name: 'ab', items: [{ n: 1 }, { n: 'x' }] }, meta).catch((e) => e)) as ProblemException;
    const fields = err.fieldErrors!.map((f) => f.field).sort();
    expect(fields).toEqual(['items[1].n', 'name']);
  });

  it('refuses an array where an object is declared with one error, not one per element', async () => {
    const huge = Array.from({ length: 140_000 }, (_, i) => i % 10);
    const err = (await sut.transform(huge, meta).catch((e) => e)) as ProblemException;
    expect(err).toBeInstanceOf(ProblemException);
    expect(err.fieldErrors).toEqual([{ field: '', constraint: 'isObject', message: 'must be an object' }]);
  });

  it('does not let __proto__ through', async () => {
    const body = JSON.parse('{"name":"abc","items":[],"__proto__":{"polluted":true}}');
    await sut.transform(body, meta).catch(() => undefined);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe(flattenValidationErrors.name, () => {
  it('flattens an empty list to nothing', () => {
    expect(flattenValidationErrors([])).toEqual([]);
  });
});
