import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { join } from 'node:path';
import { defineScript, REDIS, roundTag } from '@hoi-thi/platform';

/** Redis keys of exam-session. Attempt and contestant keys carry the round's hash tag (one cluster slot per round). */
export const examKeys = {
  attempt: (roundId: string, attemptId: string) => `${roundTag(roundId)}:a:${attemptId}`,
  contestant: (roundId: string, contestantId: string) => `${roundTag(roundId)}:c:${contestantId}`,
  /** Contestants excluded from the round (e.g. by the organizers): the gate refuses them without a reason. */
  ineligible: (roundId: string) => `${roundTag(roundId)}:ineligible`,
  /** Deadlines (deadline + grace, ms) of active attempts; member `<roundId>:<attemptId>`. */
  deadlines: 'exam:deadlines',
};

/** The start gate (see the file): exclusion, one active attempt, eligibility, attempts left, the new hot hash. */
const START = defineScript({
  name: 'examStart',
  file: join(__dirname, 'hot-state.start.lua'),
  keys: ['contestant', 'attempt', 'ineligible'],
  args: ['contestantId', 'attemptId', 'seedUsed', 'seedActive', 'limit', 'contestantExpiresAt', 'attemptExpiresAt', 'decision', 'nowMs', 'refusalExpiresAt'],
  moreArgs: 'pairs',
});
/** Undoes a reservation whose PostgreSQL insert failed. */
const UNRESERVE = defineScript({
  name: 'examUnreserve',
  file: join(__dirname, 'hot-state.unreserve.lua'),
  keys: ['contestant', 'attempt'],
  args: ['attemptId'],
});
/** Puts back an attempt's hot state rebuilt from PostgreSQL, unless it is there. */
const REBUILD = defineScript({
  name: 'examRebuild',
  file: join(__dirname, 'hot-state.rebuild.lua'),
  keys: ['attempt'],
  args: ['expiresAt'],
  moreArgs: 'pairs',
});
/** Marks an attempt submitted with its result and frees the contestant's active slot. */
const FINALIZE = defineScript({
  name: 'examFinalize',
  file: join(__dirname, 'hot-state.finalize.lua'),
  keys: ['attempt', 'contestant'],
  args: ['attemptId', 'result'],
});
/** Takes the deadlines due, each for one caller only. */
const CLAIM_DEADLINES = defineScript({
  name: 'examClaim',
  file: join(__dirname, 'hot-state.claim-deadlines.lua'),
  keys: ['deadlines'],
  args: ['nowMs', 'limit'],
});

export type StartOutcome =
  | { kind: 'new'; attemptNo: number }
  | { kind: 'active'; attemptId: string }
  | { kind: 'exhausted'; used: number }
  /** `decision`: the refusal as the caller encoded it ('' for an exclusion). */
  | { kind: 'ineligible'; decision: string }
  /** The contestant's key is missing: seed it (and decide eligibility). */
  | { kind: 'missing' }
  /** No eligibility decision is kept for the contestant (or the refusal expired): decide it. */
  | { kind: 'undecided' }
  /** A call without the attempt's hot state would have created it: call again with it. */
  | { kind: 'ready'; attemptNo: number };

export interface StartArgs {
  roundId: string;
  contestantId: string;
  attemptId: string;
  limit: number | null;
  seed?: { used: number; active: string | null };
  /** The eligibility decision ('ok' or an encoded refusal), when the gate asked for it. */
  decision?: string;
  /** The gate's clock (ms): a kept refusal counts until `refusalExpiresAt` passes it. */
  nowMs: number;
  refusalExpiresAt: number;
  contestantExpiresAt: number;
  attemptExpiresAt: number;
  /** The new attempt's hot hash as field/value pairs (hotPairs); absent for a light call. */
  pairs?: string[];
}

/** The attempts' hot state in Redis (the fast tier: any of it can be rebuilt from PostgreSQL). */
@Injectable()
export class HotStateRepository {
  constructor(@Inject(REDIS) readonly redis: Redis) {}

