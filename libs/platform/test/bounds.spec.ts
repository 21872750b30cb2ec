import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, MaxLength, registerDecorator, ValidateNested } from 'class-validator';
import { findOversized } from '../src/validation/bounds';
import { refuseOversized } from '../src/validation/validation';
import { ProblemException } from '../src/errors/problem.exception';

let perItemCalls = 0;
/** Stands for @ArrayUnique and every `{ each: true }` rule: counts the calls that reach per-item work. */
function CountingItems(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'countingItems',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (v: unknown) => {
          perItemCalls += 1;
          return Array.isArray(v);
        },
      },
    });
}

class ItemDto {
  @IsString() @MaxLength(5) text!: string;
}

class BodyDto {
  @IsArray() @ArrayMaxSize(16) @CountingItems() @IsString({ each: true }) @MaxLength(64, { each: true }) ids!: string[];
  @IsString() @MaxLength(10) name!: string;
  @IsArray() @ArrayMaxSize(3) @ValidateNested({ each: true }) @Type(() => ItemDto) items!: ItemDto[];
}

/** An array that records every element read: the pre-check may read its length only. */
function watchedArray(length: number): { array: string[]; reads: () => number } {
  let reads = 0;
  const array = new Proxy(
    Array.from({ length }, (_, i) => `id${i}`),
    {
      get(t, k, r) {
        if (typeof k === 'string' && /^\d+$/.test(k)) reads += 1;
        return Reflect.get(t, k, r) as unknown;
      },
    },
  );
  return { array, reads: () => reads };
}

describe(findOversized.name, () => {
  beforeEach(() => {
    perItemCalls = 0;
  });

  it('refuses an over-long array from its length, before any item is read or any per-item rule runs', () => {
    const { array, reads } = watchedArray(40_000);
    expect(Array.isArray(array)).toBe(true);
    expect(() => refuseOversized(BodyDto, { ids: array, name: 'a', items: [] })).toThrow(ProblemException);
    expect(findOversized(BodyDto, { ids: array })).toEqual({ field: 'ids', constraint: 'arrayMaxSize', message: 'must contain no more than 16 elements' });
    expect(reads()).toBe(0);
    expect(perItemCalls).toBe(0);
  });

  it('refuses over-long strings, items and nested fields, naming them', () => {
    expect(findOversized(BodyDto, { name: 'x'.repeat(11) })?.field).toBe('name');
    expect(findOversized(BodyDto, { ids: ['a', 'b'.repeat(65)] })?.field).toBe('ids[1]');
    expect(findOversized(BodyDto, { items: [{ text: 'ok' }, { text: 'too long' }] })?.field).toBe('items[1].text');
    expect(findOversized(BodyDto, { items: [{}, {}, {}, {}] })?.field).toBe('items');
  });

  it('lets through what is within bounds (and leaves types to class-validator)', () => {
    expect(findOversized(BodyDto, { ids: ['a'], name: 'ok', items: [{ text: 'ok' }] })).toBeNull();
    expect(findOversized(BodyDto, { ids: 'not an array', name: 42, items: null })).toBeNull();
    expect(findOversized(BodyDto, null)).toBeNull();
  });
});
