import { resolveRoute, ROUTES } from './routes';

describe('the route table (web)', () => {
  const at = (path: string) => {
    const found = resolveRoute(path);
    return found && { pattern: found.route.pattern, params: found.params, roles: found.route.roles, area: found.route.area };
  };

  it('finds each screen with its parameters, its roles and its console', () => {
    expect(at('/')).toMatchObject({ pattern: '/', params: {}, roles: undefined });
    expect(at('/c/abc')).toMatchObject({ pattern: '/c/:contestId', params: { contestId: 'abc' } });
    expect(at('/exam/a%201')).toMatchObject({ params: { attemptId: 'a 1' } });
    expect(at('/organizer')).toMatchObject({ roles: ['organizer'], area: 'organizer' });
    expect(at('/organizer/contests/c1/poster')).toMatchObject({ pattern: '/organizer/contests/:contestId/poster', params: { contestId: 'c1' } });
    expect(at('/judge/rounds/r1/attempts/a1')).toMatchObject({ params: { roundId: 'r1', attemptId: 'a1' }, roles: ['judge', 'organizer'], area: 'judge' });
    expect(at('/judge/rounds/r1/finalize')).toMatchObject({ pattern: '/judge/rounds/:roundId/finalize' });
  });

  it('has no page for an unknown path (404), including one below a console', () => {
    expect(at('/khong-co')).toBeNull();
    expect(at('/organizer/whatever')).toBeNull();
    expect(at('/judge/rounds')).toBeNull();
  });

  it('guards every console screen by role, and no two patterns are the same', () => {
    for (const r of ROUTES) if (r.area) expect(r.roles?.length).toBeGreaterThan(0);
    expect(new Set(ROUTES.map((r) => r.pattern)).size).toBe(ROUTES.length);
  });
});
