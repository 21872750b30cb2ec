import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { freePort } from '@hoi-thi/testing';
import { RunningEdge, startEdge } from '../../../load-tests/bench/edge';

export const ROOT = resolve(__dirname, '../../..');
export const SERVICE_NAMES = ['registration', 'question-bank', 'exam-session', 'leaderboard'] as const;

/** A stub upstream answering `{service, url}` for any request. */
function stub(name: string): Promise<Server> {
  return new Promise((res) => {
    const s = createServer((req, reply) => {
      reply.setHeader('content-type', 'application/json');
      reply.end(JSON.stringify({ service: name, url: req.url }));
    });
    s.listen(0, '127.0.0.1', () => res(s));
  });
}

/** The docker/ nginx edge (load-tests/bench/edge.ts) with one stub upstream per service. */
export class EdgeHarness {
  private servers: Record<string, Server> = {};
  private edge?: RunningEdge;

  async start(): Promise<void> {
    for (const n of SERVICE_NAMES) this.servers[n] = await stub(n);
    const addr = (n: string) => [`127.0.0.1:${(this.servers[n].address() as AddressInfo).port}`];
    const upstreams = {
      registration: addr('registration'),
      'question-bank': addr('question-bank'),
      'exam-session': addr('exam-session'),
      leaderboard: addr('leaderboard'),
    };
    // The edge's port is the OS's pick, not a random one in a fixed range (which another edge, started by a test file
    // in the other jest worker, or any other listener could hold — and then answer for nginx). startEdge gives nginx
    // a few seconds to start; on a loaded machine that is sometimes not enough, so a start is tried a few times.
    const errors: string[] = [];
    for (let attempt = 0; attempt < 4 && !this.edge; attempt++) {
      try {
        this.edge = await startEdge(upstreams, { root: ROOT, port: await freePort() });
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    if (!this.edge) throw new Error(`the nginx edge did not start:\n${errors.join('\n')}`);
  }

  /** Which service the edge sends `method path` to. */
  async route(path: string, method = 'GET'): Promise<string> {
    const res = await fetch(`${this.edge!.url}${path}`, { method });
    if (res.status !== 200) throw new Error(`${method} ${path}: edge answered ${res.status}`);
    return ((await res.json()) as { service: string }).service;
  }

  async stop(): Promise<void> {
    await this.edge?.stop();
    await Promise.all(Object.values(this.servers).map((s) => new Promise((r) => s.close(r))));
  }
}
