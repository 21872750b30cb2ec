import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The services the edge routes to, each with one or more `host:port` instances. */
export type EdgeUpstreams = Record<'registration' | 'question-bank' | 'exam-session' | 'leaderboard', string[]>;

export interface RunningEdge {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * docker/nginx/hoithi.conf.template rendered for instances on this machine and run by Debian's nginx (no root,
 * a temporary prefix): the same edge as in docker/, used by the tests (stub upstreams) and the scale-out bench.
 */
export async function startEdge(upstreams: EdgeUpstreams, opts: { root?: string; port?: number; workers?: number } = {}): Promise<RunningEdge> {
  const root = opts.root ?? process.cwd();
  const port = opts.port ?? 20000 + Math.floor(Math.random() * 20000);
  const dir = mkdtempSync(join(tmpdir(), 'hoithi-edge-'));
  const tmp = join(dir, 'tmp');
  mkdirSync(join(dir, 'logs'));
  mkdirSync(tmp);
  const servers = (list: string[]) => list.map((s) => `server ${s};`).join(' ');
  const rendered = readFileSync(resolve(root, 'docker/nginx/hoithi.conf.template'), 'utf8')
    .replace('${REGISTRATION_SERVERS}', servers(upstreams.registration))
    .replace('${QUESTION_BANK_SERVERS}', servers(upstreams['question-bank']))
    .replace('${EXAM_SESSION_SERVERS}', servers(upstreams['exam-session']))
    .replace('${LEADERBOARD_SERVERS}', servers(upstreams.leaderboard))
    .replace('listen 80;', `listen 127.0.0.1:${port} backlog=4096;`);
  if (rendered.includes('${')) throw new Error('a template variable was left unfilled');
  writeFileSync(join(dir, 'site.conf'), rendered);
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off; worker_processes ${opts.workers ?? 1}; pid ${dir}/nginx.pid; error_log ${dir}/logs/error.log;
     events { worker_connections 4096; }
     http { access_log off; client_body_temp_path ${tmp}; proxy_temp_path ${tmp}; fastcgi_temp_path ${tmp};
            uwsgi_temp_path ${tmp}; scgi_temp_path ${tmp}; include ${dir}/site.conf; }`,
  );
  const nginx: ChildProcess = spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
  let stderr = '';
  nginx.stderr!.on('data', (d) => (stderr += d));
  const stop = async () => {
    if (nginx.exitCode === null) {
      await new Promise<void>((res) => {
        nginx.once('exit', () => res());
        nginx.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 50; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) });
      return { port, url: `http://127.0.0.1:${port}`, stop };
    } catch {
      if (nginx.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop();
  throw new Error(`nginx did not start: ${stderr}`);
}
