import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { maskName } from '@hoi-thi/domain';
import { Clock } from '@hoi-thi/platform';

export interface UnitInfo {
  id: string;
  name: string;
  memberCount: number | null;
}

const missingTable = (e: unknown) => (e as { code?: string }).code === '42P01' || (e as { code?: string }).code === '42703';

/**
 * registration's read-only tables: `registration.users` (names, roles, counts) and `registration.units`
 * (names, member counts). Counts and the unit list are cached (30 s / 60 s): they feed counters, not rules.
 */
@Injectable()
export class RegistrationReader {
  private registered?: { at: number; value: number };
  private units?: { at: number; value: Map<string, UnitInfo> };
  private readonly unknownUnits = new Map<string, number>();

  constructor(
    @InjectDataSource('leaderboard') private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** contestantId → full name, for the ids that exist. */
  async fullNames(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!ids.length) return out;
    try {
      const rows: { id: string; full_name: string }[] = await this.db.query('SELECT id, full_name FROM registration.users WHERE id = ANY($1::uuid[])', [ids]);
      for (const r of rows) out.set(r.id, r.full_name);
    } catch (e) {
      if (!missingTable(e)) throw e;
    }
    return out;
  }

  /** contestantId → masked name ("Nguyễn V. A."). */
  async maskedNames(ids: string[]): Promise<Map<string, string>> {
    const full = await this.fullNames(ids);
    return new Map([...full].map(([id, name]) => [id, maskName(name)]));
  }

  /** Ids among `ids` holding a staff role (organizer, judge or admin): not eligible for prizes. */
  async staff(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    try {
      const rows: { id: string }[] = await this.db.query(
        `SELECT id FROM registration.users WHERE id = ANY($1::uuid[]) AND roles::text ~ '(organizer|judge|admin)'`,
        [ids],
      );
      return new Set(rows.map((r) => r.id));
    } catch (e) {
      if (!missingTable(e)) throw e;
      return new Set();
    }
  }

  async registeredCount(): Promise<number> {
    if (this.registered && this.clock.now() - this.registered.at < 30_000) return this.registered.value;
    let value = 0;
    try {
      const rows: { n: string }[] = await this.db.query('SELECT count(*) AS n FROM registration.users');
      value = Number(rows[0].n);
    } catch (e) {
      if (!missingTable(e)) throw e;
    }
    this.registered = { at: this.clock.now(), value };
    return value;
  }

  /** Units by id, cached 60 s; ids in `expect` missing from the cache are looked up at once (unknown ones remembered 60 s). */
  async unitMap(expect: Iterable<string> = []): Promise<Map<string, UnitInfo>> {
    if (this.units && this.clock.now() - this.units.at < 60_000) {
      const cache = this.units.value;
      const missing = [...new Set(expect)].filter((id) => !cache.has(id) && !(this.clock.now() - (this.unknownUnits.get(id) ?? 0) < 60_000));
      if (missing.length) {
        try {
          const rows: { id: string; name: string; member_count: number | null }[] = await this.db.query(
            'SELECT id, name, member_count FROM registration.units WHERE id = ANY($1::uuid[])',
            [missing],
          );
          for (const r of rows) cache.set(r.id, { id: r.id, name: r.name, memberCount: r.member_count === null ? null : Number(r.member_count) });
        } catch (e) {
          if (!missingTable(e)) throw e;
        }
        for (const id of missing) if (!cache.has(id)) this.unknownUnits.set(id, this.clock.now());
      }
      return cache;
    }
    const value = new Map<string, UnitInfo>();
    try {
      const rows: { id: string; name: string; member_count: number | null }[] = await this.db.query('SELECT id, name, member_count FROM registration.units');
      for (const r of rows) value.set(r.id, { id: r.id, name: r.name, memberCount: r.member_count === null ? null : Number(r.member_count) });
    } catch (e) {
      if (!missingTable(e)) throw e;
    }
    this.units = { at: this.clock.now(), value };
    return value;
  }

  /** For tests and after an import: drop the caches. */
  invalidate(): void {
    this.registered = undefined;
    this.units = undefined;
  }
}
