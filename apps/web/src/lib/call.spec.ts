import { call, fillPath, queryString } from './api';

describe('the typed API call (web)', () => {
  it('fills the path template, URI-encoding each parameter, and refuses a missing one', () => {
    expect(fillPath('/api/rounds/{roundId}/judge/attempts/{attemptId}', { roundId: 'r 1', attemptId: 'a/2' })).toBe('/api/rounds/r%201/judge/attempts/a%2F2');
    expect(() => fillPath('/api/rounds/{roundId}', {})).toThrow('missing path parameter roundId');
  });

  it('writes the query without what is empty, arrays as repeated keys', () => {
    expect(queryString({ limit: 50, cursor: undefined, q: '', role: null, kind: ['single', 'multiple'] })).toBe('?limit=50&kind=single&kind=multiple');
    expect(queryString({})).toBe('');
  });

  it('is typed by the route table: what a route needs is required, what it does not take is refused (checked by tsc in npm run lint)', () => {
    // Never called: these lines are for the type checker, which fails `npm run lint` if an expectation breaks.
    const typed = () => {
      void call('GET /api/me');
      void call('PATCH /api/users/{id}/roles', { path: { id: 'u1' }, body: { roles: ['judge'] } });
      // @ts-expect-error the path parameter is required
      void call('PATCH /api/users/{id}/roles', { body: { roles: ['judge'] } });
      // @ts-expect-error a role the contract does not know
      void call('PATCH /api/users/{id}/roles', { path: { id: 'u1' }, body: { roles: ['king'] } });
      // @ts-expect-error no such route
      void call('GET /api/nope');
      const me: Promise<{ fullName: string }> = call('GET /api/me');
      return me;
    };
    expect(typeof typed).toBe('function');
  });
});
