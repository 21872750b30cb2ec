import 'reflect-metadata';
import fc from 'fast-check';
import { ATTEMPT_EVENT_TYPES, AttemptEventsRequestV1, MAX_ATTEMPT_EVENTS_PER_REQUEST } from '@hoi-thi/contracts';
import { asJson, contractAccepts, dtoAccepts as accepts } from '../../../test/request-contracts';
import { AttemptEventsDto } from './attempt-event.dto';

const dtoAccepts = (body: unknown) => accepts(AttemptEventsDto, body);

const type = fc.oneof(fc.constantFrom(...ATTEMPT_EVENT_TYPES), fc.string({ maxLength: 20 }));
const at = fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string({ maxLength: 45 }), fc.constant('2026-07-01'));
const event = fc.record({ type, at, extra: fc.anything() }, { requiredKeys: [] });
const body = fc.record({ type, at, events: fc.oneof(fc.array(event, { maxLength: MAX_ATTEMPT_EVENTS_PER_REQUEST + 2 }), fc.anything()), extra: fc.anything() }, { requiredKeys: [] });

describe('AttemptEventsRequestV1', () => {
  const contract = contractAccepts(AttemptEventsRequestV1);

  it('admits only bodies the DTO accepts (which also takes ISO 8601 forms other than an instant)', () => {
    fc.assert(
      fc.property(fc.oneof(body, fc.anything()), (raw) => {
        const b = asJson(raw);
        if (b !== undefined && contract(b)) expect(dtoAccepts(b)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([[{ type: 'blur', at: '2026-07-01T10:00:00.000Z' }], [{ events: [{ type: 'offline' }, { type: 'online', at: '2026-07-01T10:00:01.000Z' }] }], [{ type: 'focus', events: [{ type: 'copy' }] }]])(
    'admits what the web client sends: %p',
    (b) => {
      expect(contract(b)).toBe(true);
      expect(dtoAccepts(b)).toBe(true);
    },
  );

  it.each([[{}], [{ at: '2026-07-01T10:00:00.000Z' }], [{ events: [] }], [{ type: 'blur', x: 1 }], [{ events: [{ type: 'blur', x: 1 }] }]])('refuses %p', (b) => {
    expect(contract(b)).toBe(false);
    expect(dtoAccepts(b)).toBe(false);
  });
});
