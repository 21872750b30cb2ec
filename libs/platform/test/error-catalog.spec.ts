import { DOMAIN_ERROR_CODES, DomainErrorCode } from '@hoi-thi/domain';
import { DOMAIN_ERRORS } from '../src/errors/domain-errors';
import { defineErrors, ErrorCodeOf, errorSpec, ErrorTable, localizeFieldError, registerErrorCatalogs } from '../src/errors/error-catalog';
import { ProblemException } from '../src/errors/problem.exception';
import { toProblem } from '../src/errors/problem';

const SHELF = { 'shelf.empty': { status: 409, vi: 'Kệ trống.', en: 'The shelf is empty.' } } satisfies ErrorTable;
const BOOKS = {
  'book.not-found': { status: 404, vi: 'Không tìm thấy sách.', en: 'Book not found.' },
  'book.title.invalid': { status: 400, vi: 'Tên sách «{title}» quá dài.', en: 'The title «{title}» is too long.' },
} satisfies ErrorTable;
const sut = defineErrors(SHELF, BOOKS);

describe(defineErrors.name, () => {
  it('throws only the codes of its catalogue or the platform (a misspelled code does not compile)', () => {
    expect(sut.error('book.not-found')).toBeInstanceOf(ProblemException);
    expect(sut.error('auth.forbidden').code).toBe('auth.forbidden');
    // @ts-expect-error 'book.not-fuond' is no code of this catalogue
    expect(sut.error('book.not-fuond').code).toBe('book.not-fuond');
    // @ts-expect-error a field message is a key of this catalogue too
    expect(sut.field('title', 'book.title.invlid').code).toBe('validation.failed');
    // @ts-expect-error outside a catalogue, ProblemException takes only the platform's codes
    expect(new ProblemException('book.not-found').code).toBe('book.not-found');
    const code: ErrorCodeOf<typeof sut> = 'shelf.empty';
    // @ts-expect-error the code type is exactly the union of its tables' codes
    const wrong: ErrorCodeOf<typeof sut> = 'shelf.full';
    expect([code, wrong]).toHaveLength(2);
  });

  it('refuses a code declared twice', () => {
    expect(() => defineErrors(SHELF, { 'shelf.empty': { status: 410, vi: 'x', en: 'x' } })).toThrow(/shelf\.empty/);
  });

  it('answers nothing until registered, then the status and messages of its table', () => {
    const late = defineErrors({ 'late.code': { status: 409, vi: 'Muộn.', en: 'Late.' } });
    expect(errorSpec('late.code')).toBeUndefined();
    expect(toProblem(late.error('late.code'), 'vi').body).toMatchObject({ status: 500, code: 'internal' });
    registerErrorCatalogs([late]);
    registerErrorCatalogs([late]);
    expect(toProblem(late.error('late.code'), 'en').body).toMatchObject({ status: 409, code: 'late.code', detail: 'Late.', title: 'Late.' });
  });

  it('stops the boot when two catalogues give one code different answers', () => {
    registerErrorCatalogs([defineErrors({ 'twice.code': { status: 404, vi: 'Một.', en: 'One.' } })]);
    expect(() => registerErrorCatalogs([defineErrors({ 'twice.code': { status: 410, vi: 'Một.', en: 'One.' } })])).toThrow(/twice\.code/);
    expect(errorSpec('twice.code')?.status).toBe(404);
  });

  it('localizes a field message and fills its placeholders', () => {
    registerErrorCatalogs([sut]);
    const p = toProblem(sut.field('title', 'book.title.invalid', undefined, { title: 'Truyện Kiều' }), 'vi');
    expect(p.body).toMatchObject({ status: 400, code: 'validation.failed', errors: [{ field: 'title', message: 'Tên sách «Truyện Kiều» quá dài.' }] });
    expect(localizeFieldError(sut.fieldError('title', 'book.title.invalid', { title: 'X' }), 'en')).toBe('The title «X» is too long.');
    expect(sut.message('book.not-found', 'en')).toBe('Book not found.');
  });
});

describe('DOMAIN_ERRORS', () => {
  it.each([...DOMAIN_ERROR_CODES])('maps %s to a status and both messages, registered without any service', (code: DomainErrorCode) => {
    const spec = DOMAIN_ERRORS[code];
    expect(spec.status).toBeGreaterThanOrEqual(400);
    expect(spec.status).toBeLessThan(600);
    expect(spec.vi).toMatch(/\S/);
    expect(spec.en).toMatch(/\S/);
    expect(spec.vi).not.toBe(spec.en);
    expect(errorSpec(code)).toBe(spec);
  });

  it('lists no code the domain does not have', () => {
    expect(Object.keys(DOMAIN_ERRORS).sort()).toEqual([...DOMAIN_ERROR_CODES].sort());
  });
});
