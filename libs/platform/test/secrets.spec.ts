import { transformFileSync } from '@swc/core';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeSecrets, provideSecrets } from '../src/config/secrets';

const fresh = () => mkdtempSync(join(tmpdir(), 'hoithi-secrets-'));

describe(provideSecrets.name, () => {
  it('creates the file on the first development run (0600 in a 0700 folder), then reuses it', () => {
    const cwd = fresh();
    const first: Record<string, string> = { NODE_ENV: 'development' };
    const made = provideSecrets(first, cwd);
    const file = resolve(cwd, '.run/secrets.env');
    expect(made).toEqual({ status: 'generated', file, loaded: ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY', 'CITIZEN_ID_PEPPER', 'DEMO_PASSWORD'] });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(resolve(cwd, '.run')).mode & 0o777).toBe(0o700);
    expect(first.JWT_PRIVATE_KEY).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(first.CITIZEN_ID_PEPPER.length).toBeGreaterThanOrEqual(32);
    expect(describeSecrets(made)).toBe(`secrets: generated now, stored in ${file} (mode 0600; keep it, back it up, never commit it)`);

    const second: Record<string, string> = {};
    const again = provideSecrets(second, cwd);
    expect(again.status).toBe('reused');
    const { NODE_ENV: _mode, ...generated } = first;
    expect(second).toEqual(generated);
    expect(describeSecrets(again)).toMatch(/^secrets: reused, stored in /);
  });

  it('lets the environment win, the key pair as one', () => {
    const cwd = fresh();
    provideSecrets({}, cwd);
    const env: Record<string, string> = { JWT_PUBLIC_KEY: 'from-env' };
    expect(provideSecrets(env, cwd).loaded).toEqual(['CITIZEN_ID_PEPPER', 'DEMO_PASSWORD']);
    expect(env.JWT_PUBLIC_KEY).toBe('from-env');
    expect(env.JWT_PRIVATE_KEY).toBeUndefined();
  });

  it('never generates in production nor in tests, and reads a file production names', () => {
    const cwd = fresh();
    expect(provideSecrets({ NODE_ENV: 'production' }, cwd)).toEqual({ status: 'environment', loaded: [] });
    expect(provideSecrets({ NODE_ENV: 'production', SECRETS_FILE: 'ops.env' }, cwd).loaded).toEqual([]);
    expect(provideSecrets({ NODE_ENV: 'test' }, cwd).status).toBe('environment');
    expect(() => statSync(resolve(cwd, '.run/secrets.env'))).toThrow();
    writeFileSync(resolve(cwd, 'ops.env'), 'CITIZEN_ID_PEPPER=from-the-operator-0123456789abcdef\n', { mode: 0o600 });
    const env: Record<string, string> = { NODE_ENV: 'production', SECRETS_FILE: 'ops.env' };
    provideSecrets(env, cwd);
    expect(env.CITIZEN_ID_PEPPER).toBe('from-the-operator-0123456789abcdef');
  });

  it('gives processes starting at once the same secrets (the loser of the creation reads the winner’s file)', async () => {
    const cwd = fresh();
    // The module compiled to CommonJS, loaded by plain node processes started together.
    const js = join(cwd, 'secrets.js');
    writeFileSync(
      js,
      transformFileSync(resolve(__dirname, '../src/config/secrets.ts'), {
        jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
        module: { type: 'commonjs' },
      }).code,
    );
    const script = `const s = require(${JSON.stringify(js)}); const env = {}; const o = s.provideSecrets(env, ${JSON.stringify(cwd)}); process.stdout.write(JSON.stringify({ status: o.status, env }));`;
    const run = () =>
      new Promise<{ status: string; env: Record<string, string> }>((res, rej) => {
        const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, NODE_PATH: resolve(__dirname, '../../../node_modules') } });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
        child.on('exit', (code) => (code === 0 ? res(JSON.parse(out)) : rej(new Error(`exit ${code}`))));
      });
    const results = await Promise.all(Array.from({ length: 6 }, run));
    expect(results.filter((r) => r.status === 'generated').length).toBeLessThanOrEqual(1);
    for (const r of results) expect(r.env).toEqual(results[0].env);
    const onDisk = readFileSync(resolve(cwd, '.run/secrets.env'), 'utf8');
    expect(onDisk).toContain(`CITIZEN_ID_PEPPER=${results[0].env.CITIZEN_ID_PEPPER}\n`);
  });
});
