import { Inject, Injectable } from '@nestjs/common';
import { RoundsRepository } from '../rounds/rounds.repository';
import { PublishedRound } from '../rounds/published-round';
import { EXAM_CONFIG, ExamConfig } from '../shared/exam-config';
import { resultOfRow } from '../submissions/submission-committer';
import { AttemptDraw, encodeOptionMap, OpaqueIds, opaqueIdsOf } from './attempt-draw';
import { AttemptRecord, AttemptsRepository } from './attempts.repository';
import { HotStateRepository } from './hot-state.repository';
import { examError } from './attempts.errors';

const KEEP_MS = 2 * 86400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface HotFieldsInput {
  contestantId: string;
  roundId: string;
  status: 'active' | 'submitted';
  deadline: Date;
  startedAt: Date;
  seed: string;
  draw: AttemptDraw;
  committed: boolean;
  /** Precomputed opaque option ids per question (else derived from the seed, by the draw's version). */
  opaque?: Map<string, string[]>;
}

/**
 * The attempt's hot hash as field/value pairs (`[field1, value1, field2, value2, …]`, as HSET takes them): owner,
 * status, deadline, start, seed, and one option map per drawn question.
 */
export function hotPairs(round: PublishedRound, a: HotFieldsInput): string[] {
  const pairs = [
    'c',
    a.contestantId,
    'r',
    a.roundId,
    's',
    a.status,
    'd',
    String(a.deadline.getTime()),
    't',
    String(a.startedAt.getTime()),
    'ok',
    a.committed ? '1' : '0',
    'seed',
    a.seed,
  ];
  let ids: OpaqueIds | undefined;
  for (const q of a.draw.questions) {
    const opaque = a.opaque?.get(q.id) ?? (ids ??= opaqueIdsOf(round, a.seed, a.draw))(q.id, q.options);
    pairs.push(`o:${q.id}`, encodeOptionMap(round.questions.get(q.id)?.kind ?? 'single', q, opaque));
  }
  return pairs;
}

/** The attempt's hot hash (hotPairs) as an object. */
export function hotFields(round: PublishedRound, a: HotFieldsInput): Record<string, string> {
  const pairs = hotPairs(round, a);
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) f[pairs[i]] = pairs[i + 1];
  return f;
}

/**
 * Where an attempt lives (its round: the hash tag of its Redis keys) and its hot state, rebuilt from PostgreSQL
 * (which stores the draw, the seed and the deadline) whenever Redis lost it.
 */
@Injectable()
export class AttemptStateService {
  private readonly located = new Map<string, { roundId: string; contestantId: string }>();

  constructor(
    readonly hot: HotStateRepository,
    readonly attempts: AttemptsRepository,
    readonly rounds: RoundsRepository,
    @Inject(EXAM_CONFIG) readonly config: ExamConfig,
  ) {}

  remember(attemptId: string, roundId: string, contestantId: string): void {
    if (this.located.size >= 200_000) this.located.clear();
    this.located.set(attemptId, { roundId, contestantId });
  }

  /** The attempt's round and owner (process cache, else PostgreSQL); null for an unknown id. */
  async locate(attemptId: string): Promise<{ roundId: string; contestantId: string } | null> {
    const hit = this.located.get(attemptId);
    if (hit) return hit;
    if (!UUID.test(attemptId)) return null;
    const row = await this.attempts.locate(attemptId);
    if (!row) return null;
    this.remember(attemptId, row.round_id, row.contestant_id);
    return { roundId: row.round_id, contestantId: row.contestant_id };
  }

  /** Owner's attempt or a 404 (another contestant's id is indistinguishable from an unknown one). */
  async locateOwned(attemptId: string, userId: string): Promise<{ roundId: string; contestantId: string }> {
    const at = await this.locate(attemptId);
    if (!at || at.contestantId !== userId) throw examError('exam.attempt-not-found');
    return at;
  }

  /** Puts the hot state of a PostgreSQL attempt back into Redis (no-op when it is there). */
  async rebuild(rec: AttemptRecord): Promise<void> {
    const round = await this.rounds.find(rec.round_id);
    if (!round) return;
    const fields = hotFields(round, {
      contestantId: rec.contestant_id,
      roundId: rec.round_id,
      status: rec.status,
      deadline: rec.deadline,
      startedAt: rec.started_at,
      seed: rec.seed,
      draw: rec.draw,
      committed: true,
    });
    fields.n = String(rec.attempt_no);
    if (rec.status === 'submitted') fields.res = JSON.stringify(resultOfRow(rec));
    await this.hot.rebuild(
      rec.round_id,
      rec.id,
      fields,
      rec.deadline.getTime() + KEEP_MS,
      rec.status === 'active' ? rec.deadline.getTime() + this.config.graceMs : null,
    );
  }

  /** Rebuilds from PostgreSQL by id; false when PostgreSQL does not know the attempt. */
  async rebuildById(attemptId: string): Promise<boolean> {
    const rec = await this.attempts.find(attemptId);
    if (!rec) return false;
    await this.rebuild(rec);
    return true;
  }

  /**
   * The hot fields `names` of an attempt computed from PostgreSQL, for when Redis does not answer (the save and the
   * submit then go on, slower, instead of failing). null when PostgreSQL does not know the attempt.
   */
  async fieldsFromRecord(attemptId: string, names: string[]): Promise<(string | null)[] | null> {
    const rec = await this.attempts.find(attemptId);
    if (!rec) return null;
    const round = await this.rounds.find(rec.round_id);
    if (!round) return null;
    const f = hotFields(round, {
      contestantId: rec.contestant_id,
      roundId: rec.round_id,
      status: rec.status,
      deadline: rec.deadline,
      startedAt: rec.started_at,
      seed: rec.seed,
      draw: rec.draw,
      committed: true,
    });
    if (rec.status === 'submitted') f.res = JSON.stringify(resultOfRow(rec));
    return names.map((n) => f[n] ?? null);
  }

  static readonly KEEP_MS = KEEP_MS;
}
