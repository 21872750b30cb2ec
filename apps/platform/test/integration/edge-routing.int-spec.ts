import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { EdgeHarness, ROOT } from '../edge-harness';

/** The nginx edge of docker/ for real (rendered template, stub upstreams), and the compose file. */
describe('docker/nginx edge', () => {
  const edge = new EdgeHarness();
  beforeAll(() => edge.start(), 180_000);
  afterAll(() => edge.stop(), 60_000);

  const rid = '7b0c1d9e-0000-4000-8000-000000000001';
  it.each([
    ['/api/auth/login', 'registration'],
    ['/api/auth/captcha', 'registration'],
    ['/api/me', 'registration'],
    ['/api/units/import', 'registration'],
    ['/api/users/x/roles', 'registration'],
    ['/api/geo/provinces', 'registration'],
    ['/api/banks/b1/questions', 'question-bank'],
    ['/api/questions/q1', 'question-bank'],
    ['/api/contests', 'question-bank'],
    [`/api/contests/c1/rounds/${rid}`, 'question-bank'],
    [`/api/rounds/${rid}/publish`, 'question-bank'],
    [`/api/rounds/${rid}/attempts`, 'exam-session'],
    [`/api/rounds/${rid}/attempts/mine`, 'exam-session'],
    ['/api/attempts/a1/answers/q1', 'exam-session'],
    ['/api/attempts/a1/submit', 'exam-session'],
    [`/api/rounds/${rid}/leaderboard?limit=20`, 'leaderboard'],
    [`/api/rounds/${rid}/leaderboard/me`, 'leaderboard'],
    [`/api/rounds/${rid}/stats`, 'leaderboard'],
    [`/api/rounds/${rid}/finalize`, 'leaderboard'],
    [`/api/rounds/${rid}/results?format=csv`, 'leaderboard'],
    ['/socket.io/?EIO=4&transport=polling', 'leaderboard'],
    ['/', 'registration'],
    ['/thi/vong-1', 'registration'],
  ])('routes %s to %s', async (path, service) => {
    expect(await edge.route(path)).toBe(service);
  });
});

describe('docker/compose.yaml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker/compose.yaml'), 'utf8'), { merge: true });

  it('has the stack: PostgreSQL, Redis, a migration, the four services and the edge', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['edge', 'exam-session', 'leaderboard', 'migrate', 'postgres', 'question-bank', 'redis', 'registration'].sort(),
    );
  });

  it.each([
    ['registration', 3001],
    ['question-bank', 3002],
    ['exam-session', 3003],
    ['leaderboard', 3004],
  ])('runs %s alone on port %i after the migration', (name, port) => {
    const svc = compose.services[name];
    expect(svc.environment).toMatchObject({ SERVICES: name, APP: name, PORT: String(port) });
    expect(svc.environment.DATABASE_URL).toMatch(/^postgres:\/\//);
    expect(svc.depends_on.migrate.condition).toBe('service_completed_successfully');
    expect(compose.services.edge.environment[`${name.replace('-', '_').toUpperCase()}_SERVERS`]).toBe(`server ${name}:${port};`);
  });

  it('requires the secrets, publishes none, and gives the signing key to registration and the migration only', () => {
    const text = readFileSync(join(ROOT, 'docker/compose.yaml'), 'utf8');
    expect(text).not.toMatch(/JWT_SECRET/);
    for (const name of ['JWT_PUBLIC_KEY', 'CITIZEN_ID_PEPPER', 'JWT_PRIVATE_KEY']) expect(text).toMatch(new RegExp(`\\$\\{${name}:\\?`));
    for (const [name, svc] of Object.entries(compose.services as Record<string, { environment?: Record<string, string> }>)) {
      if (!svc.environment?.NODE_ENV) continue;
      expect(svc.environment.NODE_ENV).toBe('production');
      expect(svc.environment.JWT_PUBLIC_KEY).toBeDefined();
      expect(svc.environment.JWT_PRIVATE_KEY !== undefined).toBe(['registration', 'migrate'].includes(name));
    }
    expect(compose.services.migrate.command).toContain('--no-seed');
  });

  it('builds one image for all services from docker/Dockerfile', () => {
    const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/ARG APP=platform/);
    expect(compose.services.registration.build.dockerfile).toBe('docker/Dockerfile');
  });
});

describe('deploy/k8s manifests', () => {
  const dir = join(ROOT, 'deploy/k8s');
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> }),
    );

  it('parses, and runs each service from the one image with its own SERVICES and port', () => {
    const deployments = docs.filter((d) => d.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['exam-session', 'leaderboard', 'question-bank', 'registration']);
    for (const d of deployments) {
      const c = (d.spec as { template: { spec: { containers: { env: { name: string; value: string }[]; ports: { containerPort: number }[] }[] } } }).template
        .spec.containers[0];
      const env = Object.fromEntries(c.env.map((e) => [e.name, e.value]));
      expect(env.SERVICES).toBe(d.metadata.name);
      expect(Number(env.PORT)).toBe(c.ports[0].containerPort);
    }
  });

  it('mounts the signing key in registration and the migration job only, and commits no secret value', () => {
    const mounts = (d: { spec: Record<string, unknown> }) => JSON.stringify(d.spec).includes('"hoithi-signing-key"');
    const workloads = docs.filter((d) => d.kind === 'Deployment' || d.kind === 'Job');
    expect(
      workloads
        .filter(mounts)
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(['hoithi-migrate', 'registration']);
    const secrets = docs.filter((d) => d.kind === 'Secret') as unknown as { stringData: Record<string, string> }[];
    const values = secrets.flatMap((s) =>
      Object.entries(s.stringData)
        .filter(([k]) => !k.startsWith('DATABASE') && k !== 'REDIS_URL')
        .map(([, v]) => v),
    );
    expect(values.length).toBeGreaterThanOrEqual(3);
    for (const v of values) expect(v).toMatch(/CHANGE_ME/);
    expect(JSON.stringify(docs)).not.toMatch(/JWT_SECRET/);
  });

  it('routes the ingress to every service and scales the hot ones', () => {
    const ingress = docs.find((d) => d.kind === 'Ingress')!;
    const backends = JSON.stringify(ingress.spec);
    for (const s of ['registration', 'question-bank', 'exam-session', 'leaderboard']) expect(backends).toContain(`"name":"${s}"`);
    expect(docs.filter((d) => d.kind === 'HorizontalPodAutoscaler').map((d) => d.metadata.name)).toEqual(
      expect.arrayContaining(['exam-session', 'leaderboard']),
    );
  });
});