  async start(a: StartArgs): Promise<StartOutcome> {
    const [kind, value] = await START<[string, string]>(this.redis, {
      keys: {
        contestant: examKeys.contestant(a.roundId, a.contestantId),
        attempt: examKeys.attempt(a.roundId, a.attemptId),
        ineligible: examKeys.ineligible(a.roundId),
      },
      args: {
        contestantId: a.contestantId,
        attemptId: a.attemptId,
        seedUsed: a.seed ? String(a.seed.used) : '',
        seedActive: a.seed?.active ?? '',
        limit: a.limit ?? -1,
        contestantExpiresAt: a.contestantExpiresAt,
        attemptExpiresAt: a.attemptExpiresAt,
        decision: a.decision ?? '',
        nowMs: a.nowMs,
        refusalExpiresAt: a.refusalExpiresAt,
      },
      moreArgs: a.pairs,
    });
    switch (kind) {
      case 'new':
        return { kind, attemptNo: Number(value) };
      case 'active':
        return { kind, attemptId: value };
      case 'exhausted':
        return { kind, used: Number(value) };
      case 'ineligible':
        return { kind, decision: value };
      case 'undecided':
        return { kind };
      case 'ready':
        return { kind, attemptNo: Number(value) };
      default:
        return { kind: 'missing' };
    }
  }

  async unreserve(roundId: string, contestantId: string, attemptId: string): Promise<void> {
    await UNRESERVE(this.redis, {
      keys: { contestant: examKeys.contestant(roundId, contestantId), attempt: examKeys.attempt(roundId, attemptId) },
      args: { attemptId },
    });
  }

  /** Drops the contestant's start gate, so the next start seeds it again from PostgreSQL. */
  async forgetContestant(roundId: string, contestantId: string): Promise<void> {
    await this.redis.del(examKeys.contestant(roundId, contestantId));
  }

  async markCommitted(roundId: string, attemptId: string, deadlinePlusGraceMs: number): Promise<void> {
    await Promise.all([
      this.redis.hset(examKeys.attempt(roundId, attemptId), 'ok', '1'),
      this.redis.zadd(examKeys.deadlines, deadlinePlusGraceMs, `${roundId}:${attemptId}`),
    ]);
  }

  getAll(roundId: string, attemptId: string): Promise<Record<string, string>> {
    return this.redis.hgetall(examKeys.attempt(roundId, attemptId));
  }

  /** The hot save's one read: owner, status, deadline and the question's option map. */
  forSave(roundId: string, attemptId: string, questionId: string): Promise<(string | null)[]> {
    return this.redis.hmget(examKeys.attempt(roundId, attemptId), 'c', 's', 'd', `o:${questionId}`);
  }

  /** What an attempt event needs: owner, status, deadline. */
  forEvents(roundId: string, attemptId: string): Promise<(string | null)[]> {
    return this.redis.hmget(examKeys.attempt(roundId, attemptId), 'c', 's', 'd');
  }

  forSubmit(roundId: string, attemptId: string): Promise<(string | null)[]> {
    return this.redis.hmget(examKeys.attempt(roundId, attemptId), 'c', 's', 'd', 'res');
  }

  async rebuild(roundId: string, attemptId: string, fields: Record<string, string>, expiresAt: number, deadlinePlusGraceMs: number | null): Promise<void> {
    await REBUILD(this.redis, { keys: { attempt: examKeys.attempt(roundId, attemptId) }, args: { expiresAt }, moreArgs: Object.entries(fields).flat() });
    if (deadlinePlusGraceMs !== null) await this.redis.zadd(examKeys.deadlines, 'NX', deadlinePlusGraceMs, `${roundId}:${attemptId}`);
  }

  async finalize(roundId: string, attemptId: string, contestantId: string, result: string): Promise<void> {
    await Promise.all([
      FINALIZE(this.redis, {
        keys: { attempt: examKeys.attempt(roundId, attemptId), contestant: examKeys.contestant(roundId, contestantId) },
        args: { attemptId, result },
      }),
      this.redis.zrem(examKeys.deadlines, `${roundId}:${attemptId}`),
    ]);
  }

  /** Atomically takes the deadlines due at `nowMs` (each goes to one sweeper only). */
  async claimDue(nowMs: number, limit: number): Promise<{ roundId: string; attemptId: string; member: string }[]> {
    const due = await CLAIM_DEADLINES<string[]>(this.redis, { keys: { deadlines: examKeys.deadlines }, args: { nowMs, limit } });
    return due.map((member) => {
      const [roundId, attemptId] = member.split(':');
      return { roundId, attemptId, member };
    });
  }

  async requeue(member: string, scoreMs: number): Promise<void> {
    await this.redis.zadd(examKeys.deadlines, scoreMs, member);
  }
}
