import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { errorSpec, PLATFORM_ERRORS, registerErrorCatalogs } from '@hoi-thi/platform';
import { ALL_SERVICES } from '../src/services';

const KEY = /^[a-z][\w-]*(\.[\w-]+)+$/;

/** The catalogue keys a service's sources name as class-validator messages (`message: 'x.y'`, `@Check(…, 'x.y')`). */
function messageKeysIn(service: string): { file: string; key: string }[] {
  const src = resolve(__dirname, '../..', service, 'src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.errors.ts'),
  );
  return files.flatMap((f) => {
    const text = readFileSync(resolve(src, f), 'utf8');
    const keys = [...text.matchAll(/message: '([^']+)'/g), ...text.matchAll(/@Check\([^\n]*, '([^']+)'\)/g)].map((m) => m[1]).filter((k) => KEY.test(k));
    return keys.map((key) => ({ file: `${service}/src/${f}`, key }));
  });
}

describe('the services’ error catalogues', () => {
  it('register together: no code answers differently in two services', () => {
    expect(() => registerErrorCatalogs(ALL_SERVICES.map((s) => s.errors))).not.toThrow();
  });

  it.each(ALL_SERVICES.map((s) => [s.name, s] as const))('%s: every code has a status and both messages', (_name, service) => {
    for (const [code, spec] of Object.entries(service.errors.table)) {
      expect(code).toMatch(KEY);
      expect([code, spec.status >= 400 && spec.status < 600]).toEqual([code, true]);
      expect([code, spec.vi.trim().length > 0, spec.en.trim().length > 0]).toEqual([code, true, true]);
    }
  });

  it.each(ALL_SERVICES.map((s) => [s.name, s] as const))(
    '%s: every field message its DTOs name is a code of its catalogue or the platform’s',
    (name, service) => {
      const named = messageKeysIn(name);
      expect(named.length).toBeGreaterThan(0);
      expect(named.filter(({ key }) => !(key in service.errors.table) && !(key in PLATFORM_ERRORS))).toEqual([]);
    },
  );

  it('answers each hosted code with its own status', () => {
    registerErrorCatalogs(ALL_SERVICES.map((s) => s.errors));
    for (const s of ALL_SERVICES) for (const [code, spec] of Object.entries(s.errors.table)) expect(errorSpec(code)).toBe(spec);
  });
});
