import 'reflect-metadata';
import fc from 'fast-check';
import { ATTEMPT_EVENT_TYPES, AttemptEventsRequestV1, MAX_ATTEMPT_EVENTS_PER_REQUEST } from '@hoi-thi/contracts';
import { asJson, contractAccepts, dtoAccepts as accepts } from '../../../test/request-contracts';
import { AttemptEventsDto } from './attempt-event.dto';

const dtoAccepts = (body: unknown) => accepts(AttemptEventsDto, body);

const type = fc.oneof(fc.constantFrom(...ATTEMPT_EVENT_TYPES), fc.string({ maxLength: 20 }));
const at = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string({ maxLength: 45 }),
  fc.constant('2026-07-01'),
);
const event = fc.record({ type, at, extra: fc.anything() }, { requiredKeys: [] });
const body = fc.record(
  { type, at, events: fc.oneof(fc.array(event, { maxLength: MAX_ATTEMPT_EVENTS_PER_REQUEST + 2 }), fc.anything()), extra: fc.anything() },
  { requiredKeys: [] },
);
// Bodies the contract mostly admits: without them the property above met a handful of admitted bodies in 3000 runs.
const knownType = fc.constantFrom(...ATTEMPT_EVENT_TYPES);
const admissible = fc.oneof(
  fc.record({ type: knownType, at }, { requiredKeys: ['type'] }),
  fc.record({ events: fc.array(fc.record({ type: knownType, at }, { requiredKeys: ['type'] }), { minLength: 1, maxLength: MAX_ATTEMPT_EVENTS_PER_REQUEST }) }),
);

describe('AttemptEventsRequestV1', () => {
  const contract = contractAccepts(AttemptEventsRequestV1);

  it('admits only bodies the DTO accepts (which also takes ISO 8601 forms other than an instant)', () => {
    let admitted = 0;
    fc.assert(
      fc.property(fc.oneof(body, admissible, fc.anything()), (raw) => {
        const b = asJson(raw);
        if (b === undefined || !contract(b)) return;
        admitted += 1;
        expect(dtoAccepts(b)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(admitted).toBeGreaterThan(100); // the comparison ran, not only the guard
  });

  it.each([
    [{ type: 'blur', at: '2026-07-01T10:00:00.000Z' }],
    [{ events: [{ type: 'offline' }, { type: 'online', at: '2026-07-01T10:00:01.000Z' }] }],
    [{ type: 'focus', events: [{ type: 'copy' }] }],
  ])('admits what the web client sends: %p', (b) => {
    expect(contract(b)).toBe(true);
    expect(dtoAccepts(b)).toBe(true);
  });

  it.each([[{}], [{ at: '2026-07-01T10:00:00.000Z' }], [{ events: [] }], [{ type: 'blur', x: 1 }], [{ events: [{ type: 'blur', x: 1 }] }]])(
    'refuses %p',
    (b) => {
      expect(contract(b)).toBe(false);
      expect(dtoAccepts(b)).toBe(false);
    },
  );
});
