import { call, downloadFile, fillPath, queryString } from './api';

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

  it("downloads a file route by its key: the path and the query filled, the server's name and hash", async () => {
    const urls: string[] = [];
    const clicked: string[] = [];
    const g = globalThis as unknown as Record<string, unknown>;
    const saved = { fetch: g.fetch, document: g.document, create: URL.createObjectURL };
    g.fetch = async (url: string) => {
      urls.push(url);
      return urls.length === 1
        ? new Response('a,b\n', { headers: { 'content-disposition': "attachment; filename*=UTF-8''k%E1%BA%BFt-qu%E1%BA%A3.csv", 'x-content-sha256': 'abc' } })
        : new Response('x');
    };
    g.document = {
      createElement: () => ({
        click() {
          clicked.push((this as unknown as { download: string }).download);
        },
        remove() {},
      }),
      body: { append() {} },
    };
    URL.createObjectURL = () => 'blob:x';
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      expect(await downloadFile('GET /api/rounds/{roundId}/results', { path: { roundId: 'r 1' }, query: { format: 'csv' } }, 'ket-qua.csv')).toEqual({
        name: 'kết-quả.csv',
        hash: 'abc',
      });
      await downloadFile('GET /api/banks/{bankId}/export', { path: { bankId: 'b1' } }, 'bank.xlsx');
      expect(urls).toEqual(['/api/rounds/r%201/results?format=csv', '/api/banks/b1/export']);
      expect(clicked).toEqual(['kết-quả.csv', 'bank.xlsx']);
    } finally {
      jest.clearAllTimers();
      jest.useRealTimers();
      Object.assign(g, { fetch: saved.fetch, document: saved.document });
      URL.createObjectURL = saved.create;
    }
    // For the type checker only: a JSON route is no file, and a file route needs its path parameters.
    const typed = () => {
      // @ts-expect-error GET /api/me answers JSON, not a file
      void downloadFile('GET /api/me', {}, 'me.json');
      // @ts-expect-error the path parameter is required
      void downloadFile('GET /api/rounds/{roundId}/results', { query: { format: 'csv' } }, 'x.csv');
    };
    expect(typeof typed).toBe('function');
  });
});
