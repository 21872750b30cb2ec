// The DTOs' decorators (class-transformer's @Type) read decorator metadata: loaded first, as every entry point does.
import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { getMetadataStorage } from 'class-validator';

/**
 * Every DTO of every service bounds what it accepts (issue #12): each array has an ArrayMaxSize and each string a
 * MaxLength (or a rule that bounds it: IsIn, IsUUID, a Matches of a bounded pattern, IsEmail…), so the size pre-check
 * (findOversized) and the body limits have something to hold.
 */
const BOUNDING = ['maxLength', 'isIn', 'isEnum', 'isUuid', 'isUUID', 'isEmail', 'isDateString', 'isISO8601', 'isBooleanString', 'isNumberString', 'length'];

describe('DTO bounds', () => {
  it('gives every array an ArrayMaxSize and every string a maximum length', async () => {
    const apps = resolve(__dirname, '../..');
    const files = readdirSync(apps, { recursive: true, encoding: 'utf8' })
      .filter((f) => /^[^/]+\/src\/.*\/dto\/[^/]+\.dto\.ts$/.test(f))
      .map((f) => resolve(apps, f));
    expect(files.length).toBeGreaterThan(10);
    // class-validator keeps its metadata on `global`, shared by every test file a jest worker ran before this one:
    // only the classes these DTO files export are judged, not another test's fixtures.
    const dtos = new Set<unknown>();
    for (const f of files) for (const v of Object.values(await import(f))) if (typeof v === 'function') dtos.add(v);
    const metas = getMetadataStorage() as unknown as {
      validationMetadatas: Map<{ name: string }, { propertyName: string; name?: string; type: string; each: boolean }[]>;
    };
    const unbounded: string[] = [];
    for (const [target, list] of metas.validationMetadatas) {
      if (!dtos.has(target)) continue;
      const byProp = new Map<string, { name: string; each: boolean }[]>();
      for (const m of list) byProp.set(m.propertyName, [...(byProp.get(m.propertyName) ?? []), { name: m.name ?? m.type, each: m.each }]);
      for (const [prop, rules] of byProp) {
        const names = rules.map((r) => r.name);
        if (names.includes('isArray') && !names.includes('arrayMaxSize')) unbounded.push(`${target.name}.${prop}: array without ArrayMaxSize`);
        if (names.includes('isString') && !rules.some((r) => BOUNDING.includes(r.name))) unbounded.push(`${target.name}.${prop}: string without MaxLength`);
      }
    }
    expect(unbounded).toEqual([]);
  });
});
